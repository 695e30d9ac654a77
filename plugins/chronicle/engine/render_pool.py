"""Making the site's files in several processes, each taking the next few tasks as it is free.

Rendering is pure Python (Jinja, Markdown), so threads would not help; forked
processes share the already-built site graph without copying or pickling it.
A task is one function that makes a few files (an incident's page, an actor's
pages, a feed set, a download); processes take tasks in small batches from a
shared counter, so one slow task does not leave the others idle. Each process
writes the files it makes and sends back only which it wrote. Where fork is
unavailable, or the site is small, one process does it all. The output is the
same either way: every file is a pure function of the graph, written once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from typing import Callable

from chronicle.engine.outputs import OutputDir
from chronicle.engine.processes import received, shared_counter, take

MIN_TASKS_PER_PROCESS = 250  # below this, forking costs more than it saves
BATCH = 8  # tasks taken at a time

Make = Callable[[int, OutputDir], list]


def jobs(settings: dict, tasks: int | None = None) -> int:
    """How many processes: CHRONICLE_JOBS, else one per CPU (at most 4); fewer for few ``tasks``."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = int(settings.get("CHRONICLE_JOBS") or os.environ.get("CHRONICLE_JOBS") or min(os.cpu_count() or 1, 4))
    return max(1, wanted if tasks is None else min(wanted, tasks // MIN_TASKS_PER_PROCESS))


def run(make: Make, tasks: int, processes: int, output: OutputDir, first: int = 0) -> dict[int, list]:
    """``make(i, output)`` for every task i from ``first`` on, spread over processes; returns
    {i: its result}."""
    if processes <= 1:
        return {index: make(index, output) for index in range(first, tasks)}
    context = multiprocessing.get_context("fork")
    counter = shared_counter(first)
    # Objects made so far stay put: children's collections do not walk them and copy their pages.
    # They stay so after: they are the build's, freed by reference counting when it drops them.
    gc.freeze()
    children = []
    try:
        for _ in range(1, processes):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(make, tasks, counter, output.root, sender))
            child.start()
            sender.close()
            children.append((child, receiver))
        results = _take(make, tasks, counter, output)
        for child, receiver in children:
            made, written, changed = received(receiver, child)
            output.merge(written, changed)
            results.update(made)
        return results
    finally:
        for child, receiver in children:
            receiver.close()
            child.join()


def _take(make: Make, tasks: int, counter, output: OutputDir) -> dict[int, list]:
    results = {}
    while (start := take(counter, BATCH)) < tasks:
        for index in range(start, min(start + BATCH, tasks)):
            results[index] = make(index, output)
    return results


def _child(make: Make, tasks: int, counter, root, sender) -> None:
    try:
        output = OutputDir(root)
        made = _take(make, tasks, counter, output)
        sender.send(("ok", (made, output.written, output.changed)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which stops the build
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()
