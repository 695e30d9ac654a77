"""Search and timeline filters on the built fixture site: the index `make html` writes under
search/index/, and a real browser searching and filtering with no request leaving 127.0.0.1.

Expected results come from the fixture content itself (loaded with the site's own loader and
graph), never from a list of known answers. Browser tests are skipped only without Chromium.
How the index is built, ranked and sharded is tested on small hand-made sites in
test_search_index.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import sitegen
from support.browsing import axe_source, describe, run_axe
from support import needs_chromium, serve
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph
from chronicle.site.chart import period_keys
from chronicle.site.search import month_keys
from chronicle.core.dates import EventDate


@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    return fixture_site


@pytest.fixture(scope="module")
def graph():
    content, problems = load_content(sitegen.FIXTURE)
    assert problems == []
    return build_graph(content)


def type_label(graph, incident) -> str:
    return graph.types[incident.type].label


def incident_filters(graph, incident) -> dict[str, set[str]]:
    """What a reader should be able to filter this incident by, from the content."""
    places = set()
    for role in graph.incident_places[incident.id]:
        places |= {role.place.name} | {p.name for p in graph.place_parents.get(role.place.id, [])}
    date = graph.dates[incident.id]
    years = set(range(date.lower.year, (date.upper or date.lower).year + 1)) if date.lower else set()
    return {"type": {type_label(graph, incident)},
            "actor": {role.actor.name for role in graph.incident_actors[incident.id]},
            "place": places, "year": {str(y) for y in years}}


class BuiltIndex:
    """The index files of a built site, read back as a reader's browser would get them."""

    def __init__(self, site: Path):
        self.folder = site / "search" / "index"
        self.meta = self.read("meta.json")
        self.ids: list[tuple[str, str]] = []  # (kind, id) by doc number
        for kind, count, _url in self.meta["kinds"]:
            start = len(self.ids)
            self.ids += [(kind, self.record(n)[0]) for n in range(start, start + count)]

    def read(self, rel: str):
        return json.loads((self.folder / rel).read_text("utf-8"))

    def record(self, doc: int) -> list:
        return self.read(f"docs/{doc // self.meta['chunk']}.json")[doc % self.meta["chunk"]]

    def filter_docs(self, name: str, value: str) -> set[int]:
        file = {v: f for v, _count, f in self.meta["filters"][name]}[value]
        numbers, doc = set(), 0
        for gap in self.read(f"filters/{name}-{file}.json")[value]:
            doc += gap
            numbers.add(doc)
        return numbers


@pytest.fixture(scope="module")
def index(site) -> BuiltIndex:
    return BuiltIndex(site)


# -- the index (no browser) ---------------------------------------------------------------------

def test_the_index_holds_every_incident_actor_and_place_and_nothing_else(index, graph, site):
    content = graph.content
    assert [count for _kind, count, _url in index.meta["kinds"]] == \
        [len(content.incidents), len(content.actors), len(content.places)]
    kinds = [kind for kind, _id in index.ids]
    assert kinds == sorted(kinds, key=["Incident", "Actor", "Place"].index)
    assert {i for k, i in index.ids if k == "Incident"} == set(content.incidents)
    assert {i for k, i in index.ids if k == "Actor"} == set(content.actors)
    assert {i for k, i in index.ids if k == "Place"} == set(content.places)
    urls = {kind: url for kind, _count, url in index.meta["kinds"]}
    for kind, doc_id in index.ids:  # every result leads to a page the build wrote
        assert (site / urls[kind].replace("{id}", doc_id) / "index.html").is_file()


def test_incidents_are_numbered_newest_first_undated_last(index, graph):
    keys = [graph.dates[i].sort_key() for k, i in index.ids if k == "Incident"]
    dated = [key for key in keys if key[0] == 0]
    assert keys[:len(dated)] == dated == sorted(dated, reverse=True)


def test_records_show_title_date_and_type_of_each_incident(index, graph):
    for doc, (kind, doc_id) in enumerate(index.ids):
        record = index.record(doc)
        label = index.meta["labels"][record[2]]
        if kind == "Incident":
            incident = graph.content.incidents[doc_id]
            assert record[1] == incident.title and label == type_label(graph, incident)
            assert record[3] == incident.date.label()
            words = incident.summary.split()
            assert record[4].startswith(words[0].strip("*")) if words else record[4] == ""
        else:
            entity = (graph.content.actors if kind == "Actor" else graph.content.places)[doc_id]
            assert record[1] == entity.name and label == entity.kind.capitalize() and record[3] == ""


def test_filters_equal_what_the_content_says(index, graph):
    number = {doc_id: n for n, (_kind, doc_id) in enumerate(index.ids)}
    last = (graph.months[-1].year, graph.months[-1].month)
    expected: dict[tuple[str, str], set[int]] = defaultdict(set)
    for incident in graph.incidents:
        for name, values in incident_filters(graph, incident).items():
            for value in values:
                expected[(name, value)].add(number[incident.id])
        for month in month_keys(graph.dates[incident.id], last):
            expected[("month", month)].add(number[incident.id])
        for period in period_keys(graph.dates[incident.id]):  # the visual timeline's bars
            expected[("period", period)].add(number[incident.id])
    listed = {(name, value): count for name, values in index.meta["filters"].items() for value, count, _f in values}
    assert set(listed) == set(expected)
    for (name, value), docs in expected.items():
        assert index.filter_docs(name, value) == docs, (name, value)
        assert listed[(name, value)] == len(docs)


def test_no_page_carries_search_markup_any_more(site):
    for page in site.rglob("*.html"):
        assert "data-pagefind" not in page.read_text("utf-8"), page
    assert not (site / "pagefind").exists()


def test_search_page_is_linked_and_says_what_to_do_without_javascript(site):
    html = (site / "search" / "index.html").read_text("utf-8")
    assert re.search(r'<form class="finder" id="search"[^>]*\bhidden\b', html, re.S)
    notice = re.search(r"<p class=\"notice\" data-without-js>(.*?)</p>", html, re.S).group(1)
    assert "Search needs JavaScript" in notice
    for href in ('href="../"', 'href="../actors/"', 'href="../places/"', 'href="../types/"'):
        assert href in notice
    assert "<loc>/search/</loc>" in (site / "sitemap.xml").read_text("utf-8")
    assert '<a href="./search/">Search</a>' in (site / "index.html").read_text("utf-8")


def test_timeline_filter_form_is_hidden_in_the_html(site):
    html = (site / "index.html").read_text("utf-8")
    panel = re.search(r'<details class="filter-panel" data-finder-panel hidden>(.*?)</details>', html, re.S)
    assert panel, "the filter panel must be hidden until the script shows it"
    for name in ("type", "actor", "place", "from", "to"):
        assert f'name="{name}"' in panel.group(1), name
    assert '<div id="latest">' in html  # the plain list the filter results stand in for


def test_month_keys_cover_every_month_a_date_overlaps():
    day = EventDate("edtf", "2024-03-05", "day", dt.date(2024, 3, 5), dt.date(2024, 3, 5))
    assert month_keys(day, (2025, 1)) == ["2024-03"]
    year = EventDate("edtf", "2023", "year", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert month_keys(year, (2025, 1)) == [f"2023-{m:02d}" for m in range(1, 13)]
    span = EventDate("edtf", "2023-11-20/2024-02-02", "range", dt.date(2023, 11, 20), dt.date(2024, 2, 2))
    assert month_keys(span, (2025, 1)) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    open_ended = EventDate("edtf", "2024-11-15/..", "range", dt.date(2024, 11, 15), None)
    assert month_keys(open_ended, (2025, 2)) == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert month_keys(EventDate("unknown", "", "unknown"), (2025, 2)) == []


# -- in a browser -------------------------------------------------------------------------------

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


class Guarded:
    """A browser context whose every request is checked: anything not local is recorded and refused."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.seen: list[str] = []
        self.foreign: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        url = route.request.url
        self.seen.append(url)
        if urlsplit(url).hostname not in LOCAL_HOSTS:
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()

    def close(self):
        self.context.close()
        assert self.foreign == [], f"requests left 127.0.0.1: {self.foreign}"


def result_hrefs(page, list_id: str) -> list[str]:
    return page.eval_on_selector_all(f"#{list_id} ol a", "links => links.map(a => a.getAttribute('href'))")


def distinctive_title_word(graph):
    """An incident and a word of its title that no other incident's title has."""
    words = {i.id: set(re.findall(r"[A-Za-z]{5,}", i.title.lower())) for i in graph.incidents}
    for incident in sorted(graph.incidents, key=lambda i: i.id):
        others = set().union(*(w for other, w in words.items() if other != incident.id))
        unique = sorted(words[incident.id] - others)
        if unique:
            return incident, unique[0]
    pytest.fail("no incident title has a word of its own")


def wait_for_status(page, selector: str):
    page.wait_for_function("sel => document.querySelector(sel).textContent.trim() !== ''", arg=selector)


@needs_chromium
def test_search_finds_an_incident_by_a_word_of_its_title(browser, base_url, graph):
    incident, word = distinctive_title_word(graph)
    guarded = Guarded(browser, viewport={"width": 1280, "height": 900})
    page = guarded.page
    page.goto(base_url + "search/")
    page.fill("#search-q", word)
    page.wait_for_selector("#search-results li")
    hrefs = result_hrefs(page, "search-results")
    assert hrefs[0] == f"../incidents/{incident.id}/", (word, hrefs)
    first = page.locator("#search-results li").first
    meta = first.locator(".entry-meta").inner_text()
    assert "Incident" in meta and type_label(graph, incident) in meta
    assert first.locator("mark").count() >= 1  # the matched word is highlighted
    assert "q=" + word in page.url  # the search can be linked to and reloaded
    page.reload()
    page.wait_for_selector("#search-results li")
    assert result_hrefs(page, "search-results")[0] == hrefs[0]
    # The guard saw the index's own fetches (terms and records), so it did watch the search.
    assert any("/search/index/docs/" in url for url in guarded.seen)
    assert any("/search/index/terms/" in url for url in guarded.seen)
    guarded.close()


@needs_chromium
def test_type_filter_on_the_search_page_gives_only_that_type(browser, base_url, graph):
    counts = defaultdict(set)
    for incident in graph.incidents:
        counts[type_label(graph, incident)].add(incident.id)
    label, ids = max(sorted(counts.items()), key=lambda item: len(item[1]))
    guarded = Guarded(browser, viewport={"width": 1280, "height": 900})
    page = guarded.page
    page.goto(base_url + "search/")
    page.wait_for_selector("#search-type option:nth-child(2)", state="attached")
    page.select_option("#search-type", label)
    page.wait_for_selector("#search-results li")
    hrefs = result_hrefs(page, "search-results")
    assert sorted(hrefs) == sorted(f"../incidents/{i}/" for i in ids)
    # Newest first, undated last, as on the timeline.
    order = [graph.dates[h.split("/")[-2]].sort_key() for h in hrefs]
    dated = [k for k in order if k[0] == 0]
    assert dated == sorted(dated, reverse=True) and order[:len(dated)] == dated
    guarded.close()


def expected_timeline(graph, actor_name: str, start: str, end: str) -> set[str]:
    keep = set()
    last = (graph.months[-1].year, graph.months[-1].month)
    for incident in graph.incidents:
        names = {role.actor.name for role in graph.incident_actors[incident.id]}
        months = month_keys(graph.dates[incident.id], last)
        if actor_name in names and any(start <= m <= end for m in months):
            keep.add(incident.id)
    return keep


@needs_chromium
def test_timeline_filter_by_actor_and_months_with_the_keyboard(browser, base_url, graph):
    appearances = {a: len(v) for a, v in graph.actor_incidents.items()}
    actor = graph.content.actors[max(sorted(appearances), key=appearances.get)]
    months = sorted({f"{g.year:04d}-{g.month:02d}" for g in graph.months})
    start, end = months[len(months) // 2], months[-1]
    expected = expected_timeline(graph, actor.name, start, end)
    assert expected and len(expected) < len(graph.actor_incidents[actor.id])  # the range must matter

    guarded = Guarded(browser, viewport={"width": 375, "height": 800})
    page = guarded.page
    page.goto(base_url)
    summary = page.locator(".filter-panel summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the panel, which loads the index
    page.wait_for_selector("#timeline-filter-actor option:nth-child(2)", state="attached")
    for field, value in (("actor", actor.name), ("from", start), ("to", end)):
        page.focus(f"#timeline-filter-{field}")
        page.select_option(f"#timeline-filter-{field}", value)
    page.focus("#timeline-filter button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#timeline-filter-results li').length === n",
                           arg=len(expected))
    hrefs = result_hrefs(page, "timeline-filter-results")
    assert {h.split("/")[-2] for h in hrefs} == expected
    assert page.locator("#latest").is_hidden()
    wait_for_status(page, "#timeline-filter-status")
    assert str(len(expected)) in page.inner_text("#timeline-filter-status")
    # Clear brings the plain timeline back.
    page.focus("#timeline-filter button[type=reset]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#latest", state="visible")
    assert page.locator("#timeline-filter-results").is_hidden()
    guarded.close()


@needs_chromium
def test_without_javascript_the_archives_are_the_way_in(browser, base_url):
    guarded = Guarded(browser, java_script_enabled=False)
    page = guarded.page
    page.goto(base_url + "search/")
    assert page.locator("[data-without-js]").is_visible()
    assert page.locator("form.finder").is_hidden()
    page.goto(base_url)
    assert page.locator(".filter-panel").is_hidden()
    assert page.locator("#latest").is_visible()
    guarded.close()


@needs_chromium
def test_when_the_index_cannot_load_the_page_says_so_and_links_the_archives(browser, base_url):
    guarded = Guarded(browser)
    guarded.context.route("**/search/index/meta.json*", lambda route: route.abort())  # tried before the guard
    page = guarded.page
    page.goto(base_url + "search/")
    wait_for_status(page, "#search-status")
    assert "could not load" in page.inner_text("#search-status")
    assert page.locator("[data-without-js]").is_visible()
    assert page.locator("[data-without-js] a").count() >= 4
    guarded.close()


@needs_chromium
def test_search_works_from_the_keyboard_alone(browser, base_url, graph):
    incident, word = distinctive_title_word(graph)
    guarded = Guarded(browser, viewport={"width": 1280, "height": 900})
    page = guarded.page
    page.goto(base_url + "search/")
    page.wait_for_selector("#search-type option:nth-child(2)", state="attached")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results li")
    for _ in range(30):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        if href and href.startswith("../incidents/"):
            break
    assert href == f"../incidents/{incident.id}/"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/incidents/{incident.id}/")
    guarded.close()


# -- accessibility of the working search and filter ----------------------------------------------

@pytest.fixture(scope="module")
def axe_script() -> str:
    return axe_source()


@needs_chromium
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_and_filter_are_axe_clean_with_results(browser, base_url, graph, axe_script, scheme, width):
    _, word = distinctive_title_word(graph)
    guarded = Guarded(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = guarded.page
    report = []
    page.goto(base_url + "search/?q=" + word)
    page.wait_for_selector("#search-results li")
    report += describe(f"search [{scheme}, {width}px]", run_axe(page, axe_script))
    page.goto(base_url + "?type=" + type_label(graph, graph.incidents[0]))
    page.wait_for_selector("#timeline-filter-results li")
    report += describe(f"timeline filter [{scheme}, {width}px]", run_axe(page, axe_script))
    for url in ("search/", ""):
        page.goto(base_url + url)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            report.append(f"/{url} [{scheme}, {width}px]: page is {scroll}px wide")
    guarded.close()
    assert not report, "axe-core found WCAG 2.2 A/AA violations:\n" + "\n".join(report)


@needs_chromium
def test_hostile_text_stays_text_in_search_results(browser, tmp_path):
    hostile = "Zanzibarite <img src=x onerror=window.pwned=1> <b>bold</b> &amp; co"
    content = sitegen.copy_fixture(tmp_path / "content")
    (content / "events" / "hostile-search.yaml").write_text(
        "id: hostile-search\n"
        f"title: {hostile!r}\n"
        "date: 2024-01-26\n"
        "type: attack\n"
        "status: draft\n"
        f"summary: {('Zanzibarite summary ' + hostile)!r}\n"
        "sources: []\n", encoding="utf-8")
    out = tmp_path / "out"
    sitegen.built(content, out)
    with serve(out) as url:
        guarded = Guarded(browser)
        page = guarded.page
        page.goto(url + "search/?q=zanzibarite")
        page.wait_for_selector("#search-results li")
        results = page.locator("#search-results")
        assert results.locator("img, b, script").count() == 0
        assert hostile in results.locator(".entry-title").first.inner_text()
        assert "<img src=x" in results.locator(".excerpt").first.inner_text()
        assert page.evaluate("window.pwned") is None
        guarded.close()
