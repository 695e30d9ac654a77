"""``find_actors``: an article's sentences and the registry -> its ``ActorMention``s."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from chronicle.core.model import Actor
from chronicle.extract.article import ActorMention, Sentence
from chronicle.extract.actors.candidates import Candidate, select_spans
from chronicle.extract.actors.context import SentenceContext, sentence_context
from chronicle.extract.actors.detectors import STANDARD_DETECTORS, Detector
from chronicle.extract.actors.indexes import Identity, RegistryIndex, RegistryKey, registry_indexes
from chronicle.extract.actors.keys import surname_key
from chronicle.extract.actors.lexicon import Lexicon, long_form_table
from chronicle.extract.actors.rules import ActorRules, load_actor_rules
from chronicle.extract.actors.tokens import article_proper_words, tokenize
from chronicle.extract.chain import RuleChain


def _candidates(ctx: SentenceContext, detectors: tuple[Detector, ...]) -> list[Candidate]:
    """What each detector proposes for one sentence, in the chain's order."""
    return [cand for detect in detectors for cand in detect(ctx)]


def _mention(sentence: Sentence, cand: Candidate, ident: Identity) -> ActorMention:
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


def _same_actor_overlaps(cand: Candidate, ident: Identity, resolved: list[tuple[Candidate, Identity]]) -> bool:
    """A reference adds nothing where a detector already found the same actor."""
    return any(c.start < cand.end and cand.start < c.end and i.actor_id == ident.actor_id for c, i in resolved)


def find_actors(sentences: list[Sentence], registry: list[Actor], rules: ActorRules | None = None,
                skip_sentences: frozenset[int] = frozenset(), *,
                detectors: RuleChain[Detector] = STANDARD_DETECTORS) -> list[ActorMention]:
    """Every actor mention in the article, ordered by sentence and offset.

    ``skip_sentences`` holds Sentence.index values to ignore (captions, promos). ``detectors``
    are the detectors to run, in order (``STANDARD_DETECTORS`` with one disabled or one added,
    say). The same input always gives the same output.
    """
    rules = rules or load_actor_rules()
    reg, states = registry_indexes(RegistryKey(tuple(registry), rules))
    used = [s for s in sorted(sentences, key=lambda s: s.index) if s.index not in skip_sentences]
    proper = article_proper_words(used, rules)
    cands = {s.index: _candidates(sentence_context(s, rules, reg, states, proper), detectors.active) for s in used}
    first = {idx: select_spans(c for c in cs if c.mode != "ref") for idx, cs in cands.items()}
    lexicon = _article_lexicon(used, first, registry, reg, rules)
    resolved = _resolve(used, first, lexicon)
    out = [mention for s in used for mention in _sentence_mentions(s, cands[s.index], resolved[s.index], lexicon)]
    return sorted(out, key=lambda m: (m.sentence, m.start, m.end))


def _article_lexicon(used: list[Sentence], first: dict[int, list[Candidate]], registry: list[Actor],
                     reg: RegistryIndex, rules: ActorRules) -> Lexicon:
    """An empty lexicon for this article, knowing its "Mr"/"Ms" surnames, the ids already taken
    and the short forms its organisations may go by."""
    honorific_surnames = frozenset(
        surname_key(c.name, rules) for cs in first.values() for c in cs if c.mode == "person" and not c.title)
    taken = set(reg.ids) | {s.id for s in rules.states} | {i.id for i in rules.institutions}
    long_forms = long_form_table((c for cs in first.values() for c in cs), rules)
    # "Fire" for "Fire Service" only if the article never writes "fire" as a common word.
    common = {t.text for s in used for t in tokenize(s.text, rules) if t.text.islower()}
    long_forms = MappingProxyType({key: form for key, form in long_forms.items()
                                   if " " in key or key.casefold() not in common})
    return Lexicon(registry, reg, rules, taken, honorific_surnames, long_forms)


# Full names first, so that one-word mentions anywhere can resolve to them.
_PHASES = ("fixed", "define", "define-one-word", "person", "alias")


def _phase(cand: Candidate) -> str:
    one_word = cand.mode == "define" and len(cand.name.split()) == 1
    return cand.mode + ("-one-word" if one_word else "")


def _resolve(used: list[Sentence], first: dict[int, list[Candidate]],
             lexicon: Lexicon) -> dict[int, list[tuple[Candidate, Identity]]]:
    """Each sentence's candidates with whom they name, phase by phase across the article
    (``lexicon`` learns the actors the article defines as it goes)."""
    resolved: dict[int, list[tuple[Candidate, Identity]]] = {idx: [] for idx in first}
    for phase in _PHASES:
        for s in used:
            for cand in first[s.index]:
                if _phase(cand) != phase:
                    continue
                ident = _identify(cand, lexicon)
                if ident is not None:
                    resolved[s.index].append((replace(cand, ident=ident), ident))
    return resolved


def _identify(cand: Candidate, lexicon: Lexicon) -> Identity | None:
    if cand.mode == "fixed":
        lexicon.register_person(cand.ident)
        return cand.ident
    if cand.mode == "define":
        return lexicon.define(cand)
    if cand.mode == "person":
        return lexicon.person(cand)
    return lexicon.alias(cand)


def _sentence_mentions(sentence: Sentence, cands: list[Candidate], resolved: list[tuple[Candidate, Identity]],
                       lexicon: Lexicon) -> list[ActorMention]:
    """The sentence's resolved candidates and its references to actors the article defines,
    overlaps settled."""
    refs = []
    for cand in cands:
        if cand.mode == "ref":
            ident = lexicon.ref(cand)
            if ident is not None and not _same_actor_overlaps(cand, ident, resolved):
                refs.append(replace(cand, ident=ident))
    chosen = select_spans([c for c, _ in resolved] + refs)
    return [_mention(sentence, c, c.ident) for c in chosen]
