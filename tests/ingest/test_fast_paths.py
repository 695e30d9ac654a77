"""Ingestion's fast path gives exactly what the plain way it replaces gave (issue 8): the known
incidents a new report is compared with are few, and the match found among them is the one a
comparison with every incident finds, on content/ built by extracting generated articles.
"""

from __future__ import annotations

import sys

from chronicle.extract.merge import find_match
from chronicle.ingest.pipeline import _RunState, _same_seed, extract_seeds
from support import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import make_corpus  # noqa: E402


def test_merge_candidates_give_the_match_a_comparison_with_every_incident_gives(tmp_path):
    paths = []
    for i, text in enumerate(make_corpus(80, seed=3)):
        path = tmp_path / "seeds" / f"{i:04d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    extract_seeds(paths, tmp_path / "content")
    state = _RunState.load(tmp_path / "content")
    groups = {}
    parents = state.place_tree()
    assert len(state.events) > 60
    found = 0
    for incident_id, entry in sorted(state.events.items()):
        # Each incident as if a new seed gave it again: what can it be matched with?
        seed_name = f"new-{incident_id}"
        everyone = {i: e for i, e in state.events.items() if i != incident_id and not _same_seed(e, seed_name)}
        # Also as an undated report of it: the generated articles' dates rarely overlap, and an
        # unknown date is what gives possible matches to compare. Each report has its own candidates.
        for report in (entry, {**entry, "date": "unknown"}):
            candidates = {i: e for i, e in state.match_candidates([report], seed_name).items() if i != incident_id}
            assert set(candidates) <= set(everyone)
            expected = find_match(report, everyone, parents, groups)
            assert find_match(report, candidates, parents, groups) == expected
            found += expected is not None
    assert found > 5  # matches were found, not only their absence compared
