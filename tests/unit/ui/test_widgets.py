"""Shared widgets: file names, download links, the size-checked upload button."""

from __future__ import annotations

import base64

import pytest

from workbench.errors import WorkbenchError
from workbench.ui.widgets import UploadButton, check_upload, download_link, safe_filename


@pytest.mark.parametrize(("text", "expected"), [
    ("在【地名】会议上的讲话", "在地名会议上的讲话.docx"),
    ('a/b\\c:d*e?f"g<h>i|j', "abcdefghij.docx"),
    ("..", "讲稿.docx"),
    ("长" * 100, "长" * 60 + ".docx"),
])
def test_safe_filename(text, expected):
    assert safe_filename(text, ".docx") == expected


def test_download_link_escapes_the_name_and_carries_the_bytes():
    html = download_link(b"hello", 'a"><script>.txt', "text/plain", "下载")
    assert "<script>" not in html
    assert 'download="a&quot;&gt;&lt;script&gt;.txt"' in html
    assert base64.b64encode(b"hello").decode() in html


def test_check_upload_refuses_too_large_and_wrong_type():
    with pytest.raises(WorkbenchError, match="过大"):
        check_upload("a.json", b"x" * 11, 11, 10, (".json",))
    with pytest.raises(WorkbenchError, match="过大"):
        check_upload("a.json", None, 11, 10, (".json",))
    with pytest.raises(WorkbenchError, match="不是"):
        check_upload("a.txt", b"x", 1, 10, (".json",))
    assert check_upload("A.JSON", b"x", 1, 10, (".json",)).content == b"x"


def test_upload_button_passes_files_to_its_callback():
    got = []
    button = UploadButton(on_upload=lambda *args: got.append(args), max_bytes=10)
    button.send_file("a.json", b"{}")
    button._handle_upload(button, {"event": "too-large", "name": "b.json", "size": 99}, [])
    button._handle_upload(button, "not a dict", [])
    assert got == [("a.json", b"{}", 2), ("b.json", None, 99)]
