"""Downloads: the timeline's data in formats other tools read.

Each format is a pure function from the ``SiteGraph`` to the text of one file, given
in pieces (a record or event at a time) so that a 10,000-incident download is written
as it is made, never held whole in memory; ``download_makers`` pairs them with their
output paths. Nothing here reads the
clock or the disk, so the same content always gives byte-identical files.

Formats (documented for re-users in README.md, "Downloads"):

* ``chronicle.json``: the whole dataset (incidents, actors, places, types);
* ``timelinejs.json``: TimelineJS3's JSON, so a newsroom can embed a timeline;
* ``incidents.csv``: one row per incident, columns after ACLED's;
* ``incidents.geojson``: RFC 7946 points for incidents with coordinates;
* ``incidents.ics``: RFC 5545 all-day events for incidents known to the day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from chronicle.site import pages, render
from chronicle.site.graph import SiteGraph
from chronicle.site.publication import (SiteMeta, absolute_url, clean_text, content_changed, entry_uuid,
                                        last_changed, public_url)
from chronicle.core.model import Figure, Incident, Place
from chronicle.core.dates import EventDate

COORDINATE_DECIMALS = 4  # about 11 m: finer than any place in a news report is known
# Roles that say where an incident happened, in the order a point is looked for.
WHERE_ROLES = ("location", "target", "origin", "mentioned")
def citation(meta: SiteMeta, changed: dt.date | None) -> str:
    """How to cite the data: who, what, which version, where."""
    parts = [f"{meta.name}{' (' + str(changed.year) + ')' if changed else ''}.",
             f"{meta.subtitle or meta.name} [data set]."]
    if changed:
        parts.append(f"Version of {changed.day} {changed.strftime('%B %Y')}.")
    url = absolute_url(meta.site_url, pages.downloads_url())
    if url:
        parts.append(url)
    return " ".join(parts)


def about_data(graph: SiteGraph, meta: SiteMeta) -> dict:
    """What every data file says about itself: title, licence, last change, how to cite."""
    changed = content_changed(graph)
    return {"title": meta.name, "description": meta.subtitle, "url": public_url(meta.site_url, pages.home_url()),
            "license": meta.license, "modified": changed.isoformat() if changed else None,
            "citation": citation(meta, changed)}


def part_precision(text: str) -> str | None:
    """'day', 'month' or 'year' for one end of an EDTF date ('2024-01-20~' -> day)."""
    core = text.strip().rstrip("~?%")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", core):
        return "day"
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", core):
        return "month"
    if re.fullmatch(r"\d{4}", core):
        return "year"
    return None


def is_whole_day(date: EventDate) -> bool:
    """Known to the day: a plain day, or a range whose two ends are plain days."""
    if date.kind != "edtf" or date.approximate or date.uncertain or date.lower is None:
        return False
    if date.precision == "day":
        return True
    ends = date.text.split("/")
    return date.precision == "range" and len(ends) == 2 and all(
        part_precision(end) == "day" and end == end.strip().rstrip("~?%") for end in ends)


def acled_time_precision(date: EventDate) -> int | None:
    """ACLED's time_precision: 1 the day is known, 2 within a week, 3 a month or vaguer."""
    if date.lower is None:
        return None
    if is_whole_day(date) and date.lower == date.upper:
        return 1
    if date.upper is not None and (date.upper - date.lower).days <= 7:
        return 2
    return 3


def date_record(incident: Incident, graph: SiteGraph) -> dict:
    """An incident's date as data: what the editor wrote, its precision, the days it spans."""
    date = incident.date
    placed = graph.dates[incident.id]
    if date.kind == "relative":
        written = f"{date.relation} {date.anchor}" + (f" by {date.gap}" if date.gap else "")
    else:
        written = date.text or "unknown"
    return {
        "edtf": written,
        "label": pages.listed_date(incident, graph).label,
        "precision": date.precision,
        "start": placed.lower.isoformat() if placed.lower else None,
        "end": placed.upper.isoformat() if placed.upper else None,
    }


@dataclass(frozen=True)
class IncidentPoint:
    latitude: float
    longitude: float
    place: Place  # the place named on the incident
    source: Place  # the place whose coordinates or country shape gave the point: itself or a parent
    how: str  # "coordinates", "shape" or "ancestor", as SiteGraph.location says


def place_point(place: Place, graph: SiteGraph) -> tuple[float, float] | None:
    """A place's point as exported: SiteGraph.point (the maps use the same), rounded."""
    point = graph.point(place)
    if point is None:
        return None
    return round(point[0], COORDINATE_DECIMALS), round(point[1], COORDINATE_DECIMALS)


def incident_point(incident: Incident, graph: SiteGraph) -> IncidentPoint | None:
    """Where an incident is put: its first place (locations first) with a position of its own
    (coordinates or a country shape), else the first whose parent gives one."""
    named = sorted(graph.incident_places[incident.id],
                   key=lambda pr: WHERE_ROLES.index(pr.role) if pr.role in WHERE_ROLES else len(WHERE_ROLES))
    located = [(pr.place, loc) for pr in named if (loc := graph.location(pr.place)) is not None]
    for place, loc in sorted(located, key=lambda pl: pl[1].source == "ancestor"):  # stable: role order kept
        lat, lon = place_point(place, graph)  # type: ignore[misc]
        return IncidentPoint(lat, lon, place, loc.place, loc.source)
    return None


def figure_record(fig: Figure) -> dict:
    return {"low": fig.low, "best": fig.best, "high": fig.high}


def json_file(data) -> Iterator[str]:
    """A JSON download in pieces: inert even when pasted into an HTML <script> (see render.inert_json).

    A value that is an iterator (of records) is encoded one record at a time; joined, the
    pieces are byte for byte what encoding the whole structure at once gives.
    """
    yield from _json_parts(data)
    yield "\n"


def _json_parts(value) -> Iterator[str]:
    if isinstance(value, Iterator):
        yield "["
        for number, item in enumerate(value):
            yield ("," if number else "") + render.inert_json(item)
        yield "]"
    elif isinstance(value, dict) and any(isinstance(item, Iterator) for item in value.values()):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield ("," if number else "") + render.inert_json(key) + ":"
            yield from _json_parts(item)
        yield "}"
    else:
        yield render.inert_json(value)


# -- the whole dataset --------------------------------------------------------------------------


def incident_record(incident: Incident, graph: SiteGraph, meta: SiteMeta) -> dict:
    """One incident as chronicle.json lists it."""
    content = graph.content
    point = incident_point(incident, graph)
    return {
        "id": incident.id,
        "url": public_url(meta.site_url, pages.incident_url(incident.id)),
        "title": incident.title,
        "date": date_record(incident, graph),
        "type": incident.type,
        "type_label": graph.type_label(incident.type),
        "type_group": graph.type_group(incident.type),
        "status": incident.status,
        "summary": incident.summary,
        "actors": [{"id": ar.actor.id, "name": ar.actor.name, "role": ar.role}
                   for ar in graph.incident_actors[incident.id]],
        "places": [{"id": pr.place.id, "name": pr.place.name, "role": pr.role}
                   for pr in graph.incident_places[incident.id]],
        "coordinates": {"latitude": point.latitude, "longitude": point.longitude,
                        "place": point.source.id, "how": point.how} if point else None,
        "casualties": {kind: figure_record(fig) for kind, fig in sorted(incident.casualties.items())},
        "related": [{"id": r.ref, "relation": r.relation} for r in incident.related
                    if r.ref in content.incidents],
        "sources": [{"publisher": s.publisher, "title": s.title, "url": s.url, "published": s.published}
                    for s in incident.sources],
        "notes": [{"kind": n.kind, "text": n.text, "ref": n.ref} for n in incident.notes],
        "updated": incident.updated,
    }


def dataset_json(graph: SiteGraph, meta: SiteMeta, about: dict | None = None) -> Iterator[str]:
    content = graph.content
    incidents = (incident_record(incident, graph, meta) for incident in graph.incidents)
    actors = []
    for actor in sorted(content.actors.values(), key=lambda a: a.id):
        actors.append({
            "id": actor.id, "url": public_url(meta.site_url, pages.actor_url(actor.id)), "name": actor.name,
            "kind": actor.kind, "aliases": list(actor.aliases), "description": actor.description,
            "affiliations": [{"id": target.id, "relation": aff.relation} for aff in actor.affiliations
                             if (target := content.actor(aff.ref)) is not None],
            "links": dict(sorted(actor.links.items())), "status": actor.status,
            "incident_count": len(graph.actor_incidents.get(actor.id, [])),
        })
    places = []
    for place in sorted(content.places.values(), key=lambda p: p.id):
        parent = content.place(place.within) if place.within else None
        point = place_point(place, graph)
        location = graph.location(place)
        places.append({
            "id": place.id, "url": public_url(meta.site_url, pages.place_url(place.id)), "name": place.name,
            "kind": place.kind, "aliases": list(place.aliases), "within": parent.id if parent else None,
            "latitude": point[0] if point else None, "longitude": point[1] if point else None,
            "coordinates_from": {"place": location.place.id, "how": location.source} if location else None,
            "geonames_id": place.geonames_id, "description": place.description, "status": place.status,
            "incident_count": len(graph.place_incidents.get(place.id, [])),
        })
    types = [{"id": t.id, "label": t.label, "group": t.group} for t in sorted(graph.types.values(),
                                                                              key=lambda t: t.id)]
    return json_file({**(about or about_data(graph, meta)),
                       "incidents": incidents, "actors": actors, "places": places, "types": types})


# -- TimelineJS ---------------------------------------------------------------------------------


def _tljs_date(day: dt.date, precision: str) -> dict:
    parts = {"year": day.year}
    if precision in ("month", "day"):
        parts["month"] = day.month
    if precision == "day":
        parts["day"] = day.day
    return parts


def timelinejs_event(incident: Incident, graph: SiteGraph, meta: SiteMeta) -> dict | None:
    """One TimelineJS3 slide; None for an incident with no place on the calendar.

    TimelineJS puts headline and text into the page as HTML, so both are built
    escaped here (summaries through the same Markdown renderer as the site).
    """
    date = incident.date
    placed = graph.dates[incident.id]
    if placed.lower is None:
        return None
    ends = date.text.split("/") if date.kind == "edtf" else []
    start_precision = part_precision(ends[0]) if ends else "month"  # relative dates: month at most
    end_precision = part_precision(ends[1]) if len(ends) == 2 else None
    event: dict = {"start_date": _tljs_date(placed.lower, start_precision or "year")}
    if end_precision and placed.upper is not None:
        event["end_date"] = _tljs_date(placed.upper, end_precision)
    if not is_whole_day(date) or len(ends) == 2:
        event["display_date"] = pages.listed_date(incident, graph).label
    url = public_url(meta.site_url, pages.incident_url(incident.id))
    places = ", ".join(pr.place.name for pr in graph.incident_places[incident.id])
    facts = " · ".join(x for x in (graph.type_label(incident.type), places) if x)
    text = (f"<p>{html.escape(facts)}</p>{render.markdown(incident.summary)}"
            f'<p><a href="{html.escape(url)}">Full entry and sources</a></p>')
    event["text"] = {"headline": html.escape(incident.title), "text": text}
    event["group"] = graph.type_group(incident.type)
    event["unique_id"] = incident.id
    return event


def timelinejs_json(graph: SiteGraph, meta: SiteMeta, about: dict | None = None) -> Iterator[str]:
    events = (e for e in (timelinejs_event(i, graph, meta) for i in graph.incidents) if e is not None)
    about = about or about_data(graph, meta)
    credit = " ".join(x for x in (meta.subtitle, meta.license_text()) if x)
    title = {"text": {"headline": html.escape(meta.name), "text": html.escape(credit)}}
    return json_file({"title": title, "events": events,
                      "license": about["license"], "modified": about["modified"], "citation": about["citation"]})


# -- CSV ----------------------------------------------------------------------------------------

CSV_COLUMNS = ("event_id", "event_date", "start_date", "end_date", "precision", "time_precision",
               "event_type", "sub_event_type", "type_id", "title", "status", "actor1", "actor2",
               "actors", "actor_ids", "places", "place_ids", "location", "latitude", "longitude",
               "geo_source", "geo_how", "fatalities", "fatalities_low", "fatalities_high",
               "injured", "injured_low", "injured_high", "casualties", "sources", "source_urls", "notes", "url")
# Columns holding numbers (the rest are text), as the CSV's metadata file declares them.
CSV_NUMBERS = {"time_precision": "integer", "latitude": "number", "longitude": "number",
               **{name: "integer" for name in ("fatalities", "fatalities_low", "fatalities_high",
                                               "injured", "injured_low", "injured_high")}}
# Spreadsheets run a cell starting with one of these as a formula ("=HYPERLINK(...)").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell value that a spreadsheet shows as text: a leading apostrophe before a formula start.

    Numbers (coordinates, counts) are written as numbers and not touched, so -12.5 stays -12.5.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _first_with_role(actor_roles, roles) -> str:
    for ar in actor_roles:
        if ar.role in roles:
            return ar.actor.name
    return ""


def figure_text(kind: str, fig: Figure) -> str:
    return f"{kind}: " + "/".join("" if v is None else str(v) for v in (fig.low, fig.best, fig.high))


def figure_numbers(fig: Figure | None) -> tuple[int | None, int | None, int | None]:
    """(figure, lowest, highest) as numbers for a spreadsheet: the best estimate, else the lowest
    reported, else the highest; blank where the sources give nothing."""
    if fig is None:
        return None, None, None
    best = next((v for v in (fig.best, fig.low, fig.high) if v is not None), None)
    return best, fig.low, fig.high


def csv_row(incident: Incident, graph: SiteGraph, meta: SiteMeta) -> list:
    record = date_record(incident, graph)
    actor_roles = graph.incident_actors[incident.id]
    place_roles = graph.incident_places[incident.id]
    point = incident_point(incident, graph)
    return [
        incident.id, record["edtf"], record["start"], record["end"], record["precision"],
        acled_time_precision(graph.dates[incident.id]), graph.type_group(incident.type),
        graph.type_label(incident.type), incident.type, incident.title, incident.status,
        _first_with_role(actor_roles, ("perpetrator",)) or (actor_roles[0].actor.name if actor_roles else ""),
        _first_with_role(actor_roles, ("target", "victim")),
        "; ".join(f"{ar.actor.name} ({ar.role})" for ar in actor_roles),
        ";".join(ar.actor.id for ar in actor_roles),
        "; ".join(f"{pr.place.name} ({pr.role})" for pr in place_roles),
        ";".join(pr.place.id for pr in place_roles),
        point.place.name if point else "",
        point.latitude if point else None, point.longitude if point else None,
        point.source.id if point else "", point.how if point else "",
        *figure_numbers(incident.casualties.get("killed")),
        *figure_numbers(incident.casualties.get("injured")),
        "; ".join(figure_text(kind, fig) for kind, fig in sorted(incident.casualties.items())),
        "; ".join(s.publisher or "Unknown publisher" for s in incident.sources),
        " ".join(s.url for s in incident.sources if render.safe_url(s.url)),
        "; ".join(f"{n.kind}: {n.text}" for n in incident.notes),
        public_url(meta.site_url, pages.incident_url(incident.id)),
    ]


def incidents_csv(graph: SiteGraph, meta: SiteMeta, about: dict | None = None) -> Iterator[str]:
    """RFC 4180: a header row, CRLF line ends, fields quoted when they hold , " or line breaks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for incident in graph.incidents:
        writer.writerow([spreadsheet_safe(v) for v in csv_row(incident, graph, meta)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header alone when there are no incidents


def csv_metadata(graph: SiteGraph, meta: SiteMeta, about: dict | None = None) -> Iterator[str]:
    """The CSV's metadata file (W3C CSV on the Web): title, licence, last change, citation, and which
    columns are numbers. CSV itself has no place for any of it."""
    about = about or about_data(graph, meta)
    data = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": pages.DOWNLOADS["csv"].rsplit("/", 1)[-1],
        "dc:title": f"{meta.name}: incidents",
        "dc:description": meta.subtitle,
        "dc:license": {"@id": meta.license_url} if meta.license_url else (meta.license_name or None),
        "dc:modified": about["modified"],
        "dc:bibliographicCitation": about["citation"],
        "tableSchema": {"columns": [{"name": name, "titles": name, "datatype": CSV_NUMBERS.get(name, "string")}
                                    for name in CSV_COLUMNS]},
    }
    return json_file(data)


# -- GeoJSON ------------------------------------------------------------------------------------


def incidents_geojson(graph: SiteGraph, meta: SiteMeta, about: dict | None = None) -> Iterator[str]:
    """RFC 7946: a FeatureCollection of Points, [longitude, latitude], WGS 84, no "crs"."""
    features = (feature for feature in (incident_feature(incident, graph, meta) for incident in graph.incidents)
                if feature is not None)
    about = about or about_data(graph, meta)
    # Foreign members (RFC 7946, 6.1): readers that do not know them pass them by.
    return json_file({"type": "FeatureCollection", "title": meta.name, "license": about["license"],
                      "modified": about["modified"], "citation": about["citation"], "features": features})


def incident_feature(incident: Incident, graph: SiteGraph, meta: SiteMeta) -> dict | None:
    """One incident as a GeoJSON Point feature; None when it has no coordinates at all."""
    point = incident_point(incident, graph)
    if point is None:
        return None
    record = date_record(incident, graph)
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
        "properties": {
            "id": incident.id, "title": incident.title, "date": record["edtf"],
            "date_label": record["label"], "precision": record["precision"],
            "start_date": record["start"], "end_date": record["end"],
            "type": incident.type, "type_label": graph.type_label(incident.type),
            "place": point.place.name, "coordinates_from": point.source.id, "coordinates_how": point.how,
            "url": public_url(meta.site_url, pages.incident_url(incident.id)),
        },
    }


# -- iCalendar ----------------------------------------------------------------------------------


def ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as \\n."""
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued after CRLF and a space;
    never splitting a UTF-8 sequence."""
    if line.isascii():  # one octet a character: cut the text itself (most lines, many times faster)
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[i:i + 74] for i in range(75, len(line), 74))])
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character instead
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _ics_day(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def ics_event(incident: Incident, graph: SiteGraph, meta: SiteMeta) -> list[str]:
    date = graph.dates[incident.id]
    changed = last_changed(incident, graph) or date.lower
    url = pages.incident_url(incident.id)
    places = [pr.place.name for pr in graph.incident_places[incident.id]]
    point = incident_point(incident, graph)
    description = "\n\n".join(x for x in (render.plain_text(incident.summary), public_url(meta.site_url, url)) if x)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry_uuid(meta, url)}",
        f"DTSTAMP:{_ics_day(changed)}T000000Z",
        f"DTSTART;VALUE=DATE:{_ics_day(date.lower)}",
        f"DTEND;VALUE=DATE:{_ics_day(date.upper + dt.timedelta(days=1))}",
        f"SUMMARY:{ics_text(incident.title)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"CATEGORIES:{ics_text(graph.type_label(incident.type))}",
        "STATUS:" + ("TENTATIVE" if incident.status == "draft" else "CONFIRMED"),
        "TRANSP:TRANSPARENT",
    ]
    if places:
        lines.append(f"LOCATION:{ics_text(', '.join(places))}")
    if point is not None:
        lines.append(f"GEO:{point.latitude};{point.longitude}")
    absolute = absolute_url(meta.site_url, url)
    if absolute and render.safe_url(absolute):
        lines.append(f"URL:{absolute}")
    lines.append("END:VEVENT")
    return lines


def incidents_ics(graph: SiteGraph, meta: SiteMeta, about: dict | None = None) -> Iterator[str]:
    """Incidents known to the day as all-day events; vaguer dates would be made up here."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Chronicle//Chronicle timeline//EN",
            "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{ics_text(meta.name)}",
            f"X-WR-CALDESC:{ics_text(' '.join(x for x in (meta.subtitle, meta.license_text()) if x))}"]
    yield _ics_lines(head)
    for incident in graph.incidents:
        if is_whole_day(incident.date):
            yield _ics_lines(ics_event(incident, graph, meta))
    yield _ics_lines(["END:VCALENDAR"])


def _ics_lines(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


# -- all downloads ------------------------------------------------------------------------------

# Each makes its file from (graph, meta, about): ``about`` is what the files say about themselves
# (``about_data``, worked out without it), which the CSV and iCalendar files have no place for.
FORMATS = {
    "json": dataset_json,
    "timelinejs": timelinejs_json,
    "csv": incidents_csv,
    "csv_metadata": csv_metadata,
    "geojson": incidents_geojson,
    "ics": incidents_ics,
}


def download_makers(graph: SiteGraph, meta: SiteMeta,
                    about: dict | None = None) -> list[Callable[[], list[tuple[str, Iterator[str]]]]]:
    """One function per download, making [(path under output/, its text in pieces)]: the build runs
    them in parallel, and writes each piece as it comes (``OutputDir.write``). ``about`` is what
    they say about themselves (``about_data``): given, or worked out here, once for all of them
    (it reads every incident's sources)."""
    about = about or about_data(graph, meta)
    return [functools.partial(lambda key, make: [(pages.DOWNLOADS[key], make(graph, meta, about))], key, make)
            for key, make in FORMATS.items()]
