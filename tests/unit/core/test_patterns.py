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
    choice_pattern,
    find_choice,
    get_pattern,
    iter_patterns,
    iter_variants,
    missing_content,
    slogan,
    slogan_keyword,
)
from workbench.errors import PatternError

LIBRARY = load_library()
PART_PATTERNS = [p.id for p in iter_patterns("part")]


def _contents(template, draft):
    ctx = _Context(template, draft.facts, len(template.parts))
    for spec in template.parts:
        yield spec, part_content(spec, ctx, {})


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
    for spec, content in _contents(template, draft):
        if not pattern.accepts(content):
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


class TestParallel:
    def test_chains_the_key_phrases_in_one_frame(self, sample_draft):
        sample_draft.section("why").pattern = "parallel"
        text = sample_draft.render("text")
        assert "要在压实责任上下功夫，在排查隐患上下功夫。" in text
        assert "压紧压实责任链条。责任是安全的生命线。一是压实属地责任。" in text

    def test_template_phrasings_replace_the_frame(self):
        yaml_text = MINIMAL_TEMPLATE + (
            "phrasings:\n  parallel:\n    lead: 抓安全，\n"
            '    clause: ["人人{key}", "事事{key}"]\n    end: 。\n')
        draft = Draft(parse_template(yaml_text, "mini.yaml"))
        draft.facts["place"] = "青山县"
        draft.section("why").pattern = "parallel"
        assert "抓安全，人人压实责任，事事排查隐患。" in draft.render("text")


class TestSlogan:
    @pytest.mark.parametrize(("keys", "expected"), [
        (["责任到位", "措施到位", "投入到位"], "三个到位"),
        (["查责任", "查制度", "查现场"], "三查"),
        (["紧盯行业", "紧盯时段"], "两个紧盯"),
        (["压实属地责任", "压实部门责任", "压实企业责任", "压实岗位责任"], "四个责任"),
        (["压实责任", "排查隐患", "严格执法"], "三个重点"),
        (["到位", "责任到位"], "两个重点"),
    ])
    def test_keyword_comes_from_what_the_keys_share(self, keys, expected):
        assert slogan(_part(keys)) == expected

    def test_template_phrasing_gives_the_keyword(self):
        part = _part(["压实责任", "排查隐患", "严格执法"])
        part = PartContent(part.id, part.points, {"word": "坚持"})
        assert slogan(part) == "三个坚持"

    def test_no_keyword_from_slots_or_latin(self):
        assert slogan_keyword(["A到位", "B到位"]) is None
        assert slogan_keyword(["一"]) is None

    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.text(alphabet="责任到位措施查改严实压", min_size=1, max_size=6),
                    min_size=2, max_size=9))
    def test_the_count_is_always_the_number_of_points(self, keys):
        part = _part(keys)
        words = get_pattern("slogan").layout(part)
        lead = block_text(words[0])
        match = re.search(r"“([一二两三四五六七八九十]+)", lead)
        assert match and parse_chinese_numeral(match.group(1)) == len(keys)
        assert sum(1 for b in words[1:] if isinstance(b, Paragraph)) == len(keys)

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
    def test_bare_verbs_take_the_gai_de_frame(self):
        blocks = get_pattern("escalation").layout(_part(["约谈", "处罚", "移送"]))
        assert block_text(blocks[0]) == "该约谈的约谈，该处罚的处罚，该移送的移送，一抓到底。"
        assert block_text(blocks[1]).startswith("首要的是，约谈要抓紧。")
        assert block_text(blocks[-1]).startswith("更为重要的是，")

    def test_longer_keys_rise_from_one_to_the_next(self):
        blocks = get_pattern("escalation").layout(_part(["排查隐患", "整改销号", "追责问责", "建章立制"]))
        assert block_text(blocks[0]) == ("从排查隐患到整改销号，再到追责问责，直至建章立制，"
                                         "层层递进、环环相扣。")


class TestContrast:
    def test_two_points_are_set_against_each_other(self):
        blocks = get_pattern("contrast").layout(_part(["优化服务", "严格监管"]))
        assert block_text(blocks[0]) == "既要优化服务，又要严格监管，两者不可偏废。"
        assert block_text(blocks[1]).startswith("一方面，")
        assert block_text(blocks[2]).startswith("另一方面，")


def test_enumeration_does_not_nest_yishi_inside_yishi(sample_draft):
    sample_draft.section("why").pattern = "enumeration"
    paragraph = next(b for b in sample_draft.document().blocks if b.id == "why.a")
    assert re.findall(r"[一二三]是", block_text(paragraph)) == ["一是"]


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
            for kind, choices in (("opening", template.openings), ("closing", template.closings),
                                  ("headings", template.heading_patterns)):
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
        section.pattern = pattern
    assert draft.render("text")
