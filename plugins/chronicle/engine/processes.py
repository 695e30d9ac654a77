"""Work in processes forked from the build process: the one way Chronicle forks.

A forked process starts with everything the build process holds (content, graph) without copying
or pickling it. ``in_batches`` spreads numbered batches of work over processes that each take the
next number as they are free (loading, rendering); ``start`` runs one task in a process of its
own and ``Started.result`` waits for what it sends back (the search index, summaries);
``shared_counter`` and ``take`` hand out numbers to processes taking turns; a ``SharedArena``
holds bytes that one process writes and the others read in place. Every worker reports the same
way: ``("ok", value)`` or ``("error", traceback)``, which ``received`` turns into a stopped build.

Why not ``concurrent.futures.ProcessPoolExecutor`` (with the fork context)? Measured
(benchmarks/fork_bench.py, docs/architecture.md), it loaded the 5,000-incident content 6-22%
slower, its feeder and result threads taking this process's CPU; it pickles the callable of
every task, so work could not be a closure over the build's data; and this process cannot take
batches too.
"""

from __future__ import annotations

import gc
import mmap
import multiprocessing
import multiprocessing.connection
import traceback
from typing import Callable, TypeVar

Result = TypeVar("Result")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def in_batches(work: Callable[[int], Result], batches: int, processes: int,
               here: bool = False) -> dict[int, Result]:
    """{n: work(n)} for every batch number n < ``batches``.

    With ``processes`` > 1, forked workers take the next number from a shared counter as they are
    free, so one slow batch leaves no process idle. ``here``: this process takes numbers too (it
    counts as one of the ``processes``), and workers send their results once, when they run out
    of numbers; otherwise this process only receives, and workers send each result as soon as it
    is made. (A worker sending to a process busy with a long batch of its own waited on the full
    pipe: with the feed set's batch here, a render worker stood idle for a quarter of rendering.)
    One process, or no fork on this system: every batch here, in order. A worker that fails or
    dies stops the run with its traceback."""
    if processes <= 1 or batches < 2 or not can_fork():
        return {number: work(number) for number in range(batches)}
    context = multiprocessing.get_context("fork")
    counter = shared_counter()
    # Objects made so far stay put: workers' collections do not walk them and copy their pages.
    # They stay so after: they are the build's, freed by reference counting when it drops them.
    gc.freeze()
    workers: dict = {}
    results: dict[int, Result] = {}
    try:
        for _ in range(processes - 1 if here else processes):
            receiver, sender = context.Pipe(duplex=False)
            # Daemonic: a run stopped by an error here does not wait for the others at exit.
            worker = context.Process(target=_take_batches, args=(work, batches, counter, sender, not here),
                                     daemon=True)
            worker.start()
            sender.close()
            workers[receiver] = worker
        while here and (number := take(counter, 1)) < batches:
            results[number] = work(number)
        while workers:
            _collect(workers, results, timeout=None)
    finally:
        for receiver, worker in workers.items():
            worker.terminate()
            receiver.close()
    return results


def _take_batches(work: Callable[[int], object], batches: int, counter, sender, stream: bool) -> None:
    """Work on numbers from ``counter`` until none is left; send [(number, result)] as each is made
    (``stream``) or all at once at the end, then None."""
    try:
        kept = []
        while (number := take(counter, 1)) < batches:
            if stream:
                sender.send(("ok", [(number, work(number))]))
            else:
                kept.append((number, work(number)))
        if kept:
            sender.send(("ok", kept))
        sender.send(("ok", None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which stops the run
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


def _collect(workers: dict, results: dict, timeout: float | None) -> None:
    """Take in what workers have sent (waiting up to ``timeout``); a worker that is done leaves."""
    for receiver in multiprocessing.connection.wait(list(workers), timeout):
        payload = received(receiver, workers[receiver])
        if payload is None:
            workers.pop(receiver).join()
            receiver.close()
        else:
            results.update(payload)


class Started:
    """A task running in a process of its own (``start``); ``result`` waits for what it sends back."""

    def __init__(self, make: Callable[[], object]):
        self.child = None
        if not can_fork():
            self.value = make()  # made here and now
            return
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        # Daemonic: a build that fails before asking for the result does not wait for it at exit.
        self.child = context.Process(target=_make_and_send, args=(make, sender), daemon=True)
        self.child.start()
        sender.close()

    def done(self) -> bool:
        """Whether the result is there to take (``result`` would not wait)."""
        return self.child is None or self.receiver.poll()

    def result(self) -> object:
        if self.child is not None:
            try:
                self.value = received(self.receiver, self.child)
            finally:
                self.receiver.close()
                self.child.join()
                self.child = None
        return self.value


def received(receiver, child) -> object:
    """What a worker process sent back; a worker that failed, or died, stops the build."""
    try:
        status, payload = receiver.recv()
    except EOFError:
        child.join()
        status, payload = "error", f"a worker process stopped (exit status {child.exitcode})"
    if status == "error":
        raise RuntimeError(f"building the site failed in a worker process:\n{payload}")
    return payload


def start(make: Callable[[], object]) -> Started:
    """Start ``make()`` in a forked process and go on; the returned handle's ``result()`` waits
    for its result. For work that needs nothing made after this point, started early so that it
    runs beside the build's one-process stages (loading's checks, the site graph, map planning),
    when one core would be idle. Also for a task whose working memory is far larger than its
    result: the process exits when done, and its memory goes back to the system. (Freed Python
    memory mostly stays with a process: the render process that built the search index carried
    44 MB more to the end of a 10,000-incident build.) Where fork is unavailable, ``make()``
    runs here, at once."""
    return Started(make)


def _make_and_send(make: Callable[[], object], sender) -> None:
    try:
        sender.send(("ok", make()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which stops the build
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()


class SharedArena:
    """Memory this process and the processes it forks afterwards all see: a worker puts bytes in,
    and the others read them where they are, without pickling, sending and copying them (15 MB of
    rendered summaries took 25 ms through a pipe). Space is taken in turns from a shared counter;
    ``put`` says None when there is no room left, and the caller sends those bytes another way.
    Only the pages written to take memory."""

    def __init__(self, size: int):
        self.size = max(size, 1)
        self.memory = mmap.mmap(-1, self.size)  # anonymous and shared with forked processes
        self.used = shared_counter()

    def put(self, data: bytes) -> int | None:
        """Where ``data`` now is in the arena, or None when it does not fit."""
        with self.used.get_lock():
            start = self.used.value
            if start + len(data) > self.size:
                return None
            self.used.value = start + len(data)
        self.memory[start:start + len(data)] = data
        return start

    def view(self, start: int, length: int) -> memoryview:
        return memoryview(self.memory)[start:start + length]


def shared_counter(first: int = 0):
    """A count that this process and the processes it forks after making it take turns on (``take``)."""
    return multiprocessing.get_context("fork").Value("q", first)  # 64 bits: an arena may pass 2 GB


def take(counter, count: int) -> int:
    """The first of the next ``count`` numbers of a shared counter, no other process taking them."""
    with counter.get_lock():
        start = counter.value
        counter.value = start + count
    return start
