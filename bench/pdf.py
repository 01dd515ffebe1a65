"""PDF export (导出 PDF) of a 4,000-character speech, next to the Word export it converts.

`pdf.export.4k` is `render_pdf` end to end: the Word export, then LibreOffice headless
(`workbench.convert`: a fresh process and private profile per conversion, as the
dashboard and the CLI run it). `details` holds the floor: a one-line document's
conversion, i.e. what starting LibreOffice costs, to tell whether a kept-warm
converter would pay. Run under `flock /tmp/wb-heavy.lock` (it starts LibreOffice).
"""

from __future__ import annotations

import io

from workbench import Draft, parse_template
from workbench.convert import is_available
from workbench.renderers.pdf import docx_to_pdf
from workbench.renderers.word import render_docx

from .context import Context
from .corpus import long_template_source
from .stats import Comparison, Figure, time_calls

#: Length of the exported speech, in characters.
CHARS = 4_000


def run(ctx: Context) -> list[Figure]:
    """Return the PDF figure with the Word export as its comparison."""
    title = f"PDF 导出 · {CHARS:,}-char speech → .docx → LibreOffice → .pdf bytes"
    if not is_available():
        return [Figure("pdf.export.4k", "pdf", title, None, "ms", 0, "median",
                       note="LibreOffice not installed (make system-deps)")]
    source, chars = long_template_source(CHARS)
    draft = Draft(parse_template(source, f"<generated {CHARS}>"))
    draft.facts.fill_examples()
    document = draft.document()
    from workbench.renderers.pdf import render_pdf

    repeat, warmup = ctx.repeat(7, 1), 1
    ctx.log(f"PDF export, {chars} chars (LibreOffice per conversion)")
    pdf = time_calls(lambda i: render_pdf(document, io.BytesIO()), repeat, warmup)
    word = time_calls(lambda i: render_docx(document, io.BytesIO()), ctx.repeat(50, 3), 3)

    tiny = Draft(draft.template)
    tiny.sections = []
    buffer = io.BytesIO()
    render_docx(tiny.document(), buffer)
    floor_docx = buffer.getvalue()
    ctx.log("LibreOffice start-up floor (a near-empty document)")
    floor = time_calls(lambda i: docx_to_pdf(floor_docx), repeat, warmup)
    share = floor.median / pdf.median
    return [Figure.from_sample(
        "pdf.export.4k", "pdf", title, pdf, stat="median",
        comparisons=[Comparison("word export (.docx)", word.median, "ms", word.n, word.median,
                                word.p95, "render_docx in process: the first step of the PDF")],
        details={"chars": chars, "startup_floor_median_ms": round(floor.median, 1),
                 "startup_share": round(share, 3),
                 "conversion_beyond_startup_ms": round(pdf.median - floor.median, 1)},
        note="soffice --convert-to pdf with FONTCONFIG_FILE=renderers/fonts.conf; the floor is "
             "the same conversion of a near-empty document (process and profile start-up).",
    )]
