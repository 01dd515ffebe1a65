"""The load test counts a key whose page never came as lost, and goes on measuring."""

from __future__ import annotations

import asyncio
import random

import pytest

from bench import load
from bench.wsclient import ProtocolError


class _Client:
    """Types as a `WidgetClient` does; the page of its second key never comes."""

    def __init__(self, failure: BaseException) -> None:
        self.failure = failure
        self.sent: list[str] = []

    def send_value(self, value: str, timeout: float = 60) -> asyncio.Future[float]:
        self.sent.append(value)
        future = asyncio.get_running_loop().create_future()
        if len(self.sent) == 2:
            future.set_exception(self.failure)
        else:
            future.set_result(5.0)
        return future


def test_a_key_whose_page_never_came_counts_at_the_timeout(monkeypatch):
    monkeypatch.setattr(load, "PACE_S", 0.01)
    client = _Client(ProtocolError("the preview never showed '青东甲乙'"))
    values = asyncio.run(load._writer(client, 3, random.Random(1)))
    assert values == [5.0, load.KEY_TIMEOUT_S * 1000, 5.0]
    assert load.percentile(values, 95) > load.TARGET_MS  # such a step is never "held"


def test_the_bench_s_own_errors_still_surface(monkeypatch):
    monkeypatch.setattr(load, "PACE_S", 0.01)
    with pytest.raises(KeyError):
        asyncio.run(load._writer(_Client(KeyError("field")), 3, random.Random(1)))
