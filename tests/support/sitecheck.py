"""Check every file of a built site by its type: markup, links, and that no text became code.

``check_site(output)`` walks ``output/`` and returns a ``SiteReport``: problems as
``path: what`` strings, in three lists (``markup``, ``links``, ``unsafe``), and how many
files of each kind it read. Files added by later features (feeds, exports, maps) are
checked too, by their extension; an extension it does not know is listed in
``report.unchecked``, so a new kind of output cannot slip by unnoticed.

What counts as executable, by file type:

* HTML (and HTML carried inside Atom ``type="html"`` content): a ``<script>`` other
  than JSON-LD or a local file, ``<iframe>``/``<object>``/``<embed>``/``<base>``/
  ``<frame>``, any ``on*`` attribute, a URL attribute (``href``, ``src``, ``srcset``,
  ``action``...) whose scheme is not http(s)/mailto, a ``<meta http-equiv=refresh>``,
  ``javascript:`` or ``expression(`` in a ``style`` attribute.
* XML and SVG: the same rules on elements and attributes (``xlink:href`` included).
* JSON: every URL-like value (keys ``url``, ``href``, ``link``, ``src``, ``website``,
  ``uri``) is http(s) or a relative path; strings that consumers render as HTML
  (TimelineJS ``text.headline``/``text.text``, any ``html`` key) pass the HTML rules.
* CSV: no cell starts a spreadsheet formula (``= + - @``, tab, CR) unless it is a number.
* ICS: every unfolded line is ``NAME[;params]:value``, BEGIN/END balance, and no
  property name from ``forbidden_ics_names`` appears (text that broke out of its value).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background",
                  "xlink:href", "cite", "longdesc", "manifest", "ping", "imagesrcset"}
DANGEROUS_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
URL_KEYS = {"url", "href", "link", "src", "website", "uri"}
HTML_SUFFIXES = {".html", ".htm"}
XML_SUFFIXES = {".xml", ".atom", ".rss", ".svg", ".kml", ".gpx"}
JSON_SUFFIXES = {".json", ".geojson", ".webmanifest"}
# Assets of the theme: not built from content, not parsed.
OPAQUE_SUFFIXES = {".css", ".js", ".mjs", ".wasm", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico",
                   ".woff", ".woff2", ".txt", ".map"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$")
_ICS_LINE = re.compile(r"^([A-Za-z0-9-]+)(;[^:]*)?:(.*)$")


@dataclass
class SiteReport:
    markup: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    files: Counter = field(default_factory=Counter)  # suffix -> files read
    unchecked: list[str] = field(default_factory=list)
    link_count: int = 0


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see: it drops ASCII whitespace and controls first."""
    match = _SCHEME.match(_CONTROL.sub("", url or ""))
    return match.group(1).lower() if match else None


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in (value or "").split(",") if part.strip()]


# -- HTML ---------------------------------------------------------------------------------------

@dataclass
class ParsedHtml:
    ids: list[str] = field(default_factory=list)
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)
    unsafe: list[str] = field(default_factory=list)
    h1: int = 0
    lang: str | None = None
    title: str = ""


class _HtmlWalker(HTMLParser):
    def __init__(self, local_script_ok: bool = True):
        super().__init__(convert_charrefs=True)
        self.found = ParsedHtml()
        self.local_script_ok = local_script_ok
        self._script: str | None = None  # type of the open script element
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def _element(self, tag, attrs):
        found = self.found
        attrs = [(name.lower(), value or "") for name, value in attrs]
        named = dict(attrs)
        if tag in DANGEROUS_ELEMENTS:
            found.unsafe.append(f"<{tag}> element")
        if tag == "html":
            found.lang = named.get("lang", "").strip()
        if tag == "h1":
            found.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta" and named.get("http-equiv", "").lower() == "refresh":
            found.unsafe.append("<meta http-equiv=refresh>")
        if tag == "script":
            kind = named.get("type", "").lower()
            src = named.get("src")
            if kind == "application/ld+json" and src is None:
                self._script = kind
            elif src is not None and self.local_script_ok and url_scheme(src) is None and not src.startswith("//"):
                self._script = "local"
            else:
                self._script = "inline"
                found.unsafe.append(f"<script{' src=' + src if src else ''}> that is not JSON-LD or a local file")
        for name, value in attrs:
            if name == "id":
                found.ids.append(value)
            if name.startswith("on"):
                found.unsafe.append(f"<{tag} {name}=...> event handler")
            if name == "style" and re.search(r"javascript:|expression\(|url\(\s*['\"]?\s*data:", value, re.I):
                found.unsafe.append(f"<{tag} style> with script")
            if name in URL_ATTRIBUTES:
                urls = srcset_urls(value) if name.endswith("srcset") else [value]
                for url in urls:
                    scheme = url_scheme(url)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        found.unsafe.append(f"<{tag} {name}={url!r}> with a {scheme}: URL")
                    found.urls.append((tag, name, url))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.found.title += data
        if self._script == "application/ld+json":
            if "<" in data:
                self.found.unsafe.append("JSON-LD block containing '<'")
            try:
                json.loads(data)
            except ValueError:
                self.found.unsafe.append("JSON-LD block that is not JSON")


def parse_html(text: str) -> ParsedHtml:
    walker = _HtmlWalker()
    walker.feed(text)
    walker.close()
    return walker.found


def markup_problems(parsed: ParsedHtml) -> list[str]:
    problems = []
    duplicates = sorted(i for i, n in Counter(parsed.ids).items() if n > 1)
    if duplicates:
        problems.append(f"duplicate ids: {', '.join(duplicates)}")
    if parsed.h1 != 1:
        problems.append(f"{parsed.h1} <h1> elements, not exactly one")
    if not parsed.lang:
        problems.append("<html> has no lang")
    if not parsed.title.strip():
        problems.append("empty or missing <title>")
    return problems


# -- XML ----------------------------------------------------------------------------------------

def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def xml_unsafe(root: ET.Element) -> list[str]:
    """Executable parts of an XML or SVG tree, and HTML carried inside it (Atom content)."""
    unsafe = []
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in {"script", "foreignobject", *DANGEROUS_ELEMENTS}:
            unsafe.append(f"<{tag}> element")
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on"):
                unsafe.append(f"<{tag} {local}=...> event handler")
            if local in ("href", "src") and url_scheme(value) not in (None, *SAFE_SCHEMES):
                unsafe.append(f"<{tag} {local}={value!r}> with a {url_scheme(value)}: URL")
        if element.get("type") in ("html", "text/html") and element.text:
            unsafe.extend(f"HTML in <{tag}>: {p}" for p in parse_html(element.text).unsafe)
    return unsafe


def xml_urls(root: ET.Element) -> list[tuple[str, str, str]]:
    urls = []
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        for name, value in element.attrib.items():
            if _local(name) == "href" and tag not in ("link",):  # Atom <link> points at the public site
                urls.append((tag, "href", value))
    return urls


def xml_ids(root: ET.Element) -> list[str]:
    return [e.get("id") for e in root.iter() if e.get("id")]


# -- JSON, CSV, ICS -----------------------------------------------------------------------------

def json_unsafe(data, path: str = "") -> list[str]:
    unsafe = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(value, str):
                lowered = str(key).lower()
                if lowered in URL_KEYS and url_scheme(value) not in (None, "http", "https"):
                    unsafe.append(f"{where} is a {url_scheme(value)}: URL")
                rendered_as_html = lowered == "html" or (path.endswith("text") and lowered in ("headline", "text"))
                if rendered_as_html:
                    unsafe.extend(f"{where}: {p}" for p in parse_html(value).unsafe)
            else:
                unsafe.extend(json_unsafe(value, where))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            unsafe.extend(json_unsafe(item, f"{path}[{index}]"))
    return unsafe


def csv_unsafe(text: str) -> list[str]:
    unsafe = []
    for row_number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        for column, cell in enumerate(row, start=1):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(cell):
                unsafe.append(f"row {row_number} column {column} starts a formula: {cell[:40]!r}")
    return unsafe


def ics_problems(text: str, forbidden_names: frozenset[str]) -> list[str]:
    problems = []
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    depth: list[str] = []
    for number, line in enumerate(unfolded.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line:
            continue
        match = _ICS_LINE.match(line)
        if not match:
            problems.append(f"line {number} is not NAME:value: {line[:60]!r}")
            continue
        name, value = match.group(1).upper(), match.group(3)
        if name in forbidden_names:
            problems.append(f"line {number}: text broke out of its value into a {name} property")
        if name == "BEGIN":
            depth.append(value)
        elif name == "END":
            if not depth or depth.pop() != value:
                problems.append(f"line {number}: END:{value} without its BEGIN")
    if depth:
        problems.append(f"BEGIN:{depth[-1]} never ends")
    return problems


# -- links --------------------------------------------------------------------------------------

def resolve_local(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file a local URL points at (None if external), and its fragment."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None, ""
    if not parts.path:
        return page, parts.fragment
    base = site if parts.path.startswith("/") else page.parent
    target = Path(base, unquote(parts.path.lstrip("/")))
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


# -- the walk -----------------------------------------------------------------------------------

def check_site(site: Path, forbidden_ics_names: frozenset[str] = frozenset()) -> SiteReport:
    site = site.resolve()
    report = SiteReport()
    ids: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix in OPAQUE_SUFFIXES:
            report.files["asset"] += 1
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            report.markup.append(f"{rel}: not UTF-8")
            continue
        report.files[suffix] += 1
        if suffix in HTML_SUFFIXES:
            parsed = parse_html(text)
            report.markup.extend(f"{rel}: {p}" for p in markup_problems(parsed))
            report.unsafe.extend(f"{rel}: {p}" for p in parsed.unsafe)
            ids[path] = set(parsed.ids)
            links.extend((path, url) for _tag, _name, url in parsed.urls)
        elif suffix in XML_SUFFIXES:
            try:
                root = ET.fromstring(text.encode("utf-8"))
            except ET.ParseError as exc:
                report.markup.append(f"{rel}: not well-formed XML ({exc})")
                continue
            report.unsafe.extend(f"{rel}: {p}" for p in xml_unsafe(root))
            ids[path] = set(xml_ids(root))
            links.extend((path, url) for _tag, _name, url in xml_urls(root))
        elif suffix in JSON_SUFFIXES:
            try:
                data = json.loads(text)
            except ValueError as exc:
                report.markup.append(f"{rel}: not JSON ({exc})")
                continue
            report.unsafe.extend(f"{rel}: {p}" for p in json_unsafe(data))
        elif suffix == ".csv":
            report.unsafe.extend(f"{rel}: {p}" for p in csv_unsafe(text))
        elif suffix == ".ics":
            report.unsafe.extend(f"{rel}: {p}" for p in ics_problems(text, forbidden_ics_names))
        else:
            report.unchecked.append(rel)
    for page, url in links:
        target, fragment = resolve_local(site, page, url)
        if target is None:
            continue
        report.link_count += 1
        rel = page.relative_to(site).as_posix()
        target = target.resolve()
        if site not in target.parents or not target.is_file():
            report.links.append(f"{rel}: {url} (no such file)")
        elif fragment and target in ids and unquote(fragment) not in ids[target]:
            report.links.append(f"{rel}: {url} (no element with id {fragment!r})")
    return report
