"""The site graph: everything the pages need, computed once from ``Content``.

Pure functions, no I/O. Every index is built in one pass over the incidents
(in chronological order, so per-actor and per-place lists come out sorted
without re-sorting), which keeps 10,000 incidents well under a second.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from chronicle.site.chart import group_colours, period_keys, periods_drawn
from chronicle.site.geo import Atlas, Country
from chronicle.core.model import Actor, Content, Incident, IncidentType, Place
from chronicle.core.dates import EventDate, resolve_relative

TOP_RELATED = 10  # co-actors and places shown on an actor page

# relation -> (label on the incident that declares it, label on the incident it points to)
RELATION_LABELS = {
    "response-to": ("In response to", "Answered by"),
    "part-of": ("Part of", "Includes"),
    "follows": ("Follows", "Followed by"),
}

# A page's subject, whose chart and map it shows: ("actor", id), ("place", id), ("incident", id), or this,
# the home page's, which is every incident.
HOME = ("home", "")


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor: Actor
    role: str


@dataclass(frozen=True, slots=True)
class PlaceRole:
    place: Place
    role: str


@dataclass(frozen=True, slots=True)
class RelatedLink:
    label: str  # "In response to", "Answered by", ...
    incident: Incident


@dataclass(frozen=True, slots=True)
class Appearance:
    """An incident as seen from an actor or place page."""

    incident: Incident
    roles: tuple[str, ...]
    via: Place | None = None  # for places: the child place the incident happened in


@dataclass(frozen=True, slots=True)
class MonthGroup:
    year: int
    month: int
    incidents: tuple[Incident, ...]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a place is drawn and exported, and what says so."""

    lat: float
    lon: float
    source: str  # "coordinates" (its own), "shape" (its country's Natural Earth shape), "ancestor"
    place: Place  # the place whose coordinates or shape gave the point (itself unless "ancestor")


@dataclass
class SiteGraph:
    incidents: list[Incident]  # chronological; undated last
    dates: dict[str, EventDate]  # incident id -> date used for ordering (relative ones resolved)
    undated: list[Incident]
    months: list[MonthGroup]  # chronological
    incident_actors: dict[str, list[ActorRole]]
    incident_places: dict[str, list[PlaceRole]]
    related: dict[str, list[RelatedLink]]
    actor_incidents: dict[str, list[Appearance]]
    co_actors: dict[str, list[tuple[Actor, int]]]
    co_actor_sides: dict[str, dict[str, list[tuple[Actor, int]]]]  # actor id -> side -> top co-actors
    actor_places: dict[str, list[tuple[Place, int]]]
    affiliated_from: dict[str, list[tuple[Actor, str]]]  # actor id -> actors affiliated with it
    place_incidents: dict[str, list[Appearance]]
    place_children: dict[str, list[Place]]
    place_parents: dict[str, list[Place]]  # nearest parent first
    type_incidents: dict[str, list[Incident]]
    types: dict[str, IncidentType]
    content: Content = field(repr=False, default=None)  # type: ignore[assignment]
    locations: dict[str, Location] = field(default_factory=dict)  # place id -> where it is drawn
    countries: dict[str, Country] = field(default_factory=dict)  # place id -> Natural Earth country
    _bars: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def point(self, place: Place) -> tuple[float, float] | None:
        """(lat, lon) of a place for maps and exports, or None: its own coordinates, else its
        country's shape (when it is a country Natural Earth draws), else its nearest parent's point.
        ``location(place)`` says which."""
        found = self.locations.get(place.id)
        return (found.lat, found.lon) if found else None

    def location(self, place: Place) -> Location | None:
        return self.locations.get(place.id)

    def type_label(self, type_id: str) -> str:
        """What readers see for an incident type: its label in types.yaml, else its id."""
        itype = self.types.get(type_id)
        return itype.label if itype else type_id

    def type_group(self, type_id: str) -> str:
        """The group a type is counted and coloured in (the charts, the downloads): "Other" when unknown."""
        itype = self.types.get(type_id)
        return itype.group if itype else "Other"

    def country(self, place: Place) -> Country | None:
        """The Natural Earth country a place is in (or is), by name up its parents, else by position."""
        return self.countries.get(place.id)

    @property
    def years(self) -> list[int]:
        return sorted({group.year for group in self.months})

    @functools.cached_property
    def periods(self) -> dict[str, tuple[str, ...]]:
        """Incident id -> the month and week the visual timeline counts it in (``chart.period_keys``):
        worked out once, as the charts, the maps' dots and the search index of every page ask."""
        return {incident.id: period_keys(self.dates[incident.id]) for incident in self.incidents}

    @functools.cached_property
    def chart_items(self) -> dict[str, tuple[EventDate, tuple[str, ...], str]]:
        """Incident id -> what a visual timeline draws of it (``chart.build_chart``): its date, its
        ``periods`` and its type's group; dated incidents only (an undated one cannot be drawn)."""
        return {incident.id: (self.dates[incident.id], self.periods[incident.id],
                              self.type_group(incident.type))
                for incident in self.incidents if self.dates[incident.id].known}

    def chart_bars(self, subject: tuple[str, str], incidents) -> tuple[str, ...]:
        """The bars of the visual timeline of ``incidents``, the incidents of ``subject`` (("actor",
        id), ("place", id) or ``HOME``): the periods with incidents it draws (``chart.periods_drawn``).
        Worked out once per subject: the map plan asks (its dots know their bars) before the
        render processes fork, and the subject's page then draws its chart with them."""
        if subject not in self._bars:
            self._bars[subject] = periods_drawn(self.periods[i.id] for i in incidents)
        return self._bars[subject]

    @functools.cached_property
    def chart_colours(self) -> dict[str, str]:
        """Type group -> its colour on every visual timeline (``chart.group_colours``)."""
        return group_colours(t.group for t in self.types.values())

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {incident.id: n for n, incident in enumerate(self.incidents)}

    @functools.cached_property
    def headlines(self) -> dict[str, set[str]]:
        """Article (seed file, else URL) -> the incidents whose title its headline gave."""
        result: dict[str, set[str]] = defaultdict(set)
        for incident in self.incidents:
            for source in incident.sources:
                key = source.seed or source.url
                if key and any("title" in item.fields for item in source.evidence):
                    result[key].add(incident.id)
        return dict(result)

    def settle(self) -> None:
        """Work out now the facts the pages ask of the graph on first use (the charts' items and
        colours, incidents' positions, articles' headlines): called before the render processes
        fork, so they share one copy rather than each work out its own."""
        for fact in ("periods", "chart_items", "chart_colours", "_positions", "headlines"):
            getattr(self, fact)

    def position(self, incident: Incident) -> int:
        """Where an incident is in ``incidents`` (time order): its neighbours come before and after it."""
        return self._positions[incident.id]

    def anchor_of(self, incident: Incident) -> Incident | None:
        anchor = incident.date.anchor
        return self.content.incidents.get(anchor) if anchor else None


def build_graph(content: Content, atlas: Atlas | None = None) -> SiteGraph:
    """The graph; with an ``atlas`` (Natural Earth shapes) places also get countries and fallback points."""
    dates = resolve_dates(content.incidents)
    ordered = sorted(content.incidents.values(), key=lambda i: (dates[i.id].sort_key(), i.id))
    dated = [i for i in ordered if dates[i.id].known]
    undated = [i for i in ordered if not dates[i.id].known]
    incident_actors = {i.id: resolve_actors(content, i) for i in ordered}
    incident_places = {i.id: resolve_places(content, i) for i in ordered}
    parents = {pid: parent_chain(content, place) for pid, place in sorted(content.places.items())}
    actor_incidents = actor_appearances(ordered, incident_actors)
    locations = place_locations(content, parents, atlas)
    return SiteGraph(
        incidents=ordered,
        dates=dates,
        undated=undated,
        months=month_groups(dated, dates),
        incident_actors=incident_actors,
        incident_places=incident_places,
        related=related_links(content, dates),
        actor_incidents=actor_incidents,
        co_actors=co_actor_counts(ordered, incident_actors),
        co_actor_sides=co_actor_sides(ordered, incident_actors),
        actor_places=actor_place_counts(ordered, incident_actors, incident_places),
        affiliated_from=reverse_affiliations(content),
        place_incidents=place_appearances(ordered, incident_places, parents),
        place_children=child_places(content),
        place_parents=parents,
        type_incidents=incidents_by_type(ordered),
        types=content.types,
        content=content,
        locations=locations,
        countries=place_countries(content, parents, locations, atlas) if atlas else {},
    )


def resolve_dates(incidents: dict[str, Incident]) -> dict[str, EventDate]:
    """Each incident's date for ordering: relative dates placed via their anchor (chains too)."""
    resolved: dict[str, EventDate] = {}

    def resolve(incident_id: str, seen: frozenset) -> EventDate:
        if incident_id in resolved:
            return resolved[incident_id]
        date = incidents[incident_id].date
        if date.kind == "relative":
            anchor_id = date.anchor
            if anchor_id in incidents and anchor_id not in seen:
                date = resolve_relative(date, resolve(anchor_id, seen | {incident_id}))
            # an unknown anchor or a loop of relative dates stays undated
        resolved[incident_id] = date
        return date

    for incident_id in sorted(incidents):
        resolve(incident_id, frozenset())
    return resolved


def month_groups(dated: list[Incident], dates: dict[str, EventDate]) -> list[MonthGroup]:
    """Chronological incidents grouped by the month they start in."""
    groups: dict[tuple[int, int], list[Incident]] = defaultdict(list)
    for incident in dated:
        start: dt.date = dates[incident.id].lower  # type: ignore[assignment]
        groups[(start.year, start.month)].append(incident)
    return [MonthGroup(y, m, tuple(groups[(y, m)])) for y, m in sorted(groups)]


def _resolve_refs(refs, lookup, make) -> list:
    """References resolved by id or alias, each (entry, role) once, in the order written."""
    seen: set[tuple[str, str]] = set()
    result = []
    for ref in refs:
        entry = lookup(ref.ref)
        if entry is not None and (entry.id, ref.role) not in seen:
            seen.add((entry.id, ref.role))
            result.append(make(entry, ref.role))
    return result


def resolve_actors(content: Content, incident: Incident) -> list[ActorRole]:
    return _resolve_refs(incident.actors, content.actor, ActorRole)


def resolve_places(content: Content, incident: Incident) -> list[PlaceRole]:
    return _resolve_refs(incident.places, content.place, PlaceRole)


def parent_chain(content: Content, place: Place) -> list[Place]:
    """Parents of a place, nearest first; stops at a loop (content.py reports those)."""
    chain: list[Place] = []
    seen = {place.id}
    current = content.place(place.within) if place.within else None
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = content.place(current.within) if current.within else None
    return chain


def child_places(content: Content) -> dict[str, list[Place]]:
    children: dict[str, list[Place]] = defaultdict(list)
    for place in content.places.values():
        parent = content.place(place.within) if place.within else None
        if parent is not None and parent.id != place.id:
            children[parent.id].append(place)
    return {pid: sorted(kids, key=lambda p: (p.name.casefold(), p.id)) for pid, kids in children.items()}


def related_links(content: Content, dates: dict[str, EventDate]) -> dict[str, list[RelatedLink]]:
    """Related incidents both ways, each side with its own wording, in date order."""
    links: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for incident in content.incidents.values():
        for rel in incident.related:
            if rel.ref not in content.incidents or rel.ref == incident.id:
                continue
            forward, backward = RELATION_LABELS.get(rel.relation, ("Related to", "Related to"))
            links[incident.id].add((forward, rel.ref))
            links[rel.ref].add((backward, incident.id))
    order = {label: n for n, label in enumerate(l for pair in RELATION_LABELS.values() for l in pair)}

    def key(item: tuple[str, str]):
        label, other = item
        return (order.get(label, 99), dates[other].sort_key(), other)

    return {iid: [RelatedLink(label, content.incidents[other]) for label, other in sorted(items, key=key)]
            for iid, items in links.items()}


def actor_appearances(ordered: list[Incident],
                      incident_actors: dict[str, list[ActorRole]]) -> dict[str, list[Appearance]]:
    result: dict[str, list[Appearance]] = defaultdict(list)
    for incident in ordered:
        roles: dict[str, list[str]] = {}
        for ar in incident_actors[incident.id]:
            roles.setdefault(ar.actor.id, []).append(ar.role)
        for actor_id, actor_roles in roles.items():
            result[actor_id].append(Appearance(incident, tuple(actor_roles)))
    return dict(result)


def _top(counter: Counter, lookup, limit: int = TOP_RELATED) -> list:
    """Most frequent first, ties by name: stable across builds."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], lookup[kv[0]].name.casefold(), kv[0]))
    return [(lookup[key], count) for key, count in items[:limit]]


def co_actor_counts(ordered: list[Incident],
                    incident_actors: dict[str, list[ActorRole]]) -> dict[str, list[tuple[Actor, int]]]:
    counters: dict[str, Counter] = defaultdict(Counter)
    actors: dict[str, Actor] = {}
    for incident in ordered:
        present = {ar.actor.id: ar.actor for ar in incident_actors[incident.id]}
        actors.update(present)
        for a in present:
            for b in present:
                if a != b:
                    counters[a][b] += 1
    return {aid: _top(counter, actors) for aid, counter in counters.items()}


# Which side of an incident a role is on: "with" another actor on the same side, "against" one on
# the other; spokespeople, participants and actors only mentioned take no side.
ROLE_SIDES = {"perpetrator": "acting", "target": "acted-on", "victim": "acted-on"}


def side_between(mine: set[str], theirs: set[str]) -> str:
    """How another actor stood to this one in an incident, by their roles there: "with" (a side in
    common), "against" (opposite sides only) or "other" (either took no side)."""
    return sides_meet(role_sides(mine), role_sides(theirs))


def role_sides(roles) -> frozenset[str]:
    """The sides an actor's roles in an incident put it on (ROLE_SIDES): none, one or both."""
    return frozenset([ROLE_SIDES[r] for r in roles if r in ROLE_SIDES])


def sides_meet(my_sides: frozenset[str], their_sides: frozenset[str]) -> str:
    """``side_between`` for the sides two actors' roles put them on (``role_sides``)."""
    if my_sides & their_sides:
        return "with"
    if my_sides and their_sides:
        return "against"
    return "other"


def co_actor_sides(ordered: list[Incident],
                   incident_actors: dict[str, list[ActorRole]]) -> dict[str, dict[str, list[tuple[Actor, int]]]]:
    """For each actor, the actors met most often on its side, against it, and otherwise."""
    counters: dict[tuple[str, str], Counter] = defaultdict(Counter)
    actors: dict[str, Actor] = {}
    for incident in ordered:
        roles: dict[str, set[str]] = defaultdict(set)
        for ar in incident_actors[incident.id]:
            roles[ar.actor.id].add(ar.role)
            actors[ar.actor.id] = ar.actor
        # Each actor's sides worked out once per incident, not once per pair of actors.
        sides = {a: role_sides(r) for a, r in roles.items()}
        for a in roles:
            for b in roles:
                if a != b:
                    counters[(a, sides_meet(sides[a], sides[b]))][b] += 1
    result: dict[str, dict[str, list[tuple[Actor, int]]]] = defaultdict(dict)
    for (aid, side), counter in sorted(counters.items()):
        result[aid][side] = _top(counter, actors)
    return dict(result)


def actor_place_counts(ordered: list[Incident], incident_actors: dict[str, list[ActorRole]],
                       incident_places: dict[str, list[PlaceRole]]) -> dict[str, list[tuple[Place, int]]]:
    counters: dict[str, Counter] = defaultdict(Counter)
    places: dict[str, Place] = {}
    for incident in ordered:
        here = {pr.place.id: pr.place for pr in incident_places[incident.id]}
        places.update(here)
        for actor_id in {ar.actor.id for ar in incident_actors[incident.id]}:
            counters[actor_id].update(here.keys())
    return {aid: _top(counter, places) for aid, counter in counters.items()}


def reverse_affiliations(content: Content) -> dict[str, list[tuple[Actor, str]]]:
    result: dict[str, list[tuple[Actor, str]]] = defaultdict(list)
    for actor in content.actors.values():
        for aff in actor.affiliations:
            target = content.actor(aff.ref)
            if target is not None and target.id != actor.id:
                result[target.id].append((actor, aff.relation))
    return {aid: sorted(items, key=lambda x: (x[0].name.casefold(), x[0].id, x[1]))
            for aid, items in result.items()}


def place_appearances(ordered: list[Incident], incident_places: dict[str, list[PlaceRole]],
                      parents: dict[str, list[Place]]) -> dict[str, list[Appearance]]:
    """Incidents at each place, including those in places within it (any depth)."""
    result: dict[str, list[Appearance]] = defaultdict(list)
    for incident in ordered:
        direct: dict[str, list[str]] = {}
        for pr in incident_places[incident.id]:
            direct.setdefault(pr.place.id, []).append(pr.role)
        for place_id, roles in direct.items():
            result[place_id].append(Appearance(incident, tuple(roles)))
        # Ancestors get the incident once, via the first child place named.
        inherited: dict[str, Place] = {}
        for pr in incident_places[incident.id]:
            for ancestor in parents.get(pr.place.id, []):
                if ancestor.id not in direct and ancestor.id not in inherited:
                    inherited[ancestor.id] = pr.place
        for ancestor_id, via in inherited.items():
            result[ancestor_id].append(Appearance(incident, (), via))
    return dict(result)


def incidents_by_type(ordered: list[Incident]) -> dict[str, list[Incident]]:
    result: dict[str, list[Incident]] = defaultdict(list)
    for incident in ordered:
        result[incident.type].append(incident)
    return dict(result)


# -- where places are ---------------------------------------------------------------------------


def shape_of(place: Place, atlas: Atlas) -> Country | None:
    """The Natural Earth country a place *is*: a country by GeoNames id or name (never a city that
    shares a country's name)."""
    if place.kind != "country":
        return None
    return atlas.named([place.name, *place.aliases], place.geonames_id)


def place_locations(content: Content, parents: dict[str, list[Place]],
                    atlas: Atlas | None) -> dict[str, Location]:
    own: dict[str, Location] = {}
    for pid, place in sorted(content.places.items()):
        if place.latitude is not None and place.longitude is not None:
            own[pid] = Location(place.latitude, place.longitude, "coordinates", place)
        elif atlas is not None and (country := shape_of(place, atlas)) is not None:
            lon, lat = country.label()
            own[pid] = Location(round(lat, 4), round(lon, 4), "shape", place)
    result = dict(own)
    for pid in sorted(content.places):
        if pid not in own:
            ancestor = next((own[p.id] for p in parents.get(pid, []) if p.id in own), None)
            if ancestor is not None:
                result[pid] = Location(ancestor.lat, ancestor.lon, "ancestor", ancestor.place)
    return result


def place_countries(content: Content, parents: dict[str, list[Place]], locations: dict[str, Location],
                    atlas: Atlas) -> dict[str, Country]:
    """Each place's country: the nearest of itself and its parents that is a Natural Earth country,
    else the country its point falls in."""
    result: dict[str, Country] = {}
    for pid, place in sorted(content.places.items()):
        named = next((c for p in [place, *parents.get(pid, [])] if (c := shape_of(p, atlas)) is not None), None)
        if named is None and pid in locations:
            named = atlas.near(locations[pid].lon, locations[pid].lat)
        if named is not None:
            result[pid] = named
    return result
