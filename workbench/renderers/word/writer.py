"""WordRenderer: the document tree -> WordprocessingML paragraphs of the body.

Paragraphs carry only a style reference; runs carry only what differs from their style
(the 楷体 run-in character style, bold, the slot highlight, the East Asian hint). Text is
split into runs by script: ASCII and Latin letters take the Latin font (Times New Roman),
everything else the East Asian font, and a run holding shared punctuation (“”‘’—…·)
is marked `w:hint="eastAsia"` so Word never sets those marks in the Latin font.
The body is built as one string and parsed once, which keeps a 5,000-character speech
well under ten milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ...core.layout import MM_PER_PT, LayoutProfile
from ...core.nodes import (
    Document,
    Heading,
    Inline,
    Paragraph,
    RunIn,
    Salutation,
    Slot,
    SpeakerLine,
    Strong,
    Text,
    Title,
)
from ...core.numbering import chinese_numeral
from ...core.roundtrip import bookmark_name
from ...core.visitor import NodeVisitor
from .styles import STYLE_IDS
from .title import break_title
from .xml import clean, escape, twips_pt

#: Runs of Latin script (Times New Roman) and of everything else (East Asian font).
_SCRIPT = re.compile(r"(?P<latin>[\u0020-\u007e\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)"
                     r"|(?P<east>[^\u0020-\u007e\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)")
#: Characters Word may set in the Latin font unless the run is hinted East Asian.
_SHARED = re.compile(r"[\u0080-\u2fff]")
_BREAKS = re.compile(r"(\r\n|\r|\n|\t)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


class Format(NamedTuple):
    """How a piece of text looks beyond its paragraph style."""

    style: str = ""
    bold: bool = False
    highlight: bool = False


class Piece(NamedTuple):
    """A stretch of cleaned text in one format."""

    text: str
    format: Format


_PLAIN = Format()


def chinese_date(text: str) -> str:
    """Return `text` with dates like 2026年3月6日 written 二〇二六年三月六日."""
    def convert(match: re.Match[str]) -> str:
        year, month, day = match.groups()
        return (f"{year.translate(_YEAR_DIGITS)}年{chinese_numeral(int(month))}月"
                f"{chinese_numeral(int(day))}日")
    return _DATE.sub(convert, text)


class WordRenderer(NodeVisitor):
    """Renders the tree as the XML of the body's paragraphs (GB/T 9704 speech layout)."""

    def __init__(self, layout: LayoutProfile) -> None:
        self.layout = layout
        self._format = _PLAIN
        self._pieces: list[Piece] = []
        self._rpr_cache: dict[tuple[Format, bool], str] = {}
        self._title_width = int(layout.type_width_mm / MM_PER_PT // layout.title_size_pt)
        #: The next w:id for a bookmark (and, in a tracked-changes export, a revision).
        self.next_id = 1

    # -- blocks ---------------------------------------------------------------------------

    def visit_Document(self, doc: Document) -> str:
        parts = [self.visit(doc.title)]
        if doc.speaker_line is not None:
            parts.append(self.visit(doc.speaker_line))
        else:
            # Without a speaker line the blank line under the title moves to the title.
            parts[0] = parts[0].replace("</w:pPr>", f'<w:spacing w:after="{self._line}"/></w:pPr>', 1)
        if doc.salutation is not None:
            parts.append(self.visit(doc.salutation))
        parts.extend(self.visit(block) for block in doc.blocks)
        return "".join(parts)

    @property
    def _line(self) -> int:
        return twips_pt(self.layout.line_spacing_pt)

    def visit_Title(self, node: Title) -> str:
        return self.paragraph(*self.layout_block(node))

    def visit_SpeakerLine(self, node: SpeakerLine) -> str:
        return self.paragraph(*self.layout_block(node))

    def visit_Salutation(self, node: Salutation) -> str:
        return self.paragraph(*self.layout_block(node))

    def visit_Heading(self, node: Heading) -> str:
        return self.paragraph(*self.layout_block(node))

    def visit_Paragraph(self, node: Paragraph) -> str:
        return self.paragraph(*self.layout_block(node))

    def layout_block(self, node: Title | SpeakerLine | Salutation | Heading | Paragraph,
                     ) -> tuple[str, list[Piece], str]:
        """Return the style id, the pieces and the paragraph id of the paragraph `node`
        becomes: a title broken into lines, a speaker line's dates in Chinese numerals if
        the layout says so (二〇二六年三月六日), a heading with its ordinal."""
        if isinstance(node, Title):
            pieces = self.pieces(node.children)
            lines = break_title("".join(p.text for p in pieces), self._title_width)
            if len(lines) > 1:
                pieces = _insert_breaks(pieces, _offsets(lines))
            return STYLE_IDS["title"], pieces, "title"
        if isinstance(node, SpeakerLine):
            pieces = self.pieces(node.children)
            if self.layout.date_in_chinese_numerals:
                pieces = [Piece(chinese_date(p.text), p.format) for p in pieces]
            return STYLE_IDS["speaker"], pieces, "speaker"
        if isinstance(node, Salutation):
            return STYLE_IDS["salutation"], self.pieces(node.children), "salutation"
        if isinstance(node, Heading):
            return heading_style(node), self.pieces((Text(node.ordinal), *node.children)), node.id
        return "", self.pieces(node.children), node.id

    # -- inlines --------------------------------------------------------------------------

    def pieces(self, children: Iterable[Inline]) -> list[Piece]:
        """Return the pieces of `children`, each in its format."""
        self._pieces = []
        self._format = _PLAIN
        for child in children:
            self.visit(child)
        return self._pieces

    def _with(self, fmt: Format, children: Iterable[Inline]) -> None:
        saved, self._format = self._format, fmt
        for child in children:
            self.visit(child)
        self._format = saved

    def visit_Text(self, node: Text) -> None:
        text = clean(node.text)
        if text:
            self._pieces.append(Piece(text, self._format))

    def visit_Strong(self, node: Strong) -> None:
        self._with(self._format._replace(bold=True), node.children)

    def visit_Slot(self, node: Slot) -> None:
        self._pieces.append(Piece(clean(node.text), self._format._replace(highlight=True)))

    def visit_RunIn(self, node: RunIn) -> None:
        if node.kind == "h2":
            lead = self._format._replace(style=STYLE_IDS["runin"])
            self._with(lead, (Text(node.ordinal), *node.children))
        elif node.kind == "h3":
            self._with(self._format._replace(bold=True), (Text(node.ordinal), *node.children))
        elif node.kind == "item":
            self.visit(Text(node.ordinal))
            self._with(self._format._replace(bold=True), node.children)
        else:
            self._with(self._format, (Text(node.ordinal), *node.children))

    # -- XML ------------------------------------------------------------------------------

    def paragraph(self, style: str, pieces: list[Piece], paragraph_id: str = "") -> str:
        """Return a `w:p` in `style` ("" for the body style) holding `pieces`, marked with a
        bookmark naming `paragraph_id` (see `roundtrip.bookmark_name`) when one is given:
        the id survives editing in Word, WPS and LibreOffice, for the round trip."""
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p>{ppr}{self.bookmark(paragraph_id)}{''.join(self.runs(pieces))}</w:p>"

    def bookmark(self, paragraph_id: str) -> str:
        """Return the bookmark for `paragraph_id` ("" when none): a point at the paragraph's
        start. Not a range around the text: a bookmark's end after a closing mark keeps
        LibreOffice from hanging the mark past the margin, which changes the lines."""
        if not paragraph_id:
            return ""
        number = self.next_id
        self.next_id += 1
        return (f'<w:bookmarkStart w:id="{number}" w:name="{bookmark_name(paragraph_id)}"/>'
                f'<w:bookmarkEnd w:id="{number}"/>')

    def runs(self, pieces: list[Piece], deleted: bool = False) -> Iterable[str]:
        """Yield the `w:r` elements for `pieces`, split by script (their text as
        `w:delText` when `deleted`, for a tracked deletion)."""
        tag = "w:delText" if deleted else "w:t"
        for text, fmt in _merge(pieces):
            for match in _SCRIPT.finditer(text):
                segment = match.group()
                hint = match.lastgroup == "east" and _SHARED.search(segment) is not None
                yield f"<w:r>{self._rpr(fmt, hint)}{_content(segment, tag)}</w:r>"

    def _rpr(self, fmt: Format, hint: bool) -> str:
        key = (fmt, hint)
        cached = self._rpr_cache.get(key)
        if cached is None:
            parts = []
            if fmt.style:
                parts.append(f'<w:rStyle w:val="{fmt.style}"/>')
            if hint:
                parts.append('<w:rFonts w:hint="eastAsia"/>')
            if fmt.bold:
                parts.append("<w:b/><w:bCs/>")
            if fmt.highlight:
                parts.append('<w:highlight w:val="yellow"/>')
            cached = f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""
            self._rpr_cache[key] = cached
        return cached


def heading_style(node: Heading) -> str:
    """Return the style id of heading `node` (一级标题 … 四级标题)."""
    return STYLE_IDS[f"level{min(max(node.level, 1), 4)}"]


def _content(text: str, tag: str = "w:t") -> str:
    """Return the run content for `text`: `w:t` (or `tag`), with line breaks and tabs as
    elements."""
    if "\n" not in text and "\r" not in text and "\t" not in text:
        return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'
    out = []
    for part in _BREAKS.split(text):
        if part == "\t":
            out.append("<w:tab/>")
        elif part in ("\n", "\r", "\r\n"):
            out.append("<w:br/>")
        elif part:
            out.append(f'<{tag} xml:space="preserve">{escape(part)}</{tag}>')
    return "".join(out)


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Return `pieces` with neighbours of the same format joined."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].format == piece.format:
            merged[-1] = Piece(merged[-1].text + piece.text, piece.format)
        else:
            merged.append(piece)
    return merged


def _offsets(lines: list[str]) -> list[int]:
    offsets, total = [], 0
    for line in lines[:-1]:
        total += len(line)
        offsets.append(total)
    return offsets


def _insert_breaks(pieces: list[Piece], offsets: list[int]) -> list[Piece]:
    """Return `pieces` with a line break ("\n") at each character offset in `offsets`."""
    out: list[Piece] = []
    position = 0
    pending = list(offsets)
    for text, fmt in pieces:
        start = 0
        while pending and pending[0] <= position + len(text):
            cut = pending.pop(0) - position
            out.append(Piece(text[start:cut] + "\n", fmt))
            start = cut
        out.append(Piece(text[start:], fmt))
        position += len(text)
    return [p for p in out if p.text]
