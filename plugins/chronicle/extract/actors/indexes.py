"""The registry and the states, indexed once per registry: who a name can refer to (``Identity``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz

from chronicle.core.model import Actor, name_key
from chronicle.extract.actors.keys import fold, is_acronym, surname_key, translit_key
from chronicle.extract.actors.rules import ActorRules, Institution
from chronicle.extract.actors.tokens import tokenize


@dataclass(frozen=True)
class Identity:
    """Who a mention refers to."""

    actor_id: str
    name: str
    kind: str
    known: bool
    how: str
    title: str | None = None
    proposals: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistryIndex:
    actors: tuple[Actor, ...]  # non-state actors, sorted by id
    exact: Mapping[str, Actor]  # name_key -> actor
    acronyms: Mapping[str, Actor]
    translit: Mapping[str, tuple[Actor, ...]]
    surnames: Mapping[str, tuple[Actor, ...]]  # registry people by surname key
    pattern_ci: re.Pattern | None
    pattern_cs: re.Pattern | None
    ids: frozenset[str]


@dataclass(frozen=True)
class StateRef:
    id: str
    name: str


@dataclass(frozen=True)
class StateIndex:
    names: Mapping[tuple[str, ...], StateRef]
    demonyms: Mapping[tuple[str, ...], StateRef]
    capitals: Mapping[tuple[str, ...], StateRef]
    institutions: Mapping[tuple[str, ...], Institution]
    maxlen: int
    # The first word of every phrase in the four tables: most tokens start none, and
    # match_table can say so before trying every phrase length.
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


def _build_registry(registry: Sequence[Actor], rules: ActorRules) -> RegistryIndex:
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
            if is_acronym(alias):
                acronyms.setdefault(alias, actor)
                cs.append(alias)
                continue
            exact.setdefault(name_key(alias), actor)
            ci.append(alias)
            key = translit_key(alias)
            if key and actor not in translit.setdefault(key, []):
                translit[key].append(actor)
        if actor.kind == "person" and len(actor.name.split()) >= 2:
            surnames.setdefault(surname_key(actor.name, rules), []).append(actor)
    ci_pattern = _phrase_pattern(ci)
    return RegistryIndex(
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


class RegistryKey:
    """A registry and rules as a cache key: equal when the actors' names are."""

    def __init__(self, registry: tuple[Actor, ...], rules: ActorRules):
        self.registry, self.rules = registry, rules
        self.signature = tuple((a.id, a.name, a.aliases, a.kind) for a in registry)

    def __hash__(self) -> int:
        return hash((self.signature, id(self.rules)))

    def __eq__(self, other) -> bool:
        return isinstance(other, RegistryKey) and self.rules is other.rules and self.signature == other.signature


@functools.lru_cache(maxsize=4)
def registry_indexes(key: RegistryKey) -> tuple["RegistryIndex", StateIndex]:
    """Registry and state indexes, built once per registry rather than once per article."""
    return _build_registry(list(key.registry), key.rules), _build_states(list(key.registry), key.rules)


def _build_states(registry: Sequence[Actor], rules: ActorRules) -> StateIndex:
    """States from states.yaml, with registry state actors taking over matching entries."""
    reg_states = sorted((a for a in registry if a.kind == "state"), key=lambda a: a.id)
    by_name = {name_key(n): a for a in reg_states for n in (a.name, *a.aliases)}
    names: dict[tuple[str, ...], StateRef] = {}
    demonyms: dict[tuple[str, ...], StateRef] = {}
    capitals: dict[tuple[str, ...], StateRef] = {}
    for state in rules.states:
        actor = next((by_name[name_key(n)] for n in (state.name, *state.names) if name_key(n) in by_name), None)
        ref = StateRef(actor.id, actor.name) if actor else StateRef(state.id, state.name)
        for n in state.names:
            names.setdefault(_phrase_tokens(n, rules), ref)
        for d in state.demonyms:
            demonyms.setdefault(_phrase_tokens(d, rules), ref)
        for c in state.capitals:
            capitals.setdefault(_phrase_tokens(c, rules), ref)
    for actor in reg_states:  # registry states the built-in list lacks, or extra aliases
        for n in (actor.name, *actor.aliases):
            names.setdefault(_phrase_tokens(n, rules), StateRef(actor.id, actor.name))
    institutions = {_phrase_tokens(p, rules): inst for inst in rules.institutions for p in inst.phrases}
    tables = (names, demonyms, capitals, institutions)
    maxlen = max((len(k) for t in tables for k in t), default=1)
    first_words = frozenset(k[0] for t in tables for k in t if k)
    return StateIndex(MappingProxyType(names), MappingProxyType(demonyms),
                       MappingProxyType(capitals), MappingProxyType(institutions), maxlen, first_words)


def translit_match(name: str, reg: RegistryIndex, min_ratio: float = 70.0) -> Actor | None:
    """The one registry actor whose whole name has the same key and a similar spelling."""
    key = translit_key(name)
    actors = reg.translit.get(key, ())
    if len(actors) != 1 or len(key.replace(" ", "")) < 4:
        return None
    actor = actors[0]
    target = fold(name)
    best = max(fuzz.ratio(target, fold(a)) for a in (actor.name, *actor.aliases) if translit_key(a) == key)
    return actor if best >= min_ratio else None
