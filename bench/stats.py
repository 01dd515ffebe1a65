"""Timing helpers: repeated runs after a warm-up, medians and p95."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """Return the `q`-th percentile (0–100) of `values`, interpolating linearly between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    """Return the median of `values`."""
    return percentile(values, 50)


@dataclass
class Sample:
    """Repeated measurements of one thing, in one unit."""

    values: list[float]
    unit: str = "ms"

    @property
    def n(self) -> int:
        """How many measurements."""
        return len(self.values)

    @property
    def median(self) -> float:
        """The median measurement."""
        return median(self.values)

    @property
    def p95(self) -> float:
        """The 95th percentile."""
        return percentile(self.values, 95)

    @property
    def min(self) -> float:
        """The fastest measurement."""
        return min(self.values)


def time_calls(func: Callable[[int], Any], repeat: int, warmup: int = 3) -> Sample:
    """Call `func(i)` `warmup` times, then `repeat` times timed one by one; return ms.

    The garbage collector is left on (users get its pauses too), but a collection runs
    before the timed calls so that earlier benchmarks' garbage is not billed here.
    """
    for i in range(warmup):
        func(i)
    gc.collect()
    values = []
    for i in range(repeat):
        start = time.perf_counter_ns()
        func(warmup + i)
        values.append((time.perf_counter_ns() - start) / 1e6)
    return Sample(values, "ms")


@dataclass
class Comparison:
    """The same job done by an alternative; `ratio` is the figure's value ÷ this value."""

    name: str
    value: float | None
    unit: str
    n: int = 0
    median: float | None = None
    p95: float | None = None
    note: str = ""

    def ratio_to(self, value: float | None) -> float | None:
        """Return `value` ÷ this comparison's value (below 1: the workbench is faster)."""
        if value is None or not self.value:
            return None
        return value / self.value


@dataclass
class Figure:
    """One benchmark figure: a value (the statistic named by `stat`) with its context."""

    name: str
    group: str
    title: str
    value: float | None
    unit: str
    n: int
    stat: str = "p95"
    median: float | None = None
    p95: float | None = None
    target: float | None = None
    target_text: str = ""
    comparisons: list[Comparison] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    #: True when `target` is a lower bound (a count that must reach it), not an upper one.
    target_is_minimum: bool = False

    @classmethod
    def from_sample(cls, name: str, group: str, title: str, sample: Sample, *, stat: str = "p95",
                    **kwargs: Any) -> Figure:
        """Return the figure for `sample`, reporting its `stat` ("p95" or "median")."""
        value = sample.p95 if stat == "p95" else sample.median
        return cls(name, group, title, value, sample.unit, sample.n, stat, sample.median,
                   sample.p95, **kwargs)

    @property
    def meets_target(self) -> bool | None:
        """True or False against `target` (an upper bound, or a lower one with
        `target_is_minimum`), None when there is none."""
        if self.target is None or self.value is None:
            return None
        if self.target_is_minimum:
            return self.value >= self.target
        return self.value <= self.target

    def to_json(self) -> dict[str, Any]:
        """Return the figure as JSON data."""
        return {
            "name": self.name,
            "group": self.group,
            "title": self.title,
            "value": _round(self.value),
            "unit": self.unit,
            "stat": self.stat,
            "n": self.n,
            "median": _round(self.median),
            "p95": _round(self.p95),
            "target": self.target,
            "target_text": self.target_text,
            "meets_target": self.meets_target,
            "comparisons": [
                {"name": c.name, "value": _round(c.value), "unit": c.unit, "n": c.n,
                 "median": _round(c.median), "p95": _round(c.p95),
                 "ratio": _round(c.ratio_to(self.value), 3), "note": c.note}
                for c in self.comparisons
            ],
            "details": self.details,
            "note": self.note,
        }


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None:
        return None
    return float(f"{value:.{digits + 3}g}") if abs(value) < 1 else round(value, digits)
