"""count-mismatch on numbered slogans: hits that must stay, false alarms that must go."""

from __future__ import annotations

import pytest

from workbench.core.checks import check_text, run_checks
from workbench.core.checks.finding import Options
from workbench.core.checks.speech import from_text
from workbench.core.checks.structure import check_counts
from workbench.core.numbered_terms import NumberedTerm, NumberedTermLexicon


def counts(text, **kwargs):
    return [f for f in check_text(text, **kwargs) if f.rule == "count-mismatch"]


class TestHitsThatStay:
    @pytest.mark.parametrize(("text", "words"), [
        # announced, then listed (the two shapes)
        ("　　要做到“三查三改”：一查责任，二查制度。", "“三查”与所列 2 项"),
        ("　　要做到“三查三改”：一查责任，二查制度，三查作风；一改作风，二改制度。",
         "“三改”与所列 2 项"),
        ("　　重点抓好三件事：一是抓隐患排查，二是抓执法检查。", "说“三件事”，后面实际列了 2 项"),
        ("　　重点抓好三件事。一是抓排查。二是抓执法。", "说“三件事”"),
        ("　　落实“三个到位”：认识到位、要求到位。", "“三个到位”与所列 2 项"),
        ("　　落实“三个到位”，即认识到位、要求到位、责任到位、措施到位。", "所列 4 项"),
        # a known term against the list after it
        ("　　坚定“四个自信”：道路自信、理论自信、制度自信。", "“四个自信”与所列 3 项"),
        # a short list right before an unknown slogan
        ("　　要落实行政、技术、巡查“两个责任人”。", "“两个责任人”与所列 3 项"),
        # one count whose noun holds a numeral
        ("　　要做到“四个一”：一人一档、一人一案、一周一访。", "“四个一”与所列 3 项"),
        # pasted-web quotes and colon
        ('　　要做到"三查三改":一查责任，二查制度。', "“三查”与所列 2 项"),
        ("　　落实「三个到位」：认识到位、要求到位。", "所列 2 项"),
        ("　　重点抓好三件事:一是抓排查,二是抓执法。", "说“三件事”，后面实际列了 2 项"),
    ])
    def test_a_count_the_text_lists_differently_is_reported(self, text, words):
        [finding] = counts(text)
        assert words in finding.message
        assert finding.severity == "warning"

    def test_the_announced_count_of_parts_stays_an_error(self):
        text = ("　　下面，我讲三点意见。\n一、提高认识\n　　甲。\n二、压实责任\n　　乙。\n")
        [finding] = counts(text)
        assert finding.message == "开头说“讲三点”，正文实际有 2 个部分"
        assert finding.severity == "error" and finding.term == ""

    @pytest.mark.parametrize("text", [
        "　　要做到“三查三改”：一查责任，二查制度，三查作风。",
        "　　重点抓好三件事：一是抓隐患排查，二是抓执法检查，三是抓宣传。",
        "　　落实“三个到位”：认识到位、要求到位、责任到位。",
        "　　要落实行政、技术“两个责任人”。",
        # the list ends at its clause; a 、 after the comma is another list
        "　　要抓好“三个一批”：选拔一批、培养一批、储备一批，把政治过硬、能力突出的党员选进班子。",
    ])
    def test_a_count_that_matches_is_no_finding(self, text):
        assert counts(text) == []

    def test_the_finding_names_its_term(self):
        [finding] = counts("　　要落实行政、技术、巡查“两个责任人”。")
        assert finding.term == "两个责任人"
        assert finding.to_json()["term"] == "两个责任人"


class TestFalseAlarmsThatGo:
    @pytest.mark.parametrize("text", [
        # named terms among peers, not sums of the list before them
        "　　要增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "　　持续整治形式主义、官僚主义、享乐主义和奢靡之风“四风”问题。",
        # idioms in quotes, with lists or colons around them
        "　　各部门、各单位不能“七上八下”，要步调一致。",
        "　　各乡镇、各部门要避免“三心二意”。",
        "　　上级三令五申，各地要落实“三令五申”：不准瞒报，不准迟报。",
        "　　广纳五湖四海、“五湖四海”之士。",
        "　　对重大事故隐患实行“一票否决”。",
        # a named spirit: the quote names, it does not sum up
        "　　大力弘扬红船精神、井冈山精神、“两路”精神。",
        "　　传承劳模精神、工匠精神、“三牛”精神。",
        # a term with two numerals and no keyed run after it
        "　　深入开展“三严三实”专题教育：既严以修身、严以用权、严以律己，又谋事要实。",
        "　　落实安全生产“三管三必须”要求。",
        # an unknown term with nothing listed next to it
        "　　全面推行“五步工作法”，取得明显成效。",
        "　　推进“两整治一提升”行动。",
        "　　坚持党建、业务“两手抓”。",
        # a slogan that is itself an item of a list
        "　　开展安全检查、“三查三改”、隐患整治。",
        "　　开展安全检查、“三个到位”、隐患整治。",
    ])
    def test_no_finding(self, text):
        assert counts(text) == []


class TestLexicon:
    def test_an_idiom_of_the_lexicon_is_never_counted_even_before_a_list(self):
        text = "　　落实“两个责任人”：行政责任人、技术责任人、巡查责任人。"
        assert len(counts(text)) == 1
        lexicon = NumberedTermLexicon([NumberedTerm("两个责任人", "idiom")])
        speech = from_text(text)
        assert list(check_counts(speech, Options(extra={"numbered_terms": lexicon}))) == []

    def test_a_known_term_is_not_summed_from_the_list_before_it(self):
        text = "　　要落实行政、技术、巡查“两个责任人”。"
        lexicon = NumberedTermLexicon([NumberedTerm("两个责任人", "term", 2)])
        speech = from_text(text)
        assert list(check_counts(speech, Options(extra={"numbered_terms": lexicon}))) == []

    def test_the_public_functions_take_a_lexicon(self, sample_draft):
        text = "　　落实“两个责任人”：行政责任人、技术责任人、巡查责任人。"
        lexicon = NumberedTermLexicon([NumberedTerm("两个责任人", "idiom")])
        assert counts(text) and counts(text, numbered_terms=lexicon) == []
        sample_draft.set_edit("opening.0", text)
        assert [f for f in run_checks(sample_draft.document()) if f.rule == "count-mismatch"]
        assert not [f for f in run_checks(sample_draft.document(), numbered_terms=lexicon)
                    if f.rule == "count-mismatch"]

    def test_a_term_s_own_count_is_what_is_compared(self):
        text = "　　落实“三同时”：同时设计、同时施工。"
        [finding] = counts(text)
        assert "所列 2 项" in finding.message


def test_a_hazard_zone_is_no_stale_place():
    text = "在东江区防汛工作会议上的讲话\n　　东江区要对山洪灾害易发区、地质灾害多发区逐一排查。"
    assert [f for f in check_text(text) if f.rule == "stale-fact"] == []
    assert [f.rule for f in check_text(text.replace("易发区", "西河区"))] == ["stale-fact"]
