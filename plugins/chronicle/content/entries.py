"""The entry files of content/ (events, actors, places): each read, validated and built on its own,
in worker processes when there are many, then each id given to one file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from chronicle.content.builders import BUILDERS
from chronicle.content.parse_cache import ParseCache
from chronicle.content.problems import EntryFile, Problem, Problems
from chronicle.content.read import display_path, read_document
from chronicle.content.validate import SchemaValidator, date_problem, schema_messages, validators
from chronicle.core.ids import WINDOWS_RESERVED
from chronicle.core.model import Actor, Incident, Place

# How loading is spread over processes, handed in by whoever runs it: (work, count) -> {n: work(n)}.
Spread = Callable[[Callable[[int], object], int], dict[int, object]]

KINDS = {"events": "event", "actors": "actor", "places": "place"}  # folder -> kind of entry
READ_BATCH = 200  # files a worker process reads at a time


class EntryPath(NamedTuple):
    path: str  # to open
    rel: str  # as problems print it
    kind: str
    name: str  # the file's name: its entry's id and ".yaml"


def entry_names(content_dir: Path, folder: str) -> list[str]:
    """The names of the folder's ``*.yaml`` files, hidden ones left out, sorted. (Loading works
    with names and text paths: pathlib's glob took 12 ms for 6,500 files, and making Path objects
    of them 15 ms more.)"""
    try:
        with os.scandir(content_dir / folder) as found:
            return sorted(entry.name for entry in found if entry.name.endswith(".yaml") and entry.name[0] != ".")
    except (FileNotFoundError, NotADirectoryError):
        return []


def entry_paths(content_dir: Path) -> list[EntryPath]:
    """Every entry file, folder by folder (events, actors, places), by name within each."""
    paths = []
    for folder, kind in KINDS.items():
        # The folder is resolved once, not every file in it: resolving 10,000 paths took most of a second.
        shown_folder, directory = display_path(content_dir / folder), str(content_dir / folder)
        paths.extend(EntryPath(f"{directory}/{name}", os.path.join(shown_folder, name), kind, name)
                     for name in entry_names(content_dir, folder))
    return paths


class EntryRead(NamedTuple):
    """What reading one entry file gave. Made in a worker process when there are many files, so
    it holds only what the parent needs: the entry, or the problems that kept it out (the
    parent knows which file it is: reads come back in the order of the files)."""

    entry: Incident | Actor | Place | None  # None: left out for the problems found
    broken_id: str | None  # the id of an entry left out (its file name when its id is unknown)
    problems: list[Problem]
    # An entry left out still has its references checked, so that one run reports every problem:
    # (document path, what it refers to: "actor", "place", "event" or "type", the reference).
    references: tuple = ()


def read_entries(paths: list[EntryPath], cache: ParseCache | None, spread: Spread | None) -> list[EntryRead]:
    """_read_entry for every file, in order; batches of them spread over worker processes
    (``spread``) when there are many.

    Parsing YAML is most of loading, and each file is independent. Workers send back only the
    built entries, never the parsed YAML, so the process that goes on to build the site holds
    no parse garbage: its memory is what the model needs (and what render processes share).
    Each batch reads with its own view of the cache and reports what it learnt.
    """
    by_kind = validators(tuple(KINDS.values()))  # made before any worker is forked
    if spread is None or len(paths) < READ_BATCH * 2:
        return [_read_entry(path, rel, kind, by_kind[kind], cache) for path, rel, kind, _name in paths]

    def read_batch(number: int) -> tuple[list[EntryRead], tuple | None]:
        batch_cache = cache.forked() if cache is not None else None
        reads = [_read_entry(path, rel, kind, by_kind[kind], batch_cache)
                 for path, rel, kind, _name in paths[number * READ_BATCH:(number + 1) * READ_BATCH]]
        return reads, batch_cache.changes() if batch_cache is not None else None

    batches = spread(read_batch, -(-len(paths) // READ_BATCH))
    reads = []
    for number in sorted(batches):
        batch_reads, changes = batches[number]
        reads += batch_reads
        if cache is not None:
            cache.absorb(changes)
    return reads


def _read_entry(path: str, rel: str, kind: str, validator: SchemaValidator, cache: ParseCache | None) -> EntryRead:
    """Read, parse, check and build one entry file on its own: the part of loading that needs
    nothing from other files."""
    problems = Problems()
    file = read_document(path, rel, problems, kind, cache)
    if file is None:
        return EntryRead(None, _stem(path), problems.found)
    data = file.doc.data
    invalid = schema_messages(validator, data, file, problems)
    invalid = date_problem(data, file, problems) or invalid
    if invalid:
        # Still known by id, so that other entries' references to it do not cascade.
        return EntryRead(None, data["id"] if isinstance(data.get("id"), str) else _stem(path), problems.found,
                         _loose_references(data, kind))
    return EntryRead(BUILDERS[kind](data, rel), None, problems.found)


REFERENCE_LISTS = {"event": (("actors", "actor"), ("places", "place"), ("related", "event")),
                   "actor": (("affiliations", "actor"),), "place": ()}


def _loose_references(data: dict, kind: str) -> tuple:
    """The references an entry that failed validation makes, where their shape allows reading them."""
    found = []
    for key, target in REFERENCE_LISTS[kind]:
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("ref"), str) and item["ref"]:
                found.append(((key, i, "ref"), target, item["ref"]))
    if kind == "event":
        if isinstance(data.get("type"), str):
            found.append((("type",), "type", data["type"]))
        date = data.get("date")
        for relation in ("before", "after"):
            if isinstance(date, dict) and isinstance(date.get(relation), str):
                found.append((("date", relation), "event", date[relation]))
    if kind == "place" and isinstance(data.get("within"), str):
        found.append((("within",), "place", data["within"]))
    return tuple(found)


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


# -- one file for each id ------------------------------------------------------------------------

@dataclass
class Claims:
    """Which file holds each entry loaded, and which entries were left out for their problems:
    what checking references needs besides the model."""

    files: dict[tuple[str, str], EntryFile] = field(default_factory=dict)  # (kind, id) -> its file
    left_out: set[tuple[str, str]] = field(default_factory=set)  # (kind, id); its file name when no id
    # The files of entries left out, with the references they make (EntryRead.references): a wrong
    # date must not hide an unknown actor until it is fixed.
    loose: list[tuple[EntryFile, tuple]] = field(default_factory=list)

    def is_left_out(self, kind: str, ref: str) -> bool:
        """A reference to an entry left out is not reported as unknown as well."""
        return (kind, ref) in self.left_out


def claim_ids(paths: list[EntryPath], reads: list[EntryRead],
              problems: Problems) -> tuple[dict[str, dict], Claims]:
    """kind -> {id: entry} of the entries read, each id held by one file, and the claims made."""
    claims = Claims()
    built: dict[str, list] = {kind: [] for kind in KINDS.values()}
    for (path, rel, kind, name), read in zip(paths, reads, strict=True):
        problems.extend(read.problems)
        if read.entry is None:
            claims.left_out.add((kind, read.broken_id))
            if read.references:
                claims.loose.append((EntryFile(rel, None, kind, source=path), read.references))
            continue
        built[kind].append((name, EntryFile(rel, None, kind, source=path), read.entry))
    entries = {kind: _claimed(kind, kind_built, claims, problems) for kind, kind_built in built.items()}
    return entries, claims


def _claimed(kind: str, built: list, claims: Claims, problems: Problems) -> dict:
    """id -> entry, for (file name, file, entry) of one kind."""
    entries = {}
    # Files named after their id claim it first; a second file with the same id is the duplicate.
    for name, file, obj in sorted(built, key=lambda b: (b[0][:-5] != b[2].id, b[0])):
        if obj.id in WINDOWS_RESERVED:
            problems.add(file, ("id",), f"id '{obj.id}' is a device name Windows reserves: no checkout there "
                                        f"can hold {obj.id}.yaml; choose another id (e.g. '{obj.id}-entry')")
        if name[:-5] != obj.id:  # name less ".yaml"
            problems.add(file, ("id",), f"id '{obj.id}' does not match the file name '{name}'; "
                                        f"rename the file to {obj.id}.yaml or change the id")
        previous = claims.files.get((kind, obj.id))
        if previous is not None:
            problems.add(file, ("id",), f"duplicate id '{obj.id}': {previous.rel} has it too; "
                                        "give one of them another id")
            continue
        claims.files[(kind, obj.id)] = file
        entries[obj.id] = obj
    return entries
