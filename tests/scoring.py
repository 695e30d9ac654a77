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
