"""Names and references: which entry a name or alias means, and whether every reference an entry
makes (actors, places, related incidents, relative dates, types, ``within``) finds one."""

from __future__ import annotations

import difflib

from chronicle.content.entries import Claims
from chronicle.content.problems import Problems
from chronicle.core.model import Content, Place, name_key


def actor_index(actors: dict, claims: Claims, problems: Problems) -> dict[str, str]:
    """name/alias key -> actor id. A name claimed by two actors is a problem: they are one actor
    to merge, or a mistake."""
    index: dict[str, str] = {}
    for entry_id in sorted(actors):
        entry = actors[entry_id]
        file = claims.files[("actor", entry_id)]
        for path, name in _names(entry):
            key = name_key(name)
            owner = index.get(key)
            if owner is not None and owner != entry_id:
                other = claims.files[("actor", owner)].rel
                problems.add(file, path, f"'{name}' is also a name or alias of actor '{owner}' ({other}); "
                                         "a name may belong to one actor only: remove it from one file, or "
                                         "merge the two entries")
                continue
            index[key] = entry_id
    for entry_id in actors:  # an id always resolves to itself
        index[name_key(entry_id)] = entry_id
    return index


def place_index(places: dict) -> tuple[dict[str, str], dict[str, list[str]]]:
    """name/alias key -> place id, and name key -> the ids sharing it. Places may share a name
    (Tripoli, Libya and Tripoli, Lebanon): such a name is then no reference to either, and only
    ids resolve."""
    index: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    for entry_id in sorted(places):
        for _path, name in _names(places[entry_id]):
            key = name_key(name)
            owner = index.get(key)
            if owner is not None and owner != entry_id:
                ambiguous.setdefault(key, [owner])
                if entry_id not in ambiguous[key]:
                    ambiguous[key].append(entry_id)
                continue
            index[key] = entry_id
    for key in ambiguous:
        index.pop(key, None)
    for entry_id in places:  # an id always resolves to itself
        index[name_key(entry_id)] = entry_id
    return index, ambiguous


def _names(entry) -> list[tuple[tuple, str]]:
    """(document path, name) of an entry's name and each alias."""
    return [(("name",), entry.name)] + [(("aliases", i), a) for i, a in enumerate(entry.aliases)]


def check_references(content: Content, claims: Claims, ambiguous: dict[str, list[str]],
                     problems: Problems) -> None:
    """Report every reference that finds no entry, in entries loaded and in entries left out."""
    for incident in content.incidents.values():
        _check_incident(incident, claims.files[("event", incident.id)], content, claims, ambiguous, problems)
    for actor in content.actors.values():
        file = claims.files[("actor", actor.id)]
        for i, aff in enumerate(actor.affiliations):
            if content.actor(aff.ref) is None and not claims.is_left_out("actor", aff.ref):
                problems.add(file, ("affiliations", i, "ref"), _unknown("actor", aff.ref, content.actors))
    for place in content.places.values():
        if place.within is not None:
            _check_within(place, claims.files[("place", place.id)], content, claims, ambiguous, problems)
    _check_left_out(content, claims, ambiguous, problems)


def _check_incident(incident, file, content: Content, claims: Claims, ambiguous: dict, problems: Problems) -> None:
    if incident.type not in content.types:
        problems.add(file, ("type",), _unknown_type(incident.type, content))
    for i, ref in enumerate(incident.actors):
        if content.actor(ref.ref) is None and not claims.is_left_out("actor", ref.ref):
            problems.add(file, ("actors", i, "ref"), _unknown("actor", ref.ref, content.actors))
    for i, ref in enumerate(incident.places):
        if content.place(ref.ref) is None and not claims.is_left_out("place", ref.ref):
            problems.add(file, ("places", i, "ref"), _unknown_place(ref.ref, content, ambiguous))
    for i, rel in enumerate(incident.related):
        if rel.ref not in content.incidents and not claims.is_left_out("event", rel.ref):
            problems.add(file, ("related", i, "ref"), _unknown("event", rel.ref, content.incidents))
        elif rel.ref == incident.id:
            problems.add(file, ("related", i, "ref"), "an incident cannot be related to itself")
    if incident.date.kind == "relative":
        if incident.date.anchor not in content.incidents and not claims.is_left_out("event", incident.date.anchor):
            problems.add(file, ("date", incident.date.relation),
                         _unknown("event", incident.date.anchor, content.incidents))


def _check_within(place: Place, file, content: Content, claims: Claims, ambiguous: dict,
                  problems: Problems) -> None:
    parent = content.place(place.within)
    if parent is None and not claims.is_left_out("place", place.within):
        problems.add(file, ("within",), _unknown_place(place.within, content, ambiguous))
    elif _within_cycle(content, place):
        problems.add(file, ("within",), f"'within' makes a loop ({place.id} ends up inside itself); "
                                        "point it at a larger place")


def _within_cycle(content: Content, place: Place) -> bool:
    seen = {place.id}
    current = content.place(place.within) if place.within else None
    while current is not None:
        if current.id in seen:
            return True
        seen.add(current.id)
        current = content.place(current.within) if current.within else None
    return False


def _check_left_out(content: Content, claims: Claims, ambiguous: dict, problems: Problems) -> None:
    """References of entries left out for other problems: a wrong date must not hide an unknown
    actor until it is fixed."""
    for file, references in claims.loose:
        for where, target, ref in references:
            if target == "type":
                if ref not in content.types:
                    problems.add(file, where, _unknown_type(ref, content))
            elif target == "actor":
                if content.actor(ref) is None and not claims.is_left_out("actor", ref):
                    problems.add(file, where, _unknown("actor", ref, content.actors))
            elif target == "place":
                if content.place(ref) is None and not claims.is_left_out("place", ref):
                    problems.add(file, where, _unknown_place(ref, content, ambiguous))
            elif ref not in content.incidents and not claims.is_left_out("event", ref):
                problems.add(file, where, _unknown("event", ref, content.incidents))


def _unknown(kind: str, ref: str, known) -> str:
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"create content/{kind}s/{ref}.yaml or fix the reference"
    return f"unknown {kind} '{ref}': {hint}"


def _unknown_place(ref: str, content: Content, ambiguous: dict[str, list[str]]) -> str:
    sharing = ambiguous.get(name_key(ref))
    if sharing:
        return f"'{ref}' names more than one place ({', '.join(sorted(sharing))}); write the id of the one you mean"
    return _unknown("place", ref, content.places)


def _unknown_type(ref: str, content: Content) -> str:
    return f"unknown type '{ref}': use one of {', '.join(sorted(content.types))}, or add it to content/types.yaml"
