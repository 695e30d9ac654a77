"""Files to documents: read one YAML file of content/ and parse it, or say what stops it being
read at all (unreadable, too big, binary, not UTF-8, not YAML, empty, not a mapping)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from chronicle.content.parse_cache import ParseCache
from chronicle.content.problems import EntryFile, Problems, read_text, yaml_type
from chronicle.core.yamlio import Document, YamlSyntaxError, parse_yaml

MAX_FILE_BYTES = 5_000_000


def display_path(path: Path) -> str:
    """``path`` as problems print it: relative to the current directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_document(path: str | Path, rel: str, problems: Problems, kind: str,
                  cache: ParseCache | None = None) -> EntryFile | None:
    """Read and parse one file, reporting what stops it being read at all.

    With a cache, a file whose bytes were parsed before (found by hash, or by an
    unchanged size and mtime) is not parsed, or even read, again.
    """
    file = EntryFile(rel, None, kind)
    digest = cache.known_hash(path) if cache is not None else None
    if digest is not None:
        file.doc = Document(cache.get(digest), [], text=functools.partial(read_text, path))
        return _checked_shape(file, problems, kind)
    try:
        raw, stat = _read_bytes(path)
    except OSError as exc:
        problems.add(file, (), f"cannot read the file ({exc.strerror}); check its permissions")
        return None
    if cache is not None:
        digest = cache.hash_of(path, raw, stat)
        data = cache.get(digest)
        if data is not None:
            file.doc = Document(data, [], text=raw.decode("utf-8-sig"))
            return _checked_shape(file, problems, kind)
    if len(raw) > MAX_FILE_BYTES:
        problems.add(file, (), f"file is {len(raw)} bytes, over the {MAX_FILE_BYTES}-byte limit; "
                               "an entry this big is almost certainly a mistake: split or trim it")
        return None
    if b"\x00" in raw:
        problems.add(file, (), "file is binary, not YAML text; remove it from content/")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add_at(rel, line, 1, "file is not UTF-8 text; re-save it as UTF-8")
        return None
    try:
        file.doc = parse_yaml(text)
    except YamlSyntaxError as exc:
        problems.add_at(rel, exc.mark.line, exc.mark.column,
                        f"{exc.message}: fix the YAML (check indentation and quotes)")
        return None
    for _path, key, mark in file.doc.duplicate_keys:
        problems.add_at(rel, mark.line, mark.column, f"key '{key}' appears twice; keep one")
    if cache is not None and digest is not None and not file.doc.duplicate_keys and file.doc.data is not None:
        cache.put(digest, file.doc.data)
    return _checked_shape(file, problems, kind)


def _read_bytes(path: str | Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes, and its stat from when it was opened. (os calls: Path.read_bytes opens a
    buffered file, with a terminal check and a seek, for each of thousands of small files.)"""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        stat = os.fstat(handle)
        # One byte more than its size: fewer back means the end was reached (a regular file
        # reads short only there), and no second read is needed to find it.
        wanted = stat.st_size + 1
        parts = [os.read(handle, wanted)]
        if len(parts[0]) == wanted:  # it grew since: read on to the end
            while chunk := os.read(handle, 65536):
                parts.append(chunk)
    finally:
        os.close(handle)
    return b"".join(parts), stat


def _checked_shape(file: EntryFile, problems: Problems, kind: str) -> EntryFile | None:
    """The file, if it holds a mapping (every entry is one); None, with the problem, if not."""
    if file.doc.data is None:
        problems.add(file, (), f"file is empty; write a {kind} entry or delete the file")
        return None
    if not isinstance(file.doc.data, dict):
        problems.add(file, (), f"a {kind} file must be a mapping of fields (id:, name:, ...), "
                               f"not {yaml_type(file.doc.data)}")
        return None
    return file
