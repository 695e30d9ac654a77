"""Ids: the one way Chronicle turns a name into an id (file names, URLs, references)."""

from __future__ import annotations

import re

from unidecode import unidecode

_BRACKETED = re.compile(r"\[[^\]]*\]")  # ISO writes variants in brackets: "Ḩalab [Aleppo]"
_APOSTROPHES = re.compile(r"['`’‘ʿʾ]")  # "Kata'ib" -> "kataib", not "kata-ib"
_NOT_ID = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int | None = None) -> str:
    """ASCII, lower case, words joined by hyphens: 'Mohammed Shia al-Sudani' -> 'mohammed-shia-al-sudani'."""
    text = _APOSTROPHES.sub("", unidecode(_BRACKETED.sub(" ", text)).lower())
    words = [w for w in _NOT_ID.split(text) if w]
    return "-".join(words[:max_words] if max_words else words)
