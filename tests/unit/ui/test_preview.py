"""PreviewView: the page, the stats line with the stated rate, the problems list."""

from __future__ import annotations

from workbench.core.checks import Finding
from workbench.ui.preview import PreviewView


def test_preview_shows_the_state_html_with_slots_marked(state):
    view = PreviewView(state)
    assert "wb-preview" in view.preview._dom_classes
    assert view.preview.value == state.html
    assert '<mark class="wb-slot"' in view.preview.value


def test_preview_value_is_replaced_on_change(state):
    view = PreviewView(state)
    state.draft.facts["place"] = "青山县"
    state.touch()
    assert "在青山县测试会议上的讲话" in view.preview.value


def test_stats_state_count_time_and_rate(state):
    view = PreviewView(state)
    assert "wb-stats" in view.stats._dom_classes
    assert f"<b>{state.chars:,}</b> 字" in view.stats.line
    assert "按每分钟 240 字计" in view.stats.line
    assert "目标约 600 字" in view.stats.line


def test_problems_list_findings_once_with_a_count(state):
    view = PreviewView(state)
    state.findings = [Finding("unfilled-slot", "要素“地名”尚未填写")] * 3 + [
        Finding("count-mismatch", "开头说“讲三点”，正文实际有 2 个部分")]
    assert "待处理问题（4）" in view.problems.value
    assert view.problems.value.count("要素“地名”尚未填写") == 1
    assert "×3" in view.problems.value
    assert "wb-problems" in view.problems._dom_classes


def test_no_problems_is_said_plainly(state):
    view = PreviewView(state)
    state.findings = []
    assert "未发现问题" in view.problems.value


def test_finding_messages_are_escaped(state):
    view = PreviewView(state)
    state.findings = [Finding("x", "<script>alert(1)</script>")]
    assert "<script>" not in view.problems.value


def _sent(view):
    sent = []
    view.preview.send = lambda msg, buffers=None: sent.append(msg)
    return sent


def test_checked_is_sent_only_when_the_page_hid_a_finding(state):
    view = PreviewView(state)
    sent = _sent(view)
    listed = {f.paragraph for f in state.findings if f.paragraph}
    assert listed, "the minimal template starts with unfilled slots"
    state.set_fact("place", "青山县")  # fills slots in paragraphs the list names
    patch = next(m for m in sent if m["t"] == "patch")
    touched = {key.split("~")[0] for key, _ in patch["set"]}
    assert touched & listed
    assert sent[-1] == {"t": "checked"}
    # a change to paragraphs no finding names: the page hid nothing, nothing to unhide
    sent.clear()
    listed = {f.paragraph for f in state.findings if f.paragraph}
    state.set_fact("place", "白水县")
    patch = next(m for m in sent if m["t"] == "patch")
    touched = {key.split("~")[0] for key, _ in patch["set"]}
    assert not touched & listed, (touched, listed)
    assert {"t": "checked"} not in sent
