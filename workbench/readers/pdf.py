"""PDF files: the text poppler's `pdftotext` finds, rebuilt into paragraphs.

A PDF holds lines placed on pages, not paragraphs. `pdftotext -bbox-layout` gives every
line with its box (the plain and `-layout` outputs lose the font size, and `-layout`
turns the first-line indent into a count of spaces that changes from page to page); from
the boxes this module

- drops the page furniture: page numbers (— 3 —, - 3 -, 第3页, 3/12) at the top or
  bottom of a page, running heads and feet (the same line at the same edge of most
  pages), “此页无正文” and pages left blank;
- rejoins the lines of a paragraph, across line and page breaks: Chinese lines join
  without a space (Latin words keep one). A new paragraph starts at a first-line
  indent, a centred line, a change of font size, a wider gap between lines, after a line
  that stops short of the right margin, and at an ordinal heading (一、 （一） 1.) after
  a sentence end (。！？；：). In a PDF without first-line indents, a sentence end at
  the end of a line ends the paragraph.

The PDF goes to `pdftotext` on its standard input, so nothing is written to disk; the
run is limited in pages and time. A PDF without text (a scan) or with a password is
refused in one Chinese line.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import os
import re
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import SourceImportError
from .files import check_size
from .model import PARAGRAPH, TEXT, Segment, SourceDocument, SourceParagraph, SourcePosition

#: Environment variable naming the pdftotext program (default: `pdftotext` on the PATH).
PDFTOTEXT_ENV = "WORKBENCH_PDFTOTEXT"

#: Seconds `pdftotext` may take.
PDF_TIMEOUT_S = 60.0

#: Pages read from a PDF (a 30,000-character speech is about 40 pages).
MAX_PDF_PAGES = 500

#: Sentence ends: a line ending with one of these may end its paragraph.
SENTENCE_ENDS = "。！？；：!?;:"

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                   re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                   re.S)
_DASHES = r"[\-‐‑–—―－~～·•\s]*"
#: Page numbers: — 3 —, - 3 -, —三—, 3, 第3页, 第 3 页 共 12 页, 3/12, Page 3.
_PAGE_NUMBER = re.compile(
    rf"^{_DASHES}(?:第\s*)?\d{{1,4}}\s*页?(?:\s*[/／]\s*\d{{1,4}}|\s*共\s*\d{{1,4}}\s*页)?{_DASHES}$"
    rf"|^[\-‐‑–—―－]+\s*[一二三四五六七八九十百零〇]+\s*[\-‐‑–—―－]+$"
    r"|^(?i:page)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$")
_BLANK_PAGE = re.compile(r"^[（(]?\s*此页无正文\s*[）)]?$")
#: An ordinal that opens a heading: 一、 （一） 1. 1、 （1）.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
                      r"|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(slots=True)
class _Line:
    """A line of a page as pdftotext placed it (PDF points, y downwards)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    lines: list[_Line]


def pdftotext_path() -> str | None:
    """Return the pdftotext program to run, or None when poppler-utils is not installed."""
    return shutil.which(os.environ.get(PDFTOTEXT_ENV) or "pdftotext")


def read_pdf(data: bytes, label: str, *, timeout: float = PDF_TIMEOUT_S) -> SourceDocument:
    """Return the paragraphs of the PDF `data`, the page furniture removed.

    Raises `SourceImportError` naming `label` for a file over the size limit, poppler
    missing, a damaged or password-protected PDF, one without text, or a run over
    `timeout`.
    """
    check_size(data, label)
    pages = _pages(_bbox_layout(data, label, timeout))
    if not any(page.lines for page in pages):
        raise SourceImportError(f"{label}: PDF 里没有可提取的文字（可能是扫描件），请改用文字版 PDF 或 Word 文件")
    texts = list(_paragraphs(_without_furniture(pages)))
    paragraphs = tuple(SourceParagraph(i, text, SourcePosition(label, i + 1, PARAGRAPH),
                                       segments=(Segment(TEXT, text),))
                       for i, text in enumerate(texts))
    return SourceDocument(label, "pdf", paragraphs)


# -- running pdftotext -------------------------------------------------------------------------


def _bbox_layout(data: bytes, label: str, timeout: float) -> str:
    program = pdftotext_path()
    if program is None:
        raise SourceImportError(f"{label}: 未安装 poppler-utils（pdftotext），无法读取 PDF（make system-deps 可安装）")
    command = [program, "-bbox-layout", "-enc", "UTF-8", "-l", str(MAX_PDF_PAGES), "-", "-"]
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SourceImportError(f"{label}: 读取 PDF 超时（{timeout:g} 秒），文件可能过于复杂") from None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if proc.returncode:
        # poppler says "Incorrect password" (exit 1) for a PDF that needs one to open.
        if b"password" in err.lower():
            raise SourceImportError(f"{label}: PDF 已加密（需要密码），无法读取；请提供未加密的文件")
        raise SourceImportError(f"{label}: PDF 已损坏或不是有效的 PDF 文件，无法读取")
    return out.decode("utf-8", errors="replace")


def _pages(xhtml: str) -> list[_Page]:
    starts = [(m.start(), float(m.group(2))) for m in _PAGE.finditer(xhtml)]
    pages = []
    for number, (start, height) in enumerate(starts, 1):
        end = starts[number][0] if number < len(starts) else len(xhtml)
        lines = []
        for m in _LINE.finditer(xhtml, start, end):
            x0, y0, x1, y1 = (float(v) for v in m.group(1, 2, 3, 4))
            text = _line_text([(float(w[0]), float(w[1]), html.unescape(w[2]))
                               for w in _WORD.findall(m.group(5))], y1 - y0)
            if text.strip():
                lines.append(_Line(number, x0, y0, x1, y1, text.strip()))
        lines.sort(key=lambda line: (round(line.y0), line.x0))
        pages.append(_Page(number, height, _merge_same_baseline(lines)))
    return pages


def _line_text(words: list[tuple[float, float, str]], height: float) -> str:
    """Join the words of a line: pdftotext splits a Chinese line wherever the glyphs
    leave a gap (around digits, for one), which is no space; a gap of about one
    character between Chinese text is a full-width space (县委书记　李志远)."""
    out = ""
    previous_end = None
    for x0, x1, text in words:
        if previous_end is not None and out:
            gap = x0 - previous_end
            cjk_side = bool(_CJK.match(out[-1]) or _CJK.match(text[:1]))
            if cjk_side and gap >= 0.5 * height:
                out += "\u3000" if _CJK.match(out[-1]) and _CJK.match(text[:1]) else " "
            elif not cjk_side and gap >= 0.12 * height:
                out += " "
        out += text
        previous_end = x1
    return out


def _merge_same_baseline(lines: list[_Line]) -> list[_Line]:
    """One line for the pieces pdftotext put in separate blocks at the same height."""
    merged: list[_Line] = []
    for line in lines:
        last = merged[-1] if merged else None
        if last is not None and abs(line.y0 - last.y0) < 0.3 * last.height \
                and abs(line.height - last.height) < 0.2 * last.height and line.x0 >= last.x1:
            gap = line.x0 - last.x1
            space = "\u3000" if gap >= 0.5 * last.height else ""
            merged[-1] = _Line(last.page, last.x0, min(last.y0, line.y0), line.x1,
                               max(last.y1, line.y1), last.text + space + line.text)
        else:
            merged.append(line)
    return merged


# -- page furniture ---------------------------------------------------------------------------

#: Lines at each edge of a page looked at for page numbers and running heads.
_EDGE = 2


def _without_furniture(pages: list[_Page]) -> list[_Page]:
    """Return the pages without page numbers, running heads and feet, “此页无正文”."""
    repeated = _running_lines(pages)
    out = []
    for page in pages:
        lines = list(page.lines)
        for _ in range(_EDGE):  # a page number above or below a running head or foot
            for at in (0, -1):
                if lines and (_PAGE_NUMBER.match(lines[at].text) or _key(lines[at].text) in repeated):
                    lines.pop(at)
        lines = [line for line in lines if not _BLANK_PAGE.match(line.text)]
        if lines:
            out.append(_Page(page.number, page.height, lines))
    return out


def _running_lines(pages: list[_Page]) -> set[str]:
    """The texts (digits ignored) at the top or bottom of at least two pages and of
    at least two in five, set apart from the text beside them (a wider gap, another size):
    running heads and feet. The first line of the body at the top of two pages is not."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = page.lines
        edges = {_key(line.text) for i, line in enumerate(lines[:_EDGE])
                 if i + 1 >= len(lines) or _apart(line, lines[i + 1])}
        edges |= {_key(line.text) for i, line in enumerate(lines[-_EDGE:], len(lines) - min(_EDGE, len(lines)))
                  if i == 0 or _apart(lines[i - 1], line)}
        seen.update(edges)
    floor = max(2, (2 * len(pages) + 4) // 5)
    return {key for key, count in seen.items() if count >= floor and key}


def _apart(upper: _Line, lower: _Line) -> bool:
    """True when two lines one above the other are further apart than lines of a paragraph."""
    height = max(upper.height, lower.height)
    return lower.y0 - upper.y1 > 0.9 * height or abs(upper.height - lower.height) > 0.15 * height


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


# -- paragraphs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Metrics:
    """The body text's line height, left and right margins, line gap, and whether the
    document indents the first lines of its paragraphs."""

    height: float
    left: float
    right: float
    gap: float
    indents: bool


def _metrics(lines: list[_Line]) -> _Metrics:
    heights = Counter(round(line.height, 0) for line in lines for _ in range(len(line.text)))
    height = float(heights.most_common(1)[0][0])
    body = [line for line in lines if abs(line.height - height) <= 0.15 * height]
    left = float(Counter(round(line.x0) for line in body).most_common(1)[0][0])
    right = float(Counter(round(line.x1) for line in body).most_common(1)[0][0])
    gaps = Counter(round(b.y0 - a.y1) for a, b in itertools.pairwise(body)
                   if a.page == b.page and 0 <= b.y0 - a.y1 < 3 * height)
    gap = float(gaps.most_common(1)[0][0]) if gaps else 0.3 * height
    indented = sum(1 for line in body if 0.8 * height <= line.x0 - left <= 4.5 * height)
    return _Metrics(height, left, right, gap, indents=indented >= max(1, len(body) // 50))


def _paragraphs(pages: list[_Page]) -> Iterator[str]:
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return
    metrics = _metrics(lines)
    current: list[_Line] = []
    for line in lines:
        if current and _starts_paragraph(current[-1], line, metrics):
            yield _joined(current)
            current = []
        current.append(line)
    if current:
        yield _joined(current)


def _is_centred(line: _Line, m: _Metrics) -> bool:
    # More than a first-line indent (two characters) on the left, as much on the right.
    left, right = line.x0 - m.left, m.right - line.x1
    return left > 2.5 * m.height and abs(left - right) < 1.5 * m.height


def _starts_paragraph(previous: _Line, line: _Line, m: _Metrics) -> bool:
    """True when `line` begins a new paragraph after `previous`."""
    if abs(line.height - previous.height) > 0.15 * max(line.height, previous.height):
        return True  # a title, a heading in a larger size, a note in a smaller one
    gap = line.y0 - previous.y1
    if line.page == previous.page and (gap > m.gap + 0.6 * line.height or gap > 1.2 * line.height):
        return True  # a blank line, or more space than between the lines of a paragraph
    ends = previous.text[-1] in SENTENCE_ENDS or previous.text.endswith(("。”", "！”", "？”"))
    if abs(line.height - m.height) > 0.15 * m.height:
        return ends  # a title in a larger size wraps onto a second line, centred or not
    centred, was_centred = _is_centred(line, m), _is_centred(previous, m)
    if centred or was_centred:
        return not (centred and was_centred and not ends)
    if line.x0 - m.left >= 0.8 * m.height:
        return True  # first-line indent
    if previous.x1 < m.right - 1.5 * m.height:
        return True  # the line before stopped short
    return ends and (bool(_HEADING.match(line.text)) or not m.indents)


def _joined(lines: Iterable[_Line]) -> str:
    out = ""
    for line in lines:
        if out and _LATIN.match(out[-1]) and _LATIN.match(line.text[0]) and not out[-1].isdigit():
            out += " "
        out += line.text
    return out
