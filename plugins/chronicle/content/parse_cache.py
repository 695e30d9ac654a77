"""What a build keeps between runs, outside ``output/``: parsed YAML by content hash.

Parsing 10,000 YAML files is most of a build that changed one of them. The
cache maps each file's SHA-256 to the data parsed from it, and each path's
(size, mtime) to the hash last read there, so an unchanged file is neither
parsed nor even read again. A file whose bytes change gets a new hash, so it
is parsed afresh; nothing is ever looked up by path alone.

The cache is only ever a shortcut: a missing, unreadable, corrupt or
out-of-date cache file is ignored and rebuilt, and a build never fails for it.
``marshal`` holds the data: it stores only plain values (a cache file cannot
run code when read, unlike pickle) and reads them back fastest. Each file's data
is kept marshalled until it is asked for: loading runs in worker processes, and
the process that builds the site should not hold 10,000 files' parsed data only
to write it back to the cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

import yaml

# Changes whenever what we store or how we parse changes: an old cache is then dropped whole.
FORMAT = ("chronicle-yaml", 2, yaml.__version__, sys.version_info[:2])


class ParseCache:
    def __init__(self, path: Path | None, entries: dict | None = None, stats: dict | None = None):
        self.path = path
        self.entries: dict[str, bytes] = entries or {}  # sha256 hex -> parsed data, marshalled
        self.stats: dict[str, tuple[int, int, str]] = stats or {}  # file path -> (size, mtime_ns, sha256)
        self.used: set[str] = set()
        self.dirty = False
        self.added: dict[str, bytes] = {}  # entries new since this cache was made or forked
        self.stats_added: dict[str, tuple[int, int, str]] = {}

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

    def known_hash(self, path: str | Path) -> str | None:
        """The hash of a file not changed since it was last read (same size and mtime), if cached."""
        seen = self.stats.get(str(path))
        if not seen or seen[2] not in self.entries:
            return None  # never read: nothing to compare (no stat, for each file of a cold build)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        return None

    def hash_of(self, path: str | Path, raw: bytes, stat: os.stat_result | None = None) -> str:
        """The hash of ``raw``, the bytes just read from ``path``, noted with the file's size and
        mtime: ``stat``, taken when the file was opened (a change while it is read then leaves a
        newer mtime, read again next time), else taken now."""
        digest = hashlib.sha256(raw).hexdigest()
        try:
            stat = stat or os.stat(path)
            entry = (stat.st_size, stat.st_mtime_ns, digest)
            if self.stats.get(str(path)) != entry:
                self.stats[str(path)] = self.stats_added[str(path)] = entry
                self.dirty = True
        except OSError:
            pass
        return digest

    def get(self, digest: str):
        """The parsed data for these bytes, or None."""
        blob = self.entries.get(digest)
        if blob is None:
            return None
        self.used.add(digest)
        return marshal.loads(blob)

    def put(self, digest: str, data) -> None:
        try:
            blob = marshal.dumps(data)  # only plain values: anything else is simply not cached
        except ValueError:
            return
        self.entries[digest] = self.added[digest] = blob
        self.used.add(digest)
        self.dirty = True

    def forked(self) -> "ParseCache":
        """The same cache with nothing learnt yet: what a worker process reads with."""
        return ParseCache(self.path, self.entries, self.stats)

    def changes(self) -> tuple[dict, dict, set]:
        """What a worker process learnt with its copy of the cache, for ``absorb`` in the parent."""
        return self.added, self.stats_added, self.used

    def absorb(self, changes: tuple[dict, dict, set]) -> None:
        added, stats, used = changes
        self.entries.update(added)
        self.stats.update(stats)
        self.used |= used
        self.dirty = self.dirty or bool(added or stats)

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
