"""The fixture site in a real browser: no sideways scrolling at 320px, focus always visible.

Skipped only when /usr/bin/chromium is missing (CI installs it).
"""

from __future__ import annotations

import pytest

from support.browsing import reading
from support import needs_chromium, serve

pytestmark = needs_chromium

PAGES = ["", "incidents/alf-drone-attack-kessel-terminal/", "incidents/terminal-fire-report/",
         "actors/aster-liberation-front/", "places/kessel/", "actors/", "places/", "types/",
         "timeline/2024/01/"]


@pytest.fixture(scope="module")
def base_url(fixture_site):
    with serve(fixture_site) as url:
        yield url




@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_horizontal_scroll_at_320px(browser, base_url, scheme):
    with reading(browser, base_url, 320, 640, scheme) as (page, _):
        for url in PAGES:
            page.goto(base_url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{url or '/'} is {width}px wide at 320px"


def test_skip_link_is_first_and_visible_on_focus(browser, base_url):
    with reading(browser, base_url, 1280, 800) as (page, _):
        page.goto(base_url + PAGES[1])
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert focused == "skip-link"
        box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                            " return [r.top, r.bottom, r.height]; })()")
        assert box[0] >= 0 and box[2] >= 24, box
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


def test_every_focusable_element_shows_a_focus_ring_in_view(browser, base_url):
    with reading(browser, base_url, 375, 700) as (page, _):
        page.goto(base_url + PAGES[1])
        seen = 0
        for _ in range(60):
            page.keyboard.press("Tab")
            info = page.evaluate("""(() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                const r = el.getBoundingClientRect();
                return {tag: el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        top: r.top, bottom: r.bottom, h: r.height, vh: window.innerHeight, href: el.getAttribute('href')};
            })()""")
            if info is None:
                break
            seen += 1
            assert info["outline"] != "none" and info["width"] >= 2, info
            assert info["top"] >= 0 and info["bottom"] <= info["vh"] + 1, f"focused element off screen: {info}"
        assert seen >= 10


def test_targets_are_at_least_24px(browser, base_url):
    with reading(browser, base_url, 375, 700) as (page, _):
        for url in PAGES[:5]:
            page.goto(base_url + url)
            small = page.evaluate("""(() => [...document.querySelectorAll('nav a, .pills a, .entry-title a')]
                .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])
                .filter(([t, h]) => h < 24))()""")
            assert small == [], f"{url}: {small}"
