"""The places stage: find where things happened in an article's sentences.

    [Sentence] + registry places + gazetteer --find_places--> [PlaceMention]

Capitalised name spans are looked up by exact normalised key (see
``gazetteer.normalise_name``), longest span first, the editable registry
(content/places/*.yaml) before the gazetteer. Precision matters more than
recall: a wrong place on a timeline misleads, a missing one is added by an
editor. So a name is dropped when

* it is a stopword (months, "Police") or part of a longer capitalised name
  ("Manchester United", "Islamic State", "Lloyd Austin");
* it is a metonym: a capital or country standing for its government
  ("Washington said", "Tehran-backed", "supported by Tehran");
* it is a common word ("Reading", "Nice") that is not clearly a place:
  sentence-initial, in a title-case headline, or not after "in", "near", ...;
* it is a small town (or reached only by an alternate name) whose country the
  article does not otherwise mention.

The most specific place is kept with its parents: a named site ("Kapiri General
Hospital", "the Santa Ana mine", "Libya's Zawiya oil refinery"), a settlement a cue
word introduces ("the village of X", "the towns of X and Y") or a natural feature
("Magdalena River") that nothing knows sits within the nearest place its sentence
names, else the article's one country. Names keep their inner lower-case words
("Rio Grande do Sul", "Port-au-Prince"). In a national story a wire dateline's city
is the bureau, not the place: it gives its country (``bureau``).

Editable knowledge (qualifiers, stopwords, cue words) lives in
``data/places.yaml`` and arrives as a ``PlaceRules``.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path

from chronicle.core.model import Place
from chronicle.extract.actors import ActorRules, load_actor_rules
from chronicle.extract.article import PlaceMention, Sentence
from chronicle.core.ids import slugify
from chronicle.extract.gazetteer import RULES_FILE, Candidate, Gazetteer, GazetteerEntry, normalise_name
from chronicle.core.datafile import read_rules

# Cities smaller than this need the article to mention their country (or a
# locative word right before them) to count: "Of", "Police", "Bucha".
SMALL_CITY = 50_000
# A candidate outside the article's countries still wins if it is this much
# bigger and this big: "Paris" or "Geneva" in an article about the US is
# still in Europe, but "Tripoli" in an article about Lebanon is Lebanese.
DOMINANT_RATIO = 8
DOMINANT_POPULATION = 100_000

_CONNECTORS = frozenset({"of", "the", "and", "de", "du", "la", "upon", "on", "al", "el"})
# English words a title-case headline capitalises that also spell Arabic articles ("At Lyon").
_TITLE_WORDS = frozenset({"At", "As", "An", "Ad"})
# Connectors that only ever sit inside a name (unlike English "of": "the port of Antwerp").
_INNER_CONNECTORS = frozenset("de del della di da do dos das du des la le los las".split())
_PARTICLES = frozenset("al el ad an ar as ash at az ez es ed ul ud bin ibn".split())
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_WEAK_BEFORE = re.compile(r"(?:^|[:\u201c\"(\u2014\u2013]|\s-)\s*[\u2018'\"\u201c(\[]*$")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|across|around|inside|throughout)\s+(?:the\s+)?$", re.I
)
_ADVERBS = r"(?:(?:has|have|had|also|then|now|reportedly|previously|repeatedly|long|not|never|did|does|quickly|swiftly|later|again|[a-z]{3,}ly)\s+)*"
# ", the former colonial power," / ", which ...,": an apposition between a name and its verb
_APPOSITION = r",\s+(?:the|a|an|which|who)\s[^,.;:\"\u201c\u201d]{1,80},"


# --- rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class MetonymCues:
    followed_by: tuple[str, ...] = ()  # "said", "carried out"
    hyphen_suffixes: frozenset[str] = frozenset()  # "backed" in "Tehran-backed"
    preceded_by: tuple[str, ...] = ()  # "supported by"


@dataclass(frozen=True, eq=False)
class PlaceRules:
    """Editable knowledge from data/places.yaml; keys are normalised names."""

    qualifiers: Mapping[str, str]  # as written (lowercase) -> canonical
    stopwords: frozenset[str]
    common_words: frozenset[str]
    locatives: frozenset[str]
    metonym: MetonymCues
    site_heads: tuple[str, ...]  # normalised, longest first
    region_heads: frozenset[str]
    city_region_heads: frozenset[str] = frozenset()  # "Kazan region": the city's admin region
    org_suffixes: frozenset[str] = frozenset()  # normalised: "fc", "club"
    attributive_nouns: frozenset[str] = frozenset()  # "dollar" in "the US dollar"
    connectors: frozenset[str] = _CONNECTORS  # lower-case words inside names: "do" in "Rio Grande do Sul"
    lowercase_site_heads: tuple[str, ...] = ()  # "mine" in "the Santa Ana mine", longest first
    settlement_words: Mapping[str, str] = field(default_factory=dict)  # "village" -> "city"
    feature_heads: Mapping[str, str] = field(default_factory=dict)  # "river" -> "water"
    nationwide: re.Pattern[str] = re.compile(r"(?!)")  # "nationwide": a dateline city is only the bureau


def load_place_rules(path: Path = RULES_FILE) -> PlaceRules:
    """Read places.yaml. Callers may cache; ``default_rules`` does."""
    data = read_rules(path) or {}
    norm = normalise_name
    met = data.get("metonym") or {}
    heads = {norm(h) for h in data.get("site_heads", ())}
    return PlaceRules(
        qualifiers={str(k).lower(): str(v) for k, v in (data.get("qualifiers") or {}).items()},
        stopwords=frozenset(norm(w) for w in data.get("stopwords", ())),
        common_words=frozenset(norm(w) for w in data.get("common_words", ())),
        locatives=frozenset(str(w).lower() for w in data.get("locatives", ())),
        metonym=MetonymCues(
            followed_by=tuple(str(w).lower() for w in met.get("followed_by", ())),
            hyphen_suffixes=frozenset(str(w).lower() for w in met.get("hyphen_suffixes", ())),
            preceded_by=tuple(str(w).lower() for w in met.get("preceded_by", ())),
        ),
        site_heads=tuple(sorted(heads, key=lambda h: (-len(h.split()), h))),
        region_heads=frozenset(norm(h) for h in data.get("region_heads", ())),
        city_region_heads=frozenset(norm(h) for h in data.get("city_region_heads", ())),
        org_suffixes=frozenset(norm(w) for w in data.get("org_suffixes", ())),
        attributive_nouns=frozenset(str(w).lower() for w in data.get("attributive_nouns", ())),
        connectors=frozenset(str(w).lower() for w in data.get("name_connectors", ())) or _CONNECTORS,
        lowercase_site_heads=tuple(sorted({str(w).lower() for w in data.get("lowercase_site_heads", ())},
                                          key=lambda h: (-len(h.split()), h))),
        nationwide=re.compile(r"\b(?:" + "|".join(re.escape(str(c)) for c in data.get("nationwide_cues", ()))
                              + r")\b", re.IGNORECASE) if data.get("nationwide_cues") else re.compile(r"(?!)"),
        feature_heads=types.MappingProxyType(
            {normalise_name(str(k)): str(v) for k, v in (data.get("feature_heads") or {}).items()}),
        settlement_words=types.MappingProxyType(
            {str(k).lower(): str(v) for k, v in (data.get("settlement_words") or {}).items()}),
    )


@functools.lru_cache(maxsize=1)
def default_rules() -> PlaceRules:
    return load_place_rules()


# --- metonymy ------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _metonym_patterns(cues: MetonymCues) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    verbs = "|".join(re.escape(c) for c in sorted(cues.followed_by, key=len, reverse=True)) or "(?!)"
    before = "|".join(re.escape(c) for c in sorted(cues.preceded_by, key=len, reverse=True)) or "(?!)"
    after = re.compile(rf"^(?:['\u2019]s|{_APPOSITION})?\s+{_ADVERBS}(?:{verbs})\b", re.IGNORECASE)
    coordinated = re.compile(
        rf"^\s+and\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)?\s+{_ADVERBS}(?:{verbs})\b"
    )
    # "thanked Niger and Qatar": the cue governs both names
    preceding = re.compile(rf"\b(?:{before})\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+and\s+)?$", re.IGNORECASE)
    return after, coordinated, preceding


def is_metonym_use(
    sentence_text: str, start: int, end: int, cues: MetonymCues | None = None
) -> bool:
    """True when the place name at [start, end) stands for a government or army.

    "Washington said", "Moscow has accused", "Tehran-backed", "supported by
    Tehran", "Washington and London said": the place is an actor there, not
    where the incident happened.
    """
    cues = cues or default_rules().metonym
    after_text, before_text = sentence_text[end:], sentence_text[:start]
    hyphen = re.match(r"^-([a-z]+)", after_text)
    if hyphen and hyphen.group(1) in cues.hyphen_suffixes:
        return True
    if re.search(r"\b(?:pro|anti)-$", before_text, re.IGNORECASE):
        return True  # "pro-Iran commander"
    after, coordinated, preceding = _metonym_patterns(cues)
    if after.match(after_text) or preceding.search(before_text):
        return True
    # "Washington and London said", but not "arrests in Hong Kong and Beijing condemned"
    return bool(coordinated.match(after_text)) and not _LOCATIVE_BEFORE.search(before_text)


# --- tokens and spans ----------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    cap: bool  # capitalised, or an Arabic particle inside a name ("al-Asad")
    weak: bool  # capitalised only by position: sentence start, quote, headline


def _tokens(text: str) -> list[_Token]:
    """Words with offsets; a possessive "'s" is cut off, hyphens split words."""
    raw = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        if re.search(r"['\u2019]s$", word) and len(word) > 2:
            word = word[:-2]
        raw.append((start, start + len(word), word))
    title = _is_headline(text)
    out: list[_Token] = []
    for i, (start, end, word) in enumerate(raw):
        upper = word[0].isupper()
        particle = (
            word.lower() in _PARTICLES
            and i + 1 < len(raw)
            and text[end : raw[i + 1][0]] in ("-", " ")
            and raw[i + 1][2][0].isupper()
            and (
                text[end : raw[i + 1][0]] == "-"  # "al-Asad", "ez-Zor"
                or (  # "Ain al Asad": only al/el, and only inside a name
                    word.lower() in ("al", "el")
                    and i > 0
                    and raw[i - 1][2][0].isupper()
                    and text[raw[i - 1][1] : start] == " "
                )
            )
        )
        weak = title or bool(_WEAK_BEFORE.search(text[:start])) or (len(word) > 3 and word.isupper())
        out.append(_Token(start, end, word, upper or particle, weak and upper))
    return out


def _is_title_case(words: Sequence[str]) -> bool:
    """A headline in Title Case tells nothing by its capitals.

    Title case capitalises every word of four letters or more; a sentence
    with one such word in lower case ("beat") is ordinary prose, and so is
    one that ends with a full stop ("Defence Secretary Lloyd Austin and Mr
    Jackson met on Monday.").
    """
    long = [w for w in words if len(w) > 3]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _is_headline(text: str) -> bool:
    """Title Case and no full stop: "Earthquake Hits Southern Turkey Near Gaziantep"."""
    return not text.rstrip().endswith(".") and _is_title_case(_TOKEN.findall(text))


def _joined(text: str, a: _Token, b: _Token) -> bool:
    """Two tokens belong to one name only if just a space or hyphen separates them."""
    return text[a.end : b.start] in (" ", "-")


@dataclass(frozen=True)
class _Hit:
    first: int  # token index
    last: int
    place: Place | None  # registry place
    candidates: tuple[Candidate, ...]  # gazetteer candidates


def _registry_index(registry: Iterable[Place]) -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in sorted(registry, key=lambda p: p.id):
        for name in (place.name, *place.aliases):
            key = normalise_name(name)
            if key and place not in index.setdefault(key, []):
                index[key].append(place)
    return index


def _from_gazetteer(places: list[Place], candidates) -> bool:
    """Registry places that are all GeoNames places the gazetteer can choose between.

    Then the gazetteer decides, with the article's context: a registry that holds
    Tripoli, Libya must not make "Tripoli, Lebanon" Libyan. A place an editor wrote
    by hand (no GeoNames id) always wins.
    """
    known = {c.entry.geonames_id for c in candidates}
    return all(p.geonames_id and p.geonames_id in known for p in places)


def _hyphenated_inside(text: str, tokens: list[_Token], k: int) -> bool:
    """A lower-case word hyphen-joined on both sides is inside a name: "Aix-en-Provence"."""
    return 0 < k < len(tokens) - 1 and text[tokens[k - 1].end : tokens[k].start] == "-" \
        and text[tokens[k].end : tokens[k + 1].start] == "-"


def _scan(
    text: str,
    tokens: list[_Token],
    registry: Mapping[str, list[Place]],
    gazetteer: Gazetteer,
    rules: PlaceRules,
) -> list[_Hit]:
    """Longest-first exact lookup over capitalised spans (connectors allowed inside)."""
    hits: list[_Hit] = []
    max_len = max(gazetteer.max_tokens, max((len(k.split()) for k in registry), default=1)) + 2
    i = 0
    while i < len(tokens):
        if not tokens[i].cap:
            i += 1
            continue
        # the longest chain of joined tokens from i
        j = i
        while (
            j + 1 < len(tokens)
            and j + 1 - i < max_len
            and _joined(text, tokens[j], tokens[j + 1])
            and (tokens[j + 1].cap or tokens[j + 1].text.lower() in rules.connectors
                 or _hyphenated_inside(text, tokens, j + 1))
        ):
            j += 1
        hit = None
        for last in range(j, i - 1, -1):
            if not tokens[last].cap or (last > i and tokens[last].text.lower() in _PARTICLES):
                continue  # a name neither starts nor ends with a connector or article
            key = normalise_name(text[tokens[i].start : tokens[last].end])
            if key in rules.stopwords or (i == last and tokens[i].text.lower() in rules.qualifiers):
                continue
            candidates = gazetteer.lookup_key(key)
            if key in registry and not (candidates and _from_gazetteer(registry[key], candidates)):
                hit = _Hit(i, last, registry[key][0], ())
            elif candidates:
                hit = _Hit(i, last, None, candidates)
            if hit:
                break
        if hit and hit.last > hit.first and tokens[hit.first].text.lower() == "the":
            hit = _Hit(hit.first + 1, hit.last, hit.place, hit.candidates)  # "The United States"
        if hit and hit.last > hit.first and tokens[hit.first].weak and tokens[hit.first].text in _TITLE_WORDS \
                and text[tokens[hit.first].end : tokens[hit.first + 1].start] == " ":
            hit = _Hit(hit.first + 1, hit.last, hit.place, hit.candidates)  # "Attack At Lyon": not "Al Lyon"
        if hit:
            hits.append(hit)
            i = hit.last + 1
        else:
            i += 1
    return hits


# --- the stage -------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """A hit with its context, before the article-wide choice of candidate."""

    sentence: Sentence
    tokens: list[_Token]
    hit: _Hit
    start: int
    end: int
    qualifier: str | None
    head: str | None  # "site" / "region" when a head word follows the name
    head_end: int
    locative: bool  # a locative word comes right before
    weak: bool


def find_places(
    sentences: list[Sentence],
    registry: list[Place],
    gazetteer: Gazetteer,
    skip_sentences: AbstractSet[int] = frozenset(),
    *,
    rules: PlaceRules | None = None,
    actor_rules: ActorRules | None = None,
    bureau: int | None = None,
) -> list[PlaceMention]:
    """Every place an article names, in text order (the dateline's last), metonyms and non-places left out.

    ``actor_rules`` are the rules the article's actors are found with (default: the built-in
    ones): their demonyms and organisation words say where a name is no place.
    ``bureau`` is the index of the sentence holding a wire dateline's place: in a
    national story that place is only where the report was filed (see ``_bureau_country``).
    """
    rules = rules or default_rules()
    actor_rules = actor_rules or load_actor_rules()
    demonyms = _demonyms(actor_rules)
    reg_index = _registry_index(registry)
    reg_by_id = {p.id: p for p in registry}
    lower_words = _lowercase_words(sentences)
    found: list[_Found] = []
    for sentence in sentences:
        if sentence.index in skip_sentences:
            continue
        found.extend(_sentence_hits(sentence, reg_index, gazetteer, rules, demonyms))

    context = _context_countries(found, gazetteer, rules, reg_by_id, reg_index)
    clubs = _org_prefixes(_all_hits(sentences, skip_sentences, reg_index, gazetteer, rules), rules)
    # "hands Sevilla the cup" in an article about "Sevilla FC": the club, unless "in Sevilla"
    found = [f for f in found if f.locative or f.head is not None or _hit_key(f) not in clubs]
    mentions = []
    for f in found:
        mention = _resolve(f, gazetteer, rules, actor_rules, context, lower_words, reg_by_id, reg_index)
        if isinstance(mention, tuple):
            mentions.extend(mention)
        elif mention is not None:
            mentions.append(mention)
    mentions = [_place_site(m, mentions, context, gazetteer) for m in mentions]
    if bureau is not None:
        mentions = _bureau_country(mentions, bureau, sentences, rules, gazetteer)
    # The dateline's places come last: a place the text itself names is evidenced by the text,
    # and the bureau only where nothing else names it.
    return sorted(mentions, key=lambda m: (m.sentence == bureau, m.sentence, m.start, m.end, m.place_id))


def _bureau_country(mentions: list[PlaceMention], bureau: int, sentences: Sequence[Sentence],
                    rules: PlaceRules, gazetteer: Gazetteer) -> list[PlaceMention]:
    """ "ABUJA - Workers began a nationwide strike": the story is Nigeria's, Abuja is the bureau.

    When the lead says the story is national and the body never names the dateline's city,
    the dateline gives its country instead.
    """
    body = [s for s in sentences if s.index >= 0]
    lead = [s for s in body if s.paragraph == body[0].paragraph] if body else []
    named = {m.place_id for m in mentions if m.sentence != bureau}
    if not any(rules.nationwide.search(s.text) for s in lead):
        return _drop_bureau_elsewhere(mentions, bureau, {s.index for s in lead}, named)
    out, seen = [], {m.place_id for m in mentions if m.sentence == bureau and m.kind == "country"}
    for m in mentions:
        if m.sentence != bureau or m.kind == "country" or m.place_id in named:
            out.append(m)
            continue
        country = next((gazetteer.get(pid) for pid, _, kind in m.parents if kind == "country"), None)
        if country is not None and country.id not in seen:
            seen.add(country.id)
            out.append(replace(m, **_gazetteer_mention(country, gazetteer), qualifier=None))
    return out


def _drop_bureau_elsewhere(mentions: list[PlaceMention], bureau: int, lead: set[int],
                           named: set[str]) -> list[PlaceMention]:
    """ "NAIROBI - Pirates hijacked a ship off Eyl": the lead places the story elsewhere and the
    text never names the bureau's city, so the city is only where the report was filed."""
    cities = [m for m in mentions if m.sentence == bureau and m.kind != "country" and m.place_id not in named]
    if not cities:
        return mentions
    own = {pid for m in cities for pid, _, _ in m.parents}
    elsewhere = any(m.sentence in lead and m.place_id not in own and m.known for m in mentions)
    return [m for m in mentions if m not in cities] if elsewhere else mentions


def _place_site(site: PlaceMention, mentions: Sequence[PlaceMention], context: frozenset[str],
                gazetteer: Gazetteer) -> PlaceMention:
    """A site nothing knows sits within the nearest place its sentence names
    ("Kapiri General Hospital in Kapiri"), else within the article's one country."""
    if site.known or site.parents:
        return site
    # a site may be within a town; a village or island only within a region or country
    near = [m for m in mentions if m.sentence == site.sentence and m.known and m is not site]
    if near:
        # after the site first ("... airport in Nairobi"), then before it, nearest first
        parent = min(near, key=lambda m: (m.start < site.end, abs(m.start - site.end) if m.start >= site.end
                                           else site.start - m.end))
        # "Mkindo village in Tanzania's Morogoro region": the most specific of the places named there
        deeper = [m for m in near if parent.place_id in {pid for pid, _, _ in m.parents}]
        while deeper:
            parent = deeper[0]
            deeper = [m for m in near if parent.place_id in {pid for pid, _, _ in m.parents}]
        chain = ((parent.place_id, parent.name, parent.kind), *parent.parents)
        # a site may be within a town; a village or an island only within a region or country
        chain = tuple(p for p in chain if site.kind == "site" or p[2] not in ("city", "site"))
        if chain:
            return replace(site, parents=chain, latitude=parent.latitude, longitude=parent.longitude,
                           country_code=parent.country_code)
    if len(context) == 1:
        country = gazetteer.country(next(iter(context)))
        if country is not None:
            return replace(site, parents=((country.id, country.name, country.kind),),
                           country_code=country.country_code)
    return site


def _all_hits(sentences, skip, registry, gazetteer, rules) -> list[_Found]:
    """Every hit with its tokens, glued names included (they are dropped from ``found``)."""
    out = []
    for s in sentences:
        if s.index in skip:
            continue
        tokens = _tokens(s.text)
        for hit in _scan(s.text, tokens, registry, gazetteer, rules):
            out.append(_Found(s, tokens, hit, 0, 0, None, None, 0, False, False))
    return out


def _lowercase_words(sentences: Iterable[Sentence]) -> frozenset[str]:
    """Words the article also writes in lower case: evidence of a common word."""
    return frozenset(
        m.group() for s in sentences for m in re.finditer(r"(?<![\w.'\u2019-])[a-z]+\b", s.text)
    )


def _sentence_hits(
    sentence: Sentence, registry: Mapping[str, list[Place]], gazetteer: Gazetteer, rules: PlaceRules,
    demonyms: frozenset[str],
) -> list[_Found]:
    text = sentence.text
    tokens = _tokens(text)
    out = []
    hits = _scan(text, tokens, registry, gazetteer, rules)
    for hit in hits:
        context = _span_context(text, tokens, hit, rules, demonyms)
        if context is not None:
            out.append(_Found(sentence, tokens, hit, *context))
    covered = {i for h in hits for i in range(h.first, h.last + 1)}
    for hit in _unknown_sites(text, tokens, rules, demonyms):
        if covered.isdisjoint(range(hit.first, hit.last + 1)):
            context = _span_context(text, tokens, hit, rules, demonyms)
            if context is not None and context[3] and (context[3] == "site" or context[3].startswith("feature:")):
                out.append(_Found(sentence, tokens, hit, *context))
                covered.update(range(hit.first, hit.last + 1))
    for hit, kind in _unknown_settlements(text, tokens, rules, demonyms):
        if covered.isdisjoint(range(hit.first, hit.last + 1)):
            start, end = tokens[hit.first].start, tokens[hit.last].end
            out.append(_Found(sentence, tokens, hit, start, end, None, f"settlement:{kind}", end, True, False))
    return out


def _settlement_kind(text: str, tokens: list[_Token], first: int, last: int, rules: PlaceRules) -> str | None:
    """The kind a settlement word gives a name: "the village of X", "X village"."""
    # "the village of X", and each name of "the towns of X, Y and Z"
    before = re.search(r"\b([a-z]+)\s+of\s+(?:[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*\s*(?:,|\band\b)\s*)*$",
                       text[: tokens[first].start])
    if before and before.group(1) in rules.settlement_words:
        return rules.settlement_words[before.group(1)]
    # "Mkindo village", "the Kabulonga district of Lusaka" (a nationality never: see _demonyms)
    after = re.match(r" ([a-z]+)\b", text[tokens[last].end :])
    if after and after.group(1) in rules.settlement_words and not tokens[first].weak:
        return rules.settlement_words[after.group(1)]
    return None


def _unknown_settlements(text: str, tokens: list[_Token], rules: PlaceRules,
                         demonyms: frozenset[str]) -> list[tuple[_Hit, str]]:
    """Capitalised names a settlement word introduces ("the village of Kapandriti")."""
    out, i = [], 0
    while i < len(tokens):
        if not tokens[i].cap or normalise_name(tokens[i].text) in rules.stopwords:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].cap and _joined(text, tokens[j], tokens[j + 1]):
            j += 1
        kind = _settlement_kind(text, tokens, i, j, rules)
        if kind is not None and normalise_name(text[tokens[i].start : tokens[j].end]) not in demonyms:
            out.append((_Hit(i, j, None, ()), kind))
        i = j + 1
    return out


def _unknown_sites(text: str, tokens: list[_Token], rules: PlaceRules, demonyms: frozenset[str]) -> list[_Hit]:
    """Capitalised runs ending in a site word ("Al-Asad Airbase") that nothing knows."""
    hits, i = [], 0
    while i < len(tokens):
        if not tokens[i].cap:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].cap and _joined(text, tokens[j], tokens[j + 1]):
            j += 1
        if _SITE_CUE_BEFORE.search(text[: tokens[i].start]) \
                and not (i == j and tokens[i].weak) \
                and _lowercase_site_head(text, tokens, j, rules, demonyms) is not None:
            hits.append(_Hit(i, j, None, ()))  # "the Santa Ana mine"
            i = j + 1
            continue
        if j > i:
            for n in (3, 2, 1):
                if j - n < i:
                    continue
                head = normalise_name(" ".join(t.text for t in tokens[j - n + 1 : j + 1]))
                if head in rules.site_heads or head in rules.feature_heads:
                    first = i + 1 if tokens[i].weak and normalise_name(tokens[i].text) in rules.stopwords else i
                    if first <= j - n:
                        hits.append(_Hit(first, j - n, None, ()))
                    break
        i = j + 1
    return hits


# What may stand before a name with a lower-case site word: "the Santa Ana mine",
# "Libya's Zawiya refinery", "at Zawiya port".
_SITE_CUE_BEFORE = re.compile(r"(?:\bthe|['\u2019]s|\b(?:in|at|near|outside|inside|from|to))\s+$", re.IGNORECASE)


# Words that cannot describe a site between its name and its site word ("the Zawiya oil refinery").
_NOT_MODIFIERS = frozenset("a an and or of the to in on at for with by from is was are were has had have said "
                           "says will would could".split())


@functools.lru_cache(maxsize=8)
def _demonyms(actor_rules: ActorRules) -> frozenset[str]:
    """"Iraqi", "Colombian": a nationality is never the name of a site or a village."""
    return frozenset(normalise_name(d) for state in actor_rules.states for d in state.demonyms)


@functools.lru_cache(maxsize=8)
def _lowercase_heads(rules: PlaceRules) -> Mapping[str, str]:
    """Lower-case site and feature words -> the head they make ("site", "feature:water")."""
    heads = {h: "site" for h in rules.lowercase_site_heads}
    for head, kind in rules.feature_heads.items():
        heads.setdefault(head, f"feature:{kind}")
    return types.MappingProxyType(heads)


def _lowercase_site_head(text: str, tokens: list[_Token], last: int, rules: PlaceRules,
                         demonyms: frozenset[str]) -> tuple[int, str] | None:
    """Where "mine" ends in "the Santa Ana mine", and the head it makes ("site", "feature:water").

    One describing word may come between for a site ("the Zawiya oil refinery")."""
    if normalise_name(tokens[last].text) in demonyms:
        return None  # "the Iraqi army base"
    heads = _lowercase_heads(rules)
    for skip in (0, 1):
        if skip:
            modifier = tokens[last + 1] if last + 1 < len(tokens) else None
            if modifier is None or modifier.cap or not modifier.text.isalpha() or modifier.text in _NOT_MODIFIERS:
                break
        start = last + 1 + skip
        for n in (3, 2, 1):
            chain = tokens[last : start + n]
            if len(chain) != start + n - last or any(w.cap for w in chain[1:]) \
                    or not all(text[a.end : b.start] == " " for a, b in zip(chain, chain[1:])):
                continue
            kind = heads.get(" ".join(w.text.lower() for w in chain[1 + skip :]))
            if kind is not None and (kind == "site" or not skip):
                return chain[-1].end, kind
    return None


def _span_context(text: str, tokens: list[_Token], hit: _Hit, rules: PlaceRules, demonyms: frozenset[str]):
    """Qualifier, head word and run checks for a hit; None drops the hit.

    A name glued to other capitalised words is part of a longer name
    ("Manchester United", "New York Times", "Mr Austin"), unless those words
    are a qualifier before it or a site/region head after it.
    """
    first, last = tokens[hit.first], tokens[hit.last]
    start, end = first.start, last.end
    title = _is_headline(text)

    qualifier = None
    q = re.search(r"([A-Za-z]+(?:-[A-Za-z]+)?) $", text[:start])
    if q and q.group(1).lower() in rules.qualifiers:
        qualifier = rules.qualifiers[q.group(1).lower()]
        start = q.start(1)

    head, head_end = None, end
    after = tokens[hit.last + 1 :]
    # "Kocaeli University Hospital": a run of capitalised words ending in a site word
    for n in (3, 2):
        words = after[:n]
        if len(words) == n and all(w.cap for w in words) \
                and all(_joined(text, a, b) for a, b in zip((last, *words), words)) \
                and any(normalise_name(" ".join(t.text for t in words[k:])) in rules.site_heads
                        for k in range(n - 1, max(n - 3, 0), -1)):
            head, head_end = "site", words[-1].end
            break
    for n in (3, 2, 1):
        if head:
            break
        words = after[:n]
        if len(words) == n and all(_joined(text, a, b) for a, b in zip((last, *words), words)):
            key = normalise_name(" ".join(t.text for t in words))
            if key in rules.site_heads and words[0].cap:
                head, head_end = "site", words[-1].end
            elif key in rules.region_heads and (words[0].cap or n == 1):
                head, head_end = "region", words[-1].end
            elif key == "city" and words[0].cap:
                head, head_end = "city", words[-1].end
            elif key in rules.feature_heads and words[0].cap:
                head, head_end = f"feature:{rules.feature_heads[key]}", words[-1].end
            if head:
                break
    if head is None and _SITE_CUE_BEFORE.search(text[: first.start]):
        lowercase = _lowercase_site_head(text, tokens, hit.last, rules, demonyms)
        if lowercase is not None:
            head, head_end = lowercase[1], lowercase[0]

    if not title:
        nxt = tokens[hit.last + 1] if hit.last + 1 < len(tokens) else None
        if head is None and nxt and nxt.cap and _joined(text, last, nxt):
            return None  # "Manchester United", "US Central Command"
        if head is None and nxt and nxt.text == "of" and re.match(r" of (?:the )?[A-Z]", text[end:]):
            return None  # "Gulf of Mexico" when only "Gulf" is known
        prev = tokens[hit.first - 1] if hit.first > 0 else None
        if (prev and prev.text in _INNER_CONNECTORS and hit.first > 1 and tokens[hit.first - 2].cap
                and _joined(text, tokens[hit.first - 2], prev) and _joined(text, prev, first)):
            return None  # "Norte" in "Expreso Bolivariano del Norte": the end of a longer name
        if prev and prev.cap and _joined(text, prev, first) and qualifier is None:
            if not (prev.weak and normalise_name(prev.text) in rules.stopwords):
                return None  # "Lloyd Austin", "Islamic State", "Mr Paris"

    before = re.search(r"([A-Za-z]+)\s+(?:the\s+)?$", text[: (q.start(1) if qualifier else first.start)])
    locative = bool(before and before.group(1).lower() in rules.locatives) \
        or _settlement_kind(text, tokens, hit.first, hit.last, rules) is not None
    return start, end, qualifier, head, head_end, locative, first.weak and hit.first == hit.last


def _context_countries(
    found: Sequence[_Found],
    gazetteer: Gazetteer,
    rules: PlaceRules,
    reg_by_id: Mapping[str, Place],
    reg_index: Mapping[str, list[Place]],
) -> frozenset[str]:
    """Countries the article names without ambiguity: they settle the rest.

    A country name counts, and so does the most likely reading of any other
    name that is not an ordinary word or a small town ("Gaziantep", "Gaza
    Strip"), never "Nice" or "Of".
    """
    codes = set()
    for f in found:
        if f.hit.place is not None:
            code = _registry_country(f.hit.place, gazetteer, reg_by_id, reg_index)
            if code:
                codes.add(code)
            continue
        primary = [c for c in f.hit.candidates if c.primary]
        top = choose_candidate(primary, frozenset())
        if top is None:
            continue
        entry = top.entry
        if entry.kind != "country" and len({c.entry.country_code for c in primary}) > 1:
            continue  # "Tripoli" is in Libya and Lebanon: a name that needs context cannot give it
        key = normalise_name(f.sentence.text[f.tokens[f.hit.first].start : f.tokens[f.hit.last].end])
        if entry.kind == "country" or (
            not f.weak
            and key not in rules.common_words
            and (entry.kind != "city" or entry.population >= SMALL_CITY)
        ):
            codes.add(entry.country_code)
    codes.discard(None)
    return frozenset(codes)


def choose_candidate(candidates: Sequence[Candidate], context: frozenset[str]) -> Candidate | None:
    """Pick one of a name's gazetteer candidates.

    Primary names beat alternate names; a country beats everything else
    ("Georgia", "Lebanon"); then a candidate in a country the article mentions
    wins, unless another is overwhelmingly bigger ("Paris"); else the first
    in index order (kind, then population).
    """
    if not candidates:
        return None
    pool = [c for c in candidates if c.primary] or list(candidates)
    countries = [c for c in pool if c.entry.kind == "country"]
    if countries:
        return countries[0]
    best = pool[0]
    local = [c for c in pool if c.entry.country_code in context]
    if not local or local[0] is best:
        return best
    biggest = max(pool, key=lambda c: c.entry.population)
    if (
        biggest.entry.population >= DOMINANT_POPULATION
        and biggest.entry.population >= DOMINANT_RATIO * max(local[0].entry.population, 1)
    ):
        return biggest
    return local[0]


def _resolve(
    f: _Found,
    gazetteer: Gazetteer,
    rules: PlaceRules,
    actor_rules: ActorRules,
    context: frozenset[str],
    lower_words: frozenset[str],
    reg_by_id: Mapping[str, Place],
    reg_index: Mapping[str, list[Place]],
) -> PlaceMention | None:
    text = f.sentence.text
    name_start = f.tokens[f.hit.first].start
    name_end = f.tokens[f.hit.last].end
    if f.head is None and is_metonym_use(text, name_start, name_end, rules.metonym):
        return None
    if f.head is None and (_attributive(text, name_end, rules)
                           or _nationality_use(text, name_end, gazetteer, rules, actor_rules)):
        return None
    if f.head and f.head.startswith("feature:"):
        # "Magdalena River": its own place, whatever the name alone would resolve to
        name = text[f.tokens[f.hit.first].start : f.head_end]
        return PlaceMention(sentence=f.sentence.index, start=f.tokens[f.hit.first].start, end=f.head_end,
                            text=name, place_id=slugify(name), name=name, kind=f.head.split(":", 1)[1],
                            known=False)
    if f.head and f.head.startswith("settlement:"):
        name = text[f.start : f.end]
        return PlaceMention(sentence=f.sentence.index, start=f.start, end=f.end, text=name,
                            place_id=slugify(name), name=name, kind=f.head.split(":", 1)[1], known=False)
    if f.hit.place is not None:
        base = _registry_mention(f.hit.place, gazetteer, reg_by_id, reg_index)
    elif not f.hit.candidates:
        base = None  # an unknown site
    else:
        chosen = choose_candidate(f.hit.candidates, context)
        if f.head == "site" and chosen is not None and context and chosen.entry.country_code not in context:
            chosen = None  # "the Santa Ana mine" in Bolivia is not in California: a site the text places
        elif chosen is None or not _plausible(f, chosen, rules, context, lower_words):
            return None
        base = _gazetteer_mention(chosen.entry, gazetteer) if chosen is not None else None
    if f.head == "site" and base is not None and text[f.end : f.head_end].strip()[:1].islower():
        # "the Zawiya refinery": the site, and the known town it is named after, which the text names too
        town = PlaceMention(sentence=f.sentence.index, start=f.start, end=f.end, text=text[f.start : f.end],
                            qualifier=f.qualifier, **base)
        return (_site_mention(f, base), town)
    if f.head == "site":
        return _site_mention(f, base)
    if f.head == "region":
        return _region_mention(f, base, gazetteer, rules)
    end = f.head_end if f.head == "city" else f.end
    return PlaceMention(
        sentence=f.sentence.index, start=f.start, end=end, text=text[f.start : end],
        qualifier=f.qualifier, **base,
    )


def _attributive(text: str, end: int, rules: PlaceRules) -> bool:
    """ "the US dollar": the name qualifies a noun and names no location."""
    m = re.match(r"\s+([a-z]+)\b", text[end:])
    return bool(m) and m.group(1) in rules.attributive_nouns


_NATIONALITY = re.compile(r"['\u2019]s\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[A-Z][\w'\u2019-]*[a-z])(?=(\s*[,.;:)]|\s+\d|\s+[a-z]+\b|$))")


def _nationality_use(text: str, end: int, gazetteer: Gazetteer, rules: PlaceRules, actor_rules: ActorRules) -> bool:
    """ "Spain's Diego Ortega": a country's possessive before a person's name marks a
    nationality, not where anything happened. Not before a place ("Turkey's Black Sea"),
    an organisation ("Portugal's Socialist Party": ``actor_rules`` know its keyword) or a
    noun ("... Sea coast")."""
    m = _NATIONALITY.match(text[end:])
    if m is None:
        return False
    name = m.group(1)
    if gazetteer.lookup(name) or any(actor_rules.keyword_kind(w.casefold()) for w in name.split()):
        return False
    follow = m.group(2).strip()
    if follow and follow[0].isalpha():
        # "Poland's Zofia Krawczyk third": any word but a place noun ("Spain's Costa Brava coast")
        place_nouns = rules.site_heads + tuple(rules.region_heads) + tuple(rules.feature_heads) \
            + tuple(rules.settlement_words) + ("coast", "border", "capital", "city", "area", "resort", "resorts")
        return normalise_name(follow) not in place_nouns
    return True


def _org_prefixes(found: Sequence[_Found], rules: PlaceRules) -> frozenset[str]:
    """Place names the article uses as the start of a club or company ("Sevilla FC")."""
    keys = set()
    for f in found:
        nxt = f.tokens[f.hit.last + 1] if f.hit.last + 1 < len(f.tokens) else None
        if nxt is not None and normalise_name(nxt.text) in rules.org_suffixes \
                and _joined(f.sentence.text, f.tokens[f.hit.last], nxt):
            keys.add(_hit_key(f))
    return frozenset(keys)


def _hit_key(f: _Found) -> str:
    return normalise_name(f.sentence.text[f.tokens[f.hit.first].start : f.tokens[f.hit.last].end])


def _plausible(
    f: _Found,
    chosen: Candidate,
    rules: PlaceRules,
    context: frozenset[str],
    lower_words: frozenset[str],
) -> bool:
    """Guard against ordinary words and tiny towns (see module doc)."""
    entry = chosen.entry
    if entry.kind not in ("city", "region"):
        return True
    first = f.tokens[f.hit.first]
    key = normalise_name(f.sentence.text[first.start : f.tokens[f.hit.last].end])
    single = f.hit.first == f.hit.last
    common = key in rules.common_words or (
        single and entry.kind == "city" and first.text.lower() in lower_words
    )
    if common and (f.weak or not f.locative):
        return False
    small = entry.kind == "city" and (entry.population < SMALL_CITY or not chosen.primary)
    if small or (f.weak and entry.population < 2 * SMALL_CITY):
        return entry.country_code in context or (f.locative and not f.weak and chosen.primary)
    return True


# --- building mentions -----------------------------------------------------------


def _gazetteer_mention(entry: GazetteerEntry, gazetteer: Gazetteer) -> dict:
    return dict(
        place_id=entry.id, name=entry.name, kind=entry.kind, known=True,
        parents=gazetteer.parents(entry.id), latitude=entry.latitude,
        longitude=entry.longitude, geonames_id=entry.geonames_id,
        country_code=entry.country_code,
    )


def _registry_parent(
    ref: str, gazetteer: Gazetteer, reg_by_id: Mapping[str, Place], reg_index: Mapping[str, list[Place]]
) -> Place | GazetteerEntry | None:
    if ref in reg_by_id:
        return reg_by_id[ref]
    if reg_index.get(normalise_name(ref)):
        return reg_index[normalise_name(ref)][0]
    if gazetteer.get(ref):
        return gazetteer.get(ref)
    chosen = choose_candidate(gazetteer.lookup(ref), frozenset())
    return chosen.entry if chosen else None


def _registry_chain(
    place: Place, gazetteer: Gazetteer, reg_by_id: Mapping[str, Place], reg_index: Mapping[str, list[Place]]
) -> list[Place | GazetteerEntry]:
    """The registry place's ancestors, through the registry and then the gazetteer."""
    chain: list[Place | GazetteerEntry] = []
    ref, seen = place.within, {place.id}
    while ref and len(chain) < 8:
        parent = _registry_parent(ref, gazetteer, reg_by_id, reg_index)
        if parent is None or parent.id in seen:
            break
        seen.add(parent.id)
        chain.append(parent)
        if isinstance(parent, GazetteerEntry):
            chain.extend(gazetteer.get(pid) for pid, _, _ in gazetteer.parents(parent.id))
            break
        ref = parent.within
    return chain


def _registry_country(
    place: Place, gazetteer: Gazetteer, reg_by_id: Mapping[str, Place], reg_index: Mapping[str, list[Place]]
) -> str | None:
    for node in (place, *_registry_chain(place, gazetteer, reg_by_id, reg_index)):
        if isinstance(node, GazetteerEntry):
            return node.country_code
        if node.kind == "country":
            entry = gazetteer.get(node.id)
            candidates = [entry] if entry else [c.entry for c in gazetteer.lookup(node.name)]
            for e in candidates:
                if e.kind == "country":
                    return e.country_code
    return None


def _registry_mention(
    place: Place, gazetteer: Gazetteer, reg_by_id: Mapping[str, Place], reg_index: Mapping[str, list[Place]]
) -> dict:
    chain = _registry_chain(place, gazetteer, reg_by_id, reg_index)
    same = gazetteer.get(place.id)
    lat, lon = place.latitude, place.longitude
    if lat is None and same is not None:
        lat, lon = same.latitude, same.longitude
    return dict(
        place_id=place.id, name=place.name, kind=place.kind, known=True,
        parents=tuple((n.id, n.name, n.kind) for n in chain), latitude=lat, longitude=lon,
        geonames_id=place.geonames_id or (same.geonames_id if same else None),
        country_code=_registry_country(place, gazetteer, reg_by_id, reg_index),
    )


def _site_name(name: str, head: str) -> str:
    """"Zawiya" + " oil refinery" -> "Zawiya refinery": the name and its site word, without
    the describing word the text put between them."""
    words = head.split()
    heads = default_rules().lowercase_site_heads
    if len(words) > 1 and words[0].islower() and " ".join(words) not in heads and " ".join(words[1:]) in heads:
        words = words[1:]
    return " ".join([name, *words])


def _site_mention(f: _Found, base: dict | None) -> PlaceMention:
    """"Baghdad Airport": a site within the place its name resolves to."""
    text = f.sentence.text
    span = text[f.tokens[f.hit.first].start : f.head_end]
    name = _site_name(text[f.tokens[f.hit.first].start : f.tokens[f.hit.last].end], text[f.tokens[f.hit.last].end : f.head_end])
    if base is None:
        return PlaceMention(
            sentence=f.sentence.index, start=f.tokens[f.hit.first].start, end=f.head_end,
            text=span, place_id=slugify(name), name=name, kind="site", known=False,
        )
    return PlaceMention(
        sentence=f.sentence.index, start=f.tokens[f.hit.first].start, end=f.head_end, text=span,
        place_id=slugify(name), name=name, kind="site", known=False,
        parents=((base["place_id"], base["name"], base["kind"]), *base["parents"]),
        latitude=base["latitude"], longitude=base["longitude"], country_code=base["country_code"],
    )


def _region_mention(f: _Found, base: dict, gazetteer: Gazetteer,
                    rules: PlaceRules | None = None) -> PlaceMention:
    """"Anbar Province" is the region; "Kharkiv Oblast" the region so named if known.

    A city's name with a region head ("Arequipa region", "the Donetsk region")
    is the gazetteer region of that name in the city's country, even when ISO
    spells it a little differently ("Kharkivska oblast"); failing that, after
    a head in ``city_region_heads``, the city's own admin region.
    """
    text = f.sentence.text
    start = f.tokens[f.hit.first].start
    common = dict(sentence=f.sentence.index, start=start, end=f.head_end, text=text[start : f.head_end])
    if base["kind"] == "region":
        return PlaceMention(**common, **base)
    heads = rules.region_heads if rules else frozenset()
    named = _named_region(base, gazetteer, heads)
    if named is not None:
        return PlaceMention(**common, **_gazetteer_mention(named, gazetteer))
    head = normalise_name(text[f.tokens[f.hit.last].end : f.head_end])
    if rules and head in rules.city_region_heads and base["kind"] == "city":
        region = next((gazetteer.get(pid) for pid, _, kind in base["parents"] if kind == "region"), None)
        if region is not None:
            return PlaceMention(**common, **_gazetteer_mention(region, gazetteer))
    span = common["text"]
    country = [p for p in base["parents"] if p[2] == "country"]
    return PlaceMention(
        **common, place_id=slugify(span), name=span, kind="region", known=False,
        parents=tuple(country), latitude=base["latitude"], longitude=base["longitude"],
        country_code=base["country_code"],
    )


def _named_region(base: dict, gazetteer: Gazetteer, heads: frozenset[str]) -> GazetteerEntry | None:
    """The region in ``base``'s country named like it: "Arequipa" -> "Arequipa Region",
    "Kharkiv" -> "Kharkivska oblast" (one word extending the name by an adjectival
    ending). The place's own region first; an exact name beats an extended one."""
    key = normalise_name(base["name"])
    if not key or not base.get("country_code"):
        return None

    def bare(name: str) -> str:
        words = normalise_name(name).split()
        while len(words) > 1 and words[-1] in heads:
            words.pop()
        while len(words) > 1 and words[0] in heads:
            words.pop(0)
        return " ".join(words)

    def rank(entry: GazetteerEntry) -> int | None:
        name = bare(entry.name)
        if name == key:
            return 0
        if " " not in key and " " not in name and name.startswith(key) and len(name) - len(key) <= 3:
            return 1
        return None

    own = [gazetteer.get(pid) for pid, _, kind in base["parents"] if kind == "region"]
    regions = [e for e in own if e is not None and rank(e) is not None]
    if not regions:
        regions = [e for e in gazetteer.entries.values()
                   if e.kind == "region" and e.country_code == base["country_code"] and rank(e) is not None]
    if not regions:
        return None
    return min(regions, key=lambda e: (rank(e), e.id))


# --- helpers for the integrator ------------------------------------------------------


def region_place_id(mention: PlaceMention) -> str:
    """Id of the region a qualified mention names: "western Iraq" -> "western-iraq"."""
    if not mention.qualifier:
        return mention.place_id
    return f"{slugify(mention.qualifier)}-{mention.place_id}"
