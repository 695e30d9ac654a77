"""The visual timeline: periods as the chart counts them, the chart built from them, and in a real
browser, a click on a period narrowing the list to exactly that period's incidents (and the address
keeping the choice). Expected answers come from the fixture content through the site's own graph."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from support import sitegen
from support.browsing import reading
from chronicle.site import chart, pages
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph
from chronicle.core.dates import parse_edtf_text
from support import needs_chromium, serve


@pytest.fixture(scope="module")
def graph():
    content, problems = load_content(sitegen.FIXTURE)
    assert problems == []
    return build_graph(content)


def test_an_incident_is_counted_only_in_periods_its_date_is_known_to():
    assert chart.period_keys(parse_edtf_text("2024-01-17")) == ("2024-01", "2024-W03")
    assert chart.period_keys(parse_edtf_text("2024-01")) == ("2024-01",)  # no week: it could be any
    assert chart.period_keys(parse_edtf_text("2024")) == ()
    assert chart.period_keys(parse_edtf_text("2024-01-30/2024-02-03")) == ("2024-01", "2024-W05")  # where it starts
    assert chart.week_key(dt.date(2024, 12, 30)) == "2025-W01"  # ISO weeks cross years


def dated(dates_groups):
    dates = [(parse_edtf_text(text), group) for text, group in dates_groups]
    return [(date, chart.period_keys(date), group) for date, group in dates]


def test_every_dated_incident_is_drawn_or_said_to_be_left_out():
    colours = chart.group_colours(["Battles", "Protests"])
    items = dated([("2024-01-03", "Battles"), ("2024-01-04", "Protests"), ("2024-02-20", "Battles"),
                   ("2024-02", "Protests"), ("2024", "Battles")])
    drawn = chart.build_chart(items, colours, "test")
    assert drawn.unit == "week"
    assert drawn.counted + drawn.left_out == len(items) and drawn.left_out == 2
    keys = list(drawn.keys)
    assert tuple(keys) == chart.weeks_between(keys[0], keys[-1])  # empty weeks drawn too, in order
    assert dict((g, c) for g, c in drawn.groups) == {g: colours[g] for g in ("Battles", "Protests")}
    long = chart.build_chart(dated([("2020-03-01", "Battles"), ("2024-02-20", "Battles"), ("2024-02", "Protests")]),
                             colours, "test")
    assert long.unit == "month" and long.left_out == 0 and len(long.keys) == 48
    assert chart.build_chart(dated([("2024", "Battles")]), colours, "test") is None


def test_the_svg_is_the_same_every_time_and_escapes_its_text():
    items = dated([("2024-01-03", "Battles <b>"), ("2024-03-04", "Riots & more")])
    one, two = (chart.build_chart(items, chart.group_colours(["Battles <b>"]), "a <script> & b") for _ in range(2))
    assert str(one.svg) == str(two.svg)
    assert "<script>" not in str(one.svg) and "&lt;script&gt;" in str(one.svg)
    assert str(one.svg).count('class="bar"') == len(one.filled) == 2  # a target per bar with incidents


def test_home_actor_and_place_pages_carry_the_chart(fixture_site):
    for rel in ("index.html", "actors/aster-liberation-front/index.html", "places/lower-aster/index.html"):
        html = (fixture_site / rel).read_text("utf-8")
        assert '<svg class="chart-svg"' in html and "The chart as a table" in html, rel
        # The filter panel comes after the chart and before the list.
        assert html.index('class="chart"') < html.index("filter-panel") < html.index('id="latest"' if rel == "index.html" else 'id="listing"'), rel


def test_a_page_whose_incidents_share_one_period_has_no_chart(fixture_site, graph):
    # The fixture's one airstrike: a single bar would say no more than the list, and offer no choice.
    assert [i.id for i in graph.type_incidents["airstrike"]] == ["naf-airstrikes-lower-aster"]
    html = (fixture_site / "types/airstrike/index.html").read_text("utf-8")
    assert 'class="chart"' not in html and "filter-panel" not in html and 'id="listing"' in html
    assert pages.incidents_chart(graph.type_incidents["airstrike"], graph, "airstrikes") is None


def period_incidents(graph, period: str, incidents=None) -> set[str]:
    return {pages.incident_url(i.id) for i in (incidents or graph.incidents)
            if period in chart.period_keys(graph.dates[i.id])}


@pytest.fixture(scope="module")
def base_url(fixture_site):
    with serve(fixture_site) as url:
        yield url


def shown(page, finder: str) -> set[str]:
    page.wait_for_function("id => !document.getElementById(id).hidden && "
                           "document.querySelectorAll(`#${id} ol li`).length > 0", arg=f"{finder}-results")
    hrefs = page.eval_on_selector_all(f"#{finder}-results ol a", "links => links.map(a => a.getAttribute('href'))")
    return {href.lstrip("./").replace("../", "") for href in hrefs}


def bars_in(mask: str, bars) -> set[str]:
    """The periods a map dot's data-bars hold: a bit per bar, in hexadecimal."""
    return {bar.key for n, bar in enumerate(bars)
            if n // 4 < len(mask) and int(mask[n // 4], 16) & (8 >> (n % 4))}


def dot_mask(periods, index) -> str:
    """What a map dot whose incidents are in ``periods`` carries: maps.py combines its incidents'
    bits, then writes them once."""
    return chart.mask_text(chart.bar_bits(periods, index), index)


def test_a_map_dot_says_which_bars_its_incidents_are_in():
    keys = tuple(chart.months_between("2023-11", "2024-06"))  # 8 bars
    index = chart.bar_index(keys)
    assert dot_mask(["2023-11", "2024-02", "2024-03"], index) == "98"  # 1001 1000
    assert dot_mask(["2023-12"], index) == "4"  # 0100 0000: trailing zero digits left off
    assert dot_mask(["2024-W03", "1999-01"], index) == ""  # not bars of this chart
    items = dated([("2024-01-03", "Battles"), ("2024-02-20", "Battles")])
    drawn = chart.build_chart(items, {}, "test")
    assert chart.span(chart.periods_drawn(periods for _, periods, _ in items)) == drawn.keys
    # A dot counts the bars a reader can choose: those with incidents, as finder.js finds them.
    assert chart.periods_drawn(periods for _, periods, _ in items) == tuple(bar.key for bar in drawn.filled)
    assert drawn.svg.count('class="bar"') == len(drawn.filled) < len(drawn.keys)


def busiest(bars) -> str:
    return max(bars, key=lambda bar: (bar.total, bar.key)).key


@needs_chromium
@pytest.mark.parametrize("width", [375, 1280])
def test_clicking_a_period_lists_exactly_its_incidents(browser, base_url, graph, width):
    entries = pages.build_entries(graph)
    home = pages.home_page(graph, entries, 100, "").context["chart"]
    period = busiest(home.filled)
    with reading(browser, base_url, width, 900) as (page, _):
        page.goto(base_url)
        page.click(f'section.chart g.bar[data-period="{period}"]')
        assert shown(page, "timeline-filter") == period_incidents(graph, period)
        assert parse_qs(urlsplit(page.url).query)["period"] == [period]
        assert page.locator("#latest").is_hidden()
        assert "only" in page.locator("section.chart .chart-choice").inner_text()
        # The map keeps the places of that period's incidents only.
        marks = page.eval_on_selector_all(".map-marks circle[data-bars]", "cs => cs.map(c => "
                                          "[c.dataset.bars, getComputedStyle(c).display !== 'none'])")
        assert marks and any(seen for _, seen in marks)
        assert all(seen == (period in bars_in(mask, home.filled)) for mask, seen in marks)
        # Each dot's link over the map goes with it.
        links = page.eval_on_selector_all(".map-links a", "as => as.map(a => getComputedStyle(a).display !== 'none')")
        assert links == [seen for _, seen in marks]
        # The address keeps the choice: opened again, the page shows the same incidents.
        page.goto(page.url)
        assert shown(page, "timeline-filter") == period_incidents(graph, period)
        # Choosing the period again shows everything again.
        page.click(f'section.chart g.bar[data-period="{period}"]')
        page.wait_for_function("() => !document.getElementById('latest').hidden")
        assert "period" not in page.url


def test_a_subjects_bars_are_worked_out_once_for_its_map_and_its_chart(graph):
    # The map plan asks for an actor's bars first; the page's chart then draws with the same ones,
    # and draws exactly what it would have worked out itself.
    actor = graph.content.actors["aster-liberation-front"]
    incidents = [a.incident for a in graph.actor_incidents[actor.id]]
    bars = graph.chart_bars(("actor", actor.id), incidents)
    assert bars == chart.periods_drawn(graph.periods[i.id] for i in incidents) and len(bars) >= 2
    assert graph.chart_bars(("actor", actor.id), []) is bars  # asked again: not worked out again
    drawn = pages.incidents_chart(incidents, graph, actor.name, ("actor", actor.id))
    assert drawn == pages.incidents_chart(incidents, graph, actor.name)
    assert tuple(bar.key for bar in drawn.filled) == bars


@needs_chromium
def test_a_period_in_the_table_narrows_an_actors_incidents_by_keyboard(browser, base_url, graph):
    actor = graph.content.actors["aster-liberation-front"]
    incidents = [a.incident for a in graph.actor_incidents[actor.id]]
    drawn = pages.incidents_chart(incidents, graph, actor.name)
    period = busiest(drawn.filled)
    with reading(browser, base_url, 1280, 900) as (page, _):
        page.goto(base_url + pages.actor_url(actor.id))
        page.click("section.chart details summary")
        link = page.locator(f'section.chart a[data-period="{period}"]')
        link.focus()
        page.keyboard.press("Enter")
        assert shown(page, "actor-filter") == period_incidents(graph, period, incidents)
        assert page.locator("#listing").is_hidden()
