"""What a reader does on the site, in Chromium at 375px and 1280px, by mouse and by keyboard alone.

The site is the fixture site (names the tests can follow) plus 400 synthetic incidents over
2020-2022 from sitegen, so the timeline has five years, many months, full archive pages and a home
page cut at 100 incidents; a second site is built from this repository's own content/ with
pelican.conf.py. Every test reads through ``browsing.reading``: any request for a host other than
the local server, any console error and any uncaught exception on any page fails the test.

Screenshots of every kind of page at both widths, and a table of axe-core violations per page, go
to $CHRONICLE_SCREENSHOTS (default /tmp/chronicle-screenshots); the tests print the folder.

Skipped only when /usr/bin/chromium is missing (CI installs it).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from support import sitegen
from support.browsing import (SERIOUS, WIDTHS, axe_source, describe, reading, run_axe, screenshot_dir,
                      visit)
from support import BROWSER_REPORT, REPO, needs_chromium, serve

pytestmark = needs_chromium

INCIDENT = "Drone attack on Kessel Grain Terminal"


def build_reader_site(work: Path) -> Path:
    content = sitegen.copy_fixture(work / "content")
    sitegen.generate(content, 400, years=3)
    out = work / "out"
    sitegen.built(content, out)
    return out


def build_repo_site(out: Path) -> Path:
    """This repository's content/ as `make html` builds it, without extracting seeds."""
    result = subprocess.run(
        [sitegen.pelican_bin(), str(REPO / "content"), "-o", str(out), "-s", str(REPO / "pelican.conf.py"),
         "--fatal", "errors", "-e", "CHRONICLE_EXTRACT_ON_BUILD=false"],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serve(build_reader_site(tmp_path_factory.mktemp("reader"))) as url:
        yield url


@pytest.fixture(scope="module")
def repo_url(tmp_path_factory):
    with serve(build_repo_site(tmp_path_factory.mktemp("repo") / "out")) as url:
        yield url


def heading(page) -> str:
    return page.locator("h1").inner_text().strip()


def starts(text: str) -> re.Pattern:
    """A link's accessible name that starts with ``text`` (names carry counts: '2024 (6)')."""
    return re.compile("^" + re.escape(text) + (r"\b" if text[-1].isalnum() else ""))


def click(page, name: str, *, within: str = "main", exact: bool = False) -> None:
    """Click the first link in ``within`` whose name is ``name`` (or starts with it) and wait for the page."""
    with page.expect_navigation():
        page.locator(within).get_by_role("link", name=name if exact else starts(name), exact=exact).first.click()


# From a month page: the pager both ways, an incident, its actor and back, its place, the place
# that contains it (breadcrumb) and back, the incident's type: (link, where it is, next page's h1).
ROUTE = [
    ("← October 2023", "nav.pager", "October 2023"),
    ("January 2024 →", "nav.pager", "January 2024"),
    (INCIDENT, "main", INCIDENT),
    ("Aster Liberation Front", "section[aria-labelledby=actors-h]", "Aster Liberation Front"),
    (INCIDENT, "main .entries", INCIDENT),
    ("Kessel Grain Terminal", "section[aria-labelledby=places-h]", "Kessel Grain Terminal"),
    ("Kessel", "nav.breadcrumbs", "Kessel"),
    (INCIDENT, "main .entries", INCIDENT),
    ("Drone attack", "main .kicker", "Drone attack"),
]


# -- by mouse -----------------------------------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
def test_reader_follows_the_timeline_by_mouse(browser, base_url, width):
    with reading(browser, base_url, width) as (page, _):
        visit(page, base_url)
        assert heading(page) == "Timeline"
        click(page, "2024", within="nav.archives")
        assert heading(page) == "2024"
        click(page, "January 2024", within="nav[aria-labelledby=months-heading]")
        assert heading(page) == "January 2024"
        for name, within, lands_on in ROUTE:
            click(page, name, within=within)
            assert heading(page) == lands_on, f"{name} in {within}"
            if lands_on == "Aster Liberation Front":  # the actor's page lists the incident with its role
                entry = page.locator("main .entry", has=page.get_by_role("link", name=INCIDENT))
                assert "as perpetrator" in entry.inner_text()
        page.go_back()  # the browser's Back and Forward retrace the route
        assert heading(page) == INCIDENT
        page.go_back()
        assert heading(page) == "Kessel"
        page.go_forward()
        assert heading(page) == INCIDENT

        click(page, "Timeline", within="header nav")
        assert heading(page) == "Timeline"


@pytest.mark.parametrize("width", WIDTHS)
def test_year_and_month_pagers_walk_the_whole_timeline(browser, base_url, width):
    with reading(browser, base_url, width) as (page, _):
        visit(page, base_url + "timeline/2024/")
        years = [heading(page)]
        while page.locator("nav.pager a[rel=prev]").count():
            click(page, "←", within="nav.pager")
            years.append(heading(page))
        assert years == ["2024", "2023", "2022", "2021", "2020"]

        visit(page, base_url + "timeline/2022/01/")
        months = [heading(page)]
        for _ in range(3):
            click(page, "←", within="nav.pager")
            months.append(heading(page))
        assert months == ["January 2022", "December 2021", "November 2021", "October 2021"]
        # every entry on a month page is dated in that month
        dates = page.locator("main .entry-meta time").evaluate_all("els => els.map(e => e.dateTime)")
        assert dates and all(d.startswith("2021-10") for d in dates), dates


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_narrows_the_timeline_to_an_actor_and_a_type(browser, base_url, width):
    with reading(browser, base_url, width) as (page, _):
        visit(page, base_url)
        click(page, "Actors", within="header nav")
        click(page, "Synthetic Actor 3")
        assert heading(page) == "Synthetic Actor 3"
        listed = page.locator("main .entry").count()
        assert listed >= 2
        # the actor is on every incident its page lists
        first = page.locator("main .entry-title a").first
        title = first.inner_text()
        click(page, title)
        assert page.locator("section[aria-labelledby=actors-h]").get_by_role(
            "link", name="Synthetic Actor 3", exact=True).count() == 1

        click(page, "Types", within="header nav")
        click(page, "Drone attack")
        assert heading(page) == "Drone attack"
        types = page.locator("main .entry-meta .type").all_inner_texts()
        assert len(types) > 10 and set(types) == {"Drone attack"}, Counter(types)


def archive_titles(page, url: str) -> set[str]:
    """The incident titles an archive page (an actor's, a type's) lists."""
    visit(page, url)
    return set(page.locator("main .entries .entry-title a").all_inner_texts())


def start_run(page, finder: str) -> None:
    """Blank the finder's status line; finder.js writes it again when its next search is done."""
    page.evaluate("id => { document.getElementById(id + '-status').textContent = ''; }", finder)


def finished(page, finder: str) -> str:
    page.wait_for_function(
        """id => document.getElementById(id).getAttribute('aria-busy') === 'false'
                 && document.getElementById(id + '-status').textContent.trim() !== ''""", arg=finder)
    return page.locator(f"#{finder}-status").inner_text()


def result_titles(page, finder: str, *, keyboard: bool = False) -> set[str]:
    """Every result's title, pressing "Show more" (by mouse or keyboard) until all are shown."""
    more = page.locator(f"#{finder}-results button.more")
    while more.is_visible():
        before = page.locator(f"#{finder}-results li").count()
        if keyboard:
            more.focus()  # the reader Tabs to it: the button follows the last result
            page.keyboard.press("Enter")
        else:
            more.click()
        page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length > n",
                               arg=[f"#{finder}-results li", before])
    return set(page.locator(f"#{finder}-results .entry-title a").all_inner_texts())


def choose(page, finder: str, label: str, value: str) -> None:
    start_run(page, finder)
    page.locator(f"#{finder}").get_by_label(label, exact=True).select_option(value)
    finished(page, finder)


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_filters_the_timeline_by_actor_and_type_by_mouse(browser, base_url, width):
    with reading(browser, base_url, width) as (page, _):
        by_actor = archive_titles(page, base_url + "actors/aster-liberation-front/")
        by_type = archive_titles(page, base_url + "types/drone-attack/")
        assert by_actor & by_type and len(by_type) > 20  # more than one screenful of results

        visit(page, base_url)
        page.get_by_text("Filter the timeline", exact=True).click()
        choose(page, "timeline-filter", "Actor", "Aster Liberation Front")
        assert result_titles(page, "timeline-filter") == by_actor
        assert page.locator("#latest").is_hidden()
        choose(page, "timeline-filter", "Incident type", "Drone attack")
        assert result_titles(page, "timeline-filter") == by_actor & by_type
        page.screenshot(path=str(screenshot_dir() / f"fixture-{width}-timeline-filtered.png"), full_page=True)
        choose(page, "timeline-filter", "Actor", "")
        status = page.locator("#timeline-filter-status").inner_text()
        assert status.startswith(f"{len(by_type)} results"), status
        assert result_titles(page, "timeline-filter") == by_type

        # a result leads to its incident, and Back returns to the same filtered timeline
        click(page, INCIDENT, within="#timeline-filter-results")
        assert heading(page) == INCIDENT
        page.go_back()
        assert "type=Drone+attack" in page.url
        finished(page, "timeline-filter")
        assert INCIDENT in result_titles(page, "timeline-filter")
        page.locator("#timeline-filter").get_by_role("button", name="Clear").click()
        page.locator("#latest").wait_for(state="visible")


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_searches_by_mouse(browser, base_url, width):
    with reading(browser, base_url, width) as (page, _):
        visit(page, base_url)
        click(page, "Search", within="header nav")
        assert heading(page) == "Search"
        start_run(page, "search")
        page.get_by_label("Words to find").fill("Kessel")
        finished(page, "search")
        # leaving the box fires "change": with the same words finder.js must not search again and
        # redraw the list, or a reader's click on a result can land on a list being replaced
        page.evaluate("document.querySelector('#search-results li').dataset.seen = '1'")
        page.locator("main h1").click()
        page.wait_for_timeout(600)  # longer than the 250 ms typing pause finder.js waits for
        assert page.locator("#search-results li").first.get_attribute("data-seen") == "1"
        found = result_titles(page, "search")
        assert {INCIDENT, "Kessel", "Kessel Grain Terminal"} <= found, found
        page.screenshot(path=str(screenshot_dir() / f"fixture-{width}-search-results.png"), full_page=True)
        click(page, "Kessel", within="#search-results", exact=True)
        assert heading(page) == "Kessel"
        page.go_back()  # the words come back from the address, and the search runs again
        finished(page, "search")
        assert page.get_by_label("Words to find").input_value() == "Kessel"
        assert {INCIDENT, "Kessel"} <= result_titles(page, "search")
        choose(page, "search", "Show", "Place")
        places = result_titles(page, "search")
        assert {"Kessel", "Kessel Grain Terminal"} <= places and INCIDENT not in places, places
        kinds = page.locator("#search-results .entry-meta .kind").all_inner_texts()
        assert set(kinds) == {"Place"}, kinds


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_searches_and_filters_by_keyboard_alone(browser, base_url, width):
    with reading(browser, base_url, width, height=700) as (page, _):
        by_actor = archive_titles(page, base_url + "actors/aster-liberation-front/")
        by_type = archive_titles(page, base_url + "types/drone-attack/")

        # the timeline filter: open the panel, pick from the lists by typing, Tab on, submit
        visit(page, base_url)
        skip_to_main(page)
        tab_to(page, "Filter the timeline")  # past the chart's own "The chart as a table"
        page.keyboard.press("Enter")
        page.locator("#timeline-filter-actor option:nth-child(2)").wait_for(state="attached")
        tab_to_field(page, "SELECT", "timeline-filter-type")
        start_run(page, "timeline-filter")
        page.keyboard.type("Drone")  # a closed <select> picks the option the typed letters start
        finished(page, "timeline-filter")
        assert result_titles(page, "timeline-filter", keyboard=True) == by_type
        tab_to_field(page, "SELECT", "timeline-filter-actor", back=True)
        start_run(page, "timeline-filter")
        page.keyboard.type("Aster")
        finished(page, "timeline-filter")
        assert result_titles(page, "timeline-filter", keyboard=True) == by_actor & by_type
        tab_to(page, INCIDENT, within="#timeline-filter-results")
        enter(page)
        assert heading(page) == INCIDENT

        # search: the box, words, Enter, Tab to a result, Enter
        tab_to(page, "Search", within="header nav")
        enter(page)
        skip_to_main(page)
        tab_to_field(page, "INPUT", "search-q")
        start_run(page, "search")
        page.keyboard.type("terminal")
        page.keyboard.press("Enter")
        finished(page, "search")
        tab_to(page, INCIDENT, within="#search-results")
        enter(page)
        assert heading(page) == INCIDENT


def tab_to_field(page, tag: str, field_id: str | None = None, *, back: bool = False, limit: int = 60) -> None:
    """Press Tab (Shift+Tab) until a form control (by tag, and id if given) has visible focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = focused(page)
        if info and info["tag"] == tag and (field_id is None or info["id"] == field_id):
            assert_focus_visible(info)
            return
    raise AssertionError(f"Tab never reached {tag}#{field_id} on {page.url}")


def incidents_in(name: str, path: Path) -> int:
    """How many incidents a downloaded data file holds, read with a parser for its format."""
    text = path.read_text(encoding="utf-8")
    if name == "chronicle.json":
        return len(json.loads(text)["incidents"])
    if name == "timelinejs.json":
        return len(json.loads(text)["events"])
    if name == "incidents.geojson":
        data = json.loads(text)
        assert data["type"] == "FeatureCollection"
        return len(data["features"])
    if name == "incidents.csv":
        return len(list(csv.DictReader(text.splitlines())))
    if name == "incidents.ics":
        assert text.startswith("BEGIN:VCALENDAR") and text.rstrip().endswith("END:VCALENDAR")
        return text.count("BEGIN:VEVENT")
    raise AssertionError(f"unexpected download {name}")


DATA_FILES = {"chronicle.json", "incidents.csv", "incidents.geojson", "timelinejs.json", "incidents.ics"}
# The CSV's metadata (W3C CSV on the Web), linked from the CSV's description: it holds no
# incidents, it describes the CSV's columns.
CSV_METADATA = "incidents.csv-metadata.json"


def download(page, link, base_url: str, press: str | None = None) -> tuple[str, Path]:
    """Click (or press a key on) a download link; the file comes from the local server, whole."""
    with page.expect_download() as info:
        if press:
            page.keyboard.press(press)
        else:
            link.click()
    file = info.value
    assert file.failure() is None, file.failure()
    assert file.url.startswith(base_url), file.url
    return file.suggested_filename, Path(file.path())


def listed_total(page) -> int:
    return int(re.search(r"(\d+) incidents", page.locator("main .lede").inner_text()).group(1))


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_downloads_every_data_file_by_mouse(browser, base_url, width):
    with reading(browser, base_url, width) as (page, _):
        visit(page, base_url)
        click(page, "Downloads", within="header nav")
        assert heading(page) == "Downloads"
        total = listed_total(page)
        assert total == 408  # the fixture's 8 and sitegen's 400
        links = page.locator("main a[download]")
        assert sorted(links.all_inner_texts()) == sorted(DATA_FILES | {CSV_METADATA})  # each once
        held, files = {}, {}
        for i in range(links.count()):
            name, path = download(page, links.nth(i), base_url)
            assert name == links.nth(i).inner_text()
            files[name] = path
            if name != CSV_METADATA:
                held[name] = incidents_in(name, path)
        assert held["chronicle.json"] == held["incidents.csv"] == total, held
        # The metadata describes the CSV downloaded beside it, every column in order.
        metadata = json.loads(files[CSV_METADATA].read_text(encoding="utf-8"))
        header = next(csv.reader(files["incidents.csv"].read_text(encoding="utf-8").splitlines()))
        assert metadata["url"] == "incidents.csv"
        assert [column["name"] for column in metadata["tableSchema"]["columns"]] == header
        for name in ("incidents.geojson", "timelinejs.json", "incidents.ics"):
            assert 0 < held[name] <= total, held


# -- by keyboard alone --------------------------------------------------------------------------

FOCUSED = r"""within => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return {text: (el.textContent || '').replace(/\s+/g, ' ').trim(), tag: el.tagName, id: el.id,
            cls: el.className, inside: !!el.closest(within), href: el.getAttribute('href'),
            outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
            top: r.top, bottom: r.bottom, vh: innerHeight};
}"""


def focused(page, within: str = "main") -> dict | None:
    return page.evaluate(FOCUSED, within)


def assert_focus_visible(info: dict) -> None:
    assert info["outline"] != "none" and info["width"] >= 2, f"no visible focus ring: {info}"
    assert info["top"] >= 0 and info["bottom"] <= info["vh"] + 1, f"focused element off screen: {info}"


def tab_to(page, name: str, *, within: str = "main", back: bool = False, limit: int = 400) -> int:
    """Press Tab (Shift+Tab) until a link in ``within`` whose text starts with ``name`` has focus."""
    pattern = starts(name)
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = focused(page, within)
        if info and info["inside"] and pattern.match(info["text"]):
            assert_focus_visible(info)
            return presses
    raise AssertionError(f"{limit} presses of {'Shift+' if back else ''}Tab never reached '{name}' "
                         f"in {within} on {page.url}")


def enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def skip_to_main(page) -> None:
    """The first Tab on a page reaches the skip link, visibly; Enter moves focus to <main>."""
    page.keyboard.press("Tab")
    info = focused(page)
    assert info and "skip-link" in info["cls"], f"first Tab reached {info}"
    assert_focus_visible(info)
    assert info["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page, "body")["id"] == "main"


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_follows_the_timeline_by_keyboard_alone(browser, base_url, width):
    with reading(browser, base_url, width, height=700) as (page, _):
        visit(page, base_url)
        skip_to_main(page)
        # after the skip link, the next stop is the first link of the page's content, not the menu
        page.keyboard.press("Tab")
        first = focused(page)
        assert first["inside"] and first["text"].startswith("2024"), first
        assert_focus_visible(first)
        enter(page)
        assert heading(page) == "2024"

        tab_to(page, "February 2024", within="nav[aria-labelledby=months-heading]")
        tab_to(page, "January 2024", within="nav[aria-labelledby=months-heading]", back=True)
        assert tab_to(page, "February 2024", within="nav[aria-labelledby=months-heading]") == 1
        tab_to(page, "January 2024", within="nav[aria-labelledby=months-heading]", back=True)
        enter(page)
        assert heading(page) == "January 2024"

        skip_to_main(page)
        for name, within, lands_on in ROUTE:
            tab_to(page, name, within=within)
            enter(page)
            assert heading(page) == lands_on, f"{name} in {within}"

        tab_to(page, "Downloads", within="header nav")
        enter(page)
        assert heading(page) == "Downloads"
        tab_to(page, "incidents.csv")
        name, path = download(page, None, base_url, press="Enter")
        assert name == "incidents.csv" and incidents_in(name, path) == listed_total(page)

        # focus stays on the link after the download; Shift+Tab walks back up to the site menu
        tab_to(page, "Timeline", within="header nav", back=True)
        enter(page)
        assert heading(page) == "Timeline"


# -- what a screen reader hears (README.md, "Reading with a screen reader") ---------------------

# Chromium's accessibility tree, matched in part: listed nodes must be there, in this order.
EVERY_PAGE = """
- link "Skip to main content"
- banner:
  - navigation "Main":
    - list:
      - listitem:
        - link "Timeline"
      - listitem:
        - link "Actors"
      - listitem:
        - link "Places"
      - listitem:
        - link "Types"
      - listitem:
        - link "Search"
      - listitem:
        - link "Downloads"
- main
- contentinfo
"""
SPOKEN = {
    "": """
- main:
  - heading "Timeline" [level=1]
  - navigation "Archives by year":
    - list:
      - listitem:
        - link /^2024 \\(6\\)$/
  - region "Where incidents happened":
    - figure:
      - 'img /^Map of .*: every incident on the timeline/'
      - list:
        - listitem:
          - link "Varno"
          - text: (3)
  - region "Incidents per month":
    - heading "Incidents per month" [level=2]
    - figure /^398 incidents, by the month each began in\\./:
      - 'img /^Bar chart of every incident on the timeline by month, January 2020 to February 2024, stacked by type group: 398 incidents; the most, \\d+, in /'
      - list "Type groups":
        - listitem: Battles
    - group: The chart as a table
  - group: Filter the timeline
  - heading "Latest incidents" [level=2]
  - region "January 2024":
    - heading "January 2024" [level=3]:
      - link "January 2024"
    - list:
      - listitem:
        - article:
          - heading "Drone attack on Kessel Grain Terminal" [level=4]
          - paragraph:
            - time: 23 January 2024
            - text: Drone attack Kessel Grain Terminal, Kessel
""",
    "timeline/2024/": """
- main:
  - navigation "Breadcrumb"
  - heading "2024" [level=1]
  - navigation "Months":
    - list:
      - listitem:
        - link /^January 2024 \\(5\\)$/
  - region "January 2024":
    - heading "January 2024" [level=2]
    - list:
      - listitem:
        - article:
          - heading "Drone attack on Kessel Grain Terminal" [level=3]
  - navigation "Other years":
    - link "← 2023"
""",
    "timeline/2024/01/": """
- main:
  - navigation "Breadcrumb"
  - heading "January 2024" [level=1]
  - list:
    - listitem:
      - article:
        - heading "Drone attack on Kessel Grain Terminal" [level=2]
  - navigation "Other months":
    - link "← October 2023"
    - link "February 2024 →"
""",
    "incidents/alf-drone-attack-kessel-terminal/": """
- main:
  - article:
    - paragraph:
      - link "Drone attack"
    - heading "Drone attack on Kessel Grain Terminal" [level=1]
    - region "Actors":
      - heading "Actors" [level=2]
      - term: Carried out by
      - definition:
        - link "Aster Liberation Front"
      - term: Taking part
    - region "Places":
      - list:
        - listitem:
          - link "Kessel Grain Terminal"
          - text: ","
          - link "Kessel"
    - region "Casualties":
      - term: Killed
      - definition: 3–6 (best estimate 4)
    - region "Map":
      - figure:
        - img "Map of Poland and its neighbours, with Kessel Grain Terminal marked"
        - paragraph:
          - text: "Marked:"
          - link "Kessel Grain Terminal"
    - region "Related incidents":
      - list:
        - listitem:
          - text: Answered by
          - link "Army airstrikes on Aster Liberation Front positions near Varno"
          - text: (
          - time: 25 January 2024
    - region "Sources"
    - region "Evidence"
    - navigation "Incidents before and after this one":
      - list:
        - listitem:
          - text: "Before:"
          - link "Relief boats cross the Gulf of Saren"
""",
    "actors/aster-liberation-front/": """
- main:
  - navigation "Breadcrumb"
  - heading "Aster Liberation Front" [level=1]
  - region "Map"
  - region /^Incidents/:
    - heading /^Incidents/ [level=2]
    - list:
      - listitem:
        - article:
          - heading "Drone attack on Kessel Grain Terminal" [level=3]
          - paragraph:
            - text: /as perpetrator/
""",
    "search/": """
- main:
  - heading "Search" [level=1]
  - search "Search the timeline":
    - searchbox "Words to find"
    - combobox "Show"
    - combobox "Incident type"
    - combobox "Actor"
    - combobox "Place"
    - combobox "Year"
    - button "Search"
    - button "Clear"
  - status
""",
}


@pytest.mark.parametrize("path", list(SPOKEN))
def test_what_a_screen_reader_finds_matches_the_readme(browser, base_url, path):
    with reading(browser, base_url) as (page, _):
        visit(page, base_url + path)
        if path == "search/":
            page.locator("#search-type option:nth-child(2)").wait_for(state="attached")
        expect(page.locator("body")).to_match_aria_snapshot(EVERY_PAGE)
        expect(page.locator("body")).to_match_aria_snapshot(SPOKEN[path])
        # the dots between date, type and place are not read out
        hidden = page.locator("main .entry-meta .sep").evaluate_all(
            "els => els.every(e => e.getAttribute('aria-hidden') === 'true')")
        assert hidden
        # the map's picture of the land is silent; its marks carry the text alternative
        assert page.locator("figure.map img").evaluate_all("els => els.every(e => e.alt === '')")
        current = page.locator("header nav [aria-current]").all_inner_texts()
        assert current == {"": ["Timeline"], "search/": ["Search"]}.get(path, current), current


# -- the guard itself -----------------------------------------------------------------------------

def test_reading_fails_on_a_foreign_request_and_on_console_errors(browser, base_url):
    """The privacy and console checks that every test above relies on do catch what they claim to."""
    with pytest.raises(AssertionError) as failure:
        with reading(browser, base_url) as (page, _):
            visit(page, base_url)
            with page.expect_event("requestfailed"):
                page.evaluate("""() => { const link = document.createElement('link');
                    link.rel = 'stylesheet'; link.href = 'https://fonts.example.net/css?family=Serif';
                    document.head.append(link); }""")
            page.evaluate("() => { console.error('boom from the page'); }")
            with page.expect_event("pageerror"):
                page.evaluate("() => { setTimeout(() => { throw new TypeError('uncaught in the page'); }); }")
    message = str(failure.value)
    assert "request left localhost: stylesheet https://fonts.example.net/css?family=Serif" in message
    assert "console error: boom from the page" in message
    assert "uncaught TypeError: uncaught in the page" in message


# -- every page of the repository's own site ----------------------------------------------------

def same_site_links(page, base_url: str) -> list[str]:
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(a => a.href)")
    return [h.split("#")[0] for h in hrefs if h.startswith(base_url)]


def is_page(url: str) -> bool:
    return url.endswith("/") or url.endswith(".html")


def test_every_page_of_the_repository_site_loads_privately_and_without_errors(browser, repo_url):
    """Every link on every page, followed in the browser; data files and feeds fetched and checked."""
    with reading(browser, repo_url) as (page, _):
        queue, seen, files = [repo_url], {repo_url}, {}
        while queue:
            url = queue.pop()
            if not is_page(url):  # feeds and downloads: the reader's browser saves or shows them
                response = page.request.get(url)
                assert response.ok and response.body(), f"{url}: {response.status}"
                files[url] = response.headers.get("content-type")
                continue
            visit(page, url)
            assert page.locator("h1").count() == 1, f"{url}: not one h1"
            for link in same_site_links(page, repo_url):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    kinds = Counter(urlsplit(u).path.strip("/").split("/")[0] or "home" for u in seen if is_page(u))
    print(f"\nvisited {len(seen) - len(files)} pages of the repository's site: {dict(sorted(kinds.items()))}; "
          f"fetched {len(files)} other files")
    assert {"home", "incidents", "actors", "places", "types", "timeline", "downloads"} <= set(kinds), kinds
    assert any(u.endswith("feed.atom") for u in files) and any(u.endswith(".csv") for u in files), files


# -- axe-core and screenshots of every kind of page ---------------------------------------------

PAGE_KINDS = ("home", "incident", "actor", "place", "type", "actors index", "places index", "types index",
              "year", "month", "undated", "search", "downloads", "not found")


def page_kinds(page, base_url: str) -> dict[str, str]:
    """One address for each kind of page the site has, found by following its own links from home."""
    def first(url: str | None, selector: str) -> str | None:
        if url is None:
            return None
        visit(page, url)
        links = page.locator(selector)
        return urljoin(page.url, links.first.get_attribute("href")) if links.count() else None

    home = base_url
    kinds = {"home": home, "incident": first(home, "main .entry-title a")}
    kinds["actor"] = first(kinds["incident"], "section[aria-labelledby=actors-h] a")
    kinds["place"] = first(kinds["incident"], "section[aria-labelledby=places-h] a")
    kinds["type"] = first(kinds["incident"], "main .kicker a")
    kinds["actors index"] = urljoin(home, "actors/")
    kinds["places index"] = urljoin(home, "places/")
    kinds["types index"] = urljoin(home, "types/")
    kinds["year"] = first(home, "nav.archives a:not([href$='undated/'])")  # none when nothing is dated
    kinds["month"] = first(kinds["year"], "nav[aria-labelledby=months-heading] a")
    kinds["undated"] = urljoin(home, "timeline/undated/")
    kinds["search"] = first(home, "header nav a[href$='search/']")
    kinds["downloads"] = first(home, "header nav a[href$='downloads/']")
    kinds["not found"] = urljoin(home, "404.html")
    return {kind: url for kind, url in kinds.items() if url}


def check_every_kind_of_page(browser, base_url: str, site: str) -> list[str]:
    """axe-core and a full-page screenshot at each width; returns the table rows."""
    folder = screenshot_dir()
    source = axe_source()
    rows, failures = [], []
    for width in WIDTHS:
        with reading(browser, base_url, width) as (page, _):
            kinds = page_kinds(page, base_url)
            if site == "fixture":
                assert set(kinds) == set(PAGE_KINDS), f"the fixture site lacks: {set(PAGE_KINDS) - set(kinds)}"
            for kind, url in kinds.items():
                visit(page, url)
                violations = run_axe(page, source)
                counts = Counter(v["impact"] for v in violations)
                slug = re.sub(r"\W+", "-", kind)
                page.screenshot(path=str(folder / f"{site}-{width}-{slug}.png"), full_page=True)
                rows.append(f"| {site} | {kind} | {width} | {urlsplit(url).path} | {len(violations)} | "
                            + " | ".join(str(counts[i]) for i in ("critical", "serious", "moderate", "minor"))
                            + " |")
                failures += describe(f"{site} {kind} [{width}px]",
                                     [v for v in violations if v["impact"] in SERIOUS])
    assert not failures, "serious or critical axe-core violations:\n" + "\n".join(failures)
    return rows


TABLE_HEAD = ("| site | page | width | path | violations | critical | serious | moderate | minor |\n"
              "|---|---|---|---|---|---|---|---|---|\n")


@pytest.mark.parametrize("site", ["fixture", "repository"])
def test_axe_and_screenshots_of_every_kind_of_page(browser, base_url, repo_url, site, request):
    rows = check_every_kind_of_page(browser, base_url if site == "fixture" else repo_url, site)
    table = screenshot_dir() / f"axe-{site}.md"
    table.write_text(TABLE_HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    request.config.stash.setdefault(BROWSER_REPORT, []).extend(
        [f"axe-core, WCAG 2.2 A/AA, {site} site: {table}; screenshots in {screenshot_dir()}",
         *TABLE_HEAD.splitlines(), *rows])


def test_axe_reports_what_it_should(browser, base_url):
    """The axe run above can fail: a button without a name is a critical violation it reports."""
    with reading(browser, base_url) as (page, _):
        visit(page, base_url)
        page.evaluate("() => document.querySelector('main').append(document.createElement('button'))")
        found = {v["id"]: v["impact"] for v in run_axe(page, axe_source())}
    assert found == {"button-name": "critical"}, found
