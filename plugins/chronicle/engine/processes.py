"""Work in processes forked from the build process: the pieces render_pool, loading and the
summaries share.

A forked process starts with everything the build process holds (content, graph) without copying
or pickling it. ``start`` runs one task in a process of its own and ``Started.result`` waits for
what it sends back; ``shared_counter`` and ``take`` hand out numbered pieces of work to processes
taking turns; a ``SharedArena`` holds bytes that one process writes and the others read in place.
"""

from __future__ import annotations

import mmap
import multiprocessing
import traceback
from typing import Callable


class Started:
    """A task running in a process of its own (``start``); ``result`` waits for what it sends back."""

    def __init__(self, make: Callable[[], object]):
        self.child = None
        if "fork" not in multiprocessing.get_all_start_methods():
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
