"""What each page of the site is: its URL, template and the data it shows.

The URL scheme (documented in docs/urls.md) lives here and nowhere else.
Every URL is site-relative and ends in ``/`` (a directory with index.html),
so links can be made relative per page and the site works from any sub-path.

View builders are pure: they take the ``SiteGraph`` and return plain values
(no markup except what ``render`` produced safely), one page at a time.
"""

from __future__ import annotations

import calendar
import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterator

from markupsafe import Markup, escape

from chronicle.site import chart, publication, render
from chronicle.site.graph import HOME, SiteGraph
from chronicle.core.model import ACTOR_KINDS, PLACE_KINDS, Actor, Figure, Incident, Place
from chronicle.core.dates import EventDate, published_date
from chronicle.core.settings import Settings

MONTH_PAGE_SIZE = 200  # incidents per month archive page
APPEARANCES_PAGE_SIZE = 200  # incidents per page of an actor or place: one may have thousands
YEAR_FULL_LIST = 200  # a year with more incidents lists its months, not every incident
MONTHS = tuple(calendar.month_name)[1:]

# -- the URL scheme -----------------------------------------------------------------------------


def home_url() -> str:
    return ""


def year_url(year: int) -> str:
    return f"timeline/{year:04d}/"


def month_url(year: int, month: int, page: int = 1) -> str:
    return _paged(f"timeline/{year:04d}/{month:02d}/", page)


def _paged(base: str, page: int) -> str:
    """Page 1 of a long list is the base address; page n is base/page/n/."""
    return base if page == 1 else f"{base}page/{page}/"


def undated_url() -> str:
    return "timeline/undated/"


def incident_url(incident_id: str) -> str:
    return f"incidents/{incident_id}/"


def actors_url() -> str:
    return "actors/"


def actor_url(actor_id: str, page: int = 1) -> str:
    return _paged(f"actors/{actor_id}/", page)


def places_url() -> str:
    return "places/"


def place_url(place_id: str, page: int = 1) -> str:
    return _paged(f"places/{place_id}/", page)


def types_url() -> str:
    return "types/"


def type_url(type_id: str) -> str:
    return f"types/{type_id}/"


def feed_url() -> str:
    """The Atom feed of all incidents."""
    return "feed.atom"


def actor_feed_url(actor_id: str) -> str:
    return f"actors/{actor_id}/feed.atom"


def place_feed_url(place_id: str) -> str:
    return f"places/{place_id}/feed.atom"


def downloads_url() -> str:
    return "downloads/"


# The data downloads (exports.py writes them), by format.
DOWNLOADS = {
    "json": "downloads/chronicle.json",
    "timelinejs": "downloads/timelinejs.json",
    "csv": "downloads/incidents.csv",
    "csv_metadata": "downloads/incidents.csv-metadata.json",
    "geojson": "downloads/incidents.geojson",
    "ics": "downloads/incidents.ics",
}


def search_url() -> str:
    return "search/"


# The main navigation on every page: (section, label, URL).
MAIN_NAV = (("timeline", "Timeline", home_url()), ("actors", "Actors", actors_url()), ("places", "Places", places_url()),
            ("types", "Types", types_url()), ("search", "Search", search_url()), ("downloads", "Downloads", downloads_url()))
MAIN_NAV_URLS = frozenset(url for _, _, url in MAIN_NAV)


def main_nav() -> tuple[tuple[str, str, str], ...]:
    return MAIN_NAV


URL_FUNCTIONS = {f.__name__: f for f in (home_url, year_url, month_url, undated_url, incident_url,
                                          actors_url, actor_url, places_url, place_url, types_url,
                                          type_url, feed_url, actor_feed_url, place_feed_url,
                                          downloads_url, search_url, main_nav)}


def output_file(url: str) -> str:
    """Where a page URL is written, relative to the output directory."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def root_prefix(url: str) -> str:
    """The relative path from a page back to the site root: './', '../', '../../'..."""
    depth = url.count("/")
    return "../" * depth if depth else "./"


# -- small shared views -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateView:
    label: str
    iso: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """An incident as a line in a list: the same everywhere it appears."""

    id: str
    url: str
    title: str
    date: DateView
    type_label: str
    place: str
    draft: bool
    meta: Markup = Markup("")  # date, type and place as every list shows them (``entry_meta_html``)


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    description: str
    section: str  # which nav item is current
    context: dict = field(default_factory=dict)
    og_type: str = "website"
    jsonld: Markup | None = None
    feed: str | None = None  # the Atom feed of this page's incidents, for autodiscovery
    # The subject whose map and chart the page shows, as ("incident" | "actor" | "place" | "home", id):
    # the first page of an actor's or place's list only, the later ones carry on its list.
    subject: tuple[str, str] | None = None

    @property
    def nav_here(self) -> str | None:
        """The page's URL when the main navigation links to it, else None: with the root and the
        section, all the navigation depends on, so base.html writes it once per process for each."""
        return self.url if self.url in MAIN_NAV_URLS else None


def date_view(date: EventDate) -> DateView:
    return DateView(date.label(), date.iso())


def optional_date_view(date: EventDate | None) -> DateView | None:
    return date_view(date) if date is not None else None


@functools.lru_cache(maxsize=4096)  # the same few hundred publication days, source after source
def published_view(text: str | None) -> DateView | None:
    """A source's published date as its citation shows it: the date when it reads as one, else the
    text as written (the schema does not check it); None when there is none."""
    date = published_date(text)
    if date is not None:
        return date_view(date)
    return DateView(str(text).strip(), None) if text and str(text).strip() else None


def place_label(place: Place, graph: SiteGraph) -> str:
    parents = graph.place_parents.get(place.id, [])
    return ", ".join([place.name] + [p.name for p in parents[:1]])


def listed_date(incident: Incident, graph: SiteGraph) -> DateView:
    """In a list, a relative date names what it is relative to: "A few days before 23 January 2024"."""
    view = date_view(incident.date)
    anchor = graph.anchor_of(incident)
    if incident.date.kind == "relative" and anchor is not None and anchor.date.kind == "edtf" and anchor.date.known:
        return DateView(f"{view.label} {anchor.date.label()}", None)
    return view


def build_entries(graph: SiteGraph) -> dict[str, Entry]:
    entries = {}
    for incident in graph.incidents:
        places = graph.incident_places[incident.id]
        where = place_label(places[0].place, graph) if places else ""
        date, type_label = listed_date(incident, graph), graph.type_label(incident.type)
        entries[incident.id] = Entry(incident.id, incident_url(incident.id), incident.title, date, type_label,
                                     where, incident.status == "draft", entry_meta_html(date, type_label, where))
    return entries


def entry_meta_html(date: DateView, type_label: str, place: str) -> Markup:
    """An entry's date, type and place as every list of incidents shows them (macros.html's
    entry_item): the same on each of the pages that list it (about nine on a 5,000-incident site),
    so written once here. Escaped as the template's {{ ... }} escapes."""
    when = (f'<time datetime="{escape(date.iso)}">{escape(date.label)}</time>' if date.iso
            else f'<span class="date">{escape(date.label)}</span>')
    where = f' <span class="sep" aria-hidden="true">·</span> <span class="place">{escape(place)}</span>' if place else ""
    return Markup(f'{when} <span class="sep" aria-hidden="true">·</span> <span class="type">{escape(type_label)}</span>'
                  f"{where}")


@dataclass(frozen=True)
class MonthSection:
    year: int
    month: int
    heading: str
    url: str
    entries: tuple[Entry, ...]


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def sections(incidents, graph: SiteGraph, entries: dict[str, Entry]) -> list[MonthSection]:
    """Consecutive incidents grouped under month headings, in the order given."""
    def month_of(incident: Incident) -> tuple[int, int]:
        start = graph.dates[incident.id].lower
        return start.year, start.month

    return [MonthSection(y, m, month_name(y, m), month_url(y, m), tuple(entries[i.id] for i in group))
            for (y, m), group in itertools.groupby(incidents, key=month_of)]


def incidents_chart(incidents, graph: SiteGraph, subject: str,
                    key: tuple[str, str] | None = None) -> chart.Chart | None:
    """The visual timeline of some incidents (undated ones cannot be drawn), or None (``chart.build_chart``);
    with ``key``, they are that subject's, whose bars the map plan has worked out (``SiteGraph.chart_bars``)."""
    items = graph.chart_items
    return chart.build_chart([items[i.id] for i in incidents if i.id in items], graph.chart_colours, subject,
                             graph.chart_bars(key, incidents) if key else None)


# -- incident pages -----------------------------------------------------------------------------


def figure_text(fig: Figure) -> str:
    low, best, high = fig.low, fig.best, fig.high
    if low is not None and high is not None and low != high:
        span = f"{low}–{high}"
        return f"{span} (best estimate {best})" if best is not None else span
    if low is not None and high is not None:
        return str(low)
    if best is not None:
        if low is not None:
            return f"{best} (at least {low})"
        if high is not None:
            return f"{best} (up to {high})"
        return str(best)
    if low is not None:
        return f"at least {low}"
    return f"up to {high}"


# Casualty categories in the order readers look for them; any others follow, A–Z.
CASUALTY_ORDER = ("killed", "injured", "missing", "abducted", "arrested", "displaced")
# An incident's actors, grouped by role in this order, each group under its heading.
ROLE_HEADINGS = (("perpetrator", "Carried out by"), ("target", "Targeted"), ("victim", "Victims"),
                 ("participant", "Taking part"), ("spokesperson", "Speaking"), ("mentioned", "Mentioned"))


CASUALTY_RANK = {kind: n for n, kind in enumerate(CASUALTY_ORDER)}
ROLE_HEADING = dict(ROLE_HEADINGS)


def casualty_rows(casualties: dict[str, Figure]) -> list[tuple[str, str]]:
    """(label, figure in words), killed before injured before the rest."""
    kinds = sorted(casualties, key=lambda k: (CASUALTY_RANK.get(k, len(CASUALTY_RANK)), k))
    return [(kind.replace("-", " ").capitalize(), figure_text(casualties[kind])) for kind in kinds]


def has_range(fig: Figure) -> bool:
    return fig.low is not None and fig.high is not None and fig.low != fig.high


def actors_by_role(actor_roles) -> list[tuple[str, list]]:
    """[(heading, [actor])] in ROLE_HEADINGS order (roles outside it last, under their own name)."""
    groups: dict[str, list] = {}
    for ar in actor_roles:
        groups.setdefault(ar.role, []).append(ar.actor)
    order = [role for role, _ in ROLE_HEADINGS if role in groups] + sorted(set(groups) - set(ROLE_HEADING))
    return [(ROLE_HEADING.get(role) or role.replace("-", " ").capitalize(), groups[role]) for role in order]


def reports_incident(source, incident: Incident, graph: SiteGraph) -> bool:
    """Whether a source reports the incident rather than mentioning it in passing. It mentions it
    in passing when its article's headline is about another incident (evidence for that one's
    title) and gives nothing for this one's title."""
    if any("title" in item.fields for item in source.evidence):
        return True
    about = graph.headlines.get(source.seed or source.url or "", ())
    return not about or incident.id in about


@dataclass(frozen=True)
class SourceView:
    publisher: str
    title: str | None
    href: str | None
    url_text: str | None
    published: DateView | None
    number: int = 0  # its number on the page, which the evidence refers to


NOTE_LABELS = {"possible-duplicate-of": "Possible duplicate", "seed-disagrees": "Sources disagree",
               "editor": "Editor's note"}


@dataclass(frozen=True)
class EvidenceSentence:
    text: str
    line: int | None  # line in the seed, for editors checking it
    fields: tuple[str, ...]  # the fields this sentence supports


@dataclass(frozen=True)
class EvidenceView:
    number: int  # the source's number in the Sources list
    publisher: str
    seed: str | None
    sentences: tuple[EvidenceSentence, ...]


def evidence_view(number: int, source) -> EvidenceView:
    """One source's evidence, each sentence once with every field it supports, in seed order.

    Listing per field repeated a headline under title, type, actors and places.
    """
    fields: dict[str, list[str]] = {}
    lines: dict[str, int | None] = {}
    for item in source.evidence:
        fields.setdefault(item.text, [])
        fields[item.text].extend(f for f in item.fields if f not in fields[item.text])
        lines.setdefault(item.text, item.line)
    ordered = sorted(fields, key=lambda text: (lines[text] is None, lines[text] or 0))
    sentences = tuple(EvidenceSentence(text, lines[text], tuple(fields[text])) for text in ordered)
    return EvidenceView(number, source.publisher or "Unknown publisher", source.seed, sentences)


def incident_page(incident: Incident, graph: SiteGraph, entries: dict[str, Entry], site_url: str) -> Page:
    itype = graph.types.get(incident.type)
    anchor = graph.anchor_of(incident)
    # Sources that report the incident first, then those that only mention it; numbered in that order.
    reports = [reports_incident(source, incident, graph) for source in incident.sources]
    ordered = [source for source, yes in sorted(zip(incident.sources, reports), key=lambda sy: not sy[1])]
    sources = [SourceView(source.publisher or "Unknown publisher", source.title, render.safe_url(source.url),
                          source.url, published_view(source.published), number)
               for number, source in enumerate(ordered, 1)]
    reporting = sum(reports)
    evidence = [evidence_view(number, source) for number, source in enumerate(ordered, 1)]
    position = graph.position(incident)
    dated = graph.dates[incident.id].known  # undated incidents are last, in no time order
    before = graph.incidents[position - 1] if dated and position > 0 else None
    after = graph.incidents[position + 1] if dated and position + 1 < len(graph.incidents) else None
    after = after if after is not None and graph.dates[after.id].known else None
    notes = [(NOTE_LABELS.get(n.kind, n.kind), n.text, entries.get(n.ref) if n.ref else None)
             for n in incident.notes]
    places = [(pr.place, pr.role, graph.place_parents.get(pr.place.id, []))
              for pr in graph.incident_places[incident.id]]
    context = {
        "incident": incident,
        "date": date_view(incident.date),
        "anchor": entries.get(anchor.id) if anchor else None,
        "type": itype,
        "summary": render.markdown(incident.summary),
        "actors": actors_by_role(graph.incident_actors[incident.id]),
        "places": places,
        "casualties": casualty_rows(incident.casualties),
        "casualty_ranges": any(has_range(fig) for fig in incident.casualties.values()),
        "previous": entries[before.id] if before is not None else None,
        "next": entries[after.id] if after is not None else None,
        "mentions": sources[reporting:],
        "related": [(link.label, entries[link.incident.id]) for link in graph.related.get(incident.id, [])],
        "sources": sources[:reporting],
        "evidence": [view for view in evidence if view.sentences],
        "notes": notes,
        "draft": incident.status == "draft",
        "first_reported": optional_date_view(publication.first_reported(incident)),
        "last_updated": optional_date_view(publication.last_updated(incident)),
    }
    summary = render.plain_text(incident.summary)
    description = render.shorten(summary) if summary else (
        f"{incident.date.label()}: {incident.title}. {graph.type_label(incident.type)}.")
    return Page(incident_url(incident.id), "incident", incident.title, description, "timeline", context,
                og_type="article", jsonld=render.json_ld(event_ld(incident, graph, site_url, summary)),
                subject=("incident", incident.id))


def event_ld(incident: Incident, graph: SiteGraph, site_url: str, summary: str) -> dict:
    """schema.org Event data for an incident; ``summary`` is its summary as plain text."""
    data: dict = {"@context": "https://schema.org", "@type": "Event", "name": incident.title}
    date = graph.dates[incident.id]
    if incident.date.kind == "edtf" and date.lower is not None:
        data["startDate"] = date.lower.isoformat()
        if date.upper is not None and date.upper != date.lower:
            data["endDate"] = date.upper.isoformat()
    if summary:
        data["description"] = summary
    url = publication.absolute_url(site_url, incident_url(incident.id))
    if url:
        data["url"] = url
    locations = [place_ld(pr.place, graph, site_url, nested=True) for pr in graph.incident_places[incident.id]]
    if locations:
        data["location"] = locations
    actors = [actor_ld(ar.actor, site_url, brief=True) for ar in graph.incident_actors[incident.id]]
    if actors:
        data["about"] = actors
    return data


def actor_ld(actor: Actor, site_url: str, brief: bool = False) -> dict:
    data: dict = {"@type": "Person" if actor.kind == "person" else "Organization", "name": actor.name}
    url = publication.absolute_url(site_url, actor_url(actor.id))
    if url:
        data["url"] = url
    if brief:
        return data
    data["@context"] = "https://schema.org"
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    if actor.description:
        data["description"] = render.plain_text(actor.description)
    same_as = []
    if actor.links.get("wikidata"):
        same_as.append(f"https://www.wikidata.org/wiki/{actor.links['wikidata']}")
    if render.safe_url(actor.links.get("website")):
        same_as.append(actor.links["website"])
    if same_as:
        data["sameAs"] = same_as
    return data


def place_ld(place: Place, graph: SiteGraph, site_url: str, nested: bool = False) -> dict:
    data: dict = {"@type": "Place", "name": place.name}
    if not nested:
        data["@context"] = "https://schema.org"
    url = publication.absolute_url(site_url, place_url(place.id))
    if url:
        data["url"] = url
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}
    parents = graph.place_parents.get(place.id, [])
    if parents:
        data["containedInPlace"] = {"@type": "Place", "name": parents[0].name}
    if place.geonames_id and not nested:
        data["sameAs"] = [f"https://www.geonames.org/{place.geonames_id}/"]
    return data


# -- actor and place pages ----------------------------------------------------------------------


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a long list split into pages."""

    number: int
    count: int
    urls: tuple[str, ...]
    total: int  # items across all pages


def paginate(items: list, size: int, url_of: Callable[[int], str]) -> Iterator[tuple[list, Pager]]:
    """The items in pages of ``size``, each with its Pager; one (empty) page when there are none."""
    count = max(1, -(-len(items) // size))
    urls = tuple(url_of(n) for n in range(1, count + 1))
    for number in range(1, count + 1):
        yield items[(number - 1) * size: number * size], Pager(number, count, urls, len(items))


def paged_title(title: str, pager: Pager) -> str:
    return title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}"


# An affiliation in words: (on the actor's own page, before the other's name; on the other's page,
# between the two names). "is leads" and "is member of" read wrong.
AFFILIATION_WORDS = {
    "member-of": ("Member of", "is a member of"),
    "part-of": ("Part of", "is part of"),
    "backed-by": ("Backed by", "is backed by"),
    "allied-with": ("Allied with", "is allied with"),
    "leads": ("Leads", "leads"),
    "affiliated-with": ("Affiliated with", "is affiliated with"),
}


def affiliation_words(relation: str) -> tuple[str, str]:
    words = relation.replace("-", " ")
    return AFFILIATION_WORDS.get(relation, (words.capitalize(), f"is {words}"))


def actor_pages(actor: Actor, graph: SiteGraph, entries: dict[str, Entry], site_url: str) -> Iterator[Page]:
    content = graph.content
    affiliations = [(content.actor(a.ref), affiliation_words(a.relation)[0]) for a in actor.affiliations]
    appearances = graph.actor_incidents.get(actor.id, [])
    context = {
        "actor": actor,
        "description": render.markdown(actor.description),
        "affiliations": [(a, rel) for a, rel in affiliations if a is not None],
        "affiliated_from": [(a, affiliation_words(rel)[1]) for a, rel in graph.affiliated_from.get(actor.id, [])],
        "website": render.safe_url(actor.links.get("website")),
        "wikidata": actor.links.get("wikidata"),
        "co_actors": graph.co_actor_sides.get(actor.id, {}),
        "top_places": graph.actor_places.get(actor.id, []),
    }
    subject = ("actor", actor.id)
    chart = incidents_chart([a.incident for a in appearances], graph, f"incidents involving {actor.name}", subject)
    count = len(appearances)
    description = render.shorten(render.plain_text(actor.description)) or (
        f"{actor.name} ({actor.kind}): {count} incident{'s' if count != 1 else ''} on the timeline.")
    jsonld = render.json_ld(actor_ld(actor, site_url))
    for chunk, pager in paginate(appearances, APPEARANCES_PAGE_SIZE, lambda n: actor_url(actor.id, n)):
        first = pager.number == 1
        shown = {**context, "pager": pager, "chart": chart if first else None,
                 "appearances": [(entries[a.incident.id], ", ".join(a.roles)) for a in chunk]}
        yield Page(pager.urls[pager.number - 1], "actor", paged_title(actor.name, pager), description, "actors",
                   shown, og_type="profile" if actor.kind == "person" else "website", jsonld=jsonld,
                   feed=actor_feed_url(actor.id), subject=subject if first else None)


def place_pages(place: Place, graph: SiteGraph, entries: dict[str, Entry], site_url: str) -> Iterator[Page]:
    appearances = graph.place_incidents.get(place.id, [])
    context = {
        "place": place,
        "description": render.markdown(place.description),
        "parents": list(reversed(graph.place_parents.get(place.id, []))),  # largest first
        "children": graph.place_children.get(place.id, []),
    }
    subject = ("place", place.id)
    chart = incidents_chart([a.incident for a in appearances], graph,
                            f"incidents in {place.name} and places within it", subject)
    count = len(appearances)
    description = render.shorten(render.plain_text(place.description)) or (
        f"{place.name} ({place.kind}): {count} incident{'s' if count != 1 else ''} there or within it.")
    jsonld = render.json_ld(place_ld(place, graph, site_url))
    for chunk, pager in paginate(appearances, APPEARANCES_PAGE_SIZE, lambda n: place_url(place.id, n)):
        first = pager.number == 1
        shown = {**context, "pager": pager, "chart": chart if first else None,
                 "appearances": [(entries[a.incident.id], ", ".join(a.roles), a.via) for a in chunk]}
        yield Page(pager.urls[pager.number - 1], "place", paged_title(place.name, pager), description, "places",
                   shown, jsonld=jsonld, feed=place_feed_url(place.id), subject=subject if first else None)


def _grouped_by_kind(items, kinds, counts):
    """[(kind, [(item, count)])] in vocabulary order, A–Z within each kind."""
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        groups[item.kind].append((item, counts.get(item.id, 0)))
    order = list(kinds) + sorted(set(groups) - set(kinds))
    return [(kind, sorted(groups[kind], key=lambda x: (x[0].name.casefold(), x[0].id)))
            for kind in order if kind in groups]


def actors_index_page(graph: SiteGraph) -> Page:
    counts = {aid: len(a) for aid, a in graph.actor_incidents.items()}
    # Registry actors no incident names yet are listed apart: among the others they read as
    # actors on the timeline with nothing to show.
    active = [a for a in graph.content.actors.values() if counts.get(a.id)]
    idle = sorted((a for a in graph.content.actors.values() if not counts.get(a.id)),
                  key=lambda a: (a.name.casefold(), a.id))
    groups = _grouped_by_kind(active, ACTOR_KINDS, counts)
    return Page(actors_url(), "actors", "Actors",
                "Every actor on the timeline, by kind, A–Z, with how many incidents each is part of.",
                "actors", {"groups": groups, "total": len(active), "idle": idle})


def places_index_page(graph: SiteGraph) -> Page:
    counts = {pid: len(a) for pid, a in graph.place_incidents.items()}
    groups = _grouped_by_kind(graph.content.places.values(), PLACE_KINDS, counts)
    return Page(places_url(), "places", "Places",
                "Every place on the timeline, by kind, A–Z, with how many incidents happened there.",
                "places", {"groups": groups, "total": len(graph.content.places),
                           "parents": {pid: chain[:1] for pid, chain in graph.place_parents.items()}})


# -- types --------------------------------------------------------------------------------------


def types_index_page(graph: SiteGraph) -> Page:
    groups: dict[str, list] = defaultdict(list)
    for tid, itype in graph.types.items():
        count = len(graph.type_incidents.get(tid, []))
        if count:
            groups[itype.group].append((itype, count))
    ordered = [(group, sorted(items, key=lambda x: (x[0].label.casefold(), x[0].id)))
               for group, items in sorted(groups.items())]
    return Page(types_url(), "types", "Incident types",
                "Incidents on the timeline by type, grouped as in ACLED's event types.", "types",
                {"groups": ordered})


def type_pages(graph: SiteGraph, entries: dict[str, Entry]) -> Iterator[Page]:
    for tid in sorted(graph.type_incidents):
        itype, label = graph.types.get(tid), graph.type_label(tid)
        incidents = graph.type_incidents[tid]
        dated = [i for i in incidents if graph.dates[i.id].known]
        undated = [entries[i.id] for i in incidents if not graph.dates[i.id].known]
        yield Page(type_url(tid), "type", label,
                   f"{label}: {len(incidents)} incident{'s' if len(incidents) != 1 else ''} on the timeline.",
                   "types", {"type": itype, "sections": sections(dated, graph, entries),
                             "undated": undated, "count": len(incidents),
                             "chart": incidents_chart(incidents, graph, f"{label.lower()} incidents")})


# -- timeline pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearLink:
    year: int
    url: str
    count: int


def year_links(graph: SiteGraph) -> list[YearLink]:
    counts: dict[int, int] = defaultdict(int)
    for group in graph.months:
        counts[group.year] += len(group.incidents)
    return [YearLink(y, year_url(y), counts[y]) for y in sorted(counts)]


def home_page(graph: SiteGraph, entries: dict[str, Entry], recent: int, subtitle: str) -> Page:
    dated = [i for group in graph.months for i in group.incidents]
    latest = list(reversed(dated[-recent:])) if recent > 0 else []
    # Undated incidents fill what room the dated ones leave, so a young timeline is not blank.
    undated = [entries[i.id] for i in graph.undated[: max(0, recent - len(latest))]]
    context = {"sections": sections(latest, graph, entries), "years": year_links(graph),
               "undated_count": len(graph.undated), "shown": len(latest), "total": len(graph.incidents),
               "undated_entries": undated,
               "all_shown": len(latest) == len(dated) and len(undated) == len(graph.undated),
               "chart": incidents_chart(dated, graph, "every incident on the timeline", HOME)}
    return Page(home_url(), "home", "Timeline", subtitle or "The latest incidents on the timeline.",
                "timeline", context, feed=feed_url(), subject=HOME)


def year_pages(graph: SiteGraph, entries: dict[str, Entry]) -> Iterator[Page]:
    by_year: dict[int, list] = defaultdict(list)
    for group in graph.months:
        by_year[group.year].append(group)
    years = sorted(by_year)
    for n, year in enumerate(years):
        groups = by_year[year]
        total = sum(len(g.incidents) for g in groups)
        months = [(month_name(g.year, g.month), month_url(g.year, g.month), len(g.incidents)) for g in groups]
        listed = sections([i for g in groups for i in g.incidents], graph, entries) if total <= YEAR_FULL_LIST else []
        context = {"year": year, "months": months, "sections": listed, "total": total,
                   "prev": YearLink(years[n - 1], year_url(years[n - 1]), 0) if n > 0 else None,
                   "next": YearLink(years[n + 1], year_url(years[n + 1]), 0) if n + 1 < len(years) else None}
        yield Page(year_url(year), "year", f"{year}",
                   f"{total} incident{'s' if total != 1 else ''} in {year}, oldest first.", "timeline", context)


def month_pages(graph: SiteGraph, entries: dict[str, Entry]) -> Iterator[Page]:
    groups = graph.months
    for n, group in enumerate(groups):
        name = month_name(group.year, group.month)
        incidents = group.incidents
        page_count = max(1, -(-len(incidents) // MONTH_PAGE_SIZE))
        prev_month = groups[n - 1] if n > 0 else None
        next_month = groups[n + 1] if n + 1 < len(groups) else None
        for page in range(1, page_count + 1):
            chunk = incidents[(page - 1) * MONTH_PAGE_SIZE: page * MONTH_PAGE_SIZE]
            context = {
                "heading": name, "year": group.year, "year_url": year_url(group.year),
                "entries": [entries[i.id] for i in chunk], "total": len(incidents),
                "page_number": page, "page_count": page_count,
                "page_urls": [month_url(group.year, group.month, p) for p in range(1, page_count + 1)],
                "prev": (month_name(prev_month.year, prev_month.month), month_url(prev_month.year, prev_month.month))
                if prev_month else None,
                "next": (month_name(next_month.year, next_month.month), month_url(next_month.year, next_month.month))
                if next_month else None,
            }
            title = name if page == 1 else f"{name}, page {page} of {page_count}"
            yield Page(month_url(group.year, group.month, page), "month", title,
                       f"{len(incidents)} incident{'s' if len(incidents) != 1 else ''} in {name}, oldest first.",
                       "timeline", context)


def file_size(size: int) -> str:
    """A file's size as people read it: 812 bytes, 4.3 kB, 12 MB (decimal units, as browsers show)."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
    return f"{size} bytes"


def downloads_page(graph: SiteGraph, about: dict | None = None, sizes: dict[str, int] | None = None) -> Page:
    """The downloads page; ``about`` is what the files say about themselves (licence, last change,
    citation: exports.about_data), ``sizes`` each file's bytes by format, known once they are written."""
    content = graph.content
    counts = {"incidents": len(content.incidents), "actors": len(content.actors), "places": len(content.places)}
    about = about or {}
    modified = about.get("modified")
    changed = optional_date_view(published_date(modified))
    return Page(downloads_url(), "downloads", "Downloads",
                "The timeline's data as JSON, TimelineJS, CSV, GeoJSON and iCalendar files, and Atom feeds.",
                "downloads", {"files": DOWNLOADS, "counts": counts, "license": about.get("license"),
                              "citation": about.get("citation"), "changed": changed,
                              "sizes": {key: file_size(n) for key, n in (sizes or {}).items()}})


def undated_page(graph: SiteGraph, entries: dict[str, Entry]) -> Page:
    return Page(undated_url(), "undated", "Date unknown",
                "Incidents whose date is not known yet.", "timeline",
                {"entries": [entries[i.id] for i in graph.undated]})


def search_page() -> Page:
    return Page(search_url(), "search", "Search",
                "Search incidents, actors and places, and filter by actor, place, type and year.", "search")


# -- everything ---------------------------------------------------------------------------------


def page_makers(graph: SiteGraph, settings: Settings, downloads: bool = True) -> list[Callable[[], list[Page]]]:
    """Every HTML page of the site as functions that each make a few pages, in a fixed order.

    The sitemap lists pages in this order. Makers are cheap to list and independent,
    so rendering can split them between processes (render_pool) with each page's
    context built only by the process that renders it.
    """
    site_url, entries = settings.site_url, build_entries(graph)
    recent, subtitle = settings.timeline_recent, settings.site_subtitle
    makers: list[Callable[[], list[Page]]] = [
        lambda: [home_page(graph, entries, recent, subtitle)],
        lambda: list(year_pages(graph, entries)),
        lambda: list(month_pages(graph, entries)),
        lambda: [undated_page(graph, entries)],
    ]
    makers += [functools.partial(_one, incident_page, incident, graph, entries, site_url)
               for incident in sorted(graph.content.incidents.values(), key=lambda i: i.id)]
    makers.append(lambda: [actors_index_page(graph)])
    makers += [functools.partial(lambda a: list(actor_pages(a, graph, entries, site_url)), graph.content.actors[aid])
               for aid in sorted(graph.content.actors)]
    makers.append(lambda: [places_index_page(graph)])
    makers += [functools.partial(lambda p: list(place_pages(p, graph, entries, site_url)), graph.content.places[pid])
               for pid in sorted(graph.content.places)]
    makers.append(lambda: [types_index_page(graph)])
    makers.append(lambda: list(type_pages(graph, entries)))
    makers.append(lambda: [search_page()])
    if downloads:  # the build makes it last itself, once the files it describes are written
        makers.append(lambda: [downloads_page(graph)])
    return makers


def _one(make, *args) -> list[Page]:
    return [make(*args)]


def all_pages(graph: SiteGraph, settings: Settings) -> Iterator[Page]:
    """Every HTML page of the site, in a fixed order (the sitemap lists them in this order)."""
    for make in page_makers(graph, settings):
        yield from make()


def sitemap_xml(urls: list[str], site_url: str) -> str:
    """A sitemap; locations are absolute when SITEURL is set (the protocol wants that)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls:
        loc = publication.public_url(site_url, url)
        lines.append(f"  <url><loc>{render.xml_escape(loc)}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
