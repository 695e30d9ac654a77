"""The data that flows between extraction stages.

Each stage is a pure function from one of these to the next:

    seed file --read_seed--> Seed
    Seed --clean--> CleanedText --read_metadata--> ArticleMeta
    CleanedText --split_sentences--> [Sentence]
    [Sentence] + anchor date --find_dates--> [DateMention]
    [Sentence] + actor registry --find_actors--> [ActorMention]
    [Sentence] + place registry/gazetteer --find_places--> [PlaceMention]
    all of the above --build_incidents--> [DraftIncident]  (incidents.py)

Offsets (``start``/``end``) are character offsets into ``Sentence.text``.
``lineno`` is 1-based and refers to the line of the original seed file,
so an editor can find the sentence again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Seed:
    """A raw article as read from ``seeds/``."""

    name: str  # file name, e.g. "000_00a56fd043240499.txt"
    text: str  # decoded text, newlines normalised to "\n"
    sha256: str  # of the raw bytes: an unchanged seed is not extracted again


@dataclass(frozen=True)
class TextLine:
    """A line of article text that survived cleaning."""

    text: str
    lineno: int  # 1-based line in the seed file


@dataclass(frozen=True)
class RemovedLine:
    lineno: int
    text: str
    reason: str  # "caption", "credit", "widget", "promo", "share", "bullet", "advert", ...


@dataclass(frozen=True)
class CleanedText:
    """Article text with scraper noise removed.

    ``paragraphs`` are lists of consecutive kept lines (a blank line in the
    seed ends a paragraph). The header block and the headline are not part of
    ``paragraphs``; they are in ``header`` and ``headline``.
    """

    headline: TextLine | None
    header: dict[str, str]  # lower-cased keys: title, date, source, url (as written)
    paragraphs: list[list[TextLine]]
    removed: list[RemovedLine]
    publisher_hints: list[str]  # publishers named by promos or credits, in order seen


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None
    published: dt.date | None  # None: the publication date is unknown
    published_text: str | None  # the text it came from ("Date: 2024-01-24", "Jan 24")
    publisher: str | None  # "The Telegraph", "Reuters"
    url: str | None  # only http(s) URLs are kept
    agency: str | None  # wire agency from a dateline ("Reuters", "UPI", "AP")
    dateline_place: str | None  # "WASHINGTON" from "WASHINGTON, Jan 24 (Reuters) -"
    # A yearless dateline no stated year completes, as EDTF with the year unspecified
    # ("XXXX-01-24"); None when ``published`` is known or there is no dated dateline.
    published_partial: str | None = None
    # ``published`` is only an "Updated" stamp's day: a bound for "on Wednesday", never a date to
    # give an incident on its own (the story may have appeared days before).
    published_is_update: bool = False


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article, 0-based
    text: str
    paragraph: int  # 0-based paragraph index
    lineno: int  # 1-based seed line where the sentence starts


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence and what it resolves to."""

    sentence: int  # Sentence.index
    start: int
    end: int
    text: str  # the span as written ("said Tuesday" -> "Tuesday")
    # Resolved value as an EDTF string ("2024-01-23", "2024-01", "2023-10-15~",
    # "2023-10-15/2024-01-24"), or None when it cannot be resolved (no anchor).
    value: str | None
    # "day", "month", "year", "approximate", "range", "relative", "unknown"
    precision: str
    # For expressions relative to another event rather than to the publication
    # date ("days after", "days before", "weeks later"): "before" / "after",
    # with the rough gap ("days", "weeks", "months"). None otherwise.
    relation: str | None = None
    gap: str | None = None


@dataclass(frozen=True)
class ActorMention:
    sentence: int
    start: int
    end: int
    text: str  # as written: "Ketaeb Hezbollah", "American troops", "Mr Austin"
    actor_id: str  # registry id, or a new slug for an actor the registry lacks
    name: str  # canonical name: "Kataib Hezbollah"
    kind: str  # state, armed group, person, organisation, military, government, ...
    known: bool  # True when resolved from the registry (or the built-in states list)
    how: str  # "alias", "transliteration", "demonym", "metonym", "title", "keyword", "name"
    title: str | None = None  # "Defence Secretary" for a person found by title
    alias_proposals: tuple[str, ...] = ()  # registry ids this may be a spelling of (fuzzy)


@dataclass(frozen=True)
class PlaceMention:
    sentence: int
    start: int
    end: int
    text: str  # as written: "western Iraq", "Baghdad"
    place_id: str  # slug id of the place
    name: str  # canonical name: "Iraq", "Baghdad"
    kind: str  # country, region, city, site, area
    known: bool  # found in the registry or the gazetteer
    qualifier: str | None = None  # "western" for "western Iraq"
    # The parent chain, most specific first, as (id, name, kind) triples:
    # Baghdad -> (("baghdad-governorate", "Baghdad", "region"), ("iraq", "Iraq", "country"))
    parents: tuple[tuple[str, str, str], ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2


@dataclass
class Evidence:
    field: str  # "title", "date", "type", "actors", "places", "casualties", ...
    text: str  # the sentence
    lineno: int


@dataclass
class ExtractedArticle:
    """Everything the stages found in one seed, before incidents are built."""

    seed: Seed
    meta: ArticleMeta
    cleaned: CleanedText
    sentences: list[Sentence]
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
