"""Child process of the library benchmark: one cold load of a template folder, then a second.

Prints JSON timings (ms): importing workbench, indexing the folder, validating every
template; then the same again in the same process (the "second load").
"""

from __future__ import annotations

import json
import sys
import time


def main(folder: str) -> None:
    """Time the loads of `folder` and print them as JSON."""
    t0 = time.perf_counter()
    import workbench

    t1 = time.perf_counter()
    out: dict[str, float | int] = {"import_ms": (t1 - t0) * 1000}
    for prefix in ("", "second_"):
        start = time.perf_counter()
        library = workbench.load_library(folder, shipped=False)
        indexed = time.perf_counter()
        library.validate()
        done = time.perf_counter()
        out[f"{prefix}index_ms"] = (indexed - start) * 1000
        out[f"{prefix}validate_ms"] = (done - indexed) * 1000
        out["count"] = len(library)
        out["errors"] = len(library.errors)
    # What a writer waits for after opening the dashboard: index, then one template used.
    start = time.perf_counter()
    library = workbench.load_library(folder, shipped=False)
    first = next(iter(library))
    library[first]
    out["index_and_first_use_ms"] = (time.perf_counter() - start) * 1000
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
