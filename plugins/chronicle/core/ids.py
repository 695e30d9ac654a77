"""Ids: the one way Chronicle turns a name into an id (file names, URLs, references).

An id becomes a file name in content/ and a folder in output/, so whatever the name, the
id is safe there: only ``a-z``, ``0-9`` and hyphens (no ``..``, ``/`` or NUL survive),
at most ``MAX_ID_CHARS`` long (file systems stop at 255 bytes), and never a device name
Windows reserves (``con``, ``nul``, ``com1``...), which no checkout there could hold.
"""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

_BRACKETED = re.compile(r"\[[^\]]*\]")  # ISO writes variants in brackets: "Ḩalab [Aleppo]"
_APOSTROPHES = re.compile(r"['`’‘ʿʾ]")  # "Kata'ib" -> "kataib", not "kata-ib"
_NOT_ID = re.compile(r"[^a-z0-9]+")
MAX_ID_CHARS = 80
# unidecode maps each character on its own, through a Python loop; the Latin letters and
# punctuation of names go through one str.translate instead (same result, about ten times
# faster: the gazetteer turns 200,000 names into keys and ids at every load).
_LATIN_TO_ASCII = {code: unidecode(chr(code)) for code in (*range(0x80, 0x250), *range(0x1E00, 0x1F00),
                                                          *range(0x2000, 0x2070))}
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))})


def to_ascii(text: str) -> str:
    """``unidecode(text)``, quicker for the Latin script names are mostly written in."""
    if text.isascii():
        return text
    text = text.translate(_LATIN_TO_ASCII)
    return text if text.isascii() else unidecode(text)


def slugify(text: str, max_words: int | None = None) -> str:
    """ASCII, lower case, words joined by hyphens: 'Mohammed Shia al-Sudani' -> 'mohammed-shia-al-sudani'."""
    text = _APOSTROPHES.sub("", to_ascii(_BRACKETED.sub(" ", text)).lower())
    words = [w for w in _NOT_ID.split(text) if w]
    return safe_id("-".join(words[:max_words] if max_words else words))


def safe_id(slug: str) -> str:
    """``slug`` made fit for a file name everywhere; distinct slugs stay distinct.

    A long slug keeps its first words and ends with a short hash of the whole, so two long
    names that share their start still get different ids, the same ones on every run.
    """
    if len(slug) > MAX_ID_CHARS:
        digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8]
        head = slug[: MAX_ID_CHARS - len(digest) - 1]
        head = head.rsplit("-", 1)[0] if "-" in head else head
        slug = f"{head}-{digest}"
    if slug in WINDOWS_RESERVED:
        slug = f"{slug}-entry"
    return slug
