"""Every file of a built site, read by type: valid markup, links that resolve, no text turned into code.

Three sites are built and walked with ``sitecheck.check_site``: the fixture site, the
repository's own site (as ``make html`` builds it, from a copy whose path has spaces,
twice, byte for byte), and the fixture with hostile text in every free-text field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from support import sitecheck
from support import sitegen

REPO = sitegen.REPO
INJECTED = "X-CHRONICLE-INJECTED"
# Each reaches some field of every entry; together they cover markup, handlers, URLs in markup,
# quotes that end attributes, ends of the elements text sits in, CDATA, formula and iCalendar breakouts.
PAYLOADS = (
    "<script>alert('t1')</script>",
    "<img src=x onerror=alert('t2')>",
    '"><svg onload=alert(\'t3\')>',
    "<a href=\"javascript:alert('t4')\">j</a>",
    "<iframe src=\"data:text/html,<script>alert('t5')</script>\"></iframe>",
    "</title></textarea></style></script><script>alert('t6')</script>",
    "]]><x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert('t7')</x:script>",
    "' onmouseover='alert(8)' x='",
    "=HYPERLINK(\"https://evil.example\",\"t9\")",
    f"t10\r\n{INJECTED}:1\r\nBEGIN:VEVENT",
    "<object data=\"javascript:alert('t11')\"></object><base href=\"javascript:/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('t12')\">",
)
MARKDOWN_LINKS = (
    "[a](javascript:alert('m1')) [b](JaVaScRiPt:alert('m2')) [c]( javascript:alert('m3'))\n\n"
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [e](vbscript:msgbox)\n\n"
    "<javascript:alert('m4')> [f](&#106;avascript:alert('m5')) [g][ref]\n\n"
    "[ref]: javascript:alert('m6')\n\n![img](https://evil.example/track.png) [ok](https://example.com/ok)\n"
)
TEXT_KEYS = {"title", "name", "summary", "description", "text", "publisher", "label", "group"}
URL_KEYS = {"url", "website"}


def check(site: Path) -> sitecheck.SiteReport:
    return sitecheck.check_site(site, forbidden_ics_names=frozenset({INJECTED}))


def assert_clean(report: sitecheck.SiteReport) -> None:
    assert report.markup == [], report.markup
    assert report.links == [], report.links
    assert report.unsafe == [], report.unsafe
    assert report.unchecked == [], f"files of a kind sitecheck does not read: {report.unchecked}"
    assert report.files[".html"] > 0 and report.link_count > 0


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- the fixture site ---------------------------------------------------------------------------


def test_fixture_site_markup_links_and_safety(fixture_site):
    assert_clean(check(fixture_site))


def test_checker_finds_what_it_looks_for(fixture_site, tmp_path):
    """The checks can fail: break a copy of the site in each way they look for."""
    site = tmp_path / "broken"
    shutil.copytree(fixture_site, site)
    page = site / "incidents" / "ceasefire-talks" / "index.html"
    html = page.read_text("utf-8")
    html = html.replace("<h1", '<h1 onclick="x()" id="dup"><a href="javascript:alert(1)">x</a>'
                               '<a href="../nowhere/">y</a><a href="../../actors/#no-such-id">z</a>'
                               '<span id="dup"></span></h1><h1', 1)
    page.write_text(html, encoding="utf-8")
    (site / "export.csv").write_text("title\n\"=CMD()\"\n-12.5\n", encoding="utf-8")
    (site / "feed.ics").write_text("BEGIN:VCALENDAR\r\nSUMMARY:a\r\nX-CHRONICLE-INJECTED:1\r\n", encoding="utf-8")
    (site / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (site / "data.json").write_text('{"url": "javascript:alert(1)", "text": {"headline": "<img onerror=x>"}}')
    (site / "weird.bin").write_bytes(b"\x00")
    report = check(site)
    text = "\n".join(report.markup + report.links + report.unsafe)
    for expected in ("duplicate ids: dup", "2 <h1> elements", "onclick", "javascript: URL", "../nowhere/",
                     "no element with id 'no-such-id'", "export.csv: row 2 column 1 starts a formula",
                     "feed.ics: line 3: text broke out", "BEGIN:VCALENDAR never ends", "map.svg: <script>",
                     "data.json: url is a javascript: URL", "data.json: text.headline: <img onerror"):
        assert expected in text, expected
    assert "-12.5" not in text  # a negative number is not a formula
    assert report.unchecked == ["weird.bin"]


# -- the repository's own site, as make html builds it -----------------------------------------

def copy_checkout(target: Path) -> Path:
    """The project's files (no venv, git, output or caches) at ``target``."""
    ignore = shutil.ignore_patterns(".venv", ".git", "output", "__pycache__", ".pytest_cache", "*.egg-info",
                                    ".bench", "build")
    shutil.copytree(REPO, target, ignore=ignore, symlinks=True)
    return target


def make_html(checkout: Path) -> subprocess.CompletedProcess:
    """What `make html` runs, in ``checkout``."""
    env = dict(os.environ, COLUMNS="200", TERM="dumb", NO_COLOR="1")
    return subprocess.run([sitegen.pelican_bin(), "content", "-o", "output", "-s", "pelican.conf.py",
                           "--fatal", "errors"], cwd=checkout, capture_output=True, text=True, env=env,
                          timeout=900)


@pytest.fixture(scope="module")
def real_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The repository's site built in two checkouts, one in a path with spaces."""
    base = tmp_path_factory.mktemp("real")
    outputs = []
    for name in ("plain", "with spaces/my checkout"):
        checkout = copy_checkout(base / name)
        result = make_html(checkout)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(checkout / "output")
    return outputs[0], outputs[1]


def test_real_site_markup_links_and_safety(real_sites):
    for site in real_sites:
        assert_clean(check(site))


def test_real_site_is_byte_identical_from_another_path(real_sites):
    plain, spaced = tree(real_sites[0]), tree(real_sites[1])
    assert sorted(plain) == sorted(spaced)
    assert [name for name in plain if plain[name] != spaced[name]] == []
    assert not any(b"with spaces" in data or b"my checkout" in data for data in spaced.values())


def build_clock_stamps(now: dt.datetime, inputs: str) -> list[str]:
    """Ways a page could show the build machine's clock.

    When an input carries today's date (an editor's ``updated:``), the day may rightly appear
    in any format: then only stamps with the hour are looked for.
    """
    with_hour = [now.strftime("%Y-%m-%dT%H"), now.strftime("%Y%m%dT%H")]
    if now.strftime("%Y-%m-%d") in inputs:
        return with_hour
    return with_hour + [now.strftime("%Y-%m-%d"), now.strftime("%Y%m%d"), f"{now.day} {now:%B %Y}",
                        f"{now:%B} {now.day}, {now.year}", now.strftime("%d/%m/%Y"), now.strftime("%m/%d/%Y")]


def test_no_build_clock_in_any_file(real_sites, fixture_site):
    now = dt.datetime.now(dt.timezone.utc)
    for site, content in ((real_sites[1], REPO / "content"), (fixture_site, sitegen.FIXTURE)):
        inputs = "\n".join(p.read_text("utf-8") for p in content.rglob("*.yaml"))
        stamps = build_clock_stamps(now, inputs) + build_clock_stamps(now.astimezone(), inputs)
        for rel, data in tree(site).items():
            text = data.decode("utf-8", "replace")
            leaked = [s for s in stamps if s in text and s not in inputs]
            assert leaked == [], f"{rel} shows the build clock: {leaked}"
            if str(now.year) not in inputs:
                assert str(now.year) not in text or rel.startswith("theme/"), \
                    f"{rel} mentions {now.year}, a year no input has"


# -- hostile text in every field ---------------------------------------------------------------

def poison(data, payloads, counter: list[int], key: str = ""):
    """``data`` with a payload added to every free-text field and every http(s) URL."""
    if isinstance(data, dict):
        return {k: poison(v, payloads, counter, k) for k, v in data.items()}
    if isinstance(data, list):
        items = [poison(v, payloads, counter, key) for v in data]
        if key == "aliases":  # keep the old aliases (references use them), add a hostile one
            counter[0] += 1
            return list(data) + [f"Alias {next(payloads)}"]
        return items
    if isinstance(data, str) and key in TEXT_KEYS:
        counter[0] += 1  # every third field starts with its payload: a cell that opens with '=' or '<'
        return f"{next(payloads)} {data}" if counter[0] % 3 == 0 else f"{data} {next(payloads)}"
    if isinstance(data, str) and key in URL_KEYS:
        counter[0] += 1
        return f"{data}?q=\"><script>alert('u')</script>&x=' onerror='alert(1)"
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, int]:
    work = tmp_path_factory.mktemp("hostile-everywhere")
    content = sitegen.copy_fixture(work / "content")
    payloads = itertools.cycle(PAYLOADS)
    formulas = itertools.cycle(("=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2"))
    counter = [0]
    for path in sorted(content.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if path.parent.name == "actors":  # the old name stays an alias: references by name still resolve
            data["aliases"] = list(data.get("aliases") or []) + [data["name"]]
        data = poison(data, payloads, counter)
        if data.get("summary") is not None or path.parent.name == "events":
            data["summary"] = (data.get("summary") or "") + "\n\n" + MARKDOWN_LINKS
        if path.parent.name == "events":  # spreadsheet formulas where a CSV cell starts
            data["title"] = f"{next(formulas)} {data['title']}"
            counter[0] += 1
        if "notes" not in data and path.parent.name == "events":
            data["notes"] = [{"kind": "editor", "text": f"Note {next(payloads)}"}]
            counter[0] += 1
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    types = {"hostile-type": {"label": f"Type {PAYLOADS[0]}", "group": f"Group {PAYLOADS[1]}",
                              "description": f"About {PAYLOADS[2]}"}}
    (content / "types.yaml").write_text(yaml.safe_dump(types), encoding="utf-8")
    event = content / "events" / "ceasefire-talks.yaml"
    event.write_text(event.read_text("utf-8").replace("type: agreement", "type: hostile-type"), encoding="utf-8")
    out = work / "out"
    sitegen.built(content, out)
    return out, counter[0] + 3


def test_hostile_text_in_every_field_is_inert_in_every_file(hostile_site):
    site, injected = hostile_site
    assert injected > 60  # every entry of the fixture carries several
    report = check(site)
    assert_clean(report)
    pages = [p for p in site.rglob("*.html")]
    texts = {p: p.read_text("utf-8") for p in pages}
    # The payloads are on the pages, as text: escaped, not dropped.
    assert any("&lt;script&gt;alert(&#39;t1&#39;)&lt;/script&gt;" in t or
               "&lt;script&gt;alert('t1')&lt;/script&gt;" in t for t in texts.values())
    assert any("Alias &lt;" in t for t in texts.values())
    for page, text in texts.items():
        for marker in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<object", "<x:script",
                       "<base href", 'http-equiv="refresh"'):
            assert marker not in text, f"{page}: {marker}"
    print(f"hostile inputs: {injected} fields across {len(pages)} pages, {sum(report.files.values())} files")


def test_only_safe_links_come_from_markdown(hostile_site):
    site, _ = hostile_site
    html = (site / "incidents" / "alf-drone-attack-kessel-terminal" / "index.html").read_text("utf-8")
    assert 'href="https://example.com/ok"' in html
    assert 'href="https://example.org/port"' in html
    assert "evil.example/track.png" not in html or "<img" not in html.split("evil.example/track.png")[0][-200:]
