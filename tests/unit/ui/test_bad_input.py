"""Hostile text typed into the form: shown as text, every export still works (issue 8)."""

from __future__ import annotations

import base64
import io
import re

import docx
import pytest

from tests.unit.ui.dom import one
from workbench.core.facts import MAX_FACT_CHARS
from workbench.ui import WorkbenchApp

NASTY = {
    "controls": "青山\x00\x07\x1b县\x0b",
    "lone surrogates": "青山\ud800县\udfff",
    "emoji": "青山县🚒🔥👩‍🚒",
    "huge": "青山县" * (MAX_FACT_CHARS // 3),  # as long as a fact may be
    "html": '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "jinja": "{{ ''.__class__.__mro__ }}{% for x in range(9) %}x{% endfor %}",
    "brackets": "【地名】【】",
    "rtl": "青山\u202e县\u200f\u202d",
}


def _link_bytes(html: str) -> bytes:
    match = re.search(r'href="data:[^,]+;base64,([^"]+)"', html)
    assert match, html
    return base64.b64decode(match.group(1))


@pytest.mark.parametrize("value", list(NASTY.values()), ids=list(NASTY))
def test_hostile_place_is_text_in_the_preview_and_every_export_opens(state, tmp_path, value):
    app = WorkbenchApp(state, drafts_dir=tmp_path)
    one(app.widget, "wb-fact-place").value = value
    one(app.widget, "wb-fact-hazards").value = value
    assert state.status_kind != "error", state.status
    html = one(app.widget, "wb-preview").value
    assert "<script" not in html and "<img" not in html
    for css in ("wb-export-markdown", "wb-export-text"):
        one(app.widget, css).click()
        assert state.status_kind != "error", state.status
        _link_bytes(one(app.widget, "wb-download").value).decode("utf-8")
    one(app.widget, "wb-export").click()
    assert state.status_kind != "error", state.status
    document = docx.Document(io.BytesIO(_link_bytes(one(app.widget, "wb-download").value)))
    assert document.paragraphs
    assert list(tmp_path.glob("*.json")), "the draft was autosaved"


def test_a_value_over_the_fact_limit_is_refused_next_to_the_field(state, tmp_path):
    app = WorkbenchApp(state, drafts_dir=tmp_path)
    one(app.widget, "wb-fact-place").value = "青山县" * 33_334  # 100,002 characters
    assert "place" not in state.draft.facts
    assert f"过长，上限 {MAX_FACT_CHARS} 字" in app.facts.fields["place"].error.value
    assert "【地名】" in one(app.widget, "wb-preview").value
