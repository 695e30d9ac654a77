"""Stage 1: read a seed file into a ``Seed``, refusing input that is not article text.

Seeds come from scrapers and from editors' copy-paste, so a bad file should stop
with a message that names the file and line and says how to fix it, rather than
feeding garbage to the later stages.

Encoding policy: seeds should be UTF-8 (a BOM is accepted and dropped). Files saved
by older Windows tools are often cp1252 (smart quotes as bytes 0x93/0x94), so when
UTF-8 fails we accept cp1252 *only* if it decodes strictly (cp1252 leaves five
bytes undefined) and the result has almost no control characters. Anything else
is refused: guessing wrong would silently corrupt names and quotes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from chronicle.core.settings import DEFAULT_MAX_SEED_BYTES
from chronicle.extract.article import Seed

SEED_SUFFIXES = (".txt", ".md")
# Share of control characters (other than tab/newline/CR/form feed) above which
# bytes are "mostly not text", and the stricter limit for a cp1252 fallback.
BINARY_CONTROL_SHARE = 0.10
CP1252_CONTROL_SHARE = 0.001
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}
# A whole page, not a quote of markup inside an article: a doctype or <html> opening the file,
# or the <head>/<body> of a document anywhere.
_HTML_PAGE = re.compile(r"\A\s*<(?:!doctype\s+html|html[\s>])|<(?:head|body)(?:\s[^>]*)?>", re.IGNORECASE)


class SeedError(ValueError):
    """A seed that cannot be used, with where the problem is and what to do."""

    def __init__(self, path: Path | str, line: int | None, message: str, fix: str = "") -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}" + (f" — {self.fix}" if self.fix else "")


def _line_of(raw: bytes, offset: int) -> int:
    """1-based line of a byte offset, so errors point an editor at the right place."""
    return raw.count(b"\n", 0, offset) + 1


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if (ch < " " or ch == "\x7f") and ch not in _TEXT_CONTROLS)
    return controls / max(len(text), 1)


def _decode(path: Path, raw: bytes) -> str:
    """Decode per the module's encoding policy, or raise ``SeedError``."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode": the byte order mark says what it is, so no guessing is involved.
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SeedError(path, None, f"broken UTF-16 text (byte {error.start})", "re-save the file as UTF-8") from None
        if _control_share(text) > BINARY_CONTROL_SHARE or "\x00" in text:
            raise SeedError(path, 1, "mostly non-text (control characters)", "seeds must be plain text articles")
        return text
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise SeedError(
            path, _line_of(raw, nul), "binary content (NUL byte)",
            "seeds must be plain text; if this is UTF-16 text, re-save it as UTF-8",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = None
        if text is None or _control_share(text) > CP1252_CONTROL_SHARE:
            raise SeedError(
                path, _line_of(raw, utf8_error.start),
                f"not UTF-8 text (byte 0x{raw[utf8_error.start]:02x})",
                "re-save the file as UTF-8",
            ) from None
        return text
    if _control_share(text) > BINARY_CONTROL_SHARE:
        raise SeedError(path, 1, "mostly non-text (control characters)", "seeds must be plain text articles")
    return text


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``: line numbers must match what editors see."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_seed(path: Path, max_bytes: int = DEFAULT_MAX_SEED_BYTES) -> Seed:
    """Read one seed file; raise ``SeedError`` if it is too big, empty, binary or undecodable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SeedError(
                path, 1, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit",
                "split it or raise the limit CHRONICLE_MAX_SEED_BYTES",
            )
        raw = path.read_bytes()
    except OSError as error:  # missing, a directory, unreadable
        raise SeedError(path, None, f"cannot read seed ({error.strerror or error})", "check the path and permissions") from None
    text = normalise_newlines(_decode(path, raw))
    if not text.strip():
        raise SeedError(path, 1, "empty seed (no text)", "paste the article text or delete the file")
    page = _HTML_PAGE.search(text)
    if page:
        # A saved web page: its menus, scripts and markup would be read as the article.
        raise SeedError(path, text.count("\n", 0, page.start()) + 1, "an HTML page, not article text",
                        "copy the article's text from the browser into a .txt file instead")
    return Seed(name=path.name, text=text, sha256=hashlib.sha256(raw).hexdigest())


def list_seeds(seed_dir: Path) -> list[Path]:
    """Seed files (``*.txt``, ``*.md``) directly in ``seed_dir``, sorted by name.

    Hidden files (editor swap files, ``.DS_Store``) are skipped. Sorting by name,
    not by the file system's order, keeps builds identical across machines.
    """
    seed_dir = Path(seed_dir)
    if not seed_dir.is_dir():
        raise SeedError(seed_dir, None, "seed directory not found", "create it or fix the configured path")
    return sorted(
        (
            path
            for path in seed_dir.iterdir()
            if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in SEED_SUFFIXES
        ),
        key=lambda path: path.name,
    )
