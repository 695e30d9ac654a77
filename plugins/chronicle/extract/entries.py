"""Entries: draft incidents, actors and places as the YAML mappings editors see.

Gives every draft a stable id, turns mentions into actor and place entries
(with the parent chain of each place), and the article into a source with its
evidence. Key order is fixed: the same draft always gives the same YAML.
"""

from __future__ import annotations

from dataclasses import dataclass


from ..ids import slugify
from ..model import name_key
from .article import ActorMention, ArticleMeta, Evidence, PlaceMention, Seed
from .incidents import DraftIncident
from .places import region_place_id

MAX_ID_WORDS = 9


def incident_id(draft: DraftIncident) -> str:
    """A readable id that does not change when the article is extracted again."""
    date = draft.date if isinstance(draft.date, str) else None
    # A partial date ("XXXX-06-03") has no year to sort an id by: undated, like unknown.
    prefix = date.rstrip("~?%").split("/")[0] if date and date != "unknown" and "X" not in date else "undated"
    return f"{prefix}-{slugify(draft.title, MAX_ID_WORDS) or 'untitled'}"


@dataclass(frozen=True)
class Entries:
    """What one article contributes to content/, keyed by id."""

    incidents: dict[str, dict]  # id -> YAML mapping
    actors: dict[str, dict]
    places: dict[str, dict]
    keys: dict[str, str]  # draft key ("main") -> incident id


def source_entry(seed: Seed, meta: ArticleMeta, evidence: list[Evidence]) -> dict:
    """The article as a source of an incident, with the sentences each field came from."""
    unique = []
    seen = set()
    for item in evidence:
        key = (item.field, item.text)
        if key not in seen:
            seen.add(key)
            unique.append({"field": item.field, "text": item.text, "line": item.lineno})
    return {
        "publisher": meta.publisher,
        "title": meta.title,
        "url": meta.url,
        "published": meta.published.isoformat() if meta.published else meta.published_partial,
        "seed": seed.name,
        "evidence": unique,
    }


def actor_entry(mention: ActorMention) -> dict:
    entry = {"id": mention.actor_id, "name": mention.name, "kind": mention.kind}
    if mention.title:
        entry["description"] = f"{mention.title} (title as first reported)."
    entry["status"] = "draft"
    return entry


def place_entries(mention: PlaceMention) -> dict[str, dict]:
    """The place a mention names, a qualified region of it, and its parents."""
    entries: dict[str, dict] = {}
    parent_ids = [p[0] for p in mention.parents]
    main = {"id": mention.place_id, "name": mention.name, "kind": mention.kind}
    if parent_ids:
        main["within"] = parent_ids[0]
    if mention.latitude is not None and mention.longitude is not None:
        main["coordinates"] = {"lat": round(mention.latitude, 4), "lon": round(mention.longitude, 4)}
    if mention.geonames_id:
        main["geonames"] = mention.geonames_id
    main["status"] = "draft"
    entries[mention.place_id] = main
    for position, (pid, name, kind) in enumerate(mention.parents):
        parent = {"id": pid, "name": name, "kind": kind}
        if position + 1 < len(mention.parents):
            parent["within"] = mention.parents[position + 1][0]
        parent["status"] = "draft"
        entries.setdefault(pid, parent)
    _distinct_names(list(entries.values()))
    if mention.qualifier:
        rid = region_place_id(mention)
        entries[rid] = {"id": rid, "name": f"{mention.qualifier.capitalize()} {mention.name}", "kind": "area",
                        "within": mention.place_id, "status": "draft"}
    return entries


def _distinct_names(chain: list[dict]) -> None:
    """A parent named like its child ("Lagos" in "Lagos") is named after its id: "Lagos State".

    ``chronicle check`` requires a name to belong to one place only, so two entries of one
    chain must not share a name; the most specific keeps it.
    """
    seen: set[str] = set()
    for entry in chain:
        if name_key(entry["name"]) in seen:
            base = slugify(entry["name"], max_words=len(entry["id"]))
            suffix = entry["id"][len(base) + 1:] if entry["id"].startswith(base + "-") else ""
            entry["name"] = (f"{entry['name']} {suffix.replace('-', ' ').title()}" if len(suffix) > 2
                             else f"{entry['name']} ({entry['kind']})")
        seen.add(name_key(entry["name"]))


def place_ref(mention: PlaceMention) -> str:
    return region_place_id(mention)


def build_entries(drafts: list[DraftIncident], seed: Seed, meta: ArticleMeta) -> Entries:
    keys: dict[str, str] = {}
    ids_taken: set[str] = set()
    for draft in drafts:
        base = incident_id(draft)
        candidate, n = base, 2
        while candidate in ids_taken:
            candidate, n = f"{base}-{n}", n + 1
        ids_taken.add(candidate)
        keys[draft.key] = candidate
    incidents: dict[str, dict] = {}
    actors: dict[str, dict] = {}
    places: dict[str, dict] = {}
    for draft in drafts:
        entry = {
            "id": keys[draft.key],
            "title": draft.title,
            "date": _date_value(draft.date, keys),
            "type": draft.type,
            "status": "draft",
        }
        if draft.summary:
            entry["summary"] = draft.summary
        entry["actors"] = [{"ref": m.actor_id, "role": role} for m, role in draft.actors]
        entry["places"] = [{"ref": place_ref(m), "role": role} for m, role in draft.places]
        if draft.casualties:
            entry["casualties"] = {k: draft.casualties[k] for k in sorted(draft.casualties)}
        if draft.related:
            entry["related"] = [{"ref": keys[k], "relation": rel} for k, rel in draft.related if k in keys]
        entry["sources"] = [source_entry(seed, meta, draft.evidence)]
        if draft.notes:
            entry["notes"] = list(draft.notes)
        for key in ("actors", "places"):
            if not entry[key]:
                del entry[key]
        incidents[entry["id"]] = entry
        for mention, _role in draft.actors:
            actors.setdefault(mention.actor_id, actor_entry(mention))
        for mention, _role in draft.places:
            for pid, pentry in place_entries(mention).items():
                places.setdefault(pid, pentry)
    return Entries(incidents, actors, places, keys)


def _date_value(date: object, keys: dict[str, str]):
    if isinstance(date, dict):
        return {k: (keys.get(v, v) if k in ("before", "after") else v) for k, v in date.items()}
    return date
