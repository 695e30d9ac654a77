"""Find the actors an article names: [Sentence] + registry -> [ActorMention].

Order of trust, highest first:

1. The registry (``content/actors``): names and aliases as written (acronyms
   case-sensitively, as whole tokens), then spelling variants through a
   transliteration key that compares whole names ("Ketaeb Hezbollah" ==
   "Kata'ib Hizballah", but "Hezbollah" != "Kataib Hezbollah").
2. Built-in states (``data/states.yaml``) and institutions (``data/actors.yaml``):
   names, demonyms and capitals, only where the text uses them as actors
   ("American troops", "supported by Tehran", not "a protest in Paris").
3. Actors the registry lacks, found by title ("Defence Secretary Lloyd Austin"),
   by an organisation keyword ("US Central Command", "LockBit ransomware
   gang"), by an acronym in parentheses ("Islamic State (IS)"), or as a
   capitalised name that says or does something. Later references ("Mr
   Austin", "IS") resolve to the same actor within the article.

Fuzzy similarity never merges: it only fills ``alias_proposals`` of a new actor.
Everything is deterministic; vocabularies live in editable data files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from rapidfuzz import fuzz
from unidecode import unidecode

from chronicle.core.ids import slugify
from chronicle.core.model import Actor, name_key
from chronicle.extract.article import ActorMention, Sentence
from chronicle.core.datafile import read_rules

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class StateEntry:
    """A built-in state and the words that name it."""

    id: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True)
class Institution:
    """An institution known by its seat or short name ("Pentagon", "Kremlin")."""

    phrases: tuple[str, ...]
    id: str
    name: str
    kind: str
    state: str | None
    actor_like_only: bool = False  # "Brussels": only as subject/agent, like a capital


@dataclass(frozen=True)
class ActorRules:
    """Every vocabulary the extractor uses, loaded from data files (see actors.yaml)."""

    titles: frozenset[tuple[str, ...]]
    title_prefixes: frozenset[str]
    honorifics: frozenset[str]
    name_particles: frozenset[str]
    connectors: frozenset[str]
    modifier_prefixes: frozenset[str]
    abbreviations: frozenset[str]
    group_keywords: Mapping[str, str]
    body_keywords: Mapping[str, str]
    capitalised_only_keywords: frozenset[str]
    kind_modifiers: Mapping[str, str]
    stop_phrases: frozenset[str]
    stopwords: frozenset[str]
    acronym_stopwords: frozenset[str]
    demonym_cues: frozenset[str]
    possessive_cues: frozenset[str]
    backed_suffixes: frozenset[str]
    speech_verbs: frozenset[str]
    actor_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    adverbs: frozenset[str]
    place_prepositions: frozenset[str]
    metonym_place_prepositions: frozenset[str]
    place_qualifiers: frozenset[str]
    agent_markers: frozenset[str]
    source_markers: tuple[tuple[str, ...], ...]
    institutions: tuple[Institution, ...]
    states: tuple[StateEntry, ...]
    not_adverbs: frozenset[str] = frozenset()
    passive_auxiliaries: frozenset[str] = frozenset()
    credit_words: frozenset[str] = frozenset()
    org_descriptors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    employer_titles: frozenset[tuple[str, ...]] = frozenset()
    object_verbs: tuple[tuple[str, ...], ...] = ()
    org_openers: frozenset[str] = frozenset()
    capitalised_titles: frozenset[tuple[str, ...]] = frozenset()  # ranks that are common words ("Major")
    state_object_cues: tuple[tuple[str, ...], ...] = ()  # "sanctions on": a state after them is an actor
    run_breakers: frozenset[str] = frozenset()  # words that start a new name after an organisation keyword

    @functools.cached_property
    def max_title_len(self) -> int:
        # Computed once per rules object: asked at every token, it was a tenth of extraction time.
        return max((len(t) for t in self.titles), default=1)

    def keyword_kind(self, word: str) -> str | None:
        return self.group_keywords.get(word) or self.body_keywords.get(word)


def _words(values: Iterable) -> frozenset[str]:
    return frozenset(str(v).casefold() for v in values or ())


@functools.lru_cache(maxsize=8)
def load_actor_rules(path: str | Path | None = None, states_path: str | Path | None = None) -> ActorRules:
    """Read actors.yaml and states.yaml (defaults: the built-in ones) into ActorRules."""
    data = read_rules(path or DATA_DIR / "actors.yaml") or {}
    states_data = read_rules(states_path or DATA_DIR / "states.yaml") or {}
    states = tuple(
        StateEntry(id=s["id"], name=s["name"], names=tuple(s.get("names") or ()),
                   demonyms=tuple(s.get("demonyms") or ()), capitals=tuple(s.get("capitals") or ()))
        for s in states_data.get("states") or ()
    )
    institutions = tuple(
        Institution(phrases=tuple(i["phrases"]), id=i["id"], name=i["name"], kind=i["kind"],
                    state=i.get("state"), actor_like_only=bool(i.get("actor_like_only")))
        for i in data.get("institutions") or ()
    )
    return ActorRules(
        titles=frozenset(tuple(_norm(w) for w in str(t).split()) for t in data.get("titles") or ()),
        title_prefixes=_words(data.get("title_prefixes")),
        honorifics=_words(data.get("honorifics")),
        name_particles=_words(data.get("name_particles")),
        connectors=_words(data.get("connectors")),
        modifier_prefixes=_words(data.get("modifier_prefixes")),
        abbreviations=frozenset(str(a) for a in data.get("abbreviations") or ()),
        group_keywords=MappingProxyType({str(k).casefold(): v for k, v in (data.get("group_keywords") or {}).items()}),
        body_keywords=MappingProxyType({str(k).casefold(): v for k, v in (data.get("body_keywords") or {}).items()}),
        capitalised_only_keywords=_words(data.get("capitalised_only_keywords")),
        kind_modifiers=MappingProxyType({str(k).casefold(): v or "" for k, v in (data.get("kind_modifiers") or {}).items()}),
        stop_phrases=frozenset(name_key(p) for p in data.get("stop_phrases") or ()),
        stopwords=frozenset(str(w) for w in data.get("stopwords") or ()),
        acronym_stopwords=frozenset(str(w) for w in data.get("acronym_stopwords") or ()),
        demonym_cues=_words(data.get("demonym_cues")),
        possessive_cues=_words(data.get("possessive_cues")),
        backed_suffixes=_words(data.get("backed_suffixes")),
        speech_verbs=_words(data.get("speech_verbs")),
        actor_verbs=_words(data.get("actor_verbs")),
        auxiliaries=_words(data.get("auxiliaries")),
        adverbs=_words(data.get("adverbs")),
        place_prepositions=_words(data.get("place_prepositions")),
        metonym_place_prepositions=_words(data.get("metonym_place_prepositions")),
        place_qualifiers=_words(data.get("place_qualifiers")),
        agent_markers=_words(data.get("agent_markers")),
        source_markers=tuple(tuple(str(m).casefold().split()) for m in data.get("source_markers") or ()),
        institutions=institutions,
        states=states,
        not_adverbs=_words(data.get("not_adverbs")),
        passive_auxiliaries=_words(data.get("passive_auxiliaries")),
        credit_words=_words(data.get("credit_words")),
        org_descriptors=MappingProxyType({str(k).casefold(): v for k, v in (data.get("org_descriptors") or {}).items()}),
        employer_titles=frozenset(tuple(_norm(w) for w in str(t).split()) for t in data.get("employer_titles") or ()),
        object_verbs=tuple(sorted((tuple(str(v).casefold().split()) for v in data.get("object_verbs") or ()),
                                  key=lambda v: -len(v))),
        org_openers=frozenset(str(w) for w in data.get("org_openers") or ()),
        capitalised_titles=frozenset(tuple(_norm(w) for w in str(t).split())
                                     for t in data.get("capitalised_titles") or ()),
        run_breakers=frozenset(str(w) for w in data.get("run_breakers") or ()),
        state_object_cues=tuple(sorted((tuple(str(v).casefold().split()) for v in data.get("state_object_cues") or ()),
                                       key=lambda v: -len(v))),
    )


# --------------------------------------------------------------------------- keys


def fold(text: str) -> str:
    """Case, accents, apostrophes and punctuation folded away, for fuzzy comparison."""
    text = re.sub(r"['`’ʿʾ]", "", unidecode(text).casefold())
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def _skeleton(token: str) -> str:
    """First letter kept, later vowels dropped, doubled letters collapsed: 'hizballah' -> 'hzblh'."""
    token = token.replace("ph", "f").replace("ck", "k").replace("q", "k")
    token = token[:1] + re.sub(r"[aeiouy]", "", token[1:])
    return re.sub(r"(.)\1+", r"\1", token)


def translit_key(name: str) -> str:
    """Key shared by transliteration variants of a whole name; tokens stay separate.

    "Ketaeb Hezbollah", "Kata'ib Hizballah" -> "ktb hzblh"; "Hezbollah" -> "hzblh".
    Hyphens separate tokens ("al-Qaeda" == "Al Qaeda"); apostrophes and ayns vanish.
    """
    return " ".join(_skeleton(t) for t in fold(name).split())


def _is_acronym(alias: str) -> bool:
    """Short all-capital aliases ("IS", "KH", "U.S.") must match exactly, as whole tokens."""
    letters = alias.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and " " not in alias and letters.isupper() and letters.isalnum()


def propose_aliases(name: str, registry: Sequence[Actor], threshold: float = 85.0) -> tuple[str, ...]:
    """Registry ids whose name or an alias looks like a spelling of ``name``.

    Only a proposal for an editor: close strings are often different actors.
    Also proposes actors whose transliteration key matches but that were not
    merged because the strings differ too much.
    """
    target, key = fold(name), translit_key(name)
    if not target:
        return ()
    scored: dict[str, float] = {}
    for actor in registry:
        for alias in (actor.name, *actor.aliases):
            other = fold(alias)
            score = max(fuzz.ratio(target, other), fuzz.token_sort_ratio(target, other))
            if score >= threshold or (len(key.replace(" ", "")) >= 4 and translit_key(alias) == key):
                scored[actor.id] = max(scored.get(actor.id, 0.0), score)
    return tuple(sorted(scored, key=lambda i: (-scored[i], i)))


# --------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w'’ʿʾ&-]*\w)?")
_POSSESSIVE_RE = re.compile(r"['’]s?$")


def _norm(word: str) -> str:
    return word.casefold().rstrip(".")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int

    # cached_property: detectors ask these of every token many times over.
    @functools.cached_property
    def norm(self) -> str:
        return _norm(self.text)

    @functools.cached_property
    def bare(self) -> str:
        """Without a possessive: "Iran's" -> "Iran"."""
        return _POSSESSIVE_RE.sub("", self.text) if self.possessive else self.text

    @functools.cached_property
    def possessive(self) -> bool:
        return bool(re.search(r"\w['’]s$", self.text)) or (self.text.endswith("s'") and len(self.text) > 2)

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, rules: ActorRules) -> list[_Tok]:
    """Word tokens with offsets; "Gen." and "U.S." keep their dots."""
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        end = m.end()
        if m.group() in rules.abbreviations and text[end:end + 1] == ".":
            end += 1
        tokens.append(_Tok(text[m.start():end], m.start(), end))
    return tokens


# --------------------------------------------------------------------------- indexes


@dataclass(frozen=True)
class _Ident:
    """Who a mention refers to."""

    actor_id: str
    name: str
    kind: str
    known: bool
    how: str
    title: str | None = None
    proposals: tuple[str, ...] = ()


@dataclass(frozen=True)
class _RegistryIndex:
    actors: tuple[Actor, ...]  # non-state actors, sorted by id
    exact: Mapping[str, Actor]  # name_key -> actor
    acronyms: Mapping[str, Actor]
    translit: Mapping[str, tuple[Actor, ...]]
    surnames: Mapping[str, tuple[Actor, ...]]  # registry people by surname key
    pattern_ci: re.Pattern | None
    pattern_cs: re.Pattern | None
    ids: frozenset[str]


@dataclass(frozen=True)
class _StateRef:
    id: str
    name: str


@dataclass(frozen=True)
class _StateIndex:
    names: Mapping[tuple[str, ...], _StateRef]
    demonyms: Mapping[tuple[str, ...], _StateRef]
    capitals: Mapping[tuple[str, ...], _StateRef]
    institutions: Mapping[tuple[str, ...], Institution]
    maxlen: int
    # The first word of every phrase in the four tables: most tokens start none, and
    # _match_table can say so before trying every phrase length.
    first_words: frozenset[str] = frozenset()

    def any_state_word(self, word: str) -> bool:
        key = (word,)
        return key in self.names or key in self.demonyms or key in self.capitals


def _phrase_pattern(aliases: Iterable[str]) -> re.Pattern | None:
    alts = sorted(set(aliases), key=lambda a: (-len(a), a))
    if not alts:
        return None
    body = "|".join(r"\s+".join(re.escape(part) for part in a.split()) for a in alts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _surname_key(name: str, rules: ActorRules) -> str:
    """'Mohammed Shia al-Sudani' -> 'sudani': last token without a particle prefix."""
    parts = name.split()
    if not parts:
        return ""
    last = parts[-1]
    m = re.match(r"^([a-zA-Z]{1,3})[-'’](.+)$", last)
    if m and m.group(1).casefold() in rules.name_particles | {"d", "l"}:
        last = m.group(2)
    return fold(last)


def _build_registry(registry: Sequence[Actor], rules: ActorRules) -> _RegistryIndex:
    actors = tuple(sorted((a for a in registry if a.kind != "state"), key=lambda a: a.id))
    exact: dict[str, Actor] = {}
    acronyms: dict[str, Actor] = {}
    translit: dict[str, list[Actor]] = {}
    surnames: dict[str, list[Actor]] = {}
    ci, cs = [], []
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            if not alias.strip():
                continue
            if _is_acronym(alias):
                acronyms.setdefault(alias, actor)
                cs.append(alias)
                continue
            exact.setdefault(name_key(alias), actor)
            ci.append(alias)
            key = translit_key(alias)
            if key and actor not in translit.setdefault(key, []):
                translit[key].append(actor)
        if actor.kind == "person" and len(actor.name.split()) >= 2:
            surnames.setdefault(_surname_key(actor.name, rules), []).append(actor)
    ci_pattern = _phrase_pattern(ci)
    return _RegistryIndex(
        actors=actors,
        exact=MappingProxyType(exact),
        acronyms=MappingProxyType(acronyms),
        translit=MappingProxyType({k: tuple(v) for k, v in translit.items()}),
        surnames=MappingProxyType({k: tuple(v) for k, v in surnames.items()}),
        pattern_ci=re.compile(ci_pattern.pattern, re.IGNORECASE) if ci_pattern else None,
        pattern_cs=_phrase_pattern(cs),
        ids=frozenset(a.id for a in registry),
    )


def _phrase_tokens(phrase: str, rules: ActorRules) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(phrase, rules))


class _RegistryKey:
    """A registry and rules as a cache key: equal when the actors' names are."""

    def __init__(self, registry: tuple[Actor, ...], rules: ActorRules):
        self.registry, self.rules = registry, rules
        self.signature = tuple((a.id, a.name, a.aliases, a.kind) for a in registry)

    def __hash__(self) -> int:
        return hash((self.signature, id(self.rules)))

    def __eq__(self, other) -> bool:
        return isinstance(other, _RegistryKey) and self.rules is other.rules and self.signature == other.signature


@functools.lru_cache(maxsize=4)
def _indexes(key: _RegistryKey) -> tuple["_RegistryIndex", _StateIndex]:
    """Registry and state indexes, built once per registry rather than once per article."""
    return _build_registry(list(key.registry), key.rules), _build_states(list(key.registry), key.rules)


def _build_states(registry: Sequence[Actor], rules: ActorRules) -> _StateIndex:
    """States from states.yaml, with registry state actors taking over matching entries."""
    reg_states = sorted((a for a in registry if a.kind == "state"), key=lambda a: a.id)
    by_name = {name_key(n): a for a in reg_states for n in (a.name, *a.aliases)}
    names: dict[tuple[str, ...], _StateRef] = {}
    demonyms: dict[tuple[str, ...], _StateRef] = {}
    capitals: dict[tuple[str, ...], _StateRef] = {}
    for state in rules.states:
        actor = next((by_name[name_key(n)] for n in (state.name, *state.names) if name_key(n) in by_name), None)
        ref = _StateRef(actor.id, actor.name) if actor else _StateRef(state.id, state.name)
        for n in state.names:
            names.setdefault(_phrase_tokens(n, rules), ref)
        for d in state.demonyms:
            demonyms.setdefault(_phrase_tokens(d, rules), ref)
        for c in state.capitals:
            capitals.setdefault(_phrase_tokens(c, rules), ref)
    for actor in reg_states:  # registry states the built-in list lacks, or extra aliases
        for n in (actor.name, *actor.aliases):
            names.setdefault(_phrase_tokens(n, rules), _StateRef(actor.id, actor.name))
    institutions = {_phrase_tokens(p, rules): inst for inst in rules.institutions for p in inst.phrases}
    tables = (names, demonyms, capitals, institutions)
    maxlen = max((len(k) for t in tables for k in t), default=1)
    first_words = frozenset(k[0] for t in tables for k in t if k)
    return _StateIndex(MappingProxyType(names), MappingProxyType(demonyms),
                       MappingProxyType(capitals), MappingProxyType(institutions), maxlen, first_words)


# --------------------------------------------------------------------------- sentence context


@dataclass(frozen=True)
class _Ctx:
    """One sentence, tokenised, with everything detectors need."""

    text: str
    toks: tuple[_Tok, ...]
    rules: ActorRules
    reg: _RegistryIndex
    states: _StateIndex
    proper_words: frozenset[str] = frozenset()  # words capitalised mid-sentence in the article
    # A Title Case headline capitalises every word, so its capitals prove nothing:
    # a word counts as a name there only if the body capitalises it too.
    title_case: bool = False

    def gap(self, k: int) -> str:
        """Text between token k and token k+1."""
        return self.text[self.toks[k].end:self.toks[k + 1].start]

    @functools.cached_property
    def _joined(self) -> tuple[bool, ...]:
        """For each token but the last: the next one follows after plain whitespace."""
        gaps = (self.gap(k) for k in range(len(self.toks) - 1))
        return tuple(gap != "" and gap.strip() == "" for gap in gaps)

    def adjacent(self, k: int) -> bool:
        """Token k+1 follows token k after plain whitespace."""
        return 0 <= k < len(self._joined) and self._joined[k]

    def norm(self, k: int) -> str:
        return self.toks[k].norm if 0 <= k < len(self.toks) else ""

    def modifier(self, k: int) -> bool:
        """A hyphenated modifier: "Iran-backed", "US-exclusive", "Pro-Iranian"."""
        text = self.toks[k].text
        parts = text.split("-")
        if len(parts) < 2:
            return False
        if self.name_compound(k):
            return False
        return parts[-1][:1].islower() or parts[0].casefold() in self.rules.modifier_prefixes

    def name_compound(self, k: int) -> bool:
        """A capitalised compound inside a name ("Central Anti-Corruption Bureau"), not a
        modifier like "Pro-Iranian": every part capitalised, none a state word, and a
        capitalised word follows."""
        parts = self.toks[k].text.split("-")
        return all(p[:1].isupper() for p in parts) and not any(self.states.any_state_word(p) for p in parts) \
            and k + 1 < len(self.toks) and self.adjacent(k) and self.toks[k + 1].capital

    def nameish(self, k: int) -> bool:
        """Can be part of a proper name: capitalised, or a particle glued to one ("al-Sudani")."""
        if not 0 <= k < len(self.toks):
            return False
        tok = self.toks[k]
        if self.modifier(k) or tok.text[:1].isdigit():
            return False
        if tok.capital:
            return not self.title_case or self.body_capitalises(k)
        m = re.match(r"^([a-z]{1,3})[-'’][A-Z]", tok.text)
        return bool(m) and m.group(1) in self.rules.name_particles | {"d", "l"}

    def body_capitalises(self, k: int) -> bool:
        """Evidence outside a Title Case headline that token k is a name."""
        tok = self.toks[k]
        return tok.bare in self.proper_words or _is_acronym(tok.bare) or self.state_word(k)

    def stop(self, k: int) -> bool:
        tok = self.toks[k]
        return tok.bare in self.rules.stopwords or tok.text.rstrip(".") in self.rules.stopwords

    def state_word(self, k: int) -> bool:
        return self.states.any_state_word(self.toks[k].bare)

    def titleword(self, k: int) -> bool:
        n = self.norm(k)
        return (n,) in self.rules.titles or n in self.rules.honorifics

    def keyword(self, k: int) -> str | None:
        """The kind a capitalised organisation keyword implies ("Command" -> military)."""
        tok = self.toks[k]
        if not tok.capital:
            return None
        return self.rules.keyword_kind(_norm(tok.bare))

    def span_end(self, k: int) -> int:
        """End offset of token k without a possessive."""
        tok = self.toks[k]
        return tok.start + len(tok.bare)

    def words(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start:self.span_end(j - 1)]


def _context(sentence: Sentence, rules, reg, states, proper_words=frozenset()) -> _Ctx:
    return _Ctx(sentence.text, tuple(tokenize(sentence.text, rules)), rules, reg, states, proper_words,
                is_title_case(sentence.text))


def is_title_case(text: str) -> bool:
    """Title Case with no full stop ("Court Jails Former Mayor For Bribery"): every word of
    four letters or more capitalised, so capitals say nothing about names."""
    long = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return not text.rstrip().endswith(".") and len(long) >= 3 and all(w[0].isupper() for w in long)


def _proper_words(sentences: Iterable[Sentence], rules: ActorRules) -> frozenset[str]:
    """Words written capitalised after the start of a sentence: likely proper names.
    Title Case headlines are left out: they capitalise every word."""
    words = set()
    for s in sentences:
        if is_title_case(s.text):
            continue
        toks = tokenize(s.text, rules)
        for prev, tok in zip(toks, toks[1:]):
            gap = s.text[prev.end:tok.start]
            if tok.capital and not re.search(r"[.:!?\"“‘]", gap):
                words.add(_POSSESSIVE_RE.sub("", tok.text) if tok.possessive else tok.text)
    return frozenset(words)


def _runs(ctx: _Ctx) -> list[tuple[int, int]]:
    """Maximal capitalised name runs [i, j): they start at a non-stopword, may hold
    stopwords inside ("US Central Command"), lose trailing stopwords, and take
    connectors only between names ("Ministry of Defence").

    A possessive ends a run unless a capitalised organisation keyword follows
    ("St Mary's Hospital", but "Iran's Revolutionary Guard").
    """
    runs, k, n = [], 0, len(ctx.toks)
    while k < n:
        if not ctx.nameish(k) or ctx.stop(k):
            k += 1
            continue
        i, j = k, k + 1
        while j < n:
            last = ctx.toks[j - 1]
            if last.possessive and not (ctx.nameish(j) and ctx.keyword(j) and not ctx.state_word(j - 1)):
                break
            if not ctx.adjacent(j - 1):
                break
            if ctx.toks[j].text in ctx.rules.run_breakers and ctx.keyword(j - 1):
                break  # "Japan Airlines | Flight 516", "Japan Airlines | Airbus A350": a new name
            if ctx.nameish(j):
                j += 1
                continue
            m = j
            while m < n and ctx.norm(m) in ctx.rules.connectors and not ctx.toks[m].capital and ctx.adjacent(m):
                m += 1
            if j < m < n and ctx.nameish(m) and not ctx.stop(m):
                j = m + 1
                continue
            break
        k = j
        while j > i and ctx.stop(j - 1):
            j -= 1
        runs.append((i, j))
    return runs


def _core(ctx: _Ctx, i: int, j: int) -> tuple[int, int]:
    """A run without leading state words and titles: "Iraqi Ketaeb Hezbollah" -> "Ketaeb Hezbollah".

    A title of several words goes whole ("Chief Executive Officer Dana Reyes" -> "Dana
    Reyes"), and a titled person's name ends at "of" ("John Asante of the National
    Congress"): what follows is the organisation, found on its own.
    """
    titled = _title_ends_at(ctx, i)
    while i < j:
        end = _title_with_prefixes_at(ctx, i)
        if end is not None and end <= j:
            i, titled = end, True
        elif ctx.state_word(i) or ctx.titleword(i) or ctx.norm(i) in ctx.rules.connectors:
            i += 1
        else:
            break
    if titled:
        j = next((m for m in range(i + 1, j) if ctx.norm(m) == "of" and not ctx.toks[m].capital), j)
    while j > i and ctx.norm(j - 1) in ctx.rules.connectors and not ctx.toks[j - 1].capital:
        j -= 1
    return i, j


def _title_with_prefixes_at(ctx: _Ctx, i: int) -> int | None:
    """End token of a title starting at token i, with the words that may open one ("Senior
    Superintendent", "Deputy Inspector General")."""
    for k in range(i, min(i + 3, len(ctx.toks))):
        end = _title_at(ctx, k)
        if end is not None:
            return end
        if ctx.norm(k) not in ctx.rules.title_prefixes or not ctx.adjacent(k):
            return None
    return None


def _title_ends_at(ctx: _Ctx, i: int) -> bool:
    """Whether a title ends right before token i ("opposition leader | John Asante")."""
    return i > 0 and ctx.adjacent(i - 1) and any(_title_at(ctx, t) == i for t in range(max(i - 4, 0), i))


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Cand:
    """A span some detector proposes, before overlaps are settled and names resolved.

    mode: "fixed" (ident known), "define" (a name to resolve or create),
    "person" (a surname reference with a title or honorific), "alias" (an
    acronym), "ref" (a name that only counts if the article defines it).
    """

    start: int
    end: int
    priority: int
    mode: str
    ident: _Ident | None = None
    name: str = ""
    kind: str = ""
    how: str = ""
    title: str | None = None
    aliases: tuple[str, ...] = ()
    fallback: bool = False  # person/alias: create a new actor when unresolved
    locative: bool = False  # ref: after "in", "at": a short form here is more likely a place


P_REGISTRY, P_TRANSLIT, P_REF, P_INSTITUTION, P_TITLE, P_ORG, P_STATE, P_NAME = range(8)


def _registry_candidates(ctx: _Ctx) -> list[_Cand]:
    """Registry names and aliases as written, then whole runs by transliteration key."""
    out = []
    starts = {t.start: k for k, t in enumerate(ctx.toks)}
    for pattern, table, ci in ((ctx.reg.pattern_ci, ctx.reg.exact, True),
                               (ctx.reg.pattern_cs, ctx.reg.acronyms, False)):
        if pattern is None:
            continue
        for m in pattern.finditer(ctx.text):
            actor = table.get(name_key(m.group())) if ci else table.get(m.group())
            if actor is None:
                continue
            if ci:
                alias = next(a for a in (actor.name, *actor.aliases) if name_key(a) == name_key(m.group()))
                if alias[:1].isupper() and not m.group()[:1].isupper():
                    continue
            k = starts.get(m.start())
            if k is not None and _glued_to_unknown_name(ctx, k):
                continue
            out.append(_Cand(m.start(), m.end(), P_REGISTRY, "fixed",
                             _Ident(actor.id, actor.name, actor.kind, True, "alias")))
    for i, j in _runs(ctx):
        i, j = _core(ctx, i, j)
        if i >= j:
            continue
        actor = _translit_match(ctx.words(i, j), ctx.reg)
        if actor is not None:
            out.append(_Cand(ctx.toks[i].start, ctx.span_end(j - 1), P_TRANSLIT, "fixed",
                             _Ident(actor.id, actor.name, actor.kind, True, "transliteration")))
    return out


def _translit_match(name: str, reg: _RegistryIndex, min_ratio: float = 70.0) -> Actor | None:
    """The one registry actor whose whole name has the same key and a similar spelling."""
    key = translit_key(name)
    actors = reg.translit.get(key, ())
    if len(actors) != 1 or len(key.replace(" ", "")) < 4:
        return None
    actor = actors[0]
    target = fold(name)
    best = max(fuzz.ratio(target, fold(a)) for a in (actor.name, *actor.aliases) if translit_key(a) == key)
    return actor if best >= min_ratio else None


def _glued_to_unknown_name(ctx: _Ctx, k: int) -> bool:
    """A registry name right after an unexplained capitalised word belongs to a longer name
    ("Hezbollah" in "Ketaeb Hezbollah")."""
    p = k - 1
    if p < 0 or not ctx.adjacent(p) or not ctx.nameish(p) or ctx.toks[p].possessive:
        return False
    return not (ctx.stop(p) or ctx.state_word(p) or ctx.titleword(p))


def _match_table(ctx: _Ctx, i: int, table: Mapping) -> tuple[int, object, bool] | None:
    """Longest phrase of ``table`` starting at token i: (end token, value, via hyphen head)."""
    n = len(ctx.toks)
    first = ctx.toks[i]
    if first.bare not in ctx.states.first_words and first.text.split("-")[0] not in ctx.states.first_words:
        return None  # no phrase starts with this word, nor with its hyphen head ("Iran" of "Iran-backed")
    run = 1  # tokens from i joined by plain spaces: a phrase cannot be longer
    while run < min(ctx.states.maxlen, n - i) and ctx.adjacent(i + run - 1):
        run += 1
    for size in range(run, 0, -1):
        words = [t.bare for t in ctx.toks[i:i + size]]
        value = table.get(tuple(words))
        if value is not None:
            return i + size, value, False
        last = ctx.toks[i + size - 1].text
        if "-" in last and ctx.modifier(i + size - 1):
            head = last.split("-")[0]
            value = table.get(tuple(words[:-1] + [head]))
            if value is not None:
                return i + size, value, True
    return None


def _backed(ctx: _Ctx, j: int, via_head: bool) -> bool:
    """ "Iran-backed", "U.S.-led": the name is the one backing or leading."""
    if via_head:
        return ctx.toks[j - 1].text.split("-")[-1].casefold() in ctx.rules.backed_suffixes
    return (j < len(ctx.toks) and ctx.gap(j - 1) == "-"
            and ctx.norm(j) in ctx.rules.backed_suffixes)


def _after_place_word(ctx: _Ctx, i: int, preps: frozenset[str]) -> bool:
    """ "in Paris", "in Iraq and Syria": the name is a place here."""
    k = i - 1
    while k >= 0:
        word = ctx.norm(k)
        if (word == "the" or word in ctx.rules.place_qualifiers) and ctx.adjacent(k):
            k -= 1
            continue
        if word in ("and", "or") and ctx.adjacent(k):
            k -= 1
            while k >= 0 and ctx.nameish(k) and ctx.adjacent(k):
                k -= 1
            continue
        return word in preps and ctx.adjacent(k)
    return False


def _part_of_longer_name(ctx: _Ctx, i: int, j: int) -> bool:
    """ "Latin America", "Washington Post", "Jordan Henderson": not the state."""
    p = i - 1
    if p >= 0 and ctx.adjacent(p) and ctx.nameish(p) and not ctx.toks[p].possessive \
            and not (ctx.stop(p) or ctx.titleword(p) or ctx.state_word(p)):
        return True
    if ctx.toks[j - 1].possessive or "-" in ctx.toks[j - 1].text and ctx.modifier(j - 1):
        return False
    return j < len(ctx.toks) and ctx.adjacent(j - 1) and ctx.nameish(j) and not ctx.stop(j) \
        and not ctx.titleword(j) and _title_at(ctx, j) is None


def _cue_chain(ctx: _Ctx, j: int, cues: frozenset[str]) -> int | None:
    """Token index after a group noun following token j-1 ("US military forces"); one
    lower-case modifier may come first ("French riot police")."""
    rules, n = ctx.rules, len(ctx.toks)
    k = j
    if k < n and ctx.adjacent(k - 1) and not ctx.toks[k].capital and ctx.norm(k) not in cues \
            and ctx.norm(k) not in rules.auxiliaries | rules.speech_verbs | rules.actor_verbs | rules.connectors \
            and ctx.norm(k) not in rules.place_prepositions and k + 1 < n and ctx.norm(k + 1) in cues:
        k += 1
    end = None
    while k < n and ctx.adjacent(k - 1) and not ctx.toks[k].capital and ctx.norm(k) in cues:
        end = k + 1
        k += 1
        if ctx.toks[k - 1].possessive:
            break
    return end


def _apposition_end(ctx: _Ctx, j: int) -> int | None:
    """Token after an apposition or relative clause set off by commas right after token
    j-1 ("France, the former colonial power, urged"; "the Bureau, which began the
    inquiry, welcomed"), or None. It must open in lower case: "Italy, France and
    Spain said" is a list."""
    n = len(ctx.toks)
    if not 0 < j < n or ctx.gap(j - 1).strip() != "," or ctx.toks[j].capital:
        return None
    for k in range(j + 1, min(j + 14, n)):
        gap = ctx.gap(k - 1).strip()
        if gap == ",":
            return k
        if gap not in ("", "-"):
            return None
    return None


def _adverb(ctx: _Ctx, k: int) -> bool:
    """Listed adverbs, and lower-case "-ly" words ("briefly", "widely")."""
    word = ctx.norm(k)
    return word in ctx.rules.adverbs or (
        not ctx.toks[k].capital and len(word) > 4 and word.endswith("ly") and word not in ctx.rules.not_adverbs)


def _verb_follows(ctx: _Ctx, j: int, aux_alone: bool) -> bool:
    """ "Moscow denied", "Washington has carried out", "Iran is funding", "France, the
    former colonial power, urged", "(PNAT) said"; not the passive "were told"."""
    rules, n = ctx.rules, len(ctx.toks)
    start = _apposition_end(ctx, j) or j

    def linked(k: int) -> bool:
        if k != start:
            return ctx.adjacent(k - 1)
        return start != j or (0 < k < n and (ctx.adjacent(k - 1) or ctx.gap(k - 1).strip() == ")"))

    k, seen_aux, passive = start, False, False
    while k < n and k - start < 3 and linked(k) and (ctx.norm(k) in rules.auxiliaries or _adverb(ctx, k)):
        if ctx.norm(k) in rules.auxiliaries:
            seen_aux, passive = True, ctx.norm(k) in rules.passive_auxiliaries
        k += 1
    if k < n and linked(k) and ctx.norm(k) in rules.speech_verbs | rules.actor_verbs:
        return not passive
    return seen_aux and aux_alone


def _agent_before(ctx: _Ctx, i: int) -> bool:
    """ "supported by Tehran", "backed by the Kremlin"."""
    k = i - 1
    if k >= 0 and ctx.norm(k) == "the" and ctx.adjacent(k):
        k -= 1
    return k >= 0 and ctx.adjacent(k) and ctx.norm(k) in ctx.rules.agent_markers


def _coordinated_cue(ctx: _Ctx, j: int) -> bool:
    """ "US and allied forces", "US and coalition personnel"."""
    if j >= len(ctx.toks) or ctx.norm(j) != "and" or not ctx.adjacent(j - 1):
        return False
    for k in range(j + 1, min(j + 4, len(ctx.toks))):
        if not ctx.adjacent(k - 1) or ctx.toks[k].capital:
            return False
        if ctx.norm(k) in ctx.rules.demonym_cues:
            return True
    return False


def _state_candidates(ctx: _Ctx) -> list[_Cand]:
    """States named, by demonym or by capital, only where they act."""
    out = []
    for i in range(len(ctx.toks)):
        for table, what in ((ctx.states.names, "name"), (ctx.states.demonyms, "demonym"),
                            (ctx.states.capitals, "capital")):
            found = _match_table(ctx, i, table)
            if found is None:
                continue
            j, ref, via_head = found
            end = _state_span(ctx, i, j, via_head, what)
            if end is None:
                continue
            how = {"name": "alias", "demonym": "demonym", "capital": "metonym"}[what]
            out.append(_Cand(ctx.toks[i].start, end, P_STATE, "fixed", _Ident(ref.id, ref.name, "state", True, how)))
    return out


def _state_span(ctx: _Ctx, i: int, j: int, via_head: bool, what: str) -> int | None:
    """End offset of an actor-like use of a state word at tokens [i, j), else None."""
    rules = ctx.rules
    if _backed(ctx, j, via_head):
        return ctx.toks[j - 1].end if via_head else ctx.toks[j].end
    if via_head or _part_of_longer_name(ctx, i, j):
        return None
    possessive = ctx.toks[j - 1].possessive
    # "in US strikes", "by Turkish warplanes": the acting noun outweighs the preposition.
    cue_end = _cue_chain(ctx, j, rules.demonym_cues) if what in ("name", "demonym") and not possessive else None
    if cue_end is not None:
        return ctx.toks[cue_end - 1].end
    if what == "name" and not possessive and _phrase_before(ctx, i, rules.state_object_cues) is not None:
        return ctx.span_end(j - 1)  # "sanctions on Iran", "accused Rwanda": acted upon, not a location
    if _after_place_word(ctx, i, rules.place_prepositions):
        return None
    if what in ("name", "demonym") and not possessive:
        if _coordinated_cue(ctx, j) or _coordinated_demonym(ctx, j):
            return ctx.span_end(j - 1)
    if what == "demonym":
        return None
    if what == "name" and possessive:
        if _cue_chain(ctx, j, rules.demonym_cues | rules.possessive_cues) is not None or _org_follows(ctx, j):
            return ctx.span_end(j - 1)
        return None
    if possessive:
        return None
    if _verb_follows(ctx, j, aux_alone=(what == "name")) or _agent_before(ctx, i) \
            or _coordinated_subject(ctx, j, aux_alone=(what == "name")):
        return ctx.span_end(j - 1)
    return None


def _org_follows(ctx: _Ctx, j: int) -> bool:
    """ "Portugal's Socialist Party": a capitalised organisation name follows the possessive."""
    k = j
    while k < len(ctx.toks) and k - j < 5 and ctx.adjacent(k - 1) and ctx.nameish(k):
        if ctx.keyword(k):
            return True
        k += 1
    return False


def _coordinated_demonym(ctx: _Ctx, j: int) -> bool:
    """ "Kyrgyz and Tajik border forces": the first demonym shares the second's group noun."""
    if j + 1 >= len(ctx.toks) or ctx.norm(j) != "and" or not ctx.adjacent(j - 1) or not ctx.adjacent(j):
        return False
    found = _match_table(ctx, j + 1, ctx.states.demonyms)
    return found is not None and not found[2] and _cue_chain(ctx, found[0], ctx.rules.demonym_cues) is not None


def _coordinated_subject(ctx: _Ctx, j: int, aux_alone: bool) -> bool:
    """ "Greece and Japan sent rescue teams": both act."""
    if j + 1 >= len(ctx.toks) or ctx.norm(j) != "and" or not ctx.adjacent(j - 1) or not ctx.adjacent(j):
        return False
    for table in (ctx.states.names, ctx.states.capitals):
        found = _match_table(ctx, j + 1, table)
        if found is not None and not found[2] and _verb_follows(ctx, found[0], aux_alone):
            return True
    return False


def _institution_candidates(ctx: _Ctx) -> list[_Cand]:
    """ "the Pentagon", "the Kremlin said": institutions known by a short name."""
    out = []
    for i in range(len(ctx.toks)):
        found = _match_table(ctx, i, ctx.states.institutions)
        if found is None or found[2]:
            continue
        j, inst, _ = found
        if _after_place_word(ctx, i, ctx.rules.metonym_place_prepositions):
            continue
        if inst.actor_like_only and not (_verb_follows(ctx, j, False) or _agent_before(ctx, i)):
            continue
        if _part_of_longer_name(ctx, i, j):  # "UN Security Council": an organisation of its own
            continue
        ident = _institution_ident(inst, ctx.reg)
        out.append(_Cand(ctx.toks[i].start, ctx.span_end(j - 1), P_INSTITUTION, "fixed", ident))
    return out


def _institution_ident(inst: Institution, reg: _RegistryIndex) -> _Ident:
    for phrase in (inst.name, *inst.phrases):
        actor = reg.exact.get(name_key(phrase)) or reg.acronyms.get(phrase)
        if actor is not None:
            return _Ident(actor.id, actor.name, actor.kind, True, "metonym")
    return _Ident(inst.id, inst.name, inst.kind, False, "metonym")


def _title_at(ctx: _Ctx, i: int) -> int | None:
    """End token of the longest title starting at token i."""
    for size in range(min(ctx.rules.max_title_len, len(ctx.toks) - i), 0, -1):
        words = tuple(t.norm for t in ctx.toks[i:i + size])
        if words in ctx.rules.titles and all(ctx.adjacent(k) for k in range(i, i + size - 1)) \
                and (words not in ctx.rules.capitalised_titles or ctx.toks[i].capital):
            return i + size
    return None


def _name_after(ctx: _Ctx, j: int, limit: int = 4) -> int | None:
    """End token of a personal name starting at token j ("Mohammed Shia al-Sudani")."""
    rules, n, k = ctx.rules, len(ctx.toks), j
    count = 0
    while k < n and count < limit:
        if k > j and not ctx.adjacent(k - 1):
            break
        if ctx.toks[k - 1].possessive and k > j:
            break
        tok = ctx.toks[k]
        if ctx.nameish(k) and not ctx.stop(k) and not ctx.titleword(k) and not ctx.keyword(k) \
                and not ctx.state_word(k) and tok.text not in rules.acronym_stopwords:
            k += 1
            count += 1
            continue
        if k > j and ctx.norm(k) in rules.name_particles and not tok.capital and ctx.adjacent(k) \
                and ctx.nameish(k + 1):
            k += 1
            continue
        break
    if k == j or not ctx.toks[j].capital:
        return None
    return k


def _person_candidates(ctx: _Ctx) -> list[_Cand]:
    """People introduced by a title ("Prime Minister X", "coach X") or an honorific ("Mr X")."""
    rules, out, i, n = ctx.rules, [], 0, len(ctx.toks)
    while i < n:
        honorific = ctx.norm(i) in rules.honorifics
        t_end = i + 1 if honorific else _title_at(ctx, i)
        if t_end is None or ctx.toks[t_end - 1].possessive or t_end >= n or not ctx.adjacent(t_end - 1):
            i += 1
            continue
        n_end = _name_after(ctx, t_end)
        if n_end is None:
            i += 1
            continue
        start = i
        while not honorific and start > 0 and ctx.adjacent(start - 1) and start > i - 3 \
                and ctx.norm(start - 1) in rules.title_prefixes \
                and ctx.toks[start - 1].capital == ctx.toks[i].capital:
            start -= 1
        title = None if honorific else ctx.text[ctx.toks[start].start:ctx.toks[t_end - 1].end]
        name = ctx.words(t_end, n_end)
        span = (ctx.toks[start].start, ctx.span_end(n_end - 1))
        if n_end - t_end >= 2 and not honorific:
            out.append(_Cand(*span, P_TITLE, "define", name=name, kind="person", how="title", title=title))
        else:
            out.append(_Cand(*span, P_TITLE, "person", name=name, kind="person",
                             how="title" if title else "name", title=title, fallback=True))
        i = n_end
    return out


def _acronym_initials_ok(name: str, acronym: str) -> bool:
    """ "Islamic State" / "IS", "Hayat Tahrir al-Sham" / "HTS", "FDLR" in any order."""
    capitals = [c for c in unidecode(name) if c.isupper()]
    letters = [c for c in acronym if c.isalpha()]
    if not letters or not capitals or letters[0] not in capitals:
        return False
    pool = list(capitals)
    for c in letters:
        if c not in pool:
            return False
        pool.remove(c)
    return True


_PAREN_RE = re.compile(r"\s*\(([A-Z][A-Z0-9&.-]{1,9})\)")


def _org_candidates(ctx: _Ctx) -> list[_Cand]:
    """Organisations by keyword head, by a lower-case keyword after a name, or by "(ACRONYM)"."""
    rules, out, n = ctx.rules, [], len(ctx.toks)
    for i, j in _runs(ctx):
        i = _after_person_of(ctx, i, j)
        while i < j and ctx.titleword(i) and not ctx.keyword(i):
            i += 1
        if i >= j:
            continue
        kind = _capitalised_keyword_kind(ctx, i, j)
        if kind is not None:  # "Central Anti-Corruption Bureau": a stopword may open the name
            while i > 0 and ctx.adjacent(i - 1) and ctx.toks[i - 1].text in rules.org_openers:
                i -= 1
        full = ctx.words(i, j)
        if name_key(full) in rules.stop_phrases or _apposed_to_name(ctx, i, j):
            continue
        end_tok = j
        paren = _PAREN_RE.match(ctx.text, ctx.span_end(j - 1))
        aliases: tuple[str, ...] = ()
        if paren and not ctx.toks[j - 1].possessive and _acronym_initials_ok(full, paren.group(1)) \
                and not all(ctx.state_word(k) for k in range(i, j)):
            aliases = (paren.group(1),)
            while end_tok < n and ctx.toks[end_tok].start < paren.end():
                end_tok += 1
        after_kind, body_end = _lowercase_keyword(ctx, end_tok, after_paren=bool(aliases))
        core_i, core_j = _core(ctx, i, j)
        generic = i > 0 and ctx.norm(i - 1) in ("a", "an") and ctx.adjacent(i - 1)
        if kind is not None and j - i >= 2:
            name = full
        elif after_kind is not None and core_i < core_j and not ctx.toks[j - 1].possessive and not generic \
                and not any(ctx.titleword(k) for k in range(i, j)) and not _capitalised_by_position(ctx, core_i, core_j):
            kind = after_kind
            name = full
            if body_end is not None:  # "Gaza health ministry": the keyword is part of the name
                name = ctx.text[ctx.toks[i].start:ctx.toks[body_end - 1].end]
                if not aliases:
                    end_tok = body_end
        elif aliases:
            kind = after_kind or "organisation"
            name = full
        else:
            continue
        end = paren.end() if aliases else (ctx.toks[end_tok - 1].end if end_tok > j else ctx.span_end(j - 1))
        out.append(_Cand(ctx.toks[i].start, end, P_ORG, "define", name=name, kind=kind,
                         how="keyword", aliases=aliases))
    return out


def _after_person_of(ctx: _Ctx, i: int, j: int) -> int:
    """ "Vice President Ama Owusu of the New Patriotic Alliance": the organisation starts
    after the titled person's "of [the]"."""
    titled = _title_ends_at(ctx, i)
    for m in range(i + 1, j - 1):
        if ctx.norm(m) == "of" and not ctx.toks[m].capital \
                and (titled or any(_title_at(ctx, t) is not None for t in range(i, m))):
            m += 1
            return m + 1 if ctx.norm(m) == "the" and not ctx.toks[m].capital else m
    return i


def _capitalised_by_position(ctx: _Ctx, i: int, j: int) -> bool:
    """ "Ruling party", "Armed forces": one sentence-initial word the article never
    capitalises elsewhere is an ordinary word."""
    return j - i == 1 and (i == 0 or ctx.title_case) and ctx.toks[i].bare not in ctx.proper_words


def _capitalised_keyword_kind(ctx: _Ctx, i: int, j: int) -> str | None:
    """Kind from the last capitalised keyword that heads the run ("US Central Command",
    "Ministry of Defence"); None when the keyword is mid-name ("Union Square")."""
    for k in range(j - 1, i - 1, -1):
        kind = ctx.keyword(k)
        if kind is None:
            continue
        if k == j - 1 or ctx.norm(k + 1) in ("of", "for"):
            return kind
    return None


def _lowercase_keyword(ctx: _Ctx, j: int, after_paren: bool = False) -> tuple[str | None, int | None]:
    """Kind from "<name> [modifiers] keyword" ("LockBit ransomware gang" -> organisation).

    Returns (kind, end token when the keyword belongs in the name, as for
    body keywords like "ministry").
    """
    rules, n, k = ctx.rules, len(ctx.toks), j
    modifier_kind = ""

    def follows(m: int) -> bool:  # "(IS) jihadist": the paren stands between
        return (after_paren and m == j) or ctx.adjacent(m - 1)

    while k < n and k - j < 2 and follows(k) and ctx.norm(k) in rules.kind_modifiers \
            and not ctx.toks[k].capital and ctx.rules.keyword_kind(ctx.norm(k)) is None:
        modifier_kind = rules.kind_modifiers[ctx.norm(k)] or modifier_kind
        k += 1
    if k >= n or not follows(k) or ctx.toks[k].capital:
        return None, None
    word = _norm(ctx.toks[k].bare)
    if word in rules.capitalised_only_keywords:
        return None, None
    if word in rules.group_keywords:
        return modifier_kind or rules.group_keywords[word], None
    if word in rules.body_keywords:
        return modifier_kind or rules.body_keywords[word], k + 1
    return None, None


def _name_candidates(ctx: _Ctx) -> list[_Cand]:
    """Other capitalised names, only where they act: "Acme Holdings said", "according to
    Jane Doe"; bare acronyms ("FEMA") as references or, acting, as organisations; and
    every run as a reference to an actor the article defines elsewhere."""
    rules, out = ctx.rules, []
    for i, j in _runs(ctx):
        ci, cj = _core(ctx, i, j)
        if ci >= cj:
            continue
        name = ctx.words(ci, cj)
        span = (ctx.toks[ci].start, ctx.span_end(cj - 1))
        out.append(_Cand(*span, P_REF, "ref", name=name, how="name",
                         locative=_after_place_word(ctx, ci, rules.metonym_place_prepositions)))
        acting = _source_before(ctx, ci) or (
            _verb_follows(ctx, cj, False) and not _after_place_word(ctx, ci, rules.place_prepositions))
        acronym = ctx.toks[ci].text
        if _is_acronym(acronym) and acronym not in rules.acronym_stopwords and not ctx.state_word(ci) \
                and (cj - ci == 1 or ctx.titleword(ci + 1) or _title_at(ctx, ci + 1)):
            # "FEMA said", "FEMA Administrator Deanne Criswell"
            before_title = ci + 1 < len(ctx.toks) and (ctx.titleword(ci + 1) or _title_at(ctx, ci + 1))
            out.append(_Cand(ctx.toks[ci].start, ctx.span_end(ci), P_ORG, "alias", name=acronym,
                             kind="organisation", how="name", fallback=bool(acting or before_title)))
            continue
        if not acting or ctx.toks[cj - 1].possessive:
            continue
        if cj - ci < 2 and (ci == 0 or ctx.toks[ci].bare not in ctx.proper_words):
            continue  # one word: only if the article also capitalises it mid-sentence
        if any(ctx.titleword(k) for k in range(ci, cj)) or all(ctx.state_word(k) for k in range(ci, cj)) \
                or (ctx.toks[ci].bare,) in ctx.states.demonyms:
            continue  # "Moscow said" is a state; "Real Madrid said" is not
        if name_key(name) in rules.stop_phrases:
            continue
        out.append(_Cand(*span, P_NAME, "define", name=name, kind="other", how="name"))
    return out


def _phrase_before(ctx: _Ctx, i: int, phrases) -> tuple[tuple[str, ...], int] | None:
    """The first of ``phrases`` (token tuples) that ends right before token i, skipping a "the".

    Returns the phrase and the index of its first token.
    """
    if i > 0 and ctx.norm(i - 1) == "the" and ctx.adjacent(i - 1):
        i -= 1
    for phrase in phrases:
        k = i - len(phrase)
        if k >= 0 and tuple(ctx.norm(m) for m in range(k, i)) == phrase \
                and all(ctx.adjacent(m) for m in range(k, i)):
            return phrase, k
    return None


def _source_before(ctx: _Ctx, i: int) -> bool:
    """ "according to Acme Corp", "according to the FBI"."""
    found = _phrase_before(ctx, i, ctx.rules.source_markers)
    if found is None:
        return False
    marker, k = found
    return not (marker == ("by",) and ctx.norm(k - 1) in ctx.rules.credit_words)  # "Reporting by"


_ACRONYM_JOINERS = frozenset({"and", "in", "on", "&"})


def _expansion_start(ctx: _Ctx, j: int, acronym: str) -> int | None:
    """Start of the longest span ending at token j whose capitalised words spell the
    acronym in order, across lower-case joiners: "Islamic State in the Greater Sahara
    (ISGS)", "Irish Nurses and Midwives Organisation (INMO)"."""
    letters = "".join(c for c in acronym if c.isalpha()).upper()
    best, k = None, j
    while k >= 0 and j - k < 12:
        if k < j and not ctx.adjacent(k):
            break
        tok = ctx.toks[k]
        if not tok.capital:
            if ctx.norm(k) not in ctx.rules.connectors | _ACRONYM_JOINERS or k == j:
                break
        elif k == j or not tok.possessive:
            if j > k and letters in _initials(ctx, k, j + 1) and tok.text not in ctx.rules.stopwords:
                best = k
        else:
            break
        k -= 1
    return best


def _initials(ctx: _Ctx, i: int, j: int) -> tuple[str, str]:
    """Initials of the capitalised words, without and with the joiners: "Economic
    Community of West African States" -> ("ECWAS", "ECOWAS")."""
    caps = "".join(p[0] for m in range(i, j) if ctx.toks[m].capital
                   for p in ctx.toks[m].bare.split("-") if p[:1].isupper())
    every = "".join(ctx.toks[m].text[0].upper() for m in range(i, j) if ctx.norm(m) != "the")
    return caps, every


def _acronym_candidates(ctx: _Ctx) -> list[_Cand]:
    """Organisations spelled out before their acronym in parentheses."""
    out = []
    ends = {t.end: k for k, t in enumerate(ctx.toks)}
    for m in _PAREN_RE.finditer(ctx.text):
        j = ends.get(m.start())  # the pattern's leading whitespace starts right after the name
        if j is None:
            continue
        i = _expansion_start(ctx, j, m.group(1))
        if i is None or ctx.toks[i].text in ctx.rules.stopwords:
            continue
        kind = _capitalised_keyword_kind(ctx, i, j + 1) or "organisation"
        out.append(_Cand(ctx.toks[i].start, m.end(), P_ORG, "define", name=ctx.words(i, j + 1), kind=kind,
                         how="keyword", aliases=(m.group(1),)))
    return out


def _descriptor_candidates(ctx: _Ctx) -> list[_Cand]:
    """Names a lower-case noun introduces ("cybersecurity firm Northwave", "the charity
    Medical Relief International") or an appositive heads ("Trenitalia, the passenger
    operator,", "Baltmar Construction, a Gdynia-based builder,")."""
    rules, out = ctx.rules, []
    for i, j in _runs(ctx):
        ci, cj = _core(ctx, i, j)
        if ci >= cj or ci != i or _not_an_org(ctx, ci, cj):
            continue
        kind = None
        if ci > 0 and ctx.adjacent(ci - 1) and not ctx.toks[ci - 1].capital:
            kind = rules.org_descriptors.get(ctx.norm(ci - 1))
        if kind is None and not ctx.toks[cj - 1].possessive:
            kind = _appositive_kind(ctx, cj)
        if kind is not None:
            out.append(_Cand(ctx.toks[ci].start, ctx.span_end(cj - 1), P_ORG, "define",
                             name=ctx.words(ci, cj), kind=kind, how="keyword"))
    return out


def _not_an_org(ctx: _Ctx, i: int, j: int) -> bool:
    return any(ctx.titleword(k) for k in range(i, j)) or all(ctx.state_word(k) for k in range(i, j)) \
        or name_key(ctx.words(i, j)) in ctx.rules.stop_phrases or _after_place_word(ctx, i, ctx.rules.place_prepositions)


def _appositive_kind(ctx: _Ctx, j: int) -> str | None:
    """Kind named by the head of ", a/the ... <descriptor>," right after token j-1."""
    end = _apposition_end(ctx, j)
    if end is None or ctx.norm(j) not in ("a", "an", "the"):
        return None
    head = ctx.norm(end - 1)
    if ctx.toks[end - 1].capital:
        return None
    return ctx.rules.org_descriptors.get(head) or ctx.rules.group_keywords.get(head)


def _apposed_to_name(ctx: _Ctx, i: int, j: int) -> bool:
    """ "Gavi, the Vaccine Alliance, and": a second name for the actor just named."""
    if i < 2 or ctx.norm(i - 1) not in ("the", "a", "an") or ctx.gap(i - 2).strip() != ",":
        return False
    if j < len(ctx.toks) and ctx.gap(j - 1).strip() != ",":
        return False
    p = i - 2
    return ctx.nameish(p) and not ctx.state_word(p) and not ctx.stop(p) and \
        not _after_place_word(ctx, _run_start(ctx, p), ctx.rules.place_prepositions)


def _run_start(ctx: _Ctx, k: int) -> int:
    while k > 0 and ctx.adjacent(k - 1) and ctx.nameish(k - 1) and not ctx.stop(k - 1):
        k -= 1
    return k


def _appositive_person_candidates(ctx: _Ctx) -> list[_Cand]:
    """People named in apposition to a title: "Zielinski's lawyer, Tomasz Kaczmarek,",
    "The mayor of Athens, Elena Markou,", "Luis Montenegro, leader of the Democratic
    Alliance,"."""
    out, n = [], len(ctx.toks)
    for k in range(1, n):
        if ctx.gap(k - 1).strip() != ",":
            continue
        n_end = _name_after(ctx, k)
        if n_end is not None and n_end - k >= 2 and _clause_ends(ctx, n_end):
            title = _title_ending_at(ctx, k)
            if title is not None:
                out.append(_Cand(ctx.toks[k].start, ctx.span_end(n_end - 1), P_TITLE, "define",
                                 name=ctx.words(k, n_end), kind="person", how="title", title=title))
        start = _run_start(ctx, k - 1)
        if ctx.nameish(k - 1) and k - 1 - start >= 1 and _name_after(ctx, start) == k:
            title = _title_opening(ctx, k)
            if title is not None and _apposition_end(ctx, k) is not None:
                out.append(_Cand(ctx.toks[start].start, ctx.span_end(k - 1), P_TITLE, "define",
                                 name=ctx.words(start, k), kind="person", how="title", title=title))
    return out


def _clause_ends(ctx: _Ctx, k: int) -> bool:
    return k >= len(ctx.toks) or ctx.gap(k - 1).strip()[:1] in (",", ".", ";", ")", ":")


def _title_ending_at(ctx: _Ctx, k: int) -> str | None:
    """The title that ends right before the comma at token k ("lawyer", "mayor of Athens")."""
    end = k
    for m in range(k - 1, max(k - 5, 0) - 1, -1):  # "mayor of [the] Athens": skip to "of"
        if ctx.norm(m) == "of" and not ctx.toks[m].capital:
            end = m
            break
        if not (ctx.toks[m].capital or ctx.norm(m) == "the"):
            break
    for t in range(max(end - 4, 0), end):
        if _title_at(ctx, t) == end:
            return ctx.text[ctx.toks[t].start:ctx.span_end(k - 1)]
    return None


def _title_opening(ctx: _Ctx, k: int) -> str | None:
    """A title opening the apposition at token k (", the former chief executive,")."""
    m = k
    while m < len(ctx.toks) and (ctx.norm(m) in ("a", "an", "the") or ctx.norm(m) in ctx.rules.title_prefixes) \
            and not ctx.toks[m].capital:
        m += 1
    for t in (m, k):
        end = _title_at(ctx, t) if t < len(ctx.toks) else None
        if end is not None and not ctx.toks[t].capital:
            return ctx.text[ctx.toks[t].start:ctx.toks[end - 1].end]
    return None


def _employer_candidates(ctx: _Ctx) -> list[_Cand]:
    """The name before "director Paul Girard" or "chief executive Thomas Berger" is the
    person's organisation; "Lyon mayor" is a place, so only employer titles count."""
    rules, out = ctx.rules, []
    for i, j in _runs(ctx):
        ci, cj = _core(ctx, i, j)
        if ci >= cj or cj >= len(ctx.toks) or not ctx.adjacent(cj - 1) or ctx.toks[cj - 1].possessive:
            continue
        t_end = _title_at(ctx, cj)
        if t_end is None or ctx.toks[cj].capital or _name_after(ctx, t_end) is None:
            continue
        if tuple(ctx.norm(m) for m in range(cj, t_end)) not in rules.employer_titles or _not_an_org(ctx, ci, cj):
            continue
        out.append(_Cand(ctx.toks[ci].start, ctx.span_end(cj - 1), P_ORG, "define", name=ctx.words(ci, cj),
                         kind="organisation", how="keyword"))
    return out


def _object_candidates(ctx: _Ctx) -> list[_Cand]:
    """Names that are the object of beating or buying: "knocking out Real Betis",
    "agreed to acquire Baltic Freight Lines"."""
    out = []
    for i, j in _runs(ctx):
        ci, cj = _core(ctx, i, j)
        if ci != i or ci >= cj or not _object_verb_before(ctx, ci) or _not_an_org(ctx, ci, cj):
            continue
        if cj - ci < 2 and ctx.toks[ci].bare not in ctx.proper_words:
            continue
        out.append(_Cand(ctx.toks[ci].start, ctx.span_end(cj - 1), P_NAME, "define", name=ctx.words(ci, cj),
                         kind="other", how="name"))
    return out


def _object_verb_before(ctx: _Ctx, i: int) -> bool:
    return _phrase_before(ctx, i, ctx.rules.object_verbs) is not None


def _nationality_candidates(ctx: _Ctx) -> list[_Cand]:
    """ "Spain's Diego Ortega": a person introduced by a state's possessive."""
    out, n = [], len(ctx.toks)
    for i in range(n):
        found = _match_table(ctx, i, ctx.states.names)
        if found is None or found[2] or not ctx.toks[found[0] - 1].possessive:
            continue
        j = found[0]
        n_end = _name_after(ctx, j) if j < n and ctx.adjacent(j - 1) else None
        if n_end is None or n_end - j < 2 or not _person_follows(ctx, n_end):
            continue
        out.append(_Cand(ctx.toks[j].start, ctx.span_end(n_end - 1), P_TITLE, "define", name=ctx.words(j, n_end),
                         kind="person", how="name"))
    return out


def _person_follows(ctx: _Ctx, k: int) -> bool:
    """After a name, a clause boundary, a number or a verb, not a noun ("Turkey's Black
    Sea coast")."""
    rules = ctx.rules
    if _clause_ends(ctx, k) or ctx.toks[k].text[:1].isdigit():
        return True
    word = ctx.norm(k)
    return word in rules.speech_verbs | rules.actor_verbs | rules.auxiliaries | rules.place_prepositions \
        or word in ("and", "or", "on") or _adverb(ctx, k)


def _candidates(ctx: _Ctx) -> list[_Cand]:
    return (_registry_candidates(ctx) + _institution_candidates(ctx) + _person_candidates(ctx)
            + _org_candidates(ctx) + _state_candidates(ctx) + _name_candidates(ctx)
            + _acronym_candidates(ctx) + _descriptor_candidates(ctx) + _appositive_person_candidates(ctx)
            + _employer_candidates(ctx) + _object_candidates(ctx) + _nationality_candidates(ctx))


def _select(cands: Iterable[_Cand]) -> list[_Cand]:
    """Non-overlapping spans: longest first, then the more trusted detector, then leftmost."""
    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start, c.mode, c.name)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: (c.start, c.end))


# --------------------------------------------------------------------------- resolution


class _Lexicon:
    """Actors this article defines, so later references resolve to them.

    Local to one find_actors call; never shared.
    """

    def __init__(self, registry: Sequence[Actor], reg: _RegistryIndex, rules: ActorRules,
                 taken: Iterable[str], person_surnames: frozenset[str],
                 long_forms: Mapping[str, tuple[str, str]] = MappingProxyType({})):
        self.registry, self.reg, self.rules = registry, reg, rules
        self.long_forms = long_forms  # "nordic shipping" -> ("Nordic Shipping Group", "organisation")
        self.by_key: dict[str, _Ident] = {}
        self.aliases: dict[str, _Ident] = {}
        self.surnames: dict[str, _Ident] = {}
        self.taken: set[str] = set(taken)
        self.person_surnames = person_surnames  # surnames used with "Mr"/"Ms" somewhere

    def _new_id(self, name: str, kind: str) -> str:
        base = slugify(name) or "actor"
        for candidate in (base, f"{base}-{slugify(kind)}"):
            if candidate not in self.taken:
                return candidate
        n = 2
        while f"{base}-{n}" in self.taken:
            n += 1
        return f"{base}-{n}"

    def register_person(self, ident: _Ident) -> None:
        if ident.kind == "person" or (ident.kind == "other" and _personlike(ident.name, self.rules)):
            self.surnames.setdefault(_surname_key(ident.name, self.rules), ident)

    def define(self, cand: _Cand) -> _Ident:
        """Resolve a name to the registry, to an actor defined earlier, or to a new actor."""
        actor = self.reg.exact.get(name_key(cand.name))
        how = "alias"
        if actor is None:
            actor, how = _translit_match(cand.name, self.reg), "transliteration"
        long_form = self.long_forms.get(name_key(cand.name))
        if actor is not None:
            ident = _Ident(actor.id, actor.name, actor.kind, True, how, cand.title)
        elif name_key(cand.name) in self.by_key:
            ident = self.by_key[name_key(cand.name)]
        elif long_form is not None:  # "Nordic Shipping" for "Nordic Shipping Group"
            return self.define(replace(cand, name=long_form[0], kind=long_form[1]))
        elif cand.kind == "other" and len(cand.name.split()) == 1 \
                and _surname_key(cand.name, self.rules) in self.surnames:
            return self.surnames[_surname_key(cand.name, self.rules)]  # "Criswell said"
        else:
            kind = cand.kind
            if kind == "other" and _surname_key(cand.name, self.rules) in self.person_surnames:
                kind = "person"
            ident = _Ident(self._new_id(cand.name, kind), cand.name, kind, False, cand.how, cand.title,
                           propose_aliases(cand.name, self.reg.actors))
            self.taken.add(ident.actor_id)
        self.by_key.setdefault(name_key(cand.name), ident)
        for alias in cand.aliases:
            self.aliases.setdefault(alias, ident)
        self.register_person(ident)
        return ident

    def person(self, cand: _Cand) -> _Ident | None:
        """ "Mr Austin", "President Biden": a person named in full elsewhere, else new."""
        ident = self.by_key.get(name_key(cand.name))
        if ident is None or ident.kind not in ("person", "other"):
            ident = self.surnames.get(_surname_key(cand.name, self.rules))
        if ident is None and len(cand.name.split()) == 1:
            people = self.reg.surnames.get(_surname_key(cand.name, self.rules), ())
            if len(people) == 1:
                a = people[0]
                ident = _Ident(a.id, a.name, a.kind, True, "alias", cand.title)
        if ident is None and cand.fallback:
            return self.define(cand)
        if ident is not None and ident.kind == "other":
            ident = replace(ident, kind="person")
        return ident

    def alias(self, cand: _Cand) -> _Ident | None:
        ident = self.aliases.get(cand.name)
        if ident is None and cand.fallback:
            return self.define(cand)
        return ident

    def ref(self, cand: _Cand) -> _Ident | None:
        ident = self.by_key.get(name_key(cand.name))
        long_form = self.long_forms.get(name_key(cand.name))
        if ident is None and long_form is not None and not cand.locative:
            ident = self.by_key.get(name_key(long_form[0]))  # "Rivierland's parent"
        if ident is None and len(cand.name.split()) == 1:
            ident = self.surnames.get(_surname_key(cand.name, self.rules))
            if ident is not None and len(ident.name.split()) < 2 and name_key(ident.name) != name_key(cand.name):
                ident = None
        return ident


def _personlike(name: str, rules: ActorRules) -> bool:
    """ "Jonas Lehmann": two or three plain capitalised words, none an organisation keyword,
    so a later "Lehmann" is the same actor."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() and w[1:].islower() for w in words) \
        and not any(rules.keyword_kind(_norm(w)) for w in words)


def _long_forms(cands: Iterable[_Cand], rules: ActorRules) -> Mapping[str, tuple[str, str]]:
    """Short forms an article may use for the organisations it names in full: the name
    without its trailing head nouns ("Nordic Shipping" for "Nordic Shipping Group",
    "Rheinchem" for "Rheinchem AG"). A short form shared by two names is dropped."""
    forms: dict[str, set[tuple[str, str]]] = {}
    for c in cands:
        words = c.name.split()
        if c.mode != "define" or c.kind == "person" or len(words) < 2:
            continue
        k = len(words)
        while k > 1 and rules.keyword_kind(_norm(words[k - 1])) is not None:
            k -= 1
        if k < len(words):
            kind = c.kind if c.kind != "other" else "organisation"
            forms.setdefault(name_key(" ".join(words[:k])), set()).add((c.name, kind))
    return MappingProxyType({key: next(iter(v)) for key, v in forms.items()
                             if len({name_key(n) for n, _ in v}) == 1})


def _mention(sentence: Sentence, cand: _Cand, ident: _Ident) -> ActorMention:
    if ident.known:
        how = ident.how
    elif cand.mode == "alias":
        how = "alias"
    elif cand.mode == "ref":
        how = "name"
    else:
        how = cand.how or ident.how
    title = (cand.title or ident.title) if ident.kind == "person" else None
    return ActorMention(
        sentence=sentence.index, start=cand.start, end=cand.end, text=sentence.text[cand.start:cand.end],
        actor_id=ident.actor_id, name=ident.name, kind=ident.kind, known=ident.known, how=how,
        title=title, alias_proposals=ident.proposals,
    )


def _same_actor_overlaps(cand: _Cand, ident: _Ident, resolved: list[tuple[_Cand, _Ident]]) -> bool:
    """A reference adds nothing where a detector already found the same actor."""
    return any(c.start < cand.end and cand.start < c.end and i.actor_id == ident.actor_id for c, i in resolved)


def find_actors(sentences: list[Sentence], registry: list[Actor], rules: ActorRules | None = None,
                skip_sentences: frozenset[int] = frozenset()) -> list[ActorMention]:
    """Every actor mention in the article, ordered by sentence and offset.

    ``skip_sentences`` holds Sentence.index values to ignore (captions, promos).
    The same input always gives the same output.
    """
    rules = rules or load_actor_rules()
    reg, states = _indexes(_RegistryKey(tuple(registry), rules))
    used = [s for s in sorted(sentences, key=lambda s: s.index) if s.index not in skip_sentences]
    proper = _proper_words(used, rules)
    ctxs = {s.index: _context(s, rules, reg, states, proper) for s in used}
    cands = {s.index: _candidates(ctxs[s.index]) for s in used}
    first = {idx: _select(c for c in cs if c.mode != "ref") for idx, cs in cands.items()}

    honorific_surnames = frozenset(
        _surname_key(c.name, rules) for cs in first.values() for c in cs if c.mode == "person" and not c.title)
    taken = set(reg.ids) | {s.id for s in rules.states} | {i.id for i in rules.institutions}
    long_forms = _long_forms((c for cs in first.values() for c in cs), rules)
    # "Fire" for "Fire Service" only if the article never writes "fire" as a common word.
    common = {t.text for s in used for t in tokenize(s.text, rules) if t.text.islower()}
    long_forms = MappingProxyType({key: form for key, form in long_forms.items()
                                   if " " in key or key.casefold() not in common})
    lexicon = _Lexicon(registry, reg, rules, taken, honorific_surnames, long_forms)

    resolved: dict[int, list[tuple[_Cand, _Ident]]] = {idx: [] for idx in first}
    # Full names first, so that one-word mentions anywhere can resolve to them.
    for phase in ("fixed", "define", "define-one-word", "person", "alias"):
        for s in used:
            for cand in first[s.index]:
                one_word = cand.mode == "define" and len(cand.name.split()) == 1
                if cand.mode + ("-one-word" if one_word else "") != phase:
                    continue
                if phase == "fixed":
                    ident = cand.ident
                    lexicon.register_person(ident)
                elif phase.startswith("define"):
                    ident = lexicon.define(cand)
                elif phase == "person":
                    ident = lexicon.person(cand)
                else:
                    ident = lexicon.alias(cand)
                if ident is not None:
                    resolved[s.index].append((replace(cand, ident=ident), ident))

    out: list[ActorMention] = []
    for s in used:
        refs = []
        for cand in cands[s.index]:
            if cand.mode == "ref":
                ident = lexicon.ref(cand)
                if ident is not None and not _same_actor_overlaps(cand, ident, resolved[s.index]):
                    refs.append(replace(cand, ident=ident))
        chosen = _select([c for c, _ in resolved[s.index]] + refs)
        out.extend(_mention(s, c, c.ident) for c in chosen)
    return sorted(out, key=lambda m: (m.sentence, m.start, m.end))
