"""Reading a .docx back the way Word does: effective fonts and spacing through the style chain.

Word resolves a run's property from the run's own `w:rPr`, then its character style and
the styles that style is based on, then the paragraph style chain, then the document
defaults; attributes of `w:rFonts` are resolved one by one. These helpers do the same, so
tests can assert on what a reader of the file sees, not on how it is written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALSE = {"0", "false", "off"}


def open_docx(source: str | Path | bytes | io.BytesIO) -> Any:
    """Return the python-docx Document in `source` (a path, bytes or a buffer)."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    if isinstance(source, io.BytesIO):
        source.seek(0)
    return docx.Document(source)


def part_names(source: bytes) -> list[str]:
    """Return the names of the parts in the .docx `source`."""
    return zipfile.ZipFile(io.BytesIO(source)).namelist()


def twips_to_mm(value: int | str) -> float:
    """Return `value` twips in millimetres."""
    return int(value) / 1440 * 25.4


@dataclass
class Run:
    """A run as read back: its paragraph, its element and its text."""

    paragraph: Any
    element: Any
    text: str


class Reader:
    """Resolves effective properties of paragraphs and runs in a python-docx Document."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles_element = document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in self.styles_element.iter(qn("w:style"))}
        defaults = self.styles_element.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.default_paragraph_style = next(
            (sid for sid, s in self.styles.items()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1"), None)

    # -- structure ------------------------------------------------------------------------

    def paragraphs(self) -> list[Any]:
        """Return the body's `w:p` elements."""
        return list(self.document.element.body.iter(qn("w:p")))

    def runs(self, paragraph: Any) -> list[Run]:
        """Return the runs of `paragraph` with their text (breaks as newlines)."""
        out = []
        for r in paragraph.iter(qn("w:r")):
            text = "".join(
                (t.text or "") if t.tag == qn("w:t") else "\n"
                for t in r if t.tag in (qn("w:t"), qn("w:br")))
            out.append(Run(paragraph, r, text))
        return out

    def iter_runs(self) -> Iterator[Run]:
        """Yield every run of the body."""
        for p in self.paragraphs():
            yield from self.runs(p)

    def text(self, paragraph: Any) -> str:
        """Return the text of `paragraph`."""
        return "".join(r.text for r in self.runs(paragraph))

    def style_id(self, paragraph: Any) -> str | None:
        """Return the paragraph's style id (the default paragraph style when none)."""
        ps = paragraph.find(f"{W}pPr/{W}pStyle")
        return ps.get(qn("w:val")) if ps is not None else self.default_paragraph_style

    def style_name(self, style_id: str) -> str:
        """Return the name of style `style_id`."""
        return self.styles[style_id].find(qn("w:name")).get(qn("w:val"))

    def chain(self, style_id: str | None) -> list[Any]:
        """Return style `style_id` and the styles it is based on, nearest first."""
        out: list[Any] = []
        while style_id and style_id in self.styles and len(out) < 20:
            style = self.styles[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    # -- resolution -----------------------------------------------------------------------

    def _rpr_sources(self, run: Any, paragraph: Any) -> list[Any]:
        sources = [run.find(qn("w:rPr"))]
        rstyle = run.find(f"{W}rPr/{W}rStyle")
        if rstyle is not None:
            sources += [s.find(qn("w:rPr")) for s in self.chain(rstyle.get(qn("w:val")))]
        sources += [s.find(qn("w:rPr")) for s in self.chain(self.style_id(paragraph))]
        sources.append(self.default_rpr)
        return [s for s in sources if s is not None]

    def _ppr_sources(self, paragraph: Any) -> list[Any]:
        sources = [paragraph.find(qn("w:pPr"))]
        sources += [s.find(qn("w:pPr")) for s in self.chain(self.style_id(paragraph))]
        sources.append(self.default_ppr)
        return [s for s in sources if s is not None]

    def run_attr(self, run: Any, paragraph: Any, tag: str, attr: str = "val") -> str | None:
        """Return attribute `attr` of the nearest `w:<tag>` defining it for `run`."""
        for rpr in self._rpr_sources(run, paragraph):
            el = rpr.find(qn(f"w:{tag}"))
            if el is not None and el.get(qn(f"w:{attr}")) is not None:
                return el.get(qn(f"w:{attr}"))
        return None

    def run_flag(self, run: Any, paragraph: Any, tag: str) -> bool:
        """Return the effective on/off property `w:<tag>` (bold: "b") of `run`."""
        for rpr in self._rpr_sources(run, paragraph):
            el = rpr.find(qn(f"w:{tag}"))
            if el is not None:
                return el.get(qn("w:val"), "1") not in _FALSE
        return False

    def east_asian_font(self, run: Any, paragraph: Any) -> str | None:
        """Return the font Word uses for Chinese characters of `run`."""
        return self.run_attr(run, paragraph, "rFonts", "eastAsia")

    def latin_font(self, run: Any, paragraph: Any) -> str | None:
        """Return the font Word uses for ASCII characters of `run`."""
        return self.run_attr(run, paragraph, "rFonts", "ascii")

    def size_pt(self, run: Any, paragraph: Any) -> float | None:
        """Return the size of `run` in points."""
        value = self.run_attr(run, paragraph, "sz")
        return int(value) / 2 if value is not None else None

    def char_spacing_twips(self, run: Any, paragraph: Any) -> int:
        """Return the character spacing of `run` in twips (0 when none)."""
        value = self.run_attr(run, paragraph, "spacing")
        return int(value) if value is not None else 0

    def para_attr(self, paragraph: Any, tag: str, attr: str = "val") -> str | None:
        """Return attribute `attr` of the nearest `w:<tag>` defining it for `paragraph`."""
        for ppr in self._ppr_sources(paragraph):
            el = ppr.find(qn(f"w:{tag}"))
            if el is not None and el.get(qn(f"w:{attr}")) is not None:
                return el.get(qn(f"w:{attr}"))
        return None

    def para_flag(self, paragraph: Any, tag: str) -> bool | None:
        """Return the effective on/off `w:<tag>` of `paragraph`, or None if never set."""
        for ppr in self._ppr_sources(paragraph):
            el = ppr.find(qn(f"w:{tag}"))
            if el is not None:
                return el.get(qn("w:val"), "1") not in _FALSE
        return None

    def first_line_indent(self, paragraph: Any) -> tuple[int, int]:
        """Return the first-line indent as (hundredths of a character, twips)."""
        chars = self.para_attr(paragraph, "ind", "firstLineChars")
        twips = self.para_attr(paragraph, "ind", "firstLine")
        return int(chars or 0), int(twips or 0)

    # -- page -----------------------------------------------------------------------------

    def sect_pr(self) -> Any:
        """Return the body's section properties."""
        return self.document.element.body.find(qn("w:sectPr"))

    def page(self) -> dict[str, int]:
        """Return page size, margins, footer distance (twips) and the grid's line pitch."""
        sect = self.sect_pr()
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        grid = sect.find(qn("w:docGrid"))
        out = {"width": int(size.get(qn("w:w"))), "height": int(size.get(qn("w:h")))}
        for key in ("top", "bottom", "left", "right", "footer", "header", "gutter"):
            out[key] = int(margins.get(qn(f"w:{key}")))
        out["orient"] = size.get(qn("w:orient")) or "portrait"
        out["grid_type"] = grid.get(qn("w:type"))
        out["line_pitch"] = int(grid.get(qn("w:linePitch")))
        return out

    def setting(self, tag: str) -> Any:
        """Return the `w:<tag>` element of the settings part, or None."""
        return self.document.settings.element.find(qn(f"w:{tag}"))

    def footer_paragraphs(self, kind: str = "default") -> list[Any]:
        """Return the `w:p` elements of the footer of `kind` ("default" or "even")."""
        section = self.document.sections[0]
        footer = section.even_page_footer if kind == "even" else section.footer
        return list(footer._element.iter(qn("w:p")))

    def footer_text(self, paragraph: Any) -> str:
        """Return the footer paragraph's text with the PAGE field shown as {PAGE}."""
        out = []
        in_field = False
        for el in paragraph.iter(qn("w:t"), qn("w:instrText"), qn("w:fldChar")):
            if el.tag == qn("w:fldChar"):
                kind = el.get(qn("w:fldCharType"))
                in_field = kind in ("begin", "separate")
                if kind == "end":
                    in_field = False
            elif el.tag == qn("w:instrText"):
                out.append("{" + (el.text or "").strip() + "}")
            elif not in_field:
                out.append(el.text or "")
        return "".join(out)

    def theme_attributes(self) -> list[str]:
        """Return every theme-font or theme-colour attribute in the styles part."""
        found = []
        for el in self.styles_element.iter():
            for name in el.attrib:
                local = etree.QName(name).localname
                if "Theme" in local or "theme" in local:
                    found.append(f"{etree.QName(el).localname}@{local}")
        return found
