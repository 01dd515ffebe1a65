"""FactsForm: a widget per fact type, validation, examples, unit profiles."""

from __future__ import annotations

import base64
import datetime as dt
import re

import ipywidgets as w
import pytest
import yaml

from workbench.core.profile import MAX_PROFILE_BYTES
from workbench.ui.facts_form import FactsForm


@pytest.fixture
def form(state):
    return FactsForm(state)


def _link_bytes(html: str) -> bytes:
    match = re.search(r'href="data:[^;]+(?:;charset=[^;]+)?;base64,([^"]+)"', html)
    assert match, html
    return base64.b64decode(match.group(1))


def test_each_fact_has_a_widget_of_its_type_with_its_class(form):
    assert isinstance(form.fields["place"].input, w.Text)
    assert isinstance(form.fields["hazards"].input, w.Text)
    assert isinstance(form.fields["accident_date"].input, w.DatePicker)
    for fid, field in form.fields.items():
        assert f"wb-fact-{fid}" in field.input._dom_classes
    assert form.fields["place"].input.placeholder == "如：青山县"
    assert "地名" in form.fields["place"].label.value


def test_list_and_bool_facts_get_textarea_and_checkbox(state):
    state.choose_template("second")
    form = FactsForm(state)
    assert isinstance(form.fields["rivers"].input, w.Textarea)
    assert "青龙河" in form.fields["rivers"].input.placeholder
    assert isinstance(form.fields["flag"].input, w.Checkbox)
    form.fields["rivers"].input.value = "青龙河\n白沙河"
    assert state.draft.facts["rivers"] == ["青龙河", "白沙河"]
    form.fields["flag"].input.value = True
    assert state.draft.facts["flag"] is True


def test_typing_a_place_reaches_the_preview(form, state):
    form.fields["place"].input.value = "青山县"
    assert state.draft.facts["place"] == "青山县"
    assert "在青山县测试会议上的讲话" in state.html


def test_required_empty_fact_is_marked_until_filled(form):
    field = form.fields["place"]
    assert "wb-missing" in field.widget._dom_classes
    assert "尚未填写" in field.label.value
    field.input.value = "青山县"
    assert "wb-missing" not in field.widget._dom_classes
    assert "尚未填写" not in field.label.value


def test_a_bad_number_is_refused_next_to_the_field(form, state):
    form.fields["hazards"].input.value = "三十七"
    assert "hazards" not in state.draft.facts
    assert "应为数字" in form.fields["hazards"].error.value
    form.fields["hazards"].input.value = "1,260"
    assert state.draft.facts["hazards"] == 1260
    assert form.fields["hazards"].error.value == ""


def test_a_date_from_the_picker_is_a_date_fact(form, state):
    form.fields["accident_date"].input.value = dt.date(2026, 1, 31)
    assert state.draft.facts["accident_date"] == dt.date(2026, 1, 31)
    assert "2026年1月31日" in state.html


def test_fill_examples_fills_empty_facts_and_keeps_given_ones(form, state):
    form.fields["place"].input.value = "青山县"
    form.fill.click()
    assert state.draft.facts["place"] == "青山县"
    assert state.draft.facts["hazards"] == 37
    assert form.fields["hazards"].input.value == "37"
    assert form.fields["accident_date"].input.value == dt.date(2026, 1, 31)
    assert "wb-fill-examples" in form.fill._dom_classes


def test_fact_text_is_escaped_in_the_preview(form, state):
    form.fields["place"].input.value = '<img src=x onerror="alert(1)">{{ 7*7 }}'
    assert "<img" not in state.html
    assert "&lt;img" in state.html
    assert "{{ 7*7 }}" in state.html


def test_profile_round_trip_into_another_template(form, state):
    form.fields["place"].input.value = "青山县"
    form.fields["hazards"].input.value = "37"
    form.save_profile.click()
    data = _link_bytes(form.profile_link.value)
    assert yaml.safe_load(data)["facts"] == {"place": "青山县", "hazards": 37}
    state.choose_template("second")
    state.draft.facts.clear()
    state.touch()
    other = FactsForm(state)
    other.load_profile.send_file("本地要素档案.yaml", data)
    assert state.draft.facts["place"] == "青山县"
    assert other.fields["place"].input.value == "青山县"
    assert "载入 1 项要素" in state.status and "1 项本模板未用到" in state.status


def test_a_plain_mapping_profile_is_accepted(form, state):
    form.load_profile.send_file("p.yml", "place: 白水县\nhazards: 5\n".encode())
    assert state.draft.facts["hazards"] == 5
    assert form.fields["place"].input.value == "白水县"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("p.yaml", b"a: [1, 2", "不是有效的 YAML"),
    ("p.yaml", b"- just\n- a list\n", "不是要素档案"),
    ("p.yaml", b"place: {nested: map}\n", "值应为"),
    ("p.yaml", b"place: !!python/object:os.system ls\n", "不是有效的 YAML"),
    ("p.yaml", b"\xff\xfe\x00", "不是 UTF-8"),
    ("p.exe", b"place: x\n", "不是.yaml/.yml文件"),
    ("p.yaml", b"a: 1\n" + b"#" * MAX_PROFILE_BYTES, "过大"),
])
def test_bad_profiles_are_refused_with_a_message(form, state, name, content, message):
    form.load_profile.send_file(name, content)
    assert state.status_kind == "error"
    assert message in state.status
    assert "place" not in state.draft.facts


def test_an_oversized_profile_refused_by_the_browser_gets_a_message(form, state):
    form.load_profile._handle_upload(form.load_profile,
                                     {"event": "too-large", "name": "big.yaml", "size": 9 << 20},
                                     [])
    assert state.status_kind == "error"
    assert "过大（9.0 MB）" in state.status


def test_form_is_rebuilt_for_a_new_template_keeping_values(form, state):
    form.fields["place"].input.value = "青山县"
    state.choose_template("second")
    assert set(form.fields) == {"place", "projects", "flag", "rivers"}
    assert form.fields["place"].input.value == "青山县"


def test_a_value_that_does_not_parse_reads_wrong_format_not_unfilled(form, state):
    field = form.fields["hazards"]
    field.input.value = "abc"
    assert "格式不对" in field.label.value and "尚未填写" not in field.label.value
    assert "格式不对，应为数字，如 37" in field.error.value
    assert "wb-fact-invalid" in field.widget._dom_classes
    field.input.value = "37"
    assert state.draft.facts["hazards"] == 37
    assert "格式不对" not in field.label.value + field.error.value
    assert "wb-fact-invalid" not in field.widget._dom_classes


def test_a_required_field_with_a_bad_value_says_wrong_format(state):
    state.choose_template("second")
    form = FactsForm(state)
    field = form.fields["projects"]
    field.input.value = "十二"
    assert "＊格式不对" in field.label.value and "尚未填写" not in field.label.value
    assert "wb-missing" not in field.widget._dom_classes
    field.input.value = ""
    assert "尚未填写" in field.label.value


def test_units_and_years_are_accepted_and_negative_counts_refused():
    from workbench.core.loader import load_library
    from workbench.ui import WorkbenchState

    state = WorkbenchState(load_library(), template="work-safety-plenary", mode="lab")
    form = FactsForm(state)
    field = form.fields["hazards_found"]
    field.input.value = "1260处"
    assert state.draft.facts["hazards_found"] == 1260
    assert field.error.value == ""
    field.input.value = "-5"
    assert "hazards_found" not in state.draft.facts
    assert f"不小于 {field.spec.min}" in field.error.value and "格式不对" in field.label.value
    state.choose_template("year-end-summary")
    form = FactsForm(state)
    form.fields["year"].input.value = "2025年"
    assert state.draft.facts["year"] == 2025


def _sent_after_browser_update(widget, value):
    """What the kernel sends back when the browser says the field now holds `value`."""
    sent = []
    original = widget._send
    widget._send = lambda msg, buffers=None: sent.append(msg)
    try:
        widget._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                                 "buffer_paths": []}}, "buffers": []})
    finally:
        widget._send = original
    return sent


def test_a_typed_key_is_not_echoed_back_but_a_kernel_value_still_goes_out(form, state):
    field = form.fields["place"].input
    assert _sent_after_browser_update(field, "青山县") == []       # no echo_update a key
    assert state.draft.facts["place"] == "青山县"
    assert [m["method"] for m in _sent_after_browser_update(w.Text(), "x")] == ["echo_update"]
    sent = []
    field._send = lambda msg, buffers=None: sent.append(msg)
    field.value = "白水县"                                          # the kernel's own change
    assert sent and sent[0]["method"] == "update" and sent[0]["state"]["value"] == "白水县"
