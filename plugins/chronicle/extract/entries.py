"""Entries: draft incidents, actors and places as the YAML mappings editors see.

Gives every draft a stable id, turns mentions into actor and place entries
(with the parent chain of each place), and the article into a source with its
evidence. Key order is fixed: the same draft always gives the same YAML.
"""

from __future__ import annotations

from dataclasses import dataclass


from chronicle.core.ids import slugify
from chronicle.core.yamlio import Flow
from chronicle.core.model import name_key
from chronicle.extract.article import ActorMention, ArticleMeta, Evidence, PlaceMention, Seed
from chronicle.extract.incidents import DraftIncident
from chronicle.extract.places import region_place_id

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


SUPPORT_ORDER = ("title", "date", "type", "actors", "places", "casualties")


def source_entry(seed: Seed, meta: ArticleMeta, evidence: list[dict]) -> dict:
    """The article as a source of an incident, with its evidence (see ``sentence_evidence``)."""
    return {
        "publisher": meta.publisher,
        "title": meta.title,
        "url": meta.url,
        "published": meta.published.isoformat() if meta.published else meta.published_partial,
        "seed": seed.name,
        "evidence": evidence,
    }


def sentence_evidence(evidence: list[Evidence], values: list[object]) -> list[dict]:
    """Each sentence once, in seed order, with what it supports: ``{line, text, supports}``.

    ``values[i]`` is what ``evidence[i]`` supports: the date, the type, an actor or place id, a
    casualty category and figure, or True (a title or summary: wording, not a fact to check).
    Recording the value, not only the field, is what lets ``chronicle check`` say when an edit
    has left a sentence supporting what the entry no longer says. One item per field repeated
    a headline four times (title, type, actors, places): a draft was 88 lines.
    """
    sentences: dict[str, dict] = {}
    for item, value in zip(evidence, values):
        entry = sentences.setdefault(item.text, {"line": item.lineno, "text": item.text, "supports": {}})
        supports = entry["supports"]
        if item.field in ("actors", "places"):
            supports.setdefault(item.field, [])
            if value not in supports[item.field]:
                supports[item.field].append(value)
        elif item.field == "casualties" and isinstance(value, tuple):
            supports.setdefault("casualties", {})[value[0]] = value[1]
        else:
            supports.setdefault(item.field, value)
    ordered = sorted(sentences.values(), key=lambda e: (e["line"] is None, e["line"] or 0))
    for entry in ordered:
        rank = {name: n for n, name in enumerate(SUPPORT_ORDER)}
        entry["supports"] = Flow({k: entry["supports"][k]
                                  for k in sorted(entry["supports"], key=lambda k: (rank.get(k, len(rank)), k))})
    return ordered


def _supported_values(draft: DraftIncident, entry: dict) -> list[object]:
    """What each of the draft's evidence items supports, in the entry's terms (see sentence_evidence).

    build_incidents gives one actors item per actor, one places item per place and one
    casualties item per category, in the order of the draft's lists; a sentence naming the
    mention as written is preferred should those orders ever part.
    """
    queues = {
        "actors": [(m.text, m.actor_id) for m, _role in draft.actors],
        "places": [(m.text, place_ref(m)) for m, _role in draft.places],
        "casualties": [("", (kind, draft.casualties[kind])) for kind in draft.casualties],
    }
    values = []
    for item in draft.evidence:
        queue = queues.get(item.field)
        if queue is None:
            value = entry.get(item.field, True) if item.field in ("date", "type") else True
            values.append(True if value == "unknown" else value)  # an unplaced "on Tuesday" supports no date
            continue
        if not queue:
            values.append(None)
            continue
        pick = next((n for n, (said, _v) in enumerate(queue) if said and said in item.text), 0)
        values.append(queue.pop(pick)[1])
    return values


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
        values = _supported_values(draft, entry)
        kept = [(item, value) for item, value in zip(draft.evidence, values) if value is not None]
        entry["sources"] = [source_entry(seed, meta, sentence_evidence([i for i, _v in kept], [v for _i, v in kept]))]
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
