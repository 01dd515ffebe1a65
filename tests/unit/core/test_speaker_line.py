"""The importer's speaker line (署名): taken when it reads as one, web chrome goes to `ignored`."""

from __future__ import annotations

import pytest

from workbench import parse_template
from workbench.core.importer import outline_to_template_yaml, parse_outline
from workbench.core.importer.speaker import read_speaker

BODY = ("今天召开全县安全生产工作会议，主要是分析当前形势，部署今冬明春的安全生产工作。下面，我讲两点意见。\n"
        "一、认清形势\n"
        "（一）看清风险。进入冬季，企业赶工期、抢进度的情况增多，用火用电用气明显增加，"
        "一些老旧小区和人员密集场所隐患突出。\n"
        "（二）看准短板。部分乡镇监管力量薄弱。\n"
        "二、压实责任\n"
        "（一）盯紧企业。各行业主管部门要对重点企业逐一上门检查，发现隐患当场交办、限期整改，"
        "整改不到位的一律停产整顿。\n"
        "（二）盯紧场所。商场、学校、医院要开展一次全面排查。\n"
        "同志们，安全生产责任重于泰山，让我们扎实工作，确保全县安全稳定！\n谢谢大家！\n")

TITLE = "在青山县冬春季安全生产工作会议上的讲话"


def page(*header: str, salutation: str = "同志们：") -> str:
    return "\n".join([*header, salutation, BODY])


#: Pages written for these tests: a county site with its banner, menus and adverts
#: around the title; each gives the header lines and the speaker line it must yield.
PAGES = [
    pytest.param(("青山县应急管理局欢迎您", TITLE, "青山县应急管理局欢迎您", "县委副书记、县长　李明",
                  "（2026年11月20日）"),
                 "县委副书记、县长\u3000李明（2026年11月20日）", ["青山县应急管理局欢迎您"],
                 id="banner-above-and-below-the-title"),
    pytest.param((TITLE, "政务服务　新闻动态　通知公告　专题专栏", "李 明", "(2026年11月20日)"),
                 "李明（2026年11月20日）", ["政务服务　新闻动态　通知公告　专题专栏"],
                 id="menu-line"),
    pytest.param((TITLE, "注册安全工程师考前培训火热招生中", "（2026年11月20日）"),
                 "（2026年11月20日）", ["注册安全工程师考前培训火热招生中"],
                 id="course-advert-and-no-name"),
    pytest.param((TITLE, "安全生产月　平安青山行", "县委书记　王建国（2026年11月20日）"),
                 "县委书记\u3000王建国（2026年11月20日）", ["安全生产月　平安青山行"],
                 id="campaign-banner"),
    pytest.param((TITLE, "扫码关注青山应急公众号", "青山县应急管理局", "（2026年11月20日）"),
                 "青山县应急管理局（2026年11月20日）", ["扫码关注青山应急公众号"],
                 id="a-unit-signs-the-speech"),
    pytest.param((TITLE, "中国共产党青山县委员会新闻网", "欧阳 晓 东", "（2026年11月20日）"),
                 "欧阳晓东（2026年11月20日）", ["中国共产党青山县委员会新闻网"],
                 id="site-name-and-double-surname"),
    pytest.param((TITLE, "王建国同志"), "王建国同志", [], id="name-with-tongzhi"),
    pytest.param(("索引号：11520000-2026-00123", TITLE, "发布机构：青山县人民政府办公室",
                  "青山县人民政府门户网站", "县长　李明", "（2026年11月20日）"),
                 "县长　李明（2026年11月20日）",
                 ["发布机构：青山县人民政府办公室", "青山县人民政府门户网站"],
                 id="government-site-metadata"),
]


@pytest.mark.parametrize(("header", "speaker", "ignored"), PAGES)
def test_the_speaker_line_is_the_one_that_reads_as_one(header, speaker, ignored):
    outline = parse_outline(page(*header))
    assert outline.title == TITLE
    assert outline.speaker_line == speaker
    for text in ignored:  # the importer closes up spaces
        assert text.replace("　", "") in outline.ignored
    assert outline.salutation == "同志们："
    assert outline.opening.startswith("今天召开全县安全生产工作会议")
    assert len(outline.parts) == 2
    assert outline.unplaced == ()


def test_the_app_s_example_for_the_speaker_is_never_a_banner():
    outline = parse_outline(page(TITLE, "青山县人民政府门户网站欢迎您", "（2026年11月20日）"))
    template = parse_template(outline_to_template_yaml(outline, "x"))
    assert "speaker" not in {f.id for f in template.facts}
    outline = parse_outline(page(TITLE, "青山县人民政府门户网站欢迎您", "王建国", "（2026年11月20日）"))
    facts = {f.id: f for f in parse_template(outline_to_template_yaml(outline, "x")).facts}
    assert facts["speaker"].example == "王建国"


def test_a_second_speaker_like_line_is_kept_not_dropped():
    outline = parse_outline(page(TITLE, "县委书记　王建国", "县长　李明", "（2026年11月20日）"))
    assert outline.speaker_line == "县委书记\u3000王建国（2026年11月20日）"
    assert "县长李明" in outline.unplaced


@pytest.mark.parametrize(("text", "expected"), [
    ("李明", "李明"), ("王 强", "王强"), ("王小明", "王小明"),
    ("青山县委书记 李 明", "青山县委书记\u3000李明"), ("青山县委书记李明", "青山县委书记\u3000李明"),
    ("县委副书记、县长 李明", "县委副书记、县长\u3000李明"), ("县长　王小明", "县长\u3000王小明"),
    ("中共青山县委办公室", "中共青山县委办公室"), ("欧阳晓东", "欧阳晓东"),
])
def test_reads_as_a_speaker(text, expected):
    assert read_speaker(text) == expected


@pytest.mark.parametrize("text", [
    "青山县应急管理局欢迎您", "政务服务 新闻动态 通知公告", "注册安全工程师培训火热招生",
    "安全第一", "安全生产月", "学习贯彻党的二十大精神", "中国共产党新闻网", "专题专栏",
    "关闭窗口", "党建引领", "高质量发展", "今天开会。", "首页", "打印本页",
])
def test_does_not_read_as_a_speaker(text):
    assert read_speaker(text) is None
