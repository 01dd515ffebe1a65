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


#: The occasions a county office drafts for every year (issue 19): each has a template.
OCCASIONS = {
    "party-building", "rural-revitalization", "economic-work", "investment-promotion",
    "ecology-river-chief", "forest-fire", "safety-petition", "education-work", "health-work",
    "private-business-symposium", "inspection-visit", "half-year-review", "groundbreaking-address",
    "chair-script", "spring-festival-address",
}
#: Characters with the examples, by genre (GENRE.md): a full-length speech, a short speech
#: (a 表态发言 declares a target under 3,000), a short address.
FULL_SPEECH = (3000, 5000)
SHORT_SPEECH = (1200, 2500)
ADDRESS = (800, 1500)


def test_the_library_covers_the_occasions_of_a_year():
    assert len(IDS) >= 20
    assert OCCASIONS <= set(IDS), sorted(OCCASIONS - set(IDS))
    genres = {LIBRARY[i].genre for i in IDS}
    assert genres == {"speech", "script", "address"}


def _chars(draft: Draft) -> int:
    return count_chars(draft.render("text"))


@pytest.mark.parametrize("template_id", IDS)
def test_length_fits_the_occasion(template_id):
    template = LIBRARY[template_id]
    draft = Draft(template)
    draft.facts.fill_examples()
    chars = _chars(draft)
    assert 0.6 * template.target_chars <= chars <= 1.4 * template.target_chars, chars


@pytest.mark.parametrize("template_id", IDS)
def test_each_genre_has_its_shape_and_length(template_id):
    template = LIBRARY[template_id]
    draft = Draft(template)
    draft.facts.fill_examples()
    assert len(template.openings) >= 2 and len(template.closings) >= 2
    if template.genre == "speech":
        # three parts or more, three points or more in each, numbered 一、二、三、
        assert len(template.parts) >= 3
        assert all(len(p.points) >= 3 for p in template.parts), [
            (p.id, len(p.points)) for p in template.parts]
        low, high = FULL_SPEECH if template.target_chars >= FULL_SPEECH[0] else SHORT_SPEECH
        assert low <= _chars(draft) <= high, (_chars(draft), low, high)
    elif template.genre == "address":
        # 尊敬的… salutation, no parts, no numbered heading; every manner in 800–1,500
        assert not template.parts
        assert draft.render("text").splitlines()[2].startswith("尊敬的")
        assert not [b for b in draft.document().blocks if isinstance(b, Heading)]
        for opening in template.openings:
            for closing in template.closings:
                draft.opening, draft.closing = opening.id, closing.id
                assert ADDRESS[0] <= _chars(draft) <= ADDRESS[1], (opening.id, closing.id)
    else:
        # a chair's script: two agenda items or more, each handed over, then the chair's
        # closing summary with its requirements (points)
        items = [p for p in template.parts if p.agenda]
        summary = [p for p in template.parts if not p.agenda]
        assert len(items) >= 2 and all(p.intro is not None for p in items)
        assert summary and len(summary[-1].points) >= 2
        assert template.parts[-1] is summary[-1]
        doc = draft.document()
        assert not [b for b in doc.blocks if isinstance(b, Heading)]
        hand_overs = [b for b in doc.blocks if getattr(b, "role", "") == "agenda"]
        assert len(hand_overs) == len(items)


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
