"""What one build leaves for the next: a fingerprint of its inputs and the list of files it wrote.

The fingerprint covers every file under content/, the theme, Chronicle's own
code and data, the versions of the libraries that render, and the settings.
When it is the same as the last build's, and every file that build wrote is
still there with the size and mtime it left, the build has nothing to do.
Inputs are hashed by content; a file's hash is reused while its size and
mtime are unchanged (as git's index does), so checking 10,000 files is a
stat each.

Everything here lives in the cache folder (Pelican's CACHE_PATH/chronicle, or
CHRONICLE_CACHE_PATH), never in output/. Losing it only costs a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from chronicle.engine.outputs import OutputDir, load_listing, save_listing

RECORD = "last-build.json"
RECORD_FORMAT = 1
RENDERING_LIBRARIES = ("pelican", "jinja2", "markupsafe", "markdown-it-py", "pyyaml", "edtf")


@dataclass
class BuildState:
    folder: Path | None
    fingerprint: str
    previous: dict  # the last build's record
    hashes: dict[str, list] = field(default_factory=dict)  # input path -> [size, mtime_ns, sha256]
    pending: tuple | None = None  # (roots, settings) of a fingerprint left for ``inputs_read``

    @classmethod
    def start(cls, folder: Path | None, content: Path, theme: Path, settings: dict,
              data: Path | None = None) -> "BuildState":
        previous = load_listing(folder / RECORD) if folder else {}
        if previous.get("format") != RECORD_FORMAT:
            previous = {}
        roots = [("content", content), ("theme", theme), ("code", Path(__file__).resolve().parents[1])] + (
            [("data", data)] if data else [])
        if not previous:
            # No earlier build to compare with, so this one cannot be skipped: its fingerprint can
            # wait for loading, which reads and hashes every entry file anyway (``inputs_read``).
            return cls(folder, "", previous, pending=(roots, settings))
        fingerprint, hashes = _fingerprint(roots, settings, previous.get("inputs", {}))
        return cls(folder, fingerprint, previous, hashes)

    def inputs_read(self, read: dict[str, tuple[int, int, str]]) -> None:
        """Work out a fingerprint left for later, taking the hash of each file loading read from
        ``read`` (path -> size, mtime, sha256 of the bytes it read), so that the fingerprint is
        of what this build was made from."""
        if self.pending is None or self.folder is None:  # without a folder nothing is recorded
            return
        roots, settings = self.pending
        self.fingerprint, self.hashes = _fingerprint(roots, settings, {}, read)
        self.pending = None

    def unchanged(self, output: OutputDir) -> bool:
        """True when this build would write exactly what the last one left in output/."""
        return (self.folder is not None and self.previous.get("fingerprint") == self.fingerprint
                and output.unchanged_since({k: tuple(v) for k, v in self.previous.get("files", {}).items()}))

    def finish(self, output: OutputDir) -> list[str]:
        """Remove what the last build wrote and this one did not, and record this build."""
        removed = output.remove_stale(self.previous.get("files", {}))
        if self.folder is not None:
            try:
                save_listing(self.folder / RECORD, {"format": RECORD_FORMAT, "fingerprint": self.fingerprint,
                                                    "files": output.written, "inputs": self.hashes})
            except OSError as exc:
                print(f"warning: cannot record the build in {self.folder} ({exc.strerror}); "
                      "the next build will render everything again", file=sys.stderr)
        return removed


def _fingerprint(roots: list[tuple[str, Path]], settings: dict, known: dict,
                 read: dict | None = None) -> tuple[str, dict[str, list]]:
    """The inputs' fingerprint, and [size, mtime_ns, sha256] of every file in it. A file's hash is
    taken from ``read`` when loading read it, else from ``known`` while its size and mtime match."""
    hashes: dict[str, list] = {}
    digest = hashlib.sha256()
    for label, root in roots:
        for rel, path in _files(str(root)):
            seen = read.get(path) if read else None
            if seen is not None:
                hashes[path] = list(seen)
                sha = seen[2]
            else:
                sha = _hash(path, known, hashes)
            digest.update(f"{label}/{rel}\0{sha}\n".encode("utf-8"))
    for name in RENDERING_LIBRARIES:
        digest.update(f"{name}=={_version(name)}\n".encode("utf-8"))
    digest.update(f"python {sys.version}\n".encode("utf-8"))
    digest.update(settings_text(settings).encode("utf-8"))
    return digest.hexdigest(), hashes


def _files(root: str) -> list[tuple[str, str]]:
    """(path relative to root with / separators, full path) of every file under root, sorted."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.extend((prefix + name, os.path.join(folder, name))
                     for name in sorted(files) if not name.endswith((".pyc", ".tmp")))
    return found


def _hash(path: str, known: dict, hashes: dict) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return "missing"
    seen = known.get(path)
    if seen and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
        sha = seen[2]
    else:
        try:
            with open(path, "rb") as handle:
                sha = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return "unreadable"
    hashes[path] = [stat.st_size, stat.st_mtime_ns, sha]
    return sha


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def settings_text(settings: dict) -> str:
    """The settings that are plain data, as stable text (functions and modules are left out)."""
    lines = []
    for key in sorted(settings):
        try:
            lines.append(f"{key}={json.dumps(settings[key], sort_keys=True)}")
        except (TypeError, ValueError):
            continue
    return "\n".join(lines)


def _resident() -> str:
    """This process's resident memory, where the system says (Linux), for the timings line."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return ""
    return f" (resident {pages * os.sysconf('SC_PAGE_SIZE') / 1e6:.0f} MB)"


class StageTimer:
    """Prints how long each stage took when ``on`` (CHRONICLE_TIMINGS)."""

    def __init__(self, on: bool):
        self.on = on
        self.last = time.perf_counter()

    def done(self, stage: str) -> None:
        now = time.perf_counter()
        if self.on:
            print(f"chronicle timing: {stage}: {now - self.last:.3f} s{_resident()}", file=sys.stderr)
        self.last = now

    def costs(self, made) -> None:
        """CPU seconds by kind of file, from (kind, seconds) pairs of every process: what each feature costs."""
        if not self.on:
            return
        totals: dict[str, float] = {}
        for kind, seconds in made:
            totals[kind] = totals.get(kind, 0.0) + seconds
        for kind, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"chronicle timing:   {kind}: {seconds:.3f} s CPU", file=sys.stderr)
