"""HTML renderer for the live preview: laid out like the printed page, user text escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from ..core.nodes import (
    Document,
    Heading,
    Paragraph,
    RunIn,
    Salutation,
    Slot,
    SpeakerLine,
    Strong,
    Text,
    Title,
)
from ..core.roundtrip import ParagraphMarks
from ..core.runcache import RunCache
from ..core.visitor import NodeVisitor

_FANGSONG = "'仿宋_GB2312','FangSong_GB2312','仿宋','FangSong','STFangsong','Noto Serif CJK SC',serif"
_KAITI = "'楷体_GB2312','KaiTi_GB2312','楷体','KaiTi','STKaiti','Noto Serif CJK SC',serif"
_HEITI = "'黑体','SimHei','STHeiti','Noto Sans CJK SC',sans-serif"
_XBS = "'方正小标宋简体','FZXiaoBiaoSong-B05S','华文中宋','STZhongsong','Noto Serif CJK SC',serif"

#: The preview's stylesheet: an A4-like sheet, 3号 text, 2-character indents.
STYLE = f"""<style>
.wb-page{{background:#fff;color:#000;max-width:42em;margin:0 auto;padding:2.2em 2.4em;
 box-shadow:0 1px 4px rgba(0,0,0,.25);font-family:{_FANGSONG};font-size:16px;line-height:1.8;
 text-align:justify}}
.wb-page p{{margin:0;text-indent:2em}}
.wb-page .wb-title{{font-family:{_XBS};font-size:22px;text-align:center;text-indent:0;
 line-height:1.5;margin:0 0 .6em}}
.wb-page .wb-speaker{{font-family:{_KAITI};text-align:center;text-indent:0;margin-bottom:.8em}}
.wb-page .wb-salutation{{text-indent:0}}
.wb-page .wb-h1{{font-family:{_HEITI}}}
.wb-page .wb-h2,.wb-page .wb-runin-h2{{font-family:{_KAITI}}}
.wb-page .wb-runin-h3{{font-weight:bold}}
.wb-page .wb-slot{{background:#ffe14d;color:#000;padding:0 .1em;border-radius:2px}}
.wb-page .wb-edited{{box-shadow:inset 3px 0 0 #5b9bd5}}
.wb-page .wb-transition{{}}
.wb-page .wb-revised{{box-shadow:inset 3px 0 0 #e3a21a;background:#fffaf0}}
.wb-page .wb-comment::after{{content:attr(data-comment);display:block;margin:.2em 0 .5em 2em;
 padding:.25em .6em;text-indent:0;font:13px/1.5 'Noto Sans CJK SC',sans-serif;color:#5c4400;
 background:#fff4ce;border-left:3px solid #e3a21a;white-space:pre-wrap;text-align:left}}
</style>"""


class HtmlRenderer(NodeVisitor):
    """Renders the tree as an HTML fragment; every piece of text is escaped.

    `marks` (paragraph id -> `ParagraphMarks`, from the Word round trip) mark paragraphs
    with pending tracked changes (`wb-revised`) and show comments beside them: an empty
    `wb-comment` element whose text is CSS generated content, so a paragraph's text (and
    the page's `innerText`) stays the speech's.
    """

    def __init__(self, marks: Mapping[str, ParagraphMarks] | None = None,
                 cache: RunCache | None = None) -> None:
        self.marks = marks or {}
        self.cache = cache

    def visit_Document(self, doc: Document) -> str:
        return page_html(self.blocks(doc))

    def blocks(self, doc: Document) -> list[tuple[str, str]]:
        """Return the page's paragraphs as (key, HTML), in order; keys are unique.

        The key is the paragraph id (`data-pid`); a second paragraph with the same id gets
        `id~2`, so a patching preview can tell every paragraph apart.
        """
        out: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        if self.cache is not None:
            self.cache.begin()
        for block in doc.iter_blocks():
            html = self._block_html(block)
            key = _block_key(block)
            n = seen.get(key, 0) + 1
            seen[key] = n
            out.append((key if n == 1 else f"{key}~{n}", html))
        if self.cache is not None:
            self.cache.end()
        return out

    def _block_html(self, block: Any) -> str:
        """The block's HTML; with a cache, the last run's for the same node and marks
        (nodes are immutable: an assembly that reused a node reuses its HTML)."""
        if self.cache is None:
            return self.visit(block)
        pid = getattr(block, "id", None)
        marks = self.marks.get(pid) if pid else None
        key = ("html", id(block), id(marks) if marks is not None else None)
        return self.cache.get(key, lambda: (block, marks, self.visit(block)))[2]

    def visit_Title(self, node: Title) -> str:
        return self._p("wb-title", "title", self.inline(node.children))

    def visit_SpeakerLine(self, node: SpeakerLine) -> str:
        return self._p("wb-speaker", "speaker", self.inline(node.children))

    def visit_Salutation(self, node: Salutation) -> str:
        return self._p("wb-salutation", "salutation", self.inline(node.children))

    def visit_Heading(self, node: Heading) -> str:
        classes = f"wb-h{node.level}" + (" wb-edited" if node.edited else "")
        return self._p(classes, node.id, escape(node.ordinal) + self.inline(node.children))

    def visit_Paragraph(self, node: Paragraph) -> str:
        classes = f"wb-p wb-{node.role}" + (" wb-edited" if node.edited else "")
        return self._p(classes, node.id, self.inline(node.children))

    def _p(self, classes: str, pid: str, inner: str) -> str:
        marks = self.marks.get(pid) if pid else None
        attrs = f' data-pid="{escape(pid)}"'
        if marks is None:
            return f'<p class="{classes}"{attrs}>{inner}</p>'
        if marks.pending:
            classes += " wb-revised"
            attrs += f' data-pending="{marks.pending}"'
        notes = "".join(
            f'<span class="wb-comment" data-comment="{escape(_comment_line(c), quote=True)}" '
            f'title="{escape(_comment_line(c), quote=True)}"></span>' for c in marks.comments)
        return f'<p class="{classes}"{attrs}>{inner}{notes}</p>'

    def inline(self, children: tuple) -> str:
        return "".join(self.visit(c) for c in children)

    def visit_Text(self, node: Text) -> str:
        return escape(node.text)

    def visit_Strong(self, node: Strong) -> str:
        return f"<b>{self.inline(node.children)}</b>"

    def visit_Slot(self, node: Slot) -> str:
        return f'<mark class="wb-slot" data-fact="{escape(node.fact)}">{escape(node.text)}</mark>'

    def visit_RunIn(self, node: RunIn) -> str:
        ordinal = escape(node.ordinal)
        inner = self.inline(node.children)
        if node.kind == "item":
            return f'<span class="wb-runin-item">{ordinal}<b>{inner}</b></span>'
        return f'<span class="wb-runin-{node.kind}">{ordinal}{inner}</span>'


def _block_key(block: object) -> str:
    if isinstance(block, Title):
        return "title"
    if isinstance(block, SpeakerLine):
        return "speaker"
    if isinstance(block, Salutation):
        return "salutation"
    return str(getattr(block, "id", "") or "block")


#: What surrounds the paragraphs on the page (`page_html`).
PAGE_OPEN = f'{STYLE}<div class="wb-page">'
PAGE_CLOSE = "</div>"


def page_html(blocks: list[tuple[str, str]]) -> str:
    """Return the page from its paragraphs (`HtmlRenderer.blocks`): the preview's HTML."""
    return PAGE_OPEN + "".join(html for _, html in blocks) + PAGE_CLOSE


def render_blocks(document: Document, marks: Mapping[str, ParagraphMarks] | None = None,
                  cache: RunCache | None = None) -> list[tuple[str, str]]:
    """Return `document`'s paragraphs as (unique key, HTML) pairs, in order: what a
    preview that patches paragraphs sends (`page_html` joins them into `render_html`'s).
    With a `cache` (one per session), a node the last call rendered is not rendered again."""
    return HtmlRenderer(marks, cache).blocks(document)


def _comment_line(comment: object) -> str:
    author = getattr(comment, "author", "") or "批注"
    when = getattr(comment, "date", "")[:10]
    return f"{author}{'（' + when + '）' if when else ''}：{getattr(comment, 'text', '')}"


def render_html(document: Document, marks: Mapping[str, ParagraphMarks] | None = None) -> str:
    """Return `document` as an HTML fragment with its own stylesheet; `marks` show the
    Word round trip's pending changes and comments (see `HtmlRenderer`)."""
    return HtmlRenderer(marks).visit(document)
