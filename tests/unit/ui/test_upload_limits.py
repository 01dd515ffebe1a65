"""Uploads (drafts, unit profiles, 范文, batch tables) over their limits, of the wrong type or malformed:
refused with one Chinese line, never a traceback (the UNEXPECTED message), never a hang."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import Draft
from workbench.core.draft import MAX_DRAFT_BYTES
from workbench.core.profile import MAX_PROFILE_BYTES
from workbench.readers import MAX_DOCX_BYTES
from workbench.tables import MAX_TABLE_BYTES
from workbench.ui import WorkbenchState
from workbench.ui.batch_view import BatchView
from workbench.ui.drafts import DraftsView
from workbench.ui.facts_form import FactsForm
from workbench.ui.import_view import MAX_PASTE_CHARS, ImportView
from workbench.ui.state import UNEXPECTED
from workbench.ui.widgets import UploadButton

_FUZZ = settings(max_examples=40, deadline=5000,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@dataclass
class Target:
    """One upload button and where its message shows."""

    button: UploadButton
    message: Any  # () -> (kind, text)
    suffix: str
    limit: int
    view: Any = None


def _drafts(library) -> Target:
    state = WorkbenchState(library, template="mini", mode="voila")
    view = DraftsView(state)
    return Target(view.upload, lambda: (state.status_kind, state.status), ".json", MAX_DRAFT_BYTES)


def _profile(library) -> Target:
    state = WorkbenchState(library, template="mini", mode="voila")
    form = FactsForm(state)
    return Target(form.load_profile, lambda: (state.status_kind, state.status), ".yaml",
                  MAX_PROFILE_BYTES)


def _import(library) -> Target:
    view = ImportView(templates_dir=None)

    def message() -> tuple[str, str]:
        html = view.status.value
        kind = "error" if "wb-status-error" in html else "ok"
        return kind, html

    return Target(view.upload, message, ".docx", MAX_DOCX_BYTES, view)


def _batch(library, suffix: str = ".csv") -> Target:
    state = WorkbenchState(library, template="mini", mode="voila")
    view = BatchView(state)
    return Target(view.upload, lambda: (state.status_kind, state.status), suffix, MAX_TABLE_BYTES)


TARGETS = {"drafts": _drafts, "profile": _profile, "import": _import, "batch": _batch,
           "batch-xlsx": lambda library: _batch(library, ".xlsx")}


def _assert_one_line_refusal(target: Target, *words: str) -> None:
    kind, text = target.message()
    assert kind == "error", text
    assert UNEXPECTED not in text and "Traceback" not in text
    assert "\n" not in text
    for word in words:
        assert word in text, text


@pytest.mark.parametrize("which", TARGETS)
def test_the_browser_checks_type_and_size_before_sending(ui_library, which):
    target = TARGETS[which](ui_library)
    assert target.suffix in target.button.accept
    assert target.button.max_bytes == target.limit
    # The JavaScript refuses by suffix and by size, and tells the kernel only the name.
    assert '"wrong-type"' in target.button._esm and '"too-large"' in target.button._esm


@pytest.mark.parametrize("which", TARGETS)
def test_a_file_of_the_wrong_type_is_refused_by_name(ui_library, which):
    target = TARGETS[which](ui_library)
    target.button._handle_upload(target.button, {"event": "wrong-type", "name": "照片.png",
                                                 "size": 12345}, [])
    _assert_one_line_refusal(target, "照片.png")


@pytest.mark.parametrize("which", TARGETS)
def test_a_file_over_the_limit_is_refused_without_its_bytes(ui_library, which):
    target = TARGETS[which](ui_library)
    target.button._handle_upload(target.button, {"event": "too-large", "name": f"大{target.suffix}",
                                                 "size": target.limit + 1}, [])
    _assert_one_line_refusal(target, "过大")


@pytest.mark.parametrize("which", TARGETS)
def test_a_client_that_sends_too_much_anyway_is_refused(ui_library, which):
    target = TARGETS[which](ui_library)
    target.button.send_file(f"大{target.suffix}", b"x" * (target.limit + 1))
    _assert_one_line_refusal(target, "过大")


def _valid(which: str, library) -> bytes:
    if which == "drafts":
        draft = Draft(library["mini"])
        draft.facts["place"] = "青山县"
        draft.set_edit("opening.0", "今天召开会议，部署青山县的工作。")
        return draft.dumps().encode("utf-8")
    if which == "profile":
        return "format: speech-workbench-profile\nversion: 1\nfacts:\n  place: 青山县\n  hazards: 12\n".encode()
    if which == "batch-xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        for row in (["地名", "隐患数"], ["青山县", 12], ["绿水县", 7]):
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    if which == "batch":
        return "地名,隐患数,事故日期\r\n青山县,12,2026-01-31\r\n绿水县,7,\r\n".encode("utf-8-sig")
    document = docx.Document()
    for line in ("同志们：", "一、提高认识", "（一）压实责任", "谢谢大家！"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@st.composite
def _mutated(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["cut", "flip", "insert", "delete", "garbage"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.sampled_from([b"\x00", b"\xff\xfe", b"[" * 5000, b"{{", b"&a [*a]",
                                                b"!!python/object:os.system", b"\xed\xa0\x80",
                                                b'"revision": 999999', b"PK\x03\x04"]))
    return bytes(data)


@pytest.mark.parametrize("which", TARGETS)
def test_any_mutation_of_a_good_file_opens_or_is_refused_with_one_line(ui_library, which):
    original = _valid(which, ui_library)
    target = TARGETS[which](ui_library)
    target.button.send_file(f"好{target.suffix}", original)
    assert target.message()[0] != "error", target.message()

    @_FUZZ
    @given(data=st.one_of(_mutated(original), st.binary(max_size=3000)))
    def check(data):
        target = TARGETS[which](ui_library)
        target.button.send_file(f"文件{target.suffix}", data)
        _kind, text = target.message()
        assert UNEXPECTED not in text and "Traceback" not in text
        assert "\n" not in text

    check()


def test_a_small_word_file_with_a_huge_text_is_refused_before_the_text_box(ui_library):
    document = docx.Document()
    paragraph = "要抓好安全生产工作，压实各方责任。" * 200
    for _ in range(MAX_PASTE_CHARS // len(paragraph) + 2):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    assert len(buffer.getvalue()) < 200_000  # compresses well: small on the wire
    target = _import(ui_library)
    target.button.send_file("长.docx", buffer.getvalue())
    _assert_one_line_refusal(target, "文字过长", str(MAX_PASTE_CHARS))
    assert target.view.text.value == ""  # the text box would have sent it all to the browser


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(ui_library):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (8 * 1024 * 1024))
    target = _import(ui_library)
    target.button.send_file("炸弹.docx", buffer.getvalue())
    _assert_one_line_refusal(target, "拒绝打开")


def test_the_servers_take_the_largest_upload_with_room_to_spare():
    import json

    from tests.conftest import ROOT

    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    limit = config["Voila"]["tornado_settings"]["websocket_max_message_size"]
    # A message carries the file and a header; one over the limit drops the session.
    assert limit >= max(MAX_DRAFT_BYTES, MAX_PROFILE_BYTES, MAX_DOCX_BYTES, MAX_TABLE_BYTES) + 2**20
    assert f'"websocket_max_message_size": {limit}' in (ROOT / "Makefile").read_text(encoding="utf-8")
