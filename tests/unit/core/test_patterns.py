"""Patterns: every form keeps the content, is idempotent, and computes its counts."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINIMAL_TEMPLATE
from workbench import Draft, load_library, parse_template
from workbench.core.assembly import _Context, part_content
from workbench.core.checks import run_checks
from workbench.core.nodes import Paragraph, Text, block_text
from workbench.core.numbering import parse_chinese_numeral
from workbench.core.patterns import (
    PartContent,
    PointContent,
    Wording,
    choice_pattern,
    find_choice,
    get_pattern,
    iter_patterns,
    iter_variants,
    missing_content,
    slogan,
)
from workbench.errors import PatternError

LIBRARY = load_library()
PART_PATTERNS = [p.id for p in iter_patterns("part")]


def _contents(template, draft, form=None):
    ctx = _Context(template, draft.facts, len(template.parts))
    for spec in template.parts:
        yield spec, part_content(spec, ctx, form)


def _part(keys, headings=None):
    headings = headings or [f"{k}要抓紧" for k in keys]
    return PartContent("p", tuple(PointContent(str(n), (Text(k),), (Text(h),))
                                  for n, (k, h) in enumerate(zip(keys, headings, strict=True))))


def test_catalogue_has_the_forms_writers_expect():
    ids = {p.id for p in iter_patterns(None)}
    assert {"enumeration", "runin", "numbered", "parallel", "slogan", "escalation", "contrast",
            "prose", "subheadings"} <= set(PART_PATTERNS)
    assert len(PART_PATTERNS) >= 8
    assert {p.id for p in iter_patterns("opening")} == {"situation", "direct", "review"}
    assert {p.id for p in iter_patterns("closing")} == {"call", "demands", "outlook"}
    assert {p.id for p in iter_patterns("headings")} == {"triple", "pair"}
    for pattern in iter_patterns(None):
        assert pattern.label and pattern.description and pattern.id in ids
        sample = pattern.sample()
        assert sample and "\n" not in sample and len(sample) <= 60


@pytest.mark.parametrize("template_id", sorted(LIBRARY))
@pytest.mark.parametrize("pattern_id", PART_PATTERNS)
def test_every_form_keeps_every_key_phrase_and_fact(template_id, pattern_id):
    template = LIBRARY[template_id]
    draft = Draft(template)
    draft.facts.fill_examples()
    pattern = get_pattern(pattern_id)
    facts = [v for k, v in draft.document().facts]
    for spec, content in _contents(template, draft, pattern_id):
        if pattern_id not in draft.section(spec.id).patterns or not pattern.accepts(content):
            continue
        blocks = pattern.layout(content)
        assert missing_content(pattern, content, blocks) == []
        text = "".join(block_text(b) for b in blocks)
        for item in (i for p in content.points for i in p.items):
            assert "".join(c.text for c in item.key if isinstance(c, Text)) in text
        source = "".join(block_text(b) for b in get_pattern("runin").layout(content))
        for value in facts:
            if value in source:
                assert value in text, (spec.id, value)
        # pure: laying out twice gives the same blocks
        assert pattern.layout(content) == blocks


@pytest.mark.parametrize("pattern_id", PART_PATTERNS)
def test_switching_away_and_back_gives_the_same_text(sample_draft, pattern_id):
    before = sample_draft.render("text")
    section = sample_draft.section("why")
    section.pattern = pattern_id
    switched = sample_draft.render("text")
    for word in ("压实属地责任", "各乡镇要守土尽责", "全面排查风险隐患", "青山县"):
        assert word in switched
    section.pattern = "runin"
    assert sample_draft.render("text") == before


@pytest.mark.parametrize("pattern_id", ["parallel", "slogan", "escalation", "contrast", "enumeration",
                                        "prose", "numbered"])
def test_an_edit_of_a_point_follows_it_into_every_one_paragraph_form(sample_draft, pattern_id):
    sample_draft.set_edit("why.a", "压紧责任链条。这是我改写的一段话。")
    sample_draft.section("why").pattern = pattern_id
    assert "压紧责任链条。这是我改写的一段话。" in sample_draft.render("text")
    assert list(sample_draft.iter_orphan_edits()) == []


def test_an_edit_of_a_lead_paragraph_is_reported_when_the_form_changes(sample_draft):
    sample_draft.section("why").pattern = "slogan"
    sample_draft.set_edit("why.slogan", "概括起来，就是两句话。")
    assert "概括起来，就是两句话。" in sample_draft.render("text")
    sample_draft.section("why").pattern = "parallel"
    assert list(sample_draft.iter_orphan_edits()) == ["why.slogan"]
    sample_draft.section("why").pattern = "slogan"
    assert list(sample_draft.iter_orphan_edits()) == []


def _written(keys, wording):
    part = _part(keys)
    return PartContent(part.id, part.points, wording)


def _phrases(*texts):
    return {str(n): (Text(t),) for n, t in enumerate(texts)}


class TestParallel:
    def test_lays_out_the_parts_own_clauses(self, sample_draft):
        sample_draft.section("why").pattern = "parallel"
        text = sample_draft.render("text")
        assert "抓安全，就是要把责任扛在肩上，把隐患找在前头。" in text
        assert "压紧压实责任链条。责任是安全的生命线。一是压实属地责任。" in text

    def test_is_not_offered_without_wording(self, sample_draft):
        assert "parallel" in sample_draft.section("why").patterns
        for part in ("what", "how"):
            offered = sample_draft.section(part).patterns
            assert not {"parallel", "slogan", "escalation", "contrast"} & set(offered)
            assert {"runin", "enumeration", "prose"} <= set(offered)
            with pytest.raises(PatternError):
                sample_draft.section(part).pattern = "parallel"

    def test_a_clause_with_a_comma_is_joined_by_a_semicolon(self):
        part = _written(["甲", "乙"], Wording(_phrases("从天上看，雨多", "从地上看，堤弱")))
        assert block_text(get_pattern("parallel").layout(part)[0]) == "从天上看，雨多；从地上看，堤弱。"

    def test_format_1_phrasings_still_load_but_offer_nothing(self):
        yaml_text = MINIMAL_TEMPLATE + (
            "phrasings:\n  parallel:\n    lead: 抓安全，\n"
            '    clause: ["人人{key}", "事事{key}"]\n    end: 。\n')
        draft = Draft(parse_template(yaml_text, "mini.yaml"))
        assert "parallel" not in draft.section("what").patterns


class TestSlogan:
    @pytest.mark.parametrize(("keyword", "measure", "expected"), [
        ("到位", "个", "三个到位"), ("查", "", "三查"), ("条线", "", "三条线"), ("紧盯", "个", "三个紧盯"),
    ])
    def test_count_comes_from_the_points_keyword_from_the_template(self, keyword, measure, expected):
        part = _written(["甲", "乙", "丙"], Wording(_phrases("一", "二", "三"), keyword=keyword,
                                                     measure=measure))
        assert slogan(part) == expected

    def test_elements_are_the_templates_and_points_run_in_as_yishi(self, sample_draft):
        sample_draft.section("why").pattern = "slogan"
        text = sample_draft.render("text")
        assert "概括起来，就是“两个到位”：责任到位、排查到位。" in text
        assert "一是压紧压实责任链条。责任是安全的生命线。1.压实属地责任。各乡镇要守土尽责。2.压实部门责任。" in text

    @settings(max_examples=60, deadline=None)
    @given(st.integers(min_value=2, max_value=9))
    def test_the_count_is_always_the_number_of_points(self, count):
        keys = [f"要点{n}" for n in range(count)]
        part = _written(keys, Wording(_phrases(*[f"要素{n}到位" for n in range(count)]),
                                      keyword="到位"))
        words = get_pattern("slogan").layout(part)
        lead = block_text(words[0])
        match = re.search(r"“([一二两三四五六七八九十]+)", lead)
        assert match and parse_chinese_numeral(match.group(1)) == count
        assert lead.count("、") == count - 1
        assert sum(1 for b in words[1:] if isinstance(b, Paragraph)) == count

    def test_shipped_template_slogans_pass_the_count_check(self):
        for template in LIBRARY.values():
            draft = Draft(template)
            draft.facts.fill_examples()
            for section in draft.sections:
                if "slogan" in section.patterns:
                    section.pattern = "slogan"
            findings = run_checks(draft.document())
            assert not [f for f in findings if f.rule in ("count-mismatch", "numbering")], findings


class TestEscalation:
    def test_the_steps_rise_then_the_points_follow_with_connectives(self):
        part = _written(["约谈", "处罚", "移送"],
                        Wording(_phrases("该约谈的约谈", "该处罚的处罚", "该移送的移送"),
                                end=(Text("，决不姑息"),)))
        blocks = get_pattern("escalation").layout(part)
        assert block_text(blocks[0]) == "该约谈的约谈，该处罚的处罚，该移送的移送，决不姑息。"
        assert block_text(blocks[1]).startswith("首要的是，约谈要抓紧。")
        assert block_text(blocks[-1]).startswith("更为重要的是，")


class TestContrast:
    def test_two_groups_are_set_against_each_other(self):
        part = _written(["服务", "要素", "监管"], Wording(sides=(
            ((Text("对守法经营者，无事不扰"),), ("0", "1")),
            ((Text("对违法违规者，露头就打"),), ("2",)))))
        blocks = get_pattern("contrast").layout(part)
        assert block_text(blocks[0]) == "对守法经营者，无事不扰；对违法违规者，露头就打。"
        assert block_text(blocks[1]).startswith("一方面，服务要抓紧。")
        assert block_text(blocks[2]).startswith("同时，要素要抓紧。")
        assert block_text(blocks[3]).startswith("另一方面，监管要抓紧。")

    def test_a_side_left_without_points_falls_back(self):
        part = _written(["服务", "要素"], Wording(sides=(((Text("甲"),), ("0", "1")),
                                                          ((Text("乙"),), ()))))
        assert not get_pattern("contrast").accepts(part)


def test_enumeration_does_not_nest_yishi_inside_yishi(sample_draft):
    sample_draft.section("why").pattern = "enumeration"
    paragraph = next(b for b in sample_draft.document().blocks if b.id == "why.a")
    assert re.findall(r"[一二三]是", block_text(paragraph)) == ["一是"]


@pytest.mark.parametrize(("pattern_id", "marks"), [
    ("runin", ["一是", "二是"]), ("numbered", ["一是", "二是"]), ("prose", ["一是", "二是"]),
    ("enumeration", ["1.", "2."]),
])
def test_items_keep_a_marker_one_level_below_their_point(sample_draft, pattern_id, marks):
    sample_draft.section("why").pattern = pattern_id
    text = block_text(next(b for b in sample_draft.document().blocks if b.id == "why.a"))
    assert f"{marks[0]}压实属地责任。" in text and f"{marks[1]}压实部门责任。" in text


def test_forms_needing_two_points_refuse_one():
    with pytest.raises(PatternError):
        get_pattern("slogan").layout(_part(["压实责任"]))


class TestChoices:
    def test_template_variants_map_to_opening_and_closing_forms(self):
        template = LIBRARY["flood-season"]
        assert [p.id for _, p in iter_variants(template.openings, "opening")] == ["situation", "direct"]
        assert [p.id for _, p in iter_variants(template.closings, "closing")] == ["call", "demands"]
        assert find_choice(template.openings, "direct").id == "direct"
        assert find_choice(template.openings, "review") is None

    def test_a_variant_matches_by_label_when_its_id_differs(self, minimal_template):
        purpose = minimal_template.openings[0]
        assert purpose.id == "purpose"
        assert choice_pattern("opening", purpose).id == "direct"
        assert find_choice(minimal_template.openings, "review").id == "review"

    def test_the_draft_keeps_storing_the_template_choice_id(self, sample_draft):
        sample_draft.opening = find_choice(sample_draft.template.openings, "review").id
        assert sample_draft.to_json()["opening"] == "review"
        assert "过去一年，青山县工作取得新进展。" in sample_draft.render("text")

    def test_every_shipped_variant_and_heading_set_is_in_the_catalogue(self):
        for template in LIBRARY.values():
            kinds = [("opening", template.openings), ("closing", template.closings)]
            if template.genre == "speech":
                # a script's or an address's headings are never printed: no heading set
                kinds.append(("headings", template.heading_patterns))
            for kind, choices in kinds:
                for choice, pattern in iter_variants(choices, kind):
                    assert pattern is not None, (template.id, kind, choice)

    def test_heading_sets_split_into_clauses(self):
        triple = get_pattern("triple")
        assert triple.clauses("提高站位，强化责任意识，坚决守牢安全底线") == ["提高站位", "强化责任意识",
                                                                     "坚决守牢安全底线"]
        assert get_pattern("pair").clauses("认清形势　克服麻痹") == ["认清形势", "克服麻痹"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pattern=st.sampled_from(PART_PATTERNS), place=st.text(max_size=12))
def test_every_form_builds_with_any_place(minimal_template, pattern, place):
    draft = Draft(minimal_template)
    draft.facts["place"] = place
    for section in draft.sections:
        if pattern in section.patterns:
            section.pattern = pattern
    assert draft.render("text")
