"""Making the site's files in several processes, each taking the next few tasks as it is free.

Rendering is pure Python (Jinja, Markdown), so threads would not help; forked
processes share the already-built site graph without copying or pickling it.
A task is one function that makes a few files (an incident's page, an actor's
pages, a feed set, a download); processes take tasks in small batches from a
shared counter, so one slow task does not leave the others idle. Each process
writes the files it makes, a batch's files once the batch is made (``OutputDir.held``),
and sends back only which it wrote. Where fork is
unavailable, or the site is small, one process does it all. The output is the
same either way: every file is a pure function of the graph, written once.
"""

from __future__ import annotations

import os
from typing import Callable

from chronicle.engine.collector import young_collected
from chronicle.engine.outputs import OutputDir
from chronicle.engine.processes import can_fork, in_batches

MIN_TASKS_PER_PROCESS = 250  # below this, forking costs more than it saves
BATCH = 8  # tasks taken at a time

Make = Callable[[int, OutputDir], list]


def jobs(chosen: int | None, tasks: int | None = None) -> int:
    """How many processes: ``chosen`` (CHRONICLE_JOBS), else one per CPU (at most 4); fewer for few ``tasks``."""
    if not can_fork():
        return 1
    wanted = chosen or min(os.cpu_count() or 1, 4)
    return max(1, wanted if tasks is None else min(wanted, tasks // MIN_TASKS_PER_PROCESS))


def run(make: Make, tasks: int, processes: int, output: OutputDir, first: int = 0) -> dict[int, list]:
    """``make(i, output)`` for every task i from ``first`` on, spread over processes (this one
    among them); returns {i: its result}."""
    if processes <= 1:
        results = {}
        for start in range(first, tasks, BATCH):
            with young_collected(), output.held():
                results.update({index: make(index, output) for index in range(start, min(start + BATCH, tasks))})
        return results
    local: dict[int, OutputDir] = {}  # each process's own record of what it wrote

    def batch(number: int) -> tuple[dict[int, list], dict, int, float]:
        out = local.get(os.getpid()) or local.setdefault(os.getpid(), OutputDir(output.root))
        start = first + number * BATCH
        with young_collected(), out.held():
            made = {index: make(index, out) for index in range(start, min(start + BATCH, tasks))}
        return made, *out.taken()

    results: dict[int, list] = {}
    batches = -(-(tasks - first) // BATCH)  # rounded up
    for made, *taken in in_batches(batch, batches, processes, here=True).values():
        output.merge(*taken)
        results.update(made)
    return results
