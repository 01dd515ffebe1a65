""".docx export end to end: every shipped template, the CLI, hostile text, and the page as
LibreOffice lays it out (22 lines of 28 characters, page numbers — N —)."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.docx_reader import Reader, open_docx
from workbench import Draft, load_library, parse_template
from workbench.cli import main
from workbench.core.facts import MAX_FACT_CHARS
from workbench.core.nodes import block_text

LIBRARY = load_library()
IDS = sorted(LIBRARY)

#: The 4,000-character template used for the page checks.
LONG_TEMPLATE = "work-safety-plenary"

MM = 72 / 25.4  # points in a millimetre
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
LEFT, RIGHT = 28 * MM, PAGE_WIDTH - 26 * MM
TYPE_BOTTOM = PAGE_HEIGHT - 35 * MM


def example_draft(template_id: str) -> Draft:
    draft = Draft(LIBRARY[template_id])
    draft.facts.fill_examples()
    return draft


@pytest.mark.parametrize("template_id", IDS)
def test_every_template_exports_and_reopens(template_id, tmp_path):
    draft = example_draft(template_id)
    target = tmp_path / f"{template_id}.docx"
    draft.export_docx(target)
    reader = Reader(open_docx(target))
    paragraphs = reader.paragraphs()
    doc = draft.document()
    assert len(paragraphs) == len(list(doc.iter_blocks()))
    assert reader.style_name(reader.style_id(paragraphs[0])) == "Title"
    assert reader.text(paragraphs[0]).replace("\n", "") == block_text(doc.title)
    for run in reader.iter_runs():
        assert reader.east_asian_font(run.element, run.paragraph)
        assert reader.run_attr(run.element, run.paragraph, "highlight") is None  # no slot left
    assert reader.document.core_properties.title


@pytest.mark.parametrize("template_id", IDS)
def test_every_pattern_exports(template_id):
    draft = example_draft(template_id)
    patterns = sorted(set().union(*(s.patterns for s in draft.sections)))
    for pattern in patterns:
        for section in draft.sections:
            if pattern in section.patterns:
                section.pattern = pattern
        buffer = io.BytesIO()
        draft.export_docx(buffer)
        reader = Reader(open_docx(buffer))
        expected = "".join(block_text(b) for b in draft.document().iter_blocks())
        assert "".join(reader.text(p) for p in reader.paragraphs()).replace("\n", "") == expected


def test_missing_facts_export_as_highlighted_slots(minimal_template):
    draft = Draft(minimal_template)
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    reader = Reader(open_docx(buffer))
    highlighted = [r.text for r in reader.iter_runs()
                   if reader.run_attr(r.element, r.paragraph, "highlight") == "yellow"]
    assert highlighted and all(t.startswith("【") and t.endswith("】") for t in highlighted)
    assert len(highlighted) == len(list(draft.document().iter_slots()))


def test_cli_builds_docx_with_and_without_a_layout(capsys, tmp_path):
    assert main(["facts", LONG_TEMPLATE, "--example"]) == 0
    facts = tmp_path / "f.yaml"
    facts.write_text(capsys.readouterr().out, encoding="utf-8")
    plain, fallback = tmp_path / "speech.docx", tmp_path / "fallback.docx"
    assert main(["build", LONG_TEMPLATE, "--facts", str(facts), "-o", str(plain)]) == 0
    layout = ROOT / "layouts" / "fangsong-fallback.yaml"
    assert main(["build", LONG_TEMPLATE, "--facts", str(facts), "-o", str(fallback),
                 "--layout", str(layout)]) == 0
    for path, font in ((plain, "仿宋_GB2312"), (fallback, "仿宋")):
        reader = Reader(open_docx(path))
        body = reader.paragraphs()[4]
        assert reader.east_asian_font(reader.runs(body)[0].element, body) == font
    assert Reader(open_docx(fallback)).page()["top"] < Reader(open_docx(plain)).page()["top"]


def test_cli_reports_a_broken_layout_in_one_line(capsys, tmp_path):
    layout = tmp_path / "bad.yaml"
    layout.write_text("margin_top_mm: 37\nbody_size_pt: 大\n", encoding="utf-8")
    code = main(["build", LONG_TEMPLATE, "--allow-missing", "-o", str(tmp_path / "x.docx"),
                 "--layout", str(layout)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1
    assert f"{layout}:2" in err and "body_size_pt" in err
    assert not (tmp_path / "x.docx").exists()


HOSTILE = ("控制\x00\x07\x1b符\ud83d孤立😀<script>alert(1)</script>{{ place }}{% raw %}"
           "【伪造】\u202e反向\u200f\u2067隔离")


def test_hostile_fact_exports_and_reopens():
    from tests.conftest import MINIMAL_TEMPLATE

    draft = Draft(parse_template(MINIMAL_TEMPLATE, "mini.yaml"))
    # As long as a fact may be (MAX_FACT_CHARS), repeated wherever the place appears.
    draft.facts["place"] = HOSTILE + "青山县" * ((MAX_FACT_CHARS - len(HOSTILE)) // 3)
    draft.set_edit("opening.0", "青山县" * 33334)  # a paragraph of over 100,000 characters
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    reader = Reader(open_docx(buffer))
    text = "".join(reader.text(p) for p in reader.paragraphs())
    assert "<script>alert(1)</script>" in text and "{{ place }}" in text
    assert len(text) > 100000
    assert not re.search("[\x00-\x08\x0b-\x1f\ud800-\udfff\u202e\u200f\u2067]", text)


# -- the page as LibreOffice lays it out ------------------------------------------------


@dataclass
class Line:
    """A line of the PDF: its box in points (origin top left) and its words."""

    x0: float
    y0: float
    x1: float
    y1: float
    words: list[str]

    @property
    def text(self) -> str:
        return "".join(self.words)


_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                   re.S)
_WORD = re.compile(r"<word [^>]*>([^<]*)</word>")
_PAGE_NUMBER = re.compile(r"^—(\d+)—$")
_CJK_ONLY = re.compile(r"^[^\x00-\x7f]+$")


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def convert_to_pdf(docx_path: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Convert `docx_path` with LibreOffice in a private profile; return the PDF."""
    soffice = _require("soffice")
    home = out_dir / "home"
    home.mkdir(exist_ok=True)
    command = [soffice, f"-env:UserInstallation={(out_dir / 'lo-profile').as_uri()}",
               "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
               str(docx_path)]
    env = {**os.environ, "HOME": str(home)}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin in its group
        proc.communicate()
        pytest.fail(f"LibreOffice did not finish within {timeout} s")
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.exists(), (out + err).decode("utf-8", "replace")
    return pdf


def pdf_lines(pdf: Path) -> list[list[Line]]:
    """Return the lines of each page of `pdf`, top to bottom."""
    _require("pdftotext")
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         timeout=60, check=True).stdout.decode("utf-8")
    pages = []
    for page in xml.split("<page ")[1:]:
        lines = [Line(*map(float, m.groups()[:4]), _WORD.findall(m.group(5)))
                 for m in _LINE.finditer(page)]
        pages.append(sorted(lines, key=lambda line: (line.y0, line.x0)))
    return pages


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> list[list[Line]]:
    """The long template, exported and laid out by LibreOffice: lines of each page."""
    out_dir = tmp_path_factory.mktemp("lo")
    docx_path = out_dir / "speech.docx"
    example_draft(LONG_TEMPLATE).export_docx(docx_path)
    return pdf_lines(convert_to_pdf(docx_path, out_dir))


def _body(page: list[Line]) -> list[Line]:
    return [line for line in page if not _PAGE_NUMBER.match(line.text)]


def _number(page: list[Line]) -> Line:
    (number,) = [line for line in page if _PAGE_NUMBER.match(line.text)]
    return number


@pytest.mark.slow
def test_full_body_lines_hold_28_characters(laid_out):
    counts = []
    for page in laid_out:
        body = _body(page)
        for line, following in pairwise(body):
            # An interior line of a paragraph: flush left, and so is the line after it.
            interior = abs(line.x0 - LEFT) < 2 and abs(following.x0 - LEFT) < 2
            if interior and _CJK_ONLY.match(line.text):
                counts.append(len(line.text))
    assert len(counts) >= 50
    assert all(27 <= n <= 29 for n in counts), counts
    assert max(set(counts), key=counts.count) == 28


@pytest.mark.slow
def test_full_pages_hold_22_lines(laid_out):
    assert len(laid_out) >= 5
    for number, page in enumerate(laid_out[1:-1], 2):
        assert 21 <= len(_body(page)) <= 23, number
    assert sum(len(_body(page)) == 22 for page in laid_out[1:-1]) >= len(laid_out[1:-1]) // 2


@pytest.mark.slow
def test_lines_sit_on_the_grid(laid_out):
    page = _body(laid_out[2])
    steps = {round(b.y0 - a.y0, 1) for a, b in pairwise(page)}
    assert steps <= {28.9, 29.0, 28.95}, steps


@pytest.mark.slow
def test_page_numbers_outer_side_one_character_in(laid_out):
    numbers = [_PAGE_NUMBER.match(_number(page).text).group(1) for page in laid_out]
    assert numbers[:2] == ["1", "2"]
    assert numbers == [str(n) for n in range(1, len(laid_out) + 1)]
    odd, even = _number(laid_out[0]), _number(laid_out[1])
    one_char = 16
    assert odd.x1 == pytest.approx(RIGHT - one_char, abs=3)
    assert even.x0 == pytest.approx(LEFT + one_char, abs=3)
    assert odd.words == ["—", "1", "—"] and even.words == ["—", "2", "—"]


@pytest.mark.slow
def test_page_number_about_7_mm_below_the_type_area(laid_out):
    for page in laid_out[:2]:
        number = _number(page)
        dash_centre = (number.y0 + number.y1) / 2
        assert (dash_centre - TYPE_BOTTOM) / MM == pytest.approx(7, abs=1.5)
        last = max(_body(page), key=lambda line: line.y1)
        assert last.y1 <= TYPE_BOTTOM + 1


@pytest.mark.slow
def test_title_block_centred_then_salutation_flush_left(laid_out):
    first = _body(laid_out[0])
    centre = (LEFT + RIGHT) / 2
    title = [line for line in first if line.y0 < first[3].y0]
    for line in title:
        assert (line.x0 + line.x1) / 2 == pytest.approx(centre, abs=3), line.text
    salutation = next(line for line in first if line.text == "同志们：")
    assert salutation.x0 == pytest.approx(LEFT, abs=2)
    body = first[first.index(salutation) + 1]
    assert body.x0 == pytest.approx(LEFT + 32, abs=2)  # 2-character first-line indent
