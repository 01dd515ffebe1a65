"""PDF export (导出 PDF) of a 4,000-character speech, next to the Word export it converts.

- `pdf.export.4k`: `render_pdf` end to end, cold: the Word export, then LibreOffice
  headless in a fresh process and private profile (`workbench.convert.convert`), as
  `workbench build -o x.pdf` runs it. `details` holds the floor: a near-empty
  document's conversion, i.e. what starting LibreOffice costs.
- `pdf.export.4k.warm`: the same with the LibreOffice the dashboard keeps warm
  (`WarmConverter`), after its first start; the first start is in `details`.

Run under `flock /tmp/wb-heavy.lock` (it starts LibreOffice).
"""

from __future__ import annotations

import io

from workbench import Draft, parse_template
from workbench.convert import WarmConverter, is_available, uno_python
from workbench.renderers.pdf import conversion_env, docx_to_pdf
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
    word_comparison = Comparison("word export (.docx)", word.median, "ms", word.n, word.median,
                                 word.p95, "render_docx in process: the first step of the PDF")
    figures = [Figure.from_sample(
        "pdf.export.4k", "pdf", title, pdf, stat="median",
        comparisons=[word_comparison],
        details={"chars": chars, "startup_floor_median_ms": round(floor.median, 1),
                 "startup_share": round(share, 3),
                 "conversion_beyond_startup_ms": round(pdf.median - floor.median, 1)},
        note="soffice --convert-to pdf with FONTCONFIG_FILE=renderers/fonts.conf; the floor is "
             "the same conversion of a near-empty document (process and profile start-up).",
    )]
    if uno_python() is None:
        ctx.log("python3-uno not installed: no kept-warm figure")
        return figures
    converter = WarmConverter(conversion_env(), idle_s=0)
    buffer = io.BytesIO()
    render_docx(document, buffer)
    speech_docx = buffer.getvalue()
    try:
        ctx.log("PDF export with a kept-warm LibreOffice")
        first = time_calls(lambda i: converter.convert(speech_docx, "x.docx", "pdf"), 1, 0)
        warm = time_calls(lambda i: (render_docx(document, io.BytesIO()),
                                     converter.convert(speech_docx, "x.docx", "pdf")),
                          ctx.repeat(15, 2), 1)
    finally:
        converter.close()
    figures.append(Figure.from_sample(
        "pdf.export.4k.warm", "pdf", "PDF 导出（常驻）· the same with the dashboard's kept-warm LibreOffice",
        warm, stat="median",
        comparisons=[word_comparison, Comparison("cold (fresh LibreOffice)", pdf.median, "ms", pdf.n,
                                                 pdf.median, pdf.p95, "pdf.export.4k")],
        details={"chars": chars, "first_start_ms": round(first.median, 1), "starts": converter.starts},
        note="WarmConverter: one soffice kept running (office_worker.py over python3-uno), "
             "loadComponentFromURL + storeToURL(writer_pdf_Export) per export.",
    ))
    return figures
