"""What the site search knows about each incident, actor and place, read straight from the site graph.

``site_docs`` turns the graph into ``SearchDoc``s in a fixed order (incidents newest first,
then actors, then places, each A–Z by name), which is also the order results with equal
scores keep. A doc holds its text by field (the index weights a title word far above a
summary word), the record a result shows, and the filter values a reader narrows by.
``search_index`` turns the docs into the files the browser reads.

``tokens`` is the one tokeniser: theme/static/js/search-index.js repeats it step for step,
and tests/site/test_search.py checks that both give the same words for the same text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from chronicle.site.graph import SiteGraph
from chronicle.core.model import Actor, Incident, Place

KIND_INCIDENT, KIND_ACTOR, KIND_PLACE = "Incident", "Actor", "Place"
EXCERPT_CHARS = 160  # of the summary or description, shown under a result
# A Markdown link's target: not words of the text ("[report](https://...)" is the word "report").
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [label](target) -> label
_LINE_MARKS = re.compile(r"^\s*(?:#+|>|[-+] )\s*", re.MULTILINE)  # headings, quotes, list items
_EMPHASIS = str.maketrans("", "", "*`")

# Letters that have no decomposition to a plain letter and a mark, folded by hand (also in JS).
_FOLDS = {"ß": "ss", "ς": "σ", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i",
          "þ": "th", "ð": "d", "ħ": "h"}
# Apostrophes join the letters around them: "O'Brien" is one word, and "Israel's" begins with "israel".
_APOSTROPHES = "'\u2018\u2019\u02bc"
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script (str.isalnum)
# For ASCII text the same steps as bytes.translate: A-Z to a-z, other non-alphanumerics to spaces.
_ASCII_WORDS = bytes((c | 0x20 if chr(c).isalpha() else c) if chr(c).isalnum() else 0x20 for c in range(128)) + b" " * 128


class _NonAsciiFold(dict):
    """str.translate table, filled as characters are met: marks dropped, _FOLDS applied."""

    def __missing__(self, code: int):
        char = chr(code)
        value = None if unicodedata.category(char).startswith("M") else _FOLDS.get(char, code)
        self[code] = value
        return value


_FOLD_TABLE = _NonAsciiFold({ord(a): None for a in _APOSTROPHES})


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index keeps them: compatibility-decomposed (NFKD), marks
    dropped (so "é" is "e"), lower case, a few letters folded, apostrophes removed, then split
    into runs of letters and digits. Hyphens and all other punctuation separate words."""
    if text.isascii():  # the common case: the same result as below, three times as fast
        return text.encode("ascii").translate(_ASCII_WORDS, b"'").decode("ascii").split()
    folded = unicodedata.normalize("NFKD", text).lower().translate(_FOLD_TABLE)
    return _WORD.findall(folded)


# -- the docs --------------------------------------------------------------------------------------

@dataclass(slots=True)
class SearchDoc:
    """One searchable page: its words by field, what a result shows, and its filter values."""

    kind: str  # KIND_INCIDENT, KIND_ACTOR or KIND_PLACE
    id: str
    title: str
    label: str  # incident type, or actor / place kind, as readers see it
    date: str  # the date label readers see; "" for actors and places
    excerpt: str  # start of the summary or description, plain text
    names: tuple[str, ...]  # actor and place names of an incident; aliases of an actor or place
    text: str  # the summary or description, plain text
    filters: tuple[tuple[str, str], ...] = ()  # (filter name, value), incidents only


def month_keys(date, last: tuple[int, int] | None) -> list[str]:
    """Every month ("YYYY-MM") the date overlaps, so a date-range filter is an any-of over months.

    An open-ended date ("since October 2023") runs to the site's last month, no further.
    """
    if date.lower is None:
        return []
    start = (date.lower.year, date.lower.month)
    upper = date.upper or date.lower
    end = (upper.year, upper.month)
    if date.upper is None and last is not None:
        end = max(start, last)
    if last is not None:
        end = min(end, max(start, last))
    keys = []
    year, month = start
    while (year, month) <= end:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def last_month(graph: SiteGraph) -> tuple[int, int] | None:
    """The latest month any incident starts in: where open-ended dates stop."""
    return (graph.months[-1].year, graph.months[-1].month) if graph.months else None


def newest_first(graph: SiteGraph) -> list[Incident]:
    """Incidents by start date, newest first (then the later end first, then title); undated last."""
    def key(incident: Incident):
        date = graph.dates[incident.id]
        if date.lower is None:
            return (1, 0, 0, incident.title.casefold(), incident.id)
        return (0, -date.lower.toordinal(), -(date.upper or date.lower).toordinal(),
                incident.title.casefold(), incident.id)
    return sorted(graph.incidents, key=key)


def incident_doc(incident: Incident, graph: SiteGraph, last: tuple[int, int] | None) -> SearchDoc:
    type_label = graph.type_label(incident.type)
    direct = [role.place for role in graph.incident_places[incident.id]]
    # An incident in a city is also in its region and country, as on the place pages.
    places = {place.id: place.name for place in direct}
    for place in direct:
        places.update((parent.id, parent.name) for parent in graph.place_parents.get(place.id, ()))
    actors = list(dict.fromkeys(role.actor.name for role in graph.incident_actors[incident.id]))
    months = month_keys(graph.dates[incident.id], last)
    filters = [("type", type_label)]
    filters += [("actor", name) for name in actors]
    filters += [("place", name) for name in dict.fromkeys(places.values())]
    filters += [("year", year) for year in dict.fromkeys(m[:4] for m in months)]
    filters += [("month", m) for m in months]
    # The visual timeline's bars: the week and month the incident is drawn in (chart.period_keys).
    filters += [("period", key) for key in graph.periods[incident.id]]
    # Any name an actor or place goes by finds the incident, as the name itself does.
    aliases = [alias for role in graph.incident_actors[incident.id] for alias in role.actor.aliases]
    aliases += [alias for place in direct for alias in place.aliases]
    names = tuple(dict.fromkeys((*actors, *(place.name for place in direct), *aliases)))
    return SearchDoc(KIND_INCIDENT, incident.id, incident.title, type_label, incident.date.label(),
                     excerpt(incident.summary), names, words_of(incident.summary), tuple(filters))


def entity_doc(kind: str, entity: Actor | Place) -> SearchDoc:
    return SearchDoc(kind, entity.id, entity.name, entity.kind.capitalize(), "",
                     excerpt(entity.description), entity.aliases, words_of(entity.description))


def words_of(markdown: str) -> str:
    """Markdown as text to tokenise: link targets dropped (markup characters are not words anyway)."""
    return _LINK_TARGET.sub(" ", markdown) if "](" in markdown else markdown


def excerpt(markdown: str) -> str:
    """The start of a summary or description as plain text, cut at a word (with "…" when cut).

    Only the start is made plain: summaries run to hundreds of words, and this runs for each."""
    head = markdown[:EXCERPT_CHARS + 240]  # room for link targets, which the plain text drops
    plain = head
    if "](" in plain:
        plain = _LINK.sub(r"\1", plain)
    if "\n" in plain or plain.lstrip()[:1] in ("#", ">", "-", "+"):
        plain = _LINE_MARKS.sub("", plain)
    plain = " ".join(plain.translate(_EMPHASIS).split())
    if len(plain) <= EXCERPT_CHARS and len(head) == len(markdown):
        return plain
    return plain[:EXCERPT_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:.-–") + "…"


def site_docs(graph: SiteGraph) -> list[SearchDoc]:
    """Every searchable page in doc-number order: incidents newest first, actors, places."""
    last = last_month(graph)
    content = graph.content
    by_name = lambda entity: (entity.name.casefold(), entity.id)  # noqa: E731
    return ([incident_doc(incident, graph, last) for incident in newest_first(graph)]
            + [entity_doc(KIND_ACTOR, actor) for actor in sorted(content.actors.values(), key=by_name)]
            + [entity_doc(KIND_PLACE, place) for place in sorted(content.places.values(), key=by_name)])
