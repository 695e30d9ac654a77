"""Loading content in worker processes: engine.processes.in_batches against the standard
library's concurrent.futures.ProcessPoolExecutor with the fork context.

    .venv/bin/python benchmarks/fork_bench.py [SIZE] [RUNS]     # default 5000 incidents, 7 runs

sitegen.realistic_data(SIZE) is written as YAML once; then the content is loaded with two
processes, alternating the two ways run by run, and the median wall time and the loading
process's own CPU time of each are printed. The executor pickles the callable of every task, so
it reaches the batch work through a module global that the forked workers inherit (a closure
cannot be pickled): the pattern in_batches exists to avoid.
"""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "plugins"), str(HERE.parent / "tests")]

from support import sitegen  # noqa: E402
from chronicle.content.load import load_content  # noqa: E402
from chronicle.engine.processes import in_batches  # noqa: E402

_WORK: dict = {}


def _call(number: int):
    return _WORK["work"](number)


def executor_spread(work, count: int) -> dict:
    _WORK["work"] = work
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        return dict(zip(range(count), pool.map(_call, range(count))))


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    spreads = {"in_batches": functools.partial(in_batches, processes=2),
               "ProcessPoolExecutor": executor_spread}
    with tempfile.TemporaryDirectory() as scratch:
        content = sitegen.write_content(Path(scratch) / "content", sitegen.realistic_data(size))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in spreads}
        for run in range(runs):
            for name in (list(spreads) if run % 2 == 0 else list(spreads)[::-1]):
                wall, cpu = time.perf_counter(), time.process_time()
                load_content(content, None, spreads[name])
                times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    for name, measured in times.items():
        print(f"{name:20} wall median {statistics.median(m[0] for m in measured):.3f} s, "
              f"loading process CPU median {statistics.median(m[1] for m in measured):.3f} s")


if __name__ == "__main__":
    main()
