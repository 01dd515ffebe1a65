"""`python -m bench`: run the benchmark groups, print the table, write bench/results.json."""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from .context import ROOT, Context
from .machine import describe, speed_ms
from .report import format_table
from .stats import Figure

#: The groups in the order they run (cheap first; the browser ones last).
GROUPS = ("core", "library", "word", "roundtrip", "batch", "outline", "materials", "reliability", "pdf",
          "dashboard", "load", "hub")

#: Where results go by default (committed, so the figures in BENCHMARKS.md have a source).
RESULTS = ROOT / "bench" / "results.json"

#: Format of results.json.
RESULTS_VERSION = 1


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="tiny repeat counts and a small library (a smoke run, not figures)")
    parser.add_argument("--only", action="append", default=[], metavar="GROUP",
                        help=f"run only these groups (repeat or comma-separate): {', '.join(GROUPS)}")
    parser.add_argument("--skip", action="append", default=[], metavar="GROUP",
                        help="leave these groups out")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file (JSON)")
    parser.add_argument("--fresh", action="store_true",
                        help="drop the figures of groups not run, instead of keeping them")
    args = parser.parse_args(argv)
    only = [g for item in args.only for g in item.split(",") if g]
    skip = {g for item in args.skip for g in item.split(",") if g}
    unknown = (set(only) | skip) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    args.groups = [g for g in (only or GROUPS) if g not in skip]
    return args


def _failed(group: str, exc: BaseException) -> Figure:
    return Figure(f"{group}.error", group, f"{group}: the group failed", None, "", 0, "error",
                  note=f"{exc.__class__.__name__}: {exc}"[:500])


def run_groups(groups: list[str], ctx: Context) -> list[Figure]:
    """Run `groups` and return their figures; a failing group gives one error figure."""
    figures: list[Figure] = []
    for group in groups:
        print(f"[{group}]", file=sys.stderr, flush=True)
        before, speed = os.getloadavg()[0], speed_ms()
        try:
            module = importlib.import_module(f"bench.{group}")
            produced = module.run(ctx)
        except Exception as exc:
            traceback.print_exc()
            produced = [_failed(group, exc)]
        # Other work on the machine skews timings: keep the load next to each figure.
        load = {"before": round(before, 2), "after": round(os.getloadavg()[0], 2)}
        pace = {"before": speed, "after": speed_ms()}
        for figure in produced:
            figure.details.setdefault("loadavg_1m", load)
            figure.details.setdefault("machine_speed_ms", pace)
        figures.extend(produced)
    return figures


def _merge(out: Path, figures: list[dict[str, Any]], groups: list[str], fresh: bool) -> list:
    if fresh or not out.exists():
        return figures
    try:
        old = json.loads(out.read_text(encoding="utf-8")).get("figures", [])
    except (OSError, ValueError):
        return figures
    kept = [f for f in old if f.get("group") not in groups]
    return kept + figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 1 when a group failed, else 0."""
    args = _parse(argv)
    machine = describe()
    stamp = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(prefix="wb-bench-") as scratch:
        ctx = Context(quick=args.quick, scratch=Path(scratch))
        figures = run_groups(args.groups, ctx)
    data = []
    for figure in figures:
        entry = figure.to_json()
        entry["measured_at"] = stamp
        entry["commit"] = machine["commit"]
        entry["quick"] = args.quick
        data.append(entry)
    merged = _merge(args.out, data, args.groups, args.fresh)
    results = {
        "format": "speech-workbench-bench",
        "version": RESULTS_VERSION,
        "generated_at": stamp,
        "quick": args.quick,
        "groups_run": args.groups,
        "machine": machine,
        "ratio_means": "figure value ÷ comparison value (below 1: the workbench is faster)",
        "figures": merged,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(format_table(merged))
    print(f"\nwrote {args.out}")
    if args.out == RESULTS:  # the plot of BENCHMARKS.md follows the committed figures
        from .plot import main as plot

        plot([str(RESULTS)])
    return 1 if any(f["stat"] == "error" for f in data) else 0


if __name__ == "__main__":
    sys.exit(main())
