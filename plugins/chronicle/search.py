"""Search records: what the search index keeps about a page besides its words.

Incident, actor and place pages carry a ``SearchRecord``; the theme writes it as
``data-pagefind-*`` markup (meta for what a result shows, filters for what a reader
narrows by, a sort key for the timeline order). Every other page stays out of the
index, because only these pages mark a ``data-pagefind-body``. ``search_index`` runs
Pagefind over the written site.
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import SiteGraph
from .model import Actor, Incident, Place
from .when import EventDate

KIND_INCIDENT, KIND_ACTOR, KIND_PLACE = "Incident", "Actor", "Place"
# Sorts after every real date when newest come first: undated incidents go last.
UNDATED_SORT_KEY = "0000-00-00"


@dataclass(frozen=True)
class SearchRecord:
    """What the search index holds about one page beyond its text."""

    meta: tuple[tuple[str, str], ...]  # shown with a result: kind, date, type
    filters: tuple[tuple[str, str], ...]  # (filter name, value), one pair per value
    sort_date: str | None = None  # ISO start date; incidents only


def month_keys(date: EventDate, last: tuple[int, int] | None) -> list[str]:
    """Every month ("YYYY-MM") the date overlaps, so a date-range filter is an any-of over months.

    An open-ended date ("since October 2023") runs to the site's last month, no further.
    """
    if date.lower is None:
        return []
    start = (date.lower.year, date.lower.month)
    upper = date.upper or date.lower
    end = (upper.year, upper.month)
    if date.upper is None and last is not None:
        end = max(start, last)
    if last is not None:
        end = min(end, max(start, last))
    keys = []
    year, month = start
    while (year, month) <= end:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def last_month(graph: SiteGraph) -> tuple[int, int] | None:
    """The latest month any incident starts in: where open-ended dates stop."""
    return (graph.months[-1].year, graph.months[-1].month) if graph.months else None


def incident_record(incident: Incident, graph: SiteGraph, date_label: str) -> SearchRecord:
    itype = graph.types.get(incident.type)
    type_label = itype.label if itype else incident.type
    date = graph.dates[incident.id]
    months = month_keys(date, last_month(graph))
    places: list[Place] = []
    for role in graph.incident_places[incident.id]:
        # An incident in a city is also in its region and country, as on the place pages.
        for place in (role.place, *graph.place_parents.get(role.place.id, [])):
            if place not in places:
                places.append(place)
    actors = list(dict.fromkeys(role.actor.name for role in graph.incident_actors[incident.id]))
    filters = [("kind", KIND_INCIDENT), ("type", type_label)]
    filters += [("actor", name) for name in actors]
    filters += [("place", name) for name in dict.fromkeys(p.name for p in places)]
    filters += [("year", year) for year in dict.fromkeys(m[:4] for m in months)]
    filters += [("month", m) for m in months]
    return SearchRecord(meta=(("kind", KIND_INCIDENT), ("date", date_label), ("type", type_label)),
                        filters=tuple(filters),
                        sort_date=date.lower.isoformat() if date.lower else UNDATED_SORT_KEY)


def actor_record(actor: Actor) -> SearchRecord:
    return SearchRecord(meta=(("kind", KIND_ACTOR), ("type", actor.kind.capitalize())),
                        filters=(("kind", KIND_ACTOR),))


def place_record(place: Place) -> SearchRecord:
    return SearchRecord(meta=(("kind", KIND_PLACE), ("type", place.kind.capitalize())),
                        filters=(("kind", KIND_PLACE),))
