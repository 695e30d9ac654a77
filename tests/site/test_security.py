"""Text from articles and editors must never become markup or a live link on the site."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import sitegen

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
CLOSE = "</script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    content = sitegen.copy_fixture(work / "content")
    (content / "actors" / "evil-actor.yaml").write_text(
        "id: evil-actor\n"
        f"name: 'Evil {SCRIPT} {IMG}'\n"
        "kind: armed group\n"
        f"description: 'Described as {IMG}'\n", encoding="utf-8")
    (content / "places" / "evil-place.yaml").write_text(
        f"id: evil-place\nname: 'Place {SCRIPT}'\nkind: site\nwithin: kessel\n", encoding="utf-8")
    summary = (f"Summary with {SCRIPT} and {IMG} and {CLOSE}.\n\n"
               "[click me](javascript:alert(3)) [data](data:text/html,<b>x</b>) "
               "[vb](vbscript:msgbox) [ok](https://example.com/ok)\n")
    (content / "events" / "evil-incident.yaml").write_text(
        "id: evil-incident\n"
        f"title: 'Title {SCRIPT} {IMG}'\n"
        "date: 2024-01-24\n"
        "type: attack\n"
        "status: draft\n"
        f"summary: {json.dumps(summary)}\n"
        "actors:\n  - {ref: evil-actor, role: perpetrator}\n  - {ref: ALF, role: target}\n"
        "places:\n  - {ref: evil-place, role: location}\n"
        "related:\n  - {ref: alf-drone-attack-kessel-terminal, relation: follows}\n"
        "sources:\n"
        f"  - publisher: 'Pub {IMG}'\n"
        f"    title: 'Headline {SCRIPT}'\n"
        "    url: https://example.com/a?x=<script>\n"
        "    published: 2024-01-24\n"
        "    evidence:\n"
        f"      - {{field: actors, text: 'Evidence {SCRIPT} {IMG}'}}\n"
        "notes:\n"
        f"  - {{kind: editor, text: 'Note {SCRIPT}'}}\n", encoding="utf-8")
    out = work / "out"
    sitegen.built(content, out)
    return out


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.images: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs_d)
        if tag == "img":
            self.images.append(attrs_d)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
        if "href" in attrs_d:
            self.hrefs.append(attrs_d["href"] or "")


def elements(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text("utf-8"))
    return parser


def pages_mentioning_it(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "evil" in p.read_text("utf-8").lower()]


def test_hostile_text_reaches_many_pages(hostile_site):
    reached = {str(p.relative_to(hostile_site)) for p in pages_mentioning_it(hostile_site)}
    for rel in ("index.html", "incidents/evil-incident/index.html", "actors/evil-actor/index.html",
                "places/evil-place/index.html", "actors/index.html", "places/index.html",
                "timeline/2024/01/index.html", "types/attack/index.html",
                "incidents/alf-drone-attack-kessel-terminal/index.html", "places/kessel/index.html",
                "actors/aster-liberation-front/index.html"):
        assert rel in reached, rel


def test_markup_in_text_is_shown_escaped_everywhere(hostile_site):
    for page in pages_mentioning_it(hostile_site):
        html = page.read_text("utf-8")
        found = elements(page)
        # the only scripts are our JSON-LD blocks and the theme's search script; the only images our
        # map basemaps; no event handlers
        assert all(s.get("type") == "application/ld+json" or (s.get("src") or "").endswith("theme/js/finder.js")
                   for s in found.scripts), page
        assert all(set(i) == {"src", "alt", "width", "height"} and i["alt"] == ""
                   and re.fullmatch(r"(\./|(\.\./)*)maps/[a-z0-9-]+\.svg", i["src"]) for i in found.images), page
        assert found.handlers == [], page
        assert "<script>alert" not in html and "<img src=x" not in html, page
    incident = (hostile_site / "incidents/evil-incident/index.html").read_text("utf-8")
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;" in incident
    assert "Evidence &lt;script&gt;" in incident and "Note &lt;script&gt;" in incident
    assert "Headline &lt;script&gt;" in incident and "Pub &lt;img" in incident
    home = (hostile_site / "index.html").read_text("utf-8")
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_only_http_links_leave_the_site(hostile_site):
    for page in sorted(hostile_site.rglob("*.html")):
        for href in elements(page).hrefs:
            scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", href)
            assert scheme is None or scheme.group(1).lower() in ("http", "https"), f"{page}: {href}"
    incident = (hostile_site / "incidents/evil-incident/index.html").read_text("utf-8")
    assert 'href="https://example.com/ok"' in incident
    assert "[click me](javascript:alert(3))" in incident  # left as text, not a link


def test_json_ld_cannot_break_out_of_its_script(hostile_site):
    for page in pages_mentioning_it(hostile_site):
        html = page.read_text("utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
            json.loads(block)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                      (hostile_site / "incidents/evil-incident/index.html").read_text("utf-8"), re.S).group(1)
    assert "\\u003c/script\\u003e" in block
    assert json.loads(block)["name"] == f"Title {SCRIPT} {IMG}"


def test_meta_tags_escape_attributes(hostile_site):
    html = (hostile_site / "incidents/evil-incident/index.html").read_text("utf-8")
    title = re.search(r'<meta property="og:title" content="([^"]*)">', html).group(1)
    assert title.startswith("Title &lt;script&gt;")
