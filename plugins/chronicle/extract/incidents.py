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

import re
from dataclasses import dataclass, field

from .article import ActorMention, DateMention, Evidence, ExtractedArticle, PlaceMention, Sentence

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


# -- cue words: grammar of news English, not knowledge of the world ------------------------------

SPEECH_VERBS = r"(?:said|says|told|added|announced|stated|confirmed|claimed|warned|wrote|tweeted|posted)"
RESPONSE_CUES = re.compile(r"\b(in (?:direct )?response to|in retaliation for|retaliat\w*|in reprisal for)\b", re.I)
ANAPHORA = re.compile(r"^(?:That|This|The) (?:strike|attack|raid|blast|incident|bombing|killing|assault|protest|"
                      r"storm|quake|earthquake|flood|fire|breach|hack|vote|match|deal)\b", re.I)
TARGET_BEFORE = re.compile(r"\b(?:on|against|at|targeting|targeted|hit|struck|killed|killing)\s+(?:the\s+)?$", re.I)
PASSIVE_TARGET_AFTER = re.compile(r"^\W*(?:\w+\W+){0,4}?(?:were|was|have been|had been|has been)\s+"
                                  r"(?:\w+\s+)?(?:targeted|attacked|hit|struck|killed|injured|wounded)", re.I)
AGENT_BEFORE = re.compile(r"\b(?:by|blamed on|claimed by|carried out by)\s+(?:the\s+|militants\s+|forces\s+)?"
                          r"(?:\w+\s+){0,3}$", re.I)
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozens": None, "scores": None}
CASUALTY_NOUNS = (r"(?:people|persons|civilians|soldiers|troops|fighters|militants|police(?:men| officers)?|"
                  r"officers|children|women|men|residents|workers|passengers|members|commanders?|leaders?|"
                  r"protesters|demonstrators|staff|patients|journalists|personnel|others|[a-z-]+ers)")
CASUALTY_VERBS = {"killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed", "death toll": "killed",
                  "injured": "injured", "wounded": "injured", "hurt": "injured", "missing": "missing",
                  "displaced": "displaced", "evacuated": "displaced", "arrested": "arrested", "detained": "arrested"}


# -- type classification ------------------------------------------------------------------------

def _keyword_pattern(keyword: str) -> re.Pattern:
    """A vocabulary keyword as a whole-word pattern; `*` stands for up to three words."""
    parts = [re.escape(p.strip()) for p in keyword.lower().split("*")]
    return re.compile(r"\b" + r"(?:\s+\S+){0,3}?\s+".join(parts) + r"\b")


@dataclass(frozen=True)
class TypeClassifier:
    """Keyword rules from the type vocabulary, in vocabulary order."""

    rules: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    fallback: str = "other"

    @classmethod
    def from_keywords(cls, keywords: dict[str, list[str]]) -> "TypeClassifier":
        rules = tuple((tid, tuple(_keyword_pattern(k) for k in words)) for tid, words in keywords.items() if words)
        fallback = "other" if "other" in keywords else next(iter(keywords), "other")
        return cls(rules, fallback)

    def classify(self, text: str) -> str | None:
        lowered = text.lower()
        for type_id, patterns in self.rules:
            if any(p.search(lowered) for p in patterns):
                return type_id
        return None

    def is_event_type(self, type_id: str | None) -> bool:
        """Types that describe something that happened, not merely a statement."""
        return type_id is not None and type_id not in ("statement", self.fallback)


# -- roles ----------------------------------------------------------------------------------------

def actor_role(sentence: Sentence, mention: ActorMention) -> str:
    """The role an actor plays in the incident a sentence reports, from local grammar."""
    before = sentence.text[: mention.start]
    after = sentence.text[mention.end:]
    if mention.kind == "person" and re.search(SPEECH_VERBS, sentence.text, re.I) and (
            re.match(rf"^\W*(?:\w+\s+){{0,2}}{SPEECH_VERBS}\b", after, re.I)
            or re.search(rf"{SPEECH_VERBS}\W*$", before.rstrip(",” \"'"), re.I)):
        return "spokesperson"
    if re.match(rf"^\W*(?:\w+\s+){{0,2}}{SPEECH_VERBS}\b", after, re.I) and mention.kind not in ("state",):
        return "spokesperson"
    if AGENT_BEFORE.search(before):
        return "perpetrator"
    if PASSIVE_TARGET_AFTER.match(after):
        return "target"
    if TARGET_BEFORE.search(before[-40:]) or re.search(r"\b(?:on|against)\s+(?:\w+\s+){0,5}$", before[-60:]) \
            and not re.search(r"\b(?:by|said)\b", before[-60:]):
        return "target"
    if re.match(r"^[\w\s-]{0,30}?\b(?:forces|troops|military|army|police|has|have|had|carried|conducted|"
                r"launched|struck|fired|targeted|attacked|killed|carries|carry|strikes?)\b", after, re.I) \
            and len(before.strip()) < 25:
        return "perpetrator"
    return "mentioned"


ROLE_RANK = {"perpetrator": 0, "target": 1, "victim": 2, "spokesperson": 3, "participant": 4, "mentioned": 5}


def _merge_roles(pairs: list[tuple[ActorMention, str]]) -> list[tuple[ActorMention, str]]:
    """One entry per actor, keeping its strongest role and first mention."""
    best: dict[str, tuple[ActorMention, str]] = {}
    for mention, role in pairs:
        current = best.get(mention.actor_id)
        if current is None or ROLE_RANK[role] < ROLE_RANK[current[1]]:
            best[mention.actor_id] = (current[0] if current else mention, role)
    return sorted(best.values(), key=lambda mr: (ROLE_RANK[mr[1]], mr[0].sentence, mr[0].start))


# -- casualties -----------------------------------------------------------------------------------

def _number(token: str) -> int | None:
    token = token.lower().replace(",", "")
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


CASUALTY_PATTERNS = (
    # "killed at least 12 people", "killed a commander"
    re.compile(rf"\b(?P<verb>killed|injured|wounded|displaced|evacuated|arrested|detained)\s+"
               rf"(?P<qual>at least|more than|over|up to|nearly|about|around|some)?\s*"
               rf"(?P<n>\d[\d,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
               rf"(?:[\w-]+\s+){{0,2}}?{CASUALTY_NOUNS}\b", re.I),
    # "at least 12 people were killed", "three soldiers died", "40 injured"
    re.compile(rf"\b(?P<qual>at least|more than|over|up to|nearly|about|around|some)?\s*"
               rf"(?P<n>\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
               rf"(?:[\w-]+\s+){{0,2}}?{CASUALTY_NOUNS}\s+(?:were\s+|have been\s+|had been\s+|was\s+)?"
               rf"(?P<verb>killed|dead|died|injured|wounded|hurt|missing|displaced|evacuated|arrested|detained)\b",
               re.I),
    # "the death toll rose to 31"
    re.compile(r"\b(?P<verb>death toll)\s+(?:\w+\s+){0,3}?(?P<qual>at least|more than|over|to)?\s*(?P<n>\d[\d,]*)\b",
               re.I),
)


def find_casualties(sentence: Sentence) -> dict[str, dict[str, int]]:
    """Casualty figures stated in a sentence, as low/best/high by category."""
    figures: dict[str, dict[str, int]] = {}
    for pattern in CASUALTY_PATTERNS:
        for match in pattern.finditer(sentence.text):
            n = _number(match.group("n"))
            if n is None or n > 10_000_000:
                continue
            category = CASUALTY_VERBS[match.group("verb").lower()]
            qual = (match.group("qual") or "").lower()
            figure = {"low": n} if qual in ("at least", "more than", "over") else \
                {"high": n} if qual == "up to" else {"best": n}
            figures.setdefault(category, figure)
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


def _date_of(mention: DateMention | None, main_key: str):
    """The YAML date value for an incident given the date mention that dates it."""
    if mention is None:
        return "unknown"
    if mention.relation in ("before", "after"):
        return {mention.relation: main_key, "by": mention.gap or "days"} if mention.gap else {mention.relation: main_key}
    if mention.value:
        return mention.value
    return "unknown"


def _secondary_date(mention: DateMention, main_key: str):
    """Date of an earlier incident: its own value, else relative to the main incident."""
    if mention.relation in ("before", "after"):
        # "The strikes came days after X": X is *before* the main incident.
        flipped = "before" if mention.relation == "after" else "after"
        return {flipped: main_key, "by": mention.gap or "days"}
    if mention.value:
        return mention.value
    # Anchored to an unknown publication date ("earlier this month"): known only
    # as some time before the report, and so before the main incident.
    return {"before": main_key, "by": _relative_gap(mention)}


def _is_past_event_sentence(text: str) -> bool:
    return not re.search(r"\b(?:will|would|plans? to|is expected to|are expected to)\b", text, re.I)


def _title(type_label: str, actors, places) -> str:
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
    return " ".join(parts)


def _evidence(sentences: dict[int, Sentence], field_name: str, index: int) -> Evidence:
    s = sentences[index]
    return Evidence(field_name, s.text, s.lineno)


def build_incidents(article: ExtractedArticle, classifier: TypeClassifier,
                    type_labels: dict[str, str]) -> list[DraftIncident]:
    """The main incident and the earlier incidents an article reports, with evidence."""
    sentences = {s.index: s for s in article.sentences}
    if not sentences and article.cleaned.headline is None:
        return []
    by_sentence_dates: dict[int, list[DateMention]] = {}
    for d in article.dates:
        by_sentence_dates.setdefault(d.sentence, []).append(d)

    headline = article.meta.title or (article.cleaned.headline.text if article.cleaned.headline else "")
    lead = _lead_sentences(article.sentences)
    main_type = classifier.classify(headline) or next(
        (t for t in (classifier.classify(sentences[i].text) for i in lead) if t), None) or classifier.fallback

    secondaries = _find_secondaries(article, classifier, by_sentence_dates, set(lead))
    secondary_sentences = {i for sec in secondaries for i in sec.sentences}
    main_sentences = [s.index for s in article.sentences if s.index not in secondary_sentences]

    main = DraftIncident("main", headline or "Untitled incident", "unknown", main_type, main_sentences)
    main_date = _main_date(lead, main_sentences, by_sentence_dates)
    main.date = _date_of(main_date, "main") if main_date is None or main_date.relation is None else "unknown"
    _fill(main, article, sentences, set(lead))
    main.title = headline or _title(type_labels.get(main.type, main.type), main.actors, main.places)
    if headline:
        main.evidence.insert(0, Evidence("title", headline, article.cleaned.headline.lineno
                                         if article.cleaned.headline else 1))
    if main_date is not None and main_date.relation is None:
        main.evidence.append(_evidence(sentences, "date", main_date.sentence))
    main.evidence.append(Evidence("type", headline, article.cleaned.headline.lineno
                                  if article.cleaned.headline else 1) if classifier.classify(headline)
                         else _evidence(sentences, "type", lead[0]) if lead else Evidence("type", headline, 1))
    if lead:
        main.summary = sentences[lead[0]].text

    main_responds = any(RESPONSE_CUES.search(sentences[i].text) for i in lead)
    for sec in secondaries:
        sec.title = _title(type_labels.get(sec.type, sec.type), sec.actors, sec.places)
        before_main = isinstance(sec.date, dict) and "before" in sec.date
        if main_responds and before_main:
            main.related.append((sec.key, "response-to"))
    return [main] + secondaries


def _lead_sentences(sentences: list[Sentence]) -> list[int]:
    """The first paragraph's sentences: where news puts who, what, where and when."""
    if not sentences:
        return []
    first = sentences[0].paragraph
    return [s.index for s in sentences if s.paragraph == first]


def _main_date(lead: list[int], main_sentences: list[int], dates: dict[int, list[DateMention]]):
    """A day or month date in the lead, else the first anchored date in the main sentences."""
    for index in lead + [i for i in main_sentences if i not in lead][:2]:
        for mention in dates.get(index, []):
            if mention.relation is None and mention.precision in ("day", "month", "approximate"):
                return mention
    for index in lead:
        for mention in dates.get(index, []):
            if mention.relation is None and mention.precision == "unknown":
                return None  # a date exists but cannot be resolved: unknown, never guessed
    return None


def _find_secondaries(article: ExtractedArticle, classifier: TypeClassifier,
                      dates: dict[int, list[DateMention]], lead: set[int]) -> list[DraftIncident]:
    """Earlier incidents: sentences outside the lead that report an event with a date of its own."""
    found: list[DraftIncident] = []
    ordered = article.sentences
    for position, sentence in enumerate(ordered):
        mentions = [m for m in dates.get(sentence.index, []) if m.precision != "range"
                    or m.relation is not None]
        if sentence.index in lead and not any(m.relation == "after" for m in mentions):
            continue
        if not mentions or not _is_past_event_sentence(sentence.text):
            continue
        mention = mentions[0]
        clause = _clause_after(sentence.text, mention)
        type_id = classifier.classify(clause) if clause else None
        if not classifier.is_event_type(type_id):
            type_id = classifier.classify(sentence.text)
        if not classifier.is_event_type(type_id):
            continue
        incident = DraftIncident(f"earlier-{len(found) + 1}", "", _secondary_date(mention, "main"), type_id,
                                 [sentence.index])
        # A following sentence that points back ("That strike ...") belongs to it too.
        if position + 1 < len(ordered) and ANAPHORA.match(ordered[position + 1].text):
            incident.sentences.append(ordered[position + 1].index)
        found.append(incident)
    sentences = {s.index: s for s in article.sentences}
    for incident in found:
        _fill(incident, article, sentences, {incident.sentences[0]}, focus=_date_span(dates, incident))
        incident.evidence.append(_evidence(sentences, "date", incident.sentences[0]))
        incident.evidence.append(_evidence(sentences, "type", incident.sentences[0]))
        incident.summary = sentences[incident.sentences[0]].text
    return found


def _date_span(dates, incident) -> tuple[int, int] | None:
    mentions = dates.get(incident.sentences[0], [])
    return (mentions[0].start, mentions[0].end) if mentions else None


def _clause_after(text: str, mention: DateMention) -> str:
    """For "X came days after Y happened", the part that describes Y."""
    if mention.relation == "after":
        return text[mention.end:]
    return text


def _fill(incident: DraftIncident, article: ExtractedArticle, sentences: dict[int, Sentence],
          location_sentences: set[int], focus: tuple[int, int] | None = None) -> None:
    """Actors, places and casualties of an incident from its sentences, with evidence."""
    own = set(incident.sentences)
    pairs = []
    for mention in article.actors:
        if mention.sentence not in own:
            continue
        sentence = sentences[mention.sentence]
        if focus and mention.sentence == incident.sentences[0] and mention.start < focus[0] \
                and incident.key != "main":
            continue  # in "The strikes came days after X...", actors before the date belong to the main incident
        pairs.append((mention, actor_role(sentence, mention)))
    incident.actors = _merge_roles(pairs)
    for mention, _role in incident.actors:
        incident.evidence.append(_evidence(sentences, "actors", mention.sentence))

    seen_places: dict[str, tuple[PlaceMention, str]] = {}
    for mention in article.places:
        if mention.sentence not in own:
            continue
        if focus and mention.sentence == incident.sentences[0] and mention.start < focus[0] \
                and incident.key != "main":
            continue
        role = "location" if mention.sentence in location_sentences else "mentioned"
        key = mention.place_id + (f"@{mention.qualifier}" if mention.qualifier else "")
        current = seen_places.get(key)
        if current is None or (role == "location" and current[1] != "location"):
            seen_places[key] = (mention, role)
    incident.places = sorted(seen_places.values(), key=lambda pr: (pr[1] != "location", pr[0].sentence, pr[0].start))
    for mention, _role in incident.places:
        incident.evidence.append(_evidence(sentences, "places", mention.sentence))

    for index in incident.sentences:
        for category, figure in find_casualties(sentences[index]).items():
            if category not in incident.casualties:
                incident.casualties[category] = figure
                incident.evidence.append(_evidence(sentences, "casualties", index))
