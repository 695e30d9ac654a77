"""Find date expressions in sentences and resolve them against the publication date.

Own regular expressions, built from the vocabulary in ``data/dates.yaml``, find
the spans; plain calendar arithmetic resolves them (no free-text parser runs over
whole sentences: promos like "1 month, then 1 year for just $9" are not dates).

Every resolved value is an EDTF string that ``chronicle.core.dates.parse_edtf_text``
accepts. ``DateMention.precision`` says how the extractor got it:

* ``day`` / ``month`` / ``year``: an exact calendar unit (2024-01-23, 2024-01, 2024);
* ``range``: an exact interval ("this week" -> 2024-01-22/2024-01-28,
  "since mid-October" -> 2023-10-15~/2024-01-24, the start approximate);
* ``approximate``: a vague period, written with ``~`` so readers see "c.":
  "mid-October" -> 2023-10-11~/2023-10-20~, "late last year" -> 2023-10~/2023-12~,
  "two weeks ago" -> 2024-01-10~;
* ``relative``: tied to another event ("days after"): value None, with
  ``relation`` and ``gap``;
* ``unknown``: found, but cannot be placed without the publication date.

Conventions (news reporting): a weekday or yearless date in a report is the most
recent one, unless its clause looks forward ("will", "is due to", "next").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


from chronicle.extract.article import DateMention, Sentence
from chronicle.core.dates import DateError, parse_edtf_text
from chronicle.core.datafile import read_rules

DEFAULT_RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "dates.yaml"


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class DateRules:
    """The editable vocabulary of ``dates.yaml``, plus the patterns built from it.

    All fields are tuples so the rules are immutable and can be shared freely;
    ``dataclasses.replace(rules, day_first=False)`` gives a variant.
    """

    day_first: bool
    months: tuple[tuple[int, tuple[str, ...]], ...]
    weekdays: tuple[tuple[int, tuple[str, ...]], ...]
    day_parts: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    vague_parts: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...]
    vague_words: tuple[tuple[str, str], ...]
    numbers: tuple[tuple[str, int], ...]
    vague_numbers: tuple[str, ...]
    units: tuple[tuple[str, str], ...]
    relations: tuple[tuple[str, str], ...]
    relation_phrases: tuple[tuple[str, str, str], ...]
    recent_days: tuple[tuple[str, int], ...]
    future_cues: tuple[str, ...]
    month_nouns: tuple[str, ...] = ()
    patterns: _Patterns = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", _compile(self))

    def month_number(self, word: str) -> int:
        key = word.rstrip(".").casefold()
        return next(n for n, names in self.months for name in names if name.casefold() == key)

    def weekday_number(self, word: str) -> int:
        key = word.casefold()
        return next(n for n, names in self.weekdays for name in names if name.casefold() == key)

    def count(self, word: str | None) -> tuple[int, bool]:
        """A count word or digits -> (number, vague). No count reads as "a few"."""
        if not word:
            return dict(self.numbers).get("a few", 3), True
        key = " ".join(word.casefold().split())
        if key.isdigit():
            return int(key), False
        return dict(self.numbers)[key], key in self.vague_numbers

    def unit(self, word: str) -> str:
        return dict(self.units)[word.casefold()]

    def vague_part(self, word: str) -> tuple[tuple[int, int], tuple[int, int]]:
        part = dict(self.vague_words)[" ".join(word.casefold().split())]
        days, months = next((d, m) for name, d, m in self.vague_parts if name == part)
        return days, months


def load_date_rules(path: str | Path | None = None) -> DateRules:
    """Read the date vocabulary; the packaged ``data/dates.yaml`` by default."""
    raw = read_rules(path or DEFAULT_RULES_PATH)
    return DateRules(
        day_first=bool(raw.get("day_first", True)),
        months=_numbered(raw["months"]),
        weekdays=_numbered(raw["weekdays"]),
        day_parts=tuple(raw.get("day_parts", ())),
        year_prepositions=tuple(raw.get("year_prepositions", ())),
        vague_parts=tuple(
            (name, tuple(spec["days"]), tuple(spec["months"]))
            for name, spec in raw["vague_parts"].items()
        ),
        vague_words=tuple((str(k).casefold(), str(v)) for k, v in raw["vague_words"].items()),
        numbers=tuple((str(k).casefold(), int(v)) for k, v in raw["numbers"].items()),
        vague_numbers=tuple(str(w).casefold() for w in raw.get("vague_numbers", ())),
        units=tuple((str(k).casefold(), str(v)) for k, v in raw["units"].items()),
        relations=tuple((str(k).casefold(), str(v)) for k, v in raw["relations"].items()),
        relation_phrases=tuple(
            (str(k).casefold(), str(v[0]), str(v[1])) for k, v in raw.get("relation_phrases", {}).items()
        ),
        recent_days=tuple((str(k), int(v)) for k, v in raw.get("recent_days", {}).items()),
        future_cues=tuple(str(w) for w in raw.get("future_cues", ())),
        month_nouns=tuple(str(w) for w in raw.get("month_nouns", ())),
    )


def _numbered(mapping: dict) -> tuple[tuple[int, tuple[str, ...]], ...]:
    return tuple(sorted((int(k), tuple(str(n) for n in v)) for k, v in mapping.items()))


# ------------------------------------------------------------------------ patterns


def _alt(words, *, capitalised: bool = False) -> str:
    """A regex alternation, longest first; case-insensitive unless ``capitalised``.

    Capitalised words (month and weekday names) match as written or in capitals,
    so "march 20 miles" is not a date but "MARCH 20" in a headline is.
    """
    forms: set[str] = set()
    for word in words:
        forms.update((word, word.upper()) if capitalised else (word,))
    body = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(forms, key=lambda w: (-len(w), w))
    )
    return f"(?:{body})" if capitalised else f"(?i:{body})"


@dataclass(frozen=True)
class _Patterns:
    """Compiled patterns, each paired with the handler that resolves its matches."""

    rules: tuple[tuple[re.Pattern[str], str], ...]
    future: re.Pattern[str]
    since: re.Pattern[str]


def _compile(r: DateRules) -> _Patterns:
    """Build every pattern from the vocabulary; named group ``d`` is the span kept."""
    full = _alt([names[0] for _, names in r.months], capitalised=True)
    month = _alt([n for _, names in r.months for n in names], capitalised=True)
    weekday = _alt([n for _, names in r.weekdays for n in names], capitalised=True)
    wd_prefix = rf"(?:{weekday},?\s+)?"
    year = r"(?:1[89]\d\d|20\d\d)(?!\w|,\d)"
    nw = r"(?![\w])"  # end of word (names may end in ".")
    prep = _alt(r.year_prepositions)
    vague = _alt([w for w, _ in r.vague_words])
    count = rf"(?:\d+|{_alt([w for w, _ in r.numbers])})"
    unit = _alt([w for w, _ in r.units])
    rel = _alt([w for w, _ in r.relations])
    part = _alt(r.day_parts)
    i = "(?i:{})".format
    # "December's mayoral election", "the March vote": a month name modifying
    # an event noun, with at most two lowercase words between them.
    mnoun = _alt(r.month_nouns) if r.month_nouns else ""
    lead = r"(?:[a-z][\w-]*\s+){0,2}"
    today = i(r"(?:earlier|later)\s+today|today|tonight|yesterday|tomorrow")
    table = [
        (r"\b(?P<d>(?P<y>\d{4})-(?P<m>\d{2})-(?P<day>\d{2}))(?![\d-])", "iso"),
        (r"\b(?P<d>(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}))(?!\d)", "numeric"),
        (rf"\b(?:{i('the')}\s+)?(?P<d>{wd_prefix}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:{i('of')}\s+)?"
         rf"(?P<month>{month})\.?{nw}(?:,?\s+(?P<y>{year}))?)", "day_month"),
        (rf"\b(?P<d>{wd_prefix}(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])"
         rf"(?:,?\s+(?P<y>{year}))?)", "day_month"),
        (rf"\b(?P<d>(?P<month>{month})\.?,?\s+(?:{i('of')}\s+)?(?P<y>{year}))", "month_year"),
        (rf"\b{prep}\s+(?P<d>(?P<month>{full}){nw}(?!'s))", "bare_month"),
        (rf"\b(?P<d>(?P<which>{i('last|this|next')})\s+(?P<month>{full}){nw})", "bare_month"),
        *(((rf"\b(?P<d>(?P<month>{full}))['\u2019]s\s+{lead}{mnoun}(?![\w-])", "month_modifier"),
          (rf"\b{i('the')}\s+(?P<d>(?P<month>{full}))\s+{lead}{mnoun}(?![\w-])", "month_modifier"))
         if r.month_nouns else ()),
        (rf"\b{prep}\s+(?P<d>(?P<y>{year}))(?!\s*(?:%|{i('per')}))", "year"),
        (rf"\b(?P<d>(?P<vague>{vague})[-\s]+(?:(?P<month>{full}){nw}(?:,?\s+(?P<y>{year}))?"
         rf"|(?P<vy>{year})|(?P<which>{i('last|this|next')})\s+(?P<what>{i('year|month')})\b))",
         "vague"),
        (rf"\b(?P<d>{today}"
         rf"(?:\s+{part})?|{i('this')}\s+{part})\b", "today"),
        (rf"\b(?P<d>{i('overnight')})\b", "overnight"),
        (rf"\b(?P<d>(?:(?P<when>{i('earlier|later')})\s+)?(?P<which>{i('this|last|next|past')})\s+"
         rf"(?P<what>{i('week|month|year')}))\b", "calendar"),
        (rf"\b(?P<d>(?:(?P<which>{i('this|last|next|the|past')})\s+)(?P<what>{i('weekend')}))\b", "weekend"),
        (rf"\b(?P<d>{i('the')}\s+{i('past|last')}\s+(?:(?P<n>{count})\s+)?(?P<unit>{unit}))\b", "past"),
        (rf"\b(?P<d>{i('recent')}\s+(?P<unit>{unit}))\b", "recent"),
        (rf"\b(?P<d>(?:(?P<n>{count})\s+)?(?P<unit>{unit})\s+{i('ago')})\b", "ago"),
        (rf"\b(?P<d>(?:(?P<which>{i('last|next|this|early|late')})\s+)?(?P<wd>{weekday}){nw}"
         rf"(?:\s+(?P<part>{part})\b)?)", "weekday"),
        (rf"\b(?P<d>(?:(?P<n>{count})\s+)?(?P<unit>{unit})\s+(?P<rel>{rel}))\b", "relation"),
        (rf"\b(?P<d>{_alt([p for p, _, _ in r.relation_phrases])})\b", "relation_phrase"),
    ]
    future = re.compile(rf"\b{_alt(r.future_cues)}(?![\w'])")
    return _Patterns(
        tuple((re.compile(p), name) for p, name in table),
        future,
        re.compile(rf"\b{i('since')}\s+$"),
    )


# ----------------------------------------------------------------------- resolving


@dataclass(frozen=True)
class _Value:
    """A resolved date: EDTF text, precision, and where it starts (for "since")."""

    edtf: str
    precision: str
    start: str


@dataclass(frozen=True)
class _Relation:
    relation: str
    gap: str | None


_UNRESOLVED = "unresolved"  # found, but needs the publication date to be placed

Resolved = _Value | _Relation | str | None


@dataclass(frozen=True)
class _Context:
    sentence: Sentence
    anchor: dt.date | None
    rules: DateRules

    def forward(self, start: int) -> bool:
        """True when the clause before ``start`` looks forward ("will meet on Monday")."""
        text = self.sentence.text
        clause = max(text.rfind(c, 0, start) for c in ",;:()—") + 1
        return bool(self.rules.patterns.future.search(text, clause, start))


def _g(m: re.Match, name: str) -> str | None:
    """A named group, or None when this pattern has no such group or it did not match."""
    return m.groupdict().get(name)


def _day(d: dt.date, approximate: bool = False) -> _Value:
    text = d.isoformat() + ("~" if approximate else "")
    return _Value(text, "approximate" if approximate else "day", text)


def _month(year: int, month: int, approximate: bool = False) -> _Value:
    text = f"{year:04d}-{month:02d}" + ("~" if approximate else "")
    return _Value(text, "approximate" if approximate else "month", text)


def _year(year: int, approximate: bool = False) -> _Value:
    text = f"{year:04d}" + ("~" if approximate else "")
    return _Value(text, "approximate" if approximate else "year", text)


def _interval(lo: dt.date, hi: dt.date) -> _Value:
    """An exact interval; a single day when it is one."""
    if lo == hi:
        return _day(lo)
    return _Value(f"{lo.isoformat()}/{hi.isoformat()}", "range", lo.isoformat())


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _year_for_month(month: int, anchor: dt.date, forward: bool, which: str = "") -> int:
    """The year of a yearless month: the most recent one not after the anchor's month.

    Forward-looking clauses take the next one; "last"/"next" exclude the anchor's month.
    """
    which = which.casefold()
    if which == "this":
        return anchor.year
    if which == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if which == "next" or forward:
        strictly = which == "next"
        later = month > anchor.month or (month == anchor.month and not strictly)
        return anchor.year if later else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _iso(m: re.Match, ctx: _Context) -> Resolved:
    d = _safe_date(int(_g(m, "y")), int(_g(m, "m")), int(_g(m, "day")))
    return _day(d) if d else None


def _numeric(m: re.Match, ctx: _Context) -> Resolved:
    """dd/mm/yyyy or mm/dd/yyyy: a part above 12 decides, else the configured order."""
    a, b, year = int(_g(m, "a")), int(_g(m, "b")), int(_g(m, "y"))
    day_first = ctx.rules.day_first
    if a > 12 >= b:
        day_first = True
    elif b > 12 >= a:
        day_first = False
    day, month = (a, b) if day_first else (b, a)
    d = _safe_date(year, month, day)
    return _day(d) if d else None


def _day_month(m: re.Match, ctx: _Context) -> Resolved:
    month, day = ctx.rules.month_number(_g(m, "month")), int(_g(m, "day"))
    if not 1 <= day <= 31:
        return None
    if _g(m, "y"):
        year = int(_g(m, "y"))
    elif ctx.anchor is None:
        return _UNRESOLVED if day <= 29 or _safe_date(2024, month, day) else None
    else:
        year = _year_for_month(month, ctx.anchor, ctx.forward(m.start("d")))
    d = _safe_date(year, month, day)
    return _day(d) if d else None


def _month_year(m: re.Match, ctx: _Context) -> Resolved:
    return _month(int(_g(m, "y")), ctx.rules.month_number(_g(m, "month")))


def _bare_month(m: re.Match, ctx: _Context) -> Resolved:
    if ctx.anchor is None:
        return _UNRESOLVED
    month = ctx.rules.month_number(_g(m, "month"))
    year = _year_for_month(month, ctx.anchor, ctx.forward(m.start("d")), _g(m, "which") or "")
    return _month(year, month)


def _month_modifier(m: re.Match, ctx: _Context) -> Resolved:
    """A month name used as a modifier; not after a name ("Theresa May's vote")."""
    words = ctx.sentence.text[:m.start()].split()
    possessive = m.group(0)[len(_g(m, "month")):][:1] in "'\u2019"
    if possessive and words and words[-1][:1].isupper():
        # only a sentence-opening preposition may stand capitalised before it
        if len(words) > 1 or words[0].casefold() not in ctx.rules.year_prepositions:
            return None
    return _bare_month(m, ctx)


def _year_only(m: re.Match, ctx: _Context) -> Resolved:
    return _year(int(_g(m, "y")))


def _vague(m: re.Match, ctx: _Context) -> Resolved:
    """early/mid/late October, 2023, last year, this month: an approximate part."""
    days, months = ctx.rules.vague_part(_g(m, "vague"))
    what = (_g(m, "what") or "").casefold()
    if _g(m, "month") or what == "month":
        if _g(m, "y"):
            year, month = int(_g(m, "y")), ctx.rules.month_number(_g(m, "month"))
        elif ctx.anchor is None:
            return _UNRESOLVED
        elif _g(m, "month"):
            month = ctx.rules.month_number(_g(m, "month"))
            year = _year_for_month(month, ctx.anchor, ctx.forward(m.start("d")))
        else:
            delta = {"last": -1, "this": 0, "next": 1}[_g(m, "which").casefold()]
            year, month = _shift_months(ctx.anchor.year, ctx.anchor.month, delta)
        last = _last_day(year, month)
        lo, hi = min(days[0], last), min(days[1], last)
        mid = (lo + hi) // 2
        return _Value(
            f"{year:04d}-{month:02d}-{lo:02d}~/{year:04d}-{month:02d}-{hi:02d}~",
            "approximate",
            f"{year:04d}-{month:02d}-{mid:02d}~",
        )
    if _g(m, "vy"):
        year = int(_g(m, "vy"))
    elif ctx.anchor is None:
        return _UNRESOLVED
    else:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[_g(m, "which").casefold()]
    lo, hi = months
    return _Value(
        f"{year:04d}-{lo:02d}~/{year:04d}-{hi:02d}~", "approximate", f"{year:04d}-{(lo + hi) // 2:02d}~"
    )


def _today(m: re.Match, ctx: _Context) -> Resolved:
    if ctx.anchor is None:
        return _UNRESOLVED
    words = _g(m, "d").casefold().split()
    offset = -1 if "yesterday" in words else 1 if "tomorrow" in words else 0
    return _day(ctx.anchor + dt.timedelta(days=offset))


def _overnight(m: re.Match, ctx: _Context) -> Resolved:
    if ctx.anchor is None:
        return _UNRESOLVED
    return _interval(ctx.anchor - dt.timedelta(days=1), ctx.anchor)


def _calendar(m: re.Match, ctx: _Context) -> Resolved:
    """this/last/next/earlier/later + week/month/year; "past week" is the last 7 days."""
    if ctx.anchor is None:
        return _UNRESOLVED
    a = ctx.anchor
    which, what = _g(m, "which").casefold(), _g(m, "what").casefold()
    when = (_g(m, "when") or "").casefold()
    if which == "past":
        return _past(a, 1, what.rstrip("s") + "s")
    delta = {"last": -1, "next": 1}.get(which, 0)
    if what == "week":
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=delta)
        sunday = monday + dt.timedelta(days=6)
        if when == "earlier" and delta == 0:
            return _interval(monday, a)
        if when == "later" and delta == 0:
            return _interval(a, sunday)
        return _interval(monday, sunday)
    if what == "month":
        return _month(*_shift_months(a.year, a.month, delta))
    return _year(a.year + delta)


def _weekend(m: re.Match, ctx: _Context) -> Resolved:
    """The most recent Saturday-Sunday (cut at the anchor); "next weekend" the coming one."""
    if ctx.anchor is None:
        return _UNRESOLVED
    a = ctx.anchor
    which = _g(m, "which").casefold()
    saturday = a - dt.timedelta(days=(a.weekday() - 5) % 7)
    if which == "last" and a.weekday() >= 5:
        saturday -= dt.timedelta(weeks=1)
    if which == "next" or (which == "this" and ctx.forward(m.start("d"))):
        saturday = a + dt.timedelta(days=(5 - a.weekday()) % 7 or 7)
        if which == "this" and a.weekday() >= 5:
            saturday = a - dt.timedelta(days=a.weekday() - 5)
        return _interval(saturday, saturday + dt.timedelta(days=1))
    return _interval(saturday, min(saturday + dt.timedelta(days=1), a))


def _past(anchor: dt.date, n: int, unit: str) -> _Value:
    """The range from N units before the anchor up to it ("the past 24 hours")."""
    if unit == "hours":
        lo = anchor - dt.timedelta(days=max(1, -(-n // 24)))
    elif unit == "days":
        lo = anchor - dt.timedelta(days=n)
    elif unit == "weeks":
        lo = anchor - dt.timedelta(weeks=n)
    else:
        months = n if unit == "months" else 12 * n
        year, month = _shift_months(anchor.year, anchor.month, -months)
        lo = dt.date(year, month, min(anchor.day, _last_day(year, month)))
    return _interval(lo, anchor)


def _past_span(m: re.Match, ctx: _Context) -> Resolved:
    if ctx.anchor is None:
        return _UNRESOLVED
    unit = ctx.rules.unit(_g(m, "unit"))
    n, _vague_count = ctx.rules.count(_g(m, "n")) if _g(m, "n") else (1, False)
    value = _past(ctx.anchor, n, unit)
    if _g(m, "n") and _vague_count:
        lo = value.start
        return _Value(f"{lo}~/{ctx.anchor.isoformat()}", "approximate", lo + "~")
    return value


def _recent(m: re.Match, ctx: _Context) -> Resolved:
    if ctx.anchor is None:
        return _UNRESOLVED
    unit = ctx.rules.unit(_g(m, "unit"))
    days = dict(ctx.rules.recent_days).get(unit)
    if days is None:
        return None
    lo = (ctx.anchor - dt.timedelta(days=days)).isoformat()
    return _Value(f"{lo}~/{ctx.anchor.isoformat()}", "approximate", lo + "~")


def _ago(m: re.Match, ctx: _Context) -> Resolved:
    """N units ago: days exact (unless the count is vague), longer units approximate."""
    if ctx.anchor is None:
        return _UNRESOLVED
    a = ctx.anchor
    n, vague = ctx.rules.count(_g(m, "n"))
    unit = ctx.rules.unit(_g(m, "unit"))
    if unit == "hours":
        return _day(a - dt.timedelta(days=n // 24), approximate=vague and n >= 24)
    if unit == "days":
        return _day(a - dt.timedelta(days=n), approximate=vague)
    if unit == "weeks":
        return _day(a - dt.timedelta(weeks=n), approximate=True)
    if unit == "months":
        return _month(*_shift_months(a.year, a.month, -n), approximate=True)
    return _year(a.year - n, approximate=True)


def _weekday(m: re.Match, ctx: _Context) -> Resolved:
    """The most recent such weekday (on or before the anchor), or the next when forward."""
    if ctx.anchor is None:
        return _UNRESOLVED
    a = ctx.anchor
    wd = ctx.rules.weekday_number(_g(m, "wd"))
    which = (_g(m, "which") or "").casefold()
    if which == "next" or (which != "last" and ctx.forward(m.start("d"))):
        ahead = (wd - a.weekday()) % 7
        if which == "next" and ahead == 0:
            ahead = 7
        return _day(a + dt.timedelta(days=ahead))
    back = (a.weekday() - wd) % 7
    if which == "last" and back == 0:
        back = 7
    return _day(a - dt.timedelta(days=back))


def _relation(m: re.Match, ctx: _Context) -> Resolved:
    return _Relation(dict(ctx.rules.relations)[_g(m, "rel").casefold()], ctx.rules.unit(_g(m, "unit")))


def _relation_phrase(m: re.Match, ctx: _Context) -> Resolved:
    key = " ".join(_g(m, "d").casefold().split())
    relation, gap = next((r, g) for p, r, g in ctx.rules.relation_phrases if p == key)
    return _Relation(relation, gap)


_HANDLERS: Mapping[str, Callable[[re.Match, _Context], Resolved]] = MappingProxyType({
    "iso": _iso,
    "numeric": _numeric,
    "day_month": _day_month,
    "month_year": _month_year,
    "bare_month": _bare_month,
    "month_modifier": _month_modifier,
    "year": _year_only,
    "vague": _vague,
    "today": _today,
    "overnight": _overnight,
    "calendar": _calendar,
    "weekend": _weekend,
    "past": _past_span,
    "recent": _recent,
    "ago": _ago,
    "weekday": _weekday,
    "relation": _relation,
    "relation_phrase": _relation_phrase,
})


# ------------------------------------------------------------------------- finding


def _checked(value: str) -> bool:
    """Only values chronicle.core.dates accepts leave the extractor."""
    try:
        parse_edtf_text(value)
    except DateError:
        return False
    return True


def _mention(ctx: _Context, start: int, end: int, resolved: Resolved) -> DateMention:
    """Turn a resolved span into a DateMention, widening "since X" into X/anchor."""
    sentence, anchor, rules = ctx.sentence, ctx.anchor, ctx.rules
    text = sentence.text
    since = rules.patterns.since.search(text[:start])
    if since and not isinstance(resolved, _Relation):
        start = since.start()
        if isinstance(resolved, _Value):
            end_text = anchor.isoformat() if anchor else ".."
            candidate = _Value(f"{resolved.start}/{end_text}", "range", resolved.start)
            resolved = candidate if _checked(candidate.edtf) else resolved
    span = text[start:end]
    if isinstance(resolved, _Relation):
        return DateMention(sentence.index, start, end, span, None, "relative",
                           relation=resolved.relation, gap=resolved.gap)
    if isinstance(resolved, _Value) and _checked(resolved.edtf):
        return DateMention(sentence.index, start, end, span, resolved.edtf, resolved.precision)
    return DateMention(sentence.index, start, end, span, None, "unknown")


def _candidates(ctx: _Context) -> Iterator[tuple[int, int, Resolved]]:
    text = ctx.sentence.text
    for pattern, name in ctx.rules.patterns.rules:
        for m in pattern.finditer(text):
            resolved = _HANDLERS[name](m, ctx)
            if resolved is not None:
                yield m.start("d"), m.end("d"), resolved


def _non_overlapping(found: list[tuple[int, int, Resolved]]) -> list[tuple[int, int, Resolved]]:
    """Longest spans win; ties go to the earlier span, then the earlier rule."""
    kept: list[tuple[int, int, Resolved]] = []
    order = sorted(range(len(found)), key=lambda k: (-(found[k][1] - found[k][0]), found[k][0], k))
    for k in order:
        start, end, _ = found[k]
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append(found[k])
    return sorted(kept, key=lambda f: (f[0], f[1]))


def find_dates(sentences: list[Sentence], anchor: dt.date | None,
               rules: DateRules | None = None) -> list[DateMention]:
    """Every date expression in the sentences, resolved against ``anchor``.

    ``anchor`` is the publication date; without it, expressions relative to it
    are still reported, with value None and precision "unknown" (never guessed).
    ``rules`` defaults to the packaged ``dates.yaml``; load it once and pass it
    when extracting many articles.
    """
    rules = rules or load_date_rules()
    mentions: list[DateMention] = []
    for sentence in sentences:
        ctx = _Context(sentence, anchor, rules)
        for start, end, resolved in _non_overlapping(list(_candidates(ctx))):
            mentions.append(_mention(ctx, start, end, resolved))
    return sorted(mentions, key=lambda d: (d.sentence, d.start, d.end))
