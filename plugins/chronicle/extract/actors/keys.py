"""How names are compared: folded spellings, transliteration keys, acronyms, surnames; alias proposals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from unidecode import unidecode

from chronicle.core.model import Actor

if TYPE_CHECKING:
    from chronicle.extract.actors.rules import ActorRules


def fold(text: str) -> str:
    """Case, accents, apostrophes and punctuation folded away, for fuzzy comparison."""
    text = re.sub(r"['`’ʿʾ]", "", unidecode(text).casefold())
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


def _skeleton(token: str) -> str:
    """First letter kept, later vowels dropped, doubled letters collapsed: 'hizballah' -> 'hzblh'."""
    token = token.replace("ph", "f").replace("ck", "k").replace("q", "k")
    token = token[:1] + re.sub(r"[aeiouy]", "", token[1:])
    return re.sub(r"(.)\1+", r"\1", token)


def translit_key(name: str) -> str:
    """Key shared by transliteration variants of a whole name; tokens stay separate.

    "Ketaeb Hezbollah", "Kata'ib Hizballah" -> "ktb hzblh"; "Hezbollah" -> "hzblh".
    Hyphens separate tokens ("al-Qaeda" == "Al Qaeda"); apostrophes and ayns vanish.
    """
    return " ".join(_skeleton(t) for t in fold(name).split())


def is_acronym(alias: str) -> bool:
    """Short all-capital aliases ("IS", "KH", "U.S.") must match exactly, as whole tokens."""
    letters = alias.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and " " not in alias and letters.isupper() and letters.isalnum()


def propose_aliases(name: str, registry: Sequence[Actor], threshold: float = 85.0) -> tuple[str, ...]:
    """Registry ids whose name or an alias looks like a spelling of ``name``.

    Only a proposal for an editor: close strings are often different actors.
    Also proposes actors whose transliteration key matches but that were not
    merged because the strings differ too much.
    """
    target, key = fold(name), translit_key(name)
    if not target:
        return ()
    scored: dict[str, float] = {}
    for actor in registry:
        for alias in (actor.name, *actor.aliases):
            other = fold(alias)
            score = max(fuzz.ratio(target, other), fuzz.token_sort_ratio(target, other))
            if score >= threshold or (len(key.replace(" ", "")) >= 4 and translit_key(alias) == key):
                scored[actor.id] = max(scored.get(actor.id, 0.0), score)
    return tuple(sorted(scored, key=lambda i: (-scored[i], i)))


def norm_word(word: str) -> str:
    return word.casefold().rstrip(".")


def surname_key(name: str, rules: ActorRules) -> str:
    """'Mohammed Shia al-Sudani' -> 'sudani': last token without a particle prefix."""
    parts = name.split()
    if not parts:
        return ""
    last = parts[-1]
    m = re.match(r"^([a-zA-Z]{1,3})[-'’](.+)$", last)
    if m and m.group(1).casefold() in rules.name_particles | {"d", "l"}:
        last = m.group(2)
    return fold(last)
