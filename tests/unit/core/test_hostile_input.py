"""Bad input never breaks the core: hostile facts, hostile templates, property tests."""

from __future__ import annotations

import io
import re

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINIMAL_TEMPLATE
from workbench import Draft, FactError, parse_template
from workbench.core.facts import MAX_FACT_CHARS
from workbench.core.nodes import Heading, RunIn
from workbench.core.numbering import parse_chinese_numeral
from workbench.errors import TemplateSyntaxError

HOSTILE_FACTS = [
    "青山\x00县\x07\x1b",                      # control characters
    "青山\ud800县\udfff",                        # lone surrogates
    "青山县🚒🔥👨‍👩‍👧",                            # emoji, ZWJ sequences
    "青" * MAX_FACT_CHARS,                      # as long as a fact may be
    '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "{{ place }}{% for x in range(9) %}{% endfor %}{{ ''.__class__ }}",
    "【地名】×××XX",
    "\u202e县山青\u202c\u200f",                  # right-to-left marks
    "\ue000place\ue001",                       # our own slot markers
]


@pytest.mark.parametrize("value", HOSTILE_FACTS, ids=range(len(HOSTILE_FACTS)))
def test_hostile_fact_renders_as_text_in_every_format(minimal_template, value):
    draft = Draft(minimal_template)
    draft.facts["place"] = value
    html = draft.render("html")
    assert "<script" not in html and "<img" not in html
    assert "\x00" not in html and "\ue000" not in html
    text = draft.render("text")
    assert "{% for" in text or "{{" not in value
    draft.render("markdown")
    # The writer's text is a value, never a template: nothing in it was executed.
    assert "<class" not in text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("just a string", "映射"),
        ("\x00\x01", "YAML"),
        ("id: x\n  bad: indent\n", "YAML"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: \"{{ ''.__class__.__mro__ }}\""), "Getattr"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: \"{{ lipsum.__globals__ }}\""), "Getattr"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: \"{% import 'os' as os %}\""), "Import"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: \"{% set x = 1 %}\""), "Assign"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: \"{{ place|attr('x') }}\""), "attr"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: \"{{ _secret }}\""), "_secret"),
        (MINIMAL_TEMPLATE.replace("body: 要加大投入。", "body: 要{{ undeclared }}。"), "undeclared"),
        (MINIMAL_TEMPLATE.replace("    body: 要加大投入。", "    when: nowhere"), "nowhere"),
        (MINIMAL_TEMPLATE.replace("target_chars: 600", "target_chars: &a [*a]"), "YAML"),
        (MINIMAL_TEMPLATE.replace("occasion: 测试会议", "occasion: [1, 2]"), "occasion"),
        (MINIMAL_TEMPLATE.replace("      pair: 提高站位　强化意识\n", ""), "pair"),
    ],
)
def test_hostile_template_is_refused_with_one_line(text, words):
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "evil.yaml")
    message = str(info.value)
    assert message.startswith("evil.yaml")
    assert words in message
    assert "\n" not in message


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_any_text = st.text(max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    place=_any_text,
    hazards=st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False)),
    includes=st.lists(st.booleans(), min_size=3, max_size=3),
    order=st.permutations(["why", "what", "how"]),
    patterns=st.lists(st.sampled_from(["runin", "subheadings", "numbered", "enumeration", "prose"]),
                      min_size=3, max_size=3),
    heading=st.sampled_from(["triple", "pair"]),
    edit=st.one_of(st.none(), _any_text),
)
def test_assembly_never_raises_and_numbering_holds(minimal_template, place, hazards, includes, order,
                                                   patterns, heading, edit):
    draft = Draft(minimal_template)
    draft.facts["place"] = place
    draft.facts["hazards"] = hazards
    draft.reorder(list(order))
    for section, include, pattern in zip(draft.sections, includes, patterns, strict=True):
        section.include = include
        if pattern in section.patterns:
            section.pattern = pattern
    draft.heading_pattern = heading
    draft.set_edit("why.a", edit)
    doc = draft.document()
    level1 = [b.ordinal for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert level1 == [f"{n}、" for n in "一二三"[: sum(includes)]]
    for block in doc.blocks:
        lead = block.children[0] if block.children else None
        if isinstance(lead, RunIn) and lead.kind == "h2":
            assert re.fullmatch(r"（[一二三四五六七八九十]+）", lead.ordinal)
    transition = [b for b in doc.blocks if b.id == "transition"]
    if any(includes):
        count = re.search("讲(.+)点", "".join(getattr(c, "text", "") for c in transition[0].children))
        assert parse_chinese_numeral(count.group(1)) == sum(includes)
    else:
        assert not transition
    for fmt in ("text", "markdown", "html"):
        assert draft.render(fmt)
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    assert len(reopened.paragraphs) >= 3


@pytest.mark.parametrize("value", ["青" * (MAX_FACT_CHARS + 1), ["青山"] * MAX_FACT_CHARS])
def test_a_fact_longer_than_the_limit_is_refused_naming_it(minimal_template, value):
    draft = Draft(minimal_template)
    spec = draft.facts.specs["place"]
    if isinstance(value, list):
        from workbench.core.facts import FactSpec, coerce

        with pytest.raises(FactError, match="过长"):
            coerce(FactSpec("rivers", "河流", "list"), value)
        return
    with pytest.raises(FactError) as info:
        draft.facts["place"] = value
    assert f"要素“{spec.label}”过长（{MAX_FACT_CHARS + 1} 字，上限 {MAX_FACT_CHARS} 字）" == str(info.value)
    assert "place" not in draft.facts


def test_bidi_overrides_are_removed_from_facts(minimal_template):
    draft = Draft(minimal_template)
    draft.facts["place"] = "\u202e县山青\u202c"
    assert draft.facts["place"] == "县山青"
    assert "\u202e" not in draft.render("html")
