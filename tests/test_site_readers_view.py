"""What readers see on the pages, checked on the fixture content through the site's own loader,
graph and page builders (no Pelican run): relation wording, co-actors by side, the actors index,
search by alias, the incident page's parts, the timeline chart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import sitegen
from chronicle import pages
from chronicle.content import load_content
from chronicle.graph import build_graph, side_between
from chronicle.search import site_docs, tokens

SCHEMAS = Path(pages.__file__).parent / "schemas"


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
