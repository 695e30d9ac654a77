"""Search and timeline filters: the Pagefind index `make html` writes, the markup it reads, and a
real browser searching and filtering the built site with no request leaving 127.0.0.1.

Expected results come from the fixture content itself (loaded with the site's own loader and
graph), never from a list of known answers. Browser tests are skipped only without Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import sitegen
from browsing import axe_source, describe, run_axe
from conftest import needs_chromium, serve
from chronicle.content import load_content
from chronicle.graph import build_graph
from chronicle.search import month_keys
from chronicle.search_index import cbor_decode, cbor_encode, read_pagefind_file
from chronicle.when import EventDate


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
    return {"kind": {"Incident"}, "type": {type_label(graph, incident)},
            "actor": {role.actor.name for role in graph.incident_actors[incident.id]},
            "place": places, "year": {str(y) for y in years}}


class SearchMarkup(HTMLParser):
    """Collects the data-pagefind-* markup of a page the way Pagefind reads it."""

    def __init__(self):
        super().__init__()
        self.body_tags: list[str] = []
        self.filters: dict[str, set[str]] = defaultdict(set)
        self.meta: dict[str, str] = {}
        self.sort: dict[str, str] = {}
        self._open: tuple[str, str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-pagefind-body" in attrs:
            self.body_tags.append(tag)
        for kind in ("filter", "meta", "sort"):
            if f"data-pagefind-{kind}" in attrs:
                self._open = (kind, attrs[f"data-pagefind-{kind}"])
                self.text = []

    def handle_data(self, data):
        if self._open:
            self.text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == "span":
            kind, key = self._open
            value = "".join(self.text).strip()
            {"filter": lambda: self.filters[key].add(value), "meta": lambda: self.meta.__setitem__(key, value),
             "sort": lambda: self.sort.__setitem__(key, value)}[kind]()
            self._open = None


def markup(site: Path, url: str) -> SearchMarkup:
    parser = SearchMarkup()
    parser.feed((site / url / "index.html").read_text("utf-8") if url.endswith("/") or not url
                else (site / url).read_text("utf-8"))
    return parser


# -- the index and its markup (no browser) ------------------------------------------------------

def test_make_html_writes_a_pagefind_index_of_entry_pages_only(site, graph):
    import json
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    content = graph.content
    pages = len(content.incidents) + len(content.actors) + len(content.places)
    assert entry["languages"]["en"]["page_count"] == pages
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"):
        assert (site / "pagefind" / name).is_file(), name


def test_incident_pages_carry_filters_meta_and_sort_key(site, graph):
    for incident in graph.incidents:
        page = markup(site, f"incidents/{incident.id}/")
        assert page.body_tags == ["main"], incident.id
        expected = incident_filters(graph, incident)
        got = {key: values for key, values in page.filters.items() if key != "month"}
        assert got == {k: v for k, v in expected.items() if v}, incident.id
        assert page.meta["title"] == incident.title
        assert page.meta["kind"] == "Incident" and page.meta["type"] == type_label(graph, incident)
        assert page.meta["date"]  # the label readers see, e.g. "23 January 2024" or "Date unknown"
        date = graph.dates[incident.id]
        assert page.sort["date"] == (date.lower.isoformat() if date.lower else "0000-00-00")
        months = page.filters.get("month", set())
        if date.lower:
            assert f"{date.lower.year:04d}-{date.lower.month:02d}" in months
        else:
            assert months == set()


def test_actor_and_place_pages_are_indexed_as_such(site, graph):
    for actor in graph.content.actors.values():
        page = markup(site, f"actors/{actor.id}/")
        assert page.body_tags == ["main"] and dict(page.filters) == {"kind": {"Actor"}}
        assert page.meta["title"] == actor.name
    for place in graph.content.places.values():
        page = markup(site, f"places/{place.id}/")
        assert page.body_tags == ["main"] and dict(page.filters) == {"kind": {"Place"}}


def test_lists_and_archives_are_left_out_of_the_index(site):
    for url in ("", "timeline/2024/", "timeline/2024/01/", "actors/", "places/", "types/", "search/", "404.html"):
        assert markup(site, url).body_tags == [], url


def test_navigation_and_footer_are_outside_the_indexed_part(site, graph):
    html = (site / "incidents" / graph.incidents[0].id / "index.html").read_text("utf-8")
    body_start = html.index("<main")
    assert body_start > html.index('<nav aria-label="Main">')
    assert html.index("</main>") < html.index('<footer class="site-footer">')


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


def test_cbor_codec_round_trips_what_pagefind_writes(site):
    files = sorted((site / "pagefind" / "filter").glob("*.pf_filter")) + sorted((site / "pagefind").glob("*.pf_meta"))
    assert files
    for path in files:
        read_pagefind_file(path)  # raises unless decode -> encode gives back the same bytes
    value = ["kind", [["Ä actor, with comma", [0, 23, 24, 255, 256, 65536]], -1, -25, b"raw"], {"k": 1}]
    assert cbor_decode(cbor_encode(value)) == value


def test_filter_values_are_sorted_so_builds_repeat(site):
    for path in (site / "pagefind" / "filter").glob("*.pf_filter"):
        name, values = read_pagefind_file(path)
        assert [v for v, _ in values] == sorted(v for v, _ in values), name
        assert all(pages == sorted(pages) for _, pages in values), name


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
    # The guard saw Pagefind's own fetches (index and fragments), so it did watch the search.
    assert any(url.endswith(".pf_fragment") for url in guarded.seen)
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
    guarded.context.route("**/pagefind/pagefind.js", lambda route: route.abort())  # tried before the guard
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
    result = sitegen.build(content, out)
    assert result.returncode == 0, result.stdout + result.stderr
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
