"""Stage 4: split cleaned paragraphs into sentences that remember their seed line.

Rule-based on purpose: news prose is regular, and a splitter whose mistakes can
be fixed by editing ``data/abbreviations.yaml`` beats a model nobody can tune.
A full stop ends a sentence unless it belongs to an abbreviation, an initial
("J. R. R. Tolkien") or the next word starts in lower case ("...," he said.);
decimals never split because a boundary needs whitespace after the stop.
Lines of a paragraph are joined first, so sentences may span wrapped lines.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path


from chronicle.extract.article import CleanedText, Sentence, TextLine
from chronicle.extract.date_text import parse_dateline
from chronicle.core.datafile import read_rules

DEFAULT_ABBREVIATIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "abbreviations.yaml"
# A possible boundary: stops (or an ellipsis), closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"(\.{2,}|…|[.!?]+)([\"'”’)\]]*)\s+")
_OPENERS = "\"'“‘([«"
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_INITIAL = re.compile(r"[A-Z]")
_TIME_ZONE = re.compile(r"[A-Z]{2,5}|local|Local")


_WINDOW = 200
# No news sentence is this long; text without stops (a scraper's run-on line, a table) is cut
# into pieces at a comma or space so that every later stage works on bounded sentences.
MAX_SENTENCE_CHARS = 1500


def _cap(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    pieces = []
    while hi - lo > MAX_SENTENCE_CHARS:
        window = text[lo : lo + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(", "), window.rfind("; "))
        cut = cut + 1 if cut > MAX_SENTENCE_CHARS // 2 else window.rfind(" ")
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        pieces.append((lo, lo + cut))
        lo += cut
    pieces.append((lo, hi))
    return pieces


@dataclass(frozen=True)
class Abbreviations:
    """``abbreviations.yaml``: lower-case words without their final stop."""

    not_final: frozenset[str]
    before_number: frozenset[str]
    may_end: frozenset[str]
    time_suffixes: frozenset[str]
    sentence_openers: frozenset[str]


def load_abbreviations(path: Path | None = None) -> Abbreviations:
    data = read_rules(path or DEFAULT_ABBREVIATIONS_FILE)
    return Abbreviations(*(frozenset(str(w).casefold() for w in data[key]) for key in
                           ("not_final", "before_number", "may_end", "time_suffixes", "sentence_openers")))


@functools.cache
def default_abbreviations() -> Abbreviations:
    """The packaged list, read once per process (immutable)."""
    return load_abbreviations()


def _next_word(text: str) -> str:
    match = re.match(r"\W*(\w+)", text)
    return match.group(1) if match else ""


def is_boundary(before: str, stop: str, closing: str, after: str, abbreviations: Abbreviations) -> bool:
    """Whether ``before + stop + closing`` ends a sentence, given the text ``after`` it."""
    first = after.lstrip(_OPENERS)[:1]
    if not first or first.islower():
        return False  # "...," he said. / "e.g. floods" / "... and then"
    if stop != "." or closing:
        return True  # ! ? ellipses, and a stop inside a closing quote
    token = before.split()[-1].lstrip(_OPENERS) if before.split() else ""
    key = token.casefold()
    if _INITIAL.fullmatch(token) or key in abbreviations.not_final:
        return False
    if key in abbreviations.before_number and first.isdigit():
        return False
    if key in abbreviations.time_suffixes:
        return not _TIME_ZONE.fullmatch(_next_word(after))
    if key in abbreviations.may_end or _DOTTED_ACRONYM.fullmatch(token):
        return _next_word(after).casefold() in abbreviations.sentence_openers
    return True


def split_text(text: str, abbreviations: Abbreviations | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences in one paragraph of text, whitespace trimmed."""
    abbreviations = abbreviations or default_abbreviations()
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        # Only the last word before a stop and the first words after it decide: looking at
        # bounded windows keeps a paragraph of a million characters linear, not quadratic.
        before = text[max(start, match.start() - _WINDOW) : match.start()]
        after = text[match.end() : match.end() + _WINDOW]
        if is_boundary(before, match[1], match[2], after, abbreviations):
            spans.append((start, match.end(2)))
            start = match.end()
    spans.append((start, len(text)))
    spans = [piece for lo, hi in spans for piece in _cap(text, lo, hi)]
    trimmed = []
    for lo, hi in spans:
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            trimmed.append((lo, hi))
    return trimmed


def _join(lines: list[TextLine]) -> tuple[str, list[int]]:
    """A paragraph's lines as one string, with the offset where each line starts."""
    starts, parts, offset = [], [], 0
    for line in lines:
        starts.append(offset)
        parts.append(line.text)
        offset += len(line.text) + 1
    return " ".join(parts), starts


def split_sentences(cleaned: CleanedText, abbreviations: Abbreviations | None = None) -> list[Sentence]:
    """All sentences of the article body, in order, without the opening wire dateline."""
    sentences: list[Sentence] = []
    for paragraph_index, lines in enumerate(cleaned.paragraphs):
        text, line_starts = _join(lines)
        skip = 0
        if paragraph_index == 0 and (dateline := parse_dateline(text)):
            skip = dateline.end
        for lo, hi in split_text(text[skip:], abbreviations):
            line_index = bisect.bisect_right(line_starts, lo + skip) - 1
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=text[skip + lo : skip + hi],
                    paragraph=paragraph_index,
                    lineno=lines[line_index].lineno,
                )
            )
    return sentences
