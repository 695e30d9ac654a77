"""A reader's browser session for the site tests, and axe-core run inside the page.

``reading(browser, base_url)`` opens a fresh Chromium context that routes every request: a request
for any origin but the local test server is aborted and recorded, and so is every console error and
uncaught exception of every page the session opens. When the ``with`` block ends without an error of
its own, the session fails if anything was recorded, listing each request and message, so every
test that reads the site also proves that the site stays on localhost and runs without errors.

axe-core is the npm package pinned in package.json, installed by ``make`` (``npm ci``) into
node_modules/; nothing is fetched at test time.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = ("serious", "critical")
WIDTHS = (375, 1280)


def screenshot_dir() -> Path:
    """Where the tests write screenshots and the axe table: $CHRONICLE_SCREENSHOTS or /tmp/chronicle-screenshots."""
    folder = Path(os.environ.get("CHRONICLE_SCREENSHOTS") or "/tmp/chronicle-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Session:
    """What one browsing session saw that a reader's browser must never do."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        if _origin(url) == self.origin:
            route.continue_()
        else:
            self.foreign.append(f"{route.request.resource_type} {url} (from {route.request.frame.url})")
            route.abort("blockedbyclient")

    def watch(self, page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught {exc.name}: {exc.message}"))

    def _console(self, page, msg) -> None:
        if msg.type == "error":
            where = msg.location.get("url") or page.url
            self.errors.append(f"{page.url}: console error: {msg.text} ({where})")

    def problems(self) -> list[str]:
        return ([f"request left localhost: {r}" for r in self.foreign]
                + [f"browser console: {e}" for e in self.errors])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@contextlib.contextmanager
def reading(browser, base_url: str, width: int = 1280, height: int = 900, scheme: str = "light"):
    """Yield (page, session) for a reader at ``width`` px; fail at the end on foreign requests or errors."""
    session = Session(_origin(base_url))
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  accept_downloads=True)
    context.route("**/*", session.route)
    context.on("page", session.watch)  # pages the site opens (new tabs) are watched too
    page = context.new_page()
    try:
        yield page, session
    finally:
        context.close()
    problems = session.problems()
    assert not problems, f"{len(problems)} problem(s) while reading the site:\n" + "\n".join(problems)


def visit(page, url: str):
    """Go to ``url`` and fail unless the server answered it with success."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
    return response


# -- axe-core --------------------------------------------------------------------------------------

def axe_source() -> str:
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `make venv` (npm ci installs axe-core)"
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, source: str) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(source)  # evaluated, not a <script> tag: a Content-Security-Policy cannot block it
    results = page.evaluate(
        "opts => axe.run(document, opts)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return results["violations"]


def describe(name: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{name}: {v['id']} ({v['impact']}) {v['help']}")
        for node in v["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return lines
