"""Words with their offsets, and what an article's capitals say about them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from chronicle.extract.article import Sentence
from chronicle.extract.actors.keys import norm_word
from chronicle.extract.actors.rules import ActorRules


_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w'’ʿʾ&-]*\w)?")
_POSSESSIVE_RE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    # cached_property: detectors ask these of every token many times over.
    @functools.cached_property
    def norm(self) -> str:
        return norm_word(self.text)

    @functools.cached_property
    def bare(self) -> str:
        """Without a possessive: "Iran's" -> "Iran"."""
        return _POSSESSIVE_RE.sub("", self.text) if self.possessive else self.text

    @functools.cached_property
    def possessive(self) -> bool:
        return bool(re.search(r"\w['’]s$", self.text)) or (self.text.endswith("s'") and len(self.text) > 2)

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, rules: ActorRules) -> list[Token]:
    """Word tokens with offsets; "Gen." and "U.S." keep their dots."""
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        end = m.end()
        if m.group() in rules.abbreviations and text[end:end + 1] == ".":
            end += 1
        tokens.append(Token(text[m.start():end], m.start(), end))
    return tokens


def is_title_case(text: str) -> bool:
    """Title Case with no full stop ("Court Jails Former Mayor For Bribery"): every word of
    four letters or more capitalised, so capitals say nothing about names."""
    long = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return not text.rstrip().endswith(".") and len(long) >= 3 and all(w[0].isupper() for w in long)


def article_proper_words(sentences: Iterable[Sentence], rules: ActorRules) -> frozenset[str]:
    """Words written capitalised after the start of a sentence: likely proper names.
    Title Case headlines are left out: they capitalise every word."""
    words = set()
    for s in sentences:
        if is_title_case(s.text):
            continue
        toks = tokenize(s.text, rules)
        for prev, tok in zip(toks, toks[1:]):
            gap = s.text[prev.end:tok.start]
            if tok.capital and not re.search(r"[.:!?\"“‘]", gap):
                words.add(_POSSESSIVE_RE.sub("", tok.text) if tok.possessive else tok.text)
    return frozenset(words)
