"""What is wrong with content/, said so that an editor can fix it: the file, line and column, what
is wrong and what to do, printed by ``chronicle check`` and the build as ``path:line:column:
message``. Loading collects every problem rather than stopping at the first, so that an editor
fixes them all in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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


def read_text(path: str | Path) -> str:
    return Path(path).read_text("utf-8-sig")
