"""Incidents: turn what the earlier stages found into draft incidents.

One article gives a *main* incident (from the headline and the lead) and the
*earlier* incidents it reports with a date of their own ("days after American
troops were targeted", "a strike ... earlier this month"). Each draft incident
carries its type, date, actors and places with roles, casualty figures,
related links and the sentence every field came from.

Everything here works on sentence text and the mentions found before: no
knowledge of the world is written in this module (types and their keywords
come from the type vocabulary; actors and places from the registries).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from chronicle.extract.article import ActorMention, DateMention, Evidence, ExtractedArticle, PlaceMention, Sentence
from chronicle.core.datafile import read_rules
from chronicle.extract.dating import (DatingRules, MainDate, default_dating_rules, relation_to_main, relative_to_main,
                     resolve_main_date)

# -- the draft model ---------------------------------------------------------------------------


@dataclass
class DraftIncident:
    key: str  # "main", "earlier-1", ...: local to the article until ids are given
    title: str
    date: object  # EDTF string, "unknown", or {"before"/"after": key, "by": gap}
    type: str
    sentences: list[int]  # Sentence.index values this incident was built from
    actors: list[tuple[ActorMention, str]] = field(default_factory=list)  # (mention, role)
    places: list[tuple[PlaceMention, str]] = field(default_factory=list)
    casualties: dict[str, dict[str, int]] = field(default_factory=dict)
    related: list[tuple[str, str]] = field(default_factory=list)  # (key, relation)
    evidence: list[Evidence] = field(default_factory=list)
    summary: str = ""
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # sentence -> part it owns
    notes: list[dict] = field(default_factory=list)  # for the editor: {"kind": ..., "text": ...}
    # An earlier incident the headline or lead ties the main one to ("two days after a dam burst"):
    # the one a relation is about, unlike background further down.
    linked: bool = False
    # History told as background ("last won the cup in 2019"): its clause is no part of the
    # main incident, and it gives no draft of its own.
    background: bool = False


# -- cue words: grammar of news English, not knowledge of the world ------------------------------

RESPONSE_CUES = re.compile(r"\b(in (?:direct )?response to|in retaliation for|retaliat\w*|in reprisal for)\b", re.I)
ANAPHORA = re.compile(r"^(?:That|This|The) (?:strike|attack|raid|blast|incident|bombing|killing|assault|protest|"
                      r"storm|quake|earthquake|flood|fire|breach|hack|vote|match|deal)\b", re.I)
# Verbs of one party acting upon another: the object is the target ("sacked manager X", "arrested X").
ACTS_UPON = (r"targeting|targeted|hit|struck|killed|killing|attacked|shelled|bombed|raided|stormed|hacked|"
             r"knocked out|sacked|dismissed|fired|arrested|detained|abducted|kidnapped|defeated|beat|beating|"
             r"knocked|ousted|expelled|suspended|sued|fined|charged")
# "3 min read | By Jonas Pettersen": a byline's "By", with nothing acted before it, names no agent.
BYLINE_BEFORE = re.compile(r"(?:^|[|•·:—–-])\s*$")
# Not "at": "in intensive care at X Hospital" is a place people were taken to.
TARGET_BEFORE = re.compile(rf"\b(?:on|against|{ACTS_UPON})\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
PASSIVE_TARGET_AFTER = re.compile(r"^\W*(?:\w+\W+){0,4}?(?:were|was|have been|had been|has been)\s+"
                                  rf"(?:\w+\s+)?(?:{ACTS_UPON}|injured|wounded|beaten)", re.I)
AGENT_BEFORE = re.compile(r"\b(?:by|blamed (?:\w+\s+){0,3}?on|claimed by|carried out by)\s+(?:the\s+|militants\s+|forces\s+)?"
                          r"(?:\w+\s+){0,3}$", re.I)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "dozens": None, "scores": None}
NUMBER_WORDS.update({f"{tens}-{unit}": NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
                     for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
                     for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")})
CASUALTY_NOUNS = (r"(?:people|persons|civilians|soldiers|troops|fighters|militants|police(?:men| officers)?|"
                  r"officers|officials|suspects|students|villagers|children|women|men|residents|workers|"
                  r"passengers|members|commanders?|leaders?|"
                  r"protesters|demonstrators|staff|patients|journalists|personnel|others|guards|crew|fans|"
                  r"pilgrims|tourists|migrants|bystanders|pedestrians|victims|hostages|inmates|detainees|"
                  r"employees|children|babies|adults|locals|guests|[a-z-]+ers)")
CASUALTY_VERBS = {"killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed", "death toll": "killed",
                  "injured": "injured", "wounded": "injured", "hurt": "injured", "missing": "missing",
                  "displaced": "displaced", "evacuated": "displaced", "arrested": "arrested", "detained": "arrested",
                  "killing": "killed", "injuring": "injured", "wounding": "injured", "homeless": "displaced",
                  "from their homes": "displaced", "to flee": "displaced", "out of their homes": "displaced",
                  "injuries": "injured", "burns": "injured", "wounds": "injured"}


# -- type classification ------------------------------------------------------------------------

class Keyword(NamedTuple):
    """A vocabulary keyword as a whole-word pattern, and a piece of text every match contains.

    ``near`` makes a keyword contextual: it counts only with one of those words close by
    ("strike" near "workers" or "pay" is a walkout), and where it counts it decides what
    the words mean, so no other type counts a keyword overlapping it ("strike on").
    """

    needle: str  # the words before the first `*`: a text without them cannot match
    pattern: re.Pattern
    near: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()  # "not near": words close by that say it means something else


CONTEXT_WINDOW = 10  # words either side of a contextual keyword where its cue words count
WORD = re.compile(r"[\w-]+")


def _keywords(keyword: str) -> list[Keyword]:
    """One vocabulary entry as keywords.

    `*` in a keyword stands for up to three words; "a / b | near: x, y" gives the keywords
    a and b, each counted only with x or y within ``CONTEXT_WINDOW`` words; "| not near: x, y"
    counts them only without.
    """
    phrases, _, context = keyword.partition("|")
    near = unless = frozenset()
    if context.strip():
        label, _, words = context.partition(":")
        cues = frozenset(w.strip().lower() for w in words.split(",") if w.strip())
        if label.strip().lower() == "near":
            near = cues
        elif label.strip().lower() == "not near":
            unless = cues
        else:
            raise ValueError(f"type keyword {keyword!r}: only 'near:' or 'not near:' may follow '|'")
    return [_keyword(phrase, near, unless) for phrase in phrases.split("/") if phrase.strip()]


def _keyword(keyword: str, near: frozenset[str] = frozenset(), unless: frozenset[str] = frozenset()) -> Keyword:
    parts = [p.strip() for p in keyword.lower().split("*")]
    pattern = re.compile(r"\b" + r"(?:\s+\S+){0,3}?\s+".join(re.escape(p) for p in parts) + r"\b")
    return Keyword(parts[0], pattern, near, unless)


def _has_cue(text: str, start: int, end: int, near: frozenset[str]) -> bool:
    """Whether one of ``near`` is within ``CONTEXT_WINDOW`` words of text[start:end]."""
    before = WORD.findall(text[:start])[-CONTEXT_WINDOW:]
    after = WORD.findall(text[end:])[:CONTEXT_WINDOW]
    return any(w.strip("-").removesuffix("'s") in near for w in before + after)


@dataclass(frozen=True)
class TypeClassifier:
    """Keyword rules from the type vocabulary, in vocabulary order."""

    rules: tuple[tuple[str, tuple[Keyword, ...]], ...]
    fallback: str = "other"

    @classmethod
    def from_keywords(cls, keywords: dict[str, list[str]]) -> "TypeClassifier":
        rules = tuple((tid, tuple(k for entry in words for k in _keywords(entry)))
                      for tid, words in keywords.items() if words)
        fallback = "other" if "other" in keywords else next(iter(keywords), "other")
        return cls(rules, fallback)

    def classify(self, text: str) -> str | None:
        return self.classify_weighted([(text, 1)])

    def classify_weighted(self, texts: list[tuple[str, int]]) -> str | None:
        """The type whose keywords occur most, each text counting ``weight`` times a hit.

        Counting rather than taking the first match: "Opposition wins landslide in
        presidential vote, voters ..." is an election, not a disaster. Ties go to the
        type written first in the vocabulary (specific before generic).
        """
        return _best(self.scores(texts))

    def scores(self, texts: list[tuple[str, int]], skip_absent: bool = True) -> list[tuple[str, int]]:
        """Weighted keyword hits per type, in vocabulary order.

        ``skip_absent`` skips the regex of a keyword whose first words the text lacks:
        classification was a third of the time spent building incidents. The result is
        the same either way.
        """
        totals = dict.fromkeys((tid for tid, _k in self.rules), 0)
        found = []
        for text, weight in texts:
            text = text.lower()
            found.append((text, weight, [(tid, k, m.span()) for tid, keywords in self.rules for k in keywords
                                         if not skip_absent or k.needle in text for m in k.pattern.finditer(text)]))
        # One sense per article: a word its context resolves in the lead means the same in a
        # headline too short to say ("Strike on Monday shuts buses").
        resolved = {(tid, k) for text, _w, matches in found for tid, k, span in matches
                    if k.near and _has_cue(text, *span, k.near)}
        for text, weight, matches in found:
            # A contextual keyword with its cue decides what its words mean here.
            claimed = [(tid, span) for tid, k, span in matches if (tid, k) in resolved]
            for tid, k, (start, end) in matches:
                if k.unless and _has_cue(text, start, end, k.unless):
                    continue  # "the truce collapsed": no agreement
                if k.near:
                    totals[tid] += weight * ((tid, (start, end)) in claimed)
                elif not any(other != tid and a < end and start < b for other, (a, b) in claimed):
                    totals[tid] += weight
        return list(totals.items())

    def classify_event(self, text: str) -> str | None:
        """The type of a clause reporting an earlier incident: an event type wins a tie with a statement.

        "X announced it would cut 800 jobs" is dated by the announcement, but what
        happened is the job cuts; only a clause with no event word is a mere statement.
        """
        scores = self.scores([(text, 1)])
        best = _best(scores)
        if best is None or self.is_event_type(best):
            return best
        top = max(score for _t, score in scores)
        return next((t for t, score in scores if score == top and self.is_event_type(t)), best)

    def keyword_spans(self, text: str, type_id: str) -> list[tuple[int, int]]:
        """Where the keywords of one type occur in a text (contextual ones only with their cue)."""
        lowered = text.lower()
        return [m.span() for tid, keywords in self.rules if tid == type_id for k in keywords if k.needle in lowered
                for m in k.pattern.finditer(lowered) if (not k.near or _has_cue(lowered, *m.span(), k.near))
                and not (k.unless and _has_cue(lowered, *m.span(), k.unless))]

    def is_event_type(self, type_id: str | None) -> bool:
        """Types that describe something that happened, not merely a statement."""
        return type_id is not None and type_id not in ("statement", self.fallback)


def _best(scores: list[tuple[str, int]]) -> str | None:
    """The first type with the most hits; None when nothing hit."""
    best, best_score = None, 0
    for type_id, score in scores:
        if score > best_score:
            best, best_score = type_id, score
    return best


# -- roles from clause structure ------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


Phrases = dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases as word tuples, longest first


def _phrases(values) -> Phrases:
    """Phrases by their first word, longest first, so "opened fire on" wins over a shorter one."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({tuple(str(v).lower().split()) for v in values or ()}, key=lambda p: (-len(p), p)):
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(phrases) for first, phrases in index.items()}


@dataclass(frozen=True)
class RoleRules:
    """The vocabularies roles are read with (data/roles.yaml)."""

    acts_upon: Phrases
    passive_auxiliaries: frozenset[str]
    verb_modifiers: frozenset[str]
    claims: Phrases
    speech_verbs: frozenset[str]
    listener_verbs: frozenset[str]
    speaker_nouns: frozenset[str]
    source_markers: Phrases
    report_verbs: frozenset[str]
    reporting_kinds: frozenset[str]
    object_stoppers: frozenset[str]
    subject_breakers: frozenset[str]
    participant_types: frozenset[str]
    no_perpetrator_types: frozenset[str]
    claimed_acts: Phrases = field(default_factory=dict)
    mutual_verbs: Phrases = field(default_factory=dict)


@functools.lru_cache(maxsize=4)
def load_role_rules(path: str | Path | None = None) -> RoleRules:
    data = read_rules(path or DATA_DIR / "roles.yaml") or {}
    words = lambda key: frozenset(str(w).lower() for w in data.get(key) or ())  # noqa: E731
    return RoleRules(_phrases(data.get("acts_upon")), words("passive_auxiliaries"), words("verb_modifiers"),
                     _phrases(data.get("claims")), words("speech_verbs"), words("listener_verbs"),
                     words("speaker_nouns"),
                     _phrases(data.get("source_markers")), words("report_verbs"), words("reporting_kinds"),
                     words("object_stoppers"), words("subject_breakers"), words("participant_types"),
                     words("no_perpetrator_types"), _phrases(data.get("claimed_acts")),
                     _phrases(data.get("mutual_verbs")))


class _Word(NamedTuple):
    text: str  # lower case
    start: int
    end: int


class _Verb(NamedTuple):
    first: int  # index of its first word
    last: int  # index after its last word
    passive: bool
    mutual: bool = False  # "clashed", "collided": both sides take part


CLAUSE_TOKEN = re.compile(r"[\w'’-]+|[,;:()\"“”—]")
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                         "another", "every", "each", "any", "no", "last", "first", "latest", "new"})


def _clause_words(text: str, start: int, end: int) -> list[_Word]:
    return [_Word(m.group().lower(), m.start() + start, m.end() + start)
            for m in CLAUSE_TOKEN.finditer(text[start:end])]


def _phrase_at(words: list[_Word], i: int, phrases: Phrases) -> int | None:
    """Index after the longest of ``phrases`` starting at word i, or None."""
    if i >= len(words):
        return None
    for phrase in phrases.get(words[i].text, ()):
        if tuple(w.text for w in words[i:i + len(phrase)]) == phrase:
            return i + len(phrase)
    return None


def _is_noun_use(words: list[_Word], i: int) -> bool:
    """ "an attack on", "the group's raids", "two killings": the word names an event, it is no verb."""
    before = [w.text for w in words[max(i - 2, 0):i]]
    return bool(before) and (before[-1] in DETERMINERS or before[-1].endswith(("'s", "’s"))
                             or before[-1].isdigit() or (len(before) == 2 and before[0] in DETERMINERS
                                                         and before[1].isalpha() and not before[1].endswith("ed")))


def _event_verbs(words: list[_Word], rules: RoleRules) -> list[_Verb]:
    verbs, i = [], 0
    while i < len(words):
        end = _phrase_at(words, i, rules.acts_upon)
        mutual = end is None and _phrase_at(words, i, rules.mutual_verbs) is not None
        if mutual:
            end = _phrase_at(words, i, rules.mutual_verbs)
        if end is None or _is_noun_use(words, i):
            i += 1
            continue
        if mutual:
            verbs.append(_Verb(i, end, False, True))
            i = end
            continue
        k = i - 1
        while k >= 0 and words[k].text in rules.verb_modifiers:
            k -= 1
        passive = (k >= 0 and words[k].text in rules.passive_auxiliaries) or \
            (end < len(words) and words[end].text == "by")  # "the convoy attacked by gunmen"
        verbs.append(_Verb(i, end, passive))
        i = end
    return verbs


PUNCTUATION = frozenset(",;:()\"“”—")


def clause_role(text: str, mention: ActorMention, start: int, end: int, rules: RoleRules) -> str | None:
    """The role the clause text[start:end] gives a mention: the subject or object of its event verb.

    Active: the subject acts (perpetrator), the object is acted upon (target). Passive:
    the subject is acted upon, the agent after "by" acts. None when the clause has no
    event verb the mention stands in.
    """
    words = _clause_words(text, start, end)
    first = next((i for i, w in enumerate(words) if w.start >= mention.start), len(words))
    last = next((i for i in range(len(words) - 1, -1, -1) if words[i].end <= mention.end), first - 1) + 1
    verbs = _event_verbs(words, rules)
    before = [v for v in verbs if v.last <= first]
    if before:  # the object, or in the passive the agent
        verb = before[-1]
        between = words[verb.last:first]
        if verb.mutual:
            if len(between) <= 5 and between and between[0].text in ("with", "against") \
                    and not any(w.text in PUNCTUATION for w in between):
                return "participant"  # "clashed with the army"
        elif len(between) <= 8 and not any(w.text in PUNCTUATION for w in between):
            agent = any(w.text == "by" for w in between[-5:])
            if verb.passive:
                if agent:
                    return "perpetrator"
            elif not any(w.text in rules.object_stoppers for w in between):
                return "target"
    after = [v for v in verbs if v.first >= last]
    if after:  # the subject
        verb = after[0]
        between = words[last:verb.first]
        lead_in = [w.text for w in words[max(first - 2, 0):first] if w.text != "the"]
        if len(between) <= 6 and not any(w.text in PUNCTUATION or w.text in rules.speech_verbs for w in between) \
                and not (lead_in and lead_in[-1] in rules.subject_breakers):
            return "participant" if verb.mutual else "target" if verb.passive else "perpetrator"
    return None


def _skip_modifiers(words: list[_Word], rules: RoleRules) -> int:
    """Index of the first word that is no auxiliary or adverb ("has also", "later")."""
    skip = 0
    while skip < len(words) and (words[skip].text in ("has", "had", "have") or words[skip].text in rules.verb_modifiers):
        skip += 1
    return skip


CLOSERS = frozenset({")", ",", "”", "\""})


def _says(after: list[_Word], rules: RoleRules) -> bool:
    """A speech verb right after the name ("X said", "X (PNAT) said", "X, his lawyer, told"
    already cut to "X, told"), or past up to two words with no break ("X's government said",
    "X officials said"); not "Y, officials said", where others speak about Y."""
    k = 0
    while k < len(after) and after[k].text in CLOSERS:
        k += 1
    k += _skip_modifiers(after[k:], rules)
    if k < len(after) and after[k].text in rules.speech_verbs:
        return True
    if after and after[0].text == ",":
        # "Lucia Ferreira, director of the institute, told ...", "Russia, which has bases there, urged"
        close = next((m for m in range(1, min(len(after), 16)) if after[m].text == ","), None)
        if close is not None and not any(w.text in PUNCTUATION - {","} for w in after[1:close]) \
                and not any(w.text in rules.speech_verbs for w in after[1:close]):
            n = close + 1 + _skip_modifiers(after[close + 1:], rules)
            return n < len(after) and after[n].text in rules.speech_verbs
    if k:
        return False
    for m in (1, 2):
        if m >= len(after) or after[m - 1].text in PUNCTUATION:
            return False
        n = m + _skip_modifiers(after[m:], rules)
        if n < len(after) and after[n].text in rules.speech_verbs:
            return True
    return False


def _speaks_through(after: list[_Word], rules: RoleRules) -> bool:
    """A speaker noun right after the name, then (past a name of up to four words) a speech verb."""
    k = 0
    while k < min(len(after), 3) and after[k].text not in PUNCTUATION and after[k].text not in rules.speaker_nouns:
        k += 1
    if k >= min(len(after), 3) or after[k].text not in rules.speaker_nouns:
        return False
    rest = [w.text for w in after[k + 1:k + 7]]
    return any(w in rules.speech_verbs for w in rest[:6]) and not any(w in PUNCTUATION - {","} for w in rest[:6])


CLAIMING_PRONOUNS = frozenset({"it", "they", "we", "its", "their"})


def claims_act(text: str, mention: ActorMention, rules: RoleRules) -> bool:
    """ "The group claimed responsibility", "X said it carried out the attack", "X, an armed
    faction, said in a statement that it had carried out the attack"."""
    after = _clause_words(text, mention.end, min(len(text), mention.end + 200))
    k = 0
    if after and after[0].text == ",":  # past an apposition
        close = next((m for m in range(1, min(len(after), 16)) if after[m].text == ","), None)
        k = close + 1 if close is not None else 0
    k += _skip_modifiers(after[k:], rules)
    if _phrase_at(after, k, rules.claims) is not None:
        return True
    if k >= len(after) or after[k].text not in rules.speech_verbs - rules.listener_verbs:
        return False
    for m in range(k + 1, min(len(after), k + 10)):  # "said [in a statement that] it had carried out"
        if after[m].text in PUNCTUATION:
            return False
        if after[m].text in CLAIMING_PRONOUNS:
            n = m + 1 + _skip_modifiers(after[m + 1:], rules)
            if n < len(after) and after[n].text in ("fighters", "forces", "members", "drones", "units"):
                n += 1 + _skip_modifiers(after[n + 1:], rules)
            return _phrase_at(after, n, rules.claimed_acts) is not None
    return False


def _speech_role(text: str, mention: ActorMention, clause_start: int, rules: RoleRules) -> str | None:
    """Who speaks, who only listens or reports, who claims the act."""
    if claims_act(text, mention, rules):
        return "perpetrator"  # "the group claimed responsibility", "X said it carried out"
    after = _clause_words(text, mention.end, min(len(text), mention.end + 80))
    before = _clause_words(text, max(clause_start, mention.start - 40), mention.start)
    if mention.kind in rules.reporting_kinds:
        return "mentioned"  # a media outlet reporting, quoted or spoken to
    bare = [w.text for w in before if w.text != "the"]
    if bare and bare[-1] in rules.listener_verbs:
        return "mentioned"  # "told Channel 4": the one spoken to
    if any(_phrase_at([_Word(t, 0, 0) for t in bare], i, rules.source_markers) == len(bare)
           for i in range(max(len(bare) - 4, 0), len(bare))):
        return "spokesperson"  # "according to the ministry"
    if _says(after, rules):
        return "spokesperson"
    if _speaks_through(after, rules):
        return "spokesperson"  # "Plateau State police spokesman Alfred Alabo said"
    if bare and bare[-1] in rules.speech_verbs - rules.listener_verbs and bare[-1] not in ("claimed", "claims"):
        return "spokesperson"  # '"...," said the ministry'
    return None


def beside_event_word(text: str, mention: ActorMention, spans: list[tuple[int, int]], start: int, end: int,
                      rules: RoleRules) -> bool:
    """Whether a mention is the subject or object of a word naming the event ("a Japan Airlines
    jet collided", "collided with a coast guard plane", "defeating X"), within its clause."""
    if mention.kind == "state":
        return False  # a state beside the event's word is mostly where it happened ("Zambia election")
    for a, b in spans:
        if not (start <= a and b <= end):
            continue
        if mention.end <= a:  # "a Polar Airlines passenger jet collided"
            between = _clause_words(text, mention.end, a)
            if len(between) <= 3 and not any(w.text in PUNCTUATION or w.text in rules.speech_verbs for w in between):
                return True
        elif b <= mention.start:
            between = _clause_words(text, b, mention.start)
            if len(between) <= 5 and not any(w.text in PUNCTUATION or (w.text in rules.object_stoppers and
                                                                       w.text not in ("with", "against"))
                                             for w in between):
                return True
    return False


def role_for_type(role: str, type_id: str, rules: RoleRules) -> str:
    """Parties to an election, a match or a summit take part; an accident has no perpetrator."""
    if type_id in rules.participant_types and role in ("perpetrator", "target", "victim"):
        return "participant"
    if type_id in rules.no_perpetrator_types and role == "perpetrator":
        return "participant"
    return role


# -- roles ----------------------------------------------------------------------------------------

BACKER_AFTER = re.compile(r"^-?(?:backed|affiliated|sponsored|supported|aligned|linked|allied|funded|led)\b", re.I)
BACKER_IN_NAME = re.compile(r"-(?:backed|affiliated|sponsored|supported|aligned|linked|allied|funded|led)$", re.I)
OWNER_BEFORE = re.compile(r"\b(?:used by|belonging to|owned by|run by|operated by|held by)\s+(?:the\s+)?"
                          r"(?:[\w-]+\s+){0,2}$", re.I)
ACTS_AFTER = re.compile(r"^[\w\s'’-]{0,30}?\b(?:forces|troops|military|army|police|jets|drones|warplanes|aircraft|has|have|had|"
                        r"carried|carries|carry|conducted|launched|struck|fired|targeted|attacked|killed|"
                        r"bombed|shelled|raided|stormed|seized|beat|defeated|won|acquired?s?|agreed|signed|"
                        r"arrested|detained|hacked|strikes?|sacked|sacks?|dismissed|fired|ousted|expelled|suspended)\b",
                        re.I)


def actor_role(sentence: Sentence, mention: ActorMention, clause_start: int = 0, clause_end: int | None = None,
               rules: RoleRules | None = None) -> str:
    """The role an actor plays in the incident a sentence reports, from the clause it is named in.

    ``clause_start`` is where the clause holding the mention begins: "..., and
    Washington has carried out strikes" makes Washington the subject. Speech and claims
    first, then the subject or object of the clause's event verb, then the shapes news
    uses without one ("US strikes kill ...", "an attack on X").
    """
    rules = rules or load_role_rules()
    text = sentence.text
    before = text[clause_start: mention.start]
    after = text[mention.end:]
    if BACKER_AFTER.match(after) or BACKER_IN_NAME.search(mention.text):
        return "mentioned"  # "Iran-backed militants": the backer is not the one acting
    spoken = _speech_role(text, mention, clause_start, rules)
    if spoken is not None:
        return spoken
    if OWNER_BEFORE.search(before):
        return "target"  # "strikes on facilities used by X"
    agent = AGENT_BEFORE.search(before)
    if agent and not BYLINE_BEFORE.search(before[:agent.start()]):
        return "perpetrator"
    structural = clause_role(text, mention, clause_start, len(text) if clause_end is None else clause_end, rules)
    if structural is not None:
        return structural
    if PASSIVE_TARGET_AFTER.match(after):
        return "target"
    if TARGET_BEFORE.search(before[-40:]) or (re.search(r"\b(?:on|against)\s+(?:[\w-]+\s+){0,4}$", before[-60:])
                                              and not re.search(r"\bby\b", before[-60:])):
        return "target"
    # "US strikes kill ...", "Turkish warplanes hit ...": the mention may end with the acting noun itself.
    own_tail = mention.text.split()[-1] if len(mention.text.split()) > 1 else ""
    if (ACTS_AFTER.match(after) or (own_tail and ACTS_AFTER.match(own_tail + after))) and len(before.strip()) < 25:
        return "perpetrator"
    return "mentioned"


# Taking part says more than speaking about it: an airline that speaks of its own collision is a party.
ROLE_RANK = {"perpetrator": 0, "target": 1, "victim": 2, "participant": 3, "spokesperson": 4, "mentioned": 5}


def _merge_roles(pairs: list[tuple[ActorMention, str]]) -> list[tuple[ActorMention, str]]:
    """One entry per actor, keeping its strongest role and first mention."""
    best: dict[str, tuple[ActorMention, str]] = {}
    for mention, role in pairs:
        current = best.get(mention.actor_id)
        if current is None or ROLE_RANK[role] < ROLE_RANK[current[1]]:
            best[mention.actor_id] = (current[0] if current else mention, role)
    return sorted(best.values(), key=lambda mr: (ROLE_RANK[mr[1]], mr[0].sentence, mr[0].start))


# -- casualties -----------------------------------------------------------------------------------

MULTIPLIERS = {"hundred": 100, "thousand": 1000, "dozen": 12}
_NUMBER_WORD = "|".join(sorted((w for w, n in NUMBER_WORDS.items() if n and w not in ("a", "an")),
                               key=len, reverse=True))
# "14", "1,200", "eleven", "twenty-five", "one hundred", "a dozen", "two dozen", "half a dozen",
# "three hundred and twenty"; vague words ("dozens", "scores") are no count.
WORD_COUNT = (rf"(?:half\s+a\s+dozen|(?:(?:{_NUMBER_WORD})|an?(?=[\s-]+(?:hundred|thousand|dozen)\b))"
              rf"(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}|hundred|thousand|dozen)\b)*)")
COUNT_TEXT = rf"(?:\d[\d,]*|{WORD_COUNT})"


def _number(text: str) -> int | None:
    """A count written in digits or words; None for vague or unreadable ones."""
    text = text.lower().replace(",", "").strip()
    if text.isdigit():
        return int(text)
    if re.fullmatch(r"half\s+a\s+dozen", text):
        return 6
    total = current = 0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in MULTIPLIERS:
            if word == "thousand":
                total, current = total + max(current, 1) * 1000, 0
            else:
                current = max(current, 1) * MULTIPLIERS[word]
        elif NUMBER_WORDS.get(word):
            current += NUMBER_WORDS[word]
        else:
            return None
    return total + current or None


LOW_QUALIFIERS = ("at least", "more than", "over", "upwards of")
HIGH_QUALIFIERS = ("up to", "as many as", "fewer than", "less than", "no more than")
QUALIFIER = (r"(?:(?P<qual>at least|more than|over|upwards of|up to|as many as|fewer than|less than|no more than|"
             r"nearly|almost|about|around|roughly|approximately|some|an estimated)\s+)?")


def _count(name: str = "n", one: bool = True) -> str:
    """A count, or a range ("between 10 and 15", "10 to 15"), as named groups."""
    single = rf"{COUNT_TEXT}|an?" if one else rf"(?!(?:one|a|an)\b(?![\s-]+(?:hundred|thousand|dozen)\b)){COUNT_TEXT}"
    return (rf"{QUALIFIER}(?:between\s+(?P<{name}_lo>{COUNT_TEXT})\s+and\s+(?P<{name}_hi>{COUNT_TEXT})|"
            rf"(?P<{name}_from>\d[\d,]*)\s*(?:to|-|–)\s*(?P<{name}_to>\d[\d,]*)(?=\s)|"
            rf"(?P<{name}_wfrom>{WORD_COUNT})\s+to\s+(?P<{name}_wto>{WORD_COUNT})(?=\s)|"
            rf"(?P<{name}>{single}))")


COUNT = _count()
COUNT_NOT_ONE = _count(one=False)
NOUN_OR_END = (rf"(?:(?:[\w-]+\s+){{0,2}}?{CASUALTY_NOUNS}\b|(?=\s*(?:[,.;:]|(?:and|before|after|in|at|on|as|when|"
               rf"while|during|including|among|near|across|inside|outside)\b|$)))")
UPDATE_VERB = r"(?:rose|risen|climbed|increased|jumped|reached|grew|rises|climbs|increases|reaches|stood|stands|hit)"
# A toll that rose ("the death toll rose to 9", "the number of injured climbed to 40") replaces the first one.
UPDATE_PATTERNS = (
    re.compile(rf"\b(?P<verb>death toll|toll|number of (?:dead|deaths|injured|wounded|missing|displaced|people "
               rf"(?:killed|injured|wounded|missing|displaced|arrested)))\s+(?:has\s+|had\s+)?(?:\w+\s+)?"
               rf"{UPDATE_VERB}\s+(?:to\s+)?{COUNT}(?![\w-])", re.I),
    re.compile(rf"\b(?:raising|bringing|pushing|taking)\s+the\s+(?P<verb>death toll|toll|number of (?:dead|injured|"
               rf"wounded|missing))\s+to\s+{COUNT}(?![\w-])", re.I),
)
CASUALTY_PATTERNS = (
    # "killed at least 12 people", "killed a commander", "killing two people and injuring 31"
    re.compile(rf"\b(?P<verb>killed|injured|wounded|displaced|evacuated|arrested|detained|killing|injuring|wounding)"
               rf"\s+{COUNT}\s*{NOUN_OR_END}", re.I),
    # "at least 12 people were killed", "three soldiers died", "11 people were also wounded"
    re.compile(rf"\b{COUNT_NOT_ONE}\s+"
               rf"(?:[\w-]+\s+){{0,3}}?{CASUALTY_NOUNS}\s+(?:were\s+|have been\s+|had been\s+|was\s+|are\s+|"
               rf"remain\s+|remained\s+|are still\s+|were still\s+|have\s+|has\s+|had\s+)?"
               rf"(?:\w+ly\s+|also\s+)?"
               rf"(?P<verb>killed|dead|died|injured|wounded|hurt|missing|displaced|evacuated|arrested|detained)\b",
               re.I),
    # "14 killed and 25 injured", "at least 30 dead": the noun left out
    re.compile(rf"(?<![\w,.-]){COUNT_NOT_ONE}\s+(?:were\s+|have been\s+|had been\s+|are\s+)?(?:also\s+)?"
               rf"(?P<verb>killed|dead|injured|wounded|hurt|missing)\b", re.I),
    # "leaving 9 dead", "left more than 3,000 homeless": the count comes before the state
    re.compile(rf"\b(?:leaving|left)\s+{COUNT_NOT_ONE}\s+(?:(?:[\w-]+\s+){{0,2}}?{CASUALTY_NOUNS}\s+)?"
               rf"(?P<verb>dead|injured|wounded|homeless|missing)\b", re.I),
    # "forcing about 4,000 people from their homes", "forced 200 families to flee"
    re.compile(rf"\b(?:forcing|forced|forces|driving|drove)\s+{COUNT_NOT_ONE}\s+(?:(?:[\w-]+\s+){{0,2}}?"
               rf"(?:{CASUALTY_NOUNS}|families)\s+)?(?P<verb>from their homes|to flee|out of their homes)\b", re.I),
    # "Two people were killed and 31 injured": the noun is not repeated
    re.compile(rf"\band\s+{COUNT_NOT_ONE}\s+(?:others\s+)?(?P<verb>injured|wounded|hurt)\b", re.I),
    # "two owners suffered minor burns"
    re.compile(rf"\b{COUNT_NOT_ONE}\s+(?:[\w-]+\s+){{0,2}}?{CASUALTY_NOUNS}\s+(?:suffered|sustained)\s+"
               rf"(?:\w+\s+)?(?P<verb>injuries|burns|wounds)\b", re.I),
    # "a 17-year-old shot dead", "a police officer was killed": one person
    re.compile(r"\b(?P<n>an?)\s+(?:[\w-]+\s+){0,2}?(?:[\w-]+-old|[a-z]+er|man|woman|boy|girl|"
               r"teenager|child|officer|soldier|worker|person|resident|civilian|student|guard|passenger)\s+"
               r"(?:was\s+|had been\s+|has been\s+)?(?P<verb>shot dead|stabbed to death|beaten to death|killed)\b", re.I),
    # "five of the six people on the plane were killed": a share of a group
    re.compile(rf"\b{COUNT_NOT_ONE}\s+of\s+(?:the|them|those)\b(?:\s+[\w-]+){{0,8}}?\s+(?:were\s+|have been\s+|had been\s+)?"
               rf"(?:\w+ly\s+)?(?P<verb>killed|died|injured|wounded|hurt|missing)\b", re.I),
    # "14 passengers were treated for minor injuries", "30 people were taken to hospital"
    re.compile(rf"\b{COUNT_NOT_ONE}\s+(?:[\w-]+\s+){{0,2}}?{CASUALTY_NOUNS}\s+(?:were|have been|had been)\s+"
               rf"(?:[\w-]+\s+){{0,8}}?(?P<verb>treated for|taken to (?:the\s+)?(?:[\w-]+\s+){{0,2}}hospital|"
               rf"hospitali[sz]ed|admitted to (?:the\s+)?(?:[\w-]+\s+){{0,2}}hospital)", re.I),
    # "the deaths of 14 people", "14 deaths"
    re.compile(rf"\b{COUNT_NOT_ONE}\s+(?P<verb>deaths|fatalities)\b", re.I),
    # "the death toll is 31", "a death toll of at least 31"
    re.compile(rf"\b(?P<verb>death toll)\s+(?:is\s+|was\s+|of\s+|stands at\s+|at\s+)?{COUNT}", re.I),
)
CASUALTY_VERBS.update({"toll": "killed", "fatalities": "killed", "deaths": "killed"})


RATE = re.compile(r"^[^.;]*?\b(?:every|each|a|per)\s+(?:year|month|week|day)\b|^[^.;]*?\b(?:annually|on average)\b",
                  re.I)
GROUP_OF = re.compile(r"\b(?:of|among)\s+(?:the|these|those|its|their)\s+$", re.I)
# "four of the injured died": a part of a group named by its casualty word, not that category's count
PART_OF_GROUP = re.compile(r"^\s+of\s+(?:the|these|those)\s+$", re.I)
MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.I)
CASUALTY_VERBS.update({"treated for": "injured", "taken to hospital": "injured", "hospitalised": "injured",
                       "hospitalized": "injured"})
CASUALTY_VERBS.update({"shot dead": "killed", "stabbed to death": "killed", "beaten to death": "killed"})


class CasualtyFigure(NamedTuple):
    category: str  # killed, injured, missing, displaced, arrested
    figure: dict[str, int]  # low/best/high
    start: int  # where in the sentence it was stated
    update: bool  # a toll that rose: it replaces the figure given first


def _names_part_of_group(match: re.Match, text: str) -> bool:
    """Is the casualty word the group the number is part of ("four of the injured died")?"""
    number_ends = [match.end(name) for name, value in match.groupdict().items()
                   if value and name.startswith("n") and match.end(name) <= match.start("verb")]
    return bool(number_ends) and bool(PART_OF_GROUP.match(text[max(number_ends):match.start("verb")]))


def _figure(match: re.Match) -> dict[str, int] | None:
    groups = match.groupdict()
    low = groups.get("n_lo") or groups.get("n_from") or groups.get("n_wfrom")
    high = groups.get("n_hi") or groups.get("n_to") or groups.get("n_wto")
    if low and high:
        lo, hi = _number(low), _number(high)
        return {"low": lo, "high": hi} if lo is not None and hi is not None and lo <= hi else None
    n = _number(groups.get("n") or "")
    if n is None or n > 10_000_000:
        return None
    qual = (groups.get("qual") or "").lower()
    return {"low": n} if qual in LOW_QUALIFIERS else {"high": n} if qual in HIGH_QUALIFIERS else {"best": n}


def _category(verb: str) -> str | None:
    verb = verb.lower()
    if "hospital" in verb:
        return "injured"
    if verb.startswith("number of"):
        return next((c for w, c in CASUALTY_VERBS.items() if w in verb.split()), "killed")
    return CASUALTY_VERBS.get(verb)


def casualty_figures(text: str) -> list[CasualtyFigure]:
    """Every casualty figure a text states, in order: all categories, updates marked."""
    found = []
    for update, patterns in ((True, UPDATE_PATTERNS), (False, CASUALTY_PATTERNS)):
        for pattern in patterns:
            for match in pattern.finditer(text):
                figure, category = _figure(match), _category(match.group("verb"))
                if figure is None or category is None or any(f.start <= match.start() < f.start + 1
                                                              for f in found):
                    continue
                # "March 6 killed 12", "in 2019 killed": a date's number, not a count of people
                part_of_date = pattern is CASUALTY_PATTERNS[2] and not match.group("qual") and (
                    figure.get("best", 0) in range(1900, 2100) or MONTH_BEFORE.search(text[:match.start()]))
                # "one of the five suspects was arrested": five is the group, not the count
                group_size = bool(GROUP_OF.search(text[:match.start()])) or _names_part_of_group(match, text)
                # "cancer kills about 8,000 women every year": a rate, no toll
                rate = bool(RATE.search(text[match.end():match.end() + 40]))
                if not part_of_date and not group_size and not rate:
                    found.append(CasualtyFigure(category, figure, match.start(), update))
    return sorted(found, key=lambda f: f.start)


def find_casualties(sentence: Sentence) -> dict[str, dict[str, int]]:
    """Casualty figures stated in a sentence, as low/best/high by category.

    A toll that rose wins over the first figure; otherwise the first figure of a category.
    """
    figures: dict[str, dict[str, int]] = {}
    for found in casualty_figures(sentence.text):
        if found.update or found.category not in figures:
            figures[found.category] = found.figure
    return figures


# -- assembling incidents -----------------------------------------------------------------------

ANCHOR_RELATIVE_GAPS = {  # anchor-relative phrases, when the anchor is unknown: how far before
    "day": "days", "week": "days", "month": "weeks", "year": "months", "weekend": "days",
}


def _relative_gap(mention: DateMention) -> str:
    words = mention.text.lower()
    for word, gap in ANCHOR_RELATIVE_GAPS.items():
        if word in words:
            return gap
    return "weeks"


def _secondary_date(mention: DateMention, main_key: str, main_date: MainDate | None = None,
                    dating: DatingRules | None = None, sentence_text: str = ""):
    """Date of an earlier incident: its own value, else relative to the main incident."""
    if mention.relation in ("before", "after"):
        # "The strikes came days after X": X is *before* the main incident; "A day later,
        # gunmen ambushed a convoy": the convoy is after it.
        return {relation_to_main(mention, sentence_text): main_key, "by": mention.gap or "days"}
    if mention.value:
        return mention.value
    # Anchored to an unknown publication date: "earlier this month" is some time before
    # the report, and so before the main incident; two weekdays are ordered by each other.
    if main_date is None or dating is None:
        return {"before": main_key, "by": _relative_gap(mention)}
    return relative_to_main(mention, main_date, main_key, dating, _relative_gap(mention))


REPORTED_INTENT = re.compile(r"\b(?:said|announced|confirmed|stated|warned)\s+(?:that\s+)?"
                             r"(?:it|they|he|she|we|the \w+)\s+would\b", re.I)


def _is_past_event_sentence(text: str) -> bool:
    """No future or conditional, except a reported one: "announced it would cut jobs" happened."""
    text = REPORTED_INTENT.sub(" ", text)
    return not re.search(r"\b(?:will|would|plans? to|is expected to|are expected to)\b", text, re.I)


def _title(type_label: str, actors, places, clause: str = "") -> str:
    """"Airstrike by X on Y in Z" from what is known; the clause itself when nothing is."""
    perpetrator = next((m.name for m, r in actors if r == "perpetrator"), None)
    target = next((m.name for m, r in actors if r in ("target", "victim")), None)
    place = next((p for p, r in places if r == "location"), None)
    parts = [type_label]
    if perpetrator:
        parts.append(f"by {perpetrator}")
    if target:
        parts.append(f"on {target}")
    if place:
        parts.append(f"in {place.text if place.qualifier else place.name}")
    if len(parts) == 1 and clause:
        words = clause.strip(" ,.;:-—").split()
        text = " ".join(words[:14]) + ("…" if len(words) > 14 else "")
        return text[:1].upper() + text[1:]
    return " ".join(parts)


def _evidence(sentences: dict[int, Sentence], field_name: str, index: int) -> Evidence:
    s = sentences[index]
    return Evidence(field_name, s.text, s.lineno)


HEADLINE = -1  # Sentence.index of the headline, read before the body


def headline_sentence(cleaned, meta) -> Sentence:
    """The headline as a sentence, so the stages can find actors and places in it."""
    text = meta.title or cleaned.headline.text
    lineno = cleaned.headline.lineno if cleaned.headline else 1
    return Sentence(HEADLINE, text, -1, lineno)


DATELINE = -2  # Sentence.index of the dateline's place ("OSLO, June 18 -"), stripped from the lead


def dateline_sentence(meta) -> Sentence | None:
    """The dateline's place as a sentence, written as places are ("LYON, France" -> "Lyon, France")."""
    if not meta.dateline_place:
        return None
    text = meta.dateline_place
    if text.isupper():
        text = ", ".join(part.strip().title() for part in text.split(","))
    return Sentence(DATELINE, text, -1, 1)


def build_incidents(article: ExtractedArticle, classifier: TypeClassifier,
                    type_labels: dict[str, str], dating: DatingRules | None = None) -> list[DraftIncident]:
    """The main incident and the earlier incidents an article reports, with evidence."""
    sentences = {s.index: s for s in article.sentences}
    if not sentences and article.cleaned.headline is None and not article.meta.title:
        return []
    if article.meta.title or article.cleaned.headline:
        sentences[HEADLINE] = headline_sentence(article.cleaned, article.meta)
    dateline = dateline_sentence(article.meta)
    if dateline is not None:
        sentences[DATELINE] = dateline
    by_sentence_dates: dict[int, list[DateMention]] = {}
    for d in article.dates:
        by_sentence_dates.setdefault(d.sentence, []).append(d)

    headline = article.meta.title or (article.cleaned.headline.text if article.cleaned.headline else "")
    lead = _lead_sentences(article.sentences)
    # The headline says what happened most plainly; the lead confirms or decides.
    # What follows "after" or "in response to" is the earlier incident, not this one.
    # The headline and lead decide; the next few sentences only when they name nothing.
    main_type = classifier.classify_weighted(
        [(_main_part(headline), 3)] + [(_masked(sentences[i].text, by_sentence_dates.get(i, []), 0,
                                                len(_main_part(sentences[i].text))), 1) for i in lead]) \
        or classifier.classify_weighted([(s.text, 1) for s in article.sentences if s.index not in lead][:4]) \
        or classifier.fallback

    dating = dating or default_dating_rules()
    # Sentences after the lead date the main incident, and a lead's "after"-clause tells it, only
    # when they report its kind of event ("The blaze started on Tuesday" under a fire).
    main_date = resolve_main_date(article.meta, article.sentences, article.dates, dating,
                                  lambda text: classifier.classify(text) == main_type)
    secondaries = _find_secondaries(article, classifier, by_sentence_dates, lead, main_date.full,
                                    main_date, dating)
    taken: dict[int, list[tuple[int, int]]] = {}
    for sec in secondaries:
        for index in sec.sentences:
            taken.setdefault(index, []).append(sec.spans.get(index, (0, len(sentences[index].text))))
    secondaries = [sec for sec in secondaries if not sec.background]
    main_regions = owned_spans({i: s.text for i, s in sentences.items()}, taken)
    main_sentences = [i for i in sorted(sentences) if main_regions[i]]

    main = DraftIncident("main", headline or "Untitled incident", "unknown", main_type, main_sentences)
    main.date = main_date.value
    # Roles come from sentences that report something happening; background ("The US has
    # 2,500 troops in Iraq") only mentions.
    role_sentences = set(lead) | {i for i in main_sentences
                                  if classifier.is_event_type(classifier.classify(sentences[i].text))}
    reference = main.date if isinstance(main.date, str) and main.date != "unknown" else \
        article.meta.published.isoformat() if article.meta.published else None
    _fill(main, article, sentences, set(lead) | {HEADLINE, DATELINE}, regions=main_regions,
          role_sentences=role_sentences | {HEADLINE}, casualty_dates=CasualtyDates(by_sentence_dates, reference, frozenset(lead) | {HEADLINE}, classifier,
                                       main.type),
          classifier=classifier)
    _place_dateline(main)
    main.title = headline or _title(type_labels.get(main.type, main.type), main.actors, main.places)
    if headline:
        main.evidence.insert(0, Evidence("title", headline, article.cleaned.headline.lineno
                                         if article.cleaned.headline else 1))
    if main_date.sentence is not None and main.date != "unknown":
        main.evidence.append(_evidence(sentences, "date", main_date.sentence))
    elif main_date.evidence:
        main.evidence.append(Evidence("date", main_date.evidence, 1))  # the header or dateline, at the top
    if main_date.source == "publication":
        main.notes.append({"kind": "editor", "text": f"Date: {main_date.reason}; check it against the text."})
    if main_date.source == "dateline":
        main.notes.append({"kind": "editor", "text": (
            f"Year unknown: the dateline says \"{article.meta.published_text}\" and the article gives no year; "
            "add it if another source has it.")})
    elif main.date == "unknown":
        unresolved = [m for i in lead for m in by_sentence_dates.get(i, []) if m.value is None and not m.relation]
        if unresolved and article.meta.published is None:
            dateline = (f" (its dateline says \"{article.meta.published_text}\" with no year)"
                        if article.meta.published_text else "")
            main.notes.append({"kind": "editor", "text": (
                f"Date unknown: the article says \"{unresolved[0].text}\" but gives no publication date"
                f"{dateline} to place it; add the date if another source has it.")})
            main.evidence.append(_evidence(sentences, "date", unresolved[0].sentence))
    main.evidence.append(Evidence("type", headline, article.cleaned.headline.lineno
                                  if article.cleaned.headline else 1) if classifier.classify(headline)
                         else _evidence(sentences, "type", lead[0]) if lead else Evidence("type", headline, 1))
    if lead:
        main.summary = sentences[lead[0]].text

    main_responds = any(RESPONSE_CUES.search(sentences[i].text) for i in lead + [HEADLINE] if i in sentences)
    if not any(sec.linked for sec in secondaries):
        # "Curfew imposed after riots ...": the headline names the earlier incident by its kind only.
        cause = classifier.classify_weighted([(_after_part(headline), 3)]
                                             + [(_after_part(sentences[i].text), 1) for i in lead])
        for sec in secondaries:
            sec.linked = sec.type == cause
    for sec in secondaries:
        first = sec.sentences[0]
        start, end = sec.spans.get(first, (0, len(sentences[first].text)))
        sec.title = _title(type_labels.get(sec.type, sec.type), sec.actors, sec.places,
                           sentences[first].text[start:end])
        relation = _relation(main, sec, main_responds)
        if relation:
            main.related.append((sec.key, relation))
    return [main] + secondaries


def _ids(incident: DraftIncident, roles: tuple[str, ...]) -> set[str]:
    return {m.actor_id for m, role in incident.actors if role in roles}


def _relation(main: DraftIncident, earlier: DraftIncident, main_responds: bool) -> str | None:
    """How the main incident relates to an earlier one the article reports.

    A response answers what the other side did: the earlier incident hit the
    main one's perpetrator, or was done by its target. The same perpetrator
    acting again is a sequel ("follows").
    """
    if not (isinstance(earlier.date, dict) and "before" in earlier.date) and not isinstance(earlier.date, str):
        return None
    main_doers, main_targets = _ids(main, ("perpetrator",)), _ids(main, ("target", "victim"))
    doers, targets = _ids(earlier, ("perpetrator",)), _ids(earlier, ("target", "victim"))
    if main_responds and ((targets & main_doers) or (doers & main_targets)):
        return "response-to"
    if doers & main_doers and earlier.type == main.type:
        return "follows"
    if earlier.linked:
        # What people do in answer to what others did is a response; what comes of an event
        # that merely happened (a quake, a defeat, a vote), or an event that merely happens, follows.
        if main_responds or not ({main.type, earlier.type} & HAPPENINGS):
            return "response-to"
        return "follows"
    return None


# Types of things that happen rather than being done by one party to another.
HAPPENINGS = frozenset({"disaster", "accident", "election", "sport"})


def _dating_mentions(mentions: list[DateMention], past_of: str | None = None) -> list[DateMention]:
    """Mentions that can date a discrete earlier incident.

    "since mid-October" describes an ongoing situation, not one incident; "this
    week" may hold the main incident itself; a range over before the main incident
    ("last week's earthquake") can date an earlier one.
    """
    return [m for m in mentions if not m.text.lower().startswith("since")
            and (m.precision != "range" or m.relation or _ends_before(m.value, past_of))]


def _place_dateline(main: DraftIncident) -> None:
    """Where a report was filed is where it happened only when nothing else says where."""
    located = any(role == "location" for m, role in main.places if m.sentence != DATELINE)
    if located:
        main.places = [(m, "mentioned" if m.sentence == DATELINE else role) for m, role in main.places]


def _lead_sentences(sentences: list[Sentence]) -> list[int]:
    """The first paragraph's sentences: where news puts who, what, where and when."""
    if not sentences:
        return []
    first = sentences[0].paragraph
    return [s.index for s in sentences if s.paragraph == first]


def _find_secondaries(article: ExtractedArticle, classifier: TypeClassifier,
                      dates: dict[int, list[DateMention]], lead: list[int],
                      main_date: str | None = None, resolved: MainDate | None = None,
                      dating: DatingRules | None = None) -> list[DraftIncident]:
    """Earlier incidents: clauses that report an event with a date of their own.

    Outside the lead any dated clause may; in the lead only one that is not the
    main incident's: linked to it ("days after", "in retaliation for") or dated
    before it. Reports of one incident in several places are merged.
    """
    found: list[DraftIncident] = []
    ordered = article.sentences
    sentences = {s.index: s for s in ordered}
    published = article.meta.published.isoformat() if article.meta.published else None
    # Undated main incident: what ended before the year of the report is still earlier.
    main_date = main_date or (published[:4] if published else None)
    main_mention = resolved.mention if resolved is not None else None
    for position, sentence in enumerate(ordered):
        mentions = _dating_mentions(dates.get(sentence.index, []), past_of=main_date)
        in_lead = sentence.index in lead
        spans_here: list[tuple[int, int]] = []
        # "since November": a period, background in the body, never an incident of its own.
        periods = [] if in_lead else [m for m in dates.get(sentence.index, []) if m not in mentions
                                      and m.text.lower().startswith("since") and not m.relation]
        for mention in mentions + periods:
            if mention is main_mention or _in_participial_aside(sentence.text, mention, classifier):
                continue
            if not in_lead and main_date and mention.value == main_date and not mention.relation:
                continue  # the body telling the main incident again ("the bridge collapsed on Wednesday")
            span = _earlier_clause(sentence.text, mention, mentions, in_lead, main_date)
            if span is None or any(a <= mention.start < b for a, b in spans_here):
                continue  # not an earlier incident, or the clause of one already found ("Wednesday and Thursday")
            start, end = span
            if in_lead and main_mention is not None and main_mention.sentence == sentence.index \
                    and start <= main_mention.start < mention.start:
                start = main_mention.end  # the main incident's own date is not the earlier one's
            clause = _masked(sentence.text, mentions, start, end)
            period = mention in periods or bool(re.search(r"\bsince\b", clause[: mention.start - start], re.I))
            if mention in periods:  # "X blamed Y, who have stepped up raids since March": only the aside
                start = max([start] + [m.start() for m in RELATIVE_COMMA.finditer(sentence.text, start, mention.start)])
                clause = _masked(sentence.text, mentions, start, end)
            if not _is_past_event_sentence(clause) or (period and in_lead):
                continue  # "has seen unrest since protests in 2021": a period, not an incident
            type_id = classifier.classify_event(clause)
            if not classifier.is_event_type(type_id) and in_lead and position > 0 and mention.relation is None \
                    and (main_mention is None or main_mention.sentence != sentence.index):
                # "A previous epidemic, declared in 2016, killed 64": the comma clause names no
                # event, the sentence does; a later lead sentence of its own may be all about it.
                start, end = event_clause(sentence.text, mention)
                clause = _masked(sentence.text, mentions, start, end)
                type_id = classifier.classify_event(clause) if _is_past_event_sentence(clause) else None
            if not classifier.is_event_type(type_id):
                continue
            spans_here.append((start, end))
            incident = DraftIncident("", "", _secondary_date(mention, "main", resolved, dating, sentence.text),
                                     type_id, [sentence.index])
            incident.spans = {sentence.index: (start, end)}
            # "the deadliest since December 2023, when ...", "has struck ships since November":
            # a yardstick or a period, told as background.
            tied = mention.relation == "after" or (in_lead and start > 0 and LINK_CUE.search(sentence.text[:start]))
            incident.background = (period and not in_lead) or (
                not tied and _history(mention, main_date or published, clause))
            incident.linked = in_lead or mention.relation == "after"
            # A following sentence that points back ("That strike ...") belongs to it too, and so does
            # an undated one that goes on in the same paragraph ("Three workers were injured.").
            following = ordered[position + 1] if position + 1 < len(ordered) else None
            if following is not None and (ANAPHORA.match(following.text) or (
                    not in_lead and end == len(sentence.text) and following.paragraph == sentence.paragraph
                    and not dates.get(following.index))):
                incident.sentences.append(following.index)
            found.append(incident)
    background = [incident for incident in found if incident.background]
    found = _merge_reports([incident for incident in found if not incident.background], main_date)
    for number, incident in enumerate(found, 1):
        incident.key = f"earlier-{number}"
        first = incident.sentences[0]
        spanned = set(incident.spans)
        _fill(incident, article, sentences, location_sentences=spanned, regions=dict(incident.spans),
              role_sentences=spanned, classifier=classifier)
        incident.evidence.append(_evidence(sentences, "date", first))
        incident.evidence.append(_evidence(sentences, "type", first))
        incident.summary = sentences[first].text
    for incident in background:
        incident.key = "background"
    return found + background


PARTICIPLE_ASIDE = re.compile(r",\s+(?:(?:which|who)\s+(?:was\s+|were\s+|has\s+|had\s+)?(?:\w+\s+)?\w+|"
                              r"(?:\w+ly\s+)?(?:\w+ed|born|built|chosen|founded|held|known|made|seen|sworn|"
                              r"taken|won|begun|grown|shown))\b[^,;.]{0,40}$", re.I)
ASIDE_CLOSE = re.compile(r"^[^,;.]{0,50},")


def _in_participial_aside(text: str, mention: DateMention, classifier: "TypeClassifier") -> bool:
    """ "Carver, appointed in June, won two games": a date that describes a name set off by
    commas dates no incident, and the clause around it belongs to the one it is about. Set off
    after an event ("a measles epidemic, declared in 2016, killed 64") it dates that event."""
    aside = PARTICIPLE_ASIDE.search(text[:mention.start])
    if aside is None or not ASIDE_CLOSE.match(text[mention.end:]):
        return False
    head = " ".join(text[:aside.start()].split()[-4:])
    return not classifier.is_event_type(classifier.classify(head))


RELATIVE_COMMA = re.compile(r",\s+(?:who|which|where|whose)\b", re.I)


def _history(mention: DateMention, reference: str | None, clause: str) -> bool:
    """History told as background, no incident: a year and nothing finer, more than a year
    before the report, in a clause that tells no toll ("the club last won the cup in 2019", "the
    group seized the north in 2014"). "A 2016 epidemic killed 64 children" is an incident, and so
    is one dated by its month ("a raid in March 2022")."""
    if mention.relation or mention.precision != "year" or not mention.value or not reference:
        return False
    end = _period_end(mention.value)
    if not end[:4].isdigit():
        return False
    a_year_on = f"{int(end[:4]) + 1}{end[4:]}"
    return a_year_on < reference and not casualty_figures(clause)


LINK_CUE = re.compile(r"\b(?:after|following|in (?:direct )?response to|in retaliation for|in reprisal for|"
                      r"in revenge for|over)\s+$", re.I)
LINK_WORD = re.compile(r"\b(?:after|following)\s+(?!(?:\w+\s+){0,2}(?:hours?|days?|weeks?|months?)\b)", re.I)
LEAD_BREAK = re.compile(r"(?:,\s+|;\s+|\s+and\s+|\s+[-—]\s+|\b(?:after|following|when|in (?:direct )?response to|"
                        r"in retaliation for|in reprisal for|in revenge for)\s+)", re.I)


def _earlier_clause(text: str, mention: DateMention, mentions: list[DateMention], in_lead: bool,
                    main_date: str | None) -> tuple[int, int] | None:
    """The span an earlier incident dated by ``mention`` owns, or None when it dates no earlier one.

    The lead reports the main incident: an earlier one there is a short clause
    ("a 17-year-old shot dead ... on Tuesday", "after a fire ... in April") that is
    linked to the main one or dated before it. Elsewhere the clause runs on to the
    next dated clause ("..., and 23 people were detained" is the same night's).
    """
    if mention.relation == "after":
        return event_clause(text, mention)
    if not in_lead:
        start, end = event_clause(text, mention)
        # "The riots broke out after police arrested X on Tuesday": the date is the arrest's.
        cues = [c.end() for c in LINK_WORD.finditer(text, start, mention.start)]
        later = [event_clause(text, m)[0] for m in mentions if m.start > end]
        return max([start] + cues), max(end, min(later, default=len(text)))
    if mention.relation is not None:
        return None
    breaks = list(LEAD_BREAK.finditer(text))
    start = max([b.end() for b in breaks if b.end() <= mention.start], default=0)
    end = min([b.start() for b in breaks if b.start() >= mention.end], default=len(text))
    linked = bool(LINK_CUE.search(text[:start])) and start > 0
    if linked or _ends_before(mention.value, main_date):
        return start, end
    return None


def _period_end(value: str) -> str:
    """The last day an EDTF value may mean, as sortable text ("2024-04" -> "2024-04-99")."""
    last = value.replace("~", "").split("/")[-1]
    return last + "-99" * ((10 - len(last)) // 3)


def _ends_before(value: str | None, main_date: str | None) -> bool:
    return bool(value and main_date) and _period_end(value) < main_date.replace("~", "").split("/")[0]


def _masked(text: str, mentions: list[DateMention], start: int, end: int) -> str:
    """``text[start:end]`` with date expressions blanked: "March 6" is no protest march."""
    chars = list(text[start:end])
    for m in mentions:
        for i in range(max(m.start, start), min(m.end, end)):
            chars[i - start] = " "
    return "".join(chars)


GAP_DAYS = {"hours": (0, 2), "days": (1, 13), "weeks": (5, 70), "months": (25, 400), "years": (300, 4000)}


def _day(value) -> "dt.date | None":
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _same_time(vague, precise, main_date: str | None) -> bool:
    """Could an incident dated ``vague`` be the one dated ``precise``?

    "in April" and "April 14"; "last week" and "March 6"; "a week after" and
    March 4 when the main incident was on March 11.
    """
    if not isinstance(precise, str) or precise == "unknown" or vague == precise:
        return False
    if isinstance(vague, dict):
        main, day = _day(main_date), _day(precise)
        low, high = GAP_DAYS.get(vague.get("by", ""), (0, -1))
        return bool(main and day) and "before" in vague and low <= (main - day).days <= high
    if not isinstance(vague, str) or vague == "unknown":
        return False
    if "/" in vague:
        first, last = (part.replace("~", "") for part in vague.split("/"))
        return first <= precise.replace("~", "") <= _period_end(last)
    return len(precise) > len(vague) and precise.startswith(vague)


def _merge_reports(found: list[DraftIncident], main_date: str | None) -> list[DraftIncident]:
    """Merge an incident into the first one of its type with a more precise date it could be.

    A lead says "after a fire ... in April", a later paragraph "the blaze broke out
    on April 14": one fire, dated by the more precise report.
    """
    merged: list[DraftIncident] = []
    for incident in found:
        into = next((o for o in found if o is not incident and o.type == incident.type
                     and _same_time(incident.date, o.date, main_date)), None)
        if into is None:
            merged.append(incident)
            continue
        into.linked = into.linked or incident.linked
        into.spans.update({i: s for i, s in incident.spans.items() if i not in into.spans})
        into.sentences += [i for i in incident.sentences if i not in into.sentences]
    return merged


CLAUSE_BREAK = re.compile(r"(?:;\s+|,\s+(?:and|but|while|whereas)\s+|\s+-\s+|\s+—\s+)")


def event_clause(text: str, mention: DateMention) -> tuple[int, int]:
    """The span of a sentence that describes the event a date mention dates.

    "X came days after Y happened": Y, after the mention. Otherwise the clause
    around the mention; a clause that opens with "including" belongs with the
    clause before it ("... carried out strikes, including one that killed ...").
    """
    if mention.relation == "after":
        return mention.end, len(text)
    breaks = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    start = max(b for b in breaks if b <= mention.start)
    end = min(b for b in breaks if b >= mention.end)
    return start, end


def owned_spans(sentence_count_text: dict[int, str], taken: dict[int, list[tuple[int, int]]]):
    """For the main incident: what is left of each sentence once earlier incidents took their clauses."""
    return {i: _complement(len(text), taken.get(i, [])) for i, text in sentence_count_text.items()}


def _complement(length: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result, cursor = [], 0
    for start, end in sorted(spans):
        if start > cursor:
            result.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < length:
        result.append((cursor, length))
    return result


def _clause_start(text: str, offset: int, region) -> int:
    """Start of the clause holding ``offset``: the owned span's start, or the last clause break."""
    starts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text) if m.end() <= offset]
    if isinstance(region, tuple):
        starts.append(region[0])
    elif isinstance(region, list):
        starts.extend(a for a, b in region if a <= offset)
    return max(a for a in starts if a <= offset)


def _clause_end(text: str, offset: int, region) -> int:
    """End of the clause holding ``offset``: the next clause break, or the owned span's end."""
    ends = [m.start() for m in CLAUSE_BREAK.finditer(text) if m.start() >= offset] + [len(text)]
    if isinstance(region, tuple):
        ends.append(region[1])
    elif isinstance(region, list):
        ends.extend(b for a, b in region if b >= offset)
    return min(b for b in ends if b >= offset)


def _in_region(mention, regions) -> bool:
    region = regions.get(mention.sentence)
    if region is None:
        return True
    spans = region if isinstance(region, list) else [region]
    return any(start <= mention.start and mention.end <= end for start, end in spans)


MAIN_PART_END = re.compile(r"\s(?:(?:\w+\s+){0,2}(?:hours?|days?|weeks?|months?)\s+)?(?:after|following|"
                           r"in (?:direct )?response to|in retaliation for|in reprisal for|in revenge for)\s", re.I)


def _main_part(text: str) -> str:
    """A headline or lead up to where it turns to what came before ("... after riots over ...")."""
    match = MAIN_PART_END.search(text)
    return text[: match.start()] if match and match.start() > 15 else text


def _after_part(text: str) -> str:
    """What a headline or lead says came before: the part ``_main_part`` leaves out."""
    return text[len(_main_part(text)):]


BACKGROUND_CUES = re.compile(r"\b(?:(?:in|a|as a) (?:direct )?response to|in retaliation for|in reprisal for|"
                             r"in revenge for|retaliation for)\b", re.I)


def _background_from(text: str) -> int:
    """Offset after which a sentence speaks of an earlier event ("in response to ...")."""
    match = BACKGROUND_CUES.search(text)
    return match.end() if match else len(text)


# "drones sold to Russia", "talks with Iran": a country these name is where something goes or
# who one deals with, not where the incident happened.
DIRECTION_BEFORE = re.compile(r"\b(?:to|from|with|against|toward|towards|between)\s+(?:the\s+)?$", re.I)
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|across|into|from|inside|outside|throughout|around|of)\s+(?:the\s+)?"
                             r"(?:\w+\s+)?$", re.I)


def _place_is_actor(mention: PlaceMention, sentence: Sentence, actor_spans: set[tuple[int, int, int]]) -> bool:
    """"US forces", "Iraq's government": a state acting, not a location, unless a preposition says so.

    A preposition before a state named with what it acts with ("in US strikes", "by Turkish
    warplanes") does not make it a location: the actor's span runs on past the place name.
    """
    spans = [(a, b) for i, a, b in actor_spans if i == mention.sentence and a < mention.end and mention.start < b]
    if any(b > mention.end for _a, b in spans):
        return True
    return bool(spans) and not LOCATIVE_BEFORE.search(sentence.text[: mention.start])


def _fill(incident: DraftIncident, article: ExtractedArticle, sentences: dict[int, Sentence],
          location_sentences: set[int], regions: dict | None = None,
          role_sentences: set[int] | None = None, casualty_dates: CasualtyDates | None = None,
          classifier: TypeClassifier | None = None) -> None:
    """Actors, places and casualties of an incident from the parts of sentences it owns."""
    regions = regions or {}
    role_rules = load_role_rules()
    own = set(incident.sentences)
    role_sentences = own if role_sentences is None else role_sentences
    pairs = []
    # "Road" inside "Easter Road": a word of a place's name, not an actor.
    place_spans = [(m.sentence, m.start, m.end) for m in article.places]
    for mention in article.actors:
        if mention.sentence not in own or not _in_region(mention, regions):
            continue
        if any(i == mention.sentence and a <= mention.start and mention.end <= b and b - a > mention.end - mention.start
               for i, a, b in place_spans):
            continue
        sentence = sentences[mention.sentence]
        region = regions.get(mention.sentence)
        role = actor_role(sentence, mention, _clause_start(sentence.text, mention.start, region),
                          _clause_end(sentence.text, mention.end, region), role_rules)
        if mention.sentence not in role_sentences and role in ("perpetrator", "target", "victim") \
                and not claims_act(sentence.text, mention, role_rules):  # a claim is about the incident
            role = "mentioned"  # "That strike infuriated ...": about the incident, not in it
        if mention.start >= _background_from(sentence.text) and role != "spokesperson":
            role = "mentioned"
        if role == "mentioned" and classifier is not None and mention.sentence in role_sentences \
                and incident.type in role_rules.participant_types | role_rules.no_perpetrator_types \
                and beside_event_word(sentence.text, mention, classifier.keyword_spans(sentence.text, incident.type),
                                      _clause_start(sentence.text, mention.start, region),
                                      _clause_end(sentence.text, mention.end, region), role_rules):
            role = "participant"
        pairs.append((mention, role_for_type(role, incident.type, role_rules)))
    incident.actors = _merge_roles(pairs)
    for mention, _role in incident.actors:
        incident.evidence.append(_evidence(sentences, "actors", mention.sentence))

    actor_spans = {(m.sentence, m.start, m.end) for m in article.actors if m.kind == "state"}
    seen_places: dict[str, tuple[PlaceMention, str]] = {}
    for mention in article.places:
        if mention.sentence not in own or not _in_region(mention, regions):
            continue
        sentence = sentences[mention.sentence]
        if _place_is_actor(mention, sentence, actor_spans):
            continue
        located = mention.sentence in location_sentences and mention.start < _background_from(sentence.text) \
            and not (mention.kind == "country" and DIRECTION_BEFORE.search(sentence.text[: mention.start]))
        role = "location" if located else "mentioned"
        key = mention.place_id + (f"@{mention.qualifier}" if mention.qualifier else "")
        current = seen_places.get(key)
        if current is None or (role == "location" and current[1] != "location"):
            seen_places[key] = (mention, role)
    incident.places = sorted(seen_places.values(), key=lambda pr: (pr[1] != "location", pr[0].sentence, pr[0].start))
    for mention, _role in incident.places:
        incident.evidence.append(_evidence(sentences, "places", mention.sentence))

    _fill_casualties(incident, sentences, regions, casualty_dates)


def _fill_casualties(incident: DraftIncident, sentences: dict[int, Sentence], regions: dict,
                     casualty_dates: "CasualtyDates | None") -> None:
    """Casualty figures from the parts of sentences an incident owns, every category.

    The first figure of a category stands unless a later one says the toll rose. With
    ``casualty_dates`` (the main incident) a figure is left out when it is stated about
    something earlier: after "in response to", or next to a date before the incident's
    ("48 died in the 2019 earthquake").
    """
    for index in incident.sentences:
        sentence = sentences[index]
        region = regions.get(index, [(0, len(sentence.text))])
        for start, end in region if isinstance(region, list) else [region]:
            for found in casualty_figures(sentence.text[start:end]):
                offset = start + found.start
                if casualty_dates is not None and casualty_dates.about_earlier(sentence, offset):
                    continue
                if found.update or found.category not in incident.casualties:
                    if found.category not in incident.casualties:
                        incident.evidence.append(_evidence(sentences, "casualties", index))
                    incident.casualties[found.category] = found.figure


@dataclass(frozen=True)
class CasualtyDates:
    """What tells a main incident's casualty figure from one about an earlier event."""

    dates: dict[int, list[DateMention]]  # by sentence
    reference: str | None  # the incident's date (or the publication date) as EDTF
    # The headline and lead report the incident itself: there "weakened by last week's quake
    # and injuring 19" is this incident's toll, and earlier ones have clauses of their own.
    lead: frozenset[int] = frozenset()
    classifier: "TypeClassifier | None" = None
    incident_type: str | None = None

    def about_earlier(self, sentence: Sentence, offset: int) -> bool:
        if offset >= _background_from(sentence.text):
            return True
        if sentence.index not in self.lead and CUMULATIVE.search(sentence.text[offset:]):
            return True  # "63 people had died in floods across the country since June": a running total
        if self._of_another_event(sentence.text[:offset]):
            return True
        mentions = [] if sentence.index in self.lead else self.dates.get(sentence.index, [])
        if not mentions:
            return False
        nearest = min(mentions, key=lambda m: (max(m.start - offset, offset - m.end, 0), m.start))
        return nearest.relation == "after" or _ends_before(nearest.value, self.reference)

    def _of_another_event(self, before: str) -> bool:
        """ "the earthquake, which killed 48": a toll told of an event of another kind."""
        match = RELATIVE_TOLL.search(before)
        if match is None or self.classifier is None:
            return False
        kind = self.classifier.classify(match.group("event"))
        return self.classifier.is_event_type(kind) and kind != self.incident_type


CUMULATIVE = re.compile(r"^[^.;]*?\b(?:since|so far this year|this year|across the country|nationwide)\b", re.I)
# "<event noun>, which killed", "<event noun> in which 48 people died", "<event noun> that left"
RELATIVE_TOLL = re.compile(r"(?P<event>(?:[\w'’-]+\s+){0,3}[\w'’-]+),?\s+(?:in\s+which|which|that)\s+"
                           r"(?:had\s+|has\s+|also\s+)*(?:[\w-]+\s+){0,3}$", re.I)
