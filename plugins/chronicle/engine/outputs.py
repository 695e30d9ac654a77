"""Writing ``output/``: only files whose bytes changed, and removing files no build makes any more.

A rebuild after one fix should not touch 20,000 unchanged files: deploy tools,
rsync and browsers' caches all go by modification times. So every file of the
site (pages, feeds, exports, static files) goes through ``OutputDir.write``,
which leaves a file alone when it already holds exactly those bytes.

Pelican's DELETE_OUTPUT_DIRECTORY would throw all of that away, so Chronicle
keeps the output directory and removes stale files itself: those it wrote in
the previous build (listed in its cache) and did not write in this one.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


WRITE_BUFFER = 1 << 20  # bytes gathered before each write of a file written in pieces
HELD_FILES = 64  # files ``OutputDir.held`` keeps at most before writing them


@dataclass
class OutputDir:
    root: Path
    written: dict[str, tuple[int, int]] = field(default_factory=dict)  # rel path -> (size, mtime_ns)
    changed: int = 0
    _folders: set[str] = field(default_factory=set)
    held_seconds: float = 0.0  # CPU seconds spent writing files ``held`` back (CHRONICLE_TIMINGS)
    _held: list[tuple[str, bytes | str]] | None = field(default=None, repr=False)

    def write(self, rel: str, data: bytes | str | Iterable[str]) -> bool:
        """Make ``root/rel`` hold ``data`` (bytes, text, or text in pieces); True when the file had
        to be (re)written (or, inside ``held``, will be)."""
        if not isinstance(data, (str, bytes)):
            return self._write_parts(rel, data)
        if self._held is not None:
            self._held.append((rel, data))
            if len(self._held) >= HELD_FILES:  # a feed set makes 1,500 files: write them in turns
                self._write_held()
            return True
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = os.path.join(self.root, rel)
        if self._new_folder(path):  # a folder just made holds no file yet: nothing to compare
            return self._put(rel, path, data, fresh=True)
        try:
            stat = os.stat(path)
        except FileNotFoundError:  # in a folder another process made, or a file new to the site
            return self._put(rel, path, data, fresh=True)
        if stat.st_size == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    self.written[rel] = (stat.st_size, stat.st_mtime_ns)
                    return False
        return self._put(rel, path, data)

    @contextlib.contextmanager
    def held(self):
        """Keep the whole files written in the block in memory and write them, in order, each time
        HELD_FILES are held and when the block ends; a block that fails writes none of those it
        still holds (text in pieces is written at once, as ever).

        A render batch makes its pages, then writes them, rather than writing each page as it is
        made. Creating a folder and a file is kernel work between two pages; page by page, each
        render started with the CPU's caches cold (our reading of it). Measured on the
        5,000-incident site, `make bench-compare` against page by page, 25 runs: wall 0.95x run
        by run (middle half 0.93x to 1.02x), CPU 0.95x; output byte-identical."""
        if self._held is not None:  # already held by an enclosing block: it writes them
            yield self
            return
        self._held = []
        try:
            yield self
            self._write_held()
        finally:
            self._held = None

    def _write_held(self) -> None:
        start, held = time.process_time(), self._held
        self._held = None
        for rel, data in held:
            self.write(rel, data)
        held.clear()
        self._held = held
        self.held_seconds += time.process_time() - start

    def _new_folder(self, path: str) -> bool:
        """Make sure the file's folder exists; True when this call created it."""
        folder = os.path.dirname(path)
        if folder in self._folders:
            return False
        self._folders.add(folder)
        return _made_folder(folder)

    def _write_parts(self, rel: str, parts: Iterable[str]) -> bool:
        """Write text piece by piece as it is made (a large download is never whole in memory),
        comparing with the file already there as it goes: an unchanged file keeps its mtime."""
        path = os.path.join(self.root, rel)
        existing = None if self._new_folder(path) else _open_or_none(path)
        temp = _temp_path(path)
        same = existing is not None
        size = 0
        try:
            # A large buffer: a download of 13 MB made in small pieces went out in 8 KB writes,
            # 12,000 system calls per build.
            with open(temp, "wb", buffering=WRITE_BUFFER) as handle:
                for part in parts:
                    data = part.encode("utf-8")
                    handle.write(data)
                    size += len(data)
                    if same:
                        same = existing.read(len(data)) == data
                if same:
                    same = existing.read(1) == b""
                handle.flush()
                mtime = os.fstat(handle.fileno()).st_mtime_ns
            if same:
                os.remove(temp)
                self.written[rel] = (size, os.fstat(existing.fileno()).st_mtime_ns)
                return False
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temp)
            raise
        finally:
            if existing is not None:
                existing.close()
        self.written[rel] = (size, mtime)
        self.changed += 1
        return True

    def _put(self, rel: str, path: str, data: bytes, fresh: bool = False) -> bool:
        # A file that is there is replaced whole (temp file + rename), so a build that is killed,
        # or a reader fetching during a build, never sees half of it; the build as a whole is not
        # atomic. A file that is not there yet (``fresh``: the first in a folder this build made, or
        # found missing) is written in place: no earlier version of it exists to keep, and a rename
        # is a second change to the folder (writing 9,000 pages into new folders on ext4, the
        # renames took 0.2-0.35 s of system time). A build killed mid-write may leave such a file
        # short, as it may leave a temp file; the next full build compares its bytes and writes it
        # again.
        temp = path if fresh else _temp_path(path)
        # O_EXCL: should the file exist after all, it is not written over in place.
        flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if fresh else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
        try:
            # os.open, not open(): no buffer, no isatty() or seek, for each of thousands of files.
            handle = os.open(temp, flags, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view):]
                mtime = os.fstat(handle).st_mtime_ns
            finally:
                os.close(handle)
            if not fresh:
                os.replace(temp, path)
        except FileExistsError:
            if fresh:
                return self._put(rel, path, data)
            raise
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temp)
            raise
        self.written[rel] = (len(data), mtime)
        self.changed += 1
        return True

    def copy_tree(self, source: Path, prefix: str) -> None:
        """Copy every file under ``source`` to ``prefix/...``, writing only files that differ."""
        for folder, subfolders, files in os.walk(source):
            subfolders.sort()
            for name in sorted(files):
                path = Path(folder) / name
                self.write(f"{prefix}/{path.relative_to(source).as_posix()}", path.read_bytes())

    def taken(self) -> tuple[dict[str, tuple[int, int]], int, float]:
        """What was written since the last call, and the CPU time of writing held files (for
        ``merge`` in another process), forgotten here."""
        written, changed, seconds = self.written, self.changed, self.held_seconds
        self.written, self.changed, self.held_seconds = {}, 0, 0.0
        return written, changed, seconds

    def merge(self, written: dict[str, tuple[int, int]], changed: int, held_seconds: float = 0.0) -> None:
        """Take in what another process wrote into the same directory."""
        self.written.update(written)
        self.changed += changed
        self.held_seconds += held_seconds

    def remove_stale(self, previous: dict[str, tuple[int, int]]) -> list[str]:
        """Delete files the previous build wrote and this one did not; returns their paths."""
        stale = sorted(set(previous) - set(self.written))
        for rel in stale:
            path = os.path.join(self.root, rel)
            try:
                os.remove(path)
            except FileNotFoundError:
                continue
            _remove_empty_parents(Path(path).parent, Path(self.root))
        return stale

    def unchanged_since(self, previous: dict[str, tuple[int, int]]) -> bool:
        """True when every file of the previous build is still there, as that build left it."""
        for rel, (size, mtime) in previous.items():
            try:
                stat = os.stat(os.path.join(self.root, rel))
            except OSError:
                return False
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
        return bool(previous)


def _temp_path(path: str) -> str:
    """Where a file is written before it replaces ``path``: hidden, and unique to this process."""
    return f"{os.path.dirname(path)}/.{os.path.basename(path)}.{os.getpid()}.tmp"


def _open_or_none(path: str):
    try:
        return open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _made_folder(folder: str) -> bool:
    """Create a folder (and its parents); True if it did not exist."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        return False
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    return True


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def load_listing(path: Path) -> dict:
    """A JSON record from the cache, or {} when missing or unreadable (a cache may always be lost)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_listing(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
