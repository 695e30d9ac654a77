"""Merge: is a newly extracted incident one that content/ already has?

An incident already known (same type, overlapping date, a shared place and a
shared actor) gains the new article as a source instead of becoming a
duplicate. A match that is likely but not certain (one of those four cannot be
checked, e.g. a date is unknown) gives a new draft with a
``possible-duplicate-of`` note, for the editor to decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..when import DateError, EventDate, parse_event_date


@dataclass(frozen=True)
class Match:
    incident_id: str
    certain: bool
    reasons: tuple[str, ...]


def _date(value) -> EventDate | None:
    try:
        parsed = parse_event_date(value)
    except DateError:
        return None
    return parsed if parsed.known else None


def _dates_agree(a, b) -> bool | None:
    """True when the dates overlap, False when they cannot, None when one is unknown."""
    da, db = _date(a), _date(b)
    if da is None or db is None:
        return None
    return da.lower <= db.upper and db.lower <= da.upper


def _refs(entry: dict, key: str, roles: tuple[str, ...] | None = None) -> set[str]:
    return {r["ref"] for r in entry.get(key, []) if isinstance(r, dict) and "ref" in r
            and (roles is None or r.get("role") in roles)}


def actor_refs(entry: dict) -> set[str]:
    """Every actor an incident names. find_match matches only incidents that share one."""
    actors = entry.get("actors")
    return _refs(entry, "actors") if isinstance(actors, list) else set()


def _ancestors(place_id: str, parents: dict[str, str]) -> set[str]:
    seen = {place_id}
    while place_id in parents and parents[place_id] not in seen:
        place_id = parents[place_id]
        seen.add(place_id)
    return seen


def _places_agree(new: dict, old: dict, parents: dict[str, str]) -> bool:
    """A shared place: the same, or one inside the other (Baghdad and Iraq)."""
    new_places, old_places = _refs(new, "places", ("location",)), _refs(old, "places", ("location",))
    if not new_places or not old_places:
        new_places, old_places = _refs(new, "places"), _refs(old, "places")
    for a in new_places:
        for b in old_places:
            if a == b or a in _ancestors(b, parents) or b in _ancestors(a, parents):
                return True
    return False


def find_match(new: dict, existing: dict[str, dict], parents: dict[str, str],
               same_group: dict[str, str]) -> Match | None:
    """The existing incident ``new`` reports, if any.

    ``existing`` maps id -> YAML mapping; ``parents`` maps place id -> parent id;
    ``same_group`` maps type id -> its group (ACLED event type) so that an
    airstrike and a drone attack can be suspected as one.
    """
    best: Match | None = None
    main_actors = _refs(new, "actors", ("perpetrator", "target", "victim"))
    for incident_id in sorted(existing):
        old = existing[incident_id]
        dates = _dates_agree(new.get("date"), old.get("date"))
        if dates is False:
            continue
        same_type = new.get("type") == old.get("type")
        related_type = same_type or (same_group.get(new.get("type")) is not None
                                     and same_group.get(new.get("type")) == same_group.get(old.get("type")))
        if not related_type:
            continue
        places = _places_agree(new, old, parents)
        old_actors = _refs(old, "actors", ("perpetrator", "target", "victim"))
        actors = bool(main_actors & old_actors) if main_actors and old_actors else \
            bool(_refs(new, "actors") & _refs(old, "actors"))
        reasons = tuple(r for r, ok in (("same type", same_type), ("overlapping date", dates is True),
                                        ("shared place", places), ("shared actors", actors)) if ok)
        if same_type and dates is True and places and actors:
            return Match(incident_id, True, reasons)
        if places and actors and (dates is None or not same_type) and best is None:
            best = Match(incident_id, False, reasons)
    return best
