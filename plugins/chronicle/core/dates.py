"""Incident dates: what editors write, what precision it has, and how readers see it.

An incident's ``date`` in YAML is one of:

* an EDTF string: ``2024-01-23`` (day), ``2024-01`` (month), ``2024`` (year),
  ``2023-10~`` (approximate), ``2023-10?`` (uncertain),
  ``2024-01-20/2024-01-23`` (range), ``2023-10-15/..`` (open-ended);
* a partial EDTF date whose year is unspecified: ``XXXX-06-03``, ``XXXX-06``
  (a wire dateline "June 3" with no year anywhere): shown as "3 June (year
  unknown)", listed with the undated incidents since it has no place on the timeline;
* ``unknown``;
* a mapping ``{start: EDTF, end: EDTF}`` (a range, either end may be omitted);
* a mapping ``{before: <incident id>, by: days}`` or ``{after: ..., by: weeks}``:
  a date only known relative to another incident.
"""

from __future__ import annotations

import calendar
import functools
import datetime as dt
import re
from dataclasses import dataclass

UNKNOWN = "unknown"
GAPS = ("hours", "days", "weeks", "months", "years")
MONTHS = tuple(calendar.month_name)[1:]


class DateError(ValueError):
    """A date value an editor wrote that cannot be understood."""


@dataclass(frozen=True, slots=True)
class EventDate:
    kind: str  # "edtf", "unknown", "relative"
    text: str  # canonical EDTF text ("" for unknown and relative)
    precision: str  # day, month, year, season, approximate, uncertain, range, relative, unknown
    lower: dt.date | None = None
    upper: dt.date | None = None
    approximate: bool = False
    uncertain: bool = False
    relation: str | None = None  # "before" / "after" for relative dates
    anchor: str | None = None  # incident id a relative date is relative to
    gap: str | None = None  # "days", "weeks", ...

    @property
    def known(self) -> bool:
        return self.lower is not None

    def sort_key(self) -> tuple:
        """Chronological order; unknown dates sort last, deterministically."""
        if self.lower is None:
            return (1, dt.date.max, dt.date.max)
        return (0, self.lower, self.upper or self.lower)

    def iso(self) -> str | None:
        """A machine-readable date for <time datetime>: as precise as known."""
        if self.lower is None:
            return None
        if self.precision in ("day", "approximate", "uncertain") and self.lower == self.upper:
            return self.lower.isoformat()
        if self.precision == "range":
            return None
        if self.lower.year == self.upper.year and self.lower.month == self.upper.month:
            return f"{self.lower.year:04d}-{self.lower.month:02d}"
        if self.lower.year == self.upper.year:
            return f"{self.lower.year:04d}"
        return None

    def label(self) -> str:
        """The date as a reader should see it: never more precise than known."""
        if self.kind == UNKNOWN:
            return "Date unknown"
        if self.kind == "edtf" and self.lower is None and YEARLESS.match(self.text):
            return _yearless_label(self.text)
        if self.kind == "relative":
            when = f"a few {self.gap}" if self.gap else "some time"
            return f"{when} {self.relation}".capitalize()
        prefix = "c. " if self.approximate else ""
        suffix = " (uncertain)" if self.uncertain else ""
        if self.precision == "range" or (self.lower and self.upper and self.lower != self.upper
                                         and self.precision not in ("month", "year", "season")
                                         and not _whole_month(self.lower, self.upper)):
            return prefix + _range_label(self.lower, self.upper) + suffix
        return prefix + _span_label(self.lower, self.upper) + suffix


def _whole_month(lo: dt.date, hi: dt.date) -> bool:
    return (lo.day == 1 and lo.year == hi.year and lo.month == hi.month
            and hi.day == calendar.monthrange(hi.year, hi.month)[1])


def _span_label(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return f"{lo.day} {MONTHS[lo.month - 1]} {lo.year}"
    if _whole_month(lo, hi):
        return f"{MONTHS[lo.month - 1]} {lo.year}"
    if lo == dt.date(lo.year, 1, 1) and hi == dt.date(lo.year, 12, 31):
        return str(lo.year)
    return _range_label(lo, hi)


def _range_label(lo: dt.date | None, hi: dt.date | None) -> str:
    if lo is None and hi is None:
        return "Date unknown"
    if lo is None:
        return f"Until {_span_label(hi, hi)}"
    if hi is None:
        return f"Since {_span_label(lo, lo)}"
    if lo.year == hi.year and lo.month == hi.month:
        return f"{lo.day}–{hi.day} {MONTHS[lo.month - 1]} {lo.year}"
    if lo.year == hi.year:
        return f"{lo.day} {MONTHS[lo.month - 1]} – {hi.day} {MONTHS[hi.month - 1]} {lo.year}"
    return f"{_span_label(lo, lo)} – {_span_label(hi, hi)}"


def _struct_to_date(value) -> dt.date | None:
    if value is None or isinstance(value, float):  # edtf uses inf for open ends
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, AttributeError):
        return None


# A date whose year is unspecified ("XXXX-06-03"): day and month known, year not.
YEARLESS = re.compile(r"^XXXX-(0[1-9]|1[0-2])(?:-(\d{2}))?$")
# Days a month may have in some year (February has 29 in a leap year).
_MOST_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _yearless(text: str) -> EventDate | None:
    """``XXXX-MM-DD`` / ``XXXX-MM``: known to the day or month, with no place on the timeline."""
    match = YEARLESS.match(text)
    if not match:
        return None
    month, day = int(match[1]), match[2] and int(match[2])
    if day is not None and not 1 <= day <= _MOST_DAYS[month - 1]:
        raise DateError(f"'{text}' is not a real date: {MONTHS[month - 1]} never has {day} days")
    return EventDate("edtf", text, "day" if day else "month")


def _yearless_label(text: str) -> str:
    match = YEARLESS.match(text)
    month = MONTHS[int(match[1]) - 1]
    return f"{int(match[2])} {month} (year unknown)" if match[2] else f"{month} (year unknown)"


PLAIN_DATE = re.compile(r"^(?!0000)(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?$")  # seasons (21-24) go to EDTF
PLAIN_MONTHS = re.compile(r"^(?!0000)\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?$")  # a plain date, not a season


def _plain_date(text: str) -> EventDate | None:
    """YYYY, YYYY-MM or YYYY-MM-DD without EDTF's parser: most dates are these,
    and the full parser costs milliseconds a call, which a big site pays per incident."""
    match = PLAIN_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return EventDate("edtf", text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return EventDate("edtf", text, "month", dt.date(year, month, 1), dt.date(year, month, last))
    return EventDate("edtf", text, "day", dt.date(year, month, day), dt.date(year, month, day))


@functools.lru_cache(maxsize=8192)  # pure and immutable result: repeated dates parse once
def parse_edtf_text(text: str) -> EventDate:
    """Parse an EDTF string; raise DateError with a reader-friendly reason."""
    text = text.strip()
    yearless = _yearless(text)
    if yearless is not None:
        return yearless
    _check_calendar(text)
    plain = _plain_date(text) or _plain_range(text)
    if plain is not None:
        if plain.lower and plain.upper and plain.lower > plain.upper:
            raise DateError(f"'{text}' ends before it starts; put the earlier date first")
        return plain
    # Imported here: building its grammar is a sixth of a build's start-up, and most sites'
    # dates are all plain ones.
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError, TypeError) as exc:
        raise DateError(
            f"'{text}' is not a date Chronicle understands; write YYYY-MM-DD, YYYY-MM or YYYY, "
            "add ~ for approximate or ? for uncertain, START/END for a range, or 'unknown'"
        ) from exc
    lower = _struct_to_date(parsed.lower_strict())
    upper = _struct_to_date(parsed.upper_strict())
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    if "/" in text:
        precision = "range"
    elif approximate:
        precision = "approximate"
    elif uncertain:
        precision = "uncertain"
    else:
        precision = getattr(parsed, "precision", None) or "season"
        if precision not in ("day", "month", "year"):
            precision = "season"
    if lower and upper and lower > upper:
        raise DateError(f"'{text}' ends before it starts; put the earlier date first")
    return EventDate("edtf", text, precision, lower, upper, approximate, uncertain)


# Cached apart from parse_edtf_text, whose cache keeps no failures: an unreadable date would otherwise
# go through EDTF's parser (milliseconds) again for the page, every feed and the calendar.
@functools.lru_cache(maxsize=8192)
def published_date(text) -> EventDate | None:
    """A source's `published` or an entry's `updated`: EDTF, read leniently (the schema does not
    check a source's date, and scrapes carry odd ones). None when blank or unreadable."""
    text = str(text).strip() if text is not None else ""
    if not text:
        return None
    try:
        return parse_edtf_text(text)
    except ValueError:  # DateError, and a calendar date that does not exist
        return None


def _plain_range(text: str) -> EventDate | None:
    """START/END, both plain dates, as EDTF's parser reads it (first day of START to last day of
    END) without that parser: extraction writes one such range per "since ..." it reads."""
    start, slash, end = text.partition("/")
    if not slash or not (PLAIN_MONTHS.match(start) and PLAIN_MONTHS.match(end)):
        return None
    first, last = _plain_date(start), _plain_date(end)
    return EventDate("edtf", text, "range", first.lower, last.upper)


def _check_calendar(text: str) -> None:
    """Name impossible calendar dates (2024-02-30) plainly, before EDTF's generic error."""
    for part in text.split("/"):
        core = part.strip().rstrip("~?%")
        bits = core.split("-")
        if len(bits) == 3 and all(b.isdigit() for b in bits):
            year, month, day = (int(b) for b in bits)
            if not 1 <= month <= 12:
                raise DateError(f"'{core}' has no month {month}; months run 01 to 12")
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(
                    f"'{core}' is not a real date: {MONTHS[month - 1]} {year} has {last} days"
                )
        elif len(bits) == 2 and all(b.isdigit() for b in bits) and len(bits[1]) == 2:
            month = int(bits[1])
            if not (1 <= month <= 12 or 21 <= month <= 24):
                raise DateError(f"'{core}' has no month {month}; months run 01 to 12")


def parse_event_date(value) -> EventDate:
    """Build an EventDate from the YAML value of an incident's ``date``."""
    if value is None or (isinstance(value, str) and value.strip().casefold() == UNKNOWN):
        return EventDate(UNKNOWN, "", "unknown")
    if isinstance(value, dt.date):  # YAML may have parsed an unquoted date already
        return parse_edtf_text(value.isoformat())
    if isinstance(value, int):
        return parse_edtf_text(str(value))
    if isinstance(value, str):
        return parse_edtf_text(value)
    if isinstance(value, dict):
        if "start" in value or "end" in value:
            start = _end_text(value.get("start"), "..")
            end = _end_text(value.get("end"), "..")
            result = parse_edtf_text(f"{start}/{end}")
            return result
        for relation in ("before", "after"):
            if relation in value:
                gap = value.get("by")
                if gap is not None and gap not in GAPS:
                    raise DateError(f"'by: {gap}' must be one of {', '.join(GAPS)}")
                return EventDate("relative", "", "relative", relation=relation,
                                 anchor=str(value[relation]), gap=gap)
    raise DateError(
        "date must be an EDTF string (2024-01-23, 2024-01, 2023-10~), 'unknown', "
        "{start: ..., end: ...} or {before: <incident id>, by: days}"
    )


def _end_text(value, default: str) -> str:
    if value is None:
        return default
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def resolve_relative(date: EventDate, anchor: EventDate) -> EventDate:
    """Place a relative date on the calendar using its anchor, approximately.

    "Days before 2024-01-23" becomes roughly 2024-01-13/2024-01-22: used only
    for ordering and for the reader's label, never written back to YAML.
    """
    if date.kind != "relative" or anchor.lower is None:
        return date
    span = {"hours": 1, "days": 10, "weeks": 42, "months": 365, "years": 3650}.get(date.gap or "", 30)
    if date.relation == "before":
        hi = anchor.lower - dt.timedelta(days=1 if date.gap != "hours" else 0)
        lo = anchor.lower - dt.timedelta(days=span)
    else:
        lo = anchor.upper + dt.timedelta(days=1 if date.gap != "hours" else 0)
        hi = anchor.upper + dt.timedelta(days=span)
    return EventDate("relative", date.text, "relative", lo, hi, True, False,
                     date.relation, date.anchor, date.gap)
