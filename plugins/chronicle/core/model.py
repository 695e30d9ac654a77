"""The content model: incidents, actors and places as editors write them in YAML.

These classes are what ``content.load_content`` builds from ``content/`` after
validation, and what the site graph and the pages read. They are plain data:
no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chronicle.core.dates import EventDate

# The words editors may use for roles, relations, statuses and kinds, in the order pages list
# them. The schemas (schemas/*.schema.json) validate with the same words: tests/core/test_model_vocabulary.py
# checks the two agree. (Incident types are not fixed here: a project adds them in content/types.yaml.)
ACTOR_ROLES = ("perpetrator", "target", "victim", "spokesperson", "participant", "mentioned")
PLACE_ROLES = ("location", "origin", "target", "mentioned")
RELATIONS = ("response-to", "part-of", "follows")
STATUSES = ("draft", "reviewed")
ACTOR_KINDS = (
    "state",
    "government",
    "military",
    "armed group",
    "person",
    "organisation",
    "company",
    "political party",
    "international organisation",
    "media",
    "other",
)
PLACE_KINDS = ("country", "region", "city", "site", "area", "water", "other")


class _Record:
    """A model record pickles as its class and its field values: loading builds 10,000s of
    these in worker processes and sends them back, and the dataclass default for slots classes
    looks up the fields again for every object."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), tuple(map(self.__getattribute__, self.__slots__))


@dataclass(frozen=True, slots=True)
class RoleRef(_Record):
    """A reference from an incident to an actor or place, with a role."""

    ref: str  # id or alias as written in YAML
    role: str


@dataclass(frozen=True, slots=True)
class Affiliation(_Record):
    ref: str
    relation: str  # "member-of", "backed-by", "part-of", "allied-with", "leads", ...


@dataclass(frozen=True, slots=True)
class Related(_Record):
    ref: str
    relation: str  # one of RELATIONS


@dataclass(frozen=True, slots=True)
class Figure(_Record):
    """A casualty figure as low / best / high estimates (any may be missing)."""

    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class EvidenceItem(_Record):
    fields: tuple[str, ...]  # the fields the sentence supports
    text: str
    line: int | None = None  # line in the seed file
    # What it supports, as extraction read it ({"date": ..., "actors": [...]}); empty in the older
    # one-field form. chronicle check compares it with the entry.
    supports: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Source(_Record):
    publisher: str | None
    title: str | None
    url: str | None
    published: str | None  # EDTF date, or None when unknown
    seed: str | None  # seed file name this source was extracted from
    evidence: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Note(_Record):
    kind: str  # "possible-duplicate-of", "seed-disagrees", "editor"
    text: str
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Incident(_Record):
    id: str
    title: str
    date: EventDate
    type: str
    status: str
    summary: str = ""
    actors: tuple[RoleRef, ...] = ()
    places: tuple[RoleRef, ...] = ()
    casualties: dict[str, Figure] = field(default_factory=dict)  # "killed", "injured", ...
    related: tuple[Related, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[Note, ...] = ()
    updated: str | None = None  # EDTF day an editor last changed it, optional
    path: str = ""  # file it was read from, relative to the content dir


@dataclass(frozen=True, slots=True)
class Actor(_Record):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    affiliations: tuple[Affiliation, ...] = ()
    links: dict[str, str] = field(default_factory=dict)  # "wikidata": "Q123", "website": ...
    status: str = "draft"
    path: str = ""


@dataclass(frozen=True, slots=True)
class Place(_Record):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    within: str | None = None  # id or alias of the parent place
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    description: str = ""
    status: str = "draft"
    path: str = ""


@dataclass(frozen=True, slots=True)
class IncidentType(_Record):
    id: str  # "airstrike"
    label: str  # "Airstrike"
    group: str  # ACLED event type: "Explosions/Remote violence"
    description: str = ""


@dataclass
class Content:
    """Everything in ``content/``, validated, with references resolvable."""

    incidents: dict[str, Incident]
    actors: dict[str, Actor]
    places: dict[str, Place]
    types: dict[str, IncidentType]
    # alias (normalised with name_key) -> id, for references written as aliases
    actor_index: dict[str, str] = field(default_factory=dict)
    place_index: dict[str, str] = field(default_factory=dict)

    def actor(self, ref: str) -> Actor | None:
        return _resolve(ref, self.actors, self.actor_index)

    def place(self, ref: str) -> Place | None:
        return _resolve(ref, self.places, self.place_index)


def name_key(text: str) -> str:
    """The key under which names and aliases are compared: case and spacing folded."""
    return " ".join(text.casefold().split())


def _resolve(ref, by_id, index):
    if ref in by_id:
        return by_id[ref]
    target = index.get(name_key(ref))
    return by_id.get(target) if target else None
