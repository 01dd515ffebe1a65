"""Genres (文体): a chair's script (主持词) and a short address (致辞) besides the speech;
categories (类别) for the picker. Parsed in core/schema.py, laid out in core/assembly.py."""

from __future__ import annotations

import pytest

from workbench.core.assembly import assemble
from workbench.core.checks import run_checks
from workbench.core.nodes import Heading, Paragraph, RunIn, block_text
from workbench.core.schema import parse_template
from workbench.errors import TemplateSyntaxError
from workbench.pipeline import Draft

SCRIPT = """\
id: chair
title: 在{{ place }}务虚会上的主持词
occasion: 务虚会
genre: script
category: 综合
target_chars: 600
facts:
  - id: place
    label: 地名
    type: text
    required: true
    example: 青山县
  - id: honours
    label: 表彰名单
    type: text
    required: false
    example: 十佳村
openings:
  - id: open
    label: 开门见山式
    text: 同志们，现在开会。
closings:
  - id: end
    label: 要求式
    text: 散会。
parts:
  - id: relay
    title: 传达精神
    heading: 传达上级会议精神
    intro: 请李明同志传达。
  - id: honour
    title: 表彰
    heading: 表彰{{ honours }}
    when: honours
    intro: |
      请王芳同志宣读表彰决定。

      请受表彰代表上台领奖。
  - id: speech
    title: 书记讲话
    heading: 请张华书记讲话
  - id: summary
    title: 总结要求
    agenda: false
    intro: 刚才，张华书记作了讲话，请大家抓好落实。我再强调三点：
    pattern: enumeration
    points:
      - id: a
        key: 抓学习
        heading: 要抓好学习传达
      - id: b
        key: 抓落实
        heading: 要抓好任务落实
      - id: c
        key: 抓督查
        heading: 要抓好督查问效
"""

ADDRESS = """\
id: ground
title: 在{{ project }}开工仪式上的致辞
occasion: 项目开工仪式
genre: address
category: 礼仪
target_chars: 300
salutation: 尊敬的各位来宾：
facts:
  - id: place
    label: 地名
    type: text
    required: true
    example: 青山县
  - id: project
    label: 项目名称
    type: text
    required: true
    example: 青山大桥
openings:
  - id: open
    label: 开门见山式
    text: |
      今天，{{ project }}正式开工了。

      我代表{{ place|kind }}委、{{ place|kind }}政府表示祝贺。
closings:
  - id: wish
    label: 展望式
    text: 祝工程顺利！
"""


def _draft(source: str) -> Draft:
    draft = Draft(parse_template(source, "t.yaml"))
    draft.facts.fill_examples()
    return draft


def _texts(draft: Draft) -> list[str]:
    return [block_text(b) for b in assemble(draft).blocks]


def test_a_script_announces_its_agenda_and_hands_over_item_by_item():
    draft = _draft(SCRIPT)
    assert draft.template.genre == "script" and draft.template.category == "综合"
    texts = _texts(draft)
    assert texts[1] == ("会议共有三项议程：一是传达上级会议精神；二是表彰十佳村；三是请张华书记讲话。")
    assert texts[2] == "下面，进行会议第一项议程：传达上级会议精神。请李明同志传达。"
    assert texts[3] == "下面，进行会议第二项议程：表彰十佳村。请王芳同志宣读表彰决定。"
    assert texts[4] == "请受表彰代表上台领奖。"
    assert texts[5] == "下面，进行会议第三项议程：请张华书记讲话。"
    assert texts[6].startswith("刚才，张华书记作了讲话")
    assert texts[7].startswith("一是要抓好学习传达") and texts[-1] == "散会。"
    doc = assemble(draft)
    assert not [b for b in doc.blocks if isinstance(b, Heading)]
    lead = doc.blocks[2].children[0]
    assert isinstance(lead, RunIn) and lead.ordinal == "下面，进行会议第一项议程："
    assert [f for f in run_checks(doc) if f.severity != "info"] == []


def test_a_dropped_agenda_item_renumbers_the_agenda_and_its_count():
    draft = _draft(SCRIPT)
    draft.facts["honours"] = None
    texts = _texts(draft)
    assert texts[1] == "会议共有两项议程：一是传达上级会议精神；二是请张华书记讲话。"
    assert "下面，进行会议第二项议程：请张华书记讲话。" in texts
    draft.facts["honours"] = "十佳村"
    draft.section("relay").include = False
    assert _texts(draft)[1].startswith("会议共有两项议程：一是表彰十佳村")


def test_an_edited_hand_over_keeps_its_computed_number():
    draft = _draft(SCRIPT)
    draft.set_edit("speech.intro.0", "请张华书记作重要讲话。大家欢迎。")
    draft.section("relay").include = False
    block = next(b for b in assemble(draft).blocks if b.id == "speech.intro.0")
    assert isinstance(block, Paragraph) and block.edited
    assert block_text(block) == "下面，进行会议第二项议程：请张华书记作重要讲话。大家欢迎。"


def test_a_hand_over_only_item_offers_the_default_form_and_builds():
    draft = _draft(SCRIPT)
    assert draft.section("relay").patterns == ["runin"]
    assert "prose" in draft.section("summary").patterns
    draft.section("summary").pattern = "prose"
    assert "首先，要抓好学习传达" in draft.render("text")


def test_an_address_has_no_parts_and_no_transition():
    draft = _draft(ADDRESS)
    assert draft.template.genre == "address" and draft.sections == []
    doc = assemble(draft)
    assert doc.salutation is not None and block_text(doc.salutation) == "尊敬的各位来宾："
    assert _texts(draft) == ["今天，青山大桥正式开工了。", "我代表县委、县政府表示祝贺。", "祝工程顺利！"]
    assert [f for f in run_checks(doc) if f.severity != "info"] == []


def test_scripts_and_addresses_export_to_word():
    from workbench.pipeline import render_bytes

    for source in (SCRIPT, ADDRESS):
        assert render_bytes(assemble(_draft(source)), "docx")[:2] == b"PK"


def test_an_old_template_is_a_speech_without_category(minimal_template):
    assert minimal_template.genre == "speech" and minimal_template.category == ""


@pytest.mark.parametrize(("source", "old", "new", "line", "field", "words"), [
    (SCRIPT, "genre: script", "genre: poem", 4, "genre", "文体“poem”未知"),
    (SCRIPT, "category: 综合", "category: 杂项", 5, "category", "类别“杂项”未知"),
    (SCRIPT, "    agenda: false\n", "", 42, "parts[3].heading", "缺少必填字段"),
    (SCRIPT, "    agenda: false\n", "    agenda: 否\n", 44, "parts[3].agenda", "true 或 false"),
    (ADDRESS, "genre: address\n", "genre: address\nparts:\n  - id: x\n", 5, "parts", "不分部分"),
    (ADDRESS, "salutation: 尊敬的各位来宾：\n", "", 1, "salutation", "称谓"),
    (ADDRESS, "text: 祝工程顺利！", "text: “{{ agenda }}”", 29, "closings[0].text", "agenda"),
])
def test_genre_errors_name_file_line_and_field(source, old, new, line, field, words):
    text = source.replace(old, new, 1)
    with pytest.raises(TemplateSyntaxError) as info:
        parse_template(text, "t.yaml")
    error = info.value
    assert (error.line, error.field) == (line, field), str(error)
    assert "t.yaml" in str(error)
    if words:
        assert words in str(error)


def test_only_a_scripts_part_may_be_off_the_agenda():
    from tests.conftest import MINIMAL_TEMPLATE

    text = MINIMAL_TEMPLATE.replace("    title: 思想认识\n", "    title: 思想认识\n    agenda: false\n", 1)
    with pytest.raises(TemplateSyntaxError, match="只有主持词") as info:
        parse_template(text, "t.yaml")
    assert info.value.field == "parts[0].agenda"


def test_a_script_needs_an_agenda_item():
    text = SCRIPT.split("parts:")[0] + "parts:\n  - id: s\n    title: 总结\n    agenda: false\n" \
        "    intro: 散会前讲两句。\n"
    with pytest.raises(TemplateSyntaxError, match="至少要有一项议程"):
        parse_template(text, "t.yaml")


def test_the_checklist_counts_a_scripts_agenda_and_not_its_hand_overs():
    from workbench.core.loader import load_library

    draft = Draft(load_library()["chair-script"])
    draft.facts.fill_examples()
    doc = assemble(draft)
    # 五是县委副书记、县长王明同志…: an ordinal and a post list, neither a count nor a place
    assert [f for f in run_checks(doc) if f.severity != "info"] == []
    transition = next(block_text(b) for b in doc.blocks if b.id == "transition")
    assert transition.startswith("今天的会议共有六项议程：一是传达")
    # the same script as plain text, its agenda miscounted: found, and only there
    from workbench.core.checks import check_text

    text = draft.render("text")
    assert [f for f in check_text(text) if f.severity != "info"] == []
    found = [f for f in check_text(text.replace("六项议程", "五项议程")) if f.severity != "info"]
    assert [f.rule for f in found] == ["count-mismatch"] and "6 项" in found[0].message
