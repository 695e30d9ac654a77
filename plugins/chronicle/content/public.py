"""What the public site shows: content less the drafts and the editors' notes, as the settings
ask (CHRONICLE_PUBLISH_DRAFTS, CHRONICLE_PUBLISH_NOTES)."""

from __future__ import annotations

import dataclasses

from chronicle.core.dates import parse_event_date
from chronicle.core.model import Content


def public_content(content: Content, drafts: bool = True, notes: bool = True) -> Content:
    """``content`` as the site publishes it (CHRONICLE_PUBLISH_DRAFTS, CHRONICLE_PUBLISH_NOTES).

    Without drafts: no draft incident, and no draft actor or place that only drafts named (one a
    published entry refers to stays, so its link works); links to a hidden incident are dropped,
    and a date relative to one becomes unknown. Without notes: no editor notes on any incident.
    """
    if drafts and notes:
        return content
    incidents = {i: inc for i, inc in content.incidents.items() if drafts or inc.status != "draft"}
    unknown = parse_event_date("unknown")
    kept_incidents = {}
    for incident_id, incident in incidents.items():
        changes = {}
        if not notes and incident.notes:
            changes["notes"] = ()
        if any(r.ref not in incidents for r in incident.related):
            changes["related"] = tuple(r for r in incident.related if r.ref in incidents)
        if incident.date.anchor and incident.date.anchor not in incidents:
            changes["date"] = unknown
        kept_incidents[incident_id] = dataclasses.replace(incident, **changes) if changes else incident
    actors, places = content.actors, content.places
    if not drafts:
        actors = _referenced(content.actors, content.actor,
                             [r.ref for i in kept_incidents.values() for r in i.actors],
                             lambda actor: [a.ref for a in actor.affiliations])
        places = _referenced(content.places, content.place,
                             [r.ref for i in kept_incidents.values() for r in i.places],
                             lambda place: [place.within] if place.within else [])
    public = Content(kept_incidents, actors, places, content.types)
    public.actor_index = {k: v for k, v in content.actor_index.items() if v in actors}
    public.place_index = {k: v for k, v in content.place_index.items() if v in places}
    return public


def _referenced(entries: dict, resolve, refs: list[str], onward) -> dict:
    """Reviewed entries, and draft ones that ``refs`` name, directly or through kept entries."""
    kept = {i for i, e in entries.items() if e.status != "draft"}
    todo = [*refs, *(ref for i in sorted(kept) for ref in onward(entries[i]))]
    while todo:
        entry = resolve(todo.pop())
        if entry is not None and entry.id not in kept:
            kept.add(entry.id)
            todo.extend(onward(entry))
    return {i: entries[i] for i in sorted(entries) if i in kept}
