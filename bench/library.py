"""Loading a library of 1,000 generated templates: index, full validation cold, a second load."""

from __future__ import annotations

import json
import subprocess
import sys

from .context import ROOT, Context
from .corpus import write_library
from .stats import Figure, Sample

#: Templates in the generated library.
COUNT = 1000


def _child(folder: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench._library_child", folder],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise RuntimeError(f"library child failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout)


def run(ctx: Context) -> list[Figure]:
    """Return the library figures (each run in a fresh process, so each first load is cold)."""
    count = 20 if ctx.quick else COUNT
    folder = write_library(ctx.scratch / f"library-{count}", count)
    ctx.log(f"library of {count} generated templates in {folder}")
    _child(str(folder))  # warm-up: the OS file cache and .pyc files, as on a used server
    runs = [_child(str(folder)) for _ in range(ctx.repeat(7, 1))]
    assert all(r["count"] == count and r["errors"] == 0 for r in runs), runs

    def sample(key: str) -> Sample:
        return Sample([r[key] for r in runs], "ms")

    index, validate = sample("index_ms"), sample("validate_ms")
    second_index, second_validate = sample("second_index_ms"), sample("second_validate_ms")
    first_use = sample("index_and_first_use_ms")
    per_template = validate.median / count
    details = {"templates": count, "runs": len(runs),
               "import_workbench_ms": round(sample("import_ms").median, 1)}
    return [
        Figure.from_sample(
            f"library.load.{count}", "library",
            f"模板库加载 · index {count} templates (what opening the library costs)",
            index, stat="median", target=1000.0, target_text="≤ 1 s", details=details,
            note="Library is lazy: files are indexed by their id/title lines; each template "
                 "is parsed and validated on first use.",
        ),
        Figure.from_sample(
            f"library.first_use.{count}", "library",
            "模板库加载 · index + parse/validate the first template used",
            first_use, stat="median", target=1000.0, target_text="≤ 1 s", details=details,
        ),
        Figure.from_sample(
            f"library.validate_cold.{count}", "library",
            f"模板库全量校验 · parse and validate all {count}, fresh process",
            validate, stat="median", details={**details, "ms_per_template": round(per_template, 3)},
            note="library.validate(): YAML with line numbers, schema, Jinja sandbox parse of "
                 "every {% if %} text. Not on the dashboard's path (lazy), but what `workbench "
                 "templates --check` style validation costs.",
        ),
        Figure.from_sample(
            f"library.second_load.{count}", "library",
            "模板库二次加载 · the same index + full validation again, same process",
            Sample([a + b for a, b in zip(second_index.values, second_validate.values,
                                          strict=True)], "ms"),
            stat="median",
            details={**details, "second_index_ms": round(second_index.median, 2),
                     "second_validate_ms": round(second_validate.median, 1)},
            note="No cross-load cache: a second Library re-reads and re-validates; only "
                 "imports, regexes and the OS file cache are warm.",
        ),
    ]
