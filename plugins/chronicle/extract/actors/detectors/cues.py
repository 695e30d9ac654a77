"""Cues in the words around a name that more than one detector reads: a place preposition,
a verb that follows, an apposition."""

from __future__ import annotations

from chronicle.core.model import name_key
from chronicle.extract.actors.context import SentenceContext


def after_place_word(ctx: SentenceContext, i: int, preps: frozenset[str]) -> bool:
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


def apposition_end(ctx: SentenceContext, j: int) -> int | None:
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


def is_adverb(ctx: SentenceContext, k: int) -> bool:
    """Listed adverbs, and lower-case "-ly" words ("briefly", "widely")."""
    word = ctx.norm(k)
    return word in ctx.rules.adverbs or (
        not ctx.toks[k].capital and len(word) > 4 and word.endswith("ly") and word not in ctx.rules.not_adverbs)


def verb_follows(ctx: SentenceContext, j: int, aux_alone: bool) -> bool:
    """ "Moscow denied", "Washington has carried out", "Iran is funding", "France, the
    former colonial power, urged", "(PNAT) said"; not the passive "were told"."""
    rules, n = ctx.rules, len(ctx.toks)
    start = apposition_end(ctx, j) or j

    def linked(k: int) -> bool:
        if k != start:
            return ctx.adjacent(k - 1)
        return start != j or (0 < k < n and (ctx.adjacent(k - 1) or ctx.gap(k - 1).strip() == ")"))

    k, seen_aux, passive = start, False, False
    while k < n and k - start < 3 and linked(k) and (ctx.norm(k) in rules.auxiliaries or is_adverb(ctx, k)):
        if ctx.norm(k) in rules.auxiliaries:
            seen_aux, passive = True, ctx.norm(k) in rules.passive_auxiliaries
        k += 1
    if k < n and linked(k) and ctx.norm(k) in rules.speech_verbs | rules.actor_verbs:
        return not passive
    return seen_aux and aux_alone


def not_an_org(ctx: SentenceContext, i: int, j: int) -> bool:
    return any(ctx.titleword(k) for k in range(i, j)) or all(ctx.state_word(k) for k in range(i, j)) \
        or name_key(ctx.words(i, j)) in ctx.rules.stop_phrases or after_place_word(ctx, i, ctx.rules.place_prepositions)


def run_start(ctx: SentenceContext, k: int) -> int:
    while k > 0 and ctx.adjacent(k - 1) and ctx.nameish(k - 1) and not ctx.stop(k - 1):
        k -= 1
    return k
