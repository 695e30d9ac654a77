"""Scoring on held-out articles: how extraction generalises to unseen domains.

tests/heldout/ holds articles in domains tests/corpus/ lacks (courts, rail
accidents, wildfires, strikes, banking, coups, hostages, tennis, industrial
accidents, knife attacks, vaccination), annotated before the extractor was
first run on them. Rules must never be tuned to their strings; a failure here
calls for a general mechanism or general vocabulary. The floors sit a little
under the last measurement. Run with -s to see figures, misses and extras.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import assert_floors, repo_toolkit, score_set

HELDOUT = Path(__file__).parent / "heldout"

# First 12 articles, before any change: actors P 0.79 R 0.65, places P 0.74 R 0.72.
# Their misses then drove general fixes, so they are no longer strictly unseen.
# ferry/election2/outage were added after those fixes; their first run gave
# actors P 0.80 R 0.67, places P 0.86 R 0.60 (the honest generalisation figure).
# Measured 2026-11-23 on all 15: actors P 0.99 R 0.93, places P 0.93 R 0.74.
# After the type and date work (incidents.py, clean.py): dates 1.00 (the two yearless datelines are
# correctly unknown), types 0.80, places R 0.80 (dateline places now read).
FLOORS = {"actors": (0.9, 0.85), "places": (0.85, 0.72), "dates": 0.7, "types": 0.7}


@pytest.fixture(scope="module")
def scores():
    result = score_set(HELDOUT, repo_toolkit())
    print("\nheld-out scores:", result.summary(), "\n  " + "\n  ".join(result.rows))
    return result


def test_heldout_scores_stay_above_floors(scores):
    assert_floors(scores, FLOORS)
