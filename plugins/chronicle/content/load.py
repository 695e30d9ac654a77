"""Load ``content/`` into the model, and say precisely what is wrong with it.

Every problem names the file, line and column, what is wrong and what to do,
so that ``chronicle check`` and the build can print it as ``path:line:column:
message``. Loading never stops at the first problem: an editor fixes them all
in one pass.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, NamedTuple

import jsonschema_rs

from chronicle.core import model
from chronicle.core.ids import WINDOWS_RESERVED
from chronicle.core.model import (Actor, Affiliation, Content, EvidenceItem, Figure, Incident, IncidentType,
                    Note, Place, Related, RoleRef, Source, name_key)
from chronicle.core.dates import DateError, parse_event_date
from chronicle.content.parse_cache import ParseCache
from chronicle.content.problems import Problem, read_text
from chronicle.core.yamlio import Document, Mark, YamlSyntaxError, parse_yaml

# How loading is spread over processes, handed in by whoever runs it: (work, count) -> {n: work(n)}.
Spread = Callable[[Callable[[int], object], int], dict[int, object]]

KINDS = {"events": "event", "actors": "actor", "places": "place"}
MAX_FILE_BYTES = 5_000_000


@dataclass
class _File:
    rel: str  # path as printed: relative to the current directory when possible
    doc: Document | None
    kind: str
    source: str | None = None  # the file, read again for marks when a problem is found (doc None)


@dataclass
class _Loaded:
    problems: list[Problem] = field(default_factory=list)
    files: dict[tuple[str, str], _File] = field(default_factory=dict)  # (kind, id) -> file
    broken: set[tuple[str, str]] = field(default_factory=set)  # entries left out for problems
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # place name key -> ids sharing it

    def add(self, file: _File, path, message: str, key: str | None = None) -> None:
        mark = Mark(1, 1)
        if file.doc is None and file.source is not None:
            # An entry loaded elsewhere (a worker process): where a problem found later (a duplicate
            # id, an unknown reference) is comes from parsing its file again, now.
            file.doc = Document(None, [], text=functools.partial(read_text, file.source))
        if file.doc is not None:
            path = tuple(path)
            if key is not None and path + (("key", key),) in file.doc.marks:
                mark = file.doc.marks[path + (("key", key),)]
            else:
                mark = file.doc.mark_of(path)
        self.problems.append(Problem(file.rel, mark.line, mark.column, message))


def load_schema(kind: str) -> dict:
    text = resources.files("chronicle").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_path(kind: str) -> Path:
    return Path(str(resources.files("chronicle").joinpath("schemas", f"{kind}.schema.json")))


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class SchemaValidator:
    """jsonschema's error details with jsonschema-rs's speed.

    Validating 10,000 entries with jsonschema alone took seconds, most of a build. jsonschema-rs
    (compiled) checks each entry first; only an entry it rejects, or cannot read, goes through
    jsonschema, whose errors we turn into messages. Where the two could disagree (ECMA vs Python
    regex ``$``), jsonschema-rs is the stricter, so jsonschema still has the last word.
    """

    def __init__(self, schema: dict):
        self.schema = schema
        self.fast = jsonschema_rs.Draft202012Validator(schema)
        self._full = None  # made when first needed: importing jsonschema costs a clean build 0.07 s

    def iter_errors(self, data):
        try:
            if self.fast.is_valid(data):
                return iter(())
        except (ValueError, TypeError, OverflowError):
            pass  # a value JSON has no type for: let jsonschema say what it makes of it
        if self._full is None:
            from jsonschema import Draft202012Validator

            self._full = Draft202012Validator(self.schema)
        return self._full.iter_errors(data)


# -- schema errors in an editor's words ---------------------------------------------------------

def _schema_messages(validator: SchemaValidator, data, file: _File, loaded: _Loaded) -> bool:
    """Report schema errors; True when there were any."""
    found = False
    for error in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        found = True
        path = tuple(error.absolute_path)
        where = ".".join(str(p) for p in path) or "the file"
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            extras = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
            for extra in extras:
                close = difflib.get_close_matches(str(extra), allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
                loaded.add(file, path, f"unknown key '{extra}': {hint}", key=str(extra))
            continue
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            loaded.add(file, path, f"missing required field '{missing}' in {where}: add it")
        elif error.validator == "enum":
            choices = ", ".join(str(c) for c in error.validator_value)
            loaded.add(file, path, f"{where} is {error.instance!r}; it must be one of: {choices}")
        elif error.validator == "type":
            wanted = error.validator_value
            wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
            loaded.add(file, path, f"{where} must be {_article(wanted)}, not {_yaml_type(error.instance)}")
        elif error.validator == "pattern" and path and path[-1] in ("id", "ref", "before", "after"):
            loaded.add(file, path, f"{where} {error.instance!r} must be lower-case letters, digits and hyphens "
                                   "(e.g. 'kataib-hezbollah')")
        elif error.validator == "pattern" and path and path[-1] in ("url", "website"):
            loaded.add(file, path, f"{where} {error.instance!r} must be an http:// or https:// address")
        elif error.validator == "oneOf" and path and path[-1] == "date":
            loaded.add(file, path, "date must be an EDTF string (2024-01-23, 2024-01, 2023-10~), 'unknown', "
                                   "{start: ..., end: ...} or {before: <incident id>, by: days}")
        else:
            loaded.add(file, path, f"{where}: {error.message}")
    return found


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _yaml_type(value) -> str:
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "empty"}.get(type(value), type(value).__name__)


# -- building model objects from validated data -------------------------------------------------

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


def _check_date(data: dict, file: _File, loaded: _Loaded) -> bool:
    """Report an event date that is well-typed but not a real date; True if so."""
    if file.kind != "event" or not isinstance(data.get("date"), (str, int, dict)):
        return False
    try:
        parse_event_date(data["date"])
    except DateError as exc:
        loaded.add(file, ("date",), str(exc))
        return True
    return False


BUILDERS = {"event": build_incident, "actor": build_actor, "place": build_place}


# -- loading ------------------------------------------------------------------------------------

def read_document(path: str | Path, rel: str, loaded: _Loaded, kind: str,
                  cache: ParseCache | None = None) -> _File | None:
    """Read and parse one file, reporting what stops it being read at all.

    With a cache, a file whose bytes were parsed before (found by hash, or by an
    unchanged size and mtime) is not parsed, or even read, again.
    """
    file = _File(rel, None, kind)
    digest = cache.known_hash(path) if cache is not None else None
    if digest is not None:
        file.doc = Document(cache.get(digest), [], text=functools.partial(read_text, path))
        return _checked_shape(file, loaded, kind)
    try:
        raw, stat = _read_bytes(path)
    except OSError as exc:
        loaded.add(file, (), f"cannot read the file ({exc.strerror}); check its permissions")
        return None
    if cache is not None:
        digest = cache.hash_of(path, raw, stat)
        data = cache.get(digest)
        if data is not None:
            file.doc = Document(data, [], text=raw.decode("utf-8-sig"))
            return _checked_shape(file, loaded, kind)
    if len(raw) > MAX_FILE_BYTES:
        loaded.add(file, (), f"file is {len(raw)} bytes, over the {MAX_FILE_BYTES}-byte limit; "
                             "an entry this big is almost certainly a mistake: split or trim it")
        return None
    if b"\x00" in raw:
        loaded.add(file, (), "file is binary, not YAML text; remove it from content/")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        loaded.problems.append(Problem(rel, line, 1, "file is not UTF-8 text; re-save it as UTF-8"))
        return None
    try:
        file.doc = parse_yaml(text)
    except YamlSyntaxError as exc:
        loaded.problems.append(Problem(rel, exc.mark.line, exc.mark.column,
                                       f"{exc.message}: fix the YAML (check indentation and quotes)"))
        return None
    for path_, key, mark in file.doc.duplicate_keys:
        loaded.problems.append(Problem(rel, mark.line, mark.column,
                                       f"key '{key}' appears twice; keep one"))
    if cache is not None and digest is not None and not file.doc.duplicate_keys and file.doc.data is not None:
        cache.put(digest, file.doc.data)
    return _checked_shape(file, loaded, kind)


def _read_bytes(path: str | Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes, and its stat from when it was opened. (os calls: Path.read_bytes opens a
    buffered file, with a terminal check and a seek, for each of thousands of small files.)"""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        stat = os.fstat(handle)
        # One byte more than its size: fewer back means the end was reached (a regular file
        # reads short only there), and no second read is needed to find it.
        wanted = stat.st_size + 1
        parts = [os.read(handle, wanted)]
        if len(parts[0]) == wanted:  # it grew since: read on to the end
            while chunk := os.read(handle, 65536):
                parts.append(chunk)
    finally:
        os.close(handle)
    return b"".join(parts), stat


def _checked_shape(file: _File, loaded: _Loaded, kind: str) -> _File | None:
    if file.doc.data is None:
        loaded.add(file, (), f"file is empty; write a {kind} entry or delete the file")
        return None
    if not isinstance(file.doc.data, dict):
        loaded.add(file, (), f"a {kind} file must be a mapping of fields (id:, name:, ...), "
                             f"not {_yaml_type(file.doc.data)}")
        return None
    return file


def load_types(content_dir: Path, loaded: _Loaded) -> dict[str, IncidentType]:
    """Built-in types, extended or overridden by ``content/types.yaml``."""
    from chronicle.core.datafile import parse_rules

    builtin = parse_rules(resources.files("chronicle").joinpath("data", "types.yaml").read_text("utf-8"))
    merged = dict(builtin)
    extra_path = content_dir / "types.yaml"
    if extra_path.exists():
        file = read_document(extra_path, _display_path(extra_path), loaded, "types")
        if file is not None:
            validator = SchemaValidator(load_schema("types"))
            if not _schema_messages(validator, file.doc.data, file, loaded):
                merged.update(file.doc.data)
    return {tid: IncidentType(tid, spec["label"], spec["group"], spec.get("description", ""))
            for tid, spec in merged.items()}


def load_types_ignoring_problems(content_dir: Path) -> dict[str, IncidentType]:
    """The types as the build sees them, for extraction and ingest: what is wrong with
    ``content/types.yaml`` is left for ``chronicle check`` and the build to report."""
    return load_types(content_dir, _Loaded())


def type_keywords(content_dir: Path | None) -> dict[str, list[str]]:
    """Type id -> keywords, in vocabulary order (the extractor's classifier reads this)."""
    import yaml

    from chronicle.core.datafile import parse_rules

    merged = parse_rules(resources.files("chronicle").joinpath("data", "types.yaml").read_text("utf-8"))
    if content_dir is not None and (content_dir / "types.yaml").exists():
        try:
            extra = yaml.safe_load((content_dir / "types.yaml").read_text("utf-8")) or {}
            merged.update({k: v for k, v in extra.items() if isinstance(v, dict)})
        except yaml.YAMLError:
            pass  # reported by check
    return {tid: list(spec.get("keywords") or []) for tid, spec in merged.items()}


def entry_names(content_dir: Path, folder: str) -> list[str]:
    """The names of the folder's ``*.yaml`` files, hidden ones left out, sorted. (Loading works
    with names and text paths: pathlib's glob took 12 ms for 6,500 files, and making Path objects
    of them 15 ms more.)"""
    try:
        with os.scandir(content_dir / folder) as found:
            return sorted(entry.name for entry in found if entry.name.endswith(".yaml") and entry.name[0] != ".")
    except (FileNotFoundError, NotADirectoryError):
        return []


class _Read(NamedTuple):
    """What reading one entry file gave. Made in a worker process when there are many files, so
    it holds only what the parent needs: the entry, or the problems that kept it out (the
    parent knows which file it is: reads come back in the order of the files)."""

    entry: Incident | Actor | Place | None  # None: left out for the problems found
    broken_id: str | None  # the id of an entry left out (its file name when its id is unknown)
    problems: list[Problem]
    # An entry left out still has its references checked, so that one run reports every problem:
    # (document path, what it refers to: "actor", "place", "event" or "type", the reference).
    references: tuple = ()


def _read_entry(path: str, rel: str, kind: str, validator: SchemaValidator, cache: ParseCache | None) -> _Read:
    """Read, parse, check and build one entry file on its own: the part of loading that needs
    nothing from other files."""
    loaded = _Loaded()
    file = read_document(path, rel, loaded, kind, cache)
    if file is None:
        return _Read(None, _stem(path), loaded.problems)
    data = file.doc.data
    invalid = _schema_messages(validator, data, file, loaded)
    invalid = _check_date(data, file, loaded) or invalid
    if invalid:
        # Still known by id, so that other entries' references to it do not cascade.
        return _Read(None, data["id"] if isinstance(data.get("id"), str) else _stem(path), loaded.problems,
                     _loose_references(data, kind))
    return _Read(BUILDERS[kind](data, rel), None, loaded.problems)


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


READ_BATCH = 200  # files a worker process reads at a time


def _read_entries(files: list[tuple[str, str, str]], cache: ParseCache | None,
                  spread: Spread | None) -> list[_Read]:
    """_read_entry for every (path, rel, kind), in order; batches of them spread over worker
    processes (``spread``) when there are many.

    Parsing YAML is most of loading, and each file is independent. Workers send back only the
    built entries, never the parsed YAML, so the process that goes on to build the site holds
    no parse garbage: its memory is what the model needs (and what render processes share).
    Each batch reads with its own view of the cache and reports what it learnt.
    """
    validators = _validators()  # made once, before any worker is forked
    if spread is None or len(files) < READ_BATCH * 2:
        return [_read_entry(path, rel, kind, validators[kind], cache) for path, rel, kind in files]

    def read_batch(number: int) -> tuple[list[_Read], tuple | None]:
        batch_cache = cache.forked() if cache is not None else None
        reads = [_read_entry(path, rel, kind, validators[kind], batch_cache)
                 for path, rel, kind in files[number * READ_BATCH:(number + 1) * READ_BATCH]]
        return reads, batch_cache.changes() if batch_cache is not None else None

    batches = spread(read_batch, -(-len(files) // READ_BATCH))
    reads = []
    for number in sorted(batches):
        batch_reads, changes = batches[number]
        reads += batch_reads
        if cache is not None:
            cache.absorb(changes)
    return reads


@functools.lru_cache(maxsize=1)
def _validators() -> dict[str, SchemaValidator]:
    return {kind: SchemaValidator(load_schema(kind)) for kind in KINDS.values()}


def load_content(content_dir: Path, cache: ParseCache | None = None,
                 spread: Spread | None = None) -> tuple[Content, list[Problem]]:
    """Load and validate everything in ``content_dir``.

    Returns the content (entries with problems left out) and every problem
    found, sorted by file and line. A ``cache`` spares parsing files parsed before;
    ``spread(work, count)`` runs work(n) for every batch n < count, maybe in worker processes
    (the build passes ``engine.processes.in_batches``), and returns {n: result}.
    """
    loaded = _Loaded()
    types = load_types(content_dir, loaded)
    entries: dict[str, dict] = {"event": {}, "actor": {}, "place": {}}
    files, names = [], []
    for folder, kind in KINDS.items():
        # The folder is resolved once, not every file in it: resolving 10,000 paths took most of a second.
        shown_folder, directory = _display_path(content_dir / folder), str(content_dir / folder)
        folder_names = entry_names(content_dir, folder)
        files.extend((f"{directory}/{name}", os.path.join(shown_folder, name), kind) for name in folder_names)
        names += folder_names
    built: dict[str, list] = {kind: [] for kind in KINDS.values()}
    left_out = []
    for (path, rel, kind), name, read in zip(files, names, _read_entries(files, cache, spread), strict=True):
        loaded.problems.extend(read.problems)
        if read.entry is None:
            loaded.broken.add((kind, read.broken_id))
            if read.references:
                left_out.append((_File(rel, None, kind, source=path), read.references))
            continue
        built[kind].append((name, _File(rel, None, kind, source=path), read.entry))
    for kind, kind_built in built.items():
        # Files named after their id claim it first; a second file with the same id is the duplicate.
        for name, file, obj in sorted(kind_built, key=lambda b: (b[0][:-5] != b[2].id, b[0])):
            if obj.id in WINDOWS_RESERVED:
                loaded.add(file, ("id",), f"id '{obj.id}' is a device name Windows reserves: no checkout there "
                                          f"can hold {obj.id}.yaml; choose another id (e.g. '{obj.id}-entry')")
            if name[:-5] != obj.id:  # name less ".yaml"
                loaded.add(file, ("id",), f"id '{obj.id}' does not match the file name '{name}'; "
                                          f"rename the file to {obj.id}.yaml or change the id")
            previous = loaded.files.get((kind, obj.id))
            if previous is not None:
                loaded.add(file, ("id",), f"duplicate id '{obj.id}': {previous.rel} has it too; "
                                          "give one of them another id")
                continue
            loaded.files[(kind, obj.id)] = file
            entries[kind][obj.id] = obj
    content = Content(entries["event"], entries["actor"], entries["place"], types)
    content.actor_index = _alias_index(content.actors, "actor", loaded)
    content.place_index = _alias_index(content.places, "place", loaded, unique=False)
    _check_references(content, loaded)
    _check_left_out(content, loaded, left_out)
    return content, sorted(set(loaded.problems))


def _check_left_out(content: Content, loaded: _Loaded, left_out: list) -> None:
    """References of entries left out for other problems: a wrong date must not hide an unknown
    actor until it is fixed."""
    for file, references in left_out:
        for where, target, ref in references:
            if target == "type":
                if ref not in content.types:
                    loaded.add(file, where, f"unknown type '{ref}': use one of {', '.join(sorted(content.types))}, "
                                            "or add it to content/types.yaml")
            elif target == "actor":
                if content.actor(ref) is None and not _is_broken(loaded, "actor", ref):
                    loaded.add(file, where, _unknown("actor", ref, content.actors))
            elif target == "place":
                if content.place(ref) is None and not _is_broken(loaded, "place", ref):
                    loaded.add(file, where, _unknown_place(ref, content, loaded))
            elif ref not in content.incidents and not _is_broken(loaded, "event", ref):
                loaded.add(file, where, _unknown("event", ref, content.incidents))


def _alias_index(entries: dict, kind: str, loaded: _Loaded, unique: bool = True) -> dict[str, str]:
    """name/alias key -> id.

    For actors a name claimed by two entries is a problem: they are one actor to
    merge, or a mistake. Places may share a name (Tripoli, Libya and Tripoli,
    Lebanon): such a name is then no reference to either, and only ids resolve.
    """
    index: dict[str, str] = {}
    for entry_id in sorted(entries):
        entry = entries[entry_id]
        file = loaded.files[(kind, entry_id)]
        names = [(("name",), entry.name)] + [(("aliases", i), a) for i, a in enumerate(entry.aliases)]
        for path, name in names:
            key = name_key(name)
            owner = index.get(key)
            if owner is not None and owner != entry_id and not unique:
                loaded.ambiguous.setdefault(key, [owner])
                if entry_id not in loaded.ambiguous[key]:
                    loaded.ambiguous[key].append(entry_id)
                continue
            if owner is not None and owner != entry_id:
                other = loaded.files[(kind, owner)].rel
                loaded.add(file, path, f"'{name}' is also a name or alias of {kind} '{owner}' ({other}); "
                                       f"a name may belong to one {kind} only: remove it from one file, or "
                                       "merge the two entries")
                continue
            index[key] = entry_id
    if not unique:
        for key in loaded.ambiguous:
            index.pop(key, None)
    for entry_id in entries:  # an id always resolves to itself
        index[name_key(entry_id)] = entry_id
    return index


def _is_broken(loaded: _Loaded, kind: str, ref: str) -> bool:
    return (kind, ref) in loaded.broken


def _unknown(kind: str, ref: str, known) -> str:
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"create content/{kind}s/{ref}.yaml or fix the reference"
    return f"unknown {kind} '{ref}': {hint}"


def _unknown_place(ref: str, content: Content, loaded: _Loaded) -> str:
    sharing = loaded.ambiguous.get(name_key(ref))
    if sharing:
        return f"'{ref}' names more than one place ({', '.join(sorted(sharing))}); write the id of the one you mean"
    return _unknown("place", ref, content.places)


def _check_references(content: Content, loaded: _Loaded) -> None:
    for incident in content.incidents.values():
        file = loaded.files[("event", incident.id)]
        if incident.type not in content.types:
            loaded.add(file, ("type",), f"unknown type '{incident.type}': use one of "
                                        f"{', '.join(sorted(content.types))}, or add it to content/types.yaml")
        for i, ref in enumerate(incident.actors):
            if content.actor(ref.ref) is None and not _is_broken(loaded, "actor", ref.ref):
                loaded.add(file, ("actors", i, "ref"), _unknown("actor", ref.ref, content.actors))
        for i, ref in enumerate(incident.places):
            if content.place(ref.ref) is None and not _is_broken(loaded, "place", ref.ref):
                loaded.add(file, ("places", i, "ref"), _unknown_place(ref.ref, content, loaded))
        for i, rel in enumerate(incident.related):
            if rel.ref not in content.incidents and not _is_broken(loaded, "event", rel.ref):
                loaded.add(file, ("related", i, "ref"), _unknown("event", rel.ref, content.incidents))
            elif rel.ref == incident.id:
                loaded.add(file, ("related", i, "ref"), "an incident cannot be related to itself")
        if incident.date.kind == "relative":
            if incident.date.anchor not in content.incidents and not _is_broken(loaded, "event", incident.date.anchor):
                loaded.add(file, ("date", incident.date.relation),
                           _unknown("event", incident.date.anchor, content.incidents))
    for actor in content.actors.values():
        file = loaded.files[("actor", actor.id)]
        for i, aff in enumerate(actor.affiliations):
            if content.actor(aff.ref) is None and not _is_broken(loaded, "actor", aff.ref):
                loaded.add(file, ("affiliations", i, "ref"), _unknown("actor", aff.ref, content.actors))
    for place in content.places.values():
        file = loaded.files[("place", place.id)]
        if place.within is not None:
            parent = content.place(place.within)
            if parent is None and not _is_broken(loaded, "place", place.within):
                loaded.add(file, ("within",), _unknown_place(place.within, content, loaded))
            elif _within_cycle(content, place):
                loaded.add(file, ("within",), f"'within' makes a loop ({place.id} ends up inside itself); "
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


__all__ = ["Problem", "load_content", "load_types", "load_types_ignoring_problems", "type_keywords", "build_actor", "build_place", "schema_path", "model"]
