"""The core's fast paths give exactly what the plain ways they replace gave.

Each shortcut taken for speed (issue 8) is checked here against the straightforward computation it
stands for, on real inputs: every Unicode code point (ids), the shipped data files (rule files), and
random and edge-case dates (EDTF). Extraction's own fast paths are in tests/extract/test_fast_paths.py.
"""

from __future__ import annotations

import random

import pytest
import yaml
from unidecode import unidecode

import chronicle.core.dates as when
from chronicle.core.datafile import parse_rules
from chronicle.core.ids import to_ascii
from support import REPO

# The Basic Multilingual Plane, and a sample of the planes above it (no shortcut reaches those).
CODE_POINTS = [chr(c) for c in (*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97))]


def test_to_ascii_is_unidecode_for_every_character_and_for_mixed_names():
    assert [c for c in CODE_POINTS if to_ascii(f"a{c}b") != unidecode(f"a{c}b")] == []
    rng = random.Random(5)
    pool = [chr(c) for c in (*range(0x20, 0x300), *range(0x1E00, 0x1F10), *range(0x2000, 0x2080))] + list("中بЖ")
    names = ["".join(rng.choice(pool) for _ in range(rng.randrange(1, 15))) for _ in range(20000)]
    assert [n for n in names if to_ascii(n) != unidecode(n)] == []


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
