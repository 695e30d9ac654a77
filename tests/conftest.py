"""Fixtures every test folder shares: the fixture site built once, a small valid content tree, a
headless browser. Plain helpers (paths, running `chronicle`, serving a site) are in support/."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import BROWSER_REPORT, CHROMIUM, write


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(BROWSER_REPORT, [])
    if lines:
        terminalreporter.section("browser tests: axe-core per page, screenshots")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture site (tests/site/fixture/) built once per session (``output/``); tests read it and never write into it."""
    from support import sitegen

    out = tmp_path_factory.mktemp("fixture-site") / "out"
    sitegen.built(sitegen.FIXTURE, out)
    return out


@pytest.fixture
def valid_content(tmp_path: Path) -> Path:
    """A small, valid content tree: two actors, two places, two related incidents."""
    root = tmp_path / "content"
    write(root, "actors/northland.yaml", """
        id: northland
        name: Republic of Northland
        aliases: [Northland, RN]
        kind: state
        """)
    write(root, "actors/river-brigade.yaml", """
        id: river-brigade
        name: River Brigade
        aliases: [Brigade of the River]
        kind: armed group
        affiliations:
          - ref: Northland
            relation: backed-by
        """)
    write(root, "places/northland-country.yaml", """
        id: northland-country
        name: Northland
        kind: country
        coordinates: {lat: 10.5, lon: 20.25}
        """)
    write(root, "places/port-vale.yaml", """
        id: port-vale
        name: Port Vale
        aliases: [Portvale]
        kind: city
        within: northland-country
        """)
    write(root, "events/2024-03-02-port-vale-shelling.yaml", """
        id: 2024-03-02-port-vale-shelling
        title: Shelling of Port Vale harbour
        date: 2024-03-02
        type: missile-attack
        status: reviewed
        actors:
          - ref: Brigade of the River
            role: perpetrator
        places:
          - ref: Portvale
            role: location
        casualties:
          killed: {low: 2, best: 3, high: 5}
        sources:
          - publisher: Example Gazette
            title: Harbour shelled
            url: https://news.example/harbour
            published: 2024-03-03
            seed: 001_example.txt
            evidence:
              - field: date
                text: The harbour was shelled on Saturday.
                line: 3
        """)
    write(root, "events/2024-03-04-northland-response.yaml", """
        id: 2024-03-04-northland-response
        title: Northland answers the shelling
        date: 2024-03~
        type: statement
        status: draft
        actors:
          - ref: RN
            role: spokesperson
        related:
          - ref: 2024-03-02-port-vale-shelling
            relation: response-to
        sources: []
        """)
    return root


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, driven by Playwright, with the network kept quiet."""
    from playwright.sync_api import sync_playwright  # a test dependency: missing means a broken venv

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield chromium
        chromium.close()
