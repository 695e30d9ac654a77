"""Pausing Python's cyclic garbage collector while a large structure without cycles is built.

Loading content, building the site graph, decoding an atlas, building the gazetteer or the
search index each make hundreds of thousands of small objects and no reference cycles. Each
batch of new objects starts a collection that walks every tracked object alive, including all
that earlier stages built: for nothing, and often a third of the stage's time. Reference
counting still frees everything as usual while the collector waits.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc


@contextlib.contextmanager
def collector_paused(keep: bool = False):
    """Hold collections off for the ``with`` block; if the collector was on, it is on again after.

    ``keep``: what the block made lives as long as the process's work needs it (a build's content
    and site graph), so it is set aside for good when the block ends (gc.freeze): no later
    collection walks it. Left to the collector, the first collection after the block walked every
    object the block made, and later full ones walked them all again: about 0.1 s of a
    5,000-incident build, in the process every other waits on. Reference counting still frees
    them when they are dropped; only a reference cycle among them would outlive its use.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def young_collected():
    """Hold collections off while a short piece of work runs, then collect the youngest generation.

    Rendering a page makes thousands of short-lived objects, nearly all freed at once by reference
    counting; the few reference cycles (each Jinja render context and the macros its templates
    define hold each other) are dead by the end of the page. Left on, the collector walked the
    survivors every 700 allocations; one young collection after each few pages frees the same
    cycles, walking only what those pages left.
    """
    was_enabled = gc.isenabled()
    try:
        with collector_paused():
            yield
    finally:
        if was_enabled:
            gc.collect(0)


def release_freed_memory() -> None:
    """Hand back to the system what the C heap holds freed (glibc's malloc_trim; elsewhere, nothing).

    Loading receives every entry from worker processes through large buffers, and glibc keeps
    freed heap memory for reuse. Render processes forked after that would each carry it, and
    copy the pages they reuse; at 10,000 incidents it was 27 MB of the build's resident memory.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: its allocator manages this itself
        pass
