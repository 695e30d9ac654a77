"""A build spread over two processes writes exactly what a build in one process writes.

The parallel build renders every summary once up front and hands the results to the page,
feed and download makers in other processes; pages, feeds, downloads, basemaps and the search
index are made by whichever process is free. None of that may show in the output.
"""

from __future__ import annotations

import filecmp

import sitegen


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

    from chronicle import render_pool

    here = os.getpid()
    started = render_pool.start(lambda: ("made in", os.getpid() != here, [1, 2, 3]))
    assert started.result() == ("made in", True, [1, 2, 3])

    def failing():
        raise ValueError("the index could not be built")

    with pytest.raises(RuntimeError, match="the index could not be built"):
        render_pool.start(failing).result()


def test_the_render_pool_takes_up_where_the_build_process_left_off(tmp_path):
    """The build process makes the first tasks itself while the search index is being made; the
    pool then does the rest, each task once, in whichever process is free."""
    import os
    import time

    from chronicle import render_pool
    from chronicle.outputs import OutputDir

    waiting = render_pool.start(lambda: time.sleep(1) or "written")
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
