"""The site graph and the rendering helpers, without running Pelican."""

from __future__ import annotations

import json

import pytest

from support import sitegen
from chronicle.core.settings import Settings
from chronicle.site import pages, render
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph
from chronicle.core.model import Figure


@pytest.fixture(scope="module")
def graph():
    content, problems = load_content(sitegen.FIXTURE)
    assert problems == []
    return build_graph(content)


def test_incidents_are_chronological_with_unknown_last(graph):
    assert [i.id for i in graph.incidents] == [
        "clashes-near-varno", "kessel-port-strike", "alf-commanders-meet", "relief-convoy-gulf",
        "alf-drone-attack-kessel-terminal", "naf-airstrikes-lower-aster", "ceasefire-talks",
        "terminal-fire-report"]
    assert [i.id for i in graph.undated] == ["terminal-fire-report"]


def test_relative_dates_are_ordered_by_their_anchor(graph):
    resolved = graph.dates["alf-commanders-meet"]
    assert resolved.lower < graph.dates["alf-drone-attack-kessel-terminal"].lower
    assert graph.content.incidents["alf-commanders-meet"].date.label() == "A few days before"


def test_months_group_dated_incidents(graph):
    assert [(g.year, g.month, len(g.incidents)) for g in graph.months] == [(2023, 10, 1), (2024, 1, 5), (2024, 2, 1)]
    assert graph.years == [2023, 2024]


def test_places_collect_incidents_from_places_within(graph):
    ids = [a.incident.id for a in graph.place_incidents["lower-aster"]]
    assert "alf-drone-attack-kessel-terminal" in ids and "clashes-near-varno" in ids
    assert len(ids) == len(set(ids))
    assert [p.id for p in graph.place_parents["kessel-grain-terminal"]] == ["kessel", "lower-aster", "northmark"]
    assert [p.id for p in graph.place_children["lower-aster"]] == ["kessel", "varno"]


def test_actor_co_actors_and_aliases(graph):
    appearances = graph.actor_incidents["aster-liberation-front"]
    assert [a.incident.id for a in appearances][0] == "clashes-near-varno"
    roles = {a.incident.id: a.roles for a in appearances}
    assert roles["naf-airstrikes-lower-aster"] == ("target",)  # referenced by alias "Aster Front"
    co = [(a.id, n) for a, n in graph.co_actors["aster-liberation-front"]]
    assert co[0] == ("dana-korvel", 2) and ("northmark-armed-forces", 2) in co


def test_related_links_both_ways(graph):
    back = [(l.label, l.incident.id) for l in graph.related["alf-drone-attack-kessel-terminal"]]
    assert ("Answered by", "naf-airstrikes-lower-aster") in back
    assert ("Includes", "terminal-fire-report") in back
    assert ("Followed by", "kessel-port-strike") in back


@pytest.mark.parametrize("url, ok", [
    ("https://example.com/x", True), ("http://example.com", True), ("HTTPS://EXAMPLE.COM", True),
    ("javascript:alert(1)", False), (" javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,x", False), ("//example.com", False),
    ("/relative", False), ("https://", False), (None, False), ("", False),
])
def test_safe_url(url, ok):
    assert (render.safe_url(url) is not None) is ok


def test_markdown_escapes_html_and_drops_unsafe_links():
    html = str(render.markdown("<b>x</b> [a](javascript:alert(1)) [b](https://e.com) ![i](https://e.com/i.png)"))
    assert "&lt;b&gt;" in html and 'href="https://e.com"' in html
    assert "javascript" not in html.split("[a](")[0] and "<img" not in html


def test_json_ld_escapes_script_breakers():
    text = str(render.json_ld({"name": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><!-- & \u2028"


@pytest.mark.parametrize("figure, text", [
    (Figure(3, 4, 6), "3–6 (best estimate 4)"), (Figure(7, None, 12), "7–12"), (Figure(None, 11, None), "11"),
    (Figure(2, None, None), "at least 2"), (Figure(None, None, 9), "up to 9"), (Figure(5, 5, 5), "5"),
])
def test_casualty_figures(figure, text):
    assert pages.figure_text(figure) == text


def test_url_scheme():
    assert pages.incident_url("x") == "incidents/x/"
    assert pages.month_url(2024, 1) == "timeline/2024/01/"
    assert pages.month_url(2024, 1, 3) == "timeline/2024/01/page/3/"
    assert pages.root_prefix("") == "./" and pages.root_prefix("timeline/2024/01/") == "../../../"
    assert pages.output_file("") == "index.html" and pages.output_file("actors/") == "actors/index.html"


def test_ten_thousand_incidents_make_a_complete_graph():
    """Scale smoke (speed is measured by make bench, not here)."""
    graph = build_graph(sitegen.synthetic_content(10_000))
    assert len(graph.incidents) == 10_000
    assert sum(len(a) for a in graph.actor_incidents.values()) >= 10_000


def test_ten_thousand_incidents_give_a_page_each():
    graph = build_graph(sitegen.synthetic_content(10_000))
    count = sum(1 for _ in pages.all_pages(graph, Settings(timeline_recent=100)))
    assert count > 10_000


def test_big_months_are_paginated():
    import dataclasses

    from chronicle.site.pages import month_pages
    from chronicle.core.dates import parse_edtf_text

    content = sitegen.synthetic_content(450)
    content.incidents = {iid: dataclasses.replace(i, date=parse_edtf_text(f"2024-01-{(n % 28) + 1:02d}"))
                         for n, (iid, i) in enumerate(content.incidents.items())}
    graph = build_graph(content)
    month = list(month_pages(graph, pages.build_entries(graph)))
    assert [p.url for p in month] == ["timeline/2024/01/", "timeline/2024/01/page/2/", "timeline/2024/01/page/3/"]
    assert [len(p.context["entries"]) for p in month] == [200, 200, 50]
