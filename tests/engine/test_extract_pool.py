"""Extraction in several processes (engine.extract_pool.ForkedRunner) writes exactly what one process writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.engine.extract_pool import ForkedRunner
from chronicle.ingest.pipeline import extract_seeds
from support import REPO, SAMPLE_SEED
from support.seeds import ARTICLES, new_content, tree

SCORED_SETS = REPO / "tests" / "extract"  # the annotated articles of the extraction scores


# Two short reports: the first names a new person in full, the second only as "Amina Odhiambo's
# union", which resolves to her only once the first has added her to the registry. Looking
# ahead past the first with the registry from before it gives a different result for the second.
FIRST = ("Title: Dock strike halts port\nDate: 2024-03-04\nSource: Harbour Times\n\n"
         "Members of the Coastal Dockworkers Federation (CDF) walked off the job in Mombasa on Monday, "
         "halting the port, federation leader Amina Odhiambo said.\n")
SECOND = ("Title: Port stoppage extended\nDate: 2024-03-06\nSource: Port Daily\n\n"
          "Amina Odhiambo's union said on Wednesday it would extend the stoppage in Mombasa.\n")


def real_seeds(folder: Path) -> list[Path]:
    """The two reports above, then every article the tests have: dozens of actors and places, many new."""
    folder.mkdir()
    (folder / "first.txt").write_text(FIRST, encoding="utf-8")
    (folder / "second.txt").write_text(SECOND, encoding="utf-8")
    found = [folder / "first.txt", folder / "second.txt", SAMPLE_SEED]
    for articles in (SCORED_SETS / "corpus", SCORED_SETS / "heldout", SCORED_SETS / "multi", ARTICLES, ARTICLES / "merge"):
        texts = sorted(articles.glob("*.txt"))
        assert texts, f"no articles in {articles}"
        found += texts
    return found


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_extraction_is_byte_identical_to_serial(tmp_path, jobs):
    seeds = real_seeds(tmp_path / "seeds")
    serial = new_content(tmp_path / "serial")
    parallel = new_content(tmp_path / "parallel")
    before = tree(serial)
    serial_report = extract_seeds(seeds, serial)
    parallel_report = extract_seeds(seeds, parallel, runner=ForkedRunner(jobs))
    assert serial_report.errors == [] and parallel_report.errors == []
    # The run added actors and places as it went, so later seeds saw a changed registry:
    # exactly the case where looking ahead must be undone.
    added = [rel for rel in tree(serial) if rel not in before and rel.startswith(("actors/", "places/"))]
    assert len(added) >= 5
    second = [p.read_text("utf-8") for p in (serial / "events").glob("*.yaml") if "second.txt" in p.read_text("utf-8")]
    assert any("ref: amina-odhiambo" in text for text in second)
    assert sorted(tree(parallel)) == sorted(tree(serial))
    assert tree(parallel) == tree(serial)
    assert parallel_report.created == serial_report.created


def test_parallel_run_after_a_serial_one_changes_nothing(tmp_path):
    seeds = real_seeds(tmp_path / "seeds")
    content = new_content(tmp_path / "content")
    extract_seeds(seeds[:10], content)
    extract_seeds(seeds, content, runner=ForkedRunner(2))
    once = new_content(tmp_path / "once")
    extract_seeds(seeds[:10], once)
    extract_seeds(seeds, once)
    assert tree(content) == tree(once)
