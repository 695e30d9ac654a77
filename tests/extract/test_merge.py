"""Merge decisions at the level of YAML mappings: when a new report is a known incident, the
evidence for it one kind at a time, and which known incidents it is compared with.

End to end (reports of one incident extracted one after another into one content/) and the
proposals made to editors are in tests/ingest/test_merge_runs.py.
"""

from __future__ import annotations

from chronicle.extract.merge import (RULES, MatchIndex, PlaceTree, actor_evidence, casualty_evidence,
                                     date_evidence, find_match, match_all, missing_facts, place_evidence,
                                     text_evidence, type_evidence)
from support.seeds import incident

PARENTS = {"port-vale": "northland", "old-town": "port-vale", "dock-road": "port-vale", "ridgeton": "northland",
           "northland": "norland", "kestrel-airport": "ridgeton"}
KINDS = {"norland": "country", "northland": "region", "port-vale": "city", "ridgeton": "city",
         "old-town": "area", "dock-road": "site", "kestrel-airport": "site"}
TREE = PlaceTree(PARENTS, KINDS)
GROUPS = {"drone-attack": "Explosions/Remote violence", "airstrike": "Explosions/Remote violence",
          "protest": "Protests", "accident": "Disasters", "disaster": "Disasters"}


def match(new: dict, old: dict | None = None):
    return find_match(new, {"old": old or incident(id="old")}, TREE, GROUPS)


# -- the whole decision -------------------------------------------------------------------------

def test_same_type_date_place_and_actor_is_the_same_incident():
    found = match(incident())
    assert found is not None and found.certain and found.incident_id == "old"


def test_a_place_inside_the_other_counts_as_shared():
    new = incident(places=[{"ref": "dock-road", "role": "location"}])
    assert match(new).certain


def test_dates_far_apart_never_match_whatever_else_is_shared():
    assert match(incident(date="2024-03-06")) is None  # four days apart
    assert match(incident(date="2024-05")) is None  # a month that cannot hold 2 March


def test_unknown_date_is_only_a_possible_duplicate():
    found = match(incident(date="unknown"))
    assert found is not None and not found.certain
    assert "a date unknown" in found.reasons


def test_types_of_one_group_merge_and_another_group_is_at_most_flagged():
    found = match(incident(type="airstrike"))
    assert found.certain and any("related types" in r for r in found.reasons)
    protest = match(incident(type="protest"))
    assert protest is not None and not protest.certain
    # A protest the same day in the same city, by other people, is another incident.
    assert match(incident(type="protest", title="Dock workers march in Port Vale",
                          actors=[{"ref": "dock-union", "role": "participant"}])) is None


def test_a_report_sharing_no_actor_still_matches_on_place_date_and_type():
    new = incident(actors=[], title="Fuel depot ablaze after overnight drone attack")
    found = match(new)
    assert found is not None and found.certain


def test_different_perpetrators_count_against_but_do_not_forbid_a_match():
    """Outlets attribute differently at first, and extraction misreads perpetrators most often."""
    same_day_same_site = incident(actors=[{"ref": "coast-guard", "role": "perpetrator"}])
    assert match(same_day_same_site).certain
    assert match(same_day_same_site).score < match(incident()).score
    assert any("different perpetrators" in r for r in match(same_day_same_site).reasons)
    weaker = incident(type="airstrike", date="2024-03-03", title="Coast guard fires on boats",
                      actors=[{"ref": "coast-guard", "role": "perpetrator"}])
    assert match(weaker) is None


def test_drafts_from_outlets_that_differ_in_type_day_place_precision_and_toll_are_one_incident():
    """The next day's report: a related type, a day later, the site instead of the city, one actor
    in another role, a higher toll, other words."""
    old = incident(id="old", casualties={"killed": {"best": 3}},
                   actors=[{"ref": "river-brigade", "role": "perpetrator"}, {"ref": "harbour-board", "role": "mentioned"}])
    new = incident(type="airstrike", date="2024-03-03", title="Toll from Port Vale depot strike climbs to five",
                   places=[{"ref": "dock-road", "role": "location"}], casualties={"killed": {"best": 5}},
                   actors=[{"ref": "harbour-board", "role": "spokesperson"}])
    found = match(new, old)
    assert found is not None and found.certain, found


def test_two_crashes_in_two_cities_of_one_country_on_one_day_are_two_incidents():
    old = incident(id="old", type="accident", title="Lorry hits minibus near Port Vale, six dead", actors=[],
                   casualties={"killed": {"best": 6}})
    new = incident(type="accident", title="Bus overturns near Ridgeton, six dead", actors=[],
                   places=[{"ref": "ridgeton", "role": "location"}], casualties={"killed": {"best": 6}})
    assert match(new, old) is None


def test_only_the_country_in_common_is_at_most_a_possible_duplicate():
    old = incident(id="old", type="accident", title="Footbridge falls into river at Port Vale fair", actors=[])
    new = incident(type="accident", title="Bridge gives way at a fair in Norland", actors=[],
                   places=[{"ref": "norland", "role": "location"}])
    found = match(new, old)
    assert found is not None and not found.certain
    assert any("only the country" in r for r in found.reasons)


def test_a_coarse_date_needs_a_shared_place_or_actor():
    found = match(incident(date="2024-03"))
    assert found is not None  # the month holds the day, and place and actor agree
    elsewhere = incident(date="2024-03", actors=[], places=[{"ref": "norland", "role": "location"}])
    assert match(elsewhere) is None  # a month, a country and a type are not an incident


def test_the_best_candidate_wins_and_each_known_incident_takes_one_draft_of_an_article():
    known = {"near": incident(id="near", places=[{"ref": "ridgeton", "role": "location"}]),
             "exact": incident(id="exact")}
    assert find_match(incident(), known, TREE, GROUPS).incident_id == "exact"
    drafts = {"main": incident(), "retold": incident(title="Drone attack on Port Vale")}
    found = match_all(drafts, {"exact": incident(id="exact")}, TREE, GROUPS)
    assert sorted(m.certain for m in found.values()) == [False, True]
    assert {m.incident_id for m in found.values()} == {"exact"}


# -- the evidence, one kind at a time ------------------------------------------------------------

def test_date_evidence_follows_the_precision_of_each_date():
    def points(a, b):
        found = date_evidence({"date": a}, {"date": b})
        return None if found is None else found.points

    assert points("2024-06-03", "2024-06-03") == RULES.same_day
    assert points("2024-06-03", "2024-06-04") == RULES.one_day_apart
    assert points("2024-06-03", "2024-06-05") == RULES.two_days_apart
    assert points("2024-06-03", "2024-06-06") is None
    assert points("2024-06", "2024-06-03") == RULES.compatible_coarse
    assert points("2024-05", "2024-06-02") == RULES.near_coarse
    assert points("2024-06-01/2024-06-04", "2024-06-03") == RULES.overlapping_span
    assert points("unknown", "2024-06-03") == 0 and date_evidence({"date": "unknown"}, {"date": "2024"}).blocks_certainty
    assert points({"before": "other-incident", "by": "days"}, "2024-06-03") == 0


def test_type_evidence():
    assert type_evidence({"type": "accident"}, {"type": "accident"}, GROUPS).points == RULES.same_type
    assert type_evidence({"type": "accident"}, {"type": "disaster"}, GROUPS).points == RULES.same_group
    assert type_evidence({"type": "other"}, {"type": "disaster"}, GROUPS).points == 0
    different = type_evidence({"type": "protest"}, {"type": "disaster"}, GROUPS)
    assert different.points < 0 and different.blocks_certainty


def test_place_evidence_weighs_how_specific_the_shared_place_is():
    def at(*places):
        return {"places": [{"ref": p, "role": "location"} for p in places]}

    assert place_evidence(at("dock-road"), at("dock-road"), TREE).points == RULES.same_place
    assert place_evidence(at("dock-road"), at("port-vale"), TREE).points == RULES.nested_place
    assert place_evidence(at("dock-road"), at("old-town"), TREE).points == RULES.near_place
    assert place_evidence(at("port-vale"), at("northland"), TREE).points == RULES.same_region
    assert place_evidence(at("port-vale"), at("norland"), TREE).points == RULES.same_country
    assert place_evidence(at("port-vale"), at("ridgeton"), TREE).points == RULES.different_places
    assert place_evidence(at("port-vale"), at("elsewhere"), TREE).points == RULES.different_areas
    # A country named beside the city says nothing more: Port Vale and Ridgeton still differ.
    assert place_evidence(at("port-vale", "norland"), at("ridgeton", "norland"), TREE).points == RULES.different_places
    # A bogus extra place (a dateline bureau) does not hide the place both name.
    assert place_evidence(at("ridgeton", "dock-road"), at("dock-road"), TREE).points == RULES.same_place
    assert place_evidence(at("dock-road"), {}, TREE).points == 0
    # Without kinds, a place with no parent is taken for a country.
    assert place_evidence(at("port-vale"), at("norland"), PlaceTree(PARENTS)).points == RULES.same_country


def test_actor_evidence():
    def named(*pairs):
        return {"actors": [{"ref": ref, "role": role} for ref, role in pairs]}

    assert actor_evidence(named(("a", "perpetrator")), named(("a", "target"))).points == RULES.shared_principal
    assert actor_evidence(named(("a", "mentioned")), named(("a", "spokesperson"))).points == RULES.shared_actor
    assert actor_evidence(named(("a", "perpetrator")), named(("b", "perpetrator"))).points == RULES.different_perpetrators
    # The other report names the first one's perpetrator, in another role: no contradiction.
    assert actor_evidence(named(("a", "perpetrator")), named(("b", "perpetrator"), ("a", "mentioned"))).points > 0
    assert actor_evidence(named(("a", "victim")), named()).points == 0
    # Most of the cast in common, whatever roles extraction gave them, pins an incident down.
    cast = actor_evidence(named(("a", "perpetrator"), ("b", "mentioned"), ("c", "spokesperson"), ("d", "mentioned")),
                          named(("a", "mentioned"), ("b", "target"), ("c", "mentioned"), ("e", "mentioned")))
    assert cast.points == RULES.shared_cast and cast.anchor
    few = actor_evidence(named(("a", "mentioned"), ("b", "mentioned"), ("c", "mentioned"), *((f"x{i}", "mentioned") for i in range(5))),
                         named(("a", "mentioned"), ("b", "mentioned"), ("c", "mentioned"), *((f"y{i}", "mentioned") for i in range(5))))
    assert few.points == RULES.shared_actor  # three of eight each: two casts that meet


def test_text_evidence():
    close = text_evidence({"title": "Seven dead as footbridge collapses in Coimbra"},
                          {"title": "Footbridge collapses in Coimbra, seven dead"})
    assert close.points == RULES.similar_text_points
    assert text_evidence({"title": "Seven dead as footbridge collapses"},
                         {"title": "Central bank raises its key rate"}).points == 0


def test_casualty_evidence_lets_a_toll_rise_but_not_jump():
    def toll(killed):
        return {"casualties": {"killed": {"best": killed}}}

    assert casualty_evidence(toll(5), toll(5)).points == RULES.same_toll
    assert casualty_evidence(toll(5), toll(9)).points == 0
    assert casualty_evidence(toll(5), toll(48)).points == RULES.far_toll
    assert casualty_evidence(toll(5), {}).points == 0


def test_missing_facts_fill_gaps_and_change_nothing_given():
    old = incident(date="2024-03", casualties={"killed": {"best": 3}})
    new = incident(date="2024-03-02", casualties={"killed": {"best": 5}, "injured": {"best": 9}},
                   places=[{"ref": "dock-road", "role": "location"}],
                   actors=[{"ref": "harbour-board", "role": "target"}])
    merged = missing_facts(old, new)
    assert merged["date"] == "2024-03-02"  # more precise, within the month it had
    assert merged["casualties"] == {"injured": {"best": 9}, "killed": {"best": 3}}  # its own toll kept
    # What the other report names is added after what this one had, which stays as it was.
    assert merged["places"] == old["places"] + [{"ref": "dock-road", "role": "location"}]
    assert merged["actors"] == old["actors"] + [{"ref": "harbour-board", "role": "target"}]
    again = missing_facts(merged, new)
    assert (again["places"], again["actors"]) == (merged["places"], merged["actors"])  # nothing twice
    assert missing_facts(incident(date="2024-03-02"), incident(date="2024-03"))["date"] == "2024-03-02"
    assert missing_facts(incident(date="2024-03-02"), incident(date="2024-03-03"))["date"] == "2024-03-02"


# -- which known incidents a new one is compared with ---------------------------------------------

def test_candidates_are_those_near_in_time_or_sharing_a_specific_place_or_an_actor():
    index = MatchIndex()
    for pid in PARENTS:
        index.add_place({"id": pid, "within": PARENTS[pid], "kind": KINDS.get(pid)})
    known = {
        "same-week": incident(id="same-week", date="2024-03-04", actors=[], places=[]),
        "later": incident(id="later", date="2024-03-09", actors=[], places=[{"ref": "ridgeton", "role": "location"}]),
        "undated-here": incident(id="undated-here", date="unknown", actors=[],
                                 places=[{"ref": "dock-road", "role": "location"}]),
        "undated-same-actor": incident(id="undated-same-actor", date="unknown", places=[]),
        "undated-same-country": incident(id="undated-same-country", date="unknown", actors=[],
                                         places=[{"ref": "norland", "role": "location"}]),
    }
    for incident_id, entry in known.items():
        index.add(incident_id, entry)
    new = incident(date="2024-03-02")
    assert index.candidates(new, index.tree()) == {"same-week", "undated-here", "undated-same-actor"}
    # Whatever is left out is what score could not match anyway.
    left_out = {i: e for i, e in known.items() if i not in index.candidates(new, index.tree())}
    assert find_match(new, left_out, index.tree(), GROUPS) is None
    index.remove("same-week", known["same-week"])
    assert "same-week" not in index.candidates(new, index.tree())
