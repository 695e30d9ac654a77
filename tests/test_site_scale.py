"""A synthetic site of 2,000 incidents builds, links up, and keeps list pages bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import sitegen
from test_site_build import broken_links

N = 2_000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> tuple[Path, float]:
    work = tmp_path_factory.mktemp("big")
    content = sitegen.generate(work / "content", N)
    started = time.perf_counter()
    result = sitegen.build(content, work / "out", recent=100)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    print(f"\n{N} incidents built in {elapsed:.1f}s")
    return work / "out", elapsed


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
