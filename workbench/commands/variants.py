"""`workbench variants ID [-o FILE.md]`: the review sheet of a template, as Markdown.

Every opening and closing, every heading set, every offered form of every part and the
speech under edge-value facts, one after another with headings, so a writer (or the
next reviewer) can read a template whole before it ships.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.atomicfile import atomic_write
from ..core.nodes import Heading, Title
from ..core.sheet import SheetEntry, iter_sheet
from ..renderers.markdown import MarkdownRenderer, escape_markdown
from ._common import InputError, library_from

NAME = "variants"
HELP = "输出模板审读稿（Markdown）：各开头结尾、各部分的每种句式、边界值要素下的全文"


class _SheetRenderer(MarkdownRenderer):
    """The speech's own title and headings as bold lines, so the sheet's headings rule."""

    def visit_Title(self, node: Title) -> str:
        return "**" + self.inline(node.children) + "**"

    def visit_Heading(self, node: Heading) -> str:
        return f"**{node.ordinal}{self.inline(node.children)}**"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the template id and -o."""
    parser.add_argument("template", metavar="ID", help="模板 ID（见 workbench templates）")
    parser.add_argument("-o", "--output", metavar="FILE.md", help="写入文件；不给则输出到屏幕")


def render_sheet(entries: list[SheetEntry]) -> str:
    """Return the review sheet `entries` as one Markdown document."""
    renderer = _SheetRenderer()
    chunks: list[str] = []
    for entry in entries:
        chunks.append("#" * entry.level + " " + escape_markdown(entry.title))
        if entry.note:
            chunks.append(f"> {escape_markdown(entry.note)}")
        chunks.extend(renderer.visit(block) for block in entry.blocks)
    return "\n\n".join(chunks) + "\n"


def run(args: argparse.Namespace) -> int:
    """Write the sheet to -o (atomically) or stdout; exit 0, or 2 for bad input."""
    template = library_from(args)[args.template]
    text = render_sheet(list(iter_sheet(template)))
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(Path(args.output), text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"{args.output}: 无法写入（{exc.strerror or exc}）") from None
    return 0
