"""The benchmark suite (基准测试): what users feel, side by side with what they would use instead.

Run it with `make bench` or `python -m bench`; see BENCHMARKS.md for the figures and how
they are measured. Each group module (`core`, `library`, `word`, `batch`, `outline`, `reliability`, `pdf`, `dashboard`,
`load`) has a `run(ctx)` that returns `Figure`s; `__main__` prints them and writes
`bench/results.json`.
"""

from __future__ import annotations
