"""Dates as articles write them: full dates in text, yearless month-days, and wire datelines.

The first stages share these: ``clean`` recognises date and dateline lines with them,
``metadata`` reads the publication date from them, and ``sentences`` keeps a dateline out of
the first sentence. They sit below all three, so the stages import one way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_NUMBERS["sept"] = 9
MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}){_ORDINAL}\s+({MONTH})\s*,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({MONTH})\s+(\d{{1,2}}){_ORDINAL}\s*,?\s+(\d{{4}})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_MONTH_DAY = re.compile(rf"^({MONTH})\s+(\d{{1,2}}){_ORDINAL}$", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"^(\d{{1,2}}){_ORDINAL}\s+({MONTH})$", re.IGNORECASE)

# A wire dateline at the start of the first paragraph:
#   WASHINGTON, Jan 24 (Reuters) -     Dec. 25 (UPI) --     LONDON (AP) —
#   KYIV, Ukraine, March 3, 2024 (AP) —     (Reuters) -     Kyiv, Ukraine (CNN)The ...
_WORD = r"[A-Z][\w'’.\-]*"
_DATELINE = re.compile(
    rf"""^\s*
    (?:(?P<place>{_WORD}(?:\s+{_WORD}){{0,3}})
       (?:\s*,\s*(?P<region>(?!{MONTH}\s+\d)(?!{WEEKDAY}\b){_WORD}(?:\s+{_WORD}){{0,2}}))?
       \s*,?\s*)?
    (?P<date>(?:{WEEKDAY},?\s+)?(?:{MONTH}\s+\d{{1,2}}{_ORDINAL}(?:,\s*\d{{4}})?|\d{{1,2}}{_ORDINAL}\s+{MONTH}(?:\s+\d{{4}})?)
       |{WEEKDAY})?\s*
    (?:\((?P<agency>{_WORD}(?:\s+(?:&|and|of|for|{_WORD})){{0,5}})\)\s*(?P<agency_dash>-{{1,2}}\s+|[–—]\s*)?
      |(?P<dash>-{{1,2}}\s+|[–—]\s*))
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    place: str | None  # "WASHINGTON", "KYIV, Ukraine"
    date_text: str | None  # "Jan 24", "March 3, 2024"
    agency: str | None  # "Reuters"
    end: int  # where the article text starts after the dateline


def parse_dateline(text: str) -> Dateline | None:
    """The wire dateline opening ``text``, or None.

    Without an agency in brackets, only an ALL-CAPS place followed by a dash
    counts ("LONDON — ..."), so an ordinary sentence is never taken for one.
    """
    match = _DATELINE.match(text)
    if not match:
        return None
    place, agency, date_text = match["place"], match["agency"], match["date"]
    dash = match["dash"] or match["agency_dash"]
    followed_by_text = match.end() < len(text)
    if place and not place.isupper() and place.split()[0] in ("The", "A", "An"):
        return None  # "The United Nations (UN) - ..." is a sentence, not a dateline
    if agency:
        glued = text[match.end() - 1 : match.end()] == ")" and text[match.end() : match.end() + 1].isupper()
        if not (dash or glued) or not followed_by_text:
            return None
    elif not (dash and place and place.isupper() and len(place.replace(" ", "")) >= 3 and followed_by_text):
        return None
    if place and match["region"]:
        place = f"{place}, {match['region']}"
    return Dateline(place=place, date_text=date_text and date_text.strip(), agency=agency, end=match.end())


def strip_dateline(text: str) -> str:
    """``text`` without its opening wire dateline, so it never becomes part of a sentence."""
    dateline = parse_dateline(text)
    return text[dateline.end :] if dateline else text


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name.rstrip(".").casefold()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_text(text: str) -> dt.date | None:
    """A full calendar date written in ``text``, or None when there is no year or it is ambiguous.

    Accepts ISO (``2024-01-24``, ``2024-01-24T10:00:00Z``: the date as written,
    not converted to UTC), ``24 January 2024``, ``Jan 24, 2024``, RFC 2822
    (``Wed, 24 Jan 2024 10:00 GMT``) and ``24/01/2024`` when day and month
    cannot be confused (``03/04/2024`` is refused).
    """
    found = find_full_date(text)
    return found[0] if found else None


def find_full_date(text: str) -> tuple[dt.date | None, re.Match] | None:
    """The first full date form in ``text`` and where it is written (the date None when impossible)."""
    if match := _ISO_DATE.search(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3])), match
    if match := _DAY_MONTH_YEAR.search(text):
        return _safe_date(int(match[3]), _month_number(match[2]), int(match[1])), match
    if match := _MONTH_DAY_YEAR.search(text):
        return _safe_date(int(match[3]), _month_number(match[1]), int(match[2])), match
    if match := _NUMERIC_DATE.search(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if "." in match[0]:
            # Dotted dates (07.09.2026) are written day first wherever they are used.
            return _safe_date(year, second, first), match
        if first == second:
            return _safe_date(year, first, second), match
        if first > 12 >= second:
            return _safe_date(year, second, first), match
        if second > 12 >= first:
            return _safe_date(year, first, second), match
    return None


def parse_month_day(text: str, year: int) -> dt.date | None:
    """A yearless "Jan 24" / "24 January" completed with a year known from elsewhere."""
    if match := _MONTH_DAY.match(text.strip()):
        return _safe_date(year, _month_number(match[1]), int(match[2]))
    if match := _DAY_MONTH.match(text.strip()):
        return _safe_date(year, _month_number(match[2]), int(match[1]))
    return None
