"""What the checks that know formulations, leaders and facts add to a preview refresh.

Part of the `core` group: at 5,000 and 30,000 characters, one fact changed and the
dashboard's refresh redone (as `core.refresh`), with the four rules (formulation,
leader-post, leader-order, fact-mismatch) and a ten-leader profile, against the same
refresh without them. The formulation rule remembers what each paragraph gave, as in the
dashboard; the cold figure clears that memory before every call (the first refresh, or
every paragraph changed at once).
"""

from __future__ import annotations

import gc
import time

from workbench import Draft
from workbench.core.checks import RULES, Options, check_speech, from_document, run_checks
from workbench.core.formulations import default_dictionary
from workbench.core.leaders import Leader
from workbench.core.nodes import block_text
from workbench.core.text import count_chars
from workbench.renderers.html import render_html

from .context import Context
from .corpus import CHANGED_FACT
from .stats import Figure, Sample, median, percentile

#: The rules this module measures.
NEW_RULES = ("formulation", "leader-post", "leader-order", "fact-mismatch")

#: A county's leaders, as a unit profile lists them.
LEADERS = tuple(Leader(name, post, rank) for rank, (name, post) in enumerate((
    ("张华", "县委书记"), ("王建国", "县委副书记、县长"), ("李明", "县人大常委会主任"),
    ("赵敏", "县政协主席"), ("陈刚", "县委副书记"), ("刘洋", "县委常委、常务副县长"),
    ("孙丽", "县委常委、组织部部长"), ("周强", "副县长"), ("吴静", "副县长"), ("郑伟", "副县长"),
), 1))

_PLACES = ("青山县", "绿水县", "白云区", "红星镇", "东湖新区")


def _refresh(draft: Draft, i: int, rules: list[str] | None, cold: bool = False) -> str:
    draft.facts[CHANGED_FACT] = _PLACES[i % len(_PLACES)]
    doc = draft.document()
    if cold:
        default_dictionary().cache.clear()
    run_checks(doc, target_chars=draft.template.target_chars, rules=rules, leaders=LEADERS)
    sum(count_chars(block_text(block)) for block in doc.iter_blocks())
    return render_html(doc)


def _paired(ctx: Context, draft: Draft, old: list[str], cold: bool,
            repeat: int) -> tuple[Sample, Sample, list[float]]:
    """Time refreshes without and with the rules in turn, so load from other work on the
    machine falls on both alike; return both samples and the paired differences."""
    for i in range(ctx.warmup(20)):
        _refresh(draft, i, old)
        _refresh(draft, i, None, cold)
    gc.collect()
    without, full = [], []
    for i in range(repeat):
        for rules, out in ((old, without), (None, full)):
            start = time.perf_counter_ns()
            _refresh(draft, i, rules, cold and rules is None)
            out.append((time.perf_counter_ns() - start) / 1e6)
    return Sample(without), Sample(full), [b - a for a, b in zip(without, full, strict=True)]


def _rules_alone(ctx: Context, draft: Draft, repeat: int) -> Sample:
    """Time the four rules on each refresh's speech (built untimed), as a refresh runs them."""
    options = Options(draft.template.target_chars, extra={"leaders": LEADERS, "edited": {}})
    values = []
    for i in range(ctx.warmup(20) + repeat):
        draft.facts[CHANGED_FACT] = _PLACES[i % len(_PLACES)]
        speech = from_document(draft.document())
        start = time.perf_counter_ns()
        check_speech(speech, options, NEW_RULES)
        values.append((time.perf_counter_ns() - start) / 1e6)
    return Sample(values[-repeat:])


def figures(ctx: Context, draft: Draft, chars: int, target: int) -> list[Figure]:
    """Return the figures for one speech of `chars` characters."""
    label = f"{target // 1000}k"
    old = [rule for rule in RULES if rule not in NEW_RULES]
    alone = _rules_alone(ctx, draft, ctx.repeat(300, 5))
    without, full, diffs = _paired(ctx, draft, old, False, ctx.repeat(300, 5))
    _, cold, cold_diffs = _paired(ctx, draft, old, True, ctx.repeat(100, 3))
    budget = 1.0 if target == 5_000 else 6.0
    figure = Figure(
        f"checks.knowledge.{label}", "core",
        f"规范表述·领导·要素检查 · added to a preview refresh, {chars:,}-char speech (median)",
        round(alone.median, 3), "ms", alone.n, "median", round(alone.median, 3), round(alone.p95, 3),
        target=budget, target_text=f"≤ {budget:g} ms added",
        details={
            "chars": chars,
            "paired_added_median_ms": round(median(diffs), 3),
            "paired_added_p95_ms": round(percentile(diffs, 95), 3),
            "refresh_without_median_ms": round(without.median, 3),
            "refresh_without_p95_ms": round(without.p95, 3),
            "refresh_with_median_ms": round(full.median, 3),
            "refresh_with_p95_ms": round(full.p95, 3),
            "refresh_with_cold_median_ms": round(cold.median, 3),
            "refresh_with_cold_p95_ms": round(cold.p95, 3),
            "cold_added_median_ms": round(median(cold_diffs), 3),
            "leaders": len(LEADERS),
            "dictionary_entries": len(default_dictionary()),
            "findings": len(run_checks(draft.document(), rules=list(NEW_RULES), leaders=LEADERS)),
        },
        note="The four rules run on each refresh's speech, as WorkbenchState.refresh runs them (value: "
             "median). Details: refreshes without and with them timed in turn (paired differences), "
             "and cold (the formulation memory cleared per call).",
    )
    return [figure]
