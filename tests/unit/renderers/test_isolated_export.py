"""Exports written in a forked child: same file, no python-docx in the caller, errors kept."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest

from workbench import forked
from workbench.core.layout import GBT9704_SPEECH
from workbench.errors import RenderError
from workbench.pipeline import Draft, assemble, render_bytes


@pytest.fixture
def document(minimal_template):
    draft = Draft(minimal_template)
    for spec in minimal_template.facts:
        if spec.example is not None:
            draft.facts[spec.id] = spec.example
    return assemble(draft)


def _body(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


def test_an_isolated_word_export_is_the_same_file(document):
    isolated = render_bytes(document, "docx", isolated=True)
    here = render_bytes(document, "docx")
    assert _body(isolated) == _body(here)
    assert zipfile.ZipFile(io.BytesIO(isolated)).namelist() == zipfile.ZipFile(
        io.BytesIO(here)).namelist()


def test_options_reach_the_child(document):
    wide = dataclasses.replace(GBT9704_SPEECH, margin_left_mm=40.0)
    assert _body(render_bytes(document, "docx", isolated=True, layout=wide)) != _body(
        render_bytes(document, "docx"))
    assert _body(render_bytes(document, "docx", isolated=True, layout=wide)) == _body(
        render_bytes(document, "docx", layout=wide))


def test_python_docx_never_loads_in_the_caller():
    code = textwrap.dedent("""
        import sys
        from workbench.core.loader import load_library
        from workbench.pipeline import Draft, render_bytes
        draft = Draft(load_library()["work-style"])
        data = render_bytes(draft, "docx", isolated=True)
        assert data.startswith(b"PK"), data[:10]
        print(sorted(m for m in sys.modules if m == "docx" or m.startswith(("docx.", "lxml"))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _boom() -> None:
    raise RenderError("无法写入：磁盘已满")


def test_an_error_in_the_child_is_raised_here():
    with pytest.raises(RenderError, match="磁盘已满"):
        forked.call_forked(_boom)


def _dies_in_child(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)
    return 42


def test_a_child_that_dies_makes_the_call_run_here(caplog):
    assert forked.call_forked(_dies_in_child, os.getpid()) == 42
    assert "in-process" in caplog.text


def _slow_in_child(parent: int) -> str:
    if os.getpid() != parent:
        time.sleep(30)
    return "here"


def test_a_child_that_hangs_is_killed_and_the_call_runs_here():
    start = time.monotonic()
    assert forked.call_forked(_slow_in_child, os.getpid(), timeout=0.5) == "here"
    assert time.monotonic() - start < 5


def _where() -> int:
    return os.getpid()


def test_results_come_from_a_child_unless_forking_is_off(monkeypatch):
    assert forked.call_forked(_where) != os.getpid()
    monkeypatch.setenv(forked.NO_FORK_ENV, "1")
    assert forked.call_forked(_where) == os.getpid()


def test_no_child_is_left_behind():
    before = _children()
    for _ in range(5):
        forked.call_forked(_where)
    forked.call_forked(_slow_in_child, os.getpid(), timeout=0.2)
    assert _children() == before


def _children() -> set[int]:
    import psutil

    return {p.pid for p in psutil.Process().children(recursive=True)}
