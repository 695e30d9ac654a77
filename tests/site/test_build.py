"""Build the fixture site with Pelican and check the output as a reader and a crawler would."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import sitecheck
from support import sitegen

FIXTURE = sitegen.FIXTURE


@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    return fixture_site


def ids(folder: str) -> list[str]:
    return sorted(p.stem for p in (FIXTURE / folder).glob("*.yaml"))


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


# -- every entry has its page -------------------------------------------------------------------

def test_every_incident_actor_and_place_has_a_page(site):
    for folder, prefix in (("events", "incidents"), ("actors", "actors"), ("places", "places")):
        for entry_id in ids(folder):
            assert (site / prefix / entry_id / "index.html").is_file(), f"{prefix}/{entry_id}/ missing"


def test_indexes_archives_and_extras_exist(site):
    for rel in ("index.html", "actors/index.html", "places/index.html", "types/index.html",
                "timeline/2024/index.html", "timeline/2024/01/index.html", "timeline/2023/10/index.html",
                "timeline/undated/index.html", "types/drone-attack/index.html", "404.html", "sitemap.xml",
                "theme/css/chronicle.css"):
        assert (site / rel).is_file(), rel


# -- links --------------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "img", "script", "area", "source"):
                self.urls.append(attrs[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_no_broken_internal_links_or_assets(site):
    assert sitecheck.check_site(site).links == []  # every href/src/srcset, fragments included


def test_links_are_relative_so_the_site_works_from_a_sub_path(site):
    html = read(site, "incidents/alf-drone-attack-kessel-terminal/index.html")
    assert 'href="../../theme/css/chronicle.css"' in html
    assert 'href="../../actors/aster-liberation-front/"' in html
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for url in parse(page).urls:
            assert not url.startswith("/"), f"{page}: root-relative {url}"


# -- incident page content ----------------------------------------------------------------------

def test_incident_page_shows_dates_honestly(site):
    day = read(site, "incidents/alf-drone-attack-kessel-terminal/index.html")
    assert '<time datetime="2024-01-23">23 January 2024</time>' in day
    month = read(site, "incidents/kessel-port-strike/index.html")
    assert '<time datetime="2024-01">January 2024</time>' in month
    approx = read(site, "incidents/relief-convoy-gulf/index.html")
    assert "c. 20 January 2024" in approx
    unknown = read(site, "incidents/terminal-fire-report/index.html")
    assert "Date unknown" in unknown and "<time" not in unknown.split('class="when"')[1].split("</p>")[0]
    relative = read(site, "incidents/alf-commanders-meet/index.html")
    when = relative.split('class="when"')[1].split("</p>")[0]
    assert "A few days before" in when
    assert 'href="../../incidents/alf-drone-attack-kessel-terminal/"' in when


def test_incident_page_has_the_facts(site):
    html = read(site, "incidents/alf-drone-attack-kessel-terminal/index.html")
    assert "3–6 (best estimate 4)" in html  # casualties as a range
    assert "Kessel Evening Post" in html and 'href="https://example.com/kessel/drones-hit-terminal"' in html
    # evidence per source, each sentence once with the fields it supports
    assert "<h3>Source 1: Kessel Evening Post</h3>" in html
    assert re.search(r"Supports: [a-z, ]*casualties", html)
    assert "First reported" in html and '<time datetime="2024-01-23">' in html
    assert "Last updated" in html and '<time datetime="2024-02-01">' in html
    # places with their parents
    assert 'href="../../places/lower-aster/">Lower Aster Province</a>' in html
    # actors referenced by alias resolve to the actor's page
    assert re.search(r"<dt>Carried out by</dt><dd><a href=\"../../actors/aster-liberation-front/\">Aster Liberation Front</a>", html)


def test_draft_badge_and_duplicate_note(site):
    html = read(site, "incidents/terminal-fire-report/index.html")
    assert "Draft — not yet reviewed by an editor" in html
    assert "Possible duplicate" in html and 'href="../../incidents/alf-drone-attack-kessel-terminal/"' in html
    reviewed = read(site, "incidents/alf-drone-attack-kessel-terminal/index.html")
    assert "Draft — not yet reviewed" not in reviewed


@pytest.mark.parametrize("page, label, other", [
    ("naf-airstrikes-lower-aster", "In response to", "alf-drone-attack-kessel-terminal"),
    ("alf-drone-attack-kessel-terminal", "Answered by", "naf-airstrikes-lower-aster"),
    ("terminal-fire-report", "Part of", "alf-drone-attack-kessel-terminal"),
    ("alf-drone-attack-kessel-terminal", "Includes", "terminal-fire-report"),
    ("ceasefire-talks", "Follows", "naf-airstrikes-lower-aster"),
    ("naf-airstrikes-lower-aster", "Followed by", "ceasefire-talks"),
])
def test_related_incidents_are_labelled_both_ways(site, page, label, other):
    html = read(site, f"incidents/{page}/index.html")
    assert re.search(rf'<span class="relation">{label}</span> <a href="../../incidents/{other}/">', html), \
        f"{page} lacks '{label}' {other}"


# -- actor, place, index pages ------------------------------------------------------------------

def test_actor_page_lists_incidents_in_date_order_with_roles(site):
    html = read(site, "actors/aster-liberation-front/index.html")
    order = [m for m in re.findall(r'href="../../incidents/([a-z0-9-]+)/"', html)]
    assert order == ["clashes-near-varno", "alf-commanders-meet", "alf-drone-attack-kessel-terminal",
                     "naf-airstrikes-lower-aster", "ceasefire-talks"]
    assert "as perpetrator" in html and "as target" in html
    assert "Also known as: ALF, Aster Front" in html
    assert "Most often on the other side" in html  # the armed forces, who struck it


def test_place_page_includes_incidents_within_it(site):
    html = read(site, "places/northmark/index.html")
    for incident in ("alf-drone-attack-kessel-terminal", "naf-airstrikes-lower-aster", "ceasefire-talks",
                     "kessel-port-strike", "terminal-fire-report"):
        assert f"incidents/{incident}/" in html
    kessel = read(site, "places/kessel/index.html")
    assert "places/kessel-grain-terminal/" in kessel  # child place
    assert "50.9120, 20.1370" in kessel


def test_indexes_group_by_kind_with_counts(site):
    html = read(site, "actors/index.html")
    assert "Armed group" in html and "Person" in html
    assert re.search(r'Aster Liberation Front</a> <span class="count">5</span>', html)
    places = read(site, "places/index.html")
    assert re.search(r'Northmark</a> <span class="count">8</span>', places)


def test_home_page_groups_by_month_and_links_archives(site):
    html = read(site, "index.html")
    listing = html[html.index('id="latest"'):]  # the chart's table above names months too
    assert listing.index("February 2024") < listing.index("January 2024") < listing.index("October 2023")
    assert 'href="./timeline/2024/"' in html and 'href="./timeline/undated/"' in html
    latest, undated = html.split("Latest incidents")[1].split('listing-heading">Date unknown</h2>')
    assert "terminal-fire-report" not in latest  # undated is not "recent"...
    assert "terminal-fire-report" in undated  # ...but the home page still shows it, in its own section
    assert "A few days before 23 January 2024" in html


# -- metadata -----------------------------------------------------------------------------------

def test_every_page_has_title_description_and_landmarks(site):
    for page in sorted(site.rglob("*.html")):
        html = page.read_text("utf-8")
        assert re.search(r"<title>[^<]+</title>", html), page
        assert re.search(r'<meta name="description" content="[^"]+">', html), page
        assert '<html lang="en">' in html
        for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip-link" href="#main"'):
            assert landmark in html, f"{page}: {landmark}"
        assert len(re.findall(r"<h1[ >]", html)) == 1, page


def test_json_ld_parses_and_describes_the_entry(site):
    def ld(rel):
        html = read(site, rel)
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        return json.loads(block)

    event = ld("incidents/alf-drone-attack-kessel-terminal/index.html")
    assert event["@type"] == "Event" and event["startDate"] == "2024-01-23"
    assert event["location"][0]["geo"]["@type"] == "GeoCoordinates"
    assert ld("actors/dana-korvel/index.html")["@type"] == "Person"
    assert ld("actors/aster-liberation-front/index.html")["@type"] == "Organization"
    place = ld("places/kessel/index.html")
    assert place["@type"] == "Place" and place["geo"]["latitude"] == 50.912


def test_canonical_and_og_urls_absolute_when_siteurl_set(tmp_path):
    out = tmp_path / "out"
    sitegen.built(FIXTURE, out, site_url="https://chronicle.example/sub")
    html = read(out, "incidents/ceasefire-talks/index.html")
    assert '<link rel="canonical" href="https://chronicle.example/sub/incidents/ceasefire-talks/">' in html
    assert '<meta property="og:url" content="https://chronicle.example/sub/incidents/ceasefire-talks/">' in html
    assert 'href="../../actors/' in html  # links stay relative
    assert "<loc>https://chronicle.example/sub/incidents/ceasefire-talks/</loc>" in read(out, "sitemap.xml")
    assert 'href="https://chronicle.example/sub/"' in read(out, "404.html")


def test_sitemap_lists_every_page(site):
    sitemap = read(site, "sitemap.xml")
    for entry_id in ids("events"):
        assert f"<loc>/incidents/{entry_id}/</loc>" in sitemap


# -- determinism and failure --------------------------------------------------------------------

def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_deterministic(site, tmp_path):
    again = tmp_path / "again"
    sitegen.built(FIXTURE, again)
    first, second = snapshot(site), snapshot(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_invalid_content_fails_the_build_with_path_line_column(tmp_path):
    content = sitegen.copy_fixture(tmp_path / "content")
    bad = content / "events" / "ceasefire-talks.yaml"
    bad.write_text(bad.read_text("utf-8").replace("type: agreement", "type: agreemnt")
                   .replace("status: reviewed", "status: done"), encoding="utf-8")
    result = sitegen.build(content, tmp_path / "out", cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"content/events/ceasefire-talks\.yaml:\d+:\d+: ", output), output
    assert "status" in output


def _archive_pills(home: str) -> str:
    return home.split('<nav class="archives"', 1)[1].split("</nav>", 1)[0]


def test_home_offers_date_unknown_only_when_some_incident_has_no_date(site, tmp_path):
    pills = _archive_pills(read(site, "index.html"))
    assert 'timeline/undated/">Date unknown <span class="count">(1)</span>' in pills
    content = sitegen.copy_fixture(tmp_path / "content")
    (content / "events" / "terminal-fire-report.yaml").unlink()  # the fixture's only undated incident
    sitegen.built(content, tmp_path / "output")
    pills = _archive_pills((tmp_path / "output" / "index.html").read_text("utf-8"))
    assert "2024" in pills and "Date unknown" not in pills  # no "(0)" pill leading nowhere useful
    assert (tmp_path / "output" / "timeline" / "undated" / "index.html").is_file()  # the footer still links it
