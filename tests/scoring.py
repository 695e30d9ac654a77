"""Scoring extraction against hand annotations: one implementation for every annotated set.

An annotated set is a folder of articles with an ``annotations.yaml`` giving,
per article, the main incident's ``date`` and ``type`` and the ``actors`` and
``places`` a careful editor would code (canonical names; compared without case
or accents).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from unidecode import unidecode

from chronicle.content import load_content
from chronicle.extract.incidents import build_incidents
from chronicle.extract.seed import read_seed
from chronicle.model import name_key
from chronicle.pipeline import Toolkit, analyse_article, load_toolkit

REPO = Path(__file__).resolve().parent.parent


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

ROLE_GROUPS = {"perpetrator": "perpetrator", "target": "target", "victim": "target"}


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
            {(_key(a), "target") for a in gold.get("targets", [])}
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
    roles: tuple[float, float]  # precision, recall of (actor, perpetrator|target) over matched incidents
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
