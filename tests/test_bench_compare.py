"""`make bench-compare REV=...`: another revision's build against this tree's, taking turns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMPARE = REPO / "benchmarks" / "compare.py"


def worktrees() -> list[str]:
    listed = subprocess.run(["git", "worktree", "list", "--porcelain"], cwd=REPO, capture_output=True, text=True)
    return [line for line in listed.stdout.splitlines() if line.startswith("worktree ")]


def test_two_trees_build_in_turn_and_the_ratios_are_printed():
    before = worktrees()
    done = subprocess.run([sys.executable, str(COMPARE), "HEAD"], cwd=REPO, capture_output=True, text=True,
                          env=dict(os.environ, CHRONICLE_COMPARE_SIZE="40", CHRONICLE_COMPARE_RUNS="2"))
    assert done.returncode == 0, done.stderr[-3000:]
    runs = [line.split()[:3] for line in done.stdout.splitlines() if line.startswith("  run ")]
    # A B, then B A: what the machine does in one minute it does to both.
    assert runs == [["run", "1", "HEAD"], ["run", "1", "this"], ["run", "2", "this"], ["run", "2", "HEAD"]]
    medians = {line.split()[0]: line for line in done.stdout.splitlines()[-3:-1]}
    assert set(medians) == {"HEAD", "this"}
    assert "wall" in medians["HEAD"] and medians["HEAD"].count("(1.000x)") == 4  # the baseline, against itself
    assert done.stdout.splitlines()[-1].startswith("  this     wall / HEAD's in the same run: median ")
    assert worktrees() == before  # the other tree's checkout is gone


def test_several_revisions_and_this_tree_take_turns_against_the_first():
    before = worktrees()
    done = subprocess.run([sys.executable, str(COMPARE), "HEAD,HEAD~0"], cwd=REPO, capture_output=True, text=True,
                          env=dict(os.environ, CHRONICLE_COMPARE_SIZE="40", CHRONICLE_COMPARE_RUNS="2"))
    assert done.returncode == 0, done.stderr[-3000:]
    runs = [line.split()[2] for line in done.stdout.splitlines() if line.startswith("  run ")]
    assert runs == ["HEAD", "HEAD~0", "this", "this", "HEAD~0", "HEAD"]
    assert "ratios to HEAD:" in done.stdout
    assert [line.split()[0] for line in done.stdout.splitlines()[-5:]] == ["HEAD", "HEAD~0", "this", "HEAD~0", "this"]
    assert worktrees() == before


def test_a_revision_that_is_not_one_is_named():
    done = subprocess.run([sys.executable, str(COMPARE), "no-such-branch"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2
    assert "'no-such-branch' is not a revision of this repository" in done.stderr


def test_a_revision_named_twice_is_refused_before_anything_is_built():
    before = worktrees()
    for revisions in ("HEAD,HEAD", "this"):
        done = subprocess.run([sys.executable, str(COMPARE), revisions], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 2
        assert "name each revision once, and not 'this'" in done.stderr
        assert "run 1" not in done.stdout
    assert worktrees() == before
