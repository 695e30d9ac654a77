"""Scoring: precision and recall of extraction on hand-annotated article sets.

- tests/extract/corpus/: eight articles written for these tests, in several domains.
- tests/extract/heldout/: fifteen articles in domains the corpus lacks (courts, rail,
  wildfires, strikes, banking, coups, hostages, tennis, industrial accidents,
  knife attacks, vaccination, ferries, elections, IT outages), annotated before
  the extractor was first run on them. Rules must never be tuned to their
  strings: a failure calls for a general mechanism or general vocabulary.

The floors sit a little under the last measurement: a change that makes
extraction worse fails here. Run with -s to see the figures and every miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.scoring import assert_floors, repo_toolkit, score_set

HERE = Path(__file__).parent

# corpus, measured 2026-11-23: actors P 1.00 R 0.97, places P 1.00 R 0.94, dates 8/8, types 8/8.
# heldout: first 12 articles before any change: actors P 0.79 R 0.65, places P 0.74 R 0.72. Their
# misses then drove general fixes, so they are no longer strictly unseen; three added after those
# fixes first gave actors P 0.80 R 0.67, places P 0.86 R 0.60 (the honest generalisation figure).
# Now on all 15: actors P 0.99 R 0.93, places P 0.93 R 0.80, dates 1.00, types 0.87. The two yearless
# datelines (breach, stabbing) were annotated `unknown` until dating.py kept them as partial dates
# (XXXX-11-14, XXXX-02-10): against the new annotations the old extractor scores dates 0.87, now 1.00.
# After the structural furniture filter and named sites, features and settlements (places.py): places
# P 0.87 R 0.82 (the lower precision is sites this set's annotators did not code: "Iavoloha palace",
# "Mater Misericordiae University Hospital", "Part-Dieu station").
FLOORS = {
    "corpus": {"actors": (0.95, 0.90), "places": (0.95, 0.88), "dates": 0.85, "types": 0.85},
    "heldout": {"actors": (0.9, 0.85), "places": (0.85, 0.78), "dates": 0.9, "types": 0.8},
}


@pytest.fixture(scope="module")
def kit():
    return repo_toolkit()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_floors(kit, name):
    result = score_set(HERE / name, kit)
    print(f"\n{name} scores:", result.summary(), "\n  " + "\n  ".join(result.rows))
    assert_floors(result, FLOORS[name])
