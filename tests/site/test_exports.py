"""Feeds and downloads: build a real site, read every export with a real parser, check it against content.

The fixture site gets hostile additions: a title with markup, quotes, a comma and a
line break, an actor whose name starts like a spreadsheet formula, and a place in
the southern and eastern hemispheres (so latitude and longitude cannot be swapped
unnoticed).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest

from support import sitegen
from support import needs_chromium, serve
from chronicle.site import geo
from chronicle.content.load import load_content
from chronicle.site.exports import SiteMeta, incident_point, is_whole_day
from chronicle.site.feeds import atom_feeds
from chronicle.site.graph import build_graph

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = 'Raid on "Port" <script>alert(1)</script>,\nsecond line & more'
# \a: YAML can carry control characters that XML and iCalendar cannot.
# The run of 3-byte characters makes iCalendar's 75-octet folding fall inside characters.
HOSTILE_SUMMARY = ("Summary with <img src=x onerror=alert(2)>; a semicolon, a comma. A bell \a rings. "
                   + "€" * 40 + " ünïcödé")
FORMULA_NAME = "=HYPERLINK(\"http://evil.example\",\"x\")"


def add_hostile(content: Path) -> None:
    # A real country without coordinates: its point comes from Natural Earth's shape (SiteGraph.point).
    (content / "places" / "portugal.yaml").write_text("id: portugal\nname: Portugal\nkind: country\n",
                                                      encoding="utf-8")
    (content / "places" / "evora.yaml").write_text("id: evora\nname: Évora\nkind: city\nwithin: portugal\n",
                                                   encoding="utf-8")
    (content / "events" / "evora-protest.yaml").write_text(
        "id: evora-protest\ntitle: Farmers protest in Évora\ndate: 2024-02\ntype: protest\nstatus: draft\n"
        "places:\n  - {ref: evora, role: location}\nsources: []\n", encoding="utf-8")
    (content / "places" / "south-bay.yaml").write_text(
        "id: south-bay\nname: 'South Bay, <b>East</b>'\nkind: city\n"
        "coordinates: {lat: -33.51234567, lon: 151.25}\n", encoding="utf-8")
    (content / "actors" / "formula-actor.yaml").write_text(
        f"id: formula-actor\nname: {json.dumps(FORMULA_NAME)}\nkind: armed group\n", encoding="utf-8")
    (content / "events" / "hostile-raid.yaml").write_text(
        "id: hostile-raid\n"
        f"title: {json.dumps(HOSTILE_TITLE)}\n"
        "date: 2024-02-10\n"
        "type: attack\n"
        "status: draft\n"
        f"summary: {json.dumps(HOSTILE_SUMMARY)}\n"
        "actors:\n  - {ref: formula-actor, role: perpetrator}\n  - {ref: ALF, role: target}\n"
        "places:\n  - {ref: south-bay, role: location}\n"
        "sources:\n  - publisher: '-Minus Wire'\n    url: https://example.com/raid\n    published: 2024-02-11\n"
        "notes:\n  - {kind: editor, text: '@mention, \"quoted\"'}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("exports")
    content_dir = sitegen.copy_fixture(work / "content")
    add_hostile(content_dir)
    out = work / "out"
    sitegen.built(content_dir, out)
    content, problems = load_content(content_dir)
    assert not problems
    return out, content, build_graph(content, geo.load_atlas())  # the shapes the build uses


def page_exists(out: Path, url: str) -> bool:
    """A root-relative site address ('/incidents/x/') names a page in the output."""
    assert url.startswith("/"), url
    return (out / url.lstrip("/") / "index.html").is_file()


# -- JSON ---------------------------------------------------------------------------------------


def test_dataset_json_matches_content(built):
    out, content, graph = built
    data = json.loads((out / "downloads" / "chronicle.json").read_text("utf-8"))
    assert {i["id"] for i in data["incidents"]} == set(content.incidents)
    assert {a["id"] for a in data["actors"]} == set(content.actors)
    assert {p["id"] for p in data["places"]} == set(content.places)
    for record in data["incidents"] + data["actors"] + data["places"]:
        assert page_exists(out, record["url"]), record["url"]
    for record in data["incidents"]:
        incident = content.incidents[record["id"]]
        assert record["title"] == incident.title
        assert record["date"]["precision"] == incident.date.precision
        assert record["date"]["edtf"] == (incident.date.text or record["date"]["edtf"])
        assert [a["id"] for a in record["actors"]] == [ar.actor.id for ar in graph.incident_actors[incident.id]]
        assert [s["url"] for s in record["sources"]] == [s.url for s in incident.sources]
        for ref in record["related"]:
            assert ref["id"] in content.incidents
    raid = next(i for i in data["incidents"] if i["id"] == "hostile-raid")
    assert raid["coordinates"] == {"latitude": -33.5123, "longitude": 151.25, "place": "south-bay",
                                   "how": "coordinates"}
    evora = next(i for i in data["incidents"] if i["id"] == "evora-protest")["coordinates"]
    assert evora["place"] == "portugal" and evora["how"] == "ancestor"
    assert 36.9 < evora["latitude"] < 42.2 and -9.6 < evora["longitude"] < -6.1  # inside Portugal
    portugal = next(p for p in data["places"] if p["id"] == "portugal")
    assert portugal["coordinates_from"] == {"place": "portugal", "how": "shape"}
    assert next(i for i in data["incidents"] if i["id"] == "kessel-port-strike")["date"]["start"] == "2024-01-01"


def test_json_downloads_keep_markup_inert(built):
    out, _, _ = built
    for name in ("chronicle.json", "timelinejs.json", "incidents.geojson"):
        raw = (out / "downloads" / name).read_text("utf-8")
        assert "<" not in raw and ">" not in raw, name  # escaped as \u003c: safe to paste into a <script>
        assert "\u2028" not in raw


# -- TimelineJS ---------------------------------------------------------------------------------


def test_timelinejs_events_follow_date_precision(built):
    out, content, graph = built
    data = json.loads((out / "downloads" / "timelinejs.json").read_text("utf-8"))
    events = {e["unique_id"]: e for e in data["events"]}
    assert len(events) == len(data["events"])
    assert set(events) == {i for i in content.incidents if graph.dates[i].known}
    assert "terminal-fire-report" not in events  # date unknown: nothing to place on a timeline
    for uid, event in events.items():
        date = content.incidents[uid].date
        start = graph.dates[uid].lower
        assert event["start_date"]["year"] == start.year
        if date.precision == "day":
            assert event["start_date"] == {"year": start.year, "month": start.month, "day": start.day}
            assert "display_date" not in event
        else:
            assert event["display_date"]
        assert html.unescape(event["text"]["headline"]) == content.incidents[uid].title
        assert event["group"]
    assert events["kessel-port-strike"]["start_date"] == {"year": 2024, "month": 1}
    assert events["kessel-port-strike"]["display_date"] == "January 2024"
    assert events["clashes-near-varno"]["display_date"].startswith("c. ")
    assert events["ceasefire-talks"]["end_date"] == {"year": 2024, "month": 2, "day": 5}
    raid = events["hostile-raid"]
    # TimelineJS writes headline and text into the page as HTML: they must arrive escaped.
    assert "<script" not in raid["text"]["headline"] and "&lt;script&gt;" in raid["text"]["headline"]
    assert "<img" not in raid["text"]["text"]


# -- CSV ----------------------------------------------------------------------------------------


def read_csv(out: Path) -> tuple[bytes, list[dict]]:
    raw = (out / "downloads" / "incidents.csv").read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_csv_rows_match_content(built):
    out, content, graph = built
    raw, rows = read_csv(out)
    assert raw.count(b"\r\n") >= len(rows) + 1  # RFC 4180 line ends
    assert [r["event_id"] for r in rows] == [i.id for i in graph.incidents]
    for row in rows:
        incident = content.incidents[row["event_id"]]
        assert row["precision"] == incident.date.precision
        assert row["type_id"] == incident.type
        assert row["actor_ids"].split(";") == [ar.actor.id for ar in graph.incident_actors[incident.id]] \
            or (row["actor_ids"] == "" and not graph.incident_actors[incident.id])
        point = incident_point(incident, graph)
        if point is None:
            assert row["latitude"] == row["longitude"] == ""
        else:
            assert (float(row["latitude"]), float(row["longitude"])) == (point.latitude, point.longitude)
        assert page_exists(out, row["url"])
    by_id = {r["event_id"]: r for r in rows}
    assert by_id["alf-drone-attack-kessel-terminal"]["time_precision"] == "1"
    assert by_id["kessel-port-strike"]["time_precision"] == "3"
    assert by_id["terminal-fire-report"]["start_date"] == ""


def test_csv_quotes_hostile_text_and_defuses_formulas(built):
    out, _, _ = built
    _, rows = read_csv(out)
    raid = next(r for r in rows if r["event_id"] == "hostile-raid")
    assert raid["title"] == HOSTILE_TITLE  # comma, quotes and line break survive RFC 4180 quoting
    assert raid["actor1"] == "'" + FORMULA_NAME
    assert raid["actors"].startswith("'=")
    assert raid["sources"] == "'-Minus Wire"
    assert raid["notes"].startswith("editor: @mention")  # starts with a letter: left as written
    assert raid["latitude"] == "-33.5123"  # numbers are not prefixed
    for row in rows:
        for column, value in row.items():
            if column not in ("latitude", "longitude") and not column.startswith(("fatalities", "injured")):
                assert not value.startswith(("=", "+", "-", "@")), (column, value)


# -- GeoJSON ------------------------------------------------------------------------------------


def check_rfc7946_points(data: dict) -> None:
    """The parts of RFC 7946 a point collection must keep: structure, no crs, lon/lat in range."""
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)
    assert "crs" not in data
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature.get("id"), (str, int))
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert len(str(lon).split(".")[-1]) <= 6 and len(str(lat).split(".")[-1]) <= 6  # RFC 7946 11.2


def test_geojson_is_rfc7946_with_longitude_first(built):
    out, content, graph = built
    data = json.loads((out / "downloads" / "incidents.geojson").read_text("utf-8"))
    check_rfc7946_points(data)
    located = {i.id: incident_point(i, graph) for i in graph.incidents}
    located = {k: v for k, v in located.items() if v is not None}
    features = {f["properties"]["id"]: f for f in data["features"]}
    assert set(features) == set(located)
    assert "terminal-fire-report" not in features or located.get("terminal-fire-report")
    for iid, feature in features.items():
        assert feature["geometry"]["coordinates"] == [located[iid].longitude, located[iid].latitude]
        assert feature["properties"]["title"] == content.incidents[iid].title
        assert page_exists(out, feature["properties"]["url"])
    south = content.places["south-bay"]
    assert features["hostile-raid"]["geometry"]["coordinates"] == [south.longitude, round(south.latitude, 4)]
    lon, lat = features["evora-protest"]["geometry"]["coordinates"]
    assert -9.6 < lon < -6.1 and 36.9 < lat < 42.2  # Portugal, longitude first


# -- iCalendar ----------------------------------------------------------------------------------


def test_ics_has_day_precision_incidents_only(built):
    out, content, graph = built
    raw = (out / "downloads" / "incidents.ics").read_bytes()
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    day_ids = {i.id for i in content.incidents.values() if is_whole_day(i.date)}
    assert day_ids >= {"alf-drone-attack-kessel-terminal", "ceasefire-talks", "hostile-raid"}
    assert "kessel-port-strike" not in day_ids and "relief-convoy-gulf" not in day_ids
    assert len(events) == len(day_ids)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {content.incidents[i].title for i in day_ids}
    for incident_id in day_ids:
        event = by_summary[content.incidents[incident_id].title]
        date = content.incidents[incident_id].date
        assert event["DTSTART"].dt == date.lower and not isinstance(event["DTSTART"].dt, dt.datetime)
        assert event["DTEND"].dt == date.upper + dt.timedelta(days=1)
        assert isinstance(event["DTSTAMP"].dt, dt.datetime)
    raid = by_summary[HOSTILE_TITLE]  # newline, comma, quotes and markup come back exactly
    assert "semicolon, a comma" in str(raid["DESCRIPTION"])
    assert "€" * 40 + " ünïcödé" in str(raid["DESCRIPTION"])  # folded between characters, never inside one
    assert str(raid["LOCATION"]) == "South Bay, <b>East</b>"
    assert raid["DTSTAMP"].dt.date() == dt.date(2024, 2, 11)  # its source's day, not today


# -- Atom ---------------------------------------------------------------------------------------


def feed_paths(out: Path) -> list[Path]:
    return sorted(out.rglob("feed.atom"))


def entry_targets(out: Path, feed: Path, root) -> list[str]:
    """The incident ids a feed's entries link to, resolving each link as a feed reader would."""
    base = "http://site.test/" + feed.relative_to(out).as_posix()
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        path = urlsplit(urljoin(base, href)).path
        assert (out / path.lstrip("/") / "index.html").is_file(), href
        ids.append(path.strip("/").split("/")[-1])
    return ids


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def test_atom_feeds_are_well_formed_and_complete(built):
    out, content, graph = built
    feeds = feed_paths(out)
    assert len(feeds) == 1 + len(content.actors) + len(content.places)
    seen_ids: dict[str, str] = {}
    for path in feeds:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author/" + ATOM + "name"):
            element = root.find(ATOM + required)
            assert element is not None and (element.text or "").strip(), (path, required)
        assert RFC3339.match(root.find(f"{ATOM}updated").text)
        assert root.find(f"{ATOM}link[@rel='self']") is not None
        for entry in root.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert (entry.find(ATOM + required).text or "").strip(), (path, required)
            assert RFC3339.match(entry.find(f"{ATOM}updated").text)
            entry_id = entry.find(f"{ATOM}id").text
            assert entry_id.startswith("urn:uuid:")
            title = entry.find(f"{ATOM}title").text
            assert seen_ids.setdefault(entry_id, title) == title  # one id per incident, in every feed
    site_feed = ET.parse(out / "feed.atom").getroot()
    assert entry_targets(out, out / "feed.atom", site_feed)[: len(graph.incidents)] == \
        [i.id for i in reversed([i for i in graph.incidents if graph.dates[i.id].known])] + \
        [i.id for i in graph.undated]
    for actor_id in content.actors:
        path = out / "actors" / actor_id / "feed.atom"
        expected = {a.incident.id for a in graph.actor_incidents.get(actor_id, [])}
        assert set(entry_targets(out, path, ET.parse(path).getroot())) == expected
    for place_id in content.places:
        path = out / "places" / place_id / "feed.atom"
        expected = {a.incident.id for a in graph.place_incidents.get(place_id, [])}
        assert set(entry_targets(out, path, ET.parse(path).getroot())) == expected


def test_atom_escapes_hostile_text(built):
    out, _, _ = built
    root = ET.parse(out / "actors" / "formula-actor" / "feed.atom").getroot()
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == HOSTILE_TITLE
    body = entry.find(f"{ATOM}content").text  # HTML, as a feed reader would render it
    assert "<script" not in body and "&lt;img" in body
    assert root.find(f"{ATOM}title").text.endswith(FORMULA_NAME)


def test_feeds_are_capped_at_the_newest_entries():
    content = sitegen.synthetic_content(400)
    graph = build_graph(content)
    feeds = dict(atom_feeds(graph, SiteMeta("Big", feed_entries=25)))
    root = ET.fromstring(feeds["feed.atom"])
    links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    dated = [i for i in graph.incidents if graph.dates[i.id].known]
    assert links == [f"./incidents/{i.id}/" for i in reversed(dated[-25:])]
    busiest = max(graph.actor_incidents, key=lambda a: len(graph.actor_incidents[a]))
    assert len(graph.actor_incidents[busiest]) > 25
    assert len(ET.fromstring(feeds[f"actors/{busiest}/feed.atom"]).findall(f"{ATOM}entry")) == 25


# -- pages link to all of it --------------------------------------------------------------------


def test_pages_announce_their_feed(built):
    out, _, _ = built
    for page in ("index.html", "actors/formula-actor/index.html", "places/south-bay/index.html"):
        text = (out / page).read_text("utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">',
                           text)
        assert len(links) == 1, page
        assert (out / page).parent.joinpath(links[0]).resolve().is_file()
        assert f'<a href="{links[0]}">Atom feed' in text  # visible too, not only for feed readers


def test_downloads_page_links_every_file(built):
    out, _, _ = built
    text = (out / "downloads" / "index.html").read_text("utf-8")
    hrefs = set(re.findall(r'href="([^"]+)"', text))
    for name in ("chronicle.json", "timelinejs.json", "incidents.csv", "incidents.geojson", "incidents.ics"):
        assert f"../downloads/{name}" in hrefs and (out / "downloads" / name).is_file()
    assert '<a href="./downloads/">Downloads</a>' in (out / "index.html").read_text("utf-8")  # in the nav


def test_feeds_and_downloads_are_byte_identical_across_builds(built, tmp_path):
    out, _, _ = built
    again = tmp_path / "out"
    sitegen.built(out.parent / "content", again)
    for path in [*feed_paths(out), *sorted((out / "downloads").iterdir())]:
        rel = path.relative_to(out)
        assert (again / rel).read_bytes() == path.read_bytes(), rel


def test_siteurl_makes_links_absolute_and_keeps_ids(built, tmp_path):
    out, content, _ = built
    site_url = "https://chronicle.example/sub"
    published = tmp_path / "out"
    sitegen.built(out.parent / "content", published, site_url=site_url)
    for rel in ("feed.atom", "actors/formula-actor/feed.atom"):
        local, public = (ET.parse(site / rel).getroot() for site in (out, published))
        assert public.find(f"{ATOM}link[@rel='self']").get("href") == f"{site_url}/{rel}"
        for entry in public.findall(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}link").get("href").startswith(f"{site_url}/incidents/")
        # Feed readers know entries by id: publishing the site must not make them all new.
        assert [e.find(f"{ATOM}id").text for e in public.findall(f"{ATOM}entry")] == \
            [e.find(f"{ATOM}id").text for e in local.findall(f"{ATOM}entry")]
    data = json.loads((published / "downloads" / "chronicle.json").read_text("utf-8"))
    assert {i["url"] for i in data["incidents"]} == {f"{site_url}/incidents/{i}/" for i in content.incidents}
    events = icalendar.Calendar.from_ical((published / "downloads" / "incidents.ics").read_bytes()).walk("VEVENT")
    assert all(str(e["URL"]).startswith(f"{site_url}/incidents/") for e in events)
    _, rows = read_csv(published)
    assert rows and all(row["url"] == f"{site_url}/incidents/{row['event_id']}/" for row in rows)


LICENSE = {"CHRONICLE_DATA_LICENSE": "CC BY 4.0",
           "CHRONICLE_DATA_LICENSE_URL": "https://creativecommons.org/licenses/by/4.0/"}


def test_the_licence_setting_reaches_the_page_and_every_file(built, tmp_path):
    out, content, graph = built
    licensed = tmp_path / "out"
    sitegen.built(out.parent / "content", licensed, settings=LICENSE)
    name, url = LICENSE.values()
    page = (licensed / "downloads" / "index.html").read_text("utf-8")
    assert f'<a href="{url}" rel="license">{name}</a>' in page
    for rel in ("chronicle.json", "incidents.geojson", "timelinejs.json"):
        data = json.loads((licensed / "downloads" / rel).read_text("utf-8"))
        assert data["license"] == {"name": name, "url": url}, rel
        assert data["modified"] and name not in data["citation"] and "Chronicle test" in data["citation"]
    meta = json.loads((licensed / "downloads" / "incidents.csv-metadata.json").read_text("utf-8"))
    assert meta["dc:license"] == {"@id": url} and meta["url"] == "incidents.csv"
    calendar = icalendar.Calendar.from_ical((licensed / "downloads" / "incidents.ics").read_bytes())
    assert name in str(calendar["X-WR-CALDESC"])
    assert f"<rights type=\"text\">Licence: {name}" in (licensed / "feed.atom").read_text("utf-8")
    # Without the setting, nothing claims a licence and the page says none is set.
    unlicensed = json.loads((out / "downloads" / "chronicle.json").read_text("utf-8"))
    assert unlicensed["license"] is None
    assert "No licence has been set" in (out / "downloads" / "index.html").read_text("utf-8")


def test_downloads_page_gives_sizes_last_change_and_citation(built):
    out, content, graph = built
    page = (out / "downloads" / "index.html").read_text("utf-8")
    for path in sorted((out / "downloads").glob("*.*")):
        if path.name == "index.html":
            continue
        size = path.stat().st_size
        shown = re.search(re.escape(path.name) + r"</a>.*?(\d+(?:\.\d)?) (bytes|kB|MB)", page, re.S)
        assert shown, path.name
        value = float(shown.group(1)) * {"bytes": 1, "kB": 1e3, "MB": 1e6}[shown.group(2)]
        assert abs(value - size) <= max(0.06 * size, 1), (path.name, shown.group(0)[-20:], size)
    data = json.loads((out / "downloads" / "chronicle.json").read_text("utf-8"))
    latest = max(max([s.published for s in i.sources if s.published] + [i.updated or ""]) for i in content.incidents.values())
    assert data["modified"] == latest[:10]
    assert f'<time datetime="{data["modified"]}">' in page and "How to cite" in page
    assert data["citation"] in html.unescape(page)


def test_casualty_columns_are_numbers(built):
    out, content, _ = built
    _, rows = read_csv(out)
    meta = json.loads((out / "downloads" / "incidents.csv-metadata.json").read_text("utf-8"))
    types = {c["name"]: c["datatype"] for c in meta["tableSchema"]["columns"]}
    assert list(types) == list(rows[0])
    for row in rows:
        killed = content.incidents[row["event_id"]].casualties.get("killed")
        for column in ("fatalities", "fatalities_low", "fatalities_high", "injured", "injured_low", "injured_high"):
            assert types[column] == "integer"
            assert row[column] == "" or row[column].isdigit(), (column, row[column])
        if killed is not None:
            assert int(row["fatalities"]) == next(v for v in (killed.best, killed.low, killed.high) if v is not None)
            assert row["fatalities_low"] == ("" if killed.low is None else str(killed.low))
    assert any(row["injured"] for row in rows)


# -- TimelineJS itself reads the file ------------------------------------------------------------

TIMELINEJS = sitegen.REPO / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
EMBED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>embed</title>
<link rel="stylesheet" href="tl/css/timeline.css"><script src="tl/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1000px; height: 600px"></div><script>
window.alerts = [];
window.alert = (message) => window.alerts.push(String(message));
fetch("timelinejs.json").then((response) => response.json()).then((data) => {
  const timeline = new TL.Timeline("timeline", data, {script_path: new URL("tl/js/", location.href).href, language: "en"});
  timeline.on("loaded", () => { window.loaded = true; });
});
</script></body></html>"""


@needs_chromium
def test_timelinejs_renders_the_file(built, browser, tmp_path):
    """A newsroom's embed: TimelineJS (npm @knight-lab/timelinejs) on our file, all local."""
    out, content, graph = built
    (tmp_path / "tl").symlink_to(TIMELINEJS, target_is_directory=True)
    (tmp_path / "timelinejs.json").write_bytes((out / "downloads" / "timelinejs.json").read_bytes())
    (tmp_path / "index.html").write_text(EMBED, encoding="utf-8")
    outside: list[str] = []
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: (outside.append(route.request.url),
                                                                             route.abort()))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base)
        page.wait_for_function("window.loaded === true", timeout=30_000)
        headlines = page.eval_on_selector_all(".tl-slide-content .tl-headline", "nodes => nodes.map(n => n.textContent)")
        dates = page.eval_on_selector_all(".tl-slide-content .tl-headline-date", "nodes => nodes.map(n => n.textContent)")
        markup = page.eval_on_selector_all("#timeline script, #timeline img[onerror]", "nodes => nodes.length")
        alerts = page.evaluate("window.alerts")
        page.close()
    assert not errors
    dated = [i for i in graph.incidents if graph.dates[i.id].known]
    assert sorted(headlines) == sorted(["Chronicle test"] + [i.title for i in dated])  # the title slide too
    assert "January 2024" in dates and "c. October 2023" in dates  # display_date shown as written
    assert markup == 0 and alerts == []  # hostile text shows as text
    assert all("fonts." in url for url in outside)  # only TimelineJS's own web fonts, which we blocked


def test_ics_lines_fold_greedily_at_75_octets_without_splitting_a_character():
    import random

    from chronicle.site.exports import fold

    rng = random.Random(5)
    alphabets = ("abc ,;\\", "aé€𝄞 ")  # ASCII only (the fast path), and one to four octets a character
    for alphabet in alphabets:
        for length in range(0, 400, 7):
            line = "".join(rng.choice(alphabet) for _ in range(length))
            folded = fold(line)
            assert folded.replace("\r\n ", "") == line
            physical = [part.encode("utf-8") for part in folded.split("\r\n")]
            assert all(len(part) <= 75 for part in physical)
            assert all(part.startswith(b" ") for part in physical[1:])
            # Greedy: a line is cut only where the next character would not fit.
            for part, after in zip(physical, folded.split("\r\n")[1:]):
                assert len(part) + len(after[1:2].encode("utf-8")) > 75
