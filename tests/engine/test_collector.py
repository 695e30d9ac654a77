"""collector_paused(keep=True): what a build stage makes is set aside from the cyclic collector, and
still freed by reference counting when dropped."""

from __future__ import annotations

import gc
import weakref

from chronicle.engine.collector import collector_paused


class Entry:
    """Stands for a model object: tracked by the collector, and weakly referable."""

    def __init__(self, n: int):
        self.n = n
        self.links: list = []


def _tracked_by_collector(obj) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_kept_objects_are_frozen_and_the_collector_is_on_again():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector_paused(keep=True):
        made = [Entry(n) for n in range(2000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 2000
    assert not _tracked_by_collector(made[0])  # no collection walks it any more
    probe = weakref.ref(made[0])
    del made
    assert probe() is None  # reference counting still frees what is dropped


def test_without_keep_nothing_is_frozen():
    frozen = gc.get_freeze_count()
    with collector_paused():
        made = [Entry(n) for n in range(2000)]
    assert gc.get_freeze_count() == frozen
    assert _tracked_by_collector(made[0])


def test_a_collector_that_was_off_stays_off():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

