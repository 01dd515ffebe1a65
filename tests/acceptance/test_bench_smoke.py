"""A quick run of the benchmark suite, so `make bench` cannot rot (shape only, never timing)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_quick_bench_run_writes_results_json(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "core,library,word,roundtrip,outline",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["format"] == "speech-workbench-bench"
    assert results["quick"] is True
    assert results["groups_run"] == ["core", "library", "word", "roundtrip", "outline"]
    assert {"nproc", "cpu_model", "memory_gib", "python", "packages"} <= set(results["machine"])
    figures = {f["name"]: f for f in results["figures"]}
    assert {"preview.rerender.5k", "preview.rerender.30k", "preview.rerender.growth",
            "library.load.20", "library.validate_cold.20", "library.second_load.20",
            "word.export.5k", "outline.recover.10k", "checks.knowledge.5k", "roundtrip.revise.5k",
            "roundtrip.tracked_export.5k"} <= set(figures)
    for figure in figures.values():
        assert {"name", "value", "unit", "n", "stat", "comparisons"} <= set(figure)
        assert isinstance(figure["value"], int | float) and figure["value"] > 0, figure
        assert figure["n"] >= 1
        assert isinstance(figure["comparisons"], list)
    assert "preview.rerender.5k" in run.stdout  # the table is printed


def test_bench_rejects_unknown_groups():
    run = subprocess.run([sys.executable, "-m", "bench", "--only", "nonsense"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "unknown group" in run.stderr


def test_quick_reliability_run_counts_nothing_lost(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--quick", "--only", "reliability", "--out",
                          str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    figures = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))["figures"]}
    assert set(figures) == {"reliability.full_disk.intact", "reliability.conflicts.detected",
                            "reliability.conflicts.races", "reliability.fuzz.cases",
                            "reliability.uploads.slowest"}
    for name, figure in figures.items():
        if figure["value"] is None:  # the full disk, where mounting is impossible
            assert name == "reliability.full_disk.intact" and figure["note"].startswith("not measured")
            continue
        assert figure["meets_target"] is True, figure


def test_the_growth_plot_draws_both_panels_from_results(tmp_path):
    from bench.plot import main as plot

    steps = [{"sessions": n, "p95_ms": 10.0 + n, "cores_voila": 0.01 * n, "cores_kernels": 0.02 * n}
             for n in (1, 5, 10)]
    figures = [
        {"name": "dashboard.type_to_preview.5k", "value": 40.0},
        {"name": "dashboard.type_to_preview.30k", "value": 90.0},
        {"name": "dashboard.type_to_preview.5k.ratio", "details": {"floor_p95_ms": 35.0}},
        {"name": "dashboard.type_to_preview.30k.ratio", "details": {"floor_p95_ms": 36.0}},
        {"name": "load.server_cpu_per_key.5k", "value": 9.0},
        {"name": "load.server_cpu_per_key.30k", "value": 20.0},
        {"name": "load.concurrent_sessions", "value": 10, "details": {"steps": steps}},
    ]
    source = tmp_path / "results.json"
    source.write_text(json.dumps({"figures": figures}), encoding="utf-8")
    target = tmp_path / "plot.svg"
    assert plot([str(source), str(target)]) == 0
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg.count("<polyline") == 5  # ours, floor, CPU; p95, cores
    assert "by writers typing at once" in svg and ">10<" in svg
