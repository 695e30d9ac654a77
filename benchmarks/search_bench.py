"""The search index on synthetic sites: build CPU time, files and bytes, and what a query fetches.

    .venv/bin/python benchmarks/search_bench.py [SIZES]     # default 5000,10000

For each size, sitegen.realistic_data(n) is written as YAML, loaded and turned into the site graph
(not timed), then the index is built and written to a scratch output folder three times; the
median CPU seconds of those builds is printed, with the files and bytes written. Then
tests/support/search_reader.mjs runs one-word queries in Node as a reader's browser would, showing the
first 20 results, and prints the bytes each fetched besides meta.json (which every search page
loads once, for the filter choices).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "plugins"), str(HERE.parent / "tests")]

from support import sitegen  # noqa: E402
from chronicle.site import search_index  # noqa: E402
from chronicle.content.load import load_content  # noqa: E402
from chronicle.site.graph import build_graph  # noqa: E402
from chronicle.engine.outputs import OutputDir  # noqa: E402

READER = HERE.parent / "tests" / "support" / "search_reader.mjs"
QUERIES = ("market", "airstrike", "convoy checkpoint", "ceasefire")


def measure(n: int, scratch: Path) -> None:
    content = sitegen.write_content(scratch / f"content-{n}", sitegen.realistic_data(n))
    loaded, problems = load_content(content)
    assert not problems, problems[:3]
    graph = build_graph(loaded)
    seconds = []
    for run in range(3):
        output = OutputDir(scratch / f"out-{n}-{run}")
        start = time.process_time()
        index = search_index.site_index(graph)
        for path, text in search_index.index_files(index):
            output.write(path, text)
        seconds.append(time.process_time() - start)
    sizes = {rel: len(text.encode("utf-8")) for rel, text in index.files.items()}
    by_kind = {kind: [size for rel, size in sizes.items() if rel.startswith(kind)]
               for kind in ("terms/", "docs/", "filters/", "meta.json")}
    print(f"{n} incidents: index built and written in {statistics.median(seconds):.3f} s CPU "
          f"(median of {', '.join(f'{s:.3f}' for s in seconds)}); {len(sizes)} files, {sum(sizes.values()):,} bytes")
    for kind, kind_sizes in by_kind.items():
        print(f"    {kind:10} {len(kind_sizes):4} files {sum(kind_sizes):>10,} bytes (largest {max(kind_sizes):,})")
    folder = scratch / f"out-{n}-0" / search_index.FOLDER
    requests = [{"q": q, "shown": 20} for q in QUERIES]
    answers = json.loads(subprocess.run(["node", str(READER), str(folder)], input=json.dumps(requests),
                                        capture_output=True, text=True, check=True).stdout)
    for query, answer in zip(QUERIES, answers):
        fetched = answer["fetched"]
        print(f"    query {query!r:22} {len(answer['ids']):6} results; first 20 shown after fetching "
              f"{fetched['files']} files, {fetched['bytes']:,} bytes (+ meta.json {sizes['meta.json']:,})")


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "5000,10000").split(",")]
    with tempfile.TemporaryDirectory(prefix="chronicle-search-bench-") as scratch:
        for n in sizes:
            measure(n, Path(scratch))


if __name__ == "__main__":
    main()
