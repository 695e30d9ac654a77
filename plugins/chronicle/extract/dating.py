"""The main incident's date: the strongest evidence an article gives, and why.

Evidence, strongest first:

1. the lead's own day expression for the event ("on Wednesday", "overnight",
   "yesterday", "on June 2", "since Saturday"), resolved against the publication
   date by ``temporal.find_dates``. A date tied to the report ("said on Thursday",
   "a Thursday statement") gives way to one that dates the event itself, in the lead
   or in the next sentence ("The strikes on Friday night hit ..."); a night is dated
   to the day it began; a span the report is still in ends at publication;
2. a day in the next sentences, when they tell the main incident's kind of event;
3. the publication date (header, stamp or dated dateline): news reports what has
   just happened, so a lead with no time word is dated to the day it appeared;
4. a yearless dateline ("June 3") with no year anywhere: kept as a partial date,
   ``XXXX-06-03``, rather than dropped;
5. ``unknown``.

Never evidence: date stamp lines, captions ("seen in an image dated Oct. 12"), a
dateline's date, clauses about another, earlier event (past perfect, "after police
arrested him on Tuesday", "in retaliation for the attack last month") and, outside
a day the lead names, dates further from publication than a few days ("seized
territory in 2014"). These rules read sentence role and clause grammar; the words
they use live in ``data/dates.yaml``. Which sentences tell the main incident's kind
of event is the caller's knowledge (the type vocabulary), passed in as a predicate.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from chronicle.core.dates import DateError, parse_edtf_text
from chronicle.extract.article import ArticleMeta, DateMention, Sentence
from chronicle.core.datafile import read_rules
from chronicle.extract.metadata import line_stamps, partial_date

DEFAULT_RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "dates.yaml"

UNKNOWN = "unknown"


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class DatingRules:
    """The ``main_date`` section of ``dates.yaml``, compiled."""

    window_days: int
    body_sentences: int
    undated_lead: str  # "publication" or "approximate"
    speech_before: re.Pattern[str]  # "said on |" ... the mention
    speech_after: re.Pattern[str]  # the mention ... "| statement"
    caption_before: re.Pattern[str]
    background_before: re.Pattern[str]
    earlier_before: re.Pattern[str]
    clause_words: frozenset[str] = frozenset()  # past verbs and relative words: a clause of its own
    future: re.Pattern[str] = re.compile(r"(?!)")  # "will", "is due to": a clause that looks forward
    relative_words: frozenset[str] = frozenset()  # "which", "who": a clause about a noun
    night_words: frozenset[str] = frozenset()  # "overnight": dated to the day the night began
    lead_sentences: int = 2  # sentences of the first paragraph that are the lead
    response_cues: frozenset[str] = frozenset()  # "in retaliation for": always another incident
    weekdays: tuple[tuple[str, int], ...] = ()  # casefolded spelling -> weekday number (Monday 0)
    update_before: re.Pattern[str] = re.compile(r"(?!)")  # "the toll rose to eleven on Sunday": a follow-up's day


def _words(words) -> str:
    return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))


def load_dating_rules(path: str | Path | None = None) -> DatingRules:
    data = read_rules(path or DEFAULT_RULES_PATH)
    raw = data.get("main_date", {})
    weekdays = tuple((str(name).rstrip(".").casefold(), int(n)) for n, names in data.get("weekdays", {}).items()
                     for name in names)
    speech = _words(raw.get("speech_cues", ()))
    times = _words(raw.get("times_of_day", ())) or "(?!)"
    # A cue up to three words before the date: "told reporters on Thursday".
    near = r"\b(?:{})\b(?:\s+[\w'’-]+){{0,3}}?\s+(?:(?:on|at|in|dated|from|of|late|early)\s+)*$"
    return DatingRules(
        window_days=int(raw.get("window_days", 10)),
        body_sentences=int(raw.get("body_sentences", 2)),
        undated_lead=str(raw.get("undated_lead", "publication")),
        speech_before=re.compile(near.format(speech), re.I),
        speech_after=re.compile(rf"^['’]?s?\s+(?:[\w-]+\s+)?(?:{speech})\b", re.I),
        caption_before=re.compile(r"\b(?:{})\b(?:\s+[\w'’-]+){{0,4}}?\s+$".format(_words(raw.get("caption_cues", ()))),
                                  re.I),
        background_before=re.compile(r"\b(?:{})\b".format(_words(raw.get("background_cues", ()))), re.I),
        earlier_before=re.compile(r"\b(?:{})\b(?!\s+(?:{})\b)".format(
            _words(list(raw.get("earlier_cues", ())) + list(raw.get("response_cues", ()))), times), re.I),
        response_cues=frozenset(" ".join(str(w).casefold().split()) for w in raw.get("response_cues", ())),
        weekdays=weekdays,
        clause_words=frozenset(str(w).casefold() for w in raw.get("clause_words", ())),
        relative_words=frozenset(str(w).casefold() for w in raw.get("relative_words", ())),
        night_words=frozenset(str(w).casefold() for w in raw.get("night_words", ())),
        lead_sentences=int(raw.get("lead_sentences", 2)),
        future=re.compile(r"\b(?:{})(?![\w'])".format(_words(data.get("future_cues", ())) or "(?!)"), re.I),
        update_before=re.compile(r"\b(?:{})\b".format(_words(raw.get("update_cues", ())) or "(?!)"), re.I),
    )


@functools.cache
def default_dating_rules() -> DatingRules:
    """The packaged rules, read once per process (the result is immutable)."""
    return load_dating_rules()


# ------------------------------------------------------------------------- result


@dataclass(frozen=True)
class MainDate:
    """The main incident's date and where it came from."""

    value: str  # EDTF ("2024-06-05", "XXXX-06-03", "2024-06-05/2024-06-06") or "unknown"
    source: str  # "lead", "body", "publication", "dateline", "none"
    reason: str  # for the editor: why this evidence and not another
    mention: DateMention | None = None  # the date expression it came from, if any
    sentence: int | None = None  # Sentence.index of that expression
    evidence: str | None = None  # the text it came from when not a sentence ("Date: 2024-06-06")

    @property
    def full(self) -> str | None:
        """The value when it is a full calendar date (not partial, not unknown)."""
        return None if self.value == UNKNOWN or "X" in self.value else self.value


@dataclass(frozen=True)
class _Candidate:
    mention: DateMention
    role: str  # "event", "speech", "update"
    rank: int  # 0 day, 1 a few days, 2 a month or longer
    other_kind: bool = False  # its own clause tells an event not of the main incident's kind


# ---------------------------------------------------------------- sentence roles


_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s")


def _clause_before(text: str, start: int) -> str:
    """The clause a date is in, up to the date: from the last comma, dash or bracket."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    return text[max(breaks, default=0): start]


def is_stamp(sentence: Sentence) -> bool:
    """A line that only says when the page appeared ("Updated 4 June 2024 10:15 GMT")."""
    return bool(line_stamps(sentence.text))


def _about_earlier(before: str, rules: DatingRules) -> bool:
    """Does an earlier-event cue ("after", "in retaliation for") own the date that follows?

    Yes when the date is the cue's own noun's ("after Tuesday's vote") or a clause of its
    own comes between ("after police arrested him on Tuesday"); "evacuated after floods
    in Manila on Tuesday" dates the evacuation.
    """
    cues = list(rules.earlier_before.finditer(before))
    if not cues:
        return False
    between = re.findall(r"[A-Za-z'’]+", before[cues[-1].end():])
    if not between or any(_verb_like(w, rules) for w in between):
        return True
    # "a deadlock that began after elections in November": the cue is inside a relative
    # clause about something else, and so is its date.
    ahead = [w.casefold() for w in re.findall(r"[A-Za-z'’]+", before[: cues[-1].start()])]
    return any(w in rules.relative_words or (w == "that" and i + 1 < len(ahead) and _verb_like(ahead[i + 1], rules))
               for i, w in enumerate(ahead))


def _verb_like(word: str, rules: DatingRules) -> bool:
    """A past-tense verb or a word that opens a clause ("arrested", "broke", "that", "when")."""
    word = word.casefold()
    return word in rules.clause_words or (len(word) > 4 and word.endswith("ed"))


# "Sunday's attack", "the Wednesday attack": the date is part of a name for an event the
# sentence refers to, not the time of what the sentence tells.
_POSSESSIVE_AFTER = re.compile(r"^['’]s\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_NOUN_AFTER = re.compile(r"^\s+[a-z][\w-]*")


# A wire dateline left inside a sentence ("... KATHMANDU, Sept 7 - At least 17 people ..."): its
# date is the filing's, not the event's.
_DATELINE_PLACE_BEFORE = re.compile(r"\b[A-Z]{3,}[A-Z .'’-]*(?:,\s*[A-Z][\w .'’-]*)?,\s*$")
_DATELINE_DASH_AFTER = re.compile(r"^,?\s*(?:\d{4}\s*)?(?:\([^()]{1,40}\)\s*)?(?:-{1,2}|[–—])\s")


def mention_role(sentence: Sentence, mention: DateMention, rules: DatingRules) -> str:
    """What a date in a sentence dates: "event", "named" (a name for an event: "Sunday's attack"),
    "speech" (the report), "update" (a follow-up's news: "the toll rose to eleven on Sunday"),
    "caption", "background", "earlier", "dateline" (the filing's date)."""
    text = sentence.text
    if _DATELINE_DASH_AFTER.match(text[mention.end:]) and _DATELINE_PLACE_BEFORE.search(text[: mention.start]):
        return "dateline"
    before = _clause_before(text, mention.start)
    if rules.caption_before.search(text[: mention.start]) and rules.caption_before.search(before):
        return "caption"
    if _about_earlier(before, rules):
        cue = " ".join(list(rules.earlier_before.finditer(before))[-1].group(0).casefold().split())
        return "since" if cue == "since" else "response" if cue in rules.response_cues else "earlier"
    if rules.background_before.search(before):
        return "background"
    if rules.speech_before.search(before) or rules.speech_after.match(text[mention.end:]):
        return "speech"
    if rules.update_before.search(before):
        return "update"
    after = text[mention.end:]
    if _POSSESSIVE_AFTER.match(after) or (_ARTICLE_BEFORE.search(text[: mention.start])
                                          and _NOUN_AFTER.match(after)):
        return "named"
    return "event"


def _bounds(value: str) -> tuple[dt.date, dt.date] | None:
    try:
        parsed = parse_edtf_text(value)
    except DateError:
        return None
    return (parsed.lower, parsed.upper) if parsed.lower and parsed.upper else None


def _rank(mention: DateMention, in_lead: bool = False) -> int | None:
    """0 a day, 1 a span of a week or less, 2 a month or vaguer; None: cannot date an incident.

    "since Saturday" spans the main incident only in the lead ("46 people have died since
    Saturday"); further down it is a period of background ("in decline since 2019").
    """
    if mention.relation is not None or (mention.text.casefold().startswith("since") and not in_lead):
        return None
    if mention.value is None:
        return 0 if mention.precision == "unknown" else None
    if mention.precision == "year":
        return None
    bounds = _bounds(mention.value)
    if bounds is None:
        return None
    days = (bounds[1] - bounds[0]).days
    return 0 if days == 0 else 1 if days <= 7 else 2 if days <= 62 else None


def _near(mention: DateMention, published: dt.date | None, window: int) -> bool:
    """True when the date could be the news of a report published on ``published``."""
    if published is None or mention.value is None:
        return True
    bounds = _bounds(mention.value)
    if bounds is None:
        return False
    return bounds[0] <= published + dt.timedelta(days=window) and bounds[1] >= published - dt.timedelta(days=window)


_PROSE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_PROSE_MIN_WORDS = 4
_PROSE_RUN_WORDS = 25  # a run this long is text even unfinished (a run-on line cut into pieces)


def _is_prose(sentence: Sentence) -> bool:
    """A finished sentence of some length: not a stamp, a kicker, a headline or a run of teasers."""
    words = len(sentence.text.split())
    finished = bool(_PROSE_END.search(sentence.text)) or words >= _PROSE_RUN_WORDS
    return words >= _PROSE_MIN_WORDS and finished and not is_stamp(sentence)


def lead_indices(sentences: list[Sentence], most: int = 2) -> list[int]:
    """The lead: the first sentences of the first paragraph that opens with prose (page furniture
    left above it, a stamp or a list of headlines, is not the lead; a page scraped without blank
    lines is one paragraph, and its third sentence is body, not lead)."""
    first = next((s for s in sentences if _is_prose(s)), None)
    if first is None:
        return []
    lead = [s.index for s in sentences if s.paragraph == first.paragraph and s.index >= first.index]
    return lead[:most]


def _in_stamp(sentence: Sentence, mention: DateMention, stamp: str | None) -> bool:
    """Is the date part of the page's stamp, run into a sentence ("... Posted 15/08/2026 at 22:31 ...")?"""
    at = sentence.text.find(stamp) if stamp and len(stamp) > 5 else -1
    return at >= 0 and at <= mention.start and mention.end <= at + len(stamp)


def _cue_clause(sentence: Sentence, mention: DateMention, rules: DatingRules) -> str:
    """From the earlier-event cue to the date: "after a landslide swept through X early on Sunday"."""
    before = _clause_before(sentence.text, mention.start)
    cues = list(rules.earlier_before.finditer(before))
    start = mention.start - len(before) + (cues[-1].start() if cues else 0)
    return sentence.text[start: mention.end]


def _candidates(sentences: list[Sentence], indices: list[int], mentions: dict[int, list[DateMention]],
                published: dt.date | None, rules: DatingRules, in_lead: bool = False,
                stamp: str | None = None, is_main_kind: Callable[[str], bool] | None = None) -> list[_Candidate]:
    """Dates that may be the main incident's in these sentences, with their role and rank.

    ``in_lead``: a day the lead names is the event's however late the report ("on March
    3"); a vaguer date there, and any date further down, must lie near publication.
    """
    found = []
    by_index = {s.index: s for s in sentences}
    for index in indices:
        for mention in mentions.get(index, []):
            role = mention_role(by_index[index], mention, rules)
            if role == "earlier" and in_lead and is_main_kind and is_main_kind(_cue_clause(by_index[index], mention,
                                                                                        rules)):
                role = "event"  # "17 killed after a landslide swept through X on Sunday": the landslide is it
            if role == "since" and in_lead and published and mention.value:
                # "died since the heatwave began on Saturday": the main incident runs from then on.
                start = _bounds(mention.value)
                if start and start[0] < published:
                    mention = replace(mention, value=f"{start[0].isoformat()}/{published.isoformat()}",
                                      precision="range")
                    role = "event"
            rank = _rank(mention, in_lead)
            if rank is None or not ((in_lead and rank == 0) or _near(mention, published, rules.window_days)):
                continue
            if _in_stamp(by_index[index], mention, stamp):
                continue
            if role == "named" and in_lead:
                role = "event"  # the lead's "the Wednesday attack" is the one it reports
            if role in ("event", "speech", "update"):
                other_kind = bool(in_lead and is_main_kind) and not is_main_kind(
                    _own_clause(by_index[index], mention, mentions.get(index, [])))
                found.append(_Candidate(mention, role, rank, other_kind))
    return found


def _own_clause(sentence: Sentence, mention: DateMention, mentions: list[DateMention]) -> str:
    """The words a date closes: from the date before it in the sentence (or the sentence's start)
    to it. "Mourners attended the funerals on Thursday | of the workers killed when drones struck
    the refinery on Wednesday": each day has its own event."""
    start = max((m.end for m in mentions if m.end <= mention.start), default=0)
    return sentence.text[start: mention.start]


def _best(candidates: list[_Candidate], published: dt.date | None) -> _Candidate | None:
    """The event's own date before the report's; a day or a few days before a month; then a date
    whose own clause tells the main incident's kind of event before one that tells another (a
    follow-up's funeral, inquiry or vote count); then text order.

    A date after publication ("will meet on Monday") dates the event only when nothing else does.
    """
    def key(c: _Candidate):
        bounds = _bounds(c.mention.value) if c.mention.value else None
        ahead = bool(published and bounds and bounds[0] > published)
        precise = c.rank <= 1
        return (ahead, not precise, c.role != "event", c.other_kind, c.rank, c.mention.sentence, c.mention.start)
    return min(candidates, key=key, default=None)


# ------------------------------------------------------------------- partial dates


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1}


def _shift_partial(partial: str, days: int) -> str | None:
    """``XXXX-06-03`` moved by ``days``; None when the move depends on the year (back across 1 March)."""
    month, day = int(partial[5:7]), int(partial[8:10])
    if days == 0:
        return partial
    if days < 0 and (month, day) == (3, 1) or (month, day) == (2, 29):
        return None
    moved = dt.date(2001, month, day) + dt.timedelta(days=days)
    return f"XXXX-{moved.month:02d}-{moved.day:02d}"


def _partial_of(mention: DateMention | None, dateline: str | None) -> str | None:
    """A yearless date for a lead expression, or for a lead with none: the dateline's day.

    "on June 2" is its own partial date; "yesterday" is the day before the dateline's;
    a weekday cannot be placed without the year, but a wire lead's weekday is in the
    common case the dateline's day, and a partial date claims no more than that.
    """
    if mention is None:
        return dateline
    text = re.sub(r"^\w+day,?\s+", "", mention.text.strip(), flags=re.I)
    if re.search(r"\d", text):
        return partial_date(text)
    if dateline is None:
        return None
    words = mention.text.casefold().split()
    shift = next((_RELATIVE_DAYS[w] for w in words if w in _RELATIVE_DAYS), None)
    if shift is not None:
        return _shift_partial(dateline, shift)
    return dateline if re.search(r"day\b|overnight", mention.text, re.I) else None


# ------------------------------------------------------------------------ resolving


def _by_sentence(mentions: list[DateMention]) -> dict[int, list[DateMention]]:
    grouped: dict[int, list[DateMention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.sentence, []).append(mention)
    return grouped


def _until_published(value: str, published: dt.date | None) -> str:
    """A calendar span the report is still in ("this week" on a Wednesday) ends at publication:
    what it reports has happened by then."""
    bounds = _bounds(value) if "/" in value else None
    if published is None or bounds is None or not bounds[0] <= published < bounds[1]:
        return value
    start = value.split("/")[0]
    return f"{start}/{published.isoformat()}" if bounds[0] < published else published.isoformat()


def _night_of(night: DateMention, candidates: list[_Candidate]) -> str | None:
    """The day a night began: the day before the report's day in the same sentence, or before
    the publication date the night is resolved against."""
    reported = [c.mention for c in candidates if c.role == "speech" and c.rank == 0 and c.mention.value
                and c.mention.sentence == night.sentence]
    bounds = _bounds(reported[0].value) if reported else _bounds(night.value or "")
    if bounds is None:
        return None
    day = bounds[0] - dt.timedelta(days=1) if reported else bounds[0]
    return day.isoformat()


def resolve_main_date(meta: ArticleMeta, sentences: list[Sentence], mentions: list[DateMention],
                      rules: DatingRules, is_main_kind: Callable[[str], bool] | None = None) -> MainDate:
    """The main incident's date from ranked evidence (see the module docstring).

    ``is_main_kind(text)`` says whether a sentence or clause tells an event of the main
    incident's kind (the caller knows the types). Of the first ``rules.body_sentences``
    sentences after the lead only those that do may date it ("The blaze started on
    Tuesday" under a fire, not "The victim was stabbed on Saturday" under an arrest); a
    lead's "after"-clause that does ("killed after a landslide swept through the village
    on Sunday") dates the main incident, one that does not ("riots after police arrested
    him on Tuesday") an earlier one. Without it, every sentence and no such clause may.
    """
    published = meta.published
    grouped = _by_sentence(mentions)
    lead = lead_indices(sentences, rules.lead_sentences)
    after_lead = []
    for sentence in sentences:
        if len(after_lead) == rules.body_sentences:
            break
        if sentence.index not in lead and (not lead or sentence.index > lead[-1]) and not is_stamp(sentence):
            after_lead.append(sentence.index)
    by_index = {s.index: s for s in sentences}
    after_lead = [i for i in after_lead if is_main_kind is None or is_main_kind(by_index[i].text)]
    in_lead = _candidates(sentences, lead, grouped, published, rules, in_lead=True, stamp=meta.published_text,
                          is_main_kind=is_main_kind)
    best = _best(in_lead, published)
    later = _best([c for c in _candidates(sentences, after_lead, grouped, published, rules, stamp=meta.published_text)
                   if c.mention.value is not None and c.rank <= 1], published)
    if best is not None and best.role in ("speech", "update") and best.rank == 0 and best.mention.value and later \
            and later.role == "event" and later.rank == 0 and later.mention.value <= best.mention.value:
        # "..., the spokesman said on Saturday. The strikes on Friday night hit ...": the report's
        # day is the weakest evidence in a lead, and so is a follow-up's ("the toll rose to eleven
        # on Sunday. The bridge gave way on Saturday evening"); the event's own day, told next, wins.
        what = "the report" if best.role == "speech" else "the update it reports"
        return MainDate(later.mention.value, "body", f"the lead gives only the day of {what}; the next "
                        f"sentence dates the event (\"{later.mention.text}\")", later.mention, later.mention.sentence)
    if best is not None and best.mention.value is not None:
        why = "the lead's own day expression" if best.role == "event" else "the day the lead's report was made"
        sentence = next(x for x in sentences if x.index == best.mention.sentence)
        ahead = rules.future.search(_clause_before(sentence.text, best.mention.start))
        value = best.mention.value if ahead else _until_published(best.mention.value, published)
        if " ".join(best.mention.text.casefold().split()) in rules.night_words:
            value = _night_of(best.mention, in_lead) or value
        return MainDate(value, "lead", f"{why} (\"{best.mention.text}\")", best.mention,
                        best.mention.sentence)
    if best is not None:  # a day expression the missing publication date leaves unplaced
        partial = _partial_of(best.mention, meta.published_partial)
        if partial:
            return MainDate(partial, "dateline", f"\"{best.mention.text}\" under a dateline with no year "
                            f"(\"{meta.published_text}\")", best.mention, best.mention.sentence)
        return MainDate(UNKNOWN, "none", f"\"{best.mention.text}\" cannot be placed without a publication date",
                        best.mention, best.mention.sentence)
    if later is not None:
        return MainDate(later.mention.value, "body", f"the lead has no day; the next sentence says "
                        f"\"{later.mention.text}\"", later.mention, later.mention.sentence)
    if published is not None and meta.published_is_update:
        return MainDate(UNKNOWN, "none", "the lead has no day expression and the page gives only the day it was "
                        f"updated (\"{meta.published_text}\")", evidence=meta.published_text)
    if published is not None:
        value = published.isoformat() + ("~" if rules.undated_lead == "approximate" else "")
        return MainDate(value, "publication", "the lead has no day expression: dated to the publication "
                        f"date (\"{meta.published_text}\")", evidence=meta.published_text)
    if meta.published_partial:
        return MainDate(meta.published_partial, "dateline", "the lead has no day expression and the dateline "
                        f"(\"{meta.published_text}\") no year", evidence=meta.published_text)
    return MainDate(UNKNOWN, "none", "no date in the lead and no publication date")


# -------------------------------------------------------------- relative dates


def weekday_of(mention: DateMention, rules: DatingRules) -> int | None:
    """The weekday a mention names ("Thursday", "Thursday night"), if any."""
    weekdays = dict(rules.weekdays)
    return next((weekdays[w.casefold()] for w in re.findall(r"[A-Za-z]+", mention.text) if w.casefold() in weekdays),
                None)


def relative_to_main(mention: DateMention, main: MainDate, main_key: str, rules: DatingRules,
                     default_gap: str) -> dict:
    """Where an unplaced date lies relative to the main incident: ``{before|after: key, by: gap}``.

    Without a publication date, two weekdays of one report lie within a week of each
    other: "a Thursday statement" about "the Wednesday attack" comes a day after it.
    The nearer way round is the one news means; anything else happened before the report,
    and so before its main incident.
    """
    own = weekday_of(mention, rules)
    other = weekday_of(main.mention, rules) if main.mention is not None else None
    if own is not None and other is not None and own != other:
        ahead = (own - other) % 7
        return {"after" if ahead <= 3 else "before": main_key, "by": "days"}
    return {"before": main_key, "by": default_gap}


_OBJECT_AFTER = re.compile(r"^\s*[\w\"'“‘]")


def relation_to_main(mention: DateMention, sentence_text: str) -> str:
    """"before" or "after" the main incident, for a date tied to another event ("days after").

    "X came days after the attack": the words after the mention name the other event,
    the one the clause is about, and it lies before the main one. "A day later, gunmen
    ambushed a convoy": the clause's own event, and it lies after it.
    """
    last = mention.text.split()[-1].casefold() if mention.text.split() else ""
    takes_object = last in ("after", "before") and bool(_OBJECT_AFTER.match(sentence_text[mention.end:]))
    if takes_object:
        return "before" if mention.relation == "after" else "after"
    return mention.relation or "before"
