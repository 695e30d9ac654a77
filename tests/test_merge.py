"""Merge decisions and seed/editor disagreements, at the level of YAML mappings."""

from __future__ import annotations

from chronicle.extract.merge import find_match
from chronicle.pipeline import build_proposal, said_digests

PARENTS = {"port-vale": "northland", "old-town": "port-vale"}
GROUPS = {"drone-attack": "Explosions/Remote violence", "airstrike": "Explosions/Remote violence",
          "protest": "Protests"}


def incident(**fields) -> dict:
    base = {"id": "x", "title": "t", "date": "2024-03-02", "type": "drone-attack", "status": "draft",
            "actors": [{"ref": "river-brigade", "role": "perpetrator"}],
            "places": [{"ref": "port-vale", "role": "location"}], "sources": [{"seed": "a.txt"}]}
    base.update(fields)
    return base


def test_same_type_date_place_and_actor_is_the_same_incident():
    match = find_match(incident(), {"old": incident(id="old")}, PARENTS, GROUPS)
    assert match is not None and match.certain and match.incident_id == "old"


def test_a_place_inside_the_other_counts_as_shared():
    new = incident(places=[{"ref": "old-town", "role": "location"}])
    assert find_match(new, {"old": incident(id="old")}, PARENTS, GROUPS).certain


def test_dates_that_cannot_overlap_never_match():
    assert find_match(incident(date="2024-05-01"), {"old": incident(id="old")}, PARENTS, GROUPS) is None


def test_unknown_date_is_only_a_possible_duplicate():
    match = find_match(incident(date="unknown"), {"old": incident(id="old")}, PARENTS, GROUPS)
    assert match is not None and not match.certain
    assert "overlapping date" not in match.reasons


def test_related_type_is_only_a_possible_duplicate_and_other_kinds_never_match():
    match = find_match(incident(type="airstrike"), {"old": incident(id="old")}, PARENTS, GROUPS)
    assert match is not None and not match.certain
    assert find_match(incident(type="protest"), {"old": incident(id="old")}, PARENTS, GROUPS) is None


def test_no_shared_actor_is_not_the_same_incident():
    new = incident(actors=[{"ref": "coast-guard", "role": "perpetrator"}])
    assert find_match(new, {"old": incident(id="old")}, PARENTS, GROUPS) is None


def test_a_proposal_holds_only_what_the_seed_newly_says_that_the_entry_lacks():
    def resolve(kind, ref):
        return {"Brigade of the River": "river-brigade"}.get(ref, ref)

    before = incident(casualties={"killed": {"best": 2}}, actors=[{"ref": "river-brigade", "role": "perpetrator"},
                                                                  {"ref": "junk-actor", "role": "mentioned"}])
    said = frozenset(said_digests([before]))
    # The editor retitled it, removed the junk actor, wrote the brigade by alias and corrected the figure.
    edited = incident(title="Drone strike on Port Vale docks", status="reviewed", casualties={"killed": {"best": 3}},
                      actors=[{"ref": "Brigade of the River", "role": "perpetrator"}])
    assert build_proposal(before, edited, said, "a.txt", "says more about", resolve) is None
    # The seed changes: a higher toll and a new spokesperson are news; the rest is not.
    now = dict(before, casualties={"killed": {"best": 5}},
               actors=before["actors"] + [{"ref": "northland", "role": "spokesperson"}])
    add = build_proposal(now, edited, said, "a.txt", "says more about", resolve)["add"]
    assert add == {"casualties": {"killed": {"best": 5}}, "casualties-now": {"killed": {"best": 3}},
                   "actors": [{"ref": "northland", "role": "spokesperson"}]}
    # Another article: its source is new too.
    other = dict(before, sources=[{"seed": "b.txt"}])
    assert build_proposal(other, edited, frozenset(), "b.txt", "reports", resolve)["add"]["sources"] == [{"seed": "b.txt"}]
