"""PDF out: `workbench build … -o 讲话.pdf` through real LibreOffice, read back with poppler.

Run under `flock /tmp/wb-heavy.lock` (LibreOffice); `make test` installs soffice,
poppler-utils and the fonts of `workbench/renderers/fonts.conf`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support.libreoffice import heavy_lock
from workbench import load_library
from workbench.cli import main
from workbench.commands._common import to_yaml
from workbench.convert import convert
from workbench.errors import ConversionError

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True, scope="module")
def _heavy():
    """Take the machine's LibreOffice/browser lock (a no-op under `flock` already)."""
    with heavy_lock():
        yield

#: Characters a full body line holds, and lines a full page holds (GB/T 9704).
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22

_PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")
_CJK_ONLY = re.compile(r"^[\u3000-\u9fff\uff00-\uffef“”‘’—…·]+$")
# "BAAAAA+NotoSerifCJKjp-Bold-VKana" -> "notoserifcjk"; "CAAAAA+UKaiCN" -> "ukai".
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?i)(-(regular|bold|black|medium|light|book|italic|vkana)+)+$|(jp|sc|cn|tc|kr|hk)$")


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _families(pdf: Path) -> set[str]:
    out = subprocess.run([_require("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    families = set()
    for name in names:
        base = _SUBSET.sub("", name)
        for _ in range(3):
            base = _STYLE.sub("", base)
        families.add(base.lower())
    return families


def _pages(pdf: Path) -> list[list[str]]:
    text = subprocess.run([_require("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")
    return [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")
            if page.strip()]


@pytest.fixture(scope="module")
def speech_pdf(tmp_path_factory) -> Path:
    """A 4,000-character speech (all example facts) built as a PDF by the CLI."""
    _require("soffice")
    folder = tmp_path_factory.mktemp("pdf")
    facts = folder / "f.yaml"
    template = load_library()["work-style"]
    facts.write_text(to_yaml({s.id: s.example for s in template.fact_specs.values()
                              if s.example is not None}), encoding="utf-8")
    target = folder / "讲话.pdf"
    assert main(["build", "work-style", "--facts", str(facts), "-o", str(target)]) == 0
    return target


def test_pdf_shows_title_headings_and_body_in_distinct_font_families(speech_pdf):
    families = _families(speech_pdf)
    cjk = {f for f in families if "liberation" not in f and "times" not in f}
    # Title and body: Noto Serif CJK; level 1: Noto Sans CJK; level 2: AR PL UKai.
    assert len(cjk) >= 3, families
    assert any("sans" in f for f in cjk) and any("kai" in f for f in cjk), families


def test_pdf_keeps_28_characters_a_line_and_22_lines_a_page(speech_pdf):
    pages = _pages(speech_pdf)
    assert len(pages) >= 4
    # Interior pages are full: 22 lines of text, then the page number.
    for number, page in enumerate(pages[1:-1], 2):
        assert _PAGE_NUMBER.match(page[-1]), (number, page[-1])
        assert len(page) - 1 == LINES_PER_PAGE, (number, len(page) - 1)
    counts = [len(line.strip()) for page in pages for line in page[:-1]
              if _CJK_ONLY.match(line.strip()) and not line.startswith(" " * 3)]
    assert len(counts) >= 60
    # Full lines hold 28; LibreOffice may hang one closing mark past the margin.
    full = [n for n in counts if n >= CHARS_PER_LINE - 1]
    assert len(full) >= 0.6 * len(counts)
    assert all(n <= CHARS_PER_LINE + 1 for n in counts), max(counts)
    assert sum(n == CHARS_PER_LINE for n in counts) >= len(counts) // 2


def _leftovers() -> set[str]:
    # Our folders; LibreOffice's own temp files (lu*.tmp) go into them (TMPDIR), so other
    # users' LibreOffice runs on the machine cannot disturb this count.
    return {p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("wb-office-")}


def test_a_file_that_cannot_be_converted_is_one_line_and_leaves_nothing(tmp_path):
    _require("soffice")
    before = _leftovers()
    with pytest.raises(ConversionError) as info:
        convert(b"PK\x03\x04 this is no Word file", "坏文件.docx", "pdf", timeout=60)
    message = str(info.value)
    assert message.startswith("坏文件.docx: ") and "\n" not in message
    assert not _leftovers() - before


def test_a_conversion_over_its_time_is_stopped_and_leaves_nothing(speech_pdf):
    _require("soffice")
    before = _leftovers()
    with pytest.raises(ConversionError, match="超时"):
        convert(speech_pdf.read_bytes(), "慢.pdf", "docx", timeout=0.3)
    assert not _leftovers() - before
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "wb-office-" not in ps  # no soffice of ours still running


def test_build_pdf_without_libreoffice_is_one_chinese_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SOFFICE", str(tmp_path / "no-soffice"))
    facts = tmp_path / "f.yaml"
    facts.write_text("place: 青山县\n", encoding="utf-8")
    code = main(["build", "work-style", "--facts", str(facts), "--allow-missing", "-o",
                 str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and "未安装 LibreOffice" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def _layout_text(data: bytes, folder: Path, name: str) -> str:
    path = folder / name
    path.write_bytes(data)
    return subprocess.run([_require("pdftotext"), "-layout", str(path), "-"], capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")


def test_a_warm_converter_starts_libreoffice_once_and_lays_out_the_same(speech_pdf, tmp_path):
    from workbench.convert import WarmConverter, uno_python
    from workbench.renderers.pdf import conversion_env

    if uno_python() is None:
        pytest.skip("python3-uno is not installed (make test installs it)")
    docx_bytes = _speech_docx()
    converter = WarmConverter(conversion_env(), idle_s=0)
    try:
        first = converter.convert(docx_bytes, "讲话.docx", "pdf", timeout=120)
        second = converter.convert(docx_bytes, "讲话.docx", "pdf", timeout=120)
        assert converter.starts == 1 and converter.is_running
        cold = convert(docx_bytes, "讲话.docx", "pdf", timeout=120, env=conversion_env())
        assert _layout_text(first, tmp_path, "a.pdf") == _layout_text(cold, tmp_path, "c.pdf")
        assert second.startswith(b"%PDF-")
        folder = converter._folder
        assert folder is not None and folder.is_dir()
        with pytest.raises(ConversionError, match="无法转换此文件"):
            converter.convert(b"PK\x03\x04 junk", "坏.docx", "pdf", timeout=60)
        assert converter.is_running  # a bad file does not cost the warm LibreOffice
        pid = converter.pid
        with pytest.raises(ConversionError, match="超时"):
            converter.convert(docx_bytes, "讲话.docx", "pdf", timeout=0.01)
        assert not converter.is_running and not folder.exists()
        assert _group_ends(pid)  # the worker and its soffice are gone
        converter.convert(docx_bytes, "讲话.docx", "pdf", timeout=120)
        assert converter.starts == 2
        folder, pipe = converter._folder, converter._pipe
    finally:
        converter.close()
    assert not converter.is_running and not folder.exists()
    # Its own pipe only: another kept-warm LibreOffice of this user (a dashboard) has one too.
    assert pipe.startswith("wb-") and not (Path("/tmp") / f"OSL_PIPE_{os.getuid()}_{pipe}").exists()


def _group_ends(pgid: int, within: float = 10.0) -> bool:
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)  # killed processes linger a moment until they are reaped
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _speech_docx() -> bytes:
    import io

    from workbench import Draft

    draft = Draft(load_library()["work-style"])
    draft.facts.fill_examples()
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    return buffer.getvalue()


def test_the_pdf_holds_every_character_of_the_speech(speech_pdf):
    # LibreOffice 7.4 inverts w:overflowPunct; left as Word means it, it hangs closing marks
    # past the margin and its PDF drops some of them (six to nine a speech).
    from workbench.readers import read_document

    speech = "".join(t.replace("\n", "") for t in read_document(_speech_docx(), "讲话.docx").texts)
    pdf = "".join(read_document(speech_pdf).texts)
    assert len(speech) > 3000
    assert pdf == speech


def test_the_dashboards_isolated_pdf_export_holds_every_character_too():
    # The app writes the .docx in a forked child and converts it here (docx_to_pdf).
    from workbench import Draft
    from workbench.pipeline import render_bytes
    from workbench.readers import read_document

    draft = Draft(load_library()["flood-season"])
    draft.facts.fill_examples()
    pdf = render_bytes(draft.document(), "pdf", isolated=True)
    speech = "".join(t.replace("\n", "") for t in read_document(render_bytes(draft.document(), "docx"),
                                                                 "讲话.docx").texts)
    assert "".join(read_document(pdf, "讲话.pdf").texts) == speech
