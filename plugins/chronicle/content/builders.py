"""Documents to the model: an entry's validated data made into an ``Incident``, ``Actor`` or
``Place``, defaults filled in. (Validation has run: these trust the data's shape.)"""

from __future__ import annotations

import sys

from chronicle.core.dates import parse_event_date
from chronicle.core.model import (Actor, Affiliation, EvidenceItem, Figure, Incident, Note, Place, Related, RoleRef,
                                  Source)


def _shared(text):
    """One string object for a value many entries repeat (a role, a ref, a type, a publisher):
    10,000 incidents otherwise hold 10,000 copies of "participant", and so does every process
    the model is sent to."""
    return sys.intern(text) if type(text) is str else text


def build_incident(data: dict, rel: str) -> Incident:
    return Incident(
        id=data["id"], title=data["title"], date=parse_event_date(data["date"]), type=_shared(data["type"]),
        status=_shared(data["status"]), summary=data.get("summary", "") or "",
        actors=tuple(RoleRef(_shared(a["ref"]), _shared(a.get("role", "mentioned"))) for a in data.get("actors", [])),
        places=tuple(RoleRef(_shared(p["ref"]), _shared(p.get("role", "location"))) for p in data.get("places", [])),
        casualties={_shared(k): Figure(v.get("low"), v.get("best"), v.get("high"))
                    for k, v in (data.get("casualties") or {}).items()},
        related=tuple(Related(_shared(r["ref"]), _shared(r["relation"])) for r in data.get("related", [])),
        sources=tuple(_source(s) for s in data.get("sources", [])),
        notes=tuple(Note(_shared(n["kind"]), n["text"], n.get("ref")) for n in data.get("notes", [])),
        updated=data.get("updated"), path=rel,
    )


def _source(data: dict) -> Source:
    evidence = tuple(_evidence_item(e) for e in data.get("evidence", []))
    return Source(_shared(data.get("publisher")), data.get("title"), data.get("url"), _shared(data.get("published")),
                  data.get("seed"), evidence)


def _evidence_item(data: dict) -> EvidenceItem:
    supports = data.get("supports")
    if isinstance(supports, dict):
        return EvidenceItem(tuple(map(_shared, supports)), data["text"], data.get("line"), supports)
    return EvidenceItem((_shared(data["field"]),), data["text"], data.get("line"))  # the older form


def build_actor(data: dict, rel: str) -> Actor:
    return Actor(
        id=data["id"], name=data["name"], kind=data["kind"], aliases=tuple(data.get("aliases", [])),
        description=data.get("description", "") or "",
        affiliations=tuple(Affiliation(a["ref"], a["relation"]) for a in data.get("affiliations", [])),
        links=dict(data.get("links", {})), status=data.get("status", "draft"), path=rel,
    )


def build_place(data: dict, rel: str) -> Place:
    coords = data.get("coordinates") or {}
    return Place(
        id=data["id"], name=data["name"], kind=data["kind"], aliases=tuple(data.get("aliases", [])),
        within=data.get("within"), latitude=coords.get("lat"), longitude=coords.get("lon"),
        geonames_id=data.get("geonames"), description=data.get("description", "") or "",
        status=data.get("status", "draft"), path=rel,
    )


BUILDERS = {"event": build_incident, "actor": build_actor, "place": build_place}
