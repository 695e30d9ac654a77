"""Extracting seeds ahead in worker processes, with exactly the result of one process.

A seed is extracted against the actors and places known when its turn comes,
and seeds earlier in the same run may have added some. So extraction is
serial by nature; but most seeds add nothing new once a project has its
regulars. Workers therefore extract a window of upcoming seeds against the
registry as it is now, tagged with its version; the serial loop takes a
result only when the registry still has that version at the seed's turn, and
otherwise starts a new window from that seed with the registry as it then
is. Each result is what the serial run would compute, so the output is
byte-identical; how much runs in parallel depends only on how often the
registry changes. The window doubles while speculation pays and falls back
to one seed per worker when it does not, so the worst case costs about what
a serial run does.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable

from chronicle.engine.collector import collector_paused
from chronicle.engine.processes import can_fork

MAX_WINDOW_PER_JOB = 8

_WORKER_STATE: dict = {}  # set in the parent just before forking; workers inherit it


def auto_jobs(seed_count: int) -> int:
    """One process per CPU (at most 4) for many seeds; one for a few, where forking does not pay."""
    if seed_count < 8 or not can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


class ForkedRunner:
    """What the engine lends a run of extraction (``ingest.pipeline.Runner``): ``jobs`` processes
    extracting ahead (None: ``auto_jobs``), and large structures built with the collector paused."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs

    def built(self, make: Callable[[], Any]) -> Any:
        # Set aside for good (keep): it lives as long as the process, and forked workers share it.
        with collector_paused(keep=True):
            return make()

    def ahead(self, seeds: list, extract: Callable, kit) -> "Speculator | None":
        jobs = auto_jobs(len(seeds)) if self.jobs is None else max(1, min(self.jobs, len(seeds)))
        return Speculator(seeds, jobs, extract, kit) if jobs > 1 else None


class Speculator:
    """Results for seeds[i], computed ahead by ``jobs`` forked workers running ``extract(seed, kit)``."""

    def __init__(self, seeds: list, jobs: int, extract: Callable, kit) -> None:
        self.seeds, self.jobs, self.extract = seeds, jobs, extract
        self.window = jobs
        self.ready: dict[int, tuple[int, object]] = {}  # seed index -> (registry version, result)
        _WORKER_STATE.update(extract=extract, kit=kit)
        self.pool = multiprocessing.get_context("fork").Pool(jobs)

    def __enter__(self) -> "Speculator":
        return self

    def __exit__(self, *exc) -> None:
        self.pool.terminate()
        self.pool.join()
        _WORKER_STATE.clear()

    def result(self, index: int, version: int, kit):
        """seeds[index] extracted with ``kit``, whose registry has ``version``."""
        hit = self.ready.pop(index, None)
        if hit is not None and hit[0] == version:
            if not self.ready:
                self.window = min(self.window * 2, self.jobs * MAX_WINDOW_PER_JOB)  # all used: look further
            return hit[1]
        if hit is not None:
            self.window = self.jobs  # the registry changed under the window: look less far ahead
        self.ready.clear()
        indexes = list(range(index, min(index + self.window, len(self.seeds))))
        shares = [indexes[k::self.jobs] for k in range(self.jobs) if indexes[k::self.jobs]]
        tasks = [([self.seeds[i] for i in share], kit.actors, kit.places) for share in shares]
        for share, results in zip(shares, self.pool.map(_extract_share, tasks)):
            self.ready.update({i: (version, result) for i, result in zip(share, results)})
        return self.ready.pop(index)[1]


def _extract_share(task) -> list:
    from dataclasses import replace

    seeds, actors, places = task
    kit = replace(_WORKER_STATE["kit"], actors=actors, places=places)
    return [_WORKER_STATE["extract"](seed, kit) for seed in seeds]
