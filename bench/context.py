"""The run's settings: quick or full, repeat counts, a scratch folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The project's top folder (where `bench/` and `workbench/` live).
ROOT = Path(__file__).absolute().parents[1]


@dataclass
class Context:
    """What every benchmark group gets: how hard to try and where to put scratch files."""

    quick: bool
    scratch: Path
    log_enabled: bool = True

    def repeat(self, full: int, quick: int = 3) -> int:
        """Return the number of timed runs: `full`, or `quick` in a quick run."""
        return quick if self.quick else full

    def warmup(self, full: int = 5) -> int:
        """Return the number of untimed warm-up runs."""
        return 1 if self.quick else full

    def log(self, message: str) -> None:
        """Print a progress line (to stderr, so the table stays clean)."""
        if self.log_enabled:
            import sys

            print(f"  · {message}", file=sys.stderr, flush=True)
