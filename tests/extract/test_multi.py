"""Scoring earlier incidents: what an article reports besides its main incident.

tests/extract/multi/ holds articles (ceasefire, aftershock, cyberattack, protest, recall,
court ruling, flood, sacking, strike, curfew) that each report a main incident and
one or two earlier ones with their own dates, annotated before the extractor was
first run on them. Scored: the number of incidents, earlier-incident precision and
recall (matched on type and date, or on place), and over matched incidents the date,
type, location places, perpetrator/target roles, casualties and the main incident's
relation to each earlier one. Floors sit a little under the last measurement; a fix
must be a general mechanism, never a rule for these strings. Run with -s for details.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.scoring import assert_multi_floors, repo_toolkit, score_multi

MULTI = Path(__file__).parent / "multi"

# First (blind) run, before any change: counts 0.10, earlier P 0.60 R 0.47, dates 0.89, types 0.79,
# locations R 0.64, roles P 0.50 R 0.33, casualties 0.11, relations 0.21.
# After the general fixes in incidents.py and types.yaml (lead clauses, merging reports, relations from
# the lead's links, casualty patterns, role verbs): counts 0.80, earlier P 0.95 R 0.95, dates 0.93,
# types 0.96, locations R 0.69, roles P 0.70 R 0.44, casualties 0.75, relations 0.79. These articles
# drove those fixes, so they are no longer unseen: the blind figures above are the generalisation ones.
# Then the header/share-bar fix (clean.py), month modifiers (temporal.py), "<city> region" (places.py)
# and the lead clause starting after the main date: counts 0.90, earlier P 0.95 R 1.00, dates 1.00,
# types 0.97, locations R 0.70, roles P 0.78 R 0.44, casualties 0.75, relations 0.89.
# Then (issue 18) counts read in words, ranges and rising tolls, every category in a sentence, and no
# figure next to an earlier date or after "in response to": casualties 0.92. Roles from the clause
# (subject and object of the event verb, passive, claims), the parties to a match as participants (the
# two sport incidents' annotations changed with that rule; participants are scored as a role) and
# "the truce collapses" no agreement: types 1.00, roles P 0.88 R 0.44. History told in years, dates in
# an aside about a name ("appointed in June") and the body retelling the main incident give no draft:
# counts 1.00, earlier P 1.00 R 1.00.
FLOORS = {"counts": 0.95, "earlier": (0.95, 0.95), "dates": 0.95, "types": 0.95, "locations": 0.65,
          "roles": (0.84, 0.4), "casualties": 0.88, "relations": 0.84}


@pytest.fixture(scope="module")
def scores():
    result = score_multi(MULTI, repo_toolkit())
    print("\nmulti-incident scores:", result.summary(), "\n  " + "\n  ".join(result.rows))
    return result


def test_multi_incident_scores_stay_above_floors(scores):
    assert_multi_floors(scores, FLOORS)
