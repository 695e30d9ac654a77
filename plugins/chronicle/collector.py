"""Pausing Python's cyclic garbage collector while a large structure without cycles is built.

Loading content, building the site graph, decoding an atlas, building the gazetteer or the
search index each make hundreds of thousands of small objects and no reference cycles. Each
batch of new objects starts a collection that walks every tracked object alive, including all
that earlier stages built: for nothing, and often a third of the stage's time. Reference
counting still frees everything as usual while the collector waits.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """Hold collections off for the ``with`` block; if the collector was on, it is on again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
