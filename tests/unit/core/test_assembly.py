"""Assembly: numbering and the announced count are computed; slots stay visible."""

from __future__ import annotations

from tests.conftest import MINIMAL_TEMPLATE
from workbench import parse_template
from workbench.core.assembly import AssemblyCache
from workbench.core.loader import load_library
from workbench.core.nodes import Heading, Slot, block_text
from workbench.pipeline import Draft, assemble


def headings(draft, level=1):
    return [block_text(b) for b in draft.document().blocks
            if isinstance(b, Heading) and b.level == level]


def test_level_one_headings_are_numbered_in_order(sample_draft):
    assert headings(sample_draft) == [
        "一、提高站位，强化意识，坚决守牢底线",
        "二、突出重点，深化整治，坚决消除隐患",
        "三、完善机制，夯实基础，坚决提升水平",
    ]
    assert "下面，我讲三点意见。" in sample_draft.render("text")


def test_dropping_a_part_renumbers_and_updates_the_announced_count(sample_draft):
    sample_draft.section("what").include = False
    assert headings(sample_draft) == [
        "一、提高站位，强化意识，坚决守牢底线",
        "二、完善机制，夯实基础，坚决提升水平",
    ]
    text = sample_draft.render("text")
    assert "下面，我讲两点意见。" in text


def test_reordering_renumbers(sample_draft):
    sample_draft.reorder(["how", "why", "what"])
    assert [h[:2] for h in headings(sample_draft)] == ["一、", "二、", "三、"]
    assert headings(sample_draft)[0].endswith("坚决提升水平")
    sample_draft.move("how", +2)
    assert headings(sample_draft)[2].endswith("坚决提升水平")


def test_heading_pattern_switches_the_whole_set(sample_draft):
    sample_draft.heading_pattern = "pair"
    assert headings(sample_draft)[0] == "一、提高站位　强化意识"


def test_run_in_subpoints_and_enumerations(sample_draft):
    text = sample_draft.render("text")
    assert "（一）压紧压实责任链条。责任是安全的生命线。一是压实属地责任。各乡镇要守土尽责。二是压实部门责任。" in text
    assert "（二）全面排查风险隐患。" in text


def test_missing_fact_is_a_visible_slot(minimal_template):
    from workbench import Draft

    draft = Draft(minimal_template)
    slots = list(draft.document().iter_slots())
    assert Slot("place", "地名") in slots
    assert "【地名】" in draft.render("text")
    assert "【隐患数】" in draft.render("text")


def test_optional_fact_controls_conditional_text(sample_draft):
    assert "事故" not in sample_draft.render("text")
    sample_draft.facts["accident_date"] = "2026-01-31"
    assert "2026年1月31日发生的事故教训深刻。" in sample_draft.render("text")


def test_opening_and_closing_variants(sample_draft):
    sample_draft.opening = "review"
    assert "过去一年，青山县工作取得新进展。" in sample_draft.render("text")
    assert sample_draft.render("text").rstrip().endswith("谢谢大家！")


def test_form_that_cannot_take_conditional_content_falls_back_with_a_note():
    from tests.conftest import MINIMAL_TEMPLATE
    from workbench import Draft, parse_template

    old = "        body: 要盯住节假日。"
    text = MINIMAL_TEMPLATE.replace(old, old + "\n        when: accident_date")
    draft = Draft(parse_template(text, "t.yaml"))
    draft.facts["place"] = "青山县"
    draft.section("what").pattern = "enumeration"
    doc = draft.document()
    assert "（一）紧盯重点行业领域。" in draft.render("text")
    assert any("一是二是" in note for note in doc.notes)


def test_a_cached_assembly_is_the_same_tree_and_renders_only_what_changed():
    draft = Draft(load_library()["work-style"])
    draft.facts.fill_examples()
    cache = AssemblyCache()
    assert assemble(draft, cache) == assemble(draft)
    first = cache.rendered
    draft.facts["place"] = "白水湾区"
    assert assemble(draft, cache) == assemble(draft)
    assert 0 < cache.rendered - first < first / 2  # only the fields that name the place
    assert cache.reused > first / 2


def test_a_cached_slot_keeps_the_label_of_its_own_template():
    one = parse_template(MINIMAL_TEMPLATE, "one.yaml")
    two = parse_template(MINIMAL_TEMPLATE.replace("label: 地名", "label: 乡镇名"), "two.yaml")
    assert one.fact_specs["place"].label != two.fact_specs["place"].label
    cache = AssemblyCache()
    assemble(Draft(one), cache)
    assert assemble(Draft(two), cache) == assemble(Draft(two))
