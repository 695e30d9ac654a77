"""Resolution: what each candidate names, the registry first, then the actors this article defines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from chronicle.core.ids import slugify
from chronicle.core.model import Actor, name_key
from chronicle.extract.actors.candidates import Candidate
from chronicle.extract.actors.indexes import Identity, RegistryIndex, translit_match
from chronicle.extract.actors.keys import norm_word, propose_aliases, surname_key
from chronicle.extract.actors.rules import ActorRules


class Lexicon:
    """Actors this article defines, so later references resolve to them.

    Local to one find_actors call; never shared.
    """

    def __init__(self, registry: Sequence[Actor], reg: RegistryIndex, rules: ActorRules,
                 taken: Iterable[str], person_surnames: frozenset[str],
                 long_forms: Mapping[str, tuple[str, str]] = MappingProxyType({})):
        self.registry, self.reg, self.rules = registry, reg, rules
        self.long_forms = long_forms  # "nordic shipping" -> ("Nordic Shipping Group", "organisation")
        self.by_key: dict[str, Identity] = {}
        self.aliases: dict[str, Identity] = {}
        self.surnames: dict[str, Identity] = {}
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

    def register_person(self, ident: Identity) -> None:
        if ident.kind == "person" or (ident.kind == "other" and _personlike(ident.name, self.rules)):
            self.surnames.setdefault(surname_key(ident.name, self.rules), ident)

    def define(self, cand: Candidate) -> Identity:
        """Resolve a name to the registry, to an actor defined earlier, or to a new actor."""
        actor = self.reg.exact.get(name_key(cand.name))
        how = "alias"
        if actor is None:
            actor, how = translit_match(cand.name, self.reg), "transliteration"
        long_form = self.long_forms.get(name_key(cand.name))
        if actor is not None:
            ident = Identity(actor.id, actor.name, actor.kind, True, how, cand.title)
        elif name_key(cand.name) in self.by_key:
            ident = self.by_key[name_key(cand.name)]
        elif long_form is not None:  # "Nordic Shipping" for "Nordic Shipping Group"
            return self.define(replace(cand, name=long_form[0], kind=long_form[1]))
        elif cand.kind == "other" and len(cand.name.split()) == 1 \
                and surname_key(cand.name, self.rules) in self.surnames:
            return self.surnames[surname_key(cand.name, self.rules)]  # "Criswell said"
        else:
            kind = cand.kind
            if kind == "other" and surname_key(cand.name, self.rules) in self.person_surnames:
                kind = "person"
            ident = Identity(self._new_id(cand.name, kind), cand.name, kind, False, cand.how, cand.title,
                           propose_aliases(cand.name, self.reg.actors))
            self.taken.add(ident.actor_id)
        self.by_key.setdefault(name_key(cand.name), ident)
        for alias in cand.aliases:
            self.aliases.setdefault(alias, ident)
        self.register_person(ident)
        return ident

    def person(self, cand: Candidate) -> Identity | None:
        """ "Mr Austin", "President Biden": a person named in full elsewhere, else new."""
        ident = self.by_key.get(name_key(cand.name))
        if ident is None or ident.kind not in ("person", "other"):
            ident = self.surnames.get(surname_key(cand.name, self.rules))
        if ident is None and len(cand.name.split()) == 1:
            people = self.reg.surnames.get(surname_key(cand.name, self.rules), ())
            if len(people) == 1:
                a = people[0]
                ident = Identity(a.id, a.name, a.kind, True, "alias", cand.title)
        if ident is None and cand.fallback:
            return self.define(cand)
        if ident is not None and ident.kind == "other":
            ident = replace(ident, kind="person")
        return ident

    def alias(self, cand: Candidate) -> Identity | None:
        ident = self.aliases.get(cand.name)
        if ident is None and cand.fallback:
            return self.define(cand)
        return ident

    def ref(self, cand: Candidate) -> Identity | None:
        ident = self.by_key.get(name_key(cand.name))
        long_form = self.long_forms.get(name_key(cand.name))
        if ident is None and long_form is not None and not cand.locative:
            ident = self.by_key.get(name_key(long_form[0]))  # "Rivierland's parent"
        if ident is None and len(cand.name.split()) == 1:
            ident = self.surnames.get(surname_key(cand.name, self.rules))
            if ident is not None and len(ident.name.split()) < 2 and name_key(ident.name) != name_key(cand.name):
                ident = None
        return ident


def _personlike(name: str, rules: ActorRules) -> bool:
    """ "Jonas Lehmann": two or three plain capitalised words, none an organisation keyword,
    so a later "Lehmann" is the same actor."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() and w[1:].islower() for w in words) \
        and not any(rules.keyword_kind(norm_word(w)) for w in words)


def long_form_table(cands: Iterable[Candidate], rules: ActorRules) -> Mapping[str, tuple[str, str]]:
    """Short forms an article may use for the organisations it names in full: the name
    without its trailing head nouns ("Nordic Shipping" for "Nordic Shipping Group",
    "Rheinchem" for "Rheinchem AG"). A short form shared by two names is dropped."""
    forms: dict[str, set[tuple[str, str]]] = {}
    for c in cands:
        words = c.name.split()
        if c.mode != "define" or c.kind == "person" or len(words) < 2:
            continue
        k = len(words)
        while k > 1 and rules.keyword_kind(norm_word(words[k - 1])) is not None:
            k -= 1
        if k < len(words):
            kind = c.kind if c.kind != "other" else "organisation"
            forms.setdefault(name_key(" ".join(words[:k])), set()).add((c.name, kind))
    return MappingProxyType({key: next(iter(v)) for key, v in forms.items()
                             if len({name_key(n) for n, _ in v}) == 1})
