"""A synthetic site of 2,000 incidents builds, links up, and keeps list pages bounded.

Its shape is a long conflict's (sitegen.realistic_data): one actor has about 900
incidents and the country all 2,000, so their pages must be split into pages.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from support import sitegen
from support import sitecheck

N = 2_000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> tuple[Path, None]:
    """A real 2,000-incident build (its speed is measured by make bench, not here)."""
    work = tmp_path_factory.mktemp("big")
    content = sitegen.write_content(work / "content", sitegen.realistic_data(N))
    sitegen.built(content, work / "out", recent=100)
    return work / "out", None


def test_every_synthetic_incident_has_a_page(big_site):
    out, _ = big_site
    assert len(list((out / "incidents").glob("*/index.html"))) == N


def test_home_page_stays_bounded(big_site):
    out, _ = big_site
    home = (out / "index.html").read_text("utf-8")
    assert home.count('<article class="entry">') == 100
    assert len(home.encode("utf-8")) < 120_000
    # What would grow with the site stays capped: the map draws at most 100 dots (168 places
    # here), saying how many it leaves off, and the 10-year chart's table has a row per year.
    overlay = home[home.index('<svg class="map-marks"'):home.index("</svg>", home.index('<svg class="map-marks"'))]
    assert overlay.count("<circle") == 100 and "more places with at most" in home
    table = home[home.index('<details class="chart-table">'):home.index("</details>", home.index('<details class="chart-table">'))]
    assert table.count('<th scope="row">') == 10


def test_month_pages_are_bounded_and_paginated(big_site):
    out, _ = big_site
    for page in (out / "timeline").rglob("index.html"):
        assert page.read_text("utf-8").count('<article class="entry">') <= 200, page


def test_big_site_has_no_broken_links(big_site):
    out, _ = big_site
    assert sitecheck.check_site(out).links == []


ENTRY_LINK = re.compile(r'<h\d class="entry-title"><a href="[./]*incidents/([^/"]+)/">')


def listed_on(out: Path, base: str) -> tuple[list[str], int]:
    """Incident ids listed across every page of an actor or place, and how many pages there are."""
    pages = [out / base / "index.html"] + sorted((out / base / "page").glob("*/index.html"),
                                                 key=lambda p: int(p.parent.name))
    return [i for page in pages for i in ENTRY_LINK.findall(page.read_text("utf-8"))], len(pages)


def expected(out: Path, folder: str) -> Counter:
    """How many incident pages name each actor or place (from the incident pages themselves)."""
    counts: Counter = Counter()
    for page in (out / "incidents").glob("*/index.html"):
        counts.update(set(re.findall(rf'href="../../{folder}/([^/"]+)/"', page.read_text("utf-8"))))
    return counts


def test_huge_actor_and_place_pages_are_paginated(big_site):
    out, _ = big_site
    for folder in ("actors", "places"):
        for page in (out / folder).rglob("index.html"):
            assert len(ENTRY_LINK.findall(page.read_text("utf-8"))) <= 200, page
    busiest_actor, count = expected(out, "actors").most_common(1)[0]
    assert count > 600  # a few actors have most of the incidents
    ids, pages = listed_on(out, f"actors/{busiest_actor}")
    assert pages == -(-count // 200) and len(ids) == count == len(set(ids))
    first = (out / "actors" / busiest_actor / "index.html").read_text("utf-8")
    assert f'href="../../actors/{busiest_actor}/page/2/"' in first and 'aria-current="page">1</a>' in first
    # The chart and the map are on the first page; the later pages carry on its list.
    second = (out / "actors" / busiest_actor / "page" / "2" / "index.html").read_text("utf-8")
    assert 'class="chart-svg"' in first and 'class="map-marks"' in first
    assert 'class="chart-svg"' not in second and 'class="map-marks"' not in second
    ids, pages = listed_on(out, "places/country-0")  # every incident is within it
    assert len(ids) == N == len(set(ids)) and pages == N // 200
