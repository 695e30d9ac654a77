"""make bench: Chronicle's build and extraction speed, against Hugo and Pelican in the same run.

Machines here are shared and noisy, so every figure is the median of several
runs, and what counts is the ratio to a baseline measured in the same run:
Hugo and Pelican building plain blogs with the same posts (see baselines.py).

    make bench                      # 1,000, 5,000 and 10,000 incidents, 3 runs each
    CHRONICLE_BENCH_QUICK=1 make bench   # 500, 1,000 and 2,000 incidents, 1 run each
    CHRONICLE_BENCH_SIZES=2000,4000 CHRONICLE_BENCH_RUNS=2 make bench

Every cold build writes into a new folder, and the work folders are deleted only at the end
(see "the three builders" below for why). Each build runs in its own process. Times come from
builds that nothing watches; peak memory from one more build of each, whose process tree's
memory is polled every 20 ms: the largest sum over the process and all its children, PSS on
Linux (memory shared by forked workers counted once), RSS elsewhere. Polling is kept out of the
timed builds because it costs CPU: on two cores it slowed the builders that use both (Chronicle,
Hugo) by 0.3-0.6 s at 5,000 incidents; Pelican, which uses one, by no more than noise. The polled
build's wall time is printed too. CPU seconds (user + system, children included) are printed:
they are steadier than wall time when other jobs share the machine.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import baselines  # noqa: E402
from support import sitegen  # noqa: E402
from corpus import make_corpus  # noqa: E402

QUICK = os.environ.get("CHRONICLE_BENCH_QUICK", "") not in ("", "0")
SIZES = tuple(int(s) for s in os.environ.get("CHRONICLE_BENCH_SIZES", "").split(",") if s) or (
    (500, 1000, 2000) if QUICK else (1000, 5000, 10000))
RUNS = int(os.environ.get("CHRONICLE_BENCH_RUNS", "1" if QUICK else "3"))
ARTICLES = 60 if QUICK else 240
JOBS = 2  # parallel extraction: the machine's two cores


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu: float  # user + system seconds of the process tree
    peak_mb: float  # peak resident memory of the process tree (NaN: not polled)
    polled_seconds: float = float("nan")  # wall time of the build whose memory was polled


def measure(command: list[str], cwd: Path, poll_memory: bool = False) -> Run:
    """Run a command to completion, polling its process tree's memory if asked; fail loudly if it fails."""
    log = tempfile.TemporaryFile()  # not a pipe: a chatty build would fill it and stall
    before = os.times()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, TERM="dumb", NO_COLOR="1", COLUMNS="200"))
    peak = 0
    if poll_memory:
        tree = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                peak = max(peak, _memory(tree) + sum(_memory(child) for child in tree.children(recursive=True)))
            except psutil.Error:
                pass
            time.sleep(0.02)
    process.wait()
    seconds = time.perf_counter() - start
    after = os.times()
    log.seek(0)
    output = log.read().decode("utf-8", "replace")
    log.close()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed with status {process.returncode}:\n{output[-3000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Run(seconds, cpu, peak / 1e6 if poll_memory else float("nan"))


def _memory(process: psutil.Process) -> int:
    """Proportional set size where the system reports it (pages shared by forked workers are split
    between them, not counted once per process), else resident set size."""
    try:
        if PSS:
            return process.memory_full_info().pss
        return process.memory_info().rss
    except psutil.Error:
        return 0


PSS = hasattr(psutil.Process().memory_full_info(), "pss")


def median_run(runs: list[Run], polled: Run) -> Run:
    """The median time and CPU of the timed runs, with the peak memory of the polled one."""
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs),
               polled.peak_mb, polled.seconds)


def snapshot(directory: Path) -> dict[str, int]:
    """Every file under a directory with its modification time (ns)."""
    return {str(p.relative_to(directory)): p.stat().st_mtime_ns for p in directory.rglob("*") if p.is_file()}


# -- the three builders ---------------------------------------------------------------------------
#
# Every cold build writes into a directory no build has used, and nothing is deleted until the
# whole benchmark is over. This machine's root file system is ext4 without a journal, where the
# kernel skips, one by one, the inodes deleted in the last few minutes when it picks an inode for
# a new file or folder (ext4's recently_deleted(), the top kernel function of such a build under
# perf). A 10,000-incident build right after `rm -rf` of its previous output spent 10-18 s of
# system CPU, more after every deletion before it; into a fresh folder, 2 s. Deleting between
# runs measured the deletion history, not the builder; a cold build in CI writes into a fresh
# checkout.

def chronicle_command(work: Path, output: str) -> list[str]:
    conf = sitegen.write_conf(work, recent=100)
    return [sitegen.pelican_bin(), "content", "-o", output, "-s", str(conf), "--fatal", "errors"]


def clean_chronicle(work: Path) -> None:
    """A cold build: no cache left from a previous run (the output directory is always new)."""
    shutil.rmtree(work / "cache", ignore_errors=True)


def pelican_command(work: Path, output: str) -> list[str]:
    return [sitegen.pelican_bin(), "content", "-o", output, "-s", "pelicanconf.py"]


def hugo_command(work: Path, output: str) -> list[str]:
    return [baselines.hugo_binary(), "--quiet", "--destination", output]


def clean_output(work: Path) -> None:
    for name in ("resources", "cache", "__pycache__"):
        shutil.rmtree(work / name, ignore_errors=True)


def cold_build(command, clean, work: Path, output: str, poll_memory: bool = False) -> Run:
    clean(work)
    os.sync()  # the previous builds' files go to disk now, not while this one is timed
    return measure(command(work, output), work, poll_memory)


def bench_size(n: int, tmp: Path) -> dict[str, object]:
    """Every builder's cold builds of n posts, then Chronicle's no-change rebuilds. The work folders
    stay until the whole benchmark is done (see above)."""
    data = sitegen.realistic_data(n)
    chronicle_dir, pelican_dir, hugo_dir = tmp / f"chronicle-{n}", tmp / f"pelican-{n}", tmp / f"hugo-{n}"
    sitegen.write_content(chronicle_dir / "content", data)
    baselines.write_pelican_site(pelican_dir, data)
    baselines.write_hugo_site(hugo_dir, data)
    del data
    builders = (("chronicle", chronicle_dir, chronicle_command, clean_chronicle),
                ("hugo", hugo_dir, hugo_command, clean_output),
                ("pelican", pelican_dir, pelican_command, clean_output))
    runs: dict[str, list[Run]] = {name: [] for name, *_rest in builders}
    for run in range(RUNS):  # builders take turns, so a busy spell on the machine hits all of them
        for name, work, command, clean in builders:
            runs[name].append(cold_build(command, clean, work, f"output-{run}"))
    polled = {name: cold_build(command, clean, work, "output-memory", poll_memory=True)
              for name, work, command, clean in builders}
    result: dict[str, object] = {name: median_run(r, polled[name]) for name, r in runs.items()}
    # Rebuilds with nothing changed, into the output of the last full Chronicle build above (the
    # polled one): the cache records that build, so a rebuild into any other folder is a full one.
    last = "output-memory"
    before = snapshot(chronicle_dir / last)
    rebuilds = [measure(chronicle_command(chronicle_dir, last), chronicle_dir) for _ in range(RUNS)]
    polled_rebuild = measure(chronicle_command(chronicle_dir, last), chronicle_dir, poll_memory=True)
    after = snapshot(chronicle_dir / last)
    result["rebuild"] = median_run(rebuilds, polled_rebuild)
    result["rewritten"] = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    result["removed"] = len(set(before) - set(after))
    result["files"] = len(after)
    result["pages"] = sum(1 for path in after if path.endswith(".html"))
    result["bytes"] = sum(p.stat().st_size for p in (chronicle_dir / last).rglob("*") if p.is_file())
    result["stages"] = stage_timings(chronicle_dir)
    return result


def stage_timings(work: Path) -> list[str]:
    """One more cold build with CHRONICLE_TIMINGS=1: how long each stage took, CPU by kind of file."""
    clean_chronicle(work)
    os.sync()
    done = subprocess.run(chronicle_command(work, "output-timings"), cwd=work, capture_output=True, text=True,
                          env=dict(os.environ, CHRONICLE_TIMINGS="1", TERM="dumb", NO_COLOR="1", COLUMNS="200"))
    return [line.removeprefix("chronicle timing: ") for line in (done.stdout + done.stderr).splitlines()
            if line.startswith("chronicle timing: ")]


def print_stages(results: dict[int, dict]) -> None:
    n = list(results)[-2] if len(results) > 1 else list(results)[0]
    print(f"\nWhere a cold {n}-incident Chronicle build spends its time (one more build, CHRONICLE_TIMINGS=1;"
          " stages in wall seconds, then CPU seconds by kind of file over all processes):")
    for line in results[n]["stages"]:
        print(f"  {line}")


def print_size(n: int, r: dict) -> None:
    """One size's builds, printed as soon as they are measured."""
    chron, hugo, pelican = r["chronicle"], r["hugo"], r["pelican"]
    for name, run in (("chronicle", chron), ("hugo", hugo), ("pelican", pelican)):
        ratio = (f"Chronicle/Hugo {chron.seconds / hugo.seconds:.2f}x  "
                 f"Chronicle/Pelican {chron.seconds / pelican.seconds:.2f}x" if name == "chronicle" else "")
        print(f"{n:>9} {name:<10} {run.seconds:>8.2f} {run.cpu:>8.2f} {run.peak_mb:>8.0f} {run.polled_seconds:>8.2f}"
              f"   {ratio}")
    rebuild = r["rebuild"]
    print(f"{n:>9} {'no-change':<10} {rebuild.seconds:>8.2f} {rebuild.cpu:>8.2f} {rebuild.peak_mb:>8.0f} "
          f"{rebuild.polled_seconds:>8.2f}   "
          f"{rebuild.seconds / chron.seconds:.2f}x the full build; rewrote {r['rewritten']} of {r['files']} "
          f"files, removed {r['removed']}")
    print(f"{'':>9} Chronicle wrote {r['pages']} pages, {r['files']} files, {r['bytes'] / 1e6:.0f} MB", flush=True)


def print_scaling(results: dict[int, dict]) -> None:
    sizes = list(results)
    for small, big in zip(sizes, sizes[1:]):
        grow = results[big]["chronicle"].seconds / results[small]["chronicle"].seconds
        grow_cpu = results[big]["chronicle"].cpu / results[small]["chronicle"].cpu
        print(f"scaling: {big / small:.1f}x the incidents ({small} -> {big}) took {grow:.2f}x the wall time, "
              f"{grow_cpu:.2f}x the CPU time")


def print_targets(results: dict[int, dict]) -> None:
    sizes = list(results)
    mid, top = sizes[-2:] if len(sizes) > 1 else sizes * 2  # one size: its build stands for both
    r = results[mid]
    checks = [
        (f"{mid} build <= 1.0x Hugo", r["chronicle"].seconds / r["hugo"].seconds, 1.0),
        (f"{mid} build <= 0.25x Pelican", r["chronicle"].seconds / r["pelican"].seconds, 0.25),
        (f"{top} build <= 2.2x the {mid} build",
         results[top]["chronicle"].seconds / r["chronicle"].seconds, 2.2),
        (f"{mid} no-change rebuild <= 0.2x its full build", r["rebuild"].seconds / r["chronicle"].seconds, 0.2),
        (f"{top} no-change rebuild <= 0.2x its full build",
         results[top]["rebuild"].seconds / results[top]["chronicle"].seconds, 0.2),
        (f"{top} build peak memory <= 400 MB", results[top]["chronicle"].peak_mb, 400),
    ]
    print("\nTargets:")
    for label, value, limit in checks:
        print(f"  {'met ' if value <= limit else 'MISS'} {label}: {value:.2f}")
    rewrites = sum(r["rewritten"] for r in results.values())
    print(f"  {'met ' if rewrites == 0 else 'MISS'} no-change rebuilds rewrote no file: {rewrites} rewritten")


# -- extraction -----------------------------------------------------------------------------------

def bench_extraction(tmp: Path) -> float:
    from chronicle.engine.extract_pool import ForkedRunner
    from chronicle.extract.seed import read_seed
    from chronicle.extract.analyse import analyse_article, load_toolkit
    from chronicle.ingest.pipeline import extract_seeds

    seed_dir = tmp / "seeds"
    seed_dir.mkdir()
    paths = []
    for i, text in enumerate(make_corpus(ARTICLES)):
        path = seed_dir / f"{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    seeds = [read_seed(p) for p in paths]
    start = time.perf_counter()
    kit = load_toolkit(None, [], [], ForkedRunner().built)
    load = time.perf_counter() - start
    analyse = statistics.median(_timed(lambda: [analyse_article(s, kit) for s in seeds]) for _ in range(RUNS))

    def into_content(jobs: int, name: str) -> float:
        shutil.rmtree(tmp / name, ignore_errors=True)
        return _timed(lambda: extract_seeds(paths, tmp / name / "content", runner=ForkedRunner(jobs)))

    serial = statistics.median(into_content(1, "serial") for _ in range(RUNS))
    parallel = statistics.median(into_content(JOBS, "parallel") for _ in range(RUNS))
    same = not _differences(tmp / "serial", tmp / "parallel")
    cold = statistics.median(_cold_extraction(seed_dir, tmp / "cold") for _ in range(RUNS))
    print(f"Extraction: {ARTICLES} generated articles, median of {RUNS}", flush=True)
    print(f"  toolkit load (gazetteer, rules), once per run: {load:.2f} s")
    print(f"  analyse only, one core:                 {ARTICLES / analyse:7.1f} articles/s")
    print(f"  extract into content/, one core:        {ARTICLES / serial:7.1f} articles/s ({serial:.2f} s; toolkit already loaded)")
    print(f"  extract into content/, {JOBS} processes:    {ARTICLES / parallel:7.1f} articles/s ({parallel:.2f} s); "
          f"output identical to one core: {'yes' if same else 'NO'}")
    print(f"  `chronicle extract --jobs 1` from cold:  {ARTICLES / cold:7.1f} articles/s ({cold:.2f} s: a new process, "
          "imports and toolkit load included)")
    return ARTICLES / serial


def _cold_extraction(seed_dir: Path, work: Path) -> float:
    """Wall seconds of the command an editor runs, in a new process, into an empty content/."""
    shutil.rmtree(work, ignore_errors=True)
    chronicle = str(Path(sys.executable).parent / "chronicle")
    start = time.perf_counter()
    subprocess.run([chronicle, "extract", "--seeds", str(seed_dir), "--content", str(work / "content"), "--jobs", "1"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right)
    found = comparison.left_only + comparison.right_only + comparison.diff_files + comparison.funny_files
    for name, sub in comparison.subdirs.items():
        found += [f"{name}/{d}" for d in _differences(left / name, right / name)]
    return found


def main() -> int:
    print(f"make bench: {'quick, ' if QUICK else ''}sizes {', '.join(map(str, SIZES))}; "
          f"{os.cpu_count()} CPUs; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="chronicle-bench-") as tmp:
        rate = bench_extraction(Path(tmp))
        print(f"\nSite builds: median of {RUNS} timed run{'s' if RUNS != 1 else ''} each (cold: a new output folder, "
              "no cache; builders take turns), then one more with its memory polled: peak = most memory of the "
              "process tree, polled s = that build's wall time")
        print(f"{'incidents':>9} {'builder':<10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'polled s':>8}   ratios (wall)",
              flush=True)
        results = {}
        for n in SIZES:
            results[n] = bench_size(n, Path(tmp))
            print_size(n, results[n])
    print_scaling(results)
    print_stages(results)
    print_targets(results)
    print(f"  {'met ' if rate >= 100 else 'MISS'} extraction >= 100 articles/s on one core: {rate:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
