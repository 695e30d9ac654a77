"""Detectors of other names: capitalised names that act or are acted upon, and references to
actors the article defines elsewhere."""

from __future__ import annotations

from chronicle.core.model import name_key
from chronicle.extract.actors.candidates import Candidate, P_NAME, P_ORG, P_REF
from chronicle.extract.actors.context import SentenceContext, name_core, name_runs, phrase_before, title_at
from chronicle.extract.actors.detectors.cues import after_place_word, not_an_org, verb_follows
from chronicle.extract.actors.keys import is_acronym


def name_candidates(ctx: SentenceContext) -> list[Candidate]:
    """Other capitalised names, only where they act: "Acme Holdings said", "according to
    Jane Doe"; bare acronyms ("FEMA") as references or, acting, as organisations; and
    every run as a reference to an actor the article defines elsewhere."""
    rules, out = ctx.rules, []
    for i, j in name_runs(ctx):
        ci, cj = name_core(ctx, i, j)
        if ci >= cj:
            continue
        name = ctx.words(ci, cj)
        span = (ctx.toks[ci].start, ctx.span_end(cj - 1))
        out.append(Candidate(*span, P_REF, "ref", name=name, how="name",
                         locative=after_place_word(ctx, ci, rules.metonym_place_prepositions)))
        acting = _source_before(ctx, ci) or (
            verb_follows(ctx, cj, False) and not after_place_word(ctx, ci, rules.place_prepositions))
        acronym = ctx.toks[ci].text
        if is_acronym(acronym) and acronym not in rules.acronym_stopwords and not ctx.state_word(ci) \
                and (cj - ci == 1 or ctx.titleword(ci + 1) or title_at(ctx, ci + 1)):
            # "FEMA said", "FEMA Administrator Deanne Criswell"
            before_title = ci + 1 < len(ctx.toks) and (ctx.titleword(ci + 1) or title_at(ctx, ci + 1))
            out.append(Candidate(ctx.toks[ci].start, ctx.span_end(ci), P_ORG, "alias", name=acronym,
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
        out.append(Candidate(*span, P_NAME, "define", name=name, kind="other", how="name"))
    return out


def _source_before(ctx: SentenceContext, i: int) -> bool:
    """ "according to Acme Corp", "according to the FBI"."""
    found = phrase_before(ctx, i, ctx.rules.source_markers)
    if found is None:
        return False
    marker, k = found
    return not (marker == ("by",) and ctx.norm(k - 1) in ctx.rules.credit_words)  # "Reporting by"


def object_candidates(ctx: SentenceContext) -> list[Candidate]:
    """Names that are the object of beating or buying: "knocking out Real Betis",
    "agreed to acquire Baltic Freight Lines"."""
    out = []
    for i, j in name_runs(ctx):
        ci, cj = name_core(ctx, i, j)
        if ci != i or ci >= cj or not _object_verb_before(ctx, ci) or not_an_org(ctx, ci, cj):
            continue
        if cj - ci < 2 and ctx.toks[ci].bare not in ctx.proper_words:
            continue
        out.append(Candidate(ctx.toks[ci].start, ctx.span_end(cj - 1), P_NAME, "define", name=ctx.words(ci, cj),
                         kind="other", how="name"))
    return out


def _object_verb_before(ctx: SentenceContext, i: int) -> bool:
    return phrase_before(ctx, i, ctx.rules.object_verbs) is not None
