"""Preview re-render after one fact change, at 5,000 and 30,000 characters and between."""

from __future__ import annotations

import math

from workbench import Draft, parse_template
from workbench.core.checks import run_checks
from workbench.core.nodes import block_text
from workbench.core.text import count_chars
from workbench.renderers.html import render_html

from . import knowledge
from .context import Context
from .corpus import CHANGED_FACT, long_template_source
from .stats import Figure, Sample, time_calls

#: Values typed into the changed fact, in turn (each differs from the one before).
PLACES = ("青山县", "绿水县", "白云区", "红星镇", "东湖新区")

#: Speech lengths (characters) of the growth curve; the first and last are the targets'.
SIZES = (5_000, 10_000, 20_000, 30_000)


def _draft(target: int) -> tuple[Draft, int]:
    source, chars = long_template_source(target)
    draft = Draft(parse_template(source, f"<generated {target}>"))
    draft.facts.fill_examples()
    return draft, chars


def rerender(draft: Draft, i: int) -> str:
    """Change one fact and rebuild the preview HTML: what the preview costs in the core."""
    draft.facts[CHANGED_FACT] = PLACES[i % len(PLACES)]
    return render_html(draft.document())


def refresh(draft: Draft, i: int) -> str:
    """Change one fact and do all the dashboard does then: document, checks, count, HTML.

    This mirrors `workbench.ui.state.WorkbenchState.refresh` with core functions only.
    """
    draft.facts[CHANGED_FACT] = PLACES[i % len(PLACES)]
    doc = draft.document()
    run_checks(doc, target_chars=draft.template.target_chars)
    sum(count_chars(block_text(block)) for block in doc.iter_blocks())
    return render_html(doc)


def run(ctx: Context) -> list[Figure]:
    """Return the preview figures."""
    repeat = ctx.repeat(300, 5)
    sizes = SIZES if not ctx.quick else (SIZES[0], SIZES[-1])
    curve = []
    figures = []
    for target in sizes:
        draft, chars = _draft(target)
        ctx.log(f"preview re-render at {chars} characters")
        core = time_calls(lambda i, d=draft: rerender(d, i), repeat, ctx.warmup(20))
        full = time_calls(lambda i, d=draft: refresh(d, i), repeat, ctx.warmup(20))
        curve.append({"target": target, "chars": chars, "blocks": len(draft.document().blocks),
                      "median_ms": round(core.median, 3), "p95_ms": round(core.p95, 3),
                      "with_checks_median_ms": round(full.median, 3),
                      "with_checks_p95_ms": round(full.p95, 3)})
        if target in (5_000, 30_000):
            label = f"{target // 1000}k"
            figures.append(Figure.from_sample(
                f"preview.rerender.{label}", "core",
                f"预览重排 · one fact changed → preview HTML, {chars:,}-char speech",
                core, target=5.0 if target == 5_000 else 30.0,
                target_text="p95 ≤ 5 ms" if target == 5_000 else "p95 ≤ 30 ms",
                details={"chars": chars, "blocks": curve[-1]["blocks"]},
                note="Facts set + assemble + HTML render (draft.facts[...] = v; render_html(draft.document())).",
            ))
            figures.append(Figure.from_sample(
                f"preview.refresh.{label}", "core",
                f"预览刷新 · the same plus checks and count, as the dashboard does, {chars:,} chars",
                full, target=5.0 if target == 5_000 else 30.0,
                target_text="p95 ≤ 5 ms" if target == 5_000 else "p95 ≤ 30 ms",
                details={"chars": chars},
                note="Mirrors WorkbenchState.refresh: document, run_checks, character count, HTML.",
            ))
            figures.extend(knowledge.figures(ctx, draft, chars, target))
    figures.append(_growth(curve))
    return figures


def _growth(curve: list[dict]) -> Figure:
    """Return how the re-render grows with length: the exponent k of time ∝ chars^k."""
    first, last = curve[0], curve[-1]
    exponent = math.log(last["median_ms"] / first["median_ms"]) / math.log(last["chars"] / first["chars"])
    per_k = [c["median_ms"] / c["chars"] * 1000 for c in curve]
    sample = Sample([exponent], "")
    return Figure(
        "preview.rerender.growth", "core",
        "预览重排增长 · exponent k in time ∝ chars^k (1 = linear), 5k → 30k",
        round(exponent, 3), "", len(curve), "fit", sample.median, None,
        details={"curve": curve, "median_ms_per_1000_chars": [round(x, 4) for x in per_k]},
        note="From the medians of the curve's first and last sizes; per-1,000-character cost in details.",
    )
