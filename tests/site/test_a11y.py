"""WCAG 2.2 AA, measured by axe-core in a real browser, on every kind of page of the fixture site.

axe-core is the npm package pinned in package.json, which ``make`` installs into node_modules/
(see support/browsing.py), so nothing is fetched at test time. Every page is checked in the light and dark
colour schemes at 375px and 1280px, with every request kept on localhost and no console error;
keyboard focus is checked to be visible and never covered; the draft badge and the
"Date unknown" text are checked for contrast in both schemes.

Skipped only when /usr/bin/chromium is missing (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import sitegen
from support.browsing import axe_source, describe, reading, run_axe, visit
from support import needs_chromium, serve

pytestmark = needs_chromium

# A long unbroken word, markup-like text and a long URL: what wraps, overflows or confuses a reader.
LONG_WORD = "Counter-counter-insurgency" + "x" * 40
HOSTILE_TITLE = (f"{LONG_WORD} <b>not bold</b> & \"quoted\" strike on the very long named "
                 "Upper Aster Valley Combined Heat and Power Station near the river crossing")

PAGES = {
    "home": "",
    "incident (reviewed)": "incidents/alf-drone-attack-kessel-terminal/",
    "incident (draft, undated)": "incidents/terminal-fire-report/",
    "incident (hostile, long title)": "incidents/hostile-long-title/",
    "actor": "actors/aster-liberation-front/",
    "place": "places/kessel/",
    "actors index": "actors/",
    "places index": "places/",
    "types index": "types/",
    "type": "types/drone-attack/",
    "year": "timeline/2024/",
    "month": "timeline/2024/01/",
    "undated": "timeline/undated/",
    "search": "search/",
    "downloads": "downloads/",
    "404": "404.html",
}


def build_site(work: Path) -> Path:
    """The fixture site plus one incident with a hostile, very long title and source URL."""
    content = sitegen.copy_fixture(work / "content")
    (content / "events" / "hostile-long-title.yaml").write_text(
        "id: hostile-long-title\n"
        f"title: {HOSTILE_TITLE!r}\n"
        "date: 2024-01-25\n"
        "type: attack\n"
        "status: draft\n"
        f"summary: 'Reported as {LONG_WORD} by <i>nobody</i>.'\n"
        "actors:\n  - {ref: ALF, role: perpetrator}\n"
        "places:\n  - {ref: kessel, role: location}\n"
        "sources:\n"
        f"  - publisher: 'Publisher {LONG_WORD}'\n"
        f"    url: https://example.com/{'very-long-path-segment-' * 8}end?q={'x' * 60}\n"
        "    published: 2024-01-25\n", encoding="utf-8")
    out = work / "out"
    sitegen.built(content, out)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("a11y"))


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def axe_script() -> str:
    return axe_source()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violations(browser, base_url, axe_script, scheme, width):
    report = []
    with reading(browser, base_url, width, 900, scheme) as (page, _):
        for name, url in PAGES.items():
            visit(page, base_url + url)
            report += describe(f"{name} [{scheme}, {width}px]", run_axe(page, axe_script))
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:  # 1.4.10 Reflow: long titles and URLs must wrap, not scroll sideways
                report.append(f"{name} [{scheme}, {width}px]: page is {scroll}px wide")
    assert not report, "axe-core found WCAG 2.2 A/AA violations:\n" + "\n".join(report)


# -- checks axe cannot make: focus visibility while tabbing, and the contrast of known text ------

FOCUS_INFO = """(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const first = el.getClientRects()[0] || r;  // a link that wraps: the middle of its first line
    const x = Math.min(Math.max(first.left + first.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(first.top + first.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return {text: (el.textContent || '').trim().slice(0, 40), outline: s.outlineStyle,
            width: parseFloat(s.outlineWidth), color: s.outlineColor,
            top: r.top, bottom: r.bottom, vh: innerHeight,
            covered: !(hit && (hit === el || el.contains(hit)))};
})()"""

# WCAG relative luminance and contrast ratio, for colours as the browser computes them.
CONTRAST_JS = """
function rgb(c) { return c.match(/[\\d.]+/g).slice(0, 3).map(Number); }
function lum(c) { const [r, g, b] = rgb(c).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
function ratio(a, b) { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); }
function background(el) {
  for (; el; el = el.parentElement) {
    const bg = getComputedStyle(el).backgroundColor;
    if (!bg.startsWith('rgba') || !bg.endsWith(', 0)')) return bg;
  }
  return 'rgb(255, 255, 255)';
}
"""
RING_CONTRAST = ("() => {" + CONTRAST_JS + "const el = document.activeElement;"
                 " return ratio(getComputedStyle(el).outlineColor, background(el.parentElement)); }")
TEXT_CONTRAST = ("sel => {" + CONTRAST_JS + "const el = document.querySelector(sel);"
                 " return ratio(getComputedStyle(el).color, background(el)); }")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_is_visible_and_never_covered(browser, base_url, scheme, width):
    with reading(browser, base_url, width, 700, scheme) as (page, _):
        for name in ("home", "incident (reviewed)", "incident (hostile, long title)", "actor", "place", "month"):
            page.goto(base_url + PAGES[name])
            seen = 0
            for _ in range(80):
                page.keyboard.press("Tab")
                info = page.evaluate(FOCUS_INFO)
                if info is None:
                    break
                seen += 1
                where = f"{name} [{scheme}, {width}px] focus #{seen}: {info}"
                assert info["outline"] != "none" and info["width"] >= 2, where
                assert info["top"] >= 0 and info["bottom"] <= info["vh"] + 1, where
                assert not info["covered"], where
                ring = page.evaluate(RING_CONTRAST)
                assert ring >= 3, f"{where}: focus ring contrast {ring:.2f}"
            assert seen >= 8, f"{name}: only {seen} focusable elements"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_draft_badge_and_date_unknown_have_contrast(browser, base_url, scheme):
    with reading(browser, base_url, 1280, 900, scheme) as (page, _):
        checked = []
        for url, selector in [(PAGES["incident (draft, undated)"], "main .badge-draft"),
                              (PAGES["incident (draft, undated)"], ".when > span"),
                              (PAGES["home"], ".entry .badge-draft"),
                              (PAGES["home"], ".entry-meta .date"),
                              (PAGES["home"], ".site-footer .badge-draft")]:
            page.goto(base_url + url)
            assert page.locator(selector).count() >= 1, f"{url}: no {selector}"
            ratio = page.evaluate(TEXT_CONTRAST, selector)
            checked.append((url, selector, round(ratio, 2)))
            assert ratio >= 4.5, f"{selector} on /{url} [{scheme}]: contrast {ratio:.2f} < 4.5"


# 1.4.12 Text Spacing: line height 1.5, paragraph spacing 2em, letter 0.12em, word 0.16em.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                     word-spacing: 0.16em !important; }
                 p { margin-bottom: 2em !important; }"""


def test_text_spacing_loses_no_content(browser, base_url):
    with reading(browser, base_url, 375, 800) as (page, _):
        for name, url in PAGES.items():
            page.goto(base_url + url)
            page.add_style_tag(content=TEXT_SPACING)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 375, f"{name}: {scroll}px wide with WCAG text spacing"
            clipped = page.evaluate("""(() => [...document.querySelectorAll('main *, header *, footer *')]
                .filter(el => { const s = getComputedStyle(el);
                                return (s.overflowX === 'hidden' || s.overflowY === 'hidden')
                                    && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1); })
                .map(el => el.tagName + '.' + el.className))()""")
            assert clipped == [], f"{name}: text clipped with WCAG text spacing: {clipped}"
