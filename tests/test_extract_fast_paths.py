"""Extraction's fast paths give exactly what the plain ways they replace gave.

Each shortcut taken for speed (issue 8) is checked here against the
straightforward computation it stands for, on real inputs: every Unicode code
point, the shipped data files, the gazetteer's own names, the scoring articles,
and content/ built by extracting generated articles.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import yaml
from unidecode import unidecode

import chronicle.core.dates as when
from chronicle.content.load import type_keywords
from chronicle.extract import gazetteer
from chronicle.core.datafile import parse_rules
from chronicle.extract.incidents import TypeClassifier
from chronicle.extract.merge import find_match
from chronicle.core.ids import to_ascii
from chronicle.ingest.pipeline import _RunState, _same_seed, extract_seeds
from support.seeds import ARTICLES

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import make_corpus  # noqa: E402

# The Basic Multilingual Plane, and a sample of the planes above it (no shortcut reaches those).
CODE_POINTS = [chr(c) for c in (*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97))]


def test_to_ascii_is_unidecode_for_every_character_and_for_mixed_names():
    assert [c for c in CODE_POINTS if to_ascii(f"a{c}b") != unidecode(f"a{c}b")] == []
    rng = random.Random(5)
    pool = [chr(c) for c in (*range(0x20, 0x300), *range(0x1E00, 0x1F10), *range(0x2000, 0x2080))] + list("中بЖ")
    names = ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 15))) for _ in range(20000)]
    assert [n for n in names if to_ascii(n) != unidecode(n)] == []


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


@pytest.mark.parametrize("path", sorted((REPO / "plugins" / "chronicle" / "data").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_rule_files_read_as_safe_load_reads_them(path):
    text = path.read_text(encoding="utf-8")
    assert parse_rules(text) == yaml.safe_load(text)


def _parsed(text: str, fast: bool, monkeypatch):
    """parse_edtf_text's result or error, with or without the plain-range shortcut."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(when, "_plain_range", lambda _text: None)
        try:
            return when.parse_edtf_text.__wrapped__(text)
        except Exception as exc:  # noqa: BLE001 - the error is part of what must be equal
            return type(exc).__name__, str(exc)


def test_plain_date_ranges_parse_as_the_edtf_parser_reads_them(monkeypatch):
    rng = random.Random(3)

    def part() -> str:
        year = rng.choice(["0000", "0001", "1999", "2000", "2023", "2024", "9999"])
        month, day = f"{rng.randrange(0, 14):02d}", f"{rng.randrange(0, 33):02d}"
        return rng.choice([year, f"{year}-{month}", f"{year}-{month}-{day}"])

    # The EDTF parser takes milliseconds a range: a few hundred, with the edge cases named.
    edges = {"2024-03-05/..", "../2024", "2024-21/2024", "0000/2024", "2024-02-30/2024-03", "2024-12/2024-12-31",
             "2024-03-05/2024-03-04", "2024/2023-12-31", "2024-01/2024"}
    ranges = sorted({f"{part()}/{part()}" for _ in range(400)} | edges)
    accepted = 0
    for text in ranges:
        fast = _parsed(text, True, monkeypatch)
        assert fast == _parsed(text, False, monkeypatch), text
        accepted += isinstance(fast, when.EventDate)
    assert accepted > 60  # valid ranges, not only errors, were compared


def test_plain_dates_parse_as_the_edtf_parser_reads_them(monkeypatch):
    """The YYYY[-MM[-DD]] shortcut gives the EDTF parser's answer, or the same error; seasons
    (YYYY-21 to YYYY-24) and year 0000 are the parser's to read, not a crash."""
    rng = random.Random(5)
    years = ["0000", "0001", "1999", "2024", "9999"]
    dates = {rng.choice([y, f"{y}-{rng.randrange(0, 26):02d}", f"{y}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}"])
             for y in years for _ in range(40)}
    dates |= {"2024-21", "2024-24", "2024-25", "2024-00", "2024-13", "0000", "0000-01", "2024-02-29", "2023-02-29"}
    for text in sorted(dates):
        fast = _parsed(text, True, monkeypatch)
        with monkeypatch.context() as patch:
            patch.setattr(when, "_plain_date", lambda _text: None)
            slow = _parsed(text, False, monkeypatch)
        assert fast == slow, text
        assert not (isinstance(fast, tuple) and fast[0] != "DateError"), (text, fast)  # refused clearly, never a crash
    assert _parsed("2024-21", True, monkeypatch).precision == "season"


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


def test_merge_candidates_give_the_match_a_comparison_with_every_incident_gives(tmp_path):
    paths = []
    for i, text in enumerate(make_corpus(80, seed=3)):
        path = tmp_path / "seeds" / f"{i:04d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    extract_seeds(paths, tmp_path / "content")
    state = _RunState.load(tmp_path / "content")
    groups = {}
    parents = state.place_tree()
    assert len(state.events) > 60
    found = 0
    for incident_id, entry in sorted(state.events.items()):
        # Each incident as if a new seed gave it again: what can it be matched with?
        seed_name = f"new-{incident_id}"
        everyone = {i: e for i, e in state.events.items() if i != incident_id and not _same_seed(e, seed_name)}
        # Also as an undated report of it: the generated articles' dates rarely overlap, and an
        # unknown date is what gives possible matches to compare. Each report has its own candidates.
        for report in (entry, {**entry, "date": "unknown"}):
            candidates = {i: e for i, e in state.match_candidates([report], seed_name).items() if i != incident_id}
            assert set(candidates) <= set(everyone)
            expected = find_match(report, everyone, parents, groups)
            assert find_match(report, candidates, parents, groups) == expected
            found += expected is not None
    assert found > 5  # matches were found, not only their absence compared
