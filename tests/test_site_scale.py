"""A synthetic site of 2,000 incidents builds, links up, and keeps list pages bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

import sitegen
from test_site_build import broken_links

N = 2_000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> tuple[Path, None]:
    """A real 2,000-incident build (its speed is measured by make bench, not here)."""
    work = tmp_path_factory.mktemp("big")
    content = sitegen.generate(work / "content", N)
    result = sitegen.build(content, work / "out", recent=100)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return work / "out", None


def test_every_synthetic_incident_has_a_page(big_site):
    out, _ = big_site
    assert len(list((out / "incidents").glob("*/index.html"))) == N


def test_home_page_stays_bounded(big_site):
    out, _ = big_site
    home = (out / "index.html").read_text("utf-8")
    assert home.count('<article class="entry">') == 100
    assert len(home.encode("utf-8")) < 120_000


def test_month_pages_are_bounded_and_paginated(big_site):
    out, _ = big_site
    for page in (out / "timeline").rglob("index.html"):
        assert page.read_text("utf-8").count('<article class="entry">') <= 200, page


def test_big_site_has_no_broken_links(big_site):
    out, _ = big_site
    assert broken_links(out) == []
