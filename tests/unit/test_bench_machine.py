"""The benches keep the machine's pace beside each group's figures (`bench.machine.speed_ms`)."""

from __future__ import annotations

import sys
import time
import types

from bench.__main__ import run_groups
from bench.context import Context
from bench.machine import speed_ms
from bench.stats import Figure


def test_speed_is_the_time_of_a_fixed_piece_of_work():
    first, second = speed_ms(3), speed_ms(3)
    assert 0 < first < 5_000 and 0 < second < 5_000
    # Busier work takes longer: the probe measures, it does not report a constant.
    start = time.perf_counter()
    for _ in range(3):
        speed_ms(1)
    assert (time.perf_counter() - start) * 1000 >= 0.5 * 3 * min(first, second)


def test_each_group_figure_carries_the_load_and_the_pace_before_and_after(monkeypatch, tmp_path):
    group = types.ModuleType("bench._paced")
    group.run = lambda ctx: [Figure("paced.one", "paced", "一个数", 1.0, "ms", 1)]
    monkeypatch.setitem(sys.modules, "bench._paced", group)
    [figure] = run_groups(["_paced"], Context(quick=True, scratch=tmp_path))
    pace = figure.details["machine_speed_ms"]
    assert set(pace) == {"before", "after"} and all(v > 0 for v in pace.values())
    assert set(figure.details["loadavg_1m"]) == {"before", "after"}
