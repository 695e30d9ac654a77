"""What a build keeps between runs, outside ``output/``: parsed YAML by content hash.

Parsing 10,000 YAML files is most of a build that changed one of them. The
cache maps each file's SHA-256 to the data parsed from it, and each path's
(size, mtime) to the hash last read there, so an unchanged file is neither
parsed nor even read again. A file whose bytes change gets a new hash, so it
is parsed afresh; nothing is ever looked up by path alone.

The cache is only ever a shortcut: a missing, unreadable, corrupt or
out-of-date cache file is ignored and rebuilt, and a build never fails for it.
``marshal`` holds the data: it stores only plain values (a cache file cannot
run code when read, unlike pickle) and reads them back fastest.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import multiprocessing
import os
import sys
from pathlib import Path

import yaml

# Changes whenever what we store or how we parse changes: an old cache is then dropped whole.
FORMAT = ("chronicle-yaml", 1, yaml.__version__, sys.version_info[:2])


class ParseCache:
    def __init__(self, path: Path | None, entries: dict | None = None, stats: dict | None = None):
        self.path = path
        self.entries: dict[str, object] = entries or {}  # sha256 hex -> parsed data
        self.stats: dict[str, tuple[int, int, str]] = stats or {}  # file path -> (size, mtime_ns, sha256)
        self.used: set[str] = set()
        self.dirty = False

    @classmethod
    def load(cls, path: Path | None) -> "ParseCache":
        if path is None:
            return cls(None)
        try:
            with open(path, "rb") as handle:
                stored = marshal.load(handle)
            if stored[0] != FORMAT:
                return cls(path)
            return cls(path, dict(stored[1]), dict(stored[2]))
        except Exception:  # noqa: BLE001 - any damage means: start again without it
            return cls(path)

    def known_hash(self, path: Path) -> str | None:
        """The hash of a file not changed since it was last read (same size and mtime), if cached."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        seen = self.stats.get(str(path))
        if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns and seen[2] in self.entries:
            return seen[2]
        return None

    def hash_of(self, path: Path, raw: bytes) -> str:
        digest = hashlib.sha256(raw).hexdigest()
        try:
            stat = os.stat(path)
            entry = (stat.st_size, stat.st_mtime_ns, digest)
            if self.stats.get(str(path)) != entry:
                self.stats[str(path)] = entry
                self.dirty = True
        except OSError:
            pass
        return digest

    def get(self, digest: str):
        """The parsed data for these bytes, or None."""
        if digest in self.entries:
            self.used.add(digest)
            return self.entries[digest]
        return None

    def put(self, digest: str, data) -> None:
        try:
            marshal.dumps(data)  # only plain values: anything else is simply not cached
        except ValueError:
            return
        self.entries[digest] = data
        self.used.add(digest)
        self.dirty = True

    def save(self) -> None:
        """Write the cache, keeping only what this run used, so it never grows past the content."""
        if self.path is None:
            return
        if not self.dirty and len(self.used) == len(self.entries):
            return
        entries = {digest: self.entries[digest] for digest in sorted(self.used)}
        stats = {p: s for p, s in self.stats.items() if s[2] in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                marshal.dump((FORMAT, entries, stats), handle)
            os.replace(tmp, self.path)
        except OSError as exc:
            print(f"warning: cannot write the build cache {self.path} ({exc.strerror}); "
                  "the next build will be slower, nothing else is affected", file=sys.stderr)


PARSE_BATCH = 200  # files a worker parses per task


def parse_ahead(cache: ParseCache, paths: list[Path], processes: int, max_bytes: int) -> None:
    """Parse the files the cache does not know yet in forked processes, into the cache.

    Parsing YAML is most of a cold build's loading time and each file is independent; the
    loading that follows (validation, problems, model) then finds every file in the cache.
    A file that does not parse cleanly is left for that loading to read and report.
    """
    todo = [str(p) for p in paths if cache.known_hash(p) is None]
    if processes < 2 or len(todo) < PARSE_BATCH * 2:
        return
    batches = [todo[i:i + PARSE_BATCH] for i in range(0, len(todo), PARSE_BATCH)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for parsed in pool.imap(functools.partial(_parse_batch, max_bytes=max_bytes), batches):
            for path, stat, digest, data in parsed:
                cache.stats[path] = (*stat, digest)
                cache.entries[digest] = data
                cache.dirty = True


def _parse_batch(paths: list[str], max_bytes: int) -> list:
    from .yamlio import YamlSyntaxError, parse_yaml

    parsed = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
                stat = os.fstat(handle.fileno())
            document = parse_yaml(raw.decode("utf-8-sig"))
            marshal.dumps(document.data)  # only plain values are cached
        except (OSError, UnicodeDecodeError, YamlSyntaxError, ValueError):
            continue
        # Files loading would refuse (too big, binary, duplicate keys) are left for it to report.
        if document.data is not None and not document.duplicate_keys and b"\x00" not in raw and len(raw) <= max_bytes:
            parsed.append((path, (stat.st_size, stat.st_mtime_ns), hashlib.sha256(raw).hexdigest(), document.data))
    return parsed
