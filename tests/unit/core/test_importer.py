"""The importer: recovering the outline node by node, extracting templates (files are read
by `workbench.readers`, tested in tests/unit/readers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench import Draft, parse_template
from workbench.core.importer import (
    TemplateExtraction,
    outline_to_template_yaml,
    parse_outline,
)
from workbench.core.importer.items import split_items
from workbench.core.importer.template import key_phrase
from workbench.core.punctuation import normalize_punctuation
from workbench.readers import read_source

SPEECHES = Path(__file__).resolve().parents[2] / "data" / "speeches"


def speech(name: str) -> str:
    return read_source(SPEECHES / name)


def squash(text: str) -> str:
    """The text modulo punctuation normalisation, whitespace and Markdown markup."""
    return re.sub(r"[\s#*]+", "", normalize_punctuation(text))


def items_of(point) -> list[tuple[str, str]]:
    return [(i.key, i.text) for i in point.items]


# -- the clean speech, node by node ----------------------------------------------------------


class TestCleanSpeech:
    @pytest.fixture(scope="class")
    @classmethod
    def outline(cls):
        return parse_outline(speech("clean.txt"))

    def test_title_block(self, outline):
        assert outline.title == "在青山县2026年森林防灭火工作会议上的讲话"
        assert outline.subtitle is None
        assert outline.speaker_line == "李明（2026年3月12日）"
        assert outline.salutation == "同志们："

    def test_opening_keeps_its_paragraphs_and_the_transition(self, outline):
        paragraphs = outline.opening.split("\n")
        assert len(paragraphs) == 3
        assert paragraphs[0].startswith("今天，我们召开全县森林防灭火工作会议")
        assert paragraphs[-1] == "下面，我讲三点意见。"

    def test_parts_headings_have_no_ordinals(self, outline):
        assert [p.heading for p in outline.parts] == [
            "提高政治站位，切实增强防火工作的责任感",
            "突出工作重点，全力抓好火源管控隐患整治",
            "强化保障措施，着力提升应急处置扑救能力",
        ]

    def test_part_intro(self, outline):
        assert outline.parts[0].text == ("森林是青山最宝贵的资源，也是我青山县发展的最大本钱。"
                                         "我们必须把森林防灭火工作摆在更加突出的位置。")
        assert outline.parts[2].text == ""

    def test_runin_points(self, outline):
        assert [[p.heading for p in part.points] for part in outline.parts] == [
            ["认清严峻形势", "压实各方责任"],
            ["严格管控野外火源", "深入排查整治隐患", "加强宣传教育引导"],
            ["健全指挥体系", "加强队伍建设", "严格督查问责"],
        ]
        assert all(p.runin and p.level == 2 for part in outline.parts for p in part.points)

    def test_point_text_is_the_prose_before_the_items(self, outline):
        point = outline.parts[0].points[0]
        assert point.text.startswith("今年入春以来，全县降水偏少")
        assert point.text.endswith("稍有疏忽就可能酿成大祸。")
        assert "一是" not in point.text

    def test_enumerations_with_key_phrases(self, outline):
        assert items_of(outline.parts[0].points[0]) == [
            ("野外用火管控难", "山高林密，点多面广，巡护力量难以全覆盖。"),
            ("人员结构变化大", "外出务工人员返乡，进山入林人员增多。"),
            ("扑救条件有限", "部分林区道路不通，水源缺乏，装备老化。"),
        ]
        assert [i.key for i in outline.parts[2].points[1].items] == ["配齐装备", "强化培训"]
        assert outline.parts[1].points[0].items == ()

    def test_closing_and_nothing_left_over(self, outline):
        assert outline.closing.startswith("同志们，森林防灭火工作责任重大")
        assert outline.closing.endswith("谢谢大家！")
        assert outline.unplaced == ()
        assert outline.ignored == ()
        assert outline.ignored_chars == 0

    def test_json_shape(self, outline):
        data = outline.to_json()
        assert list(data) == ["title", "subtitle", "speaker_line", "salutation", "opening",
                              "parts", "closing", "unplaced", "ignored"]
        assert list(data["parts"][0]) == ["heading", "text", "points"]
        assert list(data["parts"][0]["points"][0]) == ["heading", "text", "items"]
        assert data["parts"][0]["points"][0]["items"][0] == {
            "key": "野外用火管控难", "text": "山高林密，点多面广，巡护力量难以全覆盖。"}

    def test_tree_is_indented_with_computed_ordinals(self, outline):
        tree = outline.format_tree()
        assert "\n一、提高政治站位" in tree
        assert "\n  （二）压实各方责任" in tree
        assert "\n    一是〖野外用火管控难〗" in tree
        assert "正文以外忽略 0 字" in tree


# -- the messy shapes of the same speech ------------------------------------------------------


def _structure(outline):
    """The outline's JSON without `ignored`, paragraph breaks ignored."""
    data = outline.to_json()
    data.pop("ignored")
    return re.sub(r"\\n", "", repr(data))


@pytest.mark.parametrize("name", ["wrapped.txt", "single_line.txt", "single_line_nospace.txt"])
def test_messy_shapes_give_the_same_outline(name):
    clean = parse_outline(speech("clean.txt"))
    messy = parse_outline(speech(name))
    assert _structure(messy) == _structure(clean)
    assert messy.notes == ()


def _wrap(line: str, width: int) -> list[str]:
    return [line[i: i + width] for i in range(0, len(line), width)] or [line]


def _indented(text: str) -> str:
    lines = text.splitlines()
    out = lines[:3]
    for line in lines[3:]:
        first, *rest = _wrap(line, 26)
        out += ["\u3000\u3000" + first, *rest]
    return "\n".join(out)


def _blank_separated(text: str) -> str:
    return "\n\n".join("\n".join(_wrap(line, 30)) for line in text.splitlines())


def _spaced_half_width(text: str) -> str:
    return (text.replace("，", ", ").replace("：", ": ").replace("（一）", "( 一 ) ")
            .replace("（二）", "(二)").replace("一、", "一、  ").replace("。", "。  "))


def _markdown(text: str) -> str:
    lines = text.splitlines()
    return "\n\n".join([f"# {lines[0]}", *(f"## {x}" if re.match("^[一二三]、", x) else x
                                             for x in lines[1:])])


@pytest.mark.parametrize("shape", [
    _indented, _blank_separated, _spaced_half_width, _markdown,
    lambda t: t.replace("\n", "\r\n").replace("同志们：", "\u00a0同志们："),
])
def test_more_shapes_give_the_same_outline(shape):
    text = speech("clean.txt")
    assert _structure(parse_outline(shape(text))) == _structure(parse_outline(text))


BODY = ("\n今天开会。下面，我讲两点意见。\n一、甲甲甲甲\n（一）乙。丙。\n二、丁丁丁丁\n（一）戊。己。\n"
        "同志们，加油！\n谢谢大家！")


@pytest.mark.parametrize(("head", "title", "speaker", "salutation"), [
    ("在青山县2026年森林防灭火\n工作会议上的讲话\n青山县委书记 李 明\n2026年3月12日\n各位领导、同志们：",
     "在青山县2026年森林防灭火工作会议上的讲话", "青山县委书记\u3000李明（2026年3月12日）", "各位领导、同志们："),
    ("关于加强森林防火工作的讲话\n(2026年3月12日)\n同志们:",
     "关于加强森林防火工作的讲话", "（2026年3月12日）", "同志们："),
    ("在青山县会议上的讲话\n县长　王小明（2026年3月12日）",
     "在青山县会议上的讲话", "县长\u3000王小明（2026年3月12日）", None),
])
def test_title_blocks(head, title, speaker, salutation):
    outline = parse_outline(head + BODY)
    assert (outline.title, outline.speaker_line, outline.salutation) == (title, speaker, salutation)
    assert outline.opening == "今天开会。下面，我讲两点意见。"
    assert outline.unplaced == () and outline.ignored == ()


def test_speaker_post_keeps_no_trace_of_the_place():
    head = "在青山县会议上的讲话\n青山县委书记 李 明（2026年3月12日）\n同志们："
    template = parse_template(outline_to_template_yaml(parse_outline(head + BODY), "x"))
    assert template.speaker_line.source == "{{ place }}委书记\u3000{{ speaker }}（{{ date }}）"
    assert build(template, place="红河县").splitlines()[1] == "红河县委书记\u3000李明（2026年3月12日）"


def test_single_line_ignores_navigation_and_footer():
    outline = parse_outline(speech("single_line.txt"))
    assert outline.ignored[0] == "首页 > 新闻中心 > 领导讲话 > 正文"
    assert "责任编辑：王五" in outline.ignored
    assert any("版权所有" in t for t in outline.ignored)
    assert outline.ignored_chars > 20
    assert outline.speaker_line == "李明（2026年3月12日）"


def test_heading_run_together_with_its_text_is_split_by_its_siblings_shape():
    outline = parse_outline(speech("single_line_nospace.txt"))
    assert outline.parts[0].heading == "提高政治站位，切实增强防火工作的责任感"
    assert outline.parts[0].text.startswith("森林是青山最宝贵的资源")


# -- web-pasted: navigation, subtitle, spaced name, date line, half-width punctuation ----------


class TestWebPasted:
    @pytest.fixture(scope="class")
    @classmethod
    def outline(cls):
        return parse_outline(speech("web_pasted.txt"))

    def test_title_subtitle_speaker_and_date(self, outline):
        assert outline.title == "凝心聚力抓落实奋楫争先开新局"
        assert outline.subtitle == "在白沙市2026年优化营商环境推进大会上的讲话"
        assert outline.speaker_line == "王强（2026年1月31日）"
        assert outline.salutation == "同志们："

    def test_navigation_metadata_and_footer_are_ignored(self, outline):
        ignored = " ".join(outline.ignored)
        for word in ("网站首页", "当前位置", "来源", "浏览次数", "字体", "责任编辑", "上一篇", "下一篇",
                     "网站标识码"):
            assert word in ignored
        assert outline.unplaced == ()
        assert "网站" not in (outline.opening or "") + (outline.closing or "")

    def test_half_width_punctuation_is_normalised(self, outline):
        assert outline.opening.startswith("这次大会的主要任务是，总结去年")
        assert "“一号改革工程”" in outline.opening
        assert outline.opening.endswith("下面，我讲两点意见。")

    def test_own_line_subheadings(self, outline):
        part = outline.parts[0]
        assert part.heading == "深化改革，持续打造高效便捷的政务环境"
        assert [p.heading for p in part.points] == ["推进审批服务提速增效", "强化要素保障"]
        assert not any(p.runin for p in part.points)
        assert part.points[0].text == ("审批效率是营商环境的“晴雨表”。要以企业和群众办事的难点为突破口，"
                                       "把该减的减下来、该放的放到位。")

    def test_qi_and_shouxian_enumerations(self, outline):
        first, second = outline.parts[0].points
        assert items_of(first) == [
            ("压减审批环节", "凡是没有法律法规依据的证明材料，一律取消。"),
            ("推行并联审批", "涉及多个部门的事项，实行一窗受理、同步审查。"),
            ("拓展网上办理", "力争年底前政务服务事项网上可办率达到98.5%。"),
        ]
        assert [i.marker for i in first.items] == ["其一，", "其二，", "其三，"]
        assert [(i.marker, i.key) for i in second.items] == [
            ("首先，", "要盘活存量土地"), ("其次，", "要缓解融资难题"), ("最后，", "要集聚各类人才")]

    def test_closing_ends_at_thanks(self, outline):
        assert outline.closing == ("同志们，营商环境只有更好，没有最好。让我们以更加务实的作风、更加有力的举措，"
                                   "推动白沙营商环境再上新台阶！\n谢谢大家！")


# -- Markdown with deeper levels -----------------------------------------------------------------


class TestDeeperLevels:
    @pytest.fixture(scope="class")
    @classmethod
    def outline(cls):
        return parse_outline(speech("deeper_levels.md"))

    def test_markdown_markup_is_dropped(self, outline):
        assert outline.title == "在东江区2026年安全生产工作会议上的讲话"
        assert outline.speaker_line == "张华（2026年2月10日）"
        assert outline.parts[0].heading == "统一思想认识，把准安全形势"

    def test_numbered_points_with_paren_items(self, outline):
        part = outline.parts[0]
        assert [(p.heading, p.level) for p in part.points] == [("认清风险挑战", 3), ("把握工作要求", 3)]
        assert part.points[0].text == "东江区企业数量多、分布散，老旧厂房和小微企业安全基础薄弱。"
        assert [(i.marker, i.key) for i in part.points[0].items] == [
            ("（1）", "存量风险尚未出清"), ("（2）", "新增风险不断出现")]

    def test_yishi_paragraphs_under_a_part_are_its_points(self, outline):
        part = outline.parts[1]
        assert part.text == "整治工作要突出重点、精准施策。"
        assert [(p.heading, p.level) for p in part.points] == [
            ("抓好危化品安全", 0), ("抓好建筑施工安全", 0), ("抓好道路交通安全", 0)]
        assert part.points[0].text == "对全区37家危化品企业逐一开展体检式检查，确保风险管控到位。"

    def test_arabic_items_inside_a_subheading(self, outline):
        first, second = outline.parts[2].points
        assert not first.runin
        assert first.text == "压紧压实各级安全生产责任。"
        assert [(i.marker, i.key) for i in first.items] == [
            ("1.", "明确属地责任"), ("2.", "明确行业责任"), ("3.", "明确企业责任")]
        assert [i.key for i in second.items] == ["严格考核", "加强督导", "严肃问责"]

    def test_nested_items_appear_in_json_only_when_present(self):
        outline = parse_outline("同志们：\n开头。\n一、标题甲\n（一）要点甲。正文。1.子项一。内容一。"
                                "（1）细项甲。内容。（2）细项乙。内容。2.子项二。内容二。\n"
                                "（二）要点乙。正文。\n谢谢大家！")
        item = outline.parts[0].points[0].to_json()["items"][0]
        assert item["key"] == "子项一" and item["text"] == "内容一。"
        assert [i["key"] for i in item["items"]] == ["细项甲", "细项乙"]
        assert "items" not in outline.parts[0].points[0].to_json()["items"][1]


# -- enumerations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "markers", "body"),
    [
        ("总的要求。一是抓责任。甲。二是抓落实，乙。", ["一是", "二是"], "总的要求。"),
        ("其一，查。甲。其二，改。乙。", ["其一，", "其二，"], ""),
        ("首先，要统一思想。其次，要压实责任。再次，要强化保障。最后，要狠抓落实。",
         ["首先，", "其次，", "再次，", "最后，"], ""),
        ("第一，抓好甲。第二，抓好乙。", ["第一，", "第二，"], ""),
        ("只有一是孤项。一是单独。三是跳号。", [], "只有一是孤项。一是单独。三是跳号。"),
        ("增长3.5个百分点。1.甲事。2.乙事。", ["1.", "2."], "增长3.5个百分点。"),
    ],
)
def test_enumeration_families(text, markers, body):
    before, items = split_items(text)
    assert [i.marker for i in items] == markers
    assert before == body


def test_item_key_ends_at_the_first_punctuation_and_keeps_it():
    _, items = split_items("一是抓责任，层层压实。二是抓落实。")
    assert (items[0].key, items[0].sep, items[0].text) == ("抓责任", "，", "层层压实。")
    assert (items[1].key, items[1].sep, items[1].text) == ("抓落实", "。", "")


# -- template extraction -------------------------------------------------------------------------

ROUND_TRIP = ["clean.txt", "wrapped.txt", "single_line.txt", "single_line_nospace.txt",
              "web_pasted.txt", "deeper_levels.md"]


def build(template, **facts) -> str:
    draft = Draft(template)
    draft.facts.fill_examples()
    for key, value in facts.items():
        draft.facts[key] = value
    return draft.render("text")


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_template_with_its_examples_gives_back_the_speech(name):
    text = speech(name)
    outline = parse_outline(text)
    template = parse_template(outline_to_template_yaml(outline, "imported"), f"{name}.yaml")
    expected = squash(text)
    for ignored in outline.ignored:
        expected = expected.replace(squash(ignored), "", 1)
    assert squash(build(template)) == expected


@pytest.mark.parametrize(("name", "old"), [("clean.txt", "青山"), ("web_pasted.txt", "白沙"),
                                           ("deeper_levels.md", "东江")])
def test_another_place_leaves_no_trace_of_the_old_one(name, old):
    template = parse_template(outline_to_template_yaml(parse_outline(speech(name)), "x"))
    text = build(template, place="红河县")
    assert old not in text
    assert "红河县" in text


def test_clean_speech_facts():
    template = parse_template(outline_to_template_yaml(parse_outline(speech("clean.txt")), "x"))
    facts = {f.id: f for f in template.facts}
    assert facts["place"].example == "青山县" and facts["place"].type == "text"
    assert str(facts["date"].example) == "2026-03-12" and facts["date"].type == "date"
    assert "meeting" not in facts  # only the title names it: it stays text there
    assert facts["speaker"].example == "李明"
    figures = {f.example: f for f in template.facts if f.id.startswith("figure_")}
    assert {326, 1.8, 450, 15, 23, 30, 186, 120} == set(figures)
    assert all(f.type == "number" for f in figures.values())
    assert figures[326].label == "排查火灾隐患（处）"
    companies = {f.example for f in template.facts if f.id.startswith("company_")}
    assert companies == {"林业发展有限公司", "县供电公司"}
    assert all(re.match(r"^[a-z][a-z0-9_]*$", f) for f in facts)
    assert template.title.source == "在{{ place }}2026年森林防灭火工作会议上的讲话"
    assert template.speaker_line.source == "{{ speaker }}（{{ date }}）"
    assert template.transition.source == "下面，我讲{{ parts_count }}点意见。"


def test_template_units_stay_in_the_text():
    template = parse_template(outline_to_template_yaml(parse_outline(speech("clean.txt")), "x"))
    body = template.parts[1].points[0].body.source
    assert "{{ figure_4 }}起" in body and "{{ figure_5 }}人" in body


def test_our_county_form_and_short_form_follow_the_place():
    text = ("在青山县工作会议上的讲话\n同志们：\n"
            "我青山县发展势头良好，青山人民勤劳朴实。绿水青山就是金山银山。下面，我讲两点意见。\n"
            "一、甲\n（一）乙。丙。\n二、丁\n（一）戊。己。\n同志们，加油！\n谢谢大家！")
    template = parse_template(outline_to_template_yaml(parse_outline(text), "x"))
    opening = template.openings[0].text.source
    assert "我{{ place }}发展" in opening
    assert '{{ place | trim("县市区镇乡") }}人民' in opening
    assert "绿水青山就是金山银山" in opening  # an idiom is not the place's short form
    assert "红河人民" in build(template, place="红河市")


def test_a_part_without_points_keeps_its_text_and_notes_it():
    text = ("在青山县会议上的讲话\n同志们：\n开头一句。下面，我讲两点意见。\n一、第一部分\n"
            "只有一段话。还有一句。\n二、第二部分\n（一）要点。正文。\n同志们，加油！\n谢谢大家！")
    extraction = TemplateExtraction(parse_outline(text), "x")
    template = parse_template(extraction.to_yaml())
    assert template.parts[0].points[0].heading.source == "只有一段话"
    assert any("没有分论点" in n for n in extraction.notes)


def test_jinja_markup_in_the_speech_is_escaped():
    text = ("在青山县会议上的讲话\n同志们：\n开头写了{{ x }}和{% y %}。下面，我讲两点意见。\n"
            "一、甲\n（一）乙。丙。\n二、丁\n（一）戊。己。\n谢谢大家！")
    template = parse_template(outline_to_template_yaml(parse_outline(text), "x"))
    assert "开头写了｛｛ x ｝｝和｛% y %｝。" in build(template)


def test_bad_template_id_is_a_value_error():
    with pytest.raises(ValueError, match="BAD"):
        TemplateExtraction(parse_outline("同志们：\n开头。"), "BAD")


@pytest.mark.parametrize(("heading", "key"), [
    ("认清严峻形势", "认清严峻形势"),
    ("提高政治站位，切实增强防火工作的责任感", "提高政治站位"),
    ("切实加强对全县各级各部门安全生产工作的统一领导", "加强对全县各级各"),
    ("把握工作要求", "把握工作要求"),
])
def test_key_phrase_is_2_to_8_characters(heading, key):
    assert key_phrase(heading) == key


def test_empty_or_headless_text_still_gives_an_outline():
    outline = parse_outline("只有一段没有结构的文字。")
    assert outline.parts == ()
    assert outline.opening == "只有一段没有结构的文字。"
    template = parse_template(outline_to_template_yaml(outline, "x"))
    assert template.parts[0].id == "part-1"


# -- any text: never an exception, always a valid template ---------------------------------------

_PIECES = [*"一二三四五是其首先次最后第（）()、，。：；！？“”同志们谢县市镇乡青山公司厂在上的讲话",
           *"{}#*> \n\t0123456789.%万元处人",
           "同志们：", "一、", "（一）", "1.", "（1）", "一是", "谢谢大家！", "责任编辑", "——在青山县会议上的讲话",
           "{{ x }}", "{%", "我青山县", "2026年1月3日", "宏达公司", "\ue000", "\x00"]


def test_any_text_gives_a_template_that_loads_and_builds():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(_PIECES), max_size=400).map("".join))
    def check(text):
        outline = parse_outline(text)
        assert isinstance(outline.to_json(), dict)
        template = parse_template(outline_to_template_yaml(outline, "fuzz"))
        draft = Draft(template)
        draft.facts.fill_examples()
        draft.render("text")

    check()


# -- the writer's own speech: figures kept, whole-word labels, the meeting in the title ---------

ECONOMY = ("在白水县2026年经济工作会议上的讲话\n王强（2026年1月8日）\n同志们：\n"
           "今天召开会议，总结工作。去年全县城镇居民人均可支配收入达到16820元，同比增长7.2%。"
           "全县还有12个村没有通客车。下面，我讲两点意见。\n"
           "一、认清形势\n（一）成绩来之不易。全年新建道路45公里。\n（二）问题不容忽视。全县还有12个村没有通客车。\n"
           "二、抓好落实\n（一）压实责任。各乡镇要抓好落实。\n（二）强化保障。县财政安排资金1260万元。\n"
           "同志们，让我们一起努力！\n谢谢大家！")


def test_a_new_draft_of_an_imported_speech_keeps_its_own_figures():
    template = parse_template(outline_to_template_yaml(parse_outline(ECONOMY), "x"))
    draft = Draft(template)  # no 填入示例: the speech's own values are its defaults
    assert {draft.facts[f.id] for f in template.facts if f.id.startswith("figure_")} == {
        16820, 7.2, 12, 45, 1260}
    assert not list(draft.facts.iter_missing(required_only=False))
    text = draft.render("text")
    assert "【" not in text
    assert "人均可支配收入达到16820元，同比增长7.2%" in text


def test_figure_labels_are_whole_words():
    template = parse_template(outline_to_template_yaml(parse_outline(ECONOMY), "x"))
    labels = {f.example: f.label for f in template.facts if f.id.startswith("figure_")}
    assert labels[16820] == "全县城镇居民人均可支配收入（元）"
    assert labels[7.2] == "同比增长（%）"
    assert labels[12] == "全县还有多少个村没有通客车"  # 还有 names nothing: the noun follows
    assert labels[1260] == "县财政安排资金（万元）"


@pytest.mark.parametrize(("sentence", "label"), [
    ("全年共排查火灾隐患326处。", "排查火灾隐患（处）"),
    ("今年以来已查处违规用火案件15起。", "查处违规用火案件（起）"),
    ("力争年底前政务服务事项网上可办率达到98.5%。", "政务服务事项网上可办率（%）"),
    ("公共文化场馆达到45个。", "公共文化场馆（个）"),  # 共 inside 公共 is not cut
    ("现有12个村。", "现有多少个村"),
])
def test_figure_label_of_a_clause(sentence, label):
    from workbench.core.importer.localfacts import _FIGURE, figure_label

    match = _FIGURE.search(sentence)
    assert figure_label(sentence, match.start(), match.end()) == label


def test_the_title_keeps_the_meeting_name_unless_the_speech_names_it_again():
    template = parse_template(outline_to_template_yaml(parse_outline(ECONOMY), "x"))
    assert template.title.source == "在{{ place }}2026年经济工作会议上的讲话"
    assert "meeting" not in {f.id for f in template.facts}
    again = ECONOMY.replace("今天召开会议", "今天召开2026年经济工作会议")
    template = parse_template(outline_to_template_yaml(parse_outline(again), "x"))
    assert template.title.source == "在{{ place }}{{ meeting }}上的讲话"
    assert "今天召开{{ meeting }}" in template.openings[0].text.source
    assert Draft(template).facts["meeting"] == "2026年经济工作会议"


def test_a_cleared_default_stays_cleared_when_the_draft_is_reopened():
    template = parse_template(outline_to_template_yaml(parse_outline(ECONOMY), "x"))
    draft = Draft(template)
    del draft.facts["figure_1"]
    again = Draft.loads(draft.dumps(), {"x": template})
    assert "figure_1" not in again.facts
    assert again.facts["figure_2"] == 7.2


# -- points without ordinals ------------------------------------------------------------------


@pytest.mark.parametrize(("lead", "words"), [
    ("既要认清形势，又要压实责任，两者不可偏废。", ("一方面，", "另一方面，")),
    ("", ("首先，", "其次，", "最后，")),
    ("从认清形势到压实责任，层层递进、环环相扣。", ("首要的是，", "更为重要的是，")),
])
def test_points_led_by_a_connective_series(lead, words):
    heads = ["认清形势", "压实责任", "强化保障"][: len(words)]
    body = "\n".join(f"{w}{h}。正文{n}。" for n, (w, h) in enumerate(zip(words, heads, strict=True)))
    text = (f"在青山县会议上的讲话\n同志们：\n开头。下面，我讲一点意见。\n一、甲\n"
            f"{lead + chr(10) if lead else ''}{body}\n同志们，加油！\n谢谢大家！")
    part = parse_outline(text).parts[0]
    assert [p.heading for p in part.points] == heads
    assert [p.marker for p in part.points] == list(words)
    assert part.text == lead
    assert part.points[0].text == "正文0。"


def test_points_led_by_a_bold_sentence():
    text = ("在青山县会议上的讲话\n\n同志们：\n\n开头。下面，我讲一点意见。\n\n## 一、甲\n\n"
            "做好这方面工作，要在乙上下功夫。\n\n**压实责任。**正文一，一是**属地责任**。\n\n"
            "**强化保障。**正文二。\n\n接着写的一段。\n\n同志们，加油！\n\n谢谢大家！")
    part = parse_outline(text).parts[0]
    assert [p.heading for p in part.points] == ["压实责任", "强化保障"]
    assert part.text == "做好这方面工作，要在乙上下功夫。"
    assert part.points[1].text == "正文二。\n接着写的一段。"
    assert "**" not in part.points[0].text + str(part.points[0].items)


def test_a_connective_without_its_opener_is_prose():
    text = ("在青山县会议上的讲话\n同志们：\n开头。\n一、甲\n同时，要写一段。\n此外，再写一段。\n"
            "同志们，加油！\n谢谢大家！")
    assert parse_outline(text).parts[0].points == ()
