"""Stage 3: who published an article, when, and from where (``ArticleMeta``).

The publication date anchors every relative date later on ("on Tuesday"), so a
wrong one is worse than none: dates are read only from the header, a labelled or
bare date stamp line ("Published 3 June 2024", "Mon 3 Jun 2024 10.15 BST"), or a
wire dateline; a yearless dateline ("Jan 24") is completed only from a year stated
elsewhere (header, URL path, a stamp, or the caller), and is otherwise kept as a
partial date (``XXXX-01-24``); nothing is ever guessed. An "Updated" stamp is
only the anchor of last resort: a story may be updated days after it appeared.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from chronicle.extract.article import ArticleMeta, CleanedText
from chronicle.extract.date_text import WEEKDAY, find_full_date, parse_date_text, parse_dateline, parse_month_day
from chronicle.core.datafile import read_rules

DEFAULT_DATES_FILE = Path(__file__).resolve().parent.parent / "data" / "dates.yaml"

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


# -- date stamps: a line that only says when the page was published or updated -------------------

@dataclass(frozen=True)
class StampRules:
    """The stamp vocabulary of ``dates.yaml``: labels before a page's date, and words beside it."""

    publication_labels: tuple[str, ...]
    update_labels: tuple[str, ...]
    words: frozenset[str]
    source_labels: tuple[str, ...] = ()


def load_stamp_rules(path: str | Path | None = None) -> StampRules:
    raw = read_rules(path or DEFAULT_DATES_FILE)
    return StampRules(tuple(str(w).casefold() for w in raw.get("publication_labels", ())),
                      tuple(str(w).casefold() for w in raw.get("update_labels", ())),
                      frozenset(str(w).casefold() for w in raw.get("stamp_words", ())),
                      tuple(str(w).casefold() for w in raw.get("source_labels", ())))


@functools.cache
def default_stamp_rules() -> StampRules:
    """The packaged stamp vocabulary, read once per process (the result is immutable)."""
    return load_stamp_rules()


@dataclass(frozen=True)
class Stamp:
    kind: str  # "published" (labelled), "updated", or "plain" (a date line with no label)
    date: dt.date
    text: str  # the line as written


_TIME = re.compile(r"\b\d{1,2}(?:[:.h]\d{2}(?::\d{2})?)?\s*(?:[ap]\.?m\.?)?(?![\w/])", re.IGNORECASE)
# Parts of one stamp line: "Published June 3, 2024 | Updated June 4, 2024", "By Jane Roe | June 3, 2024".
_STAMP_PARTS = re.compile(r"\s+[|•·]\s+")
# "Posted 15/08/2026 at 22:31 by Oliver Grant in Birmingham": who wrote it, and where, may
# follow the stamp's date.
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|el|da|di|le|la|bin))*"
_BYLINE_TAIL = re.compile(rf"\b[Bb]y\s+{_NAME}(?:\s+and\s+{_NAME})?(?:\s*,?\s+in\s+{_NAME})?\s*$")
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}$")
_WEEKDAY_WORD = re.compile(rf"\b{WEEKDAY}(?!\w)", re.IGNORECASE)
_STAMP_MAX_WORDS = 14


def _label_kind(text: str, rules: StampRules) -> tuple[str, str]:
    """("published" | "updated" | "plain", the text after the label)."""
    match = _label_pattern(rules.update_labels, rules.publication_labels).match(text)
    if not match:
        return "plain", text
    return ("updated" if match["updated"] else "published"), text[match.end():]


@functools.lru_cache(maxsize=8)
def _label_pattern(update_labels: tuple[str, ...], publication_labels: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every label, longest first: "last updated" before "updated"."""
    def alternation(labels):
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(labels, key=lambda w: (-len(w), w))) \
            or "(?!)"
    return re.compile(rf"(?:(?P<updated>{alternation(update_labels)})|(?P<published>{alternation(publication_labels)}))"
                      r"\b\s*(?:on|at)?\s*:?", re.IGNORECASE)


def read_stamp(text: str, rules: StampRules | None = None) -> Stamp | None:
    """The stamp a short line is, or None: a full date, perhaps labelled, with nothing else but a time.

    "Published 3 June 2024", "Updated: June 4, 2024 at 10:15 a.m. EDT" and "Mon 3 Jun
    2024 10.15 BST" are stamps; "The court met on 3 June 2024." is a sentence.
    """
    rules = rules or default_stamp_rules()
    text = text.strip()
    if not text or len(text.split()) > _STAMP_MAX_WORDS:
        return None
    kind, rest = _label_kind(text, rules)
    found = find_full_date(rest)
    if found is None or found[0] is None:
        return None
    date, match = found
    leftover = _TIME.sub(" ", _WEEKDAY_WORD.sub(" ", rest[: match.start()] + " " + rest[match.end():]))
    leftover = _BYLINE_TAIL.sub(" ", leftover)
    words = [w for w in re.split(r"[\s,|/()\-–—·•]+", leftover.casefold()) if w.strip(".")]
    if any(w not in rules.words and w.strip(".") not in rules.words for w in words):
        return None
    return Stamp(kind, date, text)


def find_stamps(cleaned: CleanedText, rules: StampRules | None = None) -> list[Stamp]:
    """Date stamps near the top of an article, in the order they appear: lines cleaning removed
    above its second paragraph (as timestamps, or as captions under the headline), and short
    date-only lines in its first paragraphs."""
    rules = rules or default_stamp_rules()
    top = cleaned.paragraphs[1][0].lineno if len(cleaned.paragraphs) > 1 else float("inf")
    lines = [(r.lineno, r.text) for r in cleaned.removed if r.reason == "timestamp" or r.lineno < top]
    lines += [(line.lineno, line.text) for paragraph in cleaned.paragraphs[:3] for line in paragraph]
    if cleaned.headline is not None:  # a stamp line taken for the headline still dates the page
        lines.append((cleaned.headline.lineno, cleaned.headline.text))
    stamps = [stamp for _lineno, text in sorted(lines) for stamp in line_stamps(text, rules)]
    last = cleaned.paragraphs[-1] if cleaned.paragraphs else []
    credits = (read_source_line(line.text, rules) for line in last)
    return stamps + [stamp for stamp in credits if stamp is not None]


_SOURCE_LINE_MAX_WORDS = 30


def read_source_line(text: str, rules: StampRules | None = None) -> Stamp | None:
    """A closing credit that dates the article: "Reported by Shafaq News, January 4, 2024: <url>"."""
    rules = rules or default_stamp_rules()
    lowered = text.strip().casefold()
    if len(lowered.split()) > _SOURCE_LINE_MAX_WORDS or not any(
            re.match(rf"{re.escape(label)}\b", lowered) for label in rules.source_labels):
        return None
    found = find_full_date(re.sub(r"https?://\S+", " ", text))
    return Stamp("published", found[0], text.strip()) if found and found[0] else None


def line_stamps(text: str, rules: StampRules | None = None) -> list[Stamp]:
    """The stamps on one line: the line itself, or each part of a line of stamps and a byline."""
    rules = rules or default_stamp_rules()
    whole = read_stamp(text, rules)
    if whole is not None:
        return [whole]
    parts = _STAMP_PARTS.split(text.strip())
    stamps = [read_stamp(part, rules) for part in parts]
    if len(parts) < 2 or not any(stamps) or \
            not all(stamp or _BYLINE.match(part) for part, stamp in zip(parts, stamps)):
        return []
    return [stamp for stamp in stamps if stamp is not None]




def http_url(url: str | None) -> str | None:
    """The URL if it is http(s) with a host; ``javascript:``, ``file:`` and bare paths are dropped."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _stated_year(header: dict[str, str], url: str | None, known_year: int | None) -> int | None:
    """A year the article states outside the dateline: caller, header date, or URL path."""
    if known_year:
        return known_year
    for text in (header.get("date", ""), urlsplit(url).path if url else ""):
        if match := _YEAR.search(text):
            return int(match[1])
    return None


def _complete_from_stamp(month_day: str, stamp: Stamp) -> dt.date | None:
    """A yearless dateline completed with a stamp's year; the year before when that would put
    the dateline after the stamp ("Dec 31" under "Updated 2 January 2025")."""
    date = parse_month_day(month_day, stamp.date.year)
    if date is not None and date > stamp.date:
        date = parse_month_day(month_day, stamp.date.year - 1)
    return date


def partial_date(month_day: str) -> str | None:
    """A yearless "June 3" as EDTF with the year unspecified: ``XXXX-06-03``."""
    date = parse_month_day(month_day, 2000)  # a leap year: 29 February is a real day
    return f"XXXX-{date.month:02d}-{date.day:02d}" if date else None


def _first_paragraph_text(cleaned: CleanedText) -> str:
    return " ".join(line.text for line in cleaned.paragraphs[0]) if cleaned.paragraphs else ""


def read_metadata(cleaned: CleanedText, known_year: int | None = None,
                  stamp_rules: StampRules | None = None) -> ArticleMeta:
    """Title, publication date, publisher, URL and dateline of a cleaned article.

    Evidence for the publication date, strongest first: the ``Date:`` header, a
    "Published" stamp, a dateline with its year, a bare date stamp line, a yearless
    dateline completed with a year stated elsewhere, an "Updated" stamp.
    ``known_year`` lets a caller that knows the year (e.g. from a feed) complete
    a yearless dateline. When a dateline date cannot be completed, ``published``
    is None, ``published_partial`` holds it with the year unspecified
    (``XXXX-01-24``) and ``published_text`` what was written ("Jan 24").
    """
    header = cleaned.header
    url = http_url(header.get("url"))
    dateline = parse_dateline(_first_paragraph_text(cleaned))
    stamps = find_stamps(cleaned, stamp_rules)
    stamp_of = {kind: next((s for s in stamps if s.kind == kind), None) for kind in ("published", "plain", "updated")}

    published: dt.date | None = None
    published_text: str | None = None
    published_partial: str | None = None
    header_is_update = False
    if header.get("date"):
        published_text = f"Date: {header['date']}"
        published = parse_date_text(header["date"])
        # Cleaning may fill the header's date from a stamp line: say what the page wrote, and
        # keep an "Updated" stamp for what it is when no other stamp gives that day.
        same_day = [s for s in stamps if s.date == published]
        if same_day:
            published_text = next((s for s in same_day if s.kind != "updated"), same_day[0]).text
            header_is_update = all(s.kind == "updated" for s in stamps)
    if header_is_update:
        # Only an update's day: any other evidence comes first, and it is the last resort.
        published, published_text, header = None, None, {k: v for k, v in header.items() if k != "date"}
    if published is None and stamp_of["published"]:
        published, published_text = stamp_of["published"].date, stamp_of["published"].text
    dateline_date = dateline.date_text if dateline and dateline.date_text else None
    if published is None and dateline_date and parse_date_text(dateline_date):
        published, published_text = parse_date_text(dateline_date), dateline_date
    if published is None and stamp_of["plain"]:
        published, published_text = stamp_of["plain"].date, stamp_of["plain"].text
    if published is None and dateline_date:
        month_day = re.sub(rf"^{WEEKDAY},?\s+", "", dateline_date)
        year = _stated_year(header, url, known_year)
        if year:
            published = parse_month_day(month_day, year)
        elif stamp_of["updated"]:
            published = _complete_from_stamp(month_day, stamp_of["updated"])
        if published is None:
            published_partial = partial_date(month_day)
        if published is not None or not re.fullmatch(WEEKDAY, dateline_date):
            published_text = dateline_date
    updated_only = published is None and published_partial is None and stamp_of["updated"] is not None
    if updated_only:
        published, published_text = stamp_of["updated"].date, stamp_of["updated"].text

    publisher = (header.get("source") or "").strip() or (dateline and dateline.agency) or None
    if publisher is None and cleaned.publisher_hints:
        publisher = cleaned.publisher_hints[0]
    title = (header.get("title") or "").strip() or (cleaned.headline.text if cleaned.headline else None)
    return ArticleMeta(
        title=title,
        published=published,
        published_text=published_text,
        publisher=publisher,
        url=url,
        agency=dateline.agency if dateline else None,
        dateline_place=dateline.place if dateline else None,
        published_partial=published_partial,
        published_is_update=updated_only,
    )
