"""Scoring extraction against hand annotations: one implementation for every annotated set.

An annotated set is a folder of articles with an ``annotations.yaml`` giving,
per article, the main incident's ``date`` and ``type`` and the ``actors`` and
``places`` a careful editor would code (canonical names; compared without case
or accents).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from unidecode import unidecode

from chronicle.content.load import load_content
from chronicle.extract.incidents import build_incidents
from chronicle.extract.seed import read_seed
from chronicle.core.model import name_key
from chronicle.extract.analyse import Toolkit, analyse_article, extract_entries, load_toolkit
from chronicle.ingest.pipeline import extract_seeds

REPO = Path(__file__).resolve().parents[2]


def repo_toolkit() -> Toolkit:
    """The toolkit as `make html` would use it: the repository's registries."""
    content, _ = load_content(REPO / "content")
    return load_toolkit(REPO / "content", sorted(content.actors.values(), key=lambda a: a.id),
                        sorted(content.places.values(), key=lambda p: p.id))


def _key(name: str) -> str:
    return unidecode(name_key(name))


@dataclass
class Scores:
    actors: tuple[float, float]  # precision, recall
    places: tuple[float, float]
    dates: float  # share of main incidents with the annotated date
    types: float
    rows: list[str] = field(default_factory=list)  # per article: misses and extras

    def summary(self) -> str:
        return (f"actors P {self.actors[0]:.2f} R {self.actors[1]:.2f}, places P {self.places[0]:.2f} "
                f"R {self.places[1]:.2f}, dates {self.dates:.2f}, types {self.types:.2f}")


def score_set(folder: Path, kit: Toolkit) -> Scores:
    gold_by_article = yaml.safe_load((folder / "annotations.yaml").read_text("utf-8"))
    totals = {"actors": [0, 0, 0], "places": [0, 0, 0]}
    dates = types = 0
    rows = []
    for name, gold in sorted(gold_by_article.items()):
        article = analyse_article(read_seed(folder / name), kit)
        drafts = build_incidents(article, kit.classifier, kit.type_labels)
        found = {"actors": {_key(m.name) for m in article.actors},
                 "places": {_key(m.name) for m in article.places}}
        row = [name]
        for kind in ("actors", "places"):
            expected = {_key(x) for x in gold[kind]}
            hit = found[kind] & expected
            for i, value in enumerate((len(hit), len(found[kind]), len(expected))):
                totals[kind][i] += value
            row.append(f"{kind}: missed {sorted(expected - hit)} extra {sorted(found[kind] - expected)}")
        main = drafts[0] if drafts else None
        dates += bool(main) and str(main.date) == str(gold["date"])
        types += bool(main) and main.type == gold["type"]
        if main:
            row.append(f"date {main.date} (gold {gold['date']}), type {main.type} (gold {gold['type']})")
        rows.append("\n     ".join(row))
    ratio = {kind: (t[0] / max(t[1], 1), t[0] / max(t[2], 1)) for kind, t in totals.items()}
    n = max(len(gold_by_article), 1)
    return Scores(ratio["actors"], ratio["places"], dates / n, types / n, rows)


def assert_floors(scores: Scores, floors: dict) -> None:
    """Fail with every article's misses when a figure drops under its floor."""
    details = "\n  ".join(scores.rows)
    for kind in ("actors", "places"):
        for label, value, floor in zip(("precision", "recall"), getattr(scores, kind), floors[kind]):
            assert value >= floor, f"{kind} {label} {value:.2f} < {floor}\n  {details}"
    for kind in ("dates", "types"):
        if kind in floors:
            assert getattr(scores, kind) >= floors[kind], f"{kind} {getattr(scores, kind):.2f}\n  {details}"


# -- multi-incident scoring: the main incident and the earlier ones an article reports -----------

ROLE_GROUPS = {"perpetrator": "perpetrator", "target": "target", "victim": "target", "participant": "participant"}


def _date_key(value) -> str:
    """A date as comparable text: EDTF as written, relative dates as {before: main, by: days}."""
    if isinstance(value, dict):
        return ",".join(f"{k}={value[k]}" for k in sorted(value))
    return str(value)


def _gold_dates(gold: dict) -> set[str]:
    values = gold["date"] if isinstance(gold["date"], list) else [gold["date"]]
    return {_date_key(v) for v in values}


def _incident_view(draft) -> dict:
    """What the multi scoring compares, from a DraftIncident."""
    roles = {(_key(m.name), ROLE_GROUPS[r]) for m, r in draft.actors if r in ROLE_GROUPS}
    casualties = {cat: next(iter(fig.values())) for cat, fig in draft.casualties.items() if fig}
    return {"date": _date_key(draft.date), "type": draft.type, "roles": roles, "casualties": casualties,
            "places": {_key(m.name) for m, r in draft.places if r == "location"}}


def _gold_view(gold: dict) -> dict:
    roles = {(_key(a), "perpetrator") for a in gold.get("perpetrators", [])} | \
            {(_key(a), "target") for a in gold.get("targets", [])} | \
            {(_key(a), "participant") for a in gold.get("participants", [])}
    return {"dates": _gold_dates(gold), "type": gold["type"], "roles": roles,
            "casualties": {k: int(v) for k, v in (gold.get("casualties") or {}).items()},
            "places": {_key(p) for p in gold.get("places", [])}}


def _agreement(gold: dict, found: dict) -> tuple[bool, bool, bool]:
    return found["type"] == gold["type"], found["date"] in gold["dates"], bool(found["places"] & gold["places"])


def match_earlier(gold: list[dict], found: list[dict]) -> dict[int, int]:
    """Gold earlier incident -> found one: same type and date, or the same place.

    Greedy, best agreement first (type, date and place all agreeing beats two).
    """
    candidates = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            same_type, same_date, same_place = _agreement(g, f)
            if (same_type and same_date) or same_place:
                candidates.append((-(same_type + same_date + same_place), gi, fi))
    pairs: dict[int, int] = {}
    for _score, gi, fi in sorted(candidates):
        if gi not in pairs and fi not in pairs.values():
            pairs[gi] = fi
    return pairs


@dataclass
class MultiScores:
    counts: float  # share of articles with the annotated number of incidents
    earlier: tuple[float, float]  # precision, recall of earlier incidents
    dates: float  # share of matched incidents (main included) with an annotated date
    types: float
    locations: float  # recall of annotated location places over matched incidents
    roles: tuple[float, float]  # precision, recall of (actor, perpetrator|target|participant) over matched incidents
    casualties: float  # share of matched incidents with casualties (gold or found) where they agree
    relations: float  # share of annotated earlier incidents whose relation the main incident gives
    rows: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"counts {self.counts:.2f}, earlier P {self.earlier[0]:.2f} R {self.earlier[1]:.2f}, "
                f"dates {self.dates:.2f}, types {self.types:.2f}, locations R {self.locations:.2f}, "
                f"roles P {self.roles[0]:.2f} R {self.roles[1]:.2f}, casualties {self.casualties:.2f}, "
                f"relations {self.relations:.2f}")


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def score_multi(folder: Path, kit: Toolkit) -> MultiScores:
    """Score main and earlier incidents of every article in ``folder`` against its annotations."""
    gold_by_article = yaml.safe_load((folder / "annotations.yaml").read_text("utf-8"))
    t = dict.fromkeys(("count", "found", "gold", "matched", "date", "type", "pairs", "loc_hit", "loc_all",
                       "role_hit", "role_found", "role_gold", "cas_hit", "cas_all", "rel_hit"), 0)
    rows = []
    for name, gold in sorted(gold_by_article.items()):
        article = analyse_article(read_seed(folder / name), kit)
        drafts = build_incidents(article, kit.classifier, kit.type_labels)
        views = [_incident_view(d) for d in drafts]
        gold_main, gold_earlier = _gold_view(gold["main"]), [_gold_view(g) for g in gold.get("earlier", [])]
        pairs = match_earlier(gold_earlier, views[1:])
        t["count"] += len(drafts) == 1 + len(gold_earlier)
        t["found"], t["gold"], t["matched"] = t["found"] + len(views) - 1, t["gold"] + len(gold_earlier), \
            t["matched"] + len(pairs)
        related = dict(drafts[0].related) if drafts else {}
        row = [f"{name}: {len(drafts)} incidents (gold {1 + len(gold_earlier)})"]
        matched = [("main", gold_main, views[0] if views else None)] + \
                  [(f"earlier-{gi + 1}", gold_earlier[gi], views[1 + fi]) for gi, fi in sorted(pairs.items())]
        for label, g, f in matched:
            if f is None:
                continue
            t["pairs"] += 1
            t["date"] += f["date"] in g["dates"]
            t["type"] += f["type"] == g["type"]
            t["loc_hit"], t["loc_all"] = t["loc_hit"] + len(g["places"] & f["places"]), t["loc_all"] + len(g["places"])
            t["role_hit"] += len(g["roles"] & f["roles"])
            t["role_found"], t["role_gold"] = t["role_found"] + len(f["roles"]), t["role_gold"] + len(g["roles"])
            if g["casualties"] or f["casualties"]:
                t["cas_all"] += 1
                t["cas_hit"] += g["casualties"] == f["casualties"]
            row.append(f"{label}: date {f['date']} (gold {sorted(g['dates'])}), type {f['type']} (gold {g['type']}), "
                       f"places {sorted(f['places'])} (gold {sorted(g['places'])}), roles {sorted(f['roles'])} "
                       f"(gold {sorted(g['roles'])}), casualties {f['casualties']} (gold {g['casualties']})")
        for gi, g in enumerate(gold_earlier):
            relation = related.get(drafts[1 + pairs[gi]].key, "none") if gi in pairs else None
            wanted = gold["earlier"][gi]["relation"]
            t["rel_hit"] += relation == wanted
            if gi not in pairs:
                row.append(f"missed earlier-{gi + 1}: {gold['earlier'][gi]['type']} {sorted(g['dates'])}")
            elif relation != wanted:
                row.append(f"earlier-{gi + 1}: relation {relation} (gold {wanted})")
        for fi, view in enumerate(views[1:]):
            if fi not in pairs.values():
                row.append(f"extra {drafts[1 + fi].key}: {view['type']} {view['date']} {sorted(view['places'])} "
                           f"\"{drafts[1 + fi].title}\"")
        rows.append("\n     ".join(row))
    n = max(len(gold_by_article), 1)
    return MultiScores(
        counts=t["count"] / n, earlier=(_ratio(t["matched"], t["found"]), _ratio(t["matched"], t["gold"])),
        dates=_ratio(t["date"], t["pairs"]), types=_ratio(t["type"], t["pairs"]),
        locations=_ratio(t["loc_hit"], t["loc_all"]),
        roles=(_ratio(t["role_hit"], t["role_found"]), _ratio(t["role_hit"], t["role_gold"])),
        casualties=_ratio(t["cas_hit"], t["cas_all"]), relations=_ratio(t["rel_hit"], t["gold"]), rows=rows)


def assert_multi_floors(scores: MultiScores, floors: dict) -> None:
    """Fail with every article's details when a multi-incident figure drops under its floor."""
    details = "\n  ".join(scores.rows)
    for name, floor in floors.items():
        value = getattr(scores, name)
        values = value if isinstance(value, tuple) else (value,)
        limits = floor if isinstance(floor, tuple) else (floor,)
        for v, limit in zip(values, limits):
            assert v >= limit, f"{name} {v:.2f} < {limit}\n  {details}"


# -- annotated sets scored as a new user meets them: extracted one by one into an empty content/ ----

MAIN_ROLES = ("perpetrator", "target", "victim", "spokesperson", "participant")


def content_toolkit(content_dir: Path) -> Toolkit:
    """The toolkit ``extract_seeds`` uses on ``content_dir`` as it is now (its registries, sorted by id)."""
    content, _ = load_content(content_dir)
    return load_toolkit(content_dir, sorted(content.actors.values(), key=lambda a: a.id),
                        sorted(content.places.values(), key=lambda p: p.id))


def _yaml_dir(content_dir: Path, folder: str) -> dict[str, dict]:
    entries = {}
    for path in sorted((content_dir / folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            entries[data["id"]] = data
    return entries


def _evidence_key(source: dict) -> tuple:
    return tuple((e.get("field"), e.get("text")) for e in source.get("evidence") or [] if isinstance(e, dict))


def _seed_sources(entry: dict, seed_name: str) -> list[dict]:
    return [s for s in entry.get("sources") or [] if isinstance(s, dict) and s.get("seed") == seed_name]


def locate_incident(entry: dict, seed_name: str, events: dict[str, dict]) -> str | None:
    """The events file an incident extracted from ``seed_name`` ended up in, after merges and renames.

    The incident as extract_entries gave it carries one source: this seed with the evidence of
    exactly that draft. A merge adds that source to another seed's file and a clash of ids gives
    it an ``-2`` id, but the source stays, so the file holding a source of this seed with the same
    evidence is the incident's file (robust to both). Failing that (the source was rewritten), the
    file with the id it was given, then the only file naming the seed at all.
    """
    wanted = _evidence_key(entry["sources"][0])
    naming = [i for i, e in events.items() if _seed_sources(e, seed_name)]
    same_evidence = [i for i in naming if any(_evidence_key(s) == wanted for s in _seed_sources(events[i], seed_name))]
    if len(same_evidence) == 1:
        return same_evidence[0]
    if entry["id"] in naming:
        return entry["id"]
    if len(same_evidence) > 1:
        return same_evidence[0]
    return naming[0] if len(naming) == 1 else None


def _casualty_value(figure) -> object:
    """A figure as one comparable value: ``best``, else its only estimate, else (low, high)."""
    if not isinstance(figure, dict):
        return figure
    if figure.get("best") is not None:
        return figure["best"]
    values = [v for v in (figure.get("low"), figure.get("high")) if v is not None]
    return values[0] if len(values) == 1 else tuple(values)


def _edtf(value) -> str:
    """A date as comparable EDTF text (YAML reads 2024 as an int and 2024-05-02 as a date)."""
    if value is None or value == "":
        return "unknown"
    if isinstance(value, dict):
        return _date_key(value)
    return str(value).strip()


@dataclass
class _Found:
    """One incident as written to content/: names resolved through the registries written with it."""

    date: str
    type: str
    actors: list[tuple[str, str]]  # (name, role)
    places: list[tuple[str, str]]
    casualties: dict[str, object]
    place_parents: set[str]  # names of the ancestors of its location places (via `within`)

    def view(self) -> dict:
        """As match_earlier compares incidents."""
        roles = {(_key(n), ROLE_GROUPS[r]) for n, r in self.actors if r in ROLE_GROUPS}
        return {"date": self.date, "type": self.type, "roles": roles, "casualties": self.casualties,
                "places": {_key(n) for n, r in self.places if r == "location"}}


def _found(entry: dict, actors: dict[str, dict], places: dict[str, dict]) -> _Found:
    def name(registry: dict[str, dict], ref: str) -> str:
        return str(registry.get(ref, {}).get("name", ref))

    def refs(key: str) -> list[tuple[str, str]]:
        return [(r["ref"], r.get("role", "mentioned")) for r in entry.get(key) or []
                if isinstance(r, dict) and "ref" in r]
    parents = set()
    for ref, role in refs("places"):
        seen, current = {ref}, places.get(ref, {}).get("within")
        while role == "location" and isinstance(current, str) and current not in seen:
            seen.add(current)
            parents.add(name(places, current))
            current = places.get(current, {}).get("within")
    casualties = {cat: _casualty_value(fig) for cat, fig in (entry.get("casualties") or {}).items() if fig}
    return _Found(_edtf(entry.get("date")), str(entry.get("type")),
                  [(name(actors, ref), role) for ref, role in refs("actors")],
                  [(name(places, ref), role) for ref, role in refs("places")], casualties, parents)


@dataclass
class _Run:
    """What extracting one article into the shared content/ gave."""

    name: str
    drafts: list[dict]  # the seed's incidents as extract_entries gave them, main first
    files: list[str | None]  # the events file each draft ended up in (None: not found)


def _extract_one_by_one(folder: Path, names: list[str], content_dir: Path) -> list[_Run]:
    runs = []
    for name in names:
        path = folder / name
        # The same analysis extract_seeds is about to make (same seed, same registries): it tells
        # which of the seed's incidents is the main one (build_incidents' drafts[0]) and each one's
        # evidence, by which its file is found once written (see locate_incident).
        entries = extract_entries(read_seed(path), content_toolkit(content_dir))
        order = list(entries.keys.values())  # drafts' ids in build_incidents' order: main first
        report = extract_seeds([path], content_dir)
        assert not report.errors, report.errors
        runs.append(_Run(name, [entries.incidents[i] for i in order], []))
    events = _yaml_dir(content_dir, "events")
    for run in runs:
        run.files = [locate_incident(d, run.name, events) for d in run.drafts]
    return runs


@dataclass
class AnnotatedScores:
    actors: tuple[float, float]  # precision, recall over the main incident's actors
    roles: tuple[float, float]  # precision, recall over (actor, role), role one of MAIN_ROLES
    places: tuple[float, float]
    locations: float  # share of articles whose most specific gold location is a location of the main incident
    dates: float  # share of articles whose main incident has the gold date
    types: float
    casualties: float  # share of articles whose main incident has exactly the gold casualty figures
    incidents: tuple[float, float]  # precision (matched / drafts), recall (found / gold, main + earlier)
    merges: tuple[float, float, float]  # pairwise precision, recall, F1 over article pairs
    articles: int = 0
    rows: list[str] = field(default_factory=list)

    def summary(self) -> str:
        p = lambda pair: f"P {pair[0]:.2f} R {pair[1]:.2f}"  # noqa: E731
        return (f"{self.articles} articles: actors {p(self.actors)}, roles {p(self.roles)}, places {p(self.places)}, "
                f"locations {self.locations:.2f}, dates {self.dates:.2f}, types {self.types:.2f}, "
                f"casualties {self.casualties:.2f}, incidents {p(self.incidents)}, "
                f"merges {p(self.merges)} F1 {self.merges[2]:.2f}")


def _pairwise(gold_groups: dict[str, object], found_groups: dict[str, object]) -> tuple[float, float, float]:
    """Precision, recall, F1 of "these two articles report one incident" over all article pairs."""
    names = sorted(gold_groups)
    gold = {(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if gold_groups[a] is not None and gold_groups[a] == gold_groups[b]}
    found = {(a, b) for i, a in enumerate(names) for b in names[i + 1:]
             if found_groups.get(a) is not None and found_groups.get(a) == found_groups.get(b)}
    precision, recall = _ratio(len(gold & found), len(found)), _ratio(len(gold & found), len(gold))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_annotated(folder: Path, content_dir: Path | None = None) -> AnnotatedScores:
    """Extract ``folder``'s articles one by one (file-name order) into an empty content/ and score them.

    As a new user meets extraction: no registries to start with, each article added with its own
    ``extract_seeds`` call, the YAML written read back. Each article is scored on its main incident
    (the first incident its seed gives) as it stands in content/ at the end: when it was merged into
    another report's incident, that incident is what the user sees for it. Such an incident carries
    every report's actors and places: one another report of the same gold group names is no extra
    (precision), while recall is still this article's own gold found.
    """
    gold_by_article = yaml.safe_load((folder / "annotations.yaml").read_text("utf-8"))
    names = sorted(gold_by_article)
    missing = [n for n in names if not (folder / n).is_file()]
    assert not missing, f"annotated but absent: {missing}"
    with tempfile.TemporaryDirectory() as tmp:
        target = content_dir or Path(tmp) / "content"  # a given content_dir keeps the output to look at
        target.mkdir(parents=True, exist_ok=True)
        assert not any(target.iterdir()), f"{target} must start empty"
        runs = _extract_one_by_one(folder, names, target)
        events = _yaml_dir(target, "events")
        actors, places = _yaml_dir(target, "actors"), _yaml_dir(target, "places")
    pr = {kind: [0, 0, 0, 0] for kind in ("actors", "roles", "places")}  # hit, found, gold, right (precision)
    t = dict.fromkeys(("loc", "date", "type", "cas", "i_hit", "i_found", "i_gold"), 0)
    rows = []
    main_files = {run.name: run.files[0] if run.files else None for run in runs}
    groups = {n: gold_by_article[n].get("group") for n in names}

    def merged_gold(name: str) -> list[dict]:
        """The gold main incidents of the other reports rightly merged into this article's entry."""
        return [gold_by_article[o]["main"] for o in names if o != name and groups[name] is not None
                and groups[o] == groups[name] and main_files[o] is not None and main_files[o] == main_files[name]]

    for run in runs:
        gold = gold_by_article[run.name]["main"]
        earlier = gold_by_article[run.name].get("earlier") or []
        main_file = run.files[0] if run.files else None
        main_files[run.name] = main_file
        main = _found(events[main_file], actors, places) if main_file else None
        found = main or _Found("none", "none", [], [], {}, set())
        row = [f"{run.name}: main -> {main_file or 'NOT FOUND'} ({len(run.drafts)} drafts)"]

        def tally(kind: str, found_keys: set, gold_keys: set, implied: set = frozenset(),
                  also_right: set = frozenset()) -> None:
            # ``implied``: found only as a parent of a place; counts when gold names it, never as an extra.
            # ``also_right``: what another report merged into this entry names: right, not this one's.
            hit = (found_keys | implied) & gold_keys
            extra = found_keys - gold_keys - also_right
            row.append(f"{kind}: missed {sorted(gold_keys - hit)} extra {sorted(extra)}")
            counted = found_keys | (implied & gold_keys)
            for i, value in enumerate((len(hit), len(counted), len(gold_keys), len(counted - extra))):
                pr[kind][i] += value

        gold_actors = gold.get("actors") or []
        others_gold = merged_gold(run.name)
        others_actors = [a for g in others_gold for a in g.get("actors") or []]
        tally("actors", {_key(n) for n, _ in found.actors}, {_key(a["name"]) for a in gold_actors},
              also_right={_key(a["name"]) for a in others_actors})
        tally("roles", {(_key(n), r) for n, r in found.actors if r in MAIN_ROLES},
              {(_key(a["name"]), a["role"]) for a in gold_actors if a["role"] in MAIN_ROLES},
              also_right={(_key(a["name"]), a["role"]) for a in others_actors if a["role"] in MAIN_ROLES})
        tally("places", {_key(n) for n, _ in found.places}, {_key(p["name"]) for p in gold.get("places") or []},
              {_key(n) for n in found.place_parents},
              also_right={_key(p["name"]) for g in others_gold for p in g.get("places") or []})
        gold_locations = [p["name"] for p in gold.get("places") or [] if p.get("role") == "location"]
        located = {_key(n) for n, r in found.places if r == "location"}
        if gold_locations:
            t["loc"] += _key(gold_locations[0]) in located
        else:
            t["loc"] += not located
        gold_date, gold_cas = _edtf(gold.get("date")), {k: int(v) for k, v in (gold.get("casualties") or {}).items()}
        t["date"] += found.date == gold_date
        t["type"] += found.type == gold["type"]
        t["cas"] += found.casualties == gold_cas
        row.append(f"location {sorted(located)} (gold first {gold_locations[:1]}), date {found.date} "
                   f"(gold {gold_date}), type {found.type} (gold {gold['type']}), casualties {found.casualties} "
                   f"(gold {gold_cas})")
        # Incidents: the main one is found when it agrees with the gold one as match_earlier matches
        # (type and date, or a place); earlier ones are matched with match_earlier over the others.
        gold_main_view = _gold_view({**gold, "places": gold_locations})
        main_found = bool(main) and bool(match_earlier([gold_main_view], [found.view()]))
        others = [(d["id"], _found(events[f], actors, places)) for d, f in zip(run.drafts[1:], run.files[1:]) if f]
        pairs = match_earlier([_gold_view(g) for g in earlier], [o.view() for _, o in others])
        t["i_hit"] += main_found + len(pairs)
        t["i_found"] += len(run.drafts)
        t["i_gold"] += 1 + len(earlier)
        if not main_found:
            row.append("main incident not found (no agreement on type and date, nor on a place)")
        for gi, g in enumerate(earlier):
            if gi not in pairs:
                row.append(f"missed earlier: {g.get('type')} {g.get('date')} {g.get('places')}")
        for fi, (draft_id, other) in enumerate(others):
            if fi not in pairs.values():
                row.append(f"extra incident {draft_id}: {other.type} {other.date}")
        rows.append("\n     ".join(row))
    merges = _pairwise(groups, main_files)
    for a, b in ((a, b) for i, a in enumerate(names) for b in names[i + 1:]):
        gold_same = groups[a] is not None and groups[a] == groups[b]
        found_same = main_files[a] is not None and main_files[a] == main_files[b]
        if gold_same != found_same:
            rows.append(f"merge {'missed' if gold_same else 'wrong'}: {a} + {b} "
                        f"({main_files[a]} / {main_files[b]})")
    n = max(len(names), 1)
    return AnnotatedScores(
        actors=(_ratio(pr["actors"][3], pr["actors"][1]), _ratio(pr["actors"][0], pr["actors"][2])),
        roles=(_ratio(pr["roles"][3], pr["roles"][1]), _ratio(pr["roles"][0], pr["roles"][2])),
        places=(_ratio(pr["places"][3], pr["places"][1]), _ratio(pr["places"][0], pr["places"][2])),
        locations=t["loc"] / n, dates=t["date"] / n, types=t["type"] / n, casualties=t["cas"] / n,
        incidents=(_ratio(t["i_hit"], t["i_found"]), _ratio(t["i_hit"], t["i_gold"])),
        merges=merges, articles=len(names), rows=rows)


def assert_annotated_floors(scores: AnnotatedScores, floors: dict) -> None:
    """Fail listing every figure under its floor (a pair or triple floor: one per value), then the rows."""
    misses = []
    for name, floor in floors.items():
        value = getattr(scores, name)
        values = value if isinstance(value, tuple) else (value,)
        limits = floor if isinstance(floor, tuple) else (floor,)
        misses += [f"{name}[{i}] {v:.2f} < {limit}" for i, (v, limit) in enumerate(zip(values, limits)) if v < limit]
    assert not misses, "; ".join(misses) + "\n  " + scores.summary() + "\n  " + "\n  ".join(scores.rows)
