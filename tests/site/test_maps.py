"""Maps on a real build: locator maps on place and incident pages, overview maps on the home and
actor pages, each a basemap file drawn once plus a small inline overlay with a text alternative."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import sitegen
from support import write
from chronicle.core.settings import Settings
from chronicle.site import geo
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site (set in Poland's Natural Earth shape) plus France, Paris, and incidents in
    Paris, in France as a whole, and in both Paris and Kessel."""
    work = tmp_path_factory.mktemp("maps")
    content = sitegen.copy_fixture(work / "content")
    write(content, "places/france.yaml", "id: france\nname: France\nkind: country\ngeonames: 3017382\n")
    write(content, "places/paris.yaml", "id: paris\nname: Paris\nkind: city\nwithin: france\n"
                                        "coordinates: {lat: 48.8534, lon: 2.3488}\n")
    write(content, "places/ile-de-france.yaml", "id: ile-de-france\nname: Île-de-France\nkind: region\n"
                                                "within: france\n")
    source = ("sources:\n  - publisher: Example Wire\n    url: https://example.com/a\n"
              "    published: 2024-02-10\n")
    write(content, "events/paris-protest.yaml", "id: paris-protest\ntitle: Protest in Paris\n"
          "date: 2024-02-10\ntype: protest\nstatus: reviewed\n"
          "places:\n  - {ref: paris, role: location}\n" + source)
    write(content, "events/france-strike.yaml", "id: france-strike\ntitle: Strike across France\n"
          "date: 2024-02-11\ntype: protest\nstatus: reviewed\n"
          "actors:\n  - {ref: ALF, role: mentioned}\n"
          "places:\n  - {ref: france, role: location}\n" + source)
    write(content, "events/two-cities.yaml", "id: two-cities\ntitle: Talks in Paris about Kessel\n"
          "date: 2024-02-12\ntype: agreement\nstatus: reviewed\n"
          "places:\n  - {ref: paris, role: location}\n  - {ref: kessel, role: mentioned}\n" + source)
    write(content, "events/paris-and-northmark.yaml", "id: paris-and-northmark\ntitle: Paris summit on Northmark\n"
          "date: 2024-02-13\ntype: agreement\nstatus: reviewed\n"
          "places:\n  - {ref: paris, role: location}\n  - {ref: northmark, role: mentioned}\n" + source)
    out = work / "out"
    sitegen.built(content, out)
    return out


# -- reading a page's map -----------------------------------------------------------------------

class _Figure(HTMLParser):
    """The map figure of a page: basemap src, overlay attributes, circles, title, caption text."""

    def __init__(self):
        super().__init__()
        self.figures = 0
        self.img: dict | None = None
        self.svg: dict | None = None
        self.circles: list[dict] = []
        self.title = ""
        self.caption = ""
        self.caption_links: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "map" in (attrs.get("class") or "").split():
            self.figures += 1
            self._in.append("figure")
        elif "figure" not in self._in:
            return
        elif tag == "img":
            self.img = attrs
        elif tag == "svg":
            self.svg = attrs
        elif tag == "circle":
            self.circles.append(attrs)
        elif tag == "title" and attrs.get("id") == "map-title":
            self._in.append("title")
        elif tag == "figcaption":
            self._in.append("caption")
        elif tag == "a" and "caption" in self._in:
            self.caption_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._in and {"figure": "figure", "title": "title", "figcaption": "caption"}.get(tag) == self._in[-1]:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "title":
            self.title += data
        elif "caption" in self._in:
            self.caption += data


def figure(site: Path, rel: str) -> _Figure:
    parsed = _Figure()
    parsed.feed((site / rel / "index.html").read_text("utf-8"))
    return parsed


def basemap(site: Path, page_rel: str, parsed: _Figure) -> tuple[Path, ET.Element]:
    path = (site / page_rel / parsed.img["src"]).resolve()
    return path, ET.parse(path).getroot()


def path_rings(d: str) -> list[list[tuple[float, float]]]:
    """SVG path data of the forms the basemaps use (M x y, l dx dy ..., L x y ..., z) as rings."""
    rings: list[list[tuple[float, float]]] = []
    for command, numbers in re.findall(r"([MLlz])([^MLlz]*)", d):
        values = [float(v) for v in numbers.split()]
        pairs = list(zip(values[::2], values[1::2]))
        if command == "M":
            rings.append([pairs[0]])
            pairs = pairs[1:]
            command = "L"
        for dx, dy in pairs:
            x, y = rings[-1][-1]
            rings[-1].append((x + dx, y + dy) if command == "l" else (dx, dy))
    return rings


def inside(x: float, y: float, rings) -> bool:
    hit = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


def focus_rings(root: ET.Element) -> list:
    [focus] = [p for p in root.iter(f"{SVG}path") if p.get("class") == "focus"]
    return path_rings(focus.get("d"))


# -- locator maps -------------------------------------------------------------------------------

def test_place_page_marks_the_place_inside_its_country_as_drawn(site):
    page = figure(site, "places/kessel")
    assert page.figures == 1
    assert page.svg["role"] == "img" and "Kessel" in page.title
    assert page.svg["viewbox"] is not None
    # Kessel's incidents, in it and in places within it (the grain terminal), each place a dot.
    assert page.circles
    path, root = basemap(site, "places/kessel", page)
    assert path.name == "country-poland.svg"
    # Overlay and basemap share one coordinate system, and the marks land inside Poland as drawn.
    assert root.get("viewBox") == page.svg["viewbox"]
    assert (page.img["width"], page.img["height"]) == (root.get("width"), root.get("height"))
    for mark in page.circles:
        assert inside(float(mark["cx"]), float(mark["cy"]), focus_rings(root))


def test_paris_is_marked_in_france(site):
    page = figure(site, "places/paris")
    [mark] = page.circles
    path, root = basemap(site, "places/paris", page)
    assert path.name == "country-france.svg"
    assert inside(float(mark["cx"]), float(mark["cy"]), focus_rings(root))
    # ...and not just anywhere in it: Paris is in the north of France (y grows southwards).
    ys = [y for ring in focus_rings(root) for _, y in ring]
    assert float(mark["cy"]) < (min(ys) + max(ys)) / 2


def test_a_country_page_plots_the_places_within_and_shades_itself_for_the_rest(site):
    page = figure(site, "places/france")
    path, root = basemap(site, "places/france", page)
    assert path.name == "country-france.svg" and focus_rings(root)
    html = (site / "places/france/index.html").read_text("utf-8")
    overlay = html[html.index('<svg class="map-marks"'):html.index("</svg>")]
    # Paris, within France, is a dot; the incident naming only France shades it: no dot at its middle.
    assert re.findall(r"<circle[^>]*><title>([^:<]*)", overlay) == ["Paris"]
    assert '<path class="shade"' in overlay and "France (1)" in page.caption


def test_a_region_without_coordinates_shows_its_country_and_says_why(site):
    page = figure(site, "places/ile-de-france")
    assert page.circles == []
    assert basemap(site, "places/ile-de-france", page)[0].name == "country-france.svg"
    assert "Île-de-France has no coordinates yet" in page.caption


def test_a_place_with_no_position_at_all_has_no_map(site):
    assert figure(site, "places/gulf-of-saren").figures == 0


def test_incident_page_marks_each_of_its_places(site):
    page = figure(site, "incidents/alf-drone-attack-kessel-terminal")
    assert page.figures == 1 and len(page.circles) >= 1
    assert basemap(site, "incidents/alf-drone-attack-kessel-terminal", page)[0].name == "country-poland.svg"
    # Places in two countries: one view (an area) that shows both marks.
    both = figure(site, "incidents/two-cities")
    assert len(both.circles) == 2
    path, root = basemap(site, "incidents/two-cities", both)
    assert path.name.startswith("area-")
    width, height = float(root.get("width")), float(root.get("height"))
    for mark in both.circles:
        assert 0 <= float(mark["cx"]) <= width and 0 <= float(mark["cy"]) <= height
    assert "Paris" in both.title and "Kessel" in both.title


def test_a_country_named_beside_a_marked_place_widens_the_view_to_show_it(site):
    # Paris is marked; Northmark, a country (drawn where its coordinates fall: Poland), is not
    # marked but must be in view, so the map is an area, not France alone.
    page = figure(site, "incidents/paris-and-northmark")
    [mark] = page.circles
    assert "Paris" in page.title
    path = basemap(site, "incidents/paris-and-northmark", page)[0]
    assert path.name.startswith("area-")
    east = path.stem.rsplit("-", 1)[1]
    assert east.endswith("e") and int(east[:-1]) >= 24.15  # Poland's eastern edge is at 24.15°E


# -- overview maps ------------------------------------------------------------------------------

def counts_in_caption(page: _Figure) -> dict[str, int]:
    return {name.strip(): int(n) for name, n in re.findall(r"([^:,.]+?) \((\d+)\)", page.caption)}


def test_home_map_counts_every_incident_at_its_place(site):
    page = figure(site, "")
    assert page.figures == 1
    counts = counts_in_caption(page)
    # Every located place is a dot; the dot titles carry the same counts as the caption.
    titles = {}
    for circle_title in re.findall(r"<circle[^>]*><title>([^<]*)</title>", (site / "index.html").read_text("utf-8")):
        name, n = circle_title.rsplit(": ", 1)
        titles[name] = int(n.split()[0])
    assert counts["Paris"] == 3 and titles["Paris"] == 3
    # The strike across France names only the country: France is shaded, with no dot at its middle.
    assert counts["France"] == 1 and "France" not in titles
    assert "Shaded, for incidents that name only the country" in page.caption
    # Drafts do not reshape the home map: the Gulf of Saren has only a draft (the relief convoy).
    assert "Gulf of Saren" not in counts and "Gulf of Saren" not in titles
    assert "drafts not yet reviewed" in page.title
    shaded = re.search(r"Shaded, for incidents that name only the country: (.*?)\.", page.caption).group(1)
    assert {k: v for k, v in counts.items() if k not in shaded} == titles
    # "N incidents at M places" counts incidents, each once however many places it names.
    placed = {i for i in sitegen_incidents_with_places(site)}
    assert f"{len(placed)} incidents at" in page.title
    # Points in two countries far apart: the home map is an area or the world.
    assert not page.img["src"].endswith(("country-poland.svg", "country-france.svg"))


def sitegen_incidents_with_places(site):
    """The reviewed incidents of the map fixture that name a place with a position (drafts stay off
    the home map): from its content."""
    content, problems = load_content(site.parent / "content")
    assert not problems
    graph = build_graph(content, geo.load_atlas())
    return {i.id for i in graph.incidents if i.status != "draft"
            and any(graph.location(pr.place) for pr in graph.incident_places[i.id])}


def test_actor_page_maps_only_the_actors_incidents(site):
    page = figure(site, "actors/aster-liberation-front")
    assert page.figures == 1
    counts = counts_in_caption(page)
    assert counts.get("France") == 1  # the one incident that mentions ALF in France
    assert "Paris" not in counts
    assert "Aster Liberation Front" in page.title


# -- what every map carries ---------------------------------------------------------------------

def pages_with_maps(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("index.html")) if 'class="map ' in p.read_text("utf-8")]


def test_maps_are_on_every_page_kind_with_a_text_alternative_and_the_boundary_note(site):
    mapped = {str(p.parent.relative_to(site)) for p in pages_with_maps(site)}
    assert {".", "places/kessel", "incidents/paris-protest", "actors/aster-liberation-front"} <= mapped
    for path in pages_with_maps(site):
        parsed = _Figure()
        parsed.feed(path.read_text("utf-8"))
        assert parsed.svg["role"] == "img" and parsed.title.strip(), path
        assert parsed.img["alt"] == "", path  # the overlay names the map; the basemap is not read twice
        assert "Natural Earth" in parsed.caption and "de facto" in parsed.caption, path


def test_no_map_asks_for_anything_outside_the_site(site):
    for svg in sorted((site / "maps").glob("*.svg")):
        text = svg.read_text("utf-8")
        ET.fromstring(text)  # well-formed
        assert not re.search(r"href|src=|url\(|@import", text), svg
        assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"], svg
    for path in pages_with_maps(site):
        html = path.read_text("utf-8")
        overlay = html[html.index('<svg class="map-marks"'):html.index("</svg>")]
        assert "http" not in overlay and "href" not in overlay, path
        # Each dot of an overview links to its place's page on this site, relatively.
        marks = html[html.index('<svg class="map-marks"'):html.index("</svg>")].count("<circle")
        for link in re.findall(r'<div class="map-links"[^>]*>(.*?)</div>', html):
            assert link.count("<a ") == marks, path
            hrefs = re.findall(r'href="([^"]*)"', link)
            assert hrefs and all(h.startswith(("../", "./")) and "http" not in h for h in hrefs), path


def test_each_basemap_is_written_once_and_pages_only_carry_their_marks(site):
    used = {}
    for path in pages_with_maps(site):
        parsed = _Figure()
        parsed.feed(path.read_text("utf-8"))
        used[(path.parent / parsed.img["src"]).resolve()] = path
    assert set(used) == {p.resolve() for p in (site / "maps").glob("*.svg")}  # no unused basemap
    for path in pages_with_maps(site):
        html = path.read_text("utf-8")
        overlay = html[html.index('<svg class="map-marks"'):html.index("</svg>")]
        # Marks only (and the outline of a shaded country): the basemap is never repeated.
        marks = re.sub(r'<path class="shade"[^>]*>', "", overlay)
        assert len(marks) < 6000 and "<path" not in marks, path
        assert overlay.count('<path class="shade"') <= 3, path


def test_print_stylesheet_keeps_maps_whole_and_coloured():
    css = (sitegen.THEME / "static" / "css" / "chronicle.css").read_text("utf-8")
    print_rules = css[css.index("@media print"):]
    assert ".map" in print_rules and "print-color-adjust: exact" in print_rules
    hidden = re.search(r"([^{}]*)\{\s*display: none", print_rules).group(1)
    assert "map" not in hidden


# -- drawing: the shortcuts give the plain drawing's bytes ------------------------------------


def _plain_clip(points, box):
    """Sutherland–Hodgman as the textbook writes it, one point at a time."""
    x0, y0, x1, y1 = box
    for axis, limit, upper in ((0, x0, False), (0, x1, True), (1, y0, False), (1, y1, True)):
        if not points:
            break
        inside = (lambda p: p[axis] <= limit) if upper else (lambda p: p[axis] >= limit)
        result, previous = [], points[-1]
        for current in points:
            if inside(current) != inside(previous):
                t = (limit - previous[axis]) / (current[axis] - previous[axis])
                result.append((limit, previous[1] + t * (current[1] - previous[1])) if axis == 0
                              else (previous[0] + t * (current[0] - previous[0]), limit))
            if inside(current):
                result.append(current)
            previous = current
        points = result
    return points


def _plain_ring_path(ring, view, box):
    from chronicle.site import maps
    kept = []
    for x, y in _plain_clip([view.xy(lon, lat) for lon, lat in ring[:-1]], box):
        point = (round(x * 10), round(y * 10))
        if not kept or abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= maps.SIMPLIFY * 10:
            kept.append(point)
    if len(kept) < 3:
        return ""
    return (f"M{maps.tenths(kept[0][0])} {maps.tenths(kept[0][1])}l"
            + " ".join(f"{maps.tenths(b[0] - a[0])} {maps.tenths(b[1] - a[1])}" for a, b in zip(kept, kept[1:])) + "z")


@pytest.fixture(scope="module")
def atlas():
    from chronicle.site import geo
    return geo.load_atlas()


def test_drawing_skips_only_what_clipping_would_drop(atlas):
    """Views of random boxes, some across the 180th meridian, some the world: every ring of every
    country in view is drawn to the same path data as projecting and clipping every position."""
    import random

    from chronicle.site import maps
    rng = random.Random(5)
    views = [maps.world_view()]
    for n in range(40):
        west, south = rng.uniform(-200, 170), rng.uniform(-60, 60)
        span = rng.choice([3.0, 12.0, 35.0])
        views.append(maps.local_view(f"t{n}", "test", (west, south, west + span, south + span * rng.uniform(0.4, 1.2))))
    views.append(maps.local_view("chukotka", "test", (165.0, 60.0, 195.0, 72.0)))  # across the far meridian
    drawn = skipped = 0
    for view in views:
        box = (-10.0, -10.0, view.width + 10.0, view.height + 10.0)
        for country in atlas.countries:
            for polygon in country.polygons:
                if not view.overlaps(polygon.bbox):
                    continue
                for ring, boxes in zip(polygon.rings, polygon.chunk_boxes):
                    fast = maps.ring_path(ring, view, box, boxes)
                    assert fast == _plain_ring_path(ring, view, box), (view.key, country.name)
                    points, _ = maps.projected_ring(ring, boxes, view, box)
                    drawn += bool(fast)
                    skipped += len(ring) - 1 - len(points)
    assert drawn > 1000 and skipped > 10_000  # many rings drawn, and many positions spared


def same_figure(one, other) -> bool:
    """Whether two maps say the same, field by field (a MapFigure equals only itself)."""
    if one is None or other is None:
        return one is other
    return all(getattr(one, f.name) == getattr(other, f.name) for f in dataclasses.fields(one))


def test_the_plan_foresees_exactly_the_views_the_pages_use(atlas, tmp_path):
    from chronicle.site import geo, maps, pages
    from chronicle.content.load import load_content
    from chronicle.site.graph import build_graph
    content, problems = load_content(sitegen.write_content(tmp_path / "content", sitegen.realistic_data(600)))
    assert problems == []
    graph = build_graph(content, atlas)
    coarse = geo.load_atlas(scale="110m")
    planner = maps.Cartographer(atlas, coarse)
    planned = planner.plan(graph)
    renderer = maps.Cartographer(atlas, coarse)  # as a process rendering pages, without the plan
    subjects = 0
    for maker in pages.page_makers(graph, Settings()):
        for page in maker():
            if isinstance(page, pages.Page) and page.subject is not None:
                subjects += 1
                assert same_figure(renderer.figure(page.subject, graph), planner.figure(page.subject, graph)), page.url
    # Every incident, actor and place has a page whose first (or only) page shows its map, and so has the home page.
    assert subjects == 1 + len(content.incidents) + len(content.actors) + len(content.places)
    assert [v.key for v in planned] == sorted(renderer.views) and len(planned) > 20


def test_one_far_off_report_does_not_zoom_the_overview_out(atlas, tmp_path):
    from chronicle.site import maps
    content_dir = sitegen.copy_fixture(tmp_path / "content")
    write(content_dir, "places/far-city.yaml", "id: far-city\nname: Far City\nkind: city\n"
                                               "coordinates: {lat: 38.9, lon: -77.0}\n")
    write(content_dir, "events/far-statement.yaml",
          "id: far-statement\ntitle: A statement far away\ndate: 2024-01-25\ntype: statement\nstatus: draft\n"
          "places:\n  - {ref: far-city, role: location}\n"
          "sources:\n  - publisher: Example Wire\n    url: https://example.com/far\n")
    content, problems = load_content(content_dir)
    assert not problems
    graph = build_graph(content, atlas)
    cartographer = maps.Cartographer(atlas, geo.load_atlas(scale="110m"))
    figure = cartographer.overview(graph.incidents, graph, "everything")
    assert not figure.view.world and "Far City" in [p.name for p, _ in figure.elsewhere]
    assert all(mark.place.id != "far-city" for mark in figure.marks)
    # Every incident with a place drawn or named elsewhere is counted once in the title.
    placed = [i for i in graph.incidents if any(graph.location(pr.place) for pr in graph.incident_places[i.id])]
    assert f"{len(placed)} incidents at" in figure.title
