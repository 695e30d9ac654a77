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
import yaml
from unidecode import unidecode

from chronicle.extract.incidents import build_incidents
from chronicle.extract.seed import read_seed
from chronicle.model import name_key
from chronicle.pipeline import analyse_article, load_toolkit

HELDOUT = Path(__file__).parent / "heldout"
ANNOTATIONS = yaml.safe_load((HELDOUT / "annotations.yaml").read_text("utf-8"))
REPO = Path(__file__).resolve().parent.parent

# First 12 articles, before any change: actors P 0.79 R 0.65, places P 0.74 R 0.72.
# Their misses then drove general fixes, so they are no longer strictly unseen.
# ferry/election2/outage were added after those fixes; their first run gave
# actors P 0.80 R 0.67, places P 0.86 R 0.60 (the honest generalisation figure).
# Measured 2026-11-23 on all 15: actors P 0.99 R 0.93, places P 0.93 R 0.74.
FLOORS = {"actors": (0.9, 0.85), "places": (0.85, 0.65)}


@pytest.fixture(scope="module")
def kit():
    from chronicle.content import load_content

    content, _ = load_content(REPO / "content")
    return load_toolkit(REPO / "content", sorted(content.actors.values(), key=lambda a: a.id),
                        sorted(content.places.values(), key=lambda p: p.id))


def _key(name: str) -> str:
    return unidecode(name_key(name))


@pytest.fixture(scope="module")
def scores(kit):
    totals = {"actors": [0, 0, 0], "places": [0, 0, 0]}
    dates = types = 0
    rows = []
    for name, gold in sorted(ANNOTATIONS.items()):
        article = analyse_article(read_seed(HELDOUT / name), kit)
        drafts = build_incidents(article, kit.classifier, kit.type_labels)
        found = {"actors": {_key(m.name) for m in article.actors},
                 "places": {_key(m.name) for m in article.places}}
        row = [name]
        for field in ("actors", "places"):
            expected = {_key(x) for x in gold[field]}
            hit = found[field] & expected
            for i, v in enumerate((len(hit), len(found[field]), len(expected))):
                totals[field][i] += v
            row.append(f"{field}: missed {sorted(expected - hit)} extra {sorted(found[field] - expected)}")
        main = drafts[0] if drafts else None
        dates += bool(main) and main.date == str(gold["date"])
        types += bool(main) and main.type == gold["type"]
        rows.append(tuple(row))
    result = {field: (t[0] / max(t[1], 1), t[0] / max(t[2], 1)) for field, t in totals.items()}
    result["dates"] = dates / len(ANNOTATIONS)  # reported only: dates and types are not this set's aim
    result["types"] = types / len(ANNOTATIONS)
    result["rows"] = rows
    print("\nheld-out scores:", {k: (tuple(round(x, 2) for x in v) if isinstance(v, tuple) else round(v, 2))
                                 for k, v in result.items() if k != "rows"})
    for row in rows:
        print("  ", *row, sep="\n     ")
    return result


@pytest.mark.parametrize("field", ["actors", "places"])
def test_heldout_precision_and_recall_stay_above_floor(scores, field):
    precision, recall = scores[field]
    floor_p, floor_r = FLOORS[field]
    assert precision >= floor_p, f"{field} precision {precision:.2f} < {floor_p}: {scores['rows']}"
    assert recall >= floor_r, f"{field} recall {recall:.2f} < {floor_r}: {scores['rows']}"
