"""make bench: extraction throughput on a generated corpus, with a baseline in the same run.

Machines here are shared and noisy, so every figure is a median of repeated
runs and is also given as a ratio to a baseline measured in the same process
(a plain word count over the same corpus): compare ratios across machines,
not seconds.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import sitegen  # noqa: E402
from corpus import make_corpus  # noqa: E402

from chronicle.extract.incidents import build_incidents  # noqa: E402
from chronicle.extract.seed import read_seed  # noqa: E402
from chronicle.pipeline import analyse_article, extract_seeds, load_toolkit  # noqa: E402

ARTICLES = 200
REPEATS = 5
SITE_INCIDENTS = (500, 2000)  # two sizes: the ratio shows how the build scales


def median_time(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    texts = make_corpus(ARTICLES)
    with tempfile.TemporaryDirectory() as tmp:
        seed_dir = Path(tmp) / "seeds"
        seed_dir.mkdir()
        paths = []
        for i, text in enumerate(texts):
            path = seed_dir / f"{i:04d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        seeds = [read_seed(p) for p in paths]

        start = time.perf_counter()
        kit = load_toolkit(None, [], [])
        load_seconds = time.perf_counter() - start

        baseline = median_time(lambda: [len(t.split()) for t in texts])
        analyse = median_time(lambda: [analyse_article(s, kit) for s in seeds])
        full = median_time(lambda: [build_incidents(analyse_article(s, kit), kit.classifier, kit.type_labels)
                                    for s in seeds])

        def write_all():
            with tempfile.TemporaryDirectory() as out:
                extract_seeds(paths, Path(out) / "content")

        end_to_end = median_time(write_all, repeats=3)
        tracemalloc.start()
        [build_incidents(analyse_article(s, kit), kit.classifier, kit.type_labels) for s in seeds[:50]]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    print(f"corpus: {ARTICLES} generated articles; medians of {REPEATS} runs (end-to-end: 3)")
    print(f"toolkit load (gazetteer, rules), once per run: {load_seconds:.2f} s")
    print(f"baseline (word count over corpus):      {baseline * 1000:8.2f} ms")
    print(f"analyse (clean..places):                {analyse * 1000:8.1f} ms  "
          f"{ARTICLES / analyse:7.1f} articles/s  ratio to baseline {analyse / baseline:8.0f}x")
    print(f"extract (analyse + incidents):          {full * 1000:8.1f} ms  "
          f"{ARTICLES / full:7.1f} articles/s  ratio to baseline {full / baseline:8.0f}x")
    print(f"extract into content/ (with merge, writes): {end_to_end:6.2f} s  "
          f"{ARTICLES / end_to_end:7.1f} articles/s")
    print(f"peak traced memory extracting 50 articles: {peak / 1e6:.1f} MB")
    bench_site(baseline)
    return 0


def bench_site(baseline: float) -> None:
    """Full Pelican builds of synthetic sites: medians of 3, and how time grows with size."""
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SITE_INCIDENTS:
            content = sitegen.generate(Path(tmp) / f"content-{n}", n)

            def build():
                result = sitegen.build(content, Path(tmp) / f"out-{n}", recent=100)
                assert result.returncode == 0, result.stderr[-2000:]

            medians[n] = median_time(build, repeats=3)
            print(f"site build, {n:5d} incidents:             {medians[n]:8.2f} s  "
                  f"{n / medians[n]:7.1f} incidents/s  ratio to baseline {medians[n] / baseline:8.0f}x")
    small, big = SITE_INCIDENTS
    print(f"site build scaling: {big // small}x the incidents took {medians[big] / medians[small]:.2f}x the time")


if __name__ == "__main__":
    sys.exit(main())
