"""Preview re-render after one fact change, at 5,000 and 30,000 characters and between."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from workbench import Draft, parse_template
from workbench.core.checks import run_checks
from workbench.core.nodes import block_text
from workbench.core.text import count_chars
from workbench.renderers.html import render_html

from . import knowledge
from .context import Context
from .corpus import CHANGED_FACT, long_template_source
from .stats import Figure, Sample, time_calls

if TYPE_CHECKING:
    from workbench.ui.state import WorkbenchState

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
    """Change one fact and redo, from scratch, all the dashboard does then: document,
    checks, count, HTML (core functions only, no cache kept between calls: what a refresh
    costs when every paragraph changed, e.g. a template switch). `app_refresh` is the
    dashboard's own path."""
    draft.facts[CHANGED_FACT] = PLACES[i % len(PLACES)]
    doc = draft.document()
    run_checks(doc, target_chars=draft.template.target_chars)
    sum(count_chars(block_text(block)) for block in doc.iter_blocks())
    return render_html(doc)


def app_state(draft: Draft) -> WorkbenchState:
    """A headless `WorkbenchState` on `draft` (no widgets, no event loop: each change is
    refreshed at once, checks included)."""
    from workbench.ui.state import WorkbenchState

    return WorkbenchState(library={}, draft=draft)


def app_refresh(state: WorkbenchState, i: int) -> None:
    """Change one fact through the app's state: `WorkbenchState.refresh` with the caches it
    keeps between keystrokes (assembly, paragraph HTML and counts, checks per paragraph)."""
    state.set_fact(CHANGED_FACT, PLACES[i % len(PLACES)])


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
        state = app_state(draft)
        app = time_calls(lambda i, st=state: app_refresh(st, i), repeat, ctx.warmup(20))
        curve.append({"target": target, "chars": chars, "blocks": len(draft.document().blocks),
                      "median_ms": round(core.median, 3), "p95_ms": round(core.p95, 3),
                      "with_checks_median_ms": round(full.median, 3),
                      "with_checks_p95_ms": round(full.p95, 3),
                      "app_median_ms": round(app.median, 3), "app_p95_ms": round(app.p95, 3)})
        if target in (5_000, 30_000):
            label = f"{target // 1000}k"
            bound = 5.0 if target == 5_000 else 30.0
            for name, title, sample, details, note in (
                ("rerender", f"预览重排 · one fact changed → preview HTML, {chars:,}-char speech",
                 core, {"chars": chars, "blocks": curve[-1]["blocks"]},
                 "Facts set + assemble + HTML render (draft.facts[...] = v; "
                 "render_html(draft.document()))."),
                ("refresh", f"预览刷新 · the same plus checks and count, from scratch, "
                 f"{chars:,} chars", full, {"chars": chars},
                 "From scratch, core functions only: document, run_checks, character count, "
                 "HTML, nothing kept between calls (every paragraph changed)."),
                ("refresh_app", f"预览刷新 · one fact changed, the dashboard's own refresh, "
                 f"{chars:,} chars", app, {"chars": chars},
                 "WorkbenchState.set_fact → refresh with its caches (assembly, paragraph "
                 "HTML and counts, checks per paragraph), checks run at once, no widgets."),
            ):
                figures.append(Figure.from_sample(
                    f"preview.{name}.{label}", "core", title, sample, target=bound,
                    target_text=f"p95 ≤ {bound:g} ms", details=details, note=note))
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
