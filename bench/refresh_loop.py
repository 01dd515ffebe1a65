"""The preview's refresh, N times, for instruction counts: `python bench/refresh_loop.py N [w]`.

Facts set -> assemble -> checks -> HTML, as the dashboard does on each change (with `w`, also
N Word exports). Run under `valgrind --tool=callgrind` with N=0 and N=20 and subtract: the
count per refresh is the same on a loaded machine as on a quiet one (BENCHMARKS.md).
"""

from __future__ import annotations

import io
import sys

import workbench
from workbench import load_library, run_checks
from workbench.renderers.html import render_html


def main(argv: list[str]) -> None:
    """Run the refresh `argv[0]` times (and as many Word exports with a second argument)."""
    n, word = int(argv[0]), len(argv) > 1
    draft = workbench.Draft(load_library()["work-safety-plenary"])
    draft.facts.fill_examples()
    for i in range(n):
        draft.facts["place"] = f"青山{i % 7}县"
        doc = draft.document()
        run_checks(doc, target_chars=draft.template.target_chars)
        render_html(doc)
    for _ in range(n if word else 0):
        draft.export_docx(io.BytesIO())


if __name__ == "__main__":
    main(sys.argv[1:])
