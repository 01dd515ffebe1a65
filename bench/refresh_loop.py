"""The preview's refresh, N times, for instruction counts: `python bench/refresh_loop.py N [w]`.

Facts set -> assemble -> checks -> HTML, as the dashboard does on each change (with `w`, also
N Word exports). Run under `valgrind --tool=callgrind` with N=0 and N=20 and subtract: the
count per refresh is the same on a loaded machine as on a quiet one (BENCHMARKS.md).
"""
import io
import sys

n = int(sys.argv[1]); word = len(sys.argv) > 2
import workbench
from workbench import load_library, run_checks
from workbench.renderers.html import render_html

lib = load_library()
d = workbench.Draft(lib["work-safety-plenary"])
d.facts.fill_examples()
for i in range(n):
    d.facts["place"] = f"青山{i % 7}县"
    doc = d.document()
    run_checks(doc, target_chars=d.template.target_chars)
    render_html(doc)
if word:
    for i in range(n):
        d.export_docx(io.BytesIO())
