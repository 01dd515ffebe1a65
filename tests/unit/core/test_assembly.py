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


def test_a_part_whose_facts_did_not_change_keeps_its_nodes_and_a_changed_one_does_not():
    draft = Draft(load_library()["work-style"])
    draft.facts.fill_examples()
    cache = AssemblyCache()
    before = {b.id: b for b in assemble(draft, cache).blocks}
    draft.facts["typical_case"] = "某局干部违规操办婚宴"    # one part tells the case
    after = assemble(draft, cache)
    assert after == assemble(draft)
    changed = [b for b in after.blocks if "违规操办婚宴" in block_text(b)]
    told = {b.section for b in changed}
    # the points of the parts that never tell it: the very nodes of the last assembly
    points = [b for b in after.blocks if b.section not in told and b.section not in ("opening", "closing")
              and not b.id.endswith(".h") and ".intro." not in b.id]
    assert len(points) >= 5 and all(before.get(b.id) is b for b in points)
    assert changed and not any(before.get(b.id) is b for b in changed)


def test_a_cached_assembly_follows_pattern_switches_and_conditions():
    library = load_library()
    draft = Draft(library["work-safety-plenary"])
    draft.facts.fill_examples()
    cache = AssemblyCache()
    assemble(draft, cache)
    section = next(s for s in draft.sections if s.id == "tasks")
    for pattern in ("enumeration", "parallel", "numbered", "prose", "runin"):
        section.pattern = pattern
        assert assemble(draft, cache) == assemble(draft), pattern
    for fact in list(draft.facts):            # facts that conditions read, cleared one by one
        draft.facts.pop(fact)
        assert assemble(draft, cache) == assemble(draft), fact


def test_a_point_whose_condition_changes_is_laid_out_again_though_its_text_did_not():
    source = MINIMAL_TEMPLATE.replace(
        "        heading: 压紧压实责任链条\n",
        "        heading: 压紧压实责任链条\n        when: accident_date\n", 1)
    template = parse_template(source, "when.yaml")
    assert template.parts[0].points[0].when is not None
    draft = Draft(template)
    draft.facts.fill_examples()
    cache = AssemblyCache()
    with_point = assemble(draft, cache)
    draft.facts.pop("accident_date")
    without = assemble(draft, cache)
    assert without == assemble(draft)
    assert "why.a" in {b.id for b in with_point.blocks} and "why.a" not in {b.id for b in without.blocks}


def test_a_text_that_reads_only_the_place_s_kind_is_kept_while_the_place_changes_within_it():
    from workbench.core.textfields import parse_text

    assert parse_text("全{{ place|kind }}上下", ["place"]).reads == {("place", "kind")}
    assert parse_text("{{ place }}的全{{ place|kind }}", ["place"]).reads == {
        ("place", None), ("place", "kind")}
    draft = Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
    draft.facts["place"] = "青山县"
    cache = AssemblyCache()
    assemble(draft, cache)
    made = cache.rendered
    draft.facts["place"] = "白水县"                  # the same kind: 全县 stays 全县
    same_kind = assemble(draft, cache)
    assert same_kind == assemble(draft)
    few = cache.rendered - made
    draft.facts["place"] = "白水区"                  # another kind: 全县 becomes 全区
    other_kind = assemble(draft, cache)
    assert other_kind == assemble(draft) and "全区" in "".join(block_text(b) for b in other_kind.blocks)
    assert few < (cache.rendered - made - few) / 2
