"""Merging end to end: reports of one incident by different outlets, extracted one after another
into one content/, give one incident with a source each (or a possible duplicate, flagged), and
what a seed newly says about an entry an editor has changed becomes a proposal.

The articles in tests/ingest/articles/merge/ were written for these tests (invented outlets, our
own words). The merge decisions themselves are tested in tests/extract/test_merge.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from chronicle.ingest.pipeline import _RunState, build_proposal, extract_seeds, said_digests
from support.seeds import ARTICLES, incident, new_content

MERGE_ARTICLES = ARTICLES / "merge"


def _extract_one_by_one(content: Path, *names: str) -> list:
    return [extract_seeds([MERGE_ARTICLES / name], content) for name in names]


def _events(content: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted((content / "events").glob("*.yaml"))]


def _place_refs(entry: dict) -> set[str]:
    return {p["ref"] for p in entry.get("places") or []}


def test_three_outlets_reporting_one_collapse_give_one_incident_with_three_sources(tmp_path):
    """A wire report with a header and dateline, a scraped page with its furniture and no header,
    and the next day's follow-up with a higher toll."""
    content = new_content(tmp_path / "content")
    seeds = ("bridge_wire.txt", "bridge_scraped.txt", "bridge_followup.txt")
    reports = _extract_one_by_one(content, *seeds)
    assert [len(r.sources_added) for r in reports] == [0, 1, 1]
    at_coimbra = [e for e in _events(content) if "coimbra" in _place_refs(e)]
    assert len(at_coimbra) == 1, [e["id"] for e in _events(content)]
    (bridge,) = at_coimbra
    assert [s["seed"] for s in bridge["sources"]] == list(seeds)
    assert bridge["date"] == "2025-09-13"
    # Nothing else of this run is dated that day without being flagged as maybe the same.
    for other in _events(content):
        if other["id"] != bridge["id"] and other["date"] == "2025-09-13":
            assert [n["ref"] for n in other.get("notes", []) if n["kind"] == "possible-duplicate-of"] == [bridge["id"]], other
    # Extracting them again changes nothing.
    again = extract_seeds([MERGE_ARTICLES / s for s in seeds], content, only_new=False)
    assert again.sources_added == [] and again.created == [] and again.updated == []


def test_two_road_crashes_in_one_country_on_one_day_stay_apart(tmp_path):
    content = new_content(tmp_path / "content")
    reports = _extract_one_by_one(content, "crash_north.txt", "crash_south.txt")
    assert all(r.sources_added == [] and r.possible_duplicates == [] for r in reports)
    events = _events(content)
    assert {e["date"] for e in events} == {"2025-03-10"}
    assert len(events) == 2 and all(len(e["sources"]) == 1 for e in events)


def test_a_report_naming_only_the_country_is_flagged_not_merged(tmp_path):
    content = new_content(tmp_path / "content")
    first, second = _extract_one_by_one(content, "bridge_wire.txt", "bridge_country_only.txt")
    (known,) = _events(content)[:0] or [e for e in _events(content) if e["sources"][0]["seed"] == "bridge_wire.txt"]
    assert second.sources_added == [] and len(second.possible_duplicates) == 1
    (flagged,) = [e for e in _events(content) if e["sources"][0]["seed"] == "bridge_country_only.txt"]
    (note,) = flagged["notes"]
    assert note["kind"] == "possible-duplicate-of" and note["ref"] == known["id"]
    assert "only the country is shared" in note["text"]
    assert [s["seed"] for s in known["sources"]] == ["bridge_wire.txt"]


def test_run_state_candidates_include_an_incident_sharing_no_actor(tmp_path):
    content = new_content(tmp_path / "content")
    _extract_one_by_one(content, "bridge_wire.txt")
    state = _RunState.load(content)
    (known,) = state.events.values()
    assert not known.get("actors")  # nothing to look it up by but its day and its place
    report = incident(date="2025-09-14", type="accident", actors=[], places=[])
    assert set(state.match_candidates([report], "new.txt")) == {known["id"]}
    assert state.match_candidates([report], "bridge_wire.txt") == {}  # an article never matches its own


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
