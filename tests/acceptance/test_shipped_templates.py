"""Every shipped template loads, and assembles with its examples into the genre."""

from __future__ import annotations

import re

import pytest

from workbench import Draft, load_library
from workbench.core.nodes import Heading
from workbench.core.numbering import parse_chinese_numeral
from workbench.core.text import count_chars

LIBRARY = load_library()
IDS = sorted(LIBRARY)


def test_library_loads_without_errors():
    assert not LIBRARY.errors, [str(e) for e in LIBRARY.errors]
    assert len(IDS) >= 5


@pytest.mark.parametrize("template_id", IDS)
def test_example_facts_leave_no_slot(template_id):
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    doc = draft.document()
    assert not doc.has_slots, list(doc.iter_slots())
    assert "【" not in draft.render("text")


@pytest.mark.parametrize("template_id", IDS)
def test_length_fits_the_occasion(template_id):
    template = LIBRARY[template_id]
    draft = Draft(template)
    draft.facts.fill_examples()
    chars = count_chars(draft.render("text"))
    assert 0.6 * template.target_chars <= chars <= 1.4 * template.target_chars, chars
    if len(template.parts) >= 3 and template.target_chars >= 3000:
        assert 3000 <= chars <= 5000, chars
        assert all(len(p.points) >= 3 for p in template.parts)
        assert len(template.openings) >= 2 and len(template.closings) >= 2


@pytest.mark.parametrize("template_id", IDS)
def test_announced_count_matches_parts_under_every_selection(template_id):
    template = LIBRARY[template_id]
    draft = Draft(template)
    draft.facts.fill_examples()
    if template.genre == "address":
        # a short address has no parts, so nothing to announce
        assert not template.parts and "transition" not in {b.id for b in draft.document().blocks}
        return
    for drop in [None, *[p.id for p in template.parts]]:
        for section in draft.sections:
            section.include = section.id != drop
        doc = draft.document()
        if template.genre == "script":
            # a chair's script announces its agenda items, each handed over in turn
            parts = [b for b in doc.blocks if getattr(b, "role", "") == "agenda"]
        else:
            parts = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
        transition = next(b for b in doc.blocks if b.id == "transition")
        text = "".join(getattr(c, "text", "") for c in transition.children)
        match = re.search(r"([一二两三四五六七八九十]+)", text)
        assert match and parse_chinese_numeral(match.group(1)) == len(parts), text


@pytest.mark.parametrize("template_id", IDS)
def test_every_pattern_builds(template_id):
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    for section in draft.sections:
        for pattern in section.patterns:
            section.pattern = pattern
            assert draft.render("text")
