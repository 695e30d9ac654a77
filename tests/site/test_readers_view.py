"""What readers see on the pages, checked on the fixture content through the site's own loader,
graph and page builders (no Pelican run): relation wording, co-actors by side, the actors index,
search by alias, the incident page's parts, the timeline chart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support import sitegen
from chronicle.site import pages
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph, side_between
from chronicle.site.search import site_docs, tokens

SCHEMAS = Path(pages.__file__).parents[1] / "schemas"


@pytest.fixture(scope="module")
def graph():
    content, problems = load_content(sitegen.FIXTURE)
    assert problems == []
    return build_graph(content)


def test_every_affiliation_reads_as_english_both_ways():
    schema = json.loads((SCHEMAS / "actor.schema.json").read_text())
    relations = schema["properties"]["affiliations"]["items"]["properties"]["relation"]["enum"]
    for relation in relations:
        own, other = pages.affiliation_words(relation)
        assert own[0].isupper() and "-" not in own
        # "X is leads Y", "X is member of Y" were the old readings.
        assert not other.startswith("is leads") and other != "is member of" and "-" not in other
    assert pages.affiliation_words("member-of")[1] == "is a member of"
    assert pages.affiliation_words("leads")[1] == "leads"


def test_co_actors_are_split_by_the_side_they_were_on(graph):
    assert side_between({"perpetrator"}, {"target"}) == "against"
    assert side_between({"perpetrator"}, {"perpetrator", "spokesperson"}) == "with"
    assert side_between({"victim"}, {"target"}) == "with"
    assert side_between({"participant"}, {"perpetrator"}) == "other"
    sides = graph.co_actor_sides["northmark-armed-forces"]
    # The airstrikes: the armed forces as perpetrator, the ALF (by its alias) as target.
    against = {a.id for a, _ in sides.get("against", [])}
    assert "aster-liberation-front" in against
    assert "aster-liberation-front" not in {a.id for a, _ in sides.get("with", [])}
    # Every co-actor counted overall is counted on some side, with the same total.
    overall = dict((a.id, n) for a, n in graph.co_actors["northmark-armed-forces"])
    split: dict[str, int] = {}
    for items in sides.values():
        for a, n in items:
            split[a.id] = split.get(a.id, 0) + n
    assert split == overall


def test_actors_in_no_incident_are_listed_apart(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(sitegen.FIXTURE, root)
    (root / "actors" / "quiet-observer.yaml").write_text(
        "id: quiet-observer\nname: Quiet Observer Mission\nkind: international organisation\n")
    content, problems = load_content(root)
    assert problems == []
    page = pages.actors_index_page(build_graph(content))
    listed = {a.id for _kind, items in page.context["groups"] for a, _n in items}
    assert "quiet-observer" not in listed and all(n > 0 for _k, items in page.context["groups"] for _a, n in items)
    assert [a.id for a in page.context["idle"]] == ["quiet-observer"]
    assert page.context["total"] == len(listed)


def test_home_says_all_when_every_incident_is_shown(graph):
    entries = pages.build_entries(graph)
    everything = pages.home_page(graph, entries, 100, "").context
    assert everything["all_shown"] and everything["shown"] == len(graph.incidents) - len(graph.undated)
    some = pages.home_page(graph, entries, 2, "").context
    assert not some["all_shown"] and some["shown"] == 2


def test_an_incident_is_found_by_any_alias_of_its_actors(graph):
    docs = {doc.id: doc for doc in site_docs(graph)}
    for incident in graph.incidents:
        words = {w for name in docs[incident.id].names for w in tokens(name)}
        for role in graph.incident_actors[incident.id]:
            for alias in role.actor.aliases:
                assert set(tokens(alias)) <= words, (incident.id, alias)


def incident_context(graph, incident_id: str) -> dict:
    entries = pages.build_entries(graph)
    return pages.incident_page(graph.content.incidents[incident_id], graph, entries, "").context


def test_incident_actors_are_grouped_by_role_in_a_fixed_order(graph):
    headings = [heading for _, heading in pages.ROLE_HEADINGS]
    for incident in graph.incidents:
        groups = incident_context(graph, incident.id)["actors"]
        shown = [h for h, _ in groups]
        assert shown == sorted(shown, key=headings.index)
        assert sum(len(actors) for _, actors in groups) == len(graph.incident_actors[incident.id])


def test_casualties_put_killed_first_and_speak_of_ranges_only_for_ranges():
    from chronicle.core.model import Figure
    rows = pages.casualty_rows({"injured": Figure(best=4), "arrested": Figure(best=1), "killed": Figure(low=2, high=5)})
    assert [label for label, _ in rows] == ["Killed", "Injured", "Arrested"]
    assert rows[0][1] == "2–5" and rows[1][1] == "4"
    assert pages.has_range(Figure(low=2, high=5)) and not pages.has_range(Figure(low=3, high=3))
    assert not pages.has_range(Figure(best=7))


def test_previous_and_next_follow_time_order(graph):
    dated = [i for i in graph.incidents if graph.dates[i.id].known]
    for n, incident in enumerate(dated):
        context = incident_context(graph, incident.id)
        assert (context["previous"].id if context["previous"] else None) == (dated[n - 1].id if n else None)
        assert (context["next"].id if context["next"] else None) == (dated[n + 1].id if n + 1 < len(dated) else None)
    for incident in graph.undated:
        context = incident_context(graph, incident.id)
        assert context["previous"] is None and context["next"] is None


def test_sources_that_only_mention_an_incident_are_set_apart(graph):
    from dataclasses import replace
    from chronicle.core.model import EvidenceItem, Source
    incident = graph.content.incidents["alf-drone-attack-kessel-terminal"]
    other = graph.content.incidents["ceasefire-talks"]
    # One article: its headline is about the talks, and it names the drone attack in passing.
    headline = Source("Weekly Digest", "Talks open in Saren", "https://digest.example/talks", "2024-02-01",
                      "900_digest.txt", (EvidenceItem("title", "Talks open in Saren", 1),))
    passing = replace(headline, evidence=(EvidenceItem("date", "Last month's drone attack on the terminal ...", 4),))
    changed = {incident.id: replace(incident, sources=(passing, *incident.sources)),
               other.id: replace(other, sources=(*other.sources, headline))}
    content = replace(graph.content, incidents={**graph.content.incidents, **changed})
    mixed = build_graph(content)
    context = incident_context(mixed, incident.id)
    assert [s.publisher for s in context["mentions"]] == ["Weekly Digest"]
    assert [s.publisher for s in context["sources"]] == [s.publisher for s in incident.sources]
    numbers = [s.number for s in (*context["sources"], *context["mentions"])]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {e.number for e in context["evidence"]} <= set(numbers)
    # Where the article is about the incident, it is a report, not a mention.
    assert [s.publisher for s in incident_context(mixed, other.id)["mentions"]] == []
    assert incident_context(graph, incident.id)["mentions"] == []
