"""Every benchmark group imports: a name one group takes from another must still be there.

(`bench.hub` took `THINK_S` from `bench.load` after `load` had dropped it, and `make bench`
lost the hub's figures for several sessions without any test saying so.)"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from bench.__main__ import GROUPS

MODULES = sorted(p.stem for p in (Path(__file__).parents[2] / "bench").glob("*.py")
                 if p.stem != "__main__")


@pytest.mark.parametrize("name", MODULES)
def test_each_bench_module_imports(name: str) -> None:
    importlib.import_module(f"bench.{name}")


@pytest.mark.parametrize("group", GROUPS)
def test_each_group_has_its_run(group: str) -> None:
    assert callable(importlib.import_module(f"bench.{group}").run)
