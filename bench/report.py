"""The results table printed at the end of a run."""

from __future__ import annotations

import unicodedata
from typing import Any


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):  # a count
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _row(figure: dict[str, Any]) -> list[str]:
    value = figure["value"]
    unit = figure["unit"]
    shown = f"{_number(value)} {unit}".strip() if value is not None else "n/a"
    stat = figure["stat"]
    if figure.get("median") is not None and stat == "p95":
        shown += f" (median {_number(figure['median'])})"
    ok = {True: "yes", False: "NO", None: ""}[figure.get("meets_target")]
    target = figure.get("target_text") or ""
    comparisons = "; ".join(
        f"{c['name']} {_number(c['value'])} {c['unit']}"
        + (f" (×{c['ratio']:.2f})" if c.get("ratio") is not None else "")
        for c in figure.get("comparisons", [])
    )
    return [figure["name"], stat, shown, str(figure["n"]), f"{target} {ok}".strip(), comparisons]


def format_table(figures: list[dict[str, Any]]) -> str:
    """Return the figures as an aligned text table (ratios are figure ÷ comparison)."""
    header = ["figure", "stat", "value", "n", "target", "compared with (ratio = ours ÷ theirs)"]
    rows = [header] + [_row(f) for f in figures]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for k, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"- {f['name']}: {f['note']}" for f in figures if f["stat"] == "error" or
             f["value"] is None]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def format_markdown(figures: list[dict[str, Any]]) -> str:
    """Return the figures as a Markdown table, for BENCHMARKS.md."""
    lines = ["| figure | value | median | p95 | n | target | compared with (ratio = ours ÷ theirs) |",
             "|---|---|---|---|---|---|---|"]
    for f in figures:
        value = f"{_number(f['value'])} {f['unit']}".strip() if f["value"] is not None else "n/a"
        ok = {True: " ✔", False: " ✘", None: ""}[f.get("meets_target")]
        comparisons = "; ".join(
            f"{c['name']}: {_number(c['value'])} {c['unit']}"
            + (f" (×{c['ratio']:.2f})" if c.get("ratio") is not None else "")
            for c in f.get("comparisons", []))
        lines.append(f"| `{f['name']}` ({f['stat']}) | {value} | {_number(f.get('median'))} | "
                     f"{_number(f.get('p95'))} | {f['n']} | {f.get('target_text', '')}{ok} | "
                     f"{comparisons} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("results.json")
    print(format_markdown(json.loads(path.read_text(encoding="utf-8"))["figures"]))
