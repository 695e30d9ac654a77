"""What is wrong with content/, said so that an editor can fix it: the file, line and column, what
is wrong and what to do, printed by ``chronicle check`` and the build as ``path:line:column:
message``. Loading collects every problem rather than stopping at the first, so that an editor
fixes them all in one pass.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from chronicle.core.yamlio import Document, Mark


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    warning: bool = False  # worth an editor's look, but the site builds (stale evidence)

    def __str__(self) -> str:
        # One line per problem, whatever text an editor's file put in the message.
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.path}:{self.line}:{self.column}: {'warning: ' if self.warning else ''}{message}"


@dataclass
class EntryFile:
    """A file being loaded, as far as its problems need it: the path they print, and its parsed
    document, which knows where each part of the file starts."""

    rel: str  # path as printed: relative to the current directory when possible
    doc: Document | None
    kind: str
    source: str | None = None  # the file, read again for marks when a problem is found (doc None)

    def mark(self, path, key: str | None = None) -> Mark:
        """Where the document path ``path`` (or, with ``key``, that key of the mapping at
        ``path``) starts; the deepest part of it the file has, or the top of the file."""
        if self.doc is None and self.source is not None:
            # An entry loaded elsewhere (a worker process): where a problem found later (a duplicate
            # id, an unknown reference) is comes from parsing its file again, now.
            self.doc = Document(None, [], text=functools.partial(read_text, self.source))
        if self.doc is None:
            return Mark(1, 1)
        path = tuple(path)
        if key is not None and path + (("key", key),) in self.doc.marks:
            return self.doc.marks[path + (("key", key),)]
        return self.doc.mark_of(path)


@dataclass
class Problems:
    """The problems found so far: each reading, checking and resolving step adds to it."""

    found: list[Problem] = field(default_factory=list)

    def add(self, file: EntryFile, path, message: str, key: str | None = None) -> None:
        """A problem at a document path (and key) of ``file``."""
        mark = file.mark(path, key)
        self.found.append(Problem(file.rel, mark.line, mark.column, message))

    def extend(self, problems: list[Problem]) -> None:
        """Problems found elsewhere (a worker process), already placed."""
        self.found.extend(problems)

    def add_at(self, rel: str, line: int, column: int, message: str) -> None:
        """A problem whose place is known without a document (the file would not parse)."""
        self.found.append(Problem(rel, line, column, message))

    def sorted(self) -> list[Problem]:
        """Each problem once, by file and line."""
        return sorted(set(self.found))


def read_text(path: str | Path) -> str:
    return Path(path).read_text("utf-8-sig")


def yaml_type(value) -> str:
    """A YAML value's type, in an editor's words."""
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "empty"}.get(type(value), type(value).__name__)
