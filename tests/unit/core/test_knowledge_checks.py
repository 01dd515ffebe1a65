"""Checks that know the genre's fixed wording, the unit's leaders and the draft's facts:
formulation, leader-post, leader-order, fact-mismatch."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import Draft, load_library, parse_template
from workbench.core.checks import RULES, check_paragraphs, check_text, run_checks
from workbench.core.checks.formulation import FIX_SIMILARITY, REPORT_SIMILARITY, correct, iter_issues
from workbench.core.formulations import load_dictionary
from workbench.core.leaders import Leader

LIBRARY = load_library()
NEW_RULES = ("formulation", "leader-post", "leader-order", "fact-mismatch")


def rules_of(text: str, rule: str, **kwargs) -> list:
    """Return the findings of `rule` for `text` (one paragraph a line)."""
    return check_text(text, rules=[rule], **kwargs)


def test_the_new_rules_are_registered_in_order():
    ids = list(RULES)
    assert set(NEW_RULES) <= set(ids)
    assert ids.index("fact-mismatch") == ids.index("stale-fact") + 1


# -- formulation --------------------------------------------------------------------------------


class TestFormulationSeries:
    @pytest.mark.parametrize(("text", "detail"), [
        ("各级党委政府要落实党政同责、一岗双责、失职追责。", "缺少“齐抓共管”"),
        ("严禁迟报、漏报、瞒报。", "缺少“谎报”"),
        ("对新技术、新产业、新业态给予合理的“观察期”。", "缺少“新模式”"),
        ("坚持安全第一、综合治理的方针。", "缺少“预防为主”"),
        ("严禁迟报、漏报、谎报、误报、瞒报。", "多出“误报”"),
        ("坚持生命至上、人民至上。", "顺序有误"),
        ("实行管业务必须管安全、管行业必须管安全、管生产经营必须管安全。", "顺序有误"),
        ("建立生产经营单位负责、职工参与、行业自律和社会监督的机制。", "缺少“政府监管”"),
        ("做到重要工作亲自部署，重大问题亲自过问，重点环节亲自协调。", "缺少“重要案件亲自督办”"),
    ])
    def test_a_series_missing_added_or_out_of_order_is_reported(self, text, detail):
        (finding,) = rules_of(text, "formulation")
        assert detail in finding.message
        assert finding.severity == "error"

    def test_the_message_shows_the_correct_form_and_its_source(self):
        (finding,) = rules_of("严格落实党政同责、一岗双责、失职追责。", "formulation")
        assert "党政同责、一岗双责、齐抓共管、失职追责" in finding.message
        assert "《地方党政领导干部安全生产责任制规定》" in finding.message
        assert finding.offset == len("严格落实")

    @pytest.mark.parametrize("text", [
        "严禁迟报，漏报，瞒报。",            # commas for 、
        "严禁迟报,漏报,瞒报.",               # pasted from the web: half-width marks
        "严禁迟报, 漏报, 瞒报。",            # half-width commas with spaces
        "要做到“迟报、漏报、瞒报”零容忍。",  # the series in quotes
        "严禁迟报、漏报和瞒报。",            # 和 before the last
    ])
    def test_punctuation_variants_are_read_alike(self, text):
        (finding,) = rules_of(text, "formulation")
        assert "缺少“谎报”" in finding.message

    @pytest.mark.parametrize("text", [
        "严禁迟报、漏报、谎报、瞒报。",
        "任何单位和个人对事故不得迟报、漏报、谎报或者瞒报。",
        "坚持安全第一、预防为主、综合治理的方针。",
        "坚持安全第一、预防为主，建立大安全大应急框架。",        # a variant the dictionary accepts
        "压紧压实党政同责、一岗双责。",                          # two of four: a deliberate shortening
        "要压实党政同责，层层传导压力。",                        # shares one element
        "人流、物流、车流明显增加，安全风险进入易发多发阶段。",  # an ordinary list
        "必须守土有责、守土尽责。",                              # accepted pair
        "抗旱工作坚持以人为本、预防为主、防抗结合和因地制宜、统筹兼顾、局部利益服从全局利益的原则。",
        "坚持预防为主、防抗结合。",                              # the drought principle, quoted in part
        "推动创新、协调、绿色发展。",                            # three of five short elements
        "重点纠治形式主义、官僚主义。",                          # accepted pair of the four
    ])
    def test_correct_quotes_and_text_that_merely_shares_words_are_not_reported(self, text):
        assert rules_of(text, "formulation") == []

    def test_a_near_miss_of_an_element_is_reported_with_the_element(self):
        (finding,) = rules_of("严禁迟报、漏报、慌报、瞒报。", "formulation")
        assert "“慌报”应为“谎报”" in finding.message
        assert finding.severity == "warning"


class TestFormulationWording:
    def test_a_wording_a_word_off_is_reported(self):
        (finding,) = rules_of("要推动安全治理模式向事前预防转型。", "formulation")
        assert "推动公共安全治理模式向事前预防转型" in finding.message
        assert "党的二十大报告" in finding.message
        assert finding.offset == 1

    @pytest.mark.parametrize("text", [
        "要推动公共安全治理模式向事前预防转型。",
        "要推动公共安全治理模式，向事前预防转型。",    # punctuation inside does not count
        "推动安全生产治理向源头防范转变。",            # same start, different wording
        "构建亲清政商关系，“亲”要真心实意。",          # the 20th congress's wording, a variant
        "落实安全生产责任。",                          # shares words with 安全生产责任制
    ])
    def test_exact_quotes_and_other_wordings_are_not_reported(self, text):
        assert rules_of(text, "formulation") == []

    def test_similarity_thresholds_are_stated_and_ordered(self):
        assert 0 < REPORT_SIMILARITY < FIX_SIMILARITY < 1


class TestCorrections:
    def test_a_near_miss_above_the_threshold_is_corrected(self):
        text, fixed, offered = correct("严禁迟报、漏报、慌报、瞒报。")
        assert text == "严禁迟报、漏报、谎报、瞒报。"
        assert [i.kind for i in fixed] == ["near"] and offered == []
        assert fixed[0].similarity >= FIX_SIMILARITY

    def test_a_series_problem_or_a_word_left_out_is_only_offered(self):
        source = "严禁迟报、漏报、瞒报。推动安全治理模式向事前预防转型。"
        text, fixed, offered = correct(source)
        assert text == source and fixed == []
        assert [i.kind for i in offered] == ["series", "near"]
        assert offered[1].similarity >= FIX_SIMILARITY and not offered[1].is_fixable
        assert offered[1].replacement == "推动公共安全治理模式向事前预防转型"

    def test_a_near_miss_below_the_threshold_is_only_offered(self):
        # Two characters off in a ten-character wording: similarity 0.8, reported, not fixed.
        text, fixed, offered = correct("要构建亲清新式正商关系。")
        assert fixed == [] and text == "要构建亲清新式正商关系。"
        assert offered[0].similarity == pytest.approx(0.8)
        text, fixed, _ = correct("要构建亲清新式政商关系。")  # one character off: 0.9
        assert text == "要构建亲清新型政商关系。" and fixed

    def test_the_writer_s_marks_are_kept_in_a_correction(self):
        text, fixed, _ = correct("严禁迟报,漏报,慌报,瞒报")
        assert text == "严禁迟报,漏报,谎报,瞒报" and fixed

    def test_results_are_remembered_per_paragraph(self):
        dictionary = load_dictionary()
        first = iter_issues("严禁迟报、漏报、瞒报。", dictionary)
        assert iter_issues("严禁迟报、漏报、瞒报。", dictionary) is first


# -- the shipped templates ------------------------------------------------------------------------

def _every_form(template_id: str):
    """Yield a document for every opening, closing, heading style and form of each part."""
    template = LIBRARY[template_id]
    draft = Draft(template)
    draft.facts.fill_examples()
    for opening in template.openings:
        for closing in template.closings:
            for heading in template.heading_patterns:
                draft.opening, draft.closing, draft.heading_pattern = opening.id, closing.id, heading.id
                yield draft.document()
    for section in draft.sections:
        for pattern in section.patterns:
            section.pattern = pattern
            yield draft.document()
        section.pattern = section.patterns[0]


def _findings(template_id: str) -> set[tuple[str, str, str]]:
    found = set()
    for doc in _every_form(template_id):
        for f in run_checks(doc, rules=list(NEW_RULES)):
            found.add((f.rule, f.paragraph, f.message))
    return found


@pytest.mark.parametrize("template_id", sorted(LIBRARY))
def test_shipped_templates_raise_nothing_in_any_form(template_id):
    assert _findings(template_id) == set()


# -- leader-post and leader-order ---------------------------------------------------------------

LEADERS = (
    Leader("张华", "县委书记", 1),
    Leader("王建国", "县委副书记、县长", 2),
    Leader("李明", "县人大常委会主任", 3),
    Leader("赵敏", "县政协主席", 4),
    Leader("刘洋", "县委常委、常务副县长", 5),
    Leader("周强", "副县长", 6),
    Leader("买买提·艾力", "副县长", 7),
)


class TestLeaderPost:
    @pytest.mark.parametrize(("text", "written"), [
        ("王建国副县长出席会议并讲话。", "副县长"),
        ("副县长王建国同志主持会议。", "副县长"),
        ("县委书记　王建国", "县委书记"),              # a speaker line, full-width space
        ("王建国书记强调，要压实责任。", "书记"),         # 副书记 called 书记
        ("请张华县长讲话。", "县长"),                  # another leader's post
        ("县政协主席李明到会指导。", "县政协主席"),
        ("局长周强通报了情况。", "局长"),              # a standing post nobody listed holds
    ])
    def test_a_listed_name_with_a_post_not_theirs_is_reported(self, text, written):
        (finding,) = rules_of(text, "leader-post", leaders=LEADERS)
        assert f"此处写作“{written}”" in finding.message
        assert finding.severity == "error"

    def test_the_message_names_the_profile_s_post_and_who_holds_the_written_one(self):
        (finding,) = rules_of("请张华县长讲话。", "leader-post", leaders=LEADERS)
        assert "“张华”的职务是“县委书记”" in finding.message
        assert "“县长”是王建国的职务" in finding.message

    @pytest.mark.parametrize("text", [
        "县委副书记、县长王建国出席会议。",
        "王建国县长强调，要压实责任。",
        "王建国副书记主持会议。",
        "刘洋副县长通报了情况。",                      # 常务副县长 may be called 副县长
        "县防指指挥长王建国作动员讲话。",              # an ad hoc title the profile does not know
        "王建国同志指出，要坚持问题导向。",
        "县人大常委会主任李明参加会议。",
        "副县长买买提・艾力通报情况。",                # the middle dot written another way
    ])
    def test_a_correct_or_unknown_post_is_not_reported(self, text):
        assert rules_of(text, "leader-post", leaders=LEADERS) == []

    def test_no_leaders_no_findings(self):
        assert rules_of("王建国副县长出席会议。", "leader-post") == []


class TestLeaderOrder:
    @pytest.mark.parametrize("text", [
        "王建国、张华、李明出席会议。",
        "县长王建国、县委书记张华出席会议。",
        "王建国县长和张华书记作了重要讲话。",
        "出席会议的县领导：王建国　张华　李明",
        "出席领导：王建国，张华，李明",
        "出席领导:王建国,张华,李明",                    # pasted from the web
        "王　平、张华出席。",                            # a padded two-character name
    ])
    def test_listed_leaders_out_of_rank_order_are_reported(self, text):
        leaders = (*LEADERS, Leader("王平", "副县长", 8))
        (finding,) = rules_of(text, "leader-order", leaders=leaders)
        assert "按名录应为“张华、" in finding.message
        assert text[finding.offset:].startswith(("王建国", "王　平"))

    def test_the_order_wanted_lists_the_names_by_rank(self):
        (finding,) = rules_of("周强、王建国、张华出席。", "leader-order", leaders=LEADERS)
        assert "此处为“周强、王建国、张华”，按名录应为“张华、王建国、周强”" in finding.message

    @pytest.mark.parametrize("text", [
        "张华、王建国、李明出席会议。",
        "县委书记张华、县长王建国出席会议。",
        "王建国要求，张华同志讲的要认真落实。",          # a comma outside an attendance line
        "王建国强调了安全生产，张华部署了防汛工作。",
        "出席领导：张华　王建国　李明",
    ])
    def test_lists_in_rank_order_and_names_in_separate_clauses_are_not_reported(self, text):
        assert rules_of(text, "leader-order", leaders=LEADERS) == []


# -- fact-mismatch --------------------------------------------------------------------------------

FACT_TEMPLATE = textwrap.dedent("""\
    id: facts-demo
    title: 在{{ place }}安全生产会议上的讲话
    occasion: 测试
    target_chars: 600
    facts:
      - {id: place, label: 地名, type: text, required: true, example: 青山县}
      - {id: date, label: 会议日期, type: date, required: false, example: 2026-03-06}
      - {id: speaker, label: 讲话人, type: text, required: false, example: 王建国}
      - {id: hazards, label: 排查隐患数（处）, type: number, required: false, example: 1260}
      - {id: rate, label: 整改率（%）, type: number, required: false, example: 98.5}
      - {id: flood_date, label: 上次洪水日期, type: date, required: false, example: 2024-07-22}
    openings:
      - id: o
        label: 开门见山式
        text: |
          过去一年，全县累计排查各类隐患{{ hazards }}处，整改率达到{{ rate }}%。

          {{ flood_date }}发生的洪水教训深刻。
    parts:
      - id: p
        title: 部分
        heading: 压实责任
        points:
          - id: a
            key: 压实责任
            heading: 压实安全责任
            body: 要把隐患整改到位。
    closings:
      - id: c
        label: 号召式
        text: 同志们，让我们共同努力！
""")


@pytest.fixture
def draft():
    d = Draft(parse_template(FACT_TEMPLATE, "<facts-demo>"))
    d.facts.fill_examples()
    return d


def mismatches(draft: Draft) -> list:
    return run_checks(draft.document(), rules=["fact-mismatch"])


class TestFactMismatch:
    def test_a_figure_typed_in_an_edit_that_no_longer_matches_the_fact(self, draft):
        draft.facts.pop("hazards")
        draft.set_edit("p.a", "压实安全责任。去年全县共排查隐患1260处，要逐一整改到位。")
        draft.facts["hazards"] = 1300
        (finding,) = mismatches(draft)
        assert finding.paragraph == "p.a" and "1260处" in finding.message and "1300处" in finding.message
        assert finding.severity == "warning"  # read from prose: a guess

    def test_a_fact_kept_as_a_reference_follows_the_change(self, draft):
        draft.set_edit("opening.0", "过去一年，全县共排查隐患1260处，整改率达到98.5%，成效明显。")
        draft.facts["hazards"] = 1300
        draft.facts["rate"] = 99
        assert mismatches(draft) == []
        assert "1300处" in draft.render("text")

    def test_a_percentage_typed_by_hand(self, draft):
        draft.facts.pop("rate")
        draft.set_edit("p.a", "压实安全责任。隐患整改率达到97％，还有差距。")
        draft.facts["rate"] = 98.5
        (finding,) = mismatches(draft)
        assert "97％" in finding.message and "98.5%" in finding.message

    @pytest.mark.parametrize("edit", [
        "压实安全责任。其中重大隐患12处，要挂牌督办。",      # another quantity of the same unit
        "压实安全责任。全县共有企业1200家。",                # another unit
        "压实安全责任。造成1人受伤。",                        # nothing known like it
    ])
    def test_other_figures_in_an_edit_are_not_reported(self, draft, edit):
        draft.set_edit("p.a", edit)
        assert mismatches(draft) == []

    def test_generated_text_is_never_reported(self, draft):
        draft.facts["hazards"] = 1300
        assert mismatches(draft) == []

    def test_a_date_typed_in_an_edit_that_differs_from_the_fact(self, draft):
        draft.set_edit("p.a", "压实安全责任。2024年7月20日发生的洪水，教训深刻。")
        (finding,) = mismatches(draft)
        assert "2024年7月20日" in finding.message and "2024年7月22日" in finding.message

    @pytest.mark.parametrize(("text", "expected"), [
        ("去年（2024年）全县排查隐患。", 2025),
        ("去年(2024年)全县排查隐患。", 2025),              # half-width brackets
        ("今年即2025年，任务艰巨。", 2026),
        ("2024年（去年）全县排查隐患。", 2025),
        ("去年（２０２４年）全县排查隐患。", 2025),         # full-width digits
    ])
    def test_a_relative_year_next_to_a_year_that_does_not_fit(self, text, expected):
        (finding,) = rules_of(f"标题\n（2026年3月6日）\n{text}", "fact-mismatch")
        assert f"应是 {expected} 年" in finding.message

    @pytest.mark.parametrize("text", [
        "去年（2025年）全县排查隐患。",
        "今年是2026年，也是开局之年。",
        "去年7月，全县遭遇强降雨。",
        "2024年7月以来，全县持续推进整治。",
    ])
    def test_relative_years_that_fit_are_not_reported(self, text):
        assert rules_of(f"标题\n（2026年3月6日）\n{text}", "fact-mismatch") == []

    def test_no_meeting_date_no_relative_year_findings(self):
        assert rules_of("标题\n去年（2020年）全县排查隐患。", "fact-mismatch") == []

    def test_last_year_before_a_fact_date_of_another_year(self, draft):
        draft.set_edit("p.a", "压实安全责任。去年7月22日发生的洪水，教训深刻。")
        (finding,) = mismatches(draft)
        assert "2024年7月22日" in finding.message and "去年应是 2025 年" in finding.message
        draft.facts["flood_date"] = dt.date(2025, 7, 22)
        assert mismatches(draft) == []


def test_json_findings_carry_the_rule_ids():
    findings = check_text("严禁迟报、漏报、瞒报。\n王建国副县长出席。", leaders=LEADERS,
                          rules=["formulation", "leader-post"])
    assert [f.to_json()["rule"] for f in findings] == ["formulation", "leader-post"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.sampled_from(list(
    "迟报漏报谎报瞒报慌党政同责一岗双责齐抓共管失职追责王建国张华县长副书记常务出席领导、，,和及与或者"
    "（）()“”《》：:年月日去年今年2024 0198.%％处人１２\n")), max_size=40), max_size=10))
def test_the_new_rules_never_raise(paragraphs):
    findings = check_paragraphs(["标题", "（2026年3月6日）", *paragraphs], leaders=LEADERS,
                                rules=list(NEW_RULES))
    assert not [f for f in findings if f.rule == "check-error"]
    for text in paragraphs:
        fixed, _, _ = correct(text)
        assert isinstance(fixed, str)
