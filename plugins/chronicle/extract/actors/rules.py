"""What the actor detectors know, read from data/actors.yaml and data/states.yaml (``ActorRules``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from chronicle.core.model import name_key
from chronicle.core.datafile import read_rules
from chronicle.extract.actors.keys import norm_word


DATA_DIR = Path(__file__).resolve().parents[2] / "data"


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


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, like PlaceRules: a cache key
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
        titles=frozenset(tuple(norm_word(w) for w in str(t).split()) for t in data.get("titles") or ()),
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
        employer_titles=frozenset(tuple(norm_word(w) for w in str(t).split()) for t in data.get("employer_titles") or ()),
        object_verbs=tuple(sorted((tuple(str(v).casefold().split()) for v in data.get("object_verbs") or ()),
                                  key=lambda v: -len(v))),
        org_openers=frozenset(str(w) for w in data.get("org_openers") or ()),
        capitalised_titles=frozenset(tuple(norm_word(w) for w in str(t).split())
                                     for t in data.get("capitalised_titles") or ()),
        run_breakers=frozenset(str(w) for w in data.get("run_breakers") or ()),
        state_object_cues=tuple(sorted((tuple(str(v).casefold().split()) for v in data.get("state_object_cues") or ()),
                                       key=lambda v: -len(v))),
    )
