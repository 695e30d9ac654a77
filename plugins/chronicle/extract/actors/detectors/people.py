"""Detectors of people: named with a title or honorific, in apposition to a title, after a
state's possessive."""

from __future__ import annotations

from chronicle.extract.actors.candidates import Candidate, P_TITLE
from chronicle.extract.actors.context import SentenceContext, match_table, name_after, title_at
from chronicle.extract.actors.detectors.cues import apposition_end, is_adverb, run_start


def person_candidates(ctx: SentenceContext) -> list[Candidate]:
    """People introduced by a title ("Prime Minister X", "coach X") or an honorific ("Mr X")."""
    rules, out, i, n = ctx.rules, [], 0, len(ctx.toks)
    while i < n:
        honorific = ctx.norm(i) in rules.honorifics
        t_end = i + 1 if honorific else title_at(ctx, i)
        if t_end is None or ctx.toks[t_end - 1].possessive or t_end >= n or not ctx.adjacent(t_end - 1):
            i += 1
            continue
        n_end = name_after(ctx, t_end)
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
            out.append(Candidate(*span, P_TITLE, "define", name=name, kind="person", how="title", title=title))
        else:
            out.append(Candidate(*span, P_TITLE, "person", name=name, kind="person",
                             how="title" if title else "name", title=title, fallback=True))
        i = n_end
    return out


def appositive_person_candidates(ctx: SentenceContext) -> list[Candidate]:
    """People named in apposition to a title: "Zielinski's lawyer, Tomasz Kaczmarek,",
    "The mayor of Athens, Elena Markou,", "Luis Montenegro, leader of the Democratic
    Alliance,"."""
    out, n = [], len(ctx.toks)
    for k in range(1, n):
        if ctx.gap(k - 1).strip() != ",":
            continue
        n_end = name_after(ctx, k)
        if n_end is not None and n_end - k >= 2 and _clause_ends(ctx, n_end):
            title = _title_ending_at(ctx, k)
            if title is not None:
                out.append(Candidate(ctx.toks[k].start, ctx.span_end(n_end - 1), P_TITLE, "define",
                                 name=ctx.words(k, n_end), kind="person", how="title", title=title))
        start = run_start(ctx, k - 1)
        if ctx.nameish(k - 1) and k - 1 - start >= 1 and name_after(ctx, start) == k:
            title = _title_opening(ctx, k)
            if title is not None and apposition_end(ctx, k) is not None:
                out.append(Candidate(ctx.toks[start].start, ctx.span_end(k - 1), P_TITLE, "define",
                                 name=ctx.words(start, k), kind="person", how="title", title=title))
    return out


def _clause_ends(ctx: SentenceContext, k: int) -> bool:
    return k >= len(ctx.toks) or ctx.gap(k - 1).strip()[:1] in (",", ".", ";", ")", ":")


def _title_ending_at(ctx: SentenceContext, k: int) -> str | None:
    """The title that ends right before the comma at token k ("lawyer", "mayor of Athens")."""
    end = k
    for m in range(k - 1, max(k - 5, 0) - 1, -1):  # "mayor of [the] Athens": skip to "of"
        if ctx.norm(m) == "of" and not ctx.toks[m].capital:
            end = m
            break
        if not (ctx.toks[m].capital or ctx.norm(m) == "the"):
            break
    for t in range(max(end - 4, 0), end):
        if title_at(ctx, t) == end:
            return ctx.text[ctx.toks[t].start:ctx.span_end(k - 1)]
    return None


def _title_opening(ctx: SentenceContext, k: int) -> str | None:
    """A title opening the apposition at token k (", the former chief executive,")."""
    m = k
    while m < len(ctx.toks) and (ctx.norm(m) in ("a", "an", "the") or ctx.norm(m) in ctx.rules.title_prefixes) \
            and not ctx.toks[m].capital:
        m += 1
    for t in (m, k):
        end = title_at(ctx, t) if t < len(ctx.toks) else None
        if end is not None and not ctx.toks[t].capital:
            return ctx.text[ctx.toks[t].start:ctx.toks[end - 1].end]
    return None


def nationality_candidates(ctx: SentenceContext) -> list[Candidate]:
    """ "Spain's Diego Ortega": a person introduced by a state's possessive."""
    out, n = [], len(ctx.toks)
    for i in range(n):
        found = match_table(ctx, i, ctx.states.names)
        if found is None or found[2] or not ctx.toks[found[0] - 1].possessive:
            continue
        j = found[0]
        n_end = name_after(ctx, j) if j < n and ctx.adjacent(j - 1) else None
        if n_end is None or n_end - j < 2 or not _person_follows(ctx, n_end):
            continue
        out.append(Candidate(ctx.toks[j].start, ctx.span_end(n_end - 1), P_TITLE, "define", name=ctx.words(j, n_end),
                         kind="person", how="name"))
    return out


def _person_follows(ctx: SentenceContext, k: int) -> bool:
    """After a name, a clause boundary, a number or a verb, not a noun ("Turkey's Black
    Sea coast")."""
    rules = ctx.rules
    if _clause_ends(ctx, k) or ctx.toks[k].text[:1].isdigit():
        return True
    word = ctx.norm(k)
    return word in rules.speech_verbs | rules.actor_verbs | rules.auxiliaries | rules.place_prepositions \
        or word in ("and", "or", "on") or is_adverb(ctx, k)
