"""Outline recovery (提纲还原) of a pasted 10,000-character speech: `parse_outline(text)`;
and reading a reviewed 5,000-character .docx (30 tracked changes) with `read_document`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .context import Context
from .corpus import long_template_source, speech_text
from .stats import Comparison, Figure, time_calls

#: Length of the pasted speech, in characters.
CHARS = 10_000

#: Length of the reviewed Word file, in characters, and its tracked changes.
DOCX_CHARS = 5_000
DOCX_CHANGES = 30


def find_parse_outline() -> Callable[[str], Any] | None:
    """Return the importer's `parse_outline`, wherever it is exported, or None."""
    for module in ("workbench", "workbench.core.importer", "workbench.core.importer.outline"):
        try:
            found = getattr(importlib.import_module(module), "parse_outline", None)
        except ImportError:
            continue
        if callable(found):
            return found
    return None


def _size(outline: Any) -> dict[str, int]:
    parts = getattr(outline, "parts", None)
    if parts is None:
        return {}
    points = sum(len(getattr(p, "points", ())) for p in parts)
    return {"parts": len(parts), "points": points}


def reviewed_docx(target_chars: int = DOCX_CHARS, changes: int = DOCX_CHANGES) -> tuple[bytes, int]:
    """Return an exported speech of about `target_chars` in which `changes` runs became
    tracked changes (insertions and deletions in turn), and its character count."""
    import io

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from workbench import Draft, parse_template
    from workbench.core.text import count_chars
    from workbench.readers import open_docx

    source, _ = long_template_source(target_chars)
    draft = Draft(parse_template(source, "<generated>"))
    draft.facts.fill_examples()
    buffer = io.BytesIO()
    draft.export_docx(buffer)
    document = open_docx(buffer.getvalue())
    done = 0
    for n, p in enumerate(document.element.body.iterchildren(qn("w:p"))):
        runs = p.findall(qn("w:r"))
        if done >= changes or n < 3 or not runs:
            continue
        run = runs[-1]
        kind = "ins" if done % 2 == 0 else "del"
        wrapper = parse_xml(f'<w:{kind} {nsdecls("w")} w:id="{n}" w:author="王主任" '
                            'w:date="2026-03-06T09:30:00Z"/>')
        run.addprevious(wrapper)
        wrapper.append(run)
        if kind == "del":
            for t in run.findall(qn("w:t")):
                t.tag = qn("w:delText")
        done += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), count_chars(draft.render("text"))


def _read_figure(ctx: Context) -> Figure:
    import io

    import docx

    from workbench.readers import read_document

    data, chars = reviewed_docx()
    document = read_document(data, "修改稿.docx")
    ctx.log(f"reading a reviewed .docx, {chars} chars, {document.tracked_changes} changes")
    sample = time_calls(lambda i: read_document(data, "修改稿.docx"), ctx.repeat(50, 3), ctx.warmup(3))
    old = time_calls(lambda i: [p.text for p in docx.Document(io.BytesIO(data)).paragraphs],
                     ctx.repeat(50, 3), ctx.warmup(3))
    return Figure.from_sample(
        "outline.read.docx.5k", "outline",
        f"读取修改稿 · read_document() of a {chars:,}-char .docx with {document.tracked_changes} tracked changes",
        sample, stat="median", target=100.0, target_text="median ≤ 100 ms",
        details={"chars": chars, "tracked_changes": document.tracked_changes,
                 "paragraphs": len(document.paragraphs), "comments": len(document.comments)},
        comparisons=[Comparison("python-docx Paragraph.text (drops insertions)", old.median, old.unit,
                                old.n, old.median, old.p95)],
        note="Zip checks, python-docx opening the package, the XML walk with both readings' "
             "structure (segments, bookmarks, comments) and the count of changes.")


def run(ctx: Context) -> list[Figure]:
    """Return the outline recovery figure and the reviewed-docx reading figure."""
    return [*_outline_figures(ctx), _read_figure(ctx)]


def _outline_figures(ctx: Context) -> list[Figure]:
    text, chars = speech_text(CHARS)
    title = f"提纲还原 · parse_outline() of a pasted {chars:,}-char speech"
    parse_outline = find_parse_outline()
    if parse_outline is None:
        return [Figure("outline.recover.10k", "outline", title, None, "ms", 0,
                       note="parse_outline() not available yet (the importer has not landed)")]
    outline = parse_outline(text)
    ctx.log(f"outline recovery, {chars} chars")
    sample = time_calls(lambda i: parse_outline(text), ctx.repeat(100, 3), ctx.warmup(5))
    return [Figure.from_sample(
        "outline.recover.10k", "outline", title, sample, target=30.0, target_text="p95 ≤ 30 ms",
        details={"chars": chars, **_size(outline)},
        note="Plain text as the workbench renders it (headings 一、（一）, items 一是…), pasted whole.",
    )]
