"""A build spread over two processes writes exactly what a build in one process writes.

The parallel build renders every summary once up front and hands the results to the page,
feed and download makers in other processes; pages, feeds, downloads, basemaps and the search
index are made by whichever process is free. None of that may show in the output.
"""

from __future__ import annotations

import filecmp

from support import sitegen


def differences(left, right) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = comparison.left_only + comparison.right_only + comparison.funny_files
    # dircmp compares by size and mtime only: read the bytes of every common file.
    _match, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for name in comparison.common_dirs:
        found += [f"{name}/{d}" for d in differences(left / name, right / name)]
    return found


def test_two_processes_write_what_one_writes(tmp_path, monkeypatch):
    content = sitegen.write_content(tmp_path / "content", sitegen.realistic_data(600))
    monkeypatch.setenv("CHRONICLE_TIMINGS", "1")
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("CHRONICLE_JOBS", jobs)
        run = tmp_path / f"jobs-{jobs}"
        run.mkdir()
        result = sitegen.built(content, run / "output")
        processes = "(1 process)" if jobs == "1" else "(2 processes)"
        assert processes in result.stdout + result.stderr  # the path under test was taken
        outputs[jobs] = run / "output"
    assert (outputs["1"] / "downloads" / "chronicle.json").stat().st_size > 100_000
    assert differences(outputs["1"], outputs["2"]) == []


def test_a_task_run_in_its_own_process_returns_its_result_or_its_error():
    import os

    import pytest

    from chronicle.engine import processes

    here = os.getpid()
    started = processes.start(lambda: ("made in", os.getpid() != here, [1, 2, 3]))
    assert started.result() == ("made in", True, [1, 2, 3])

    def failing():
        raise ValueError("the index could not be built")

    with pytest.raises(RuntimeError, match="the index could not be built"):
        processes.start(failing).result()


def test_the_render_pool_takes_up_where_the_build_process_left_off(tmp_path):
    """The build process makes the first tasks itself while the search index is being made; the
    pool then does the rest, each task once, in whichever process is free."""
    import os
    import time

    from chronicle.engine import processes, render_pool
    from chronicle.engine.outputs import OutputDir

    waiting = processes.start(lambda: time.sleep(1) or "written")
    assert not waiting.done()  # the child is still at work
    made = {}
    here = os.getpid()
    for index in range(3):
        made[index] = ("early", os.getpid() == here)

    def make(index, output):
        output.write(f"task-{index}.txt", str(index))
        return ("pooled", index)

    made.update(render_pool.run(make, 12, 2, OutputDir(tmp_path), first=len(made)))
    assert sorted(made) == list(range(12))
    assert all(made[index] == ("pooled", index) for index in range(3, 12))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"task-{i}.txt" for i in range(3, 12))
    assert render_pool.run(make, 4, 1, OutputDir(tmp_path / "one"), first=3) == {3: ("pooled", 3)}
    assert waiting.result() == "written" and waiting.done()


def test_a_shared_arena_holds_what_a_forked_process_put_there():
    from chronicle.engine import processes

    arena = processes.SharedArena(100)
    assert arena.put(b"parent") == 0
    started = processes.start(lambda: [arena.put(b"from the child"), arena.put(b"x" * 100)])
    where, no_room = started.result()
    assert where == 6 and no_room is None  # after the parent's bytes; 100 more do not fit
    assert bytes(arena.view(where, 14)) == b"from the child" and bytes(arena.view(0, 6)) == b"parent"
    assert arena.put(b"y" * 80) == 20 and arena.put(b"z") is None


def test_summaries_rendered_ahead_are_what_rendering_them_gives(monkeypatch):
    """Chunks rendered by a helper process and by this one, through the arena or sent back when
    it has no room, come out in order, each summary once."""
    from types import SimpleNamespace

    from chronicle import generator
    from chronicle.engine import processes
    from chronicle.site import render

    texts = [f"Summary {n}: *fighting* near [town {n}](https://example.org/{n}) & more.\n\n- a list {n}"
             for n in range(450)]
    content = SimpleNamespace(incidents={str(n): SimpleNamespace(summary=text) for n, text in enumerate(texts)})
    for arena_size in (None, 20_000):  # room for all; room for a few chunks only
        if arena_size is not None:
            real = processes.SharedArena
            monkeypatch.setattr(processes, "SharedArena", lambda size: real(arena_size))
        summaries = generator.start_summaries(content, 2)
        summaries.prime()
        try:
            assert len(render._PRIMED_AT) == len(texts)
            for text in texts:
                assert render.markdown(text) == render._html_of(text)
                assert render.plain_text(text) == render._plain_text(text)
        finally:
            render._PRIMED_AT.clear()


def test_a_worker_goes_on_while_the_build_process_is_busy_with_a_long_batch():
    """With the build process taking batches too, a worker's results wait until it is done: sent as
    each was made, they filled the pipe while the build process worked on a long batch (a feed set),
    and the worker stood idle until it was read. Here the build process's batch waits until the
    worker has made every other batch, 100 kB each: more than a pipe holds."""
    import multiprocessing
    import os

    from chronicle.engine import processes

    context = multiprocessing.get_context("fork")
    started, worker_done, made_by_worker = context.Event(), context.Event(), context.Value("i", 0)
    here, batches = os.getpid(), 8
    waited = []

    def work(number):
        if os.getpid() == here:
            if not waited:  # its first batch
                started.set()
                waited.append(worker_done.wait(timeout=20))  # False: the worker never got through
            return number, b""
        started.wait(timeout=20)  # the build process takes a batch before the worker takes them all
        with made_by_worker.get_lock():
            made_by_worker.value += 1
            if made_by_worker.value == batches - 1:  # every batch but the one the build process took
                worker_done.set()
        return number, b"x" * 100_000

    results = processes.in_batches(work, batches, 2, here=True)
    assert waited == [True]
    assert sorted(results) == list(range(batches))
    assert all(results[n][0] == n for n in results)
    assert sum(len(payload) for _, payload in results.values()) == (batches - 1) * 100_000  # each once
