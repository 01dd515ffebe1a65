"""Batch generation (批量): 100 units of a 4,000-character speech into a zip, and its memory.

- `batch.100units.4k`: `write_batch` of a 100-row table (each unit its own place and
  figures) into a zip file in the scratch folder, in process; target ≤ 3 s.
- `batch.memory.flat`: tracemalloc's peak while writing 10 and 100 units; the figure is
  the ratio (1 = flat: the zip is streamed, one speech in memory at a time).
"""

from __future__ import annotations

import time
import tracemalloc

from workbench import Draft, parse_template
from workbench.batch import plan_batch, write_batch
from workbench.tables import Table

from .context import Context
from .corpus import long_template_source
from .stats import Figure, Sample

#: Length of each unit's speech, in characters.
CHARS = 4_000

#: Units in the timed batch.
UNITS = 100


def _table(template, count: int) -> Table:
    """A table of `count` units: every required fact a column, values varied per row."""
    specs = [s for s in template.fact_specs.values() if s.example is not None]
    header = [s.label for s in specs]
    rows = []
    for i in range(count):
        row = []
        for spec in specs:
            if spec.id == "place":
                row.append(f"第{i + 1}镇")
            elif spec.type == "number":
                row.append(str(int(spec.example) + i))
            elif spec.type == "list":
                row.append("、".join(spec.example))
            else:
                row.append(str(spec.example))
        rows.append(row)
    return Table("bench.csv", header, rows, "csv", "UTF-8")


def _plan(count: int):
    source, chars = long_template_source(CHARS)
    template = parse_template(source, f"<generated {CHARS}>")
    draft = Draft(template)
    draft.facts.fill_examples()
    return plan_batch(template, _table(template, count), draft=draft), chars


def run(ctx: Context) -> list[Figure]:
    """Return the batch figures."""
    plan, chars = _plan(UNITS)
    assert len(plan.good) == UNITS, [u.describe() for u in plan.bad][:3]
    out = ctx.scratch / "batch.zip"
    repeat = ctx.repeat(5, 1)
    ctx.log(f"batch of {UNITS} units, {chars} chars each")
    write_batch(plan, out)  # warm-up: imports, the layout's cached page and styles
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        report = write_batch(plan, out)
        values.append((time.perf_counter() - start) * 1000)
    assert report.written == UNITS
    sample = Sample(values, "ms")
    figures = [Figure.from_sample(
        "batch.100units.4k", "batch",
        f"批量生成 · {UNITS} units × {chars:,}-char speech → .docx each, streamed into a zip",
        sample, stat="median", target=3000.0, target_text="≤ 3 s",
        details={"units": UNITS, "chars": chars, "zip_bytes": out.stat().st_size,
                 "per_unit_median_ms": round(sample.median / UNITS, 3)},
        note="write_batch(plan, file): per row facts swapped into one draft, assemble, "
             "render_docx to memory, written whole into the zip (stored).",
    )]
    peaks = {}
    for count in (10, UNITS):
        small, _ = _plan(count)
        tracemalloc.start()
        write_batch(small, ctx.scratch / f"mem-{count}.zip")
        peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    ratio = peaks[UNITS] / peaks[10]
    figures.append(Figure(
        "batch.memory.flat", "batch",
        f"批量内存 · tracemalloc peak writing {UNITS} units ÷ peak writing 10 (1 = flat)",
        round(ratio, 3), "×", 1, "ratio", target=1.5, target_text="≤ 1.5 (flat in rows)",
        details={"peak_10_kib": round(peaks[10] / 1024), f"peak_{UNITS}_kib": round(peaks[UNITS] / 1024)},
        note="Peak Python allocations while writing the zip to a file (rows read beforehand).",
    ))
    return figures
