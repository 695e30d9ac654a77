"""What tests in every folder share: paths, running the real `chronicle` command, writing content
files, serving a built site, and the browser-test marker.

``pyproject.toml`` puts tests/ on the path (``pythonpath``), so any test imports these as
``from support import REPO, run_chronicle`` and the helper modules as ``from support import
sitegen`` (building sites, synthetic content), ``sitecheck`` (walking a built site), ``browsing``
(a reader's Chromium session, axe-core), ``scoring`` (extraction against annotated sets) and
``seeds`` (content and seed folders for extraction runs). Fixtures live in tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE_SEED = REPO / "seeds" / "000_00a56fd043240499.txt"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; .ci/run installs it
# Browser tests skip only on a machine without Chromium; .ci/run sets CHRONICLE_CI so that there
# a missing browser fails the run instead of skipping it.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CHRONICLE_CI"),
                                    reason="needs /usr/bin/chromium")
# Lines the browser tests want shown after the run (axe-core counts, where the screenshots are).
BROWSER_REPORT = pytest.StashKey[list]()


def run_chronicle(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `chronicle ...` as a user would, through the installed console script's module."""
    return subprocess.run([sys.executable, "-m", "chronicle.cli", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=600)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a built site on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
