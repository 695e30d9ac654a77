"""The extraction flow, seed to YAML, as ``chronicle extract`` and the build run it.

    read_seed -> clean -> read_metadata -> split_sentences
      -> find_dates, find_actors, find_places -> build_incidents
      -> build_entries -> merge with content/ -> write (never over an editor's file)

``analyse_article`` is pure: it depends only on the seed and the registries.
``extract_seeds`` is the one place that reads and writes content/.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .content import BUILDERS, load_content, load_types, type_keywords, _Loaded
from .extract.actors import find_actors, load_actor_rules
from .extract.article import ExtractedArticle, Seed
from .extract.incidents import dateline_sentence, headline_sentence
from .extract.clean import clean, load_noise_rules
from .extract.entries import Entries, build_entries
from .extract.gazetteer import load_gazetteer
from .extract.incidents import TypeClassifier, build_incidents
from .extract.merge import MatchIndex, PlaceTree, match_all, missing_facts
from .extract.metadata import read_metadata
from .extract.places import find_places, load_place_rules
from .extract.seed import SeedError, max_seed_bytes, read_seed
from .extract.sentences import split_sentences
from .extract.temporal import find_dates, load_date_rules
from .cache import ParseCache
from .extract_pool import Speculator, auto_jobs
from .model import Actor, Place
from .store import PROPOSALS, Manifest, ManifestError, is_hand_edited, sha256, write_entry
from .yamlio import YamlSyntaxError, dump_yaml, parse_yaml

FOLDERS = {"incidents": "events", "actors": "actors", "places": "places"}
SCHEMA_FILES = {"events": "event", "actors": "actor", "places": "place", PROPOSALS: "event"}


@dataclass(frozen=True)
class Toolkit:
    """Everything extraction knows, loaded once per run and passed down."""

    noise: object
    date_rules: object
    actor_rules: object
    place_rules: object
    gazetteer: object
    classifier: TypeClassifier
    type_labels: dict[str, str]
    actors: list[Actor]
    places: list[Place]


def load_toolkit(content_dir: Path | None, actors: list[Actor], places: list[Place]) -> Toolkit:
    keywords = type_keywords(content_dir)
    types = load_types(content_dir, _Loaded()) if content_dir else {}
    labels = {tid: t.label for tid, t in types.items()}
    return Toolkit(load_noise_rules(), load_date_rules(), load_actor_rules(), load_place_rules(),
                   load_gazetteer(), TypeClassifier.from_keywords(keywords), labels, actors, places)


def analyse_article(seed: Seed, kit: Toolkit) -> ExtractedArticle:
    """All mentions in one article: the pure part of extraction."""
    cleaned = clean(seed.text, kit.noise)
    meta = read_metadata(cleaned)
    sentences = split_sentences(cleaned)
    article = ExtractedArticle(seed, meta, cleaned, sentences)
    article.dates = find_dates(sentences, meta.published, kit.date_rules)
    # The headline names the main actors and places; it is read as sentence -1.
    with_headline = ([headline_sentence(cleaned, meta)] if (meta.title or cleaned.headline) else []) + sentences
    article.actors = find_actors(with_headline, kit.actors, kit.actor_rules)
    # The dateline's place ("OSLO, June 18 -") was stripped from the lead: read it on its own.
    dateline = dateline_sentence(meta)
    article.places = find_places(([dateline] if dateline else []) + with_headline, kit.places, kit.gazetteer,
                                 rules=kit.place_rules, bureau=dateline.index if dateline else None)
    return article


def extract_entries(seed: Seed, kit: Toolkit) -> Entries:
    article = analyse_article(seed, kit)
    drafts = build_incidents(article, kit.classifier, kit.type_labels)
    return build_entries(drafts, seed, article.meta)


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
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def report_lines(report: Report) -> list[str]:
    lines = []
    for label, items in (("created", report.created), ("updated", report.updated),
                         ("removed (its seed no longer gives it)", report.removed),
                         ("source added to", report.sources_added),
                         ("left alone (hand-edited)", report.protected),
                         ("possible duplicate", report.possible_duplicates),
                         ("proposal written", report.proposals)):
        lines.extend(f"{label}: {item}" for item in items)
    if report.skipped_seeds:
        lines.append(f"unchanged seeds, not extracted again: {len(report.skipped_seeds)}")
    lines.extend(f"warning: {w}" for w in report.warnings)
    lines.extend(f"error: {e}" for e in report.errors)
    lines.append(f"chronicle extract: {len(report.created)} created, {len(report.updated)} updated, "
                 f"{len(report.sources_added)} sources added, {len(report.protected)} hand-edited left alone, "
                 f"{len(report.proposals)} proposals, {len(report.errors)} errors")
    return lines


def _schema_ref(content_dir: Path, folder: str) -> str:
    schema = Path(__file__).parent / "schemas" / f"{SCHEMA_FILES[folder]}.schema.json"
    return Path(os.path.relpath(schema.resolve(), (content_dir / folder).resolve())).as_posix()


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
    version: int = 0  # goes up whenever the registries change (extract_pool checks it)
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
            self.actor_registry[entry["id"]] = BUILDERS["actor"](entry, rel)
            self.version += 1
        elif folder == "places":
            self.version += 1
            self.places[entry["id"]] = entry
            self.index.add_place(entry)
            self.place_registry[entry["id"]] = BUILDERS["place"](entry, rel)


class _Writer:
    """Writes one run's entries, respecting hand-edited files, and reports."""

    def __init__(self, content_dir: Path, manifest: Manifest, report: Report, state: "_RunState"):
        self.content_dir, self.manifest, self.report, self.state = content_dir, manifest, report, state

    def text(self, folder: str, entry: dict) -> str:
        return dump_yaml(entry, _schema_ref(self.content_dir, folder))

    def write(self, folder: str, entry: dict, seed_name: str, why_proposal: str = "") -> str:
        rel = f"{folder}/{entry['id']}.yaml"
        if is_hand_edited(self.content_dir, rel, self.manifest):
            proposal_rel = f"{PROPOSALS}/{entry['id']}.{Path(seed_name).stem}.yaml"
            text = self.text(folder, entry)
            # Nothing to propose when extraction gives what Chronicle wrote before the edit.
            if folder == "events" and self.manifest.files.get(rel) != sha256(text.encode("utf-8")):
                outcome = write_entry(self.content_dir, proposal_rel, self.text(PROPOSALS, entry), self.manifest)
                if outcome != "unchanged":
                    differs = disagreements(entry, self.state.events.get(entry["id"], {}))
                    self.report.proposals.append(
                        f"{proposal_rel}: seed {seed_name} {why_proposal or 'disagrees with'} "
                        f"{rel}, which a person edited"
                        + (f" (they differ in: {', '.join(differs)})" if differs else "")
                        + "; compare them and merge by hand")
            self.report.protected.append(rel)
            return "protected"
        outcome = write_entry(self.content_dir, rel, self.text(folder, entry), self.manifest)
        getattr(self.report, outcome).append(rel)
        self.state.record(folder, entry, rel)
        return outcome


COMPARED_FIELDS = ("title", "date", "type", "actors", "places", "casualties", "related", "sources")


def disagreements(proposed: dict, edited: dict) -> list[str]:
    """The fields where what a seed says differs from what an editor wrote."""
    def refs(entry, key):
        return sorted((r.get("ref"), r.get("role")) for r in entry.get(key) or [] if isinstance(r, dict))

    def seeds(entry):
        return sorted(str(s.get("seed")) for s in entry.get("sources") or [] if isinstance(s, dict))

    differs = []
    for key in COMPARED_FIELDS:
        if key in ("actors", "places", "related"):
            same = refs(proposed, key) == refs(edited, key)
        elif key == "sources":
            same = set(seeds(proposed)) <= set(seeds(edited))
        else:
            same = proposed.get(key) == edited.get(key)
        if not same:
            differs.append(key)
    return differs


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
    writer = _Writer(content_dir, manifest, report, state)
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
            outcome = writer.write("events", merged, seed.name, "adds a source to")
            if outcome != "protected":
                report.sources_added.append(f"events/{match.incident_id}.yaml (from {seed.name})")
            continue
        if match:
            entry["notes"] = entry.get("notes", []) + [{"kind": "possible-duplicate-of", "ref": match.incident_id,
                               "text": f"May be the same incident as {match.incident_id} "
                                       f"({', '.join(match.reasons)}); merge or delete one."}]
            report.possible_duplicates.append(f"events/{incident_id}.yaml ~ events/{match.incident_id}.yaml")
    renamed.update(_distinct_ids(entries.incidents, renamed, existing, seed.name, report))
    for incident_id in sorted(entries.incidents):
        if incident_id in renamed and renamed[incident_id] in others:
            continue  # merged into an incident another seed gave
        entry = _retarget(entries.incidents[incident_id], renamed)
        entry["id"] = renamed.get(incident_id, incident_id)
        writer.write("events", _kept_from_before(entry, existing.get(entry["id"]), seed.name, existing), seed.name)
    for actor_id in sorted(entries.actors):
        if actor_id not in state.actor_registry and not (content_dir / "actors" / f"{actor_id}.yaml").exists():
            writer.write("actors", entries.actors[actor_id], seed.name)
    for place_id in sorted(entries.places):
        if place_id not in state.places and not (content_dir / "places" / f"{place_id}.yaml").exists():
            writer.write("places", entries.places[place_id], seed.name)
    current = sorted(renamed.get(i, i) for i in entries.incidents)
    _remove_stale(content_dir, manifest, report, state, seed.name,
                  set(manifest.seeds.get(seed.name, {}).get("incidents", [])) - set(current))
    manifest.seeds[seed.name] = {"sha256": seed.sha256, "incidents": current}


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
    for incident_id in sorted(stale):
        rel = f"events/{incident_id}.yaml"
        (content_dir / rel).unlink()
        manifest.files.pop(rel, None)
        state.drop_event(incident_id)
        report.removed.append(rel)


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
                  jobs: int | None = None) -> Report:
    """Extract seeds into content/; unchanged seeds are skipped when ``only_new``.

    ``jobs`` processes extract ahead (see extract_pool; None: one per CPU when there
    are many seeds); the files written are the same for any number.
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
    types = load_types(content_dir, _Loaded())
    groups = {tid: t.group for tid, t in types.items()}
    state = _RunState.load(content_dir)
    kit = load_toolkit(content_dir, [], [])
    jobs = auto_jobs(len(seeds)) if jobs is None else max(1, min(jobs, len(seeds)))
    with contextlib.ExitStack() as stack:
        ahead = stack.enter_context(Speculator(seeds, jobs, extract_entries, kit)) if jobs > 1 else None
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
