"""Detectors of organisations: by keyword, spelled out before an acronym, introduced by a
descriptor, or named as a person's employer."""

from __future__ import annotations

import re

from unidecode import unidecode

from chronicle.core.model import name_key
from chronicle.extract.actors.candidates import Candidate, P_ORG
from chronicle.extract.actors.context import SentenceContext, name_after, name_core, name_runs, title_at, title_ends_at
from chronicle.extract.actors.detectors.cues import after_place_word, apposition_end, not_an_org, run_start
from chronicle.extract.actors.keys import norm_word


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


def org_candidates(ctx: SentenceContext) -> list[Candidate]:
    """Organisations by keyword head, by a lower-case keyword after a name, or by "(ACRONYM)"."""
    rules, out, n = ctx.rules, [], len(ctx.toks)
    for i, j in name_runs(ctx):
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
        core_i, core_j = name_core(ctx, i, j)
        generic = i > 0 and ctx.norm(i - 1) in ("a", "an") and ctx.adjacent(i - 1)
        if kind is not None and j - i >= 2:
            name = full
        elif after_kind is not None and core_i < core_j and not ctx.toks[j - 1].possessive and not generic \
                and not any(ctx.titleword(k) for k in range(i, j)) \
                and not _capitalised_by_position(ctx, core_i, core_j):
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
        out.append(Candidate(ctx.toks[i].start, end, P_ORG, "define", name=name, kind=kind,
                         how="keyword", aliases=aliases))
    return out


def _after_person_of(ctx: SentenceContext, i: int, j: int) -> int:
    """ "Vice President Ama Owusu of the New Patriotic Alliance": the organisation starts
    after the titled person's "of [the]"."""
    titled = title_ends_at(ctx, i)
    for m in range(i + 1, j - 1):
        if ctx.norm(m) == "of" and not ctx.toks[m].capital \
                and (titled or any(title_at(ctx, t) is not None for t in range(i, m))):
            m += 1
            return m + 1 if ctx.norm(m) == "the" and not ctx.toks[m].capital else m
    return i


def _capitalised_by_position(ctx: SentenceContext, i: int, j: int) -> bool:
    """ "Ruling party", "Armed forces": one sentence-initial word the article never
    capitalises elsewhere is an ordinary word."""
    return j - i == 1 and (i == 0 or ctx.title_case) and ctx.toks[i].bare not in ctx.proper_words


def _capitalised_keyword_kind(ctx: SentenceContext, i: int, j: int) -> str | None:
    """Kind from the last capitalised keyword that heads the run ("US Central Command",
    "Ministry of Defence"); None when the keyword is mid-name ("Union Square")."""
    for k in range(j - 1, i - 1, -1):
        kind = ctx.keyword(k)
        if kind is None:
            continue
        if k == j - 1 or ctx.norm(k + 1) in ("of", "for"):
            return kind
    return None


def _lowercase_keyword(ctx: SentenceContext, j: int, after_paren: bool = False) -> tuple[str | None, int | None]:
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
    word = norm_word(ctx.toks[k].bare)
    if word in rules.capitalised_only_keywords:
        return None, None
    if word in rules.group_keywords:
        return modifier_kind or rules.group_keywords[word], None
    if word in rules.body_keywords:
        return modifier_kind or rules.body_keywords[word], k + 1
    return None, None


_ACRONYM_JOINERS = frozenset({"and", "in", "on", "&"})


def _expansion_start(ctx: SentenceContext, j: int, acronym: str) -> int | None:
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


def _initials(ctx: SentenceContext, i: int, j: int) -> tuple[str, str]:
    """Initials of the capitalised words, without and with the joiners: "Economic
    Community of West African States" -> ("ECWAS", "ECOWAS")."""
    caps = "".join(p[0] for m in range(i, j) if ctx.toks[m].capital
                   for p in ctx.toks[m].bare.split("-") if p[:1].isupper())
    every = "".join(ctx.toks[m].text[0].upper() for m in range(i, j) if ctx.norm(m) != "the")
    return caps, every


def acronym_candidates(ctx: SentenceContext) -> list[Candidate]:
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
        out.append(Candidate(ctx.toks[i].start, m.end(), P_ORG, "define", name=ctx.words(i, j + 1), kind=kind,
                         how="keyword", aliases=(m.group(1),)))
    return out


def descriptor_candidates(ctx: SentenceContext) -> list[Candidate]:
    """Names a lower-case noun introduces ("cybersecurity firm Northwave", "the charity
    Medical Relief International") or an appositive heads ("Trenitalia, the passenger
    operator,", "Baltmar Construction, a Gdynia-based builder,")."""
    rules, out = ctx.rules, []
    for i, j in name_runs(ctx):
        ci, cj = name_core(ctx, i, j)
        if ci >= cj or ci != i or not_an_org(ctx, ci, cj):
            continue
        kind = None
        if ci > 0 and ctx.adjacent(ci - 1) and not ctx.toks[ci - 1].capital:
            kind = rules.org_descriptors.get(ctx.norm(ci - 1))
        if kind is None and not ctx.toks[cj - 1].possessive:
            kind = _appositive_kind(ctx, cj)
        if kind is not None:
            out.append(Candidate(ctx.toks[ci].start, ctx.span_end(cj - 1), P_ORG, "define",
                             name=ctx.words(ci, cj), kind=kind, how="keyword"))
    return out


def _appositive_kind(ctx: SentenceContext, j: int) -> str | None:
    """Kind named by the head of ", a/the ... <descriptor>," right after token j-1."""
    end = apposition_end(ctx, j)
    if end is None or ctx.norm(j) not in ("a", "an", "the"):
        return None
    head = ctx.norm(end - 1)
    if ctx.toks[end - 1].capital:
        return None
    return ctx.rules.org_descriptors.get(head) or ctx.rules.group_keywords.get(head)


def _apposed_to_name(ctx: SentenceContext, i: int, j: int) -> bool:
    """ "Gavi, the Vaccine Alliance, and": a second name for the actor just named."""
    if i < 2 or ctx.norm(i - 1) not in ("the", "a", "an") or ctx.gap(i - 2).strip() != ",":
        return False
    if j < len(ctx.toks) and ctx.gap(j - 1).strip() != ",":
        return False
    p = i - 2
    return ctx.nameish(p) and not ctx.state_word(p) and not ctx.stop(p) and \
        not after_place_word(ctx, run_start(ctx, p), ctx.rules.place_prepositions)


def employer_candidates(ctx: SentenceContext) -> list[Candidate]:
    """The name before "director Paul Girard" or "chief executive Thomas Berger" is the
    person's organisation; "Lyon mayor" is a place, so only employer titles count."""
    rules, out = ctx.rules, []
    for i, j in name_runs(ctx):
        ci, cj = name_core(ctx, i, j)
        if ci >= cj or cj >= len(ctx.toks) or not ctx.adjacent(cj - 1) or ctx.toks[cj - 1].possessive:
            continue
        t_end = title_at(ctx, cj)
        if t_end is None or ctx.toks[cj].capital or name_after(ctx, t_end) is None:
            continue
        if tuple(ctx.norm(m) for m in range(cj, t_end)) not in rules.employer_titles or not_an_org(ctx, ci, cj):
            continue
        out.append(Candidate(ctx.toks[ci].start, ctx.span_end(cj - 1), P_ORG, "define", name=ctx.words(ci, cj),
                         kind="organisation", how="keyword"))
    return out
