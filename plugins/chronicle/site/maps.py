"""Static SVG maps: locator maps for places and incidents, overview maps for the home and actor pages.

Each map is two layers with the same viewBox. The basemap (land, borders, sea) is
drawn once per *view* (the world, or one country and its neighbours, or an area)
and written to ``output/maps/<view>.svg``; pages show it as an ``<img>``. The
points of one page are a small inline ``<svg>`` laid over it, which carries the
text alternative. So a 10,000-page site writes each basemap once and each page
adds a few hundred bytes, and no map needs JavaScript, a tile server or any
request off the site.

Projections are our own: Natural Earth I for the world (the polynomial published by
Šavrič, Jenny, Patterson and Hurni, 2011), and for a country or area an
equirectangular projection whose horizontal scale is true at the view's middle
latitude. Coordinates are written in tenths of a unit, so output is deterministic.

Natural Earth draws de facto boundaries; ``BOUNDARY_NOTE`` says so under every map.
"""

from __future__ import annotations

import functools
import math
import operator
from dataclasses import dataclass, field
from typing import Iterator

from markupsafe import Markup, escape

from chronicle.site.geo import CHUNK, Atlas, BBox, Country, Polygon, Ring
from chronicle.site.chart import bar_bits, bar_index, mask_text
from chronicle.site.graph import HOME, SiteGraph
from chronicle.core.model import Incident, Place

BOUNDARY_NOTE = ("Boundaries from Natural Earth (public domain), which draws de facto boundaries: "
                 "the lines of actual control, not any party's claims.")
MAPS_DIR = "maps"  # under output/
WORLD_WIDTH = 960  # viewBox units; the basemap file and the overlay share them
LOCAL_WIDTH = 800
WORLD_LATITUDES = (-60.0, 84.0)  # Antarctica and the high Arctic left out: no room, rarely news
MIN_SPAN = 6.0  # degrees of latitude a country or area view shows at least
MAX_LOCAL_SPAN = (110.0, 70.0)  # wider or taller than this (lon, lat degrees): show the world
AREA_GRID = 5.0  # areas (several countries, or sea) snap to this grid, so pages share basemaps
DETAIL_SPAN = 40.0  # degrees of longitude: wider views are drawn from the 1:110m shapes
SIMPLIFY = 1.2  # drop a vertex closer than this (viewBox units) to the last one kept
CAPTION_PLACES = 12  # places named under an overview map; the page's lists name the rest
# Dots an overview map draws at most: the places with the most incidents. Past a hundred, more dots
# only pile up on a map a page wide, and each costs the page its dot and its link; the caption
# says how many smaller places are left off, so a big site's home page stays small.
MAX_DOTS = 100
LOCATOR_RADIUS = 13.0  # viewBox units: about 6 px on a phone, 9 px on a wide screen


# -- projections --------------------------------------------------------------------------------


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I, in radians of the unit sphere (y grows northwards)."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


@dataclass(frozen=True)
class View:
    """One basemap: what it shows, and how positions map to its viewBox."""

    key: str  # file name stem under maps/: "world", "country-iraq", "area-30n-40e-50n-60e"
    name: str  # "the world", "Iraq and its neighbours"
    bbox: BBox  # west, south, east, north (degrees) that the view shows
    width: int
    height: int
    world: bool = False
    focus: Country | None = None

    @property
    def url(self) -> str:
        return f"{MAPS_DIR}/{self.key}.svg"

    @functools.cached_property
    def _scale(self) -> tuple[float, float, float, float]:
        """(x origin, y origin, x and y units per projected unit), worked out once per view."""
        west, south, east, north = self.bbox
        if self.world:
            x0, _ = natural_earth(-180, 0)
            _, y1 = natural_earth(0, north)
            k = self.width / (2 * -x0)
            return x0, y1, k, k
        per_degree = self.width / (east - west)
        return west, north, per_degree, per_degree / math.cos(math.radians((south + north) / 2))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x0, y0, kx, ky = self._scale
        if self.world:
            x, y = natural_earth(lon, lat)
            return (x - x0) * kx, (y0 - y) * ky
        west, _, east, _ = self.bbox
        # A view may run past the 180th meridian (Chukotka, Fiji): take each longitude on its side.
        lon += 360 * round(((west + east) / 2 - lon) / 360)
        return (lon - x0) * kx, (y0 - lat) * ky

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        if not self.world:
            lon += 360 * round(((west + east) / 2 - lon) / 360)
        return west <= lon <= east and south <= lat <= north

    def overlaps(self, bbox: BBox) -> bool:
        """Does a (west, south, east, north) box reach into the view, either side of the 180th meridian?"""
        west, south, east, north = self.bbox
        if bbox[3] < south or bbox[1] > north:
            return False
        shifts = (0,) if self.world else (-360, 0, 360)
        return any(bbox[0] + s <= east and bbox[2] + s >= west for s in shifts)


def world_view() -> View:
    south, north = WORLD_LATITUDES
    x0, _ = natural_earth(-180, 0)
    _, y0 = natural_earth(0, south)
    _, y1 = natural_earth(0, north)
    height = round(WORLD_WIDTH * (y1 - y0) / (2 * -x0))
    return View("world", "the world", (-180.0, south, 180.0, north), WORLD_WIDTH, height, world=True)


def local_view(key: str, name: str, bbox: BBox, focus: Country | None = None) -> View:
    """A view of ``bbox`` padded a little, at least MIN_SPAN high, between 1:1 and 2:1 wide."""
    west, south, east, north = bbox
    pad_x = max((east - west) * 0.12, 0.5)
    pad_y = max((north - south) * 0.12, 0.5)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    if north - south < MIN_SPAN:
        middle = (north + south) / 2
        south, north = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    stretch = math.cos(math.radians((south + north) / 2))
    width_units, height_units = (east - west) * stretch, north - south
    if width_units < height_units:  # too tall: widen
        extra = (height_units / stretch - (east - west)) / 2
        west, east = west - extra, east + extra
    elif width_units > 2 * height_units:  # too flat: heighten
        extra = (width_units / 2 - height_units) / 2
        south, north = south - extra, north + extra
    south, north = max(south, -85.0), min(north, 85.0)
    stretch = math.cos(math.radians((south + north) / 2))
    height = round(LOCAL_WIDTH * (north - south) / ((east - west) * stretch))
    box = tuple(round(v, 4) for v in (west, south, east, north))
    return View(key, name, box, LOCAL_WIDTH, height, focus=focus)  # type: ignore[arg-type]


def too_wide(bbox: BBox) -> bool:
    west, south, east, north = bbox
    return east - west > MAX_LOCAL_SPAN[0] or north - south > MAX_LOCAL_SPAN[1]


def polygon_extent(polygon: Polygon) -> BBox:
    """A polygon's box; one cut by the 180th meridian (Russia's east) keeps its larger side."""
    west, south, east, north = polygon.bbox
    if east - west <= 180:
        return polygon.bbox
    shifted = [lon + 360 if lon < 0 else lon for lon, _ in polygon.rings[0]]  # 180 is the middle now
    return min(shifted), south, max(shifted), north


def union(boxes) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def snapped(bbox: BBox) -> BBox:
    west, south, east, north = bbox
    g = AREA_GRID
    return (math.floor(west / g) * g, math.floor(south / g) * g,
            max(math.ceil(east / g) * g, math.floor(west / g) * g + g),
            max(math.ceil(north / g) * g, math.floor(south / g) * g + g))


def degrees_label(value: float, positive: str, negative: str) -> str:
    return f"{abs(int(value))}{positive if value >= 0 else negative}"


# -- drawing basemaps ---------------------------------------------------------------------------


def clip_ring(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list:
    """Sutherland–Hodgman: the part of a ring inside an axis-aligned box (edges along the box)."""
    x0, y0, x1, y1 = box
    for axis, limit, upper in ((0, x0, False), (0, x1, True), (1, y0, False), (1, y1, True)):
        if not points:
            break
        points = clip_edge(points, axis, limit, upper)
    return points


def clip_edge(points: list[tuple[float, float]], axis: int, limit: float, upper: bool) -> list:
    """The part of a ring on the inner side of one box edge: each point inside, and where an edge
    of the ring crosses the box edge, the crossing."""
    inside = [p[axis] <= limit for p in points] if upper else [p[axis] >= limit for p in points]
    if all(inside):
        return points
    if not any(inside):
        return []
    result = []
    previous, was_inside = points[-1], inside[-1]
    for current, is_inside in zip(points, inside):
        if is_inside != was_inside:
            t = (limit - previous[axis]) / (current[axis] - previous[axis])
            result.append((limit, previous[1] + t * (current[1] - previous[1])) if axis == 0
                          else (previous[0] + t * (current[0] - previous[0]), limit))
        if is_inside:
            result.append(current)
        previous, was_inside = current, is_inside
    return result


class StepTexts(dict):
    """``tenths(step)`` by step: most steps along a coast are a few units, and a few hundred
    texts serve a whole map; each is formatted once, when first met."""

    def __missing__(self, step: int) -> str:
        text = self[step] = tenths(step)
        return text


def projected_ring(ring: Ring, boxes: tuple[BBox, ...], view: View, box) -> tuple[list, bool]:
    """A ring's positions in the view, as ``view.xy`` gives them, less those that ``clip_ring(…, box)``
    would drop anyway; and whether all of them are inside ``box`` (nothing to clip).

    What may be left out: clipping meets the box's edges one at a time (left, right, top,
    bottom), and from a run of consecutive positions that the first edge any of them fails is
    the same for all, only the run's two ends change the result (the edges between them lie wholly
    outside that box edge, and every earlier one passes them on unchanged). Each run of CHUNK
    positions whose box (``boxes``, in degrees) projects wholly past one such edge keeps its two
    ends. A local view's projection is per axis and monotonic, so a run's projected box bounds its
    projected positions exactly; the world's is not, so it is projected whole."""
    x_min, y_min, x_max, y_max = box
    if view.world:
        points = [view.xy(lon, lat) for lon, lat in ring[:-1]]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return points, min(xs) >= x_min and max(xs) <= x_max and min(ys) >= y_min and max(ys) <= y_max
    x0, y0, kx, ky = view._scale
    west, _, east, _ = view.bbox
    middle = (west + east) / 2
    points: list[tuple[float, float]] = []
    inside = True
    end = len(ring) - 1
    for start, (lon_w, lat_s, lon_e, lat_n) in zip(range(0, end, CHUNK), boxes):
        run = ring[start:min(start + CHUNK, end)]
        # As View.xy: each longitude is taken on the view's side of the 180th meridian.
        shift = 360 * round((middle - lon_w) / 360)
        if shift != 360 * round((middle - lon_e) / 360):  # the run crosses the far meridian
            points.extend(view.xy(lon, lat) for lon, lat in run)
            inside = False
            continue
        left, right = (lon_w + shift - x0) * kx, (lon_e + shift - x0) * kx
        top, bottom = (y0 - lat_n) * ky, (y0 - lat_s) * ky
        across = left >= x_min and right <= x_max
        if across and top >= y_min and bottom <= y_max:
            points.extend([((lon + shift - x0) * kx, (y0 - lat) * ky) for lon, lat in run])
            continue
        inside = False
        if right < x_min or left > x_max or (across and (bottom < y_min or top > y_max)):
            run = (run[0], run[-1]) if len(run) > 1 else run
        points.extend([((lon + shift - x0) * kx, (y0 - lat) * ky) for lon, lat in run])
    return points, inside


def ring_path(ring: Ring, view: View, box, boxes: tuple[BBox, ...] | None = None,
              texts: StepTexts | None = None) -> str:
    """A ring as SVG path data in tenths of a unit: absolute start, then relative steps.
    ``boxes``, the ring's ``geo.chunk_boxes``, spare projecting what clipping would drop; ``texts``
    is shared by the rings of one map."""
    texts = StepTexts() if texts is None else texts
    if boxes is None:
        projected = clip_ring([view.xy(lon, lat) for lon, lat in ring[:-1]], box)
    else:
        points, inside = projected_ring(ring, boxes, view, box)
        projected = points if inside else clip_ring(points, box)  # inside: clipping returns them as they are
    xs: list[int] = []
    ys: list[int] = []
    last_x = last_y = 0
    least = SIMPLIFY * 10
    for x, y in projected:
        px, py = round(x * 10), round(y * 10)
        if not xs or abs(px - last_x) + abs(py - last_y) >= least:
            xs.append(px)
            ys.append(py)
            last_x, last_y = px, py
    if len(xs) < 3:
        return ""
    steps = map("{} {}".format, map(texts.__getitem__, map(operator.sub, xs[1:], xs)),
                map(texts.__getitem__, map(operator.sub, ys[1:], ys)))
    return f"M{tenths(xs[0])} {tenths(ys[0])}l{' '.join(steps)}z"


def tenths(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def country_path(country: Country, view: View, texts: StepTexts | None = None) -> str:
    margin = 10.0
    box = (-margin, -margin, view.width + margin, view.height + margin)
    if not view.overlaps(country.bbox):
        return ""
    parts = []
    for polygon in country.polygons:
        if not view.overlaps(polygon.bbox):
            continue
        parts.extend(ring_path(ring, view, box, boxes, texts)
                     for ring, boxes in zip(polygon.rings, polygon.chunk_boxes))
    return "".join(p for p in parts if p)


BASEMAP_STYLE = (".sea{fill:#d6e6f0}.land{fill:#ebe7dd;stroke:#a29a87;stroke-width:.7;stroke-linejoin:round}"
                 ".focus{fill:#f6dfa6;stroke:#7d6318;stroke-width:1.4}")


def outline_path(view: View) -> str:
    """The world's edge in Natural Earth I: the 180th meridians and the cut-off parallels."""
    south, north = WORLD_LATITUDES
    steps = int(north - south)
    edge = ([(180.0, south + i) for i in range(steps + 1)] + [(180.0 - 4 * i, north) for i in range(91)]
            + [(-180.0, north - i) for i in range(steps + 1)] + [(-180.0 + 4 * i, south) for i in range(91)])
    points = [(round(x * 10), round(y * 10)) for x, y in (view.xy(lon, lat) for lon, lat in edge)]
    return "M" + "L".join(f"{tenths(x)} {tenths(y)}" for x, y in points) + "z"


def basemap_svg(view: View, atlas: Atlas) -> str:
    """The basemap file: sea, every country in view, the focus country highlighted."""
    sea = (f'<path class="sea" d="{outline_path(view)}"/>' if view.world
           else f'<rect class="sea" width="{view.width}" height="{view.height}"/>')
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
             f'width="{view.width}" height="{view.height}">',
             f"<title>Map of {view.name}</title>", f"<style>{BASEMAP_STYLE}</style>", sea]
    texts = StepTexts()
    for country in atlas.countries:
        if view.world and country.name == "Antarctica":
            continue
        path = country_path(country, view, texts)
        if path:
            css = "focus" if view.focus is not None and country.key == view.focus.key else "land"
            lines.append(f'<path class="{css}" fill-rule="evenodd" d="{path}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


# -- what a page's map shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    x: str  # viewBox units, formatted
    y: str
    r: str
    place: Place
    count: int  # incidents (overview maps); 1 on locator maps
    number: int = 0  # its number in the caption's legend (overview maps), 0 for none
    bars: str = ""  # the page chart's bars its incidents are in, as chart.mask_text (overview maps)
    box: str = ""  # where its link lies over the map, as CSS (overview maps): worked out here, not per page

    @property
    def label(self) -> str:
        """What its title and its link say on an overview map."""
        return f"{self.place.name}: {self.count} incident{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class Shade:
    """A country shaded on an overview map: incidents there that name no place in it more precise."""

    place: Place  # the country's own entry
    count: int
    path: str  # the country's outline in the view's viewBox units


@dataclass(frozen=True, eq=False)
class MapFigure:
    """Everything a template needs to show one map. The same map only as the same object: a map
    is made once per subject or set of places and shared (``Cartographer``), and comparing or
    hashing by value would go through every place on it (map.html renders a shared one once,
    keyed by the figure)."""

    kind: str  # "locator" or "overview"
    view: View
    title: str  # the overlay's accessible name
    description: str
    marks: tuple[Mark, ...]
    listed: tuple[tuple[Place, int], ...]  # places named in the caption, with incident counts
    more: int  # further places on the map not named in the caption
    unmapped: tuple[tuple[Place, int], ...]  # places with incidents but no known position
    note: str = ""  # why the map shows less than asked, e.g. a place with no coordinates
    boundary_note: str = BOUNDARY_NOTE
    shades: tuple[Shade, ...] = ()  # countries shaded (overview maps)
    elsewhere: tuple[tuple[Place, int], ...] = ()  # few incidents far off, left out of the view
    incidents: int = 0  # incidents drawn (overview maps)
    undrawn: int = 0  # places in view with the fewest incidents, not drawn past MAX_DOTS (overview maps)
    undrawn_most: int = 0  # the most incidents at any of those places

    @functools.cached_property
    def marks_svg(self) -> Markup:
        """The shaded countries and the dots as SVG, for the overlay over the basemap (map.html):
        made once per map, which many pages share (a locator serves every incident at its places)."""
        lines = [f'      <path class="shade" fill-rule="evenodd" d="{shade.path}"><title>{escape(shade.place.name)}: '
                 f'{shade.count} incident{"" if shade.count == 1 else "s"} naming only the country</title></path>\n'
                 for shade in self.shades]
        overview = self.kind == "overview"
        for mark in self.marks:
            bars = f' data-bars="{mark.bars}"' if overview else ""
            number = (f'<text class="mark-number" x="{mark.x}" y="{mark.y}" dy="0.35em" text-anchor="middle">'
                      f'{mark.number}</text>') if mark.number else ""
            lines.append(f'      <circle cx="{mark.x}" cy="{mark.y}" r="{mark.r}"{bars}><title>'
                         f'{escape(mark.label if overview else mark.place.name)}</title></circle>{number}')
        return Markup("".join(lines))


OUTLIER_SHARE = 0.1  # an overview's view may leave out far-off places holding this share of its incidents


def country_level(place: Place, graph: SiteGraph) -> bool:
    """Whether a place is only as precise as a country: a country, or a place drawn at a country's
    point because it has no coordinates of its own. A dot at a country's middle (often its capital)
    would say the incident happened there."""
    location = graph.location(place)
    return place.kind == "country" or (location is not None and location.place.kind == "country")


def marks_itself(place: Place, graph: SiteGraph) -> bool:
    """A place gets a marker when its own coordinates say where it is. A country does not: its
    coordinates are a representative point (often the capital), so the country is highlighted."""
    location = graph.location(place)
    return location is not None and location.source == "coordinates" and place.kind != "country"


def name_list(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass
class Cartographer:
    """Chooses each page's view and marks, and writes each basemap used once.

    Holds the decoded shapes for the whole build (the detailed 1:50m for countries and
    areas, the 1:110m for the world) and the views already chosen.
    """

    detailed: Atlas
    coarse: Atlas
    views: dict[str, View] = field(default_factory=dict)  # every view a page used, by key
    outlines: dict[tuple[str, str], str] = field(default_factory=dict)  # (view, country) -> path
    locators: dict[tuple[str, ...], MapFigure | None] = field(default_factory=dict)  # by place ids
    figures: dict[tuple[str, str], MapFigure | None] = field(default_factory=dict)  # by page subject
    spots: dict[str, tuple[str, Place | None]] = field(default_factory=dict)  # place id -> ``spot``
    incident_spot_cache: dict[str, tuple] = field(default_factory=dict)  # incident id -> ``incident_spots``
    areas: dict[str, frozenset[str]] = field(default_factory=dict)  # place id -> ``within``

    def _use(self, view: View) -> View:
        return self.views.setdefault(view.key, view)

    def country_view(self, country: Country, polygon: Polygon | None = None) -> View:
        """A country and its neighbours; a far-off part of it (French Guiana) gets its own view."""
        index = country.polygons.index(polygon) if polygon is not None else 0
        key = f"country-{country.key}" + (f"-{index}" if index else "")
        if key in self.views:
            return self.views[key]
        return self._use(local_view(key, f"{country.name} and its neighbours",
                                    polygon_extent(country.polygons[index]), focus=country))

    def area_view(self, bbox: BBox) -> View:
        box = snapped(bbox)
        if too_wide(box):
            return self._use(world_view())
        west, south, east, north = box
        key = "area-" + "-".join([degrees_label(south, "n", "s"), degrees_label(west, "e", "w"),
                                  degrees_label(north, "n", "s"), degrees_label(east, "e", "w")])
        name = (f"the area from {degrees_label(south, '°N', '°S')} to {degrees_label(north, '°N', '°S')}, "
                f"{degrees_label(west, '°E', '°W')} to {degrees_label(east, '°E', '°W')}")
        return self.views.get(key) or self._use(local_view(key, name, box))

    def view_for(self, points: list[tuple[float, float]], countries: list[Country],
                 whole: list[Country] = ()) -> View:  # type: ignore[assignment]
        """The closest view that shows every (lat, lon) point (in ``countries``) and every country
        in ``whole``: their one country and its neighbours, else an area, else the world (also for
        points at sea alone: an area per stretch of sea would be a basemap per point)."""
        named = [*countries, *whole]
        if len({c.key for c in named}) == 1:
            country = named[0]
            # Which polygon only matters when there are several (a single one is index 0 either way).
            polygon = (country.polygon_at(points[0][1], points[0][0])
                       if points and len(country.polygons) > 1 else None)
            view = self.country_view(country, polygon)
            if all(view.contains(lon, lat) for lat, lon in points):
                return view
        if named:
            return self.area_view(union([*((lon, lat, lon, lat) for lat, lon in points),
                                         *(polygon_extent(c.main) for c in whole)]))
        return self._use(world_view())

    def _marks(self, view: View, located: list[tuple[Place, int]], graph: SiteGraph, overview: bool,
               numbers: dict[str, int] | None = None, masks: dict[str, str] | None = None):
        """A mark per place; on overview maps with its number in the caption and its bars' mask."""
        numbers, masks = numbers or {}, masks or {}
        top = max((n for _, n in located), default=1)
        marks = []
        for place, count in located:
            lat, lon = graph.point(place)  # type: ignore[misc]
            x, y = view.xy(lon, lat)
            radius = (4 + 14 * math.sqrt(count / top)) * view.width / WORLD_WIDTH if overview else LOCATOR_RADIUS
            x_text, y_text, r_text = f"{x:.1f}", f"{y:.1f}", f"{radius:.1f}"
            # The link's box in percent of the map, from the figures the SVG gives (the same rounding).
            box = (f"left:{float(x_text) * 100 / view.width:.1f}%;top:{float(y_text) * 100 / view.height:.1f}%;"
                   f"width:{float(r_text) * 200 / view.width:.2f}%") if overview else ""
            marks.append(Mark(x_text, y_text, r_text, place, count, numbers.get(place.id, 0),
                              masks.get(place.id, ""), box))
        # Big dots first, so smaller ones stay visible on top of them.
        return tuple(sorted(marks, key=lambda m: (-m.count, m.place.name.casefold(), m.place.id)))

    # -- locator maps

    def locator(self, places: list[Place], graph: SiteGraph) -> MapFigure | None:
        """Where ``places`` are: each marked when it has coordinates, else its country highlighted.
        Worked out once per set of places: thousands of incidents share a few hundred places."""
        key = tuple(p.id for p in places)
        if key not in self.locators:
            self.locators[key] = self._locator(places, graph)
        return self.locators[key]

    def _locator(self, places: list[Place], graph: SiteGraph) -> MapFigure | None:
        marked = [p for p in places if marks_itself(p, graph)]
        countries = [c for p in marked if (c := graph.country(p)) is not None]
        # Places not marked (countries, places without coordinates) show their whole country.
        whole = [c for p in places if p not in marked and (c := graph.country(p)) is not None]
        if not marked and not whole:
            return None
        points = [graph.point(p) for p in marked]
        view = self.view_for(points, countries, whole)  # type: ignore[arg-type]
        marks = self._marks(view, [(p, 1) for p in marked], graph, overview=False)
        names = name_list([p.name for p in marked])
        if marked:
            title = f"Map of {view.name}, with {names} marked"
        else:
            title = f"Map of {view.name}" + (f", {view.focus.name} highlighted" if view.focus else "")
        unplaced = [p for p in places if p not in marked and p.kind != "country"]
        note = ""
        if unplaced:
            note = (f"{name_list([p.name for p in unplaced])} "
                    f"{'has' if len(unplaced) == 1 else 'have'} no coordinates yet"
                    + (f"; the map shows {view.focus.name}, where {'it is' if len(unplaced) == 1 else 'they are'}."
                       if view.focus and not marked else "."))
        description = (f"A red dot marks {'each place' if len(marked) > 1 else 'the place'}."
                       if marked else f"{view.focus.name} is shaded." if view.focus else "")
        return MapFigure("locator", view, title, description, marks,
                         tuple((p, 1) for p in marked), 0, (), note)

    def place_map(self, place: Place, graph: SiteGraph) -> MapFigure | None:
        return self.locator([place], graph)

    def incident_map(self, incident: Incident, graph: SiteGraph) -> MapFigure | None:
        # By id: hashing a Place hashes every field of it, its description too.
        places = list({pr.place.id: pr.place for pr in graph.incident_places[incident.id]}.values())
        return self.locator(places, graph)

    # -- overview maps

    def outline(self, country: Country, view: View) -> str:
        """A country's outline as the view's basemap draws it (same scale of shapes), once per view."""
        key = (view.key, country.key)
        if key not in self.outlines:
            west, _, east, _ = view.bbox
            atlas = self.coarse if view.world or east - west > DETAIL_SPAN else self.detailed
            drawn = atlas.by_key.get(country.key, country)
            self.outlines[key] = country_path(drawn, view)
        return self.outlines[key]

    def overview(self, incidents, graph: SiteGraph, subject: str, area: Place | None = None,
                 bars: tuple[str, ...] = ()) -> MapFigure | None:
        """Dots sized by how many of ``incidents`` happened at each place (each incident once a place),
        numbered for the caption's legend; incidents that name only a country shade it instead.
        With ``area``, only places in it count. The view fits the places holding nearly all the
        incidents (see ``core_view``), so one far-off report (a byline's city) does not zoom the map
        out to the world;
        what falls outside is named under the map.

        Each dot says which of ``bars``, the periods of the visual timeline on the same page
        (``chart.periods_drawn``), its incidents are in: choosing a bar narrows the map to its dots."""
        # Place id -> incidents: dots, countries shaded, places not on the map.
        counts: dict[str, int] = {}
        shaded: dict[str, int] = {}
        unmapped: dict[str, int] = {}
        places: dict[str, Place] = {}
        drawn = 0
        index = bar_index(bars)
        bits: dict[str, int] = {}  # place id -> the bars its incidents are in (chart.bar_bits)
        spot_cache, areas = self.incident_spot_cache, self.areas
        for incident in incidents:
            here: set[str] = set()
            dot_countries: set[str] = set()  # Natural Earth keys of the countries its dots are in
            shade_here: set[str] = set()
            has_dot = False
            incident_bits = None
            spots = spot_cache.get(incident.id) or self.incident_spots(incident, graph)
            for place, how, target, country_key in spots:
                if area is not None and area.id not in (areas.get(place.id) or self.within(place, graph)):
                    continue
                if how == "unmapped":
                    places[target.id] = target
                    if target.id not in here:
                        here.add(target.id)
                        unmapped[target.id] = unmapped.get(target.id, 0) + 1
                elif how == "shade":
                    places[target.id] = target
                    shade_here.add((target.id, country_key))
                elif how == "dot":
                    places[target.id] = target
                    has_dot = True
                    if country_key:
                        dot_countries.add(country_key)
                    if incident_bits is None:
                        incident_bits = bar_bits(graph.periods[incident.id], index)
                    bits[target.id] = bits.get(target.id, 0) | incident_bits
                    if target.id not in here:
                        here.add(target.id)
                        counts[target.id] = counts.get(target.id, 0) + 1
            if shade_here:
                # A country is shaded for an incident only when it names nothing more precise there.
                shade_here = {pid for pid, key in shade_here if key not in dot_countries}
                for pid in shade_here:
                    shaded[pid] = shaded.get(pid, 0) + 1
            drawn += bool(has_dot or shade_here)
        if not counts and not shaded:
            return None
        by_count = lambda pn: (-pn[1], pn[0].name.casefold(), pn[0].id)  # noqa: E731
        located = sorted(((places[pid], n) for pid, n in counts.items()), key=by_count)
        countries = sorted(((places[pid], n) for pid, n in shaded.items()), key=by_count)
        view = self.core_view(located, countries, graph)
        inside = [(p, n) for p, n in located if view.contains(*reversed(graph.point(p)))]
        shades = [(p, n) for p, n in countries if view.overlaps(graph.country(p).bbox)]
        in_view = {p.id for p, _ in inside} | {p.id for p, _ in shades}
        elsewhere = sorted([pn for pn in located + countries if pn[0].id not in in_view], key=by_count)
        dotted, undrawn = inside[:MAX_DOTS], inside[MAX_DOTS:]  # by_count: the most incidents first
        numbers = {p.id: n for n, (p, _) in enumerate(inside[:CAPTION_PLACES], 1)}
        marks = self._marks(view, dotted, graph, overview=True, numbers=numbers,
                            masks={p.id: mask_text(bits.get(p.id, 0), index) for p, _ in dotted})
        spots = len(located) + len(countries)
        title = (f"Map of {view.name}: {subject}, {drawn} incident{'s' if drawn != 1 else ''} "
                 f"at {spots} place{'s' if spots != 1 else ''}")
        description = ("Each dot is a place, numbered as in the list under the map; the larger the dot, "
                       "the more incidents there." + (" A shaded country holds incidents that name no "
                                                      "more precise place in it." if shades else ""))
        return MapFigure("overview", view, title, description, marks,
                         tuple(inside[:CAPTION_PLACES]), max(0, len(dotted) - CAPTION_PLACES),
                         tuple(sorted(((places[pid], n) for pid, n in unmapped.items()), key=by_count)),
                         shades=tuple(Shade(p, n, self.outline(graph.country(p), view)) for p, n in shades),
                         elsewhere=tuple(elsewhere), incidents=drawn, undrawn=len(undrawn),
                         undrawn_most=max((n for _, n in undrawn), default=0))

    def within(self, place: Place, graph: SiteGraph) -> frozenset[str]:
        """The ids of ``place`` and of every place it is in: an overview of an area keeps the
        places whose set holds the area's id. Worked out once per place."""
        if place.id not in self.areas:
            self.areas[place.id] = frozenset([place.id, *(p.id for p in graph.place_parents.get(place.id, []))])
        return self.areas[place.id]

    def incident_spots(self, incident: Incident, graph: SiteGraph) -> tuple:
        """(place named, how it shows, the place drawn, its country's Natural Earth key or "") for
        each place an incident names (``spot``): worked out once per incident, which is on the
        overview maps of each of its actors and places."""
        if incident.id not in self.incident_spot_cache:
            found = []
            for pr in graph.incident_places[incident.id]:
                how, target = self.spot(pr.place, graph)
                country = graph.country(target) if target is not None else None
                found.append((pr.place, how, target, country.key if country is not None else ""))
            self.incident_spot_cache[incident.id] = tuple(found)
        return self.incident_spot_cache[incident.id]

    def spot(self, place: Place, graph: SiteGraph) -> tuple[str, Place | None]:
        """How an overview map shows incidents at ``place``, worked out once per place: ("dot", the
        place whose point is drawn), ("shade", the country shaded: the place is only as precise as
        a country), ("unmapped", the place: no position known), or ("none", None): a country
        Natural Earth does not draw."""
        if place.id not in self.spots:
            location = graph.location(place)
            if location is None:
                self.spots[place.id] = ("unmapped", place)
            elif country_level(place, graph):
                country_place = place if place.kind == "country" else location.place
                self.spots[place.id] = (("shade", country_place) if graph.country(country_place) is not None
                                        else ("none", None))
            else:
                self.spots[place.id] = ("dot", location.place)
        return self.spots[place.id]

    def core_view(self, located: list[tuple[Place, int]], countries: list[tuple[Place, int]],
                  graph: SiteGraph) -> View:
        """The view of the places that hold nearly all the incidents: the places with fewest
        incidents, farthest from the rest first, are left out of the fitting while they hold at
        most OUTLIER_SHARE of them (at least one incident). They are still drawn when they fall in
        the view; the caption names the others."""
        ranked = [(n, 0, p) for p, n in located] + [(n, 1, p) for p, n in countries]
        total = sum(n for n, _, _ in ranked)
        points = {p.id: point for _, _, p in ranked if (point := graph.point(p))}
        weight = sum(n for n, _, p in ranked if p.id in points)
        lat0 = sum(points[p.id][0] * n for n, _, p in ranked if p.id in points) / max(1, weight)
        lon0 = sum(points[p.id][1] * n for n, _, p in ranked if p.id in points) / max(1, weight)

        def farness(item) -> float:
            point = points.get(item[2].id)
            return (point[0] - lat0) ** 2 + (point[1] - lon0) ** 2 if point else 0.0

        allowance = max(1, int(OUTLIER_SHARE * total)) if len(ranked) > 1 else 0
        left_out: set[str] = set()
        for n, _, place in sorted(ranked, key=lambda item: (item[0], -farness(item), item[2].id)):
            if n > allowance:
                break
            allowance -= n
            left_out.add(place.id)
        core = [(is_country, p) for _, is_country, p in ranked if p.id not in left_out]
        dots = [points[p.id] for is_country, p in core if not is_country]
        in_countries = [c for is_country, p in core if not is_country and (c := graph.country(p)) is not None]
        whole = [graph.country(p) for is_country, p in core if is_country]
        return self.view_for(dots, in_countries, whole)  # type: ignore[arg-type]

    def figure(self, subject: tuple[str, str], graph: SiteGraph) -> MapFigure | None:
        """The map of a page's subject (``Page.subject``): ("incident", id), ("actor", id), ("place", id)
        or ``HOME``. Worked out once per subject (``plan`` works them all out before the pages are
        rendered)."""
        if subject not in self.figures:
            self.figures[subject] = self._figure(subject, graph)
        return self.figures[subject]

    def plan(self, graph: SiteGraph) -> list[View]:
        """Every page's map, worked out before any page is rendered (what ``figure`` answers the
        pages), and so every view a page uses, by key. Known up front, each basemap can be drawn by
        whichever rendering process is free, and processes rendering pages find their maps made."""
        content = graph.content
        subjects = [HOME, *(("actor", i) for i in content.actors), *(("place", i) for i in content.places),
                    *(("incident", i) for i in content.incidents)]
        for subject in subjects:
            self.figure(subject, graph)
        return [self.views[key] for key in sorted(self.views)]

    def _figure(self, subject: tuple[str, str], graph: SiteGraph) -> MapFigure | None:
        kind, key = subject
        if kind == "incident":
            return self.incident_map(graph.content.incidents[key], graph)
        if kind == "place":
            place = graph.content.places[key]
            appearances = graph.place_incidents.get(place.id, [])
            if not any(a.via is not None for a in appearances):
                # Every incident is at the place itself: the map that locates it says it all.
                return self.place_map(place, graph)
            # Its incidents, in it and in places within it, dot by dot.
            incidents = [a.incident for a in appearances]
            return (self.overview(incidents, graph, f"incidents in {place.name}", area=place,
                                  bars=graph.chart_bars(subject, incidents))
                    or self.place_map(place, graph))
        if kind == "actor":
            actor = graph.content.actors[key]
            incidents = [a.incident for a in graph.actor_incidents.get(actor.id, [])]
            return self.overview(incidents, graph, f"incidents involving {actor.name}",
                                 bars=graph.chart_bars(subject, incidents))
        # The home page. Drafts do not reshape its map: a run of machine-made junk would move it to
        # wherever that junk is. (With nothing reviewed yet, the drafts are all there is.)
        reviewed = [i for i in graph.incidents if i.status != "draft"]
        drafts = len(graph.incidents) - len(reviewed)
        bars = graph.chart_bars(HOME, graph.incidents)  # the home page's chart counts drafts too
        if reviewed and drafts:
            return self.overview(reviewed, graph, f"every incident on the timeline but the {drafts} "
                                                  f"draft{'s' if drafts != 1 else ''} not yet reviewed",
                                 bars=bars)
        return self.overview(graph.incidents, graph, "every incident on the timeline", bars=bars)

    def basemaps(self, views: list[View]) -> Iterator[tuple[str, str]]:
        """(site-relative URL, SVG) of each of ``views``."""
        for view in views:
            west, south, east, north = view.bbox
            # Past about 40 degrees the 1:50m detail is thinned away anyway: draw from 1:110m, faster.
            atlas = self.coarse if view.world or east - west > DETAIL_SPAN else self.detailed
            yield view.url, basemap_svg(view, atlas)

    def basemap_files(self, drawn: set[str] = frozenset()) -> Iterator[tuple[str, str]]:  # type: ignore[assignment]
        """(site-relative URL, SVG) of each view a page used, once; none of the keys in ``drawn``."""
        return self.basemaps([self.views[key] for key in sorted(self.views) if key not in drawn])
