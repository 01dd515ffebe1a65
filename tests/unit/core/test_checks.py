"""The writer's checklist: each flaw is found, clean speeches produce nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import Draft, load_library
from workbench.core.checks import (
    MAX_CLAUSE_CHARS,
    MAX_SENTENCE_CHARS,
    Finding,
    check_paragraphs,
    check_text,
    run_checks,
)
from workbench.core.nodes import Document, Paragraph, Slot, Strong, Text, Title
from workbench.core.punctuation import iter_half_width, normalize_punctuation

LIBRARY = load_library()

#: A clean speech, written for these tests: every check passes on it.
CLEAN = """\
在青山县秋冬季森林防火工作会议上的讲话
（2026年10月9日）
同志们：
　　今天召开这次会议，主要是分析研判秋冬季森林防火形势，安排部署全县防火工作。2021年以来，全县没有发生重大森林火灾。下面，我讲三点意见。
一、提高站位，认清防火形势，切实增强忧患意识
　　（一）看清风险之大。进入秋冬季，林下可燃物大量堆积，气候干燥，火险等级持续走高。
　　（二）看准短板之多。一些乡镇巡护力量不足，部分林区通信信号弱，扑火装备更新较慢。
　　（三）看透责任之重。森林防火事关群众生命财产安全，必须守土有责、守土尽责。
二、突出重点，管住野外火源，全面消除火灾隐患
　　（一）严管祭祀用火。要在重点路口设卡检查，劝导群众文明祭扫。
　　（二）严管农事用火。要落实“三个严禁”：严禁烧荒、严禁烧秸秆、严禁烧田埂。
　　（三）严管施工用火。林区施工单位要落实专人看护，动火作业一律报批。
三、夯实基础，强化应急准备，坚决打赢防火硬仗
　　（一）队伍要精干。各乡镇要组建专业扑火队，开展实战演练。
　　（二）物资要充足。要做好三项准备：一是备足风力灭火机。二是备足防护服装。三是备足通信设备。
　　（三）值守要严密。防火期内，各级要严格执行领导带班和二十四小时值班制度。
　　同志们，森林防火责任重大。守土有责，让我们迅速行动起来，全力守护好青山县的绿水青山！
　　谢谢大家！
"""


def rules(findings):
    return {f.rule for f in findings}


def flawed(old, new, text=CLEAN):
    assert old in text, old
    return text.replace(old, new)


def test_the_clean_speech_has_no_finding():
    assert check_text(CLEAN) == []


def test_findings_name_rule_message_and_place():
    [finding] = check_text(flawed("我讲三点意见", "我讲四点意见"))
    assert finding == Finding("count-mismatch", "开头说“讲四点”，正文实际有 3 个部分", "opening", "4",
                              CLEAN.splitlines()[3].strip().index("讲三点"), "error")
    assert finding.to_json()["paragraph"] == "4"


class TestCountMismatch:
    @pytest.mark.parametrize(("old", "new"), [
        ("我讲三点意见", "我讲两点意见"),
        ("“三个严禁”", "“四个严禁”"),
        ("要做好三项准备", "要做好四项准备"),
        ("三是备足通信设备", "三是备足通信设备。四是备足照明设备"),
    ])
    def test_announced_count_differs_from_what_follows(self, old, new):
        assert rules(check_text(flawed(old, new))) == {"count-mismatch"}

    def test_a_run_that_skips_is_a_count_and_a_numbering_flaw(self):
        findings = check_text(flawed("三是备足通信设备", "四是备足通信设备"))
        assert rules(findings) == {"count-mismatch", "numbering"}
        count = next(f for f in findings if f.rule == "count-mismatch")
        assert "四是" in count.message

    def test_a_slogan_after_its_list_is_counted(self):
        text = "　　要落实行政、技术、巡查“两个责任人”。"
        assert rules(check_text(text)) == {"count-mismatch"}
        assert check_text(text.replace("两个", "三个")) == []

    def test_an_ordinal_is_not_a_count(self):
        # a chair's hand-over names the item by its ordinal; the post after it may list
        text = "　　下面，进行会议第五项议程：县委副书记、县长王明同志部署工作。"
        assert check_text(text) == []
        assert rules(check_text(text.replace("第五项议程", "共有五项议程"))) == {"count-mismatch"}

    def test_announced_sub_points_are_counted_when_the_paragraph_ends_at_the_colon(self):
        text = "一、抓好落实\n　　重点抓好以下四个方面：\n　　（一）甲。\n　　（二）乙。\n　　（三）丙。\n"
        [finding] = check_text(text)
        assert finding.rule == "count-mismatch" and "3 项" in finding.message


class TestNumbering:
    @pytest.mark.parametrize(("old", "new", "words"), [
        ("三、夯实基础", "四、夯实基础", "缺少“三、”"),
        ("（三）看透责任", "（四）看透责任", "缺少“（三）”"),
        ("（二）严管农事", "（一）严管农事", "重复"),
        ("三是备足通信设备", "二是备足通信设备", "重复"),
    ])
    def test_skipped_or_repeated_ordinals(self, old, new, words):
        findings = [f for f in check_text(flawed(old, new)) if f.rule == "numbering"]
        assert findings and words in findings[0].message

    def test_deeper_levels_restart_under_their_parent(self):
        text = ("一、总体要求\n（一）目标\n1. 甲\n2. 乙\n（1）子一\n（3）子三\n"
                "（二）措施\n1. 丙\n3. 丁\n")
        messages = [f.message for f in check_text(text) if f.rule == "numbering"]
        assert messages == ["序号跳号：“（1）”之后是“（3）”，缺少“（2）”",
                            "序号跳号：“1.”之后是“3.”，缺少“2.”"]

    def test_a_run_must_start_at_yishi(self):
        [finding] = check_text("　　工作中，二是要快，三是要实。")
        assert finding.rule == "numbering" and "一是" in finding.message

    def test_di_yi_runs(self):
        assert rules(check_text("　　第一，要快。第三，要实。")) == {"numbering"}


class TestHeadingParallel:
    def test_unequal_clause_reports_lengths_and_the_heading(self):
        [finding] = check_text(flawed("认清防火形势", "认清当前森林防火形势"))
        assert finding.rule == "heading-parallel" and finding.paragraph == "5"
        assert "第 1 个标题" in finding.message and "10 字" in finding.message and "6 字" in finding.message

    def test_a_heading_with_fewer_clauses_breaks_the_set(self):
        [finding] = check_text(flawed("二、突出重点，管住野外火源，全面消除火灾隐患", "二、突出重点管住火源"))
        assert "结构不一致" in finding.message and "第 2 个标题有 1 个分句" in finding.message

    def test_the_shared_keyword_slot(self):
        text = ("一、提高站位，坚决守牢底线\n二、突出重点，坚决消除隐患\n三、完善机制，全力提升水平\n")
        [finding] = check_text(text)
        assert "坚决" in finding.message and "第 3 个标题" in finding.message

    def test_run_in_sub_headings_are_siblings_too(self):
        [finding] = check_text(flawed("（二）看准短板之多。", "（二）看准短板之多之杂。"))
        assert finding.rule == "heading-parallel" and finding.part == "part1"

    def test_headings_under_different_parents_are_not_compared(self):
        assert check_text("一、甲\n（一）短句\n（二）也短\n二、乙\n（一）这一条要长得多\n（二）这一条也长得多\n") == []


class TestUnfilledSlot:
    @pytest.mark.parametrize("leftover", ["【地名】", "×××", "XX", "ＸＸ", "某某", "○○", "＿＿"])
    def test_placeholders_left_in_plain_text(self, leftover):
        findings = check_text(flawed("全力守护好青山县", f"全力守护好{leftover}"))
        assert rules(findings) == {"unfilled-slot"}
        assert leftover in findings[0].message

    def test_a_draft_slot_is_named_by_its_fact(self, minimal_template):
        draft = Draft(minimal_template)
        findings = [f for f in run_checks(draft.document()) if f.rule == "unfilled-slot"]
        assert "要素“地名”尚未填写" in {f.message for f in findings}
        assert {f.paragraph for f in findings} >= {"title", "opening.0"}


class TestStaleFact:
    def test_an_old_place_name(self):
        [finding] = check_text(flawed("全力守护好青山县", "全力守护好绿水县"))
        assert finding.rule == "stale-fact" and "绿水县" in finding.message and "青山县" in finding.message

    def test_place_given_on_the_command_line(self):
        findings = check_text(CLEAN, place="绿水县")
        assert {f.message.split("”")[0] for f in findings} == {"出现地名“青山县"}

    def test_an_old_year(self):
        [finding] = check_text(flawed("进入秋冬季", "2024年进入秋冬季"))
        assert finding.rule == "stale-fact" and "2024" in finding.message

    @pytest.mark.parametrize("phrase", ["2021年以来", "2021—2025年", "《2024年工作要点》", "2027年前"])
    def test_periods_quotes_and_targets_are_not_stale(self, phrase):
        assert check_text(flawed("进入秋冬季", f"{phrase}，进入秋冬季")) == []

    @pytest.mark.parametrize("words", ["召开县委常委会", "统筹县乡力量", "城区和山区", "各乡镇", "农贸市场",
                                       "特别是县委书记", "要求是县委统一部署"])
    def test_common_words_are_not_place_names(self, words):
        assert check_text(flawed("进入秋冬季", f"{words}，进入秋冬季")) == []

    def test_draft_facts_are_the_reference(self, sample_draft):
        sample_draft.set_edit("how.a", "强化考核问责。绿水县的做法要学。")
        findings = [f for f in run_checks(sample_draft.document()) if f.rule == "stale-fact"]
        assert [(f.part, f.paragraph) for f in findings] == [("how", "how.a")]
        sample_draft.facts["place"] = "绿水县"
        assert not [f for f in run_checks(sample_draft.document()) if f.rule == "stale-fact"]

    def test_years_given_by_facts_belong_to_the_draft(self):
        draft = Draft(LIBRARY["year-end-summary"])
        draft.facts.fill_examples()
        assert "2025" in draft.render("text")
        assert not [f for f in run_checks(draft.document()) if f.rule == "stale-fact"]


class TestRepeatedPhrase:
    def test_a_four_character_phrase_used_three_times(self):
        text = flawed("开展实战演练", "开展实战演练，守土有责，守土有责")
        [finding] = check_text(text)
        assert finding.rule == "repeated-phrase" and "“守土有责”全文用了 3 次" in finding.message

    def test_a_quoted_slogan_used_three_times(self):
        text = "　　要守住“安全底线要牢”。要记住“安全底线要牢”。要践行“安全底线要牢”。"
        assert rules(check_text(text)) == {"repeated-phrase"}

    def test_four_characters_inside_a_longer_clause_do_not_count(self):
        assert check_text("　　森林防火很重要。做好森林防火工作。抓实森林防火措施。") == []


class TestPunctuation:
    @pytest.mark.parametrize(("old", "new"), [
        ("今天召开这次会议，", "今天召开这次会议,"),
        ("“三个严禁”", "\"三个严禁\""),
        ("（二）物资要充足。", "（二）物资要充足."),
        ("必须守土有责", "必须(坚决)守土有责"),
    ])
    def test_half_width_marks(self, old, new):
        findings = check_text(flawed(old, new))
        assert "punctuation" in rules(findings)

    @pytest.mark.parametrize("text", ["　　他说“安全无小事。", "　　这是（一个问题。", "　　这是一个问题）。",
                                      "　　读《森林防火条例”。"])
    def test_unmatched_quotes_and_brackets(self, text):
        assert rules(check_text(text)) == {"punctuation"}

    def test_the_fix_clears_what_the_check_reports(self):
        text = flawed("今天召开这次会议，", "今天召开这次会议,")
        assert check_text(normalize_punctuation(text)) == []
        assert [i.found for i in iter_half_width("数字3.5和1,260不动,汉字要改.")] == [",", "."]

    def test_heading_spaces_can_stay_as_full_width(self):
        assert normalize_punctuation("认清形势 克服麻痹", spaces="\u3000") == "认清形势\u3000克服麻痹"


class TestLongSentence:
    def test_a_sentence_over_three_printed_lines(self):
        long = "，".join(["各乡镇要抓紧落实"] * 11)
        findings = check_text(flawed("开展实战演练。", f"开展实战演练。{long}。"))
        assert rules(findings) == {"long-sentence"}
        assert str(MAX_SENTENCE_CHARS) in findings[0].message
        assert findings[0].message.startswith("句子“各乡镇要抓紧落实，各乡镇…”长 ")

    def test_a_stretch_with_no_pause(self):
        long = "各乡镇和各有关部门要把森林防火各项措施不折不扣落实到每一个山头地块"
        assert len(long) > MAX_CLAUSE_CHARS
        [finding] = check_text(flawed("开展实战演练。", f"开展实战演练。{long}。"))
        assert finding.rule == "long-sentence" and str(MAX_CLAUSE_CHARS) in finding.message
        assert finding.message.startswith("“各乡镇和各有关部门要把森…”一口气要念")

    @pytest.mark.parametrize(("text", "quoted"), [
        ("　　“安全生产是底线。", "安全生产是底线"),
        ("安全生产是发展的前提，是民生的底线。", "安全生产是发展的前提，是…"),
    ])
    def test_the_excerpt_is_the_first_characters(self, text, quoted):
        from workbench.core.checks.style import excerpt

        assert excerpt(text) == quoted


class TestLength:
    def test_against_a_speaking_time(self):
        [finding] = check_text(CLEAN, minutes=15)
        assert finding.rule == "length" and "偏短" in finding.message

    def test_against_the_template_target(self, sample_draft):
        sample_draft.facts["hazards"] = 37
        findings = run_checks(sample_draft.document(), target_chars=5000)
        assert [f.rule for f in findings] == ["length"]


@pytest.mark.parametrize("template_id", sorted(LIBRARY))
def test_shipped_templates_with_examples_are_clean_under_every_form(template_id):
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    serious = {"count-mismatch", "numbering", "unfilled-slot", "stale-fact", "check-error"}
    assert not [f for f in run_checks(draft.document()) if f.rule in serious]
    for section in draft.sections:
        for pattern in section.patterns:
            section.pattern = pattern
            found = [f for f in run_checks(draft.document()) if f.rule in serious]
            assert not found, (section.id, pattern, found)
    for opening in draft.template.openings:
        for closing in draft.template.closings:
            draft.opening, draft.closing = opening.id, closing.id
            assert not [f for f in run_checks(draft.document()) if f.rule in serious]


@pytest.mark.parametrize("template_id", sorted(LIBRARY))
def test_shipped_templates_render_to_clean_plain_text(template_id):
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    serious = {"count-mismatch", "numbering", "unfilled-slot", "stale-fact", "punctuation"}
    assert not [f for f in check_text(draft.render("text")) if f.rule in serious]
    assert not [f for f in check_text(draft.render("markdown"), markdown=True) if f.rule in serious]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list(
    "一二三四五六七八九十是、（）()“”\"'《》【】，。；：！？,.;:!?XX×县市区镇乡村青山绿水年2024 0198第点个方面讲\n")),
    max_size=30), max_size=12))
def test_checks_never_raise_on_flawed_input(paragraphs):
    findings = check_paragraphs(paragraphs, minutes=1)
    assert "check-error" not in rules(findings)
    assert check_text("\n".join(paragraphs), markdown=True, years=[2026]) is not None


def test_checks_never_raise_on_an_odd_document():
    doc = Document(Title(()), None, None,
                   (Paragraph((Strong((Slot("x", ""), Text(""))),), id="", section=""),
                    Paragraph((), id="p")), facts=(("place", ""), ("date", "2026年")))
    assert "check-error" not in rules(run_checks(doc, minutes=0.5, target_chars=-1))


@pytest.mark.parametrize("template_id", sorted(LIBRARY))
def test_shipped_heading_sets_are_parallel(template_id):
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    for heading_pattern in draft.template.heading_patterns:
        draft.heading_pattern = heading_pattern.id
        assert run_checks(draft.document(), rules=["heading-parallel"]) == []


def test_an_edited_heading_that_breaks_the_set_is_found(sample_draft):
    sample_draft.set_edit("what.h", "突出重点，深化各项专项整治，坚决消除隐患")
    [finding] = run_checks(sample_draft.document(), rules=["heading-parallel"])
    assert (finding.part, finding.paragraph) == ("what", "what.h")
    assert "第 2 个标题" in finding.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=st.text(max_size=80), place=st.text(max_size=10))
def test_checks_never_raise_on_any_edit(sample_draft, edit, place):
    sample_draft.facts["place"] = place
    sample_draft.set_edit("why.a", edit)
    sample_draft.set_edit("opening.0", edit)
    assert "check-error" not in rules(run_checks(sample_draft.document(), minutes=3))
