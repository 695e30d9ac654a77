"""Nothing is lost: `chronicle extract` killed with SIGKILL at random points, and two builds at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from support import sitecheck
from support import sitegen
from support import REPO, SAMPLE_SEED, run_chronicle
from support.seeds import ARTICLES, new_content, seeds_dir, tree

KILLS = 4
HAND_EDIT = "# checked by the desk on 2024-03-13\n"


def extract_cmd(content: Path, seeds: Path) -> list[str]:
    return [sys.executable, "-m", "chronicle.cli", "extract", "--content", str(content), "--seeds", str(seeds)]


def start(content: Path, seeds: Path) -> subprocess.Popen:
    return subprocess.Popen(extract_cmd(content, seeds), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def prepared(root: Path) -> tuple[Path, Path]:
    """A content dir with one extracted seed and a hand-edited incident; seeds to extract next."""
    content = new_content(root / "content")
    first = seeds_dir(root / "first", ("010_gulf.txt", ARTICLES / "hodeidah_gulf_post.txt"))
    assert run_chronicle("extract", "--content", str(content), "--seeds", str(first)).returncode == 0
    (edited,) = sorted((content / "events").glob("*.yaml"))
    edited.write_text(HAND_EDIT + edited.read_text("utf-8").replace("status: draft", "status: reviewed"),
                      encoding="utf-8")
    seeds = seeds_dir(root / "seeds", ("010_gulf.txt", ARTICLES / "hodeidah_gulf_post.txt"),
                      (SAMPLE_SEED.name, SAMPLE_SEED),
                      ("020_nairobi.txt", ARTICLES / "nairobi_hostile.txt"),
                      ("030_claim.txt", ARTICLES / "hodeidah_undated_claim.txt"))
    return content, seeds


def test_sigkill_at_random_points_loses_nothing(tmp_path):
    rng = random.Random(20241123)
    # How long a whole run takes here (the machine is shared: measure, never assume).
    reference, seeds = prepared(tmp_path / "reference")
    began = time.monotonic()
    assert start(reference, seeds).wait(timeout=900) == 0
    duration = time.monotonic() - began
    finished = tree(reference)
    killed_mid_run = 0
    for run in range(KILLS):
        content, seeds = prepared(tmp_path / f"run{run}")
        before = tree(content)
        process = start(content, seeds)
        time.sleep(rng.uniform(0.05, 0.95) * duration)
        killed_mid_run += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = tree(content)
        for rel, data in before.items():  # every file there before is byte-intact
            if rel != ".chronicle/manifest.json":
                assert after[rel] == data, (run, rel)
        check = run_chronicle("check", "--content", str(content))
        assert check.returncode == 0, (run, check.stderr)
        # Running again completes the job: the same tree as an uninterrupted run, bar temporary
        # files a killed process could not remove (hidden, never read as entries).
        assert start(content, seeds).wait(timeout=900) == 0
        final = {rel: data for rel, data in tree(content).items() if not rel.rsplit("/", 1)[-1].startswith(".")
                 or rel == ".chronicle/manifest.json"}
        assert final == finished, run
        assert final[min(r for r in before if r.startswith("events/"))].startswith(HAND_EDIT.encode())
    print(f"\nSIGKILL runs: {KILLS}, killed mid-run: {killed_mid_run}")
    assert killed_mid_run >= 1  # at least one kill landed while it was writing


def _killed_after(changes: int, content: Path, seeds: list[Path]) -> bool:
    """Extract ``seeds`` into ``content`` in a forked child that SIGKILLs itself right after its
    ``changes``-th ``os.replace`` or ``os.unlink`` (each file it writes, the manifest included, or
    removes); False when the run finished first."""
    from chronicle.ingest.pipeline import extract_seeds

    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            done = []

            def then_maybe_die(call):
                def changed(*args, **kwargs):
                    call(*args, **kwargs)
                    done.append(args)
                    if len(done) == changes:
                        os.kill(os.getpid(), signal.SIGKILL)
                return changed

            os.replace, os.unlink = then_maybe_die(os.replace), then_maybe_die(os.unlink)
            extract_seeds(seeds, content)
        finally:
            os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_sigkill_after_each_write_loses_nothing(tmp_path):
    """The narrow windows random kills seldom hit, each in turn: a run killed right after any one
    of its writes leaves content/ that `chronicle check` accepts, the files there before intact,
    and a second run gives the uninterrupted run's tree (manifest included)."""
    base, seeds = prepared(tmp_path / "base")
    _kill_after_each_change(tmp_path, base, seeds)


def test_sigkill_while_removing_stale_drafts_loses_nothing(tmp_path):
    """The same when a dated seed's run removes the undated drafts it gave before (the main one
    lists the others as related, and they are dated relative to it)."""
    base = new_content(tmp_path / "base")
    seeds = seeds_dir(tmp_path / "seeds", ("000.txt", SAMPLE_SEED))
    assert run_chronicle("extract", "--content", str(base), "--seeds", str(seeds)).returncode == 0
    assert sorted(p.name for p in (base / "events").glob("undated-*.yaml")) != []
    dated = "Title: US carries out strikes on Iran-backed militia group in Iraq\nDate: 2024-01-24\n\n"
    (seeds / "000.txt").write_text(dated + SAMPLE_SEED.read_text("utf-8"), encoding="utf-8")
    _kill_after_each_change(tmp_path, base, seeds)
    assert not (tmp_path / "reference" / "events" / "undated-us-carries-out-strikes-on-iran-backed-militia-group.yaml"
                ).exists()  # the main draft, and the one that depends on it, were removed


def _kill_after_each_change(tmp_path: Path, base: Path, seeds: Path) -> None:
    import shutil

    from chronicle.content.load import load_content
    from chronicle.extract.seed import list_seeds
    from chronicle.ingest.pipeline import extract_seeds

    seed_paths = list_seeds(seeds)
    before = tree(base)
    shutil.copytree(base, tmp_path / "reference")
    assert extract_seeds(seed_paths, tmp_path / "reference").errors == []
    finished = tree(tmp_path / "reference")
    failures = []
    for n in range(1, 100):
        content = tmp_path / f"killed-{n}"
        shutil.copytree(base, content)
        if not _killed_after(n, content, seed_paths):
            break
        after = tree(content)
        # what a whole run leaves as it was (the editor's file among them) is intact
        assert [rel for rel in before if finished.get(rel) == before[rel] and after.get(rel) != before[rel]] == []
        _content, problems = load_content(content)
        if problems:
            failures.append(f"killed after write {n}: `chronicle check`: {problems[0]}")
        assert extract_seeds(seed_paths, content).errors == []
        final = {rel: data for rel, data in tree(content).items() if not rel.rsplit("/", 1)[-1].startswith(".")
                 or rel == ".chronicle/manifest.json"}
        if final != finished:
            differ = sorted(rel for rel in set(final) | set(finished) if final.get(rel) != finished.get(rel))
            failures.append(f"killed after write {n}: a second run differs in {differ}")
    assert n > 5, "the run was never killed: does it still write through os.replace?"
    assert failures == [], "\n".join(failures)


def test_two_builds_at_once_leave_a_whole_site(tmp_path):
    reference = tmp_path / "reference" / "out"
    reference.parent.mkdir()
    assert sitegen.build(sitegen.FIXTURE, reference).returncode == 0
    expected = tree(reference)
    shared = tmp_path / "shared" / "out"
    shared.parent.mkdir()
    conf = sitegen.write_conf(shared.parent)
    env = dict(os.environ, COLUMNS="200", TERM="dumb", NO_COLOR="1")
    command = [sitegen.pelican_bin(), str(sitegen.FIXTURE), "-o", str(shared), "-s", str(conf), "--fatal", "errors"]
    for _round in range(3):
        builds = [subprocess.Popen(command, cwd=shared.parent, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(b.wait(timeout=900), *b.communicate()) for b in builds]
        assert [r[0] for r in results] == [0, 0], [' '.join((r[1] + r[2]).split())[-2500:] for r in results]
        got = {rel: data for rel, data in tree(shared).items() if not rel.rsplit("/", 1)[-1].startswith(".")}
        assert sorted(got) == sorted(expected)
        assert [rel for rel in got if got[rel] != expected[rel]] == []
        report = sitecheck.check_site(shared)
        assert report.markup == [] and report.links == [] and report.unsafe == []
