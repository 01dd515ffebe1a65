"""`python -m bench.plot`: the growth plot of BENCHMARKS.md, drawn from bench/results.json.

Two panels as one hand-written SVG (no plotting library: the figure must come out the same
on any machine that ran the benchmarks):

- left, how a keystroke's cost grows from a 5,000- to a 30,000-character speech: key →
  preview p95 in Chromium (ours and the ipywidgets echo floor) and the server's CPU per key;
- right, how the server holds up as writers are added: key → page p95 at the clients and
  the cores Voilà and its kernels use, from one writer to the knee.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from typing import Any

from .context import ROOT

RESULTS = ROOT / "bench" / "results.json"
OUT = ROOT / "docs" / "bench-growth.svg"

W, H = 1040, 360
PANEL_W, PANEL_H = 360, 240
LEFT_X, RIGHT_X, TOP = 70, 590, 50

COLOURS = {"ours": "#b22222", "floor": "#777777", "cpu": "#1f5fa8", "target": "#2e8b57"}


def _figures(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["name"]: f for f in data.get("figures", [])}


def _scale(values: list[float], top: float | None = None) -> float:
    peak = max([v for v in values if v is not None] + [top or 0, 1.0])
    bounds = sorted(nice * 10 ** power for nice in (1, 2, 2.5, 5) for power in range(-1, 6))
    return next((b for b in bounds if b >= peak * 1.05), peak)


def _axes(x0: int, y0: int, title: str, ylabel: str, ymax: float, xlabels: list[tuple[float, str]],
          right: tuple[str, float] | None = None) -> list[str]:
    out = [f'<text x="{x0 + PANEL_W / 2}" y="{y0 - 18}" text-anchor="middle" '
           f'font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<line x1="{x0}" y1="{y0 + PANEL_H}" x2="{x0 + PANEL_W}" y2="{y0 + PANEL_H}" stroke="#333"/>',
           f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + PANEL_H}" stroke="#333"/>',
           f'<text x="{x0 - 48}" y="{y0 + PANEL_H / 2}" font-size="12" text-anchor="middle" '
           f'transform="rotate(-90 {x0 - 48} {y0 + PANEL_H / 2})">{escape(ylabel)}</text>']
    for k in range(5):
        value = ymax * k / 4
        y = y0 + PANEL_H - PANEL_H * k / 4
        out.append(f'<line x1="{x0 - 4}" y1="{y}" x2="{x0 + PANEL_W}" y2="{y}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 8}" y="{y + 4}" font-size="11" text-anchor="end">{value:g}</text>')
    for frac, label in xlabels:
        x = x0 + PANEL_W * frac
        out.append(f'<text x="{x}" y="{y0 + PANEL_H + 18}" font-size="11" '
                   f'text-anchor="middle">{escape(label)}</text>')
    if right:
        name, rmax = right
        for k in range(5):
            y = y0 + PANEL_H - PANEL_H * k / 4
            out.append(f'<text x="{x0 + PANEL_W + 8}" y="{y + 4}" font-size="11" '
                       f'fill="{COLOURS["cpu"]}">{rmax * k / 4:g}</text>')
        out.append(f'<text x="{x0 + PANEL_W + 44}" y="{y0 + PANEL_H / 2}" font-size="12" '
                   f'fill="{COLOURS["cpu"]}" text-anchor="middle" transform="rotate(90 '
                   f'{x0 + PANEL_W + 44} {y0 + PANEL_H / 2})">{escape(name)}</text>')
    return out


def _line(points: list[tuple[float, float]], colour: str, dash: str = "") -> list[str]:
    if not points:
        return []
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    out = [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>']
    out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points]
    return out


def _legend(x: int, y: int, items: list[tuple[str, str, str]]) -> list[str]:
    out = []
    for k, (label, colour, dash) in enumerate(items):
        yy = y + 16 * k
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{yy}" x2="{x + 22}" y2="{yy}" stroke="{colour}" '
                   f'stroke-width="2"{dashed}/>')
        out.append(f'<text x="{x + 28}" y="{yy + 4}" font-size="11">{escape(label)}</text>')
    return out


def _size_panel(figs: dict[str, dict[str, Any]]) -> list[str]:
    sizes = [("5k", "5,000"), ("30k", "30,000")]
    ours = [figs.get(f"dashboard.type_to_preview.{s}", {}).get("value") for s, _ in sizes]
    floor = [(figs.get(f"dashboard.type_to_preview.{s}.ratio", {}).get("details") or {})
             .get("floor_p95_ms") for s, _ in sizes]
    cpu = [figs.get(f"load.server_cpu_per_key.{s}", {}).get("value") for s, _ in sizes]
    ymax = _scale([v for v in ours + floor if v is not None], 80)
    cmax = _scale([v for v in cpu if v is not None])
    xs = [0.15, 0.85]

    def pts(values: list[Any], top: float) -> list[tuple[float, float]]:
        return [(LEFT_X + PANEL_W * x, TOP + PANEL_H - PANEL_H * v / top)
                for x, v in zip(xs, values, strict=True) if v is not None]

    out = _axes(LEFT_X, TOP, "按篇幅 · by speech size (characters)", "key → preview p95, ms (Chromium)",
                ymax, [(x, label) for x, (_, label) in zip(xs, sizes, strict=True)],
                right=("server CPU per key, ms", cmax))
    y80 = TOP + PANEL_H - PANEL_H * 80 / ymax
    out.append(f'<line x1="{LEFT_X}" y1="{y80}" x2="{LEFT_X + PANEL_W}" y2="{y80}" '
               f'stroke="{COLOURS["target"]}" stroke-dasharray="2,3"/>')
    out += _line(pts(ours, ymax), COLOURS["ours"])
    out += _line(pts(floor, ymax), COLOURS["floor"], "6,3")
    out += _line(pts(cpu, cmax), COLOURS["cpu"], "2,2")
    out += _legend(LEFT_X + 10, TOP + 12, [("ours, p95", COLOURS["ours"], ""),
                                          ("ipywidgets echo floor, p95", COLOURS["floor"], "6,3"),
                                          ("server CPU per key (right axis)", COLOURS["cpu"], "2,2"),
                                          ("80 ms", COLOURS["target"], "2,3")])
    return out


def _load_panel(figs: dict[str, dict[str, Any]]) -> list[str]:
    steps = (figs.get("load.concurrent_sessions", {}).get("details") or {}).get("steps") or []
    if not steps:
        return []
    top_n = max(s["sessions"] for s in steps)
    ymax = _scale([s["p95_ms"] for s in steps], 80)
    cores = [s.get("cores_voila", 0) + s.get("cores_kernels", 0) for s in steps]
    cmax = 2.0

    def x(n: float) -> float:
        return RIGHT_X + PANEL_W * n / top_n

    ticks = sorted({s["sessions"] for s in steps})
    out = _axes(RIGHT_X, TOP, "按并发 · by writers typing at once", "key → page p95, ms (clients)",
                ymax, [(n / top_n, str(n)) for n in ticks], right=("server cores (of 2)", cmax))
    y80 = TOP + PANEL_H - PANEL_H * 80 / ymax
    out.append(f'<line x1="{RIGHT_X}" y1="{y80}" x2="{RIGHT_X + PANEL_W}" y2="{y80}" '
               f'stroke="{COLOURS["target"]}" stroke-dasharray="2,3"/>')
    out += _line([(x(s["sessions"]), TOP + PANEL_H - PANEL_H * s["p95_ms"] / ymax) for s in steps],
                 COLOURS["ours"])
    out += _line([(x(s["sessions"]), TOP + PANEL_H - PANEL_H * c / cmax)
                  for s, c in zip(steps, cores, strict=True)], COLOURS["cpu"], "2,2")
    out += _legend(RIGHT_X + 10, TOP + 12, [("p95 at the clients", COLOURS["ours"], ""),
                                           ("Voilà + kernels, cores (right axis)", COLOURS["cpu"], "2,2"),
                                           ("80 ms", COLOURS["target"], "2,3")])
    return out


def draw(figs: dict[str, dict[str, Any]]) -> str:
    """Return the SVG for the figures `figs` (by name, as results.json holds them)."""
    body = _size_panel(figs) + _load_panel(figs)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
            f'viewBox="0 0 {W} {H}" font-family="sans-serif">'
            f'<rect width="{W}" height="{H}" fill="white"/>' + "".join(body) + "</svg>\n")


def main(argv: list[str] | None = None) -> int:
    """Write docs/bench-growth.svg from bench/results.json (or the paths given)."""
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else RESULTS
    target = Path(args[1]) if len(args) > 1 else OUT
    target.write_text(draw(_figures(source)), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
