"""One sentence as the detectors see it (``SentenceContext``), and the name spans and lookups they share."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from chronicle.extract.article import Sentence
from chronicle.extract.actors.indexes import RegistryIndex, StateIndex
from chronicle.extract.actors.keys import is_acronym, norm_word
from chronicle.extract.actors.rules import ActorRules
from chronicle.extract.actors.tokens import Token, is_title_case, tokenize


@dataclass(frozen=True)
class SentenceContext:
    """One sentence, tokenised, with everything detectors need."""

    text: str
    toks: tuple[Token, ...]
    rules: ActorRules
    reg: RegistryIndex
    states: StateIndex
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
        return tok.bare in self.proper_words or is_acronym(tok.bare) or self.state_word(k)

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
        return self.rules.keyword_kind(norm_word(tok.bare))

    def span_end(self, k: int) -> int:
        """End offset of token k without a possessive."""
        tok = self.toks[k]
        return tok.start + len(tok.bare)

    def words(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start:self.span_end(j - 1)]


def sentence_context(sentence: Sentence, rules, reg, states, proper_words=frozenset()) -> SentenceContext:
    return SentenceContext(sentence.text, tuple(tokenize(sentence.text, rules)), rules, reg, states, proper_words,
                is_title_case(sentence.text))


def name_runs(ctx: SentenceContext) -> list[tuple[int, int]]:
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


def name_core(ctx: SentenceContext, i: int, j: int) -> tuple[int, int]:
    """A run without leading state words and titles: "Iraqi Ketaeb Hezbollah" -> "Ketaeb Hezbollah".

    A title of several words goes whole ("Chief Executive Officer Dana Reyes" -> "Dana
    Reyes"), and a titled person's name ends at "of" ("John Asante of the National
    Congress"): what follows is the organisation, found on its own.
    """
    titled = title_ends_at(ctx, i)
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


def _title_with_prefixes_at(ctx: SentenceContext, i: int) -> int | None:
    """End token of a title starting at token i, with the words that may open one ("Senior
    Superintendent", "Deputy Inspector General")."""
    for k in range(i, min(i + 3, len(ctx.toks))):
        end = title_at(ctx, k)
        if end is not None:
            return end
        if ctx.norm(k) not in ctx.rules.title_prefixes or not ctx.adjacent(k):
            return None
    return None


def title_ends_at(ctx: SentenceContext, i: int) -> bool:
    """Whether a title ends right before token i ("opposition leader | John Asante")."""
    return i > 0 and ctx.adjacent(i - 1) and any(title_at(ctx, t) == i for t in range(max(i - 4, 0), i))


def match_table(ctx: SentenceContext, i: int, table: Mapping) -> tuple[int, object, bool] | None:
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


def title_at(ctx: SentenceContext, i: int) -> int | None:
    """End token of the longest title starting at token i."""
    for size in range(min(ctx.rules.max_title_len, len(ctx.toks) - i), 0, -1):
        words = tuple(t.norm for t in ctx.toks[i:i + size])
        if words in ctx.rules.titles and all(ctx.adjacent(k) for k in range(i, i + size - 1)) \
                and (words not in ctx.rules.capitalised_titles or ctx.toks[i].capital):
            return i + size
    return None


def name_after(ctx: SentenceContext, j: int, limit: int = 4) -> int | None:
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


def phrase_before(ctx: SentenceContext, i: int, phrases) -> tuple[tuple[str, ...], int] | None:
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
