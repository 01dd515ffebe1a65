"""TemplatePicker: lists the library and starts a draft of the chosen template."""

from __future__ import annotations

from workbench.errors import TemplateSyntaxError
from workbench.ui.template_picker import TemplatePicker


def test_dropdown_lists_templates_with_slots_as_placeholders(state):
    picker = TemplatePicker(state)
    assert "wb-template" in picker.dropdown._dom_classes
    labels = dict(picker.dropdown.options)
    assert labels["在××测试会议上的讲话"] == "mini"
    assert picker.dropdown.value == "mini"


def test_picking_a_template_starts_a_new_draft(state):
    picker = TemplatePicker(state)
    picker.dropdown.value = "second"
    assert state.draft.template.id == "second"
    assert "第二次会议" in state.html


def test_a_broken_template_leaves_the_draft_and_says_why(state):
    class BrokenLibrary(dict):
        def __getitem__(self, key):
            if key == "second":
                raise TemplateSyntaxError("缺少必填字段", "second.yaml", 3, "parts")
            return super().__getitem__(key)

    state.library = BrokenLibrary(state.library)
    picker = TemplatePicker(state)
    picker.dropdown.value = "second"
    assert state.draft.template.id == "mini"
    assert picker.dropdown.value == "mini"
    assert state.status_kind == "error"
    assert "second.yaml:3" in state.status


def test_templates_added_later_are_listed(state, minimal_template):
    picker = TemplatePicker(state)
    state.library["third"] = minimal_template
    state.templates_changed()
    assert "third" in [v for _, v in picker.dropdown.options]


# -- grouped by occasion type, searched by keyword ------------------------------------------

def _library_of(*specs):
    """A library of the minimal template under several ids, titles and categories."""
    from tests.conftest import MINIMAL_TEMPLATE
    from workbench import parse_template
    from workbench.core.loader import Library

    library = Library()
    for template_id, title, category in specs:
        text = MINIMAL_TEMPLATE.replace("id: mini", f"id: {template_id}", 1)
        text = text.replace("title: 在{{ place }}测试会议上的讲话", f"title: {title}", 1)
        if category:
            text = text.replace("occasion: 测试会议", f"occasion: 测试会议\ncategory: {category}", 1)
        library.add_template(parse_template(text, f"{template_id}.yaml"))
    return library


def _picker(library, first):
    from workbench.ui import WorkbenchState

    return TemplatePicker(WorkbenchState(library, template=first, mode="lab"))


def _titles(picker):
    return [label for label, _ in picker.dropdown.options]


def test_the_dropdown_groups_templates_by_category_and_the_category_picker_counts_them():
    library = _library_of(("fire", "森林防火会议讲话", "安全"), ("party", "基层党建推进会讲话", "党建"),
                          ("misc", "导入的讲话", ""), ("flood", "防汛会议讲话", "安全"),
                          ("econ", "经济工作会议讲话", "经济"))
    picker = _picker(library, "fire")
    assert "wb-template-category" in picker.category._dom_classes
    assert "wb-template-search" in picker.search._dom_classes
    # options stay the titles (e2e selects by title), ordered 党建, 经济, 安全…, 其他 last
    assert _titles(picker) == ["基层党建推进会讲话", "经济工作会议讲话", "森林防火会议讲话", "防汛会议讲话",
                               "导入的讲话"]
    assert [label for label, _ in picker.category.options] == [
        "全部类别（5）", "党建（1）", "经济（1）", "安全（2）", "其他（1）"]
    picker.category.value = "安全"
    assert _titles(picker) == ["森林防火会议讲话", "防汛会议讲话"]
    assert "找到 2 个" in picker.found.value
    assert picker.dropdown.value == "fire"  # filtering never switches the draft
    assert picker.state.draft.template.id == "fire"


def test_search_narrows_the_list_by_title_occasion_or_category_and_keeps_the_one_in_use():
    library = _library_of(("fire", "森林防火会议讲话", "安全"), ("party", "基层党建推进会讲话", "党建"),
                          ("flood", "防汛会议讲话", "安全"))
    picker = _picker(library, "party")
    picker.search.value = "防汛"
    # the template in use stays listed first, so the dropdown still shows it
    assert _titles(picker) == ["基层党建推进会讲话", "防汛会议讲话"]
    assert picker.dropdown.value == "party"
    picker.dropdown.value = "flood"
    assert picker.state.draft.template.id == "flood"
    assert _titles(picker) == ["防汛会议讲话"]
    picker.search.value = "安全 森林"          # every word must match (category, title)
    assert _titles(picker) == ["防汛会议讲话", "森林防火会议讲话"]
    picker.search.value = "测试会议"            # the occasion
    assert len(_titles(picker)) == 3
    picker.search.value = "没有这种会"
    assert _titles(picker) == ["防汛会议讲话"]
    assert "没有符合的模板" in picker.found.value
    picker.search.value = ""
    assert len(_titles(picker)) == 3 and picker.found.value == ""


def test_the_shipped_library_is_grouped_and_searchable():
    from workbench.core.loader import load_library
    from workbench.core.templates import CATEGORIES
    from workbench.ui.template_picker import catalogue, filter_entries

    library = load_library()
    picker = _picker(library, next(iter(library)))
    entries = catalogue(picker.state)
    assert all(e.category in CATEGORIES for e in entries), [e.id for e in entries if
                                                            e.category not in CATEGORIES]
    order = [CATEGORIES.index(e.category) for e in entries]
    assert order == sorted(order)
    assert [e.id for e in filter_entries(entries, query="防汛")] == ["flood-season"]
    # the categories the file index reads are the ones the parsed templates carry
    assert {e.id: e.category for e in entries} == {k: library[k].category for k in library}


def _ids(picker):
    return [value for _, value in picker.dropdown.options]


def test_the_picker_over_the_shipped_library_groups_and_finds_the_occasions():
    from workbench.core.loader import load_library

    library = load_library()
    assert len(library) >= 21
    picker = _picker(library, "party-building")
    labels = [label for label, _ in picker.category.options]
    assert labels[0] == f"全部类别（{len(library)}）"
    assert "党建（2）" in labels and "礼仪（2）" in labels
    # every template is listed once, grouped: 党建 first, 礼仪 after 综合
    assert sorted(_ids(picker)) == sorted(library)
    assert _ids(picker)[:2] == ["party-building", "work-style"]
    assert _ids(picker).index("chair-script") < _ids(picker).index("groundbreaking-address")

    picker.category.value = "党建"
    assert _ids(picker) == ["party-building", "work-style"]
    assert "找到 2 个" in picker.found.value
    picker.category.value = "礼仪"
    # the template in use stays shown first; the two addresses follow
    assert _ids(picker) == ["party-building", "groundbreaking-address", "spring-festival-address"]

    picker.category.value = ""
    picker.search.value = "致辞"
    assert _ids(picker)[1:] == ["groundbreaking-address", "spring-festival-address"]
    assert "找到 2 个" in picker.found.value
    picker.dropdown.value = "spring-festival-address"
    assert picker.state.draft.template.genre == "address"
    assert "新春团拜会" in picker.state.html
    assert _ids(picker) == ["groundbreaking-address", "spring-festival-address"]

    for query, expected in [("主持词", ["chair-script"]), ("调研", ["inspection-visit"]),
                            ("半年", ["half-year-review"]), ("开工", ["groundbreaking-address"]),
                            ("安全 森林", ["forest-fire"])]:
        picker.search.value = query
        shown = [i for i in _ids(picker) if i != "spring-festival-address" or query == "致辞"]
        assert shown == expected, (query, _ids(picker))
    picker.search.value = "座谈"
    assert set(_ids(picker)) >= {"private-business-symposium", "inspection-visit"}
