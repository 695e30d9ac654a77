"""Seeds into content/, as ``chronicle extract`` and the build run it.

    read_seed -> extract.analyse (every pure stage) -> merge with content/
      -> write (never over an editor's file), proposals where a seed and an edit disagree

``extract_seeds`` is the one place that reads and writes content/.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Protocol

from chronicle.content.builders import build_actor, build_place
from chronicle.content.incident_types import load_types_ignoring_problems
from chronicle.content.load import load_content
from chronicle.extract.article import Seed
from chronicle.extract.analyse import Toolkit, extract_entries, load_toolkit
from chronicle.extract.entries import Entries
from chronicle.extract.merge import MatchIndex, PlaceTree, find_match, match_all, missing_facts
from chronicle.core.settings import max_seed_bytes
from chronicle.extract.seed import SeedError, read_seed
from chronicle.content.parse_cache import ParseCache
from chronicle.core.model import Actor, Place
from chronicle.content.store import (PROPOSALS, Manifest, ManifestError, inside, install_schemas, is_hand_edited,
                    journal, schema_ref, sha256, write_entry)
from chronicle.core.yamlio import Flow, YamlSyntaxError, dump_yaml, parse_yaml


class Runner(Protocol):
    """What a run of extraction may ask of whoever runs it (``engine.extract_pool.ForkedRunner``
    for ``chronicle extract`` and the build; ``SERIAL`` does everything here, in order)."""

    def built(self, make: Callable[[], Any]) -> Any:
        """``make()``: a large structure without reference cycles (the gazetteer)."""

    def ahead(self, seeds: list[Seed], extract: Callable[[Seed, Toolkit], Entries], kit: Toolkit):
        """A context manager whose ``result(index, version, kit)`` is ``extract(seeds[index], kit)``
        computed ahead (``_RunState.version`` says whether ``kit`` changed since); or None."""


class _Serial:
    def built(self, make: Callable[[], Any]) -> Any:
        return make()

    def ahead(self, seeds: list[Seed], extract: Callable[[Seed, Toolkit], Entries], kit: Toolkit):
        return None


SERIAL: Runner = _Serial()


# -- writing into content/ ----------------------------------------------------------------------

@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # drafts a changed seed no longer gives
    unchanged: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)  # hand-edited files left alone
    proposals: list[str] = field(default_factory=list)  # "path: why"
    sources_added: list[str] = field(default_factory=list)
    skipped_seeds: list[str] = field(default_factory=list)
    possible_duplicates: list[str] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)  # drafts an editor deleted or renamed: not written again
    undated: list[str] = field(default_factory=list)  # "events/x.yaml: why its date is unknown"
    new_actors: list[str] = field(default_factory=list)  # "actors/x.yaml: Name (kind)"
    new_places: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def report_lines(report: Report) -> list[str]:
    lines = []
    for label, items in (("created", report.created), ("updated", report.updated),
                         ("removed (its seed no longer gives it)", report.removed),
                         ("source added to", report.sources_added),
                         ("left alone (hand-edited)", report.protected),
                         ("not written again", report.dismissed),
                         ("proposal written", report.proposals)):
        lines.extend(f"{label}: {item}" for item in items)
    if report.skipped_seeds:
        lines.append(f"unchanged seeds, not extracted again: {len(report.skipped_seeds)}")
    lines.extend(f"warning: {w}" for w in report.warnings)
    lines.extend(f"error: {e}" for e in report.errors)
    lines.append(f"chronicle extract: {len(report.created)} created, {len(report.updated)} updated, "
                 f"{len(report.sources_added)} sources added, {len(report.protected)} hand-edited left alone, "
                 f"{len(report.proposals)} proposals, "
                 + (f"{len(report.dismissed)} deleted by an editor, not written again, " if report.dismissed else "")
                 + f"{len(report.errors)} errors")
    return lines + review_lines(report)


def review_lines(report: Report) -> list[str]:
    """What an editor should look at after this run, grouped, after the run's own lines."""
    groups = (("undated", report.undated), ("possible duplicate", report.possible_duplicates),
              ("new actor", report.new_actors), ("new place", report.new_places))
    counts = [f"{len(items)} {label}{'s' if len(items) != 1 else ''}" for label, items in groups if items]
    if not counts:
        return []
    lines = [f"to review: {', '.join(counts)}"]
    for label, items in groups:
        lines.extend(f"  {label}: {item}" for item in items)
    return lines


def undated_reason(entry: dict) -> str:
    """Why an extracted incident has no date, in words an editor can act on."""
    for note in entry.get("notes") or []:
        if isinstance(note, dict) and str(note.get("text", "")).startswith("Date unknown"):
            return note["text"]
    sources = [s for s in entry.get("sources") or [] if isinstance(s, dict)]
    if sources and all(s.get("published") is None for s in sources):
        return ("the article names no date for it and gives no publication date (no Date: header or dated "
                "dateline) to place words like 'on Tuesday'; add a Date: line to the seed, or set the date")
    return "the article does not say when it happened; set the date if another source has it"


def _read_entries(content_dir: Path, folder: str, parsed: ParseCache | None = None) -> dict[str, dict]:
    """Existing entries as raw mappings (invalid files are skipped: check reports them).

    ``parsed`` holds what load_content parsed already: each file is parsed once a run.
    """
    entries = {}
    directory = content_dir / folder
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        digest = parsed.known_hash(path) if parsed is not None else None
        data = parsed.get(digest) if digest is not None else None
        if data is None:
            try:
                data = parse_yaml(path.read_text("utf-8")).data
            except (YamlSyntaxError, OSError, UnicodeDecodeError):
                continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            entries[data["id"]] = data
    return entries


@dataclass
class _RunState:
    """content/ as one run sees it: read once, then kept up to date as seeds add entries.

    Reading content/ again for every seed made a run quadratic in its size.
    """

    events: dict[str, dict]  # id -> YAML mapping as on disk
    places: dict[str, dict]
    actor_registry: dict[str, Actor]
    place_registry: dict[str, Place]
    version: int = 0  # goes up whenever the registries change (a Runner's ahead checks it)
    # The events by day, place and actor, and the places' tree: a seed is compared with the
    # incidents it can match (see merge.MatchIndex), not with every incident in content/.
    index: MatchIndex = field(default_factory=MatchIndex)

    def __post_init__(self) -> None:
        for place in self.places.values():
            self.index.add_place(place)
        for incident_id, entry in self.events.items():
            self.index.add(incident_id, entry)

    @classmethod
    def load(cls, content_dir: Path) -> "_RunState":
        parsed = ParseCache(None)  # in memory, so that _read_entries reuses what load_content parsed
        content, _problems = load_content(content_dir, parsed)  # invalid entries are left out: check reports them
        return cls(_read_entries(content_dir, "events", parsed), _read_entries(content_dir, "places", parsed),
                   dict(content.actors), dict(content.places))

    def put_event(self, entry: dict) -> None:
        old = self.events.get(entry["id"])
        if old is not None:
            self.index.remove(entry["id"], old)
        self.events[entry["id"]] = entry
        self.index.add(entry["id"], entry)

    def drop_event(self, incident_id: str) -> None:
        self.index.remove(incident_id, self.events.pop(incident_id))

    def place_tree(self, new_places: dict[str, dict] | None = None) -> PlaceTree:
        """content/'s places, and a seed's new ones."""
        return self.index.tree(new_places) if new_places else self.index.tree()

    def match_candidates(self, incidents: list[dict], seed_name: str,
                         tree: PlaceTree | None = None) -> dict[str, dict]:
        """Other seeds' incidents that one of ``incidents`` may report: all find_match can match.

        An article's own incidents are never merged with each other; those it shares with other
        articles are candidates, so that extracting it again finds the incident it was merged into.
        """
        tree = tree or self.place_tree()
        ids = set().union(*(self.index.candidates(entry, tree) for entry in incidents))
        return {i: self.events[i] for i in sorted(ids) if not _only_source(self.events[i], seed_name)}

    def toolkit(self, kit: "Toolkit") -> "Toolkit":
        """The toolkit with the registries as they are now."""
        return replace(kit, actors=[self.actor_registry[i] for i in sorted(self.actor_registry)],
                       places=[self.place_registry[i] for i in sorted(self.place_registry)])

    def record(self, folder: str, entry: dict, rel: str) -> None:
        if folder == "events":
            self.put_event(entry)
        elif folder == "actors":
            self.actor_registry[entry["id"]] = build_actor(entry, rel)
            self.version += 1
        elif folder == "places":
            self.version += 1
            self.places[entry["id"]] = entry
            self.index.add_place(entry)
            self.place_registry[entry["id"]] = build_place(entry, rel)


class _Writer:
    """Writes one seed's entries, respecting hand-edited files, and reports.

    ``write`` and ``propose`` decide and report at once; ``flush`` writes the files when the seed
    is done, in an order that keeps content/ valid if the run dies between two of them. Until
    then content/ and the manifest stay as the seed found them, and what the seed reads of them
    meanwhile comes out as before (a file Chronicle writes was not an editor's, nor is it after).
    """

    def __init__(self, content_dir: Path, manifest: Manifest, report: Report, state: "_RunState",
                 said_before: frozenset = frozenset()):
        self.content_dir, self.manifest, self.report, self.state = content_dir, manifest, report, state
        self.said_before = said_before  # digests of what this seed said when last extracted
        self.pending: dict[str, tuple[str, dict, str]] = {}  # rel -> (folder, entry, text), for flush()

    def text(self, folder: str, entry: dict) -> str:
        return _text(folder, entry)

    def write(self, folder: str, entry: dict, seed_name: str, why_proposal: str = "",
              proposed: dict | None = None) -> str:
        """Write ``entry``, or, over an editor's file, propose what ``proposed`` (else ``entry``) adds."""
        rel = f"{folder}/{entry['id']}.yaml"
        if is_hand_edited(self.content_dir, rel, self.manifest):
            text = self.text(folder, entry)
            # Nothing to propose when extraction gives what Chronicle wrote before the edit.
            if folder == "events" and self.manifest.files.get(rel) != sha256(text.encode("utf-8")):
                self.propose(proposed or entry, entry["id"], seed_name, why_proposal or "says more than")
            self.report.protected.append(rel)
            return "protected"
        outcome = self._stage(folder, rel, entry)
        getattr(self.report, outcome).append(rel)
        self.state.record(folder, entry, rel)
        if outcome != "unchanged":
            self._note_for_review(folder, entry, rel, outcome)
        return outcome

    def _note_for_review(self, folder: str, entry: dict, rel: str, outcome: str) -> None:
        if folder == "events" and entry.get("date") == "unknown":
            self.report.undated.append(f"{rel}: {undated_reason(entry)}")
        elif folder == "actors" and outcome == "created":
            self.report.new_actors.append(f"{rel}: {entry.get('name')} ({entry.get('kind')})")
        elif folder == "places" and outcome == "created":
            within = f", within {entry['within']}" if entry.get("within") else ""
            self.report.new_places.append(f"{rel}: {entry.get('name')} ({entry.get('kind')}{within})")

    def propose(self, extracted: dict, target_id: str, seed_name: str, why: str) -> None:
        """Write what ``extracted`` says that the editor's incident ``target_id`` lacks, if anything."""
        rel = f"events/{target_id}.yaml"
        proposal = build_proposal(extracted, self.state.events.get(target_id, {}), self.said_before,
                                  seed_name, why, _resolver(self.state))
        if proposal is None:
            return
        proposal_rel = f"{PROPOSALS}/{target_id}.{Path(seed_name).stem}.yaml"
        outcome = self._stage(PROPOSALS, proposal_rel, proposal)
        if outcome != "unchanged":
            self.report.proposals.append(
                f"{proposal_rel}: seed {seed_name} {why} {rel}, which a person edited; it adds "
                f"{', '.join(proposal_contents(proposal))}: merge what is right by hand, then delete the proposal")

    def _stage(self, folder: str, rel: str, entry: dict) -> str:
        """Keep ``entry`` for ``flush``; "created", "updated" or "unchanged", as ``write_entry`` will find it."""
        text = self.text(folder, entry)
        path = inside(self.content_dir, rel)
        if rel in self.pending:  # written twice by one seed: the second is compared with the first
            existed, before = True, self.pending[rel][2].encode("utf-8")
        else:
            existed = path.exists()
            before = path.read_bytes() if existed else None
        self.pending[rel] = (folder, dict(entry), text)
        return "unchanged" if before == text.encode("utf-8") else "updated" if existed else "created"

    def flush(self) -> None:
        """Write the seed's entries, each noted in the journal first (see store.journal)."""
        steps = self._write_order()
        journal(self.content_dir, [(rel, sha256(text.encode("utf-8"))) for rel, text in steps])
        for rel, text in steps:
            write_entry(self.content_dir, rel, text, self.manifest)
        self.pending.clear()

    def _write_order(self) -> list[tuple[str, str]]:
        """The pending entries as (rel, text), each after the entries it refers to that are not on
        disk yet, so that content/ passes `chronicle check` whenever a run is killed: a place after
        the one it is within, an actor after those it is affiliated with, an incident after its
        actors, its places and the incident its date is relative to.

        That leaves one loop: an article's main incident lists as related those dated relative to
        it. The first incident whose only missing references are related links is written without
        them, and again whole once the others are there.
        """
        remaining = dict(self.pending)
        there = {rel for rel in remaining if (self.content_dir / rel).exists()}  # its id is known already
        steps: list[tuple[str, str]] = []

        needs = {rel: _refers_to(folder, entry) for rel, (folder, entry, _) in remaining.items()}

        def lacking(rel: str, refs: set[str]) -> set[str]:
            return {r for r in refs if r != rel and r in remaining and r not in there}

        while remaining:
            ready = [rel for rel in remaining if not lacking(rel, needs[rel][0] | needs[rel][1])]
            for rel in ready:
                steps.append((rel, remaining.pop(rel)[2]))
                there.add(rel)
            if ready:
                continue
            first = next((rel for rel in remaining if rel not in there and not lacking(rel, needs[rel][0])), None)
            if first is None:  # a loop of what must be there (no valid content/ has one): as they came
                steps.extend((rel, text) for rel, (_folder, _entry, text) in remaining.items())
                break
            folder, entry = remaining[first][:2]
            steps.append((first, self.text(folder, _unlinked(entry, lacking(first, needs[first][1])))))
            there.add(first)
        return steps


def _supports_on_one_line(value):
    """``value`` with every evidence sentence's ``supports`` written on one line, however it came
    (extracted now, or read back from a file a merge adds to): the same entry gives the same bytes."""
    if isinstance(value, list):
        return [_supports_on_one_line(v) for v in value]
    if isinstance(value, dict):
        return type(value)({k: Flow(v) if k == "supports" and isinstance(v, dict) else _supports_on_one_line(v)
                            for k, v in value.items()})
    return value


def _text(folder: str, entry: dict) -> str:
    return dump_yaml(_supports_on_one_line(entry), schema_ref(folder))


def _unlinked(entry: dict, rels: set[str]) -> dict:
    """``entry`` without its related links to the files ``rels``."""
    related = [r for r in entry.get("related") or []
               if not (isinstance(r, dict) and f"events/{r.get('ref')}.yaml" in rels)]
    return {k: related if k == "related" else v for k, v in entry.items() if k != "related" or related}


def _refers_to(folder: str, entry: dict) -> tuple[set[str], set[str]]:
    """The files an entry refers to, as `chronicle check` resolves them: (those it needs, its related links)."""
    def files(kind: str, refs) -> set[str]:
        return {f"{kind}/{r['ref']}.yaml" for r in refs or [] if isinstance(r, dict) and isinstance(r.get("ref"), str)}

    if folder == "places":
        within = entry.get("within")
        return ({f"places/{within}.yaml"} if isinstance(within, str) else set()), set()
    if folder == "actors":
        return files("actors", entry.get("affiliations")), set()
    if folder != "events":
        return set(), set()
    date = entry.get("date")
    anchors = {f"events/{date[k]}.yaml" for k in ("before", "after")
               if isinstance(date, dict) and isinstance(date.get(k), str)}
    return files("actors", entry.get("actors")) | files("places", entry.get("places")) | anchors, \
        files("events", entry.get("related"))


# -- proposals: what a seed says that an editor's incident lacks ---------------------------------

def facts(entry: dict) -> dict[str, object]:
    """An entry's facts, each with a key naming it: what a seed "said" (see said_digests)."""
    found: dict[str, object] = {}
    date = entry.get("date")
    if date not in (None, "unknown"):
        found["date " + json.dumps(date, sort_keys=True)] = date
    if entry.get("type"):
        found[f"type {entry['type']}"] = entry["type"]
    for key in ("actors", "places"):
        for ref in entry.get(key) or []:
            if isinstance(ref, dict):
                found[f"{key} {ref.get('ref')} {ref.get('role')}"] = ref
    for kind, figure in sorted((entry.get("casualties") or {}).items()):
        found[f"casualties {kind} {json.dumps(figure, sort_keys=True)}"] = figure
    for link in entry.get("related") or []:
        if isinstance(link, dict):
            found[f"related {link.get('ref')} {link.get('relation')}"] = link
    for source in entry.get("sources") or []:
        if isinstance(source, dict):
            found[f"source {source.get('seed')}"] = source
    return found


def said_digests(entries: list[dict]) -> list[str]:
    """Short digests of the facts a seed gave, kept in the manifest: a later proposal leaves out
    what the seed said before (the editor saw it, and kept or removed it) and holds only news."""
    return sorted({sha256(fact.encode("utf-8"))[:12] for entry in entries for fact in facts(entry)})


def build_proposal(extracted: dict, edited: dict, said_before: frozenset, seed_name: str, why: str,
                   resolve) -> dict | None:
    """What ``extracted`` says that ``edited`` lacks and the seed did not say before; None if nothing.

    Never the editor's own corrections: a field the editor changed is proposed only when the seed
    now says something new about it (a death toll that rose), never because they differ.
    """
    def new(fact: str) -> bool:
        return sha256(fact.encode("utf-8"))[:12] not in said_before

    add: dict = {}
    for key in ("date", "type"):
        value = extracted.get(key)
        if value not in (None, "unknown") and value != edited.get(key) and \
                new(f"date {json.dumps(value, sort_keys=True)}" if key == "date" else f"type {value}"):
            add[key] = value
            add[f"{key}-now"] = edited.get(key)
    for key, kind in (("actors", "actor"), ("places", "place")):
        # By ref and role: a new role for an actor the entry has is news too ("mentioned" -> "spokesperson").
        have = {(resolve(kind, r.get("ref")), r.get("role")) for r in edited.get(key) or [] if isinstance(r, dict)}
        more = [r for r in extracted.get(key) or [] if (resolve(kind, r["ref"]), r.get("role")) not in have
                and new(f"{key} {r['ref']} {r.get('role')}")]
        if more:
            add[key] = more
    figures = edited.get("casualties") if isinstance(edited.get("casualties"), dict) else {}
    changed = {kind: figure for kind, figure in sorted((extracted.get("casualties") or {}).items())
               if figures.get(kind) != figure and new(f"casualties {kind} {json.dumps(figure, sort_keys=True)}")}
    if changed:
        add["casualties"] = changed
        now = {kind: figures[kind] for kind in changed if kind in figures}
        if now:
            add["casualties-now"] = now
    links = {(r.get("ref"), r.get("relation")) for r in edited.get("related") or [] if isinstance(r, dict)}
    related = [r for r in extracted.get("related") or [] if (r["ref"], r["relation"]) not in links
               and new(f"related {r['ref']} {r['relation']}")]
    if related:
        add["related"] = related
    seeds = {s.get("seed") for s in edited.get("sources") or [] if isinstance(s, dict)}
    sources = [s for s in extracted.get("sources") or [] if s.get("seed") not in seeds]
    if sources:
        add["sources"] = sources
    if not add:
        return None
    proposal = {"proposal-for": edited.get("id") or extracted.get("id"), "seed": seed_name,
                "why": f"seed {seed_name} {why} this incident", "add": add}
    if not sources:  # a new source carries its evidence; otherwise, the sentences of what is new
        evidence = [item for source in extracted.get("sources") or [] if source.get("seed") == seed_name
                    for item in source.get("evidence") or [] if _supports_any(item, add)]
        if evidence:
            proposal["evidence"] = evidence
    return proposal


def _resolver(state: "_RunState"):
    """(kind, ref) -> id, through names and aliases, for comparing an editor's refs with extraction's."""
    from chronicle.core.model import name_key

    index = {}
    for kind, registry in (("actor", state.actor_registry), ("place", state.place_registry)):
        for entry_id in sorted(registry):
            entry = registry[entry_id]
            for name in (entry.name, *entry.aliases):
                index.setdefault((kind, name_key(name)), entry_id)
            index[(kind, name_key(entry_id))] = entry_id

    def resolve(kind: str, ref) -> str:
        return index.get((kind, name_key(str(ref))), str(ref))

    return resolve


def _supports_any(item: dict, add: dict) -> bool:
    supports = item.get("supports") or {}
    refs = {key: {r["ref"] for r in add.get(key, [])} for key in ("actors", "places")}
    return any((key in ("date", "type") and key in add and supports.get(key) == add[key])
               or (key in refs and set(value or []) & refs[key])
               or (key == "casualties" and set(value or {}) & set(add.get("casualties", {})))
               for key, value in supports.items())


def proposal_contents(proposal: dict) -> list[str]:
    """A proposal in a few words, for the report: "actors pat-ryder", "casualties killed"."""
    add = proposal["add"]
    said = []
    for key, value in add.items():
        if key.endswith("-now"):
            continue
        if key in ("actors", "places"):
            said.append(f"{key} {', '.join(r['ref'] for r in value)}")
        elif key == "casualties":
            said.append(f"casualties {', '.join(value)}")
        elif key == "sources":
            said.append(f"source {', '.join(str(s.get('publisher') or s.get('seed')) for s in value)}")
        elif key == "related":
            said.append(f"related {', '.join(r['ref'] for r in value)}")
        else:
            said.append(f"{key} {value if not isinstance(value, dict) else json.dumps(value, sort_keys=True)}")
    return said


def _add_source(old: dict, source: dict) -> dict | None:
    """``old`` with ``source`` added; None when that seed is already a source of it."""
    sources = list(old.get("sources") or [])
    if any(isinstance(s, dict) and s.get("seed") == source["seed"] for s in sources):
        return None
    merged = dict(old)
    merged["sources"] = sources + [source]
    return merged


def _kept_from_before(entry: dict, old: dict | None, seed_name: str, known: dict) -> dict:
    """A seed's incident written again keeps what merging gave it when it was first written: the
    sources other seeds added to it (in their order), the facts they added, and its notes that
    it may be the same incident as another."""
    if old is None or not _same_seed(old, seed_name):
        return entry
    ours = entry["sources"][0]
    sources = [ours if isinstance(s, dict) and s.get("seed") == seed_name else s for s in old.get("sources") or []]
    if len(sources) > 1:
        entry = missing_facts({**entry, "sources": sources}, old)
    notes = [n for n in old.get("notes") or [] if isinstance(n, dict) and n.get("kind") == "possible-duplicate-of"
             and n.get("ref") in known and n not in (entry.get("notes") or [])]
    return {**entry, "notes": list(entry.get("notes") or []) + notes} if notes else entry


def _only_source(entry: dict, seed_name: str) -> bool:
    """Whether the seed is the incident's one source (or one of them, when all are that seed)."""
    seeds = [s.get("seed") if isinstance(s, dict) else None for s in entry.get("sources") or []]
    return bool(seeds) and all(s == seed_name for s in seeds)


def _same_seed(entry: dict, seed_name: str) -> bool:
    return any(isinstance(s, dict) and s.get("seed") == seed_name for s in entry.get("sources") or [])


def extract_one(seed: Seed, kit: Toolkit, content_dir: Path, manifest: Manifest, report: Report,
                groups: dict[str, str], state: _RunState, entries: Entries | None = None) -> None:
    """Merge one seed's entries (extracted here unless given) into content/."""
    if entries is None:
        entries = extract_entries(seed, kit)
    record = manifest.seeds.get(seed.name, {})
    writer = _Writer(content_dir, manifest, report, state, frozenset(record.get("said", ())))
    existing = state.events
    # A snapshot taken before this seed writes anything: the incidents this seed's may report
    # (by date, place and actor; comparing every seed with every incident made a run over a
    # big content/ quadratic). Its own earlier drafts are not among them.
    tree = state.place_tree(entries.places)
    others = state.match_candidates(list(entries.incidents.values()), seed.name, tree)
    # A draft that has its own file already is never merged away (see _kept_from_before).
    fresh = {i: e for i, e in entries.incidents.items() if not (i in existing and _same_seed(existing[i], seed.name))}
    matches = match_all(fresh, others, tree, groups)
    renamed: dict[str, str] = {}
    for incident_id in sorted(entries.incidents):
        entry = entries.incidents[incident_id]
        match = matches.get(incident_id)
        if match and match.certain:
            known = others[match.incident_id]
            merged = _add_source(known, entry["sources"][0])
            renamed[incident_id] = match.incident_id
            # What it knows and the known draft lacks is added, unless an editor wrote that file:
            # they only ever get a proposal. (Again when the source is there already: the first
            # seed's extraction may have been written over it since.)
            editable = not is_hand_edited(content_dir, f"events/{match.incident_id}.yaml", manifest)
            if merged is None:
                refilled = missing_facts(known, entry) if editable else known
                if refilled != known:
                    writer.write("events", refilled, seed.name)
                continue
            if editable:
                merged = missing_facts(merged, entry)
            outcome = writer.write("events", merged, seed.name, "reports", proposed=entry)
            if outcome != "protected":
                report.sources_added.append(f"events/{match.incident_id}.yaml (from {seed.name})")
            continue
        if match:
            entry["notes"] = entry.get("notes", []) + [{"kind": "possible-duplicate-of", "ref": match.incident_id,
                               "text": f"May be the same incident as {match.incident_id} "
                                       f"({', '.join(match.reasons)}); merge or delete one."}]
            report.possible_duplicates.append(f"events/{incident_id}.yaml ~ events/{match.incident_id}.yaml "
                                              f"({', '.join(match.reasons)})")
    renamed.update(_distinct_ids(entries.incidents, renamed, existing, seed.name, report))
    plan = _editor_plan(entries, renamed, others, record, content_dir, manifest, state, seed.name, tree, groups,
                        seed_changed=record.get("sha256") != seed.sha256)
    targets = {**renamed, **{i: target for i, (how, target) in plan.items() if how == "propose"}}
    dismissed = {i for i, (how, _target) in plan.items() if how in ("dismissed", "held")}
    report.possible_duplicates[:] = [d for d in report.possible_duplicates  # only of drafts written
                                     if not any(d.startswith(f"events/{i}.yaml ~") for i in dismissed)]
    current = []
    for incident_id in sorted(entries.incidents):
        if incident_id in renamed and renamed[incident_id] in others:
            current.append(renamed[incident_id])
            continue  # merged into an incident another seed gave
        how, target = plan[incident_id]
        entry = _without(_retarget(entries.incidents[incident_id], targets), {plan[i][1] for i in dismissed})
        if how == "dismissed":
            report.dismissed.append(f"events/{incident_id}.yaml: an editor deleted or renamed events/{target}.yaml, "
                                    f"which seed {seed.name} gave before")
            continue
        if how == "held":
            report.dismissed.append(f"events/{incident_id}.yaml: seed {seed.name} is unchanged and an editor has "
                                    "reviewed what it gave; a draft it did not give before is not added")
            continue
        entry["id"] = target
        if how == "propose":
            writer.propose(entry, target, seed.name, "says more about")
            report.protected.append(f"events/{target}.yaml")
        else:
            writer.write("events", _kept_from_before(entry, existing.get(target), seed.name, existing), seed.name)
        current.append(target)
    for actor_id in sorted(entries.actors):
        if actor_id not in state.actor_registry and not (content_dir / "actors" / f"{actor_id}.yaml").exists():
            writer.write("actors", entries.actors[actor_id], seed.name)
    for place_id in sorted(entries.places):
        if place_id not in state.places and not (content_dir / "places" / f"{place_id}.yaml").exists():
            writer.write("places", entries.places[place_id], seed.name)
    writer.flush()
    current = sorted(set(current))
    _remove_stale(content_dir, manifest, report, state, seed.name,
                  set(record.get("incidents", [])) - set(current))
    keys = {key: plan[i][1] if i in plan else renamed.get(i, i) for key, i in sorted(entries.keys.items())
            if i in entries.incidents}
    manifest.seeds[seed.name] = {"sha256": seed.sha256, "incidents": current, "keys": keys,
                                 "said": said_digests(list(entries.incidents.values()))}


def _editor_plan(entries: Entries, renamed: dict[str, str], others: dict[str, dict], record: dict,
                 content_dir: Path, manifest: Manifest, state: _RunState, seed_name: str,
                 tree: PlaceTree, groups: dict[str, str], seed_changed: bool = True
                 ) -> dict[str, tuple[str, str]]:
    """For each of the seed's incidents not merged elsewhere: ("write", id), ("propose", the
    editor's id), ("dismissed", the id an editor deleted) or ("held", a new id).

    The manifest remembers which incident ids the seed gave, under which draft key ("main",
    "earlier-1"). An id that was given and whose file is gone was deleted or renamed by an
    editor: it is never written again. A renamed one is the editor's file that cites this seed
    (its ``seed:``), was not written by Chronicle for it, and reports the same incident
    (find_match): what the seed says that it lacks goes to a proposal. A draft whose key once
    gave a file an editor has since changed is proposed there too, even under a new id.
    A seed that is unchanged, and whose drafts an editor has reviewed (deleted, renamed or edited
    one), gets no new draft: one can only come from a newer extractor (``extract --all``), and
    would undo the review (seeds recorded before draft keys were kept depend on this).
    """
    def exists(incident_id: str) -> bool:
        return (content_dir / "events" / f"{incident_id}.yaml").exists()

    keys_before = record.get("keys", {})
    given_before = set(record.get("incidents", [])) | set(keys_before.values())
    key_of = {incident_id: key for key, incident_id in entries.keys.items()}
    plan, gone_ids = {}, {}
    for incident_id in sorted(entries.incidents):
        if incident_id in renamed and renamed[incident_id] in others:
            continue
        new_id = renamed.get(incident_id, incident_id)
        former = keys_before.get(key_of.get(incident_id, ""))
        if exists(new_id):
            plan[incident_id] = ("write", new_id)
        elif former and former != new_id and exists(former) and \
                is_hand_edited(content_dir, f"events/{former}.yaml", manifest):
            plan[incident_id] = ("propose", former)
        elif gone := [i for i in (new_id, former) if i and i in given_before and not exists(i)]:
            gone_ids[incident_id] = gone[0]
            plan[incident_id] = ("dismissed", gone[0])
        else:
            plan[incident_id] = ("write", new_id)
    curated = record and any(not exists(i) or is_hand_edited(content_dir, f"events/{i}.yaml", manifest)
                             for i in sorted(given_before))
    if curated and not seed_changed:
        plan.update({i: ("held", target) for i, (how, target) in plan.items() if how == "write" and not exists(target)})
    if gone_ids:
        # The editor's files citing this seed that Chronicle did not write for it: renamed drafts.
        successors = {i: e for i, e in state.events.items()
                      if i not in given_before and _same_seed(e, seed_name) and exists(i)}
        for incident_id, successor in _pair_renamed(gone_ids, entries.incidents, successors, tree, groups):
            plan[incident_id] = ("propose", successor)
    return plan


def _pair_renamed(gone: dict[str, str], incidents: dict[str, dict], successors: dict[str, dict],
                  tree: PlaceTree, groups: dict[str, str]) -> list[tuple[str, str]]:
    """Which of the drafts whose file is gone each renamed file continues, if any: one draft per
    file, the pairs that share the most facts first, and only incidents find_match takes for one
    (a deleted draft about another incident must not turn up as a proposal for the renamed one)."""
    scored = []
    for incident_id in sorted(gone):
        mine = set(facts(incidents[incident_id])) - {k for k in facts(incidents[incident_id]) if k.startswith("source")}
        for successor_id in sorted(successors):
            if find_match(incidents[incident_id], {successor_id: successors[successor_id]}, tree, groups) is None:
                continue
            theirs = set(facts(successors[successor_id]))
            scored.append((-len(mine & theirs) / max(1, len(mine | theirs)), incident_id, successor_id))
    pairs, taken = [], set()
    for _score, incident_id, successor_id in sorted(scored):
        if incident_id not in taken and successor_id not in taken:
            pairs.append((incident_id, successor_id))
            taken |= {incident_id, successor_id}
    return pairs


def _without(entry: dict, dropped: set[str]) -> dict:
    """``entry`` with no link to incidents an editor deleted (a relative date anchored on one is unknown)."""
    if not dropped:
        return entry
    entry = dict(entry)
    date = entry.get("date")
    if isinstance(date, dict) and (date.get("before") in dropped or date.get("after") in dropped):
        entry["date"] = "unknown"
    if entry.get("related"):
        entry["related"] = [r for r in entry["related"] if r.get("ref") not in dropped]
        if not entry["related"]:
            del entry["related"]
    return entry


def _distinct_ids(incidents: dict[str, dict], merged: dict[str, str], existing: dict[str, dict], seed_name: str,
                  report: Report) -> dict[str, str]:
    """New ids for this seed's incidents whose id another seed's different incident holds.

    Two titles can slugify alike ("Fire at the port!" and "Fire at the port?"): writing the
    second under the first's id would replace it. The newcomer gets the first free ``-2``,
    ``-3``... (the same on every run: this seed's own earlier file counts as free).
    """
    def free(candidate: str) -> bool:
        return candidate not in existing or _same_seed(existing[candidate], seed_name)

    taken = set(incidents) | set(merged.values())
    renamed = {}
    for incident_id in sorted(incidents):
        if incident_id in merged or free(incident_id):
            continue
        n = 2
        while f"{incident_id}-{n}" in taken or not free(f"{incident_id}-{n}"):
            n += 1
        renamed[incident_id] = f"{incident_id}-{n}"
        taken.add(renamed[incident_id])
        report.warnings.append(f"{seed_name}: incident id '{incident_id}' is taken by a different incident "
                               f"(events/{incident_id}.yaml); this one is events/{renamed[incident_id]}.yaml")
    return renamed


def _references(entry: dict) -> set[str]:
    date = entry.get("date")
    refs = {date.get(k) for k in ("before", "after")} if isinstance(date, dict) else set()
    for key in ("related", "notes"):
        refs |= {r.get("ref") for r in entry.get(key) or [] if isinstance(r, dict)}
    return refs


def _remove_stale(content_dir: Path, manifest: Manifest, report: Report, state: _RunState, seed_name: str,
                  gone: set[str]) -> None:
    """Delete incidents an edited seed no longer gives (its header now dates them, so their ids changed).

    Only files Chronicle wrote and nobody edited, whose one source is this seed and that nothing
    else refers to, are deleted; an editor's file is never touched.
    """
    existing = state.events
    stale = {i for i in gone if i in existing and not is_hand_edited(content_dir, f"events/{i}.yaml", manifest)
             and all(isinstance(s, dict) and s.get("seed") == seed_name for s in existing[i].get("sources") or [])}
    while True:
        kept = {i for i in stale if any(i in _references(e) for j, e in existing.items() if j not in stale)}
        if not kept:
            break
        stale -= kept
    steps = _removal_order({f"events/{i}.yaml": existing[i] for i in stale})
    journal(content_dir, [(rel, text and sha256(text.encode("utf-8"))) for rel, text in steps])
    for rel, text in steps:
        if text is None:
            (content_dir / rel).unlink()
            manifest.files.pop(rel, None)
        else:
            write_entry(content_dir, rel, text, manifest)
    for incident_id in sorted(stale):
        state.drop_event(incident_id)
        report.removed.append(f"events/{incident_id}.yaml")


def _removal_order(stale: dict[str, dict]) -> list[tuple[str, str | None]]:
    """The stale incidents (rel -> entry) removed, (rel, None), each before those it refers to, so
    that content/ passes `chronicle check` whenever a run is killed. A main incident and those
    dated relative to it refer to one another (it lists them as related): it is first written
    again without those links, (rel, text)."""
    stale, steps = dict(stale), []
    while stale:
        refers = {rel: _refers_to("events", entry) for rel, entry in stale.items()}
        needed = {r for rel, (hard, soft) in refers.items() for r in hard | soft if r != rel}
        free = [rel for rel in sorted(stale) if rel not in needed]
        if not free:
            first = next((rel for rel in sorted(stale) if refers[rel][1] & set(stale) - {rel}), None)
            if first is None:  # a loop of relative dates (no valid content/ has one): as they came
                free = sorted(stale)
            else:
                stale[first] = _unlinked(stale[first], set(stale))
                steps.append((first, _text("events", stale[first])))
                continue
        for rel in free:
            steps.append((rel, None))
            del stale[rel]
    return steps


def _retarget(entry: dict, renamed: dict[str, str]) -> dict:
    """Point related links and relative dates at merged incidents' existing ids."""
    if not renamed:
        return entry
    entry = dict(entry)
    if isinstance(entry.get("date"), dict):
        entry["date"] = {k: renamed.get(v, v) if k in ("before", "after") else v for k, v in entry["date"].items()}
    if entry.get("related"):
        entry["related"] = [{**r, "ref": renamed.get(r["ref"], r["ref"])} for r in entry["related"]]
    return entry


MANIFEST_SAVE_SECONDS = 1.0


def extract_seeds(seed_paths: list[Path], content_dir: Path, only_new: bool = True,
                  runner: Runner = SERIAL) -> Report:
    """Extract seeds into content/; unchanged seeds are skipped when ``only_new``.

    The ``runner`` may extract seeds ahead in other processes; the files written are the same
    either way.
    """
    report = Report()
    try:
        manifest = Manifest.load(content_dir)
    except ManifestError as exc:
        report.errors.append(str(exc))
        return report
    seeds: list[Seed] = []
    for path in seed_paths:
        try:
            seed = read_seed(path, max_seed_bytes())
        except SeedError as exc:
            report.errors.append(str(exc))
            continue
        if only_new and manifest.seeds.get(seed.name, {}).get("sha256") == seed.sha256:
            report.skipped_seeds.append(seed.name)
            continue
        seeds.append(seed)
    if not seeds:
        return report
    install_schemas(content_dir, Path(__file__).resolve().parents[1] / "schemas")  # what the $schema lines point at
    types = load_types_ignoring_problems(content_dir)
    groups = {tid: t.group for tid, t in types.items()}
    state = _RunState.load(content_dir)
    kit = load_toolkit(content_dir, [], [], runner.built)
    with contextlib.ExitStack() as stack:
        ahead = runner.ahead(seeds, extract_entries, kit)
        if ahead is not None:
            ahead = stack.enter_context(ahead)
        saved = time.monotonic()
        for index, seed in enumerate(seeds):
            kit = state.toolkit(kit)  # earlier seeds of this run may have added actors and places
            try:
                entries = ahead.result(index, state.version, kit) if ahead else None
                extract_one(seed, kit, content_dir, manifest, report, groups, state, entries)
            except BaseException:
                # Interrupted: record the files already written, or the next run would take them for
                # an editor's. The seed itself is not recorded, so it is extracted again.
                try:
                    manifest.save(content_dir)
                except Exception:
                    pass
                raise
            # Saved at most once a second (and at the end): saving the whole manifest after every
            # seed made a long run quadratic. An interruption saves it too (above).
            if time.monotonic() - saved >= MANIFEST_SAVE_SECONDS:
                manifest.save(content_dir)
                saved = time.monotonic()
    manifest.save(content_dir)
    return report
