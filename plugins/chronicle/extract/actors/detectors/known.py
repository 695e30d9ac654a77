"""Detectors of actors known before the article is read: the registry, institutions, states."""

from __future__ import annotations

from chronicle.core.model import name_key
from chronicle.extract.actors.candidates import Candidate, P_INSTITUTION, P_REGISTRY, P_STATE, P_TRANSLIT
from chronicle.extract.actors.context import SentenceContext, match_table, name_core, name_runs, phrase_before, title_at
from chronicle.extract.actors.detectors.cues import after_place_word, verb_follows
from chronicle.extract.actors.indexes import Identity, RegistryIndex, translit_match
from chronicle.extract.actors.rules import Institution


def registry_candidates(ctx: SentenceContext) -> list[Candidate]:
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
            out.append(Candidate(m.start(), m.end(), P_REGISTRY, "fixed",
                             Identity(actor.id, actor.name, actor.kind, True, "alias")))
    for i, j in name_runs(ctx):
        i, j = name_core(ctx, i, j)
        if i >= j:
            continue
        actor = translit_match(ctx.words(i, j), ctx.reg)
        if actor is not None:
            out.append(Candidate(ctx.toks[i].start, ctx.span_end(j - 1), P_TRANSLIT, "fixed",
                             Identity(actor.id, actor.name, actor.kind, True, "transliteration")))
    return out


def _glued_to_unknown_name(ctx: SentenceContext, k: int) -> bool:
    """A registry name right after an unexplained capitalised word belongs to a longer name
    ("Hezbollah" in "Ketaeb Hezbollah")."""
    p = k - 1
    if p < 0 or not ctx.adjacent(p) or not ctx.nameish(p) or ctx.toks[p].possessive:
        return False
    return not (ctx.stop(p) or ctx.state_word(p) or ctx.titleword(p))


def _backed(ctx: SentenceContext, j: int, via_head: bool) -> bool:
    """ "Iran-backed", "U.S.-led": the name is the one backing or leading."""
    if via_head:
        return ctx.toks[j - 1].text.split("-")[-1].casefold() in ctx.rules.backed_suffixes
    return (j < len(ctx.toks) and ctx.gap(j - 1) == "-"
            and ctx.norm(j) in ctx.rules.backed_suffixes)


def _part_of_longer_name(ctx: SentenceContext, i: int, j: int) -> bool:
    """ "Latin America", "Washington Post", "Jordan Henderson": not the state."""
    p = i - 1
    if p >= 0 and ctx.adjacent(p) and ctx.nameish(p) and not ctx.toks[p].possessive \
            and not (ctx.stop(p) or ctx.titleword(p) or ctx.state_word(p)):
        return True
    if ctx.toks[j - 1].possessive or "-" in ctx.toks[j - 1].text and ctx.modifier(j - 1):
        return False
    return j < len(ctx.toks) and ctx.adjacent(j - 1) and ctx.nameish(j) and not ctx.stop(j) \
        and not ctx.titleword(j) and title_at(ctx, j) is None


def _cue_chain(ctx: SentenceContext, j: int, cues: frozenset[str]) -> int | None:
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


def _agent_before(ctx: SentenceContext, i: int) -> bool:
    """ "supported by Tehran", "backed by the Kremlin"."""
    k = i - 1
    if k >= 0 and ctx.norm(k) == "the" and ctx.adjacent(k):
        k -= 1
    return k >= 0 and ctx.adjacent(k) and ctx.norm(k) in ctx.rules.agent_markers


def _coordinated_cue(ctx: SentenceContext, j: int) -> bool:
    """ "US and allied forces", "US and coalition personnel"."""
    if j >= len(ctx.toks) or ctx.norm(j) != "and" or not ctx.adjacent(j - 1):
        return False
    for k in range(j + 1, min(j + 4, len(ctx.toks))):
        if not ctx.adjacent(k - 1) or ctx.toks[k].capital:
            return False
        if ctx.norm(k) in ctx.rules.demonym_cues:
            return True
    return False


def state_candidates(ctx: SentenceContext) -> list[Candidate]:
    """States named, by demonym or by capital, only where they act."""
    out = []
    for i in range(len(ctx.toks)):
        for table, what in ((ctx.states.names, "name"), (ctx.states.demonyms, "demonym"),
                            (ctx.states.capitals, "capital")):
            found = match_table(ctx, i, table)
            if found is None:
                continue
            j, ref, via_head = found
            end = _state_span(ctx, i, j, via_head, what)
            if end is None:
                continue
            how = {"name": "alias", "demonym": "demonym", "capital": "metonym"}[what]
            out.append(Candidate(ctx.toks[i].start, end, P_STATE, "fixed",
                                 Identity(ref.id, ref.name, "state", True, how)))
    return out


def _state_span(ctx: SentenceContext, i: int, j: int, via_head: bool, what: str) -> int | None:
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
    if what == "name" and not possessive and phrase_before(ctx, i, rules.state_object_cues) is not None:
        return ctx.span_end(j - 1)  # "sanctions on Iran", "accused Rwanda": acted upon, not a location
    if after_place_word(ctx, i, rules.place_prepositions):
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
    if verb_follows(ctx, j, aux_alone=(what == "name")) or _agent_before(ctx, i) \
            or _coordinated_subject(ctx, j, aux_alone=(what == "name")):
        return ctx.span_end(j - 1)
    return None


def _org_follows(ctx: SentenceContext, j: int) -> bool:
    """ "Portugal's Socialist Party": a capitalised organisation name follows the possessive."""
    k = j
    while k < len(ctx.toks) and k - j < 5 and ctx.adjacent(k - 1) and ctx.nameish(k):
        if ctx.keyword(k):
            return True
        k += 1
    return False


def _coordinated_demonym(ctx: SentenceContext, j: int) -> bool:
    """ "Kyrgyz and Tajik border forces": the first demonym shares the second's group noun."""
    if j + 1 >= len(ctx.toks) or ctx.norm(j) != "and" or not ctx.adjacent(j - 1) or not ctx.adjacent(j):
        return False
    found = match_table(ctx, j + 1, ctx.states.demonyms)
    return found is not None and not found[2] and _cue_chain(ctx, found[0], ctx.rules.demonym_cues) is not None


def _coordinated_subject(ctx: SentenceContext, j: int, aux_alone: bool) -> bool:
    """ "Greece and Japan sent rescue teams": both act."""
    if j + 1 >= len(ctx.toks) or ctx.norm(j) != "and" or not ctx.adjacent(j - 1) or not ctx.adjacent(j):
        return False
    for table in (ctx.states.names, ctx.states.capitals):
        found = match_table(ctx, j + 1, table)
        if found is not None and not found[2] and verb_follows(ctx, found[0], aux_alone):
            return True
    return False


def institution_candidates(ctx: SentenceContext) -> list[Candidate]:
    """ "the Pentagon", "the Kremlin said": institutions known by a short name."""
    out = []
    for i in range(len(ctx.toks)):
        found = match_table(ctx, i, ctx.states.institutions)
        if found is None or found[2]:
            continue
        j, inst, _ = found
        if after_place_word(ctx, i, ctx.rules.metonym_place_prepositions):
            continue
        if inst.actor_like_only and not (verb_follows(ctx, j, False) or _agent_before(ctx, i)):
            continue
        if _part_of_longer_name(ctx, i, j):  # "UN Security Council": an organisation of its own
            continue
        ident = _institution_ident(inst, ctx.reg)
        out.append(Candidate(ctx.toks[i].start, ctx.span_end(j - 1), P_INSTITUTION, "fixed", ident))
    return out


def _institution_ident(inst: Institution, reg: RegistryIndex) -> Identity:
    for phrase in (inst.name, *inst.phrases):
        actor = reg.exact.get(name_key(phrase)) or reg.acronyms.get(phrase)
        if actor is not None:
            return Identity(actor.id, actor.name, actor.kind, True, "metonym")
    return Identity(inst.id, inst.name, inst.kind, False, "metonym")
