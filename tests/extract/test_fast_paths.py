"""Extraction's fast paths give exactly what the plain ways they replace gave.

Each shortcut taken for speed (issue 8) is checked here against the straightforward computation it
stands for, on real inputs: every Unicode code point, the gazetteer's own names, and the articles
of the extraction tests. The core's fast paths (ids, rule files, dates) are in
tests/core/test_fast_paths.py; matching a new report against content/ in
tests/ingest/test_fast_paths.py.
"""

from __future__ import annotations

from chronicle.content.incident_types import type_keywords
from chronicle.extract import gazetteer
from chronicle.extract.incidents import TypeClassifier
from support import REPO
from support.seeds import ARTICLES

# The Basic Multilingual Plane, and a sample of the planes above it (no shortcut reaches those).
CODE_POINTS = [chr(c) for c in (*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97))]


def _latin_name_by_definition(name: str) -> bool:
    if len(name) < 4 or not name[0].isupper() or name.isupper():
        return False
    if name.isascii():
        return not any(ch.isdigit() for ch in name)
    return all(ch.isalpha() and (ord(ch) < 0x250 or 0x1E00 <= ord(ch) < 0x1F00) or ch in " -'\u2019."
               for ch in name)


def test_latin_name_filter_matches_its_definition_for_every_character():
    for template in ("Abcd{}", "Ab{}éd", "{}bcd"):
        names = [template.format(c) for c in CODE_POINTS]
        assert [n for n in names if gazetteer._is_latin_name(n) != _latin_name_by_definition(n)] == []


def test_latin_name_filter_matches_its_definition_on_the_gazetteer_names():
    cities = gazetteer._read_json("cities15000.json").values()
    names = [a for city in cities for a in city.get("alternatenames", ())]
    assert len(names) > 100_000
    assert [n for n in names if gazetteer._is_latin_name(n) != _latin_name_by_definition(n)] == []


def _scores_by_every_regex(classifier: TypeClassifier, text: str) -> list[tuple[str, int]]:
    return classifier.scores([(text, 1)], skip_absent=False)


def test_type_scores_are_those_of_running_every_keyword_pattern():
    classifier = TypeClassifier.from_keywords(type_keywords(None))
    folders = [REPO / "tests" / "extract" / name for name in ("corpus", "heldout", "multi")] + [ARTICLES]
    assert all(any(folder.glob("*.txt")) for folder in folders), folders
    texts = [line for folder in folders for path in sorted(folder.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 200
    hits = 0
    for text in texts:
        scores = classifier.scores([(text, 1)])
        assert scores == _scores_by_every_regex(classifier, text), text
        hits += any(score for _type, score in scores)
    assert hits > 50  # keywords were found, not only skipped
