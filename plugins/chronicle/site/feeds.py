"""Atom feeds (RFC 4287): all incidents, and one per actor and per place.

Pure functions from the ``SiteGraph`` to (output path, XML text). Each feed
holds the newest ``SiteMeta.feed_entries`` incidents (dated ones newest first,
then undated ones if there is room), so a 10,000-incident site writes feeds
in time linear in its size. Ids and dates come from content only: the same
content gives byte-identical feeds on any machine, on any day.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from chronicle.site import pages, render
from chronicle.site.publication import SiteMeta, absolute_url, clean_text, entry_uuid, first_reported, last_changed
from chronicle.site.graph import SiteGraph
from chronicle.core.model import Incident

ATOM_NS = "http://www.w3.org/2005/Atom"
NO_DATE = dt.date(1970, 1, 1)  # `updated` is required; an entry whose content gives no day at all


def xml_text(text: str | None) -> str:
    return render.xml_escape(clean_text(text))


def atom_time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def newest(incidents: Iterable[Incident], graph: SiteGraph, limit: int) -> list[Incident]:
    """The newest `limit` incidents of a chronological list (undated last), newest first."""
    ordered = list(incidents)
    dated = [i for i in ordered if graph.dates[i.id].known]
    undated = [i for i in ordered if not graph.dates[i.id].known]
    recent = list(reversed(dated[-limit:])) if limit > 0 else []
    return recent + undated[: max(0, limit - len(recent))]


class EntryWriter:
    """Each incident's <entry> written once per link prefix and reused by every feed it is in."""

    def __init__(self, graph: SiteGraph, meta: SiteMeta):
        self.graph = graph
        self.meta = meta
        self.cache: dict[tuple[str, str], tuple[str, dt.date]] = {}

    def entry(self, incident: Incident, prefix: str) -> tuple[str, dt.date]:
        key = (incident.id, prefix)
        if key not in self.cache:
            self.cache[key] = self._write(incident, prefix)
        return self.cache[key]

    def _write(self, incident: Incident, prefix: str) -> tuple[str, dt.date]:
        graph, meta = self.graph, self.meta
        url = pages.incident_url(incident.id)
        href = absolute_url(meta.site_url, url) or prefix + url
        updated = last_changed(incident, graph) or NO_DATE
        reported = first_reported(incident)
        published = reported.lower if reported is not None else None
        date_label = pages.listed_date(incident, graph).label
        places = ", ".join(pr.place.name for pr in graph.incident_places[incident.id])
        actors = ", ".join(f"{ar.actor.name} ({ar.role})" for ar in graph.incident_actors[incident.id])
        facts = " · ".join(x for x in (date_label, graph.type_label(incident.type), places) if x)
        # type="html": the HTML is escaped once more as XML text, so markup in content stays inert.
        body = (f"<p>{render.xml_escape(facts)}</p>"
                + (f"<p>Actors: {render.xml_escape(actors)}</p>" if actors else "")
                + str(render.markdown(incident.summary))
                + ("<p>Draft: not yet reviewed by an editor.</p>" if incident.status == "draft" else ""))
        lines = [
            "  <entry>",
            f"    <id>urn:uuid:{entry_uuid(meta, url)}</id>",
            f'    <title type="text">{xml_text(incident.title)}</title>',
            f'    <link rel="alternate" type="text/html" href="{xml_text(href)}"/>',
            f"    <updated>{atom_time(updated)}</updated>",
        ]
        if published is not None and published <= updated:
            lines.append(f"    <published>{atom_time(published)}</published>")
        lines += [
            f'    <category term="{xml_text(incident.type)}" label="{xml_text(graph.type_label(incident.type))}"/>',
            f'    <summary type="text">{xml_text(facts)}</summary>',
            f'    <content type="html">{xml_text(body)}</content>',
            "  </entry>",
        ]
        return "\n".join(lines), updated


def atom_feed(feed_url: str, page_url: str, title: str, incidents: list[Incident],
              writer: EntryWriter) -> str:
    meta = writer.meta
    prefix = pages.root_prefix(feed_url)
    entries = [writer.entry(incident, prefix) for incident in incidents]
    updated = max((day for _, day in entries), default=NO_DATE)
    self_href = absolute_url(meta.site_url, feed_url) or feed_url.rsplit("/", 1)[-1]
    page_href = absolute_url(meta.site_url, page_url) or prefix + page_url
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}" xml:lang="{xml_text(meta.lang)}">',
        f"  <id>urn:uuid:{entry_uuid(meta, feed_url)}</id>",
        f'  <title type="text">{xml_text(title)}</title>',
    ]
    if meta.subtitle:
        head.append(f'  <subtitle type="text">{xml_text(meta.subtitle)}</subtitle>')
    head += [
        f'  <link rel="self" type="application/atom+xml" href="{xml_text(self_href)}"/>',
        f'  <link rel="alternate" type="text/html" href="{xml_text(page_href)}"/>',
        f"  <updated>{atom_time(updated)}</updated>",
        f"  <author><name>{xml_text(meta.name)}</name></author>",
        "  <generator>Chronicle</generator>",
    ]
    if meta.license_name:
        head.append(f'  <rights type="text">{xml_text(meta.license_text())}</rights>')
    return "\n".join(head + [text for text, _ in entries] + ["</feed>"]) + "\n"


def atom_feeds(graph: SiteGraph, meta: SiteMeta) -> Iterator[tuple[str, str]]:
    """(path under output/, XML) for the site feed and every actor's and place's feed."""
    writer = EntryWriter(graph, meta)
    limit = meta.feed_entries
    yield pages.feed_url(), atom_feed(pages.feed_url(), pages.home_url(), meta.name,
                                      newest(graph.incidents, graph, limit), writer)
    content = graph.content
    for entries, appearances, feed_url, page_url in (
            (content.actors, graph.actor_incidents, pages.actor_feed_url, pages.actor_url),
            (content.places, graph.place_incidents, pages.place_feed_url, pages.place_url)):
        for entry_id in sorted(entries):
            incidents = (a.incident for a in appearances.get(entry_id, []))
            yield feed_url(entry_id), atom_feed(feed_url(entry_id), page_url(entry_id),
                                                f"{meta.name}: {entries[entry_id].name}",
                                                newest(incidents, graph, limit), writer)
