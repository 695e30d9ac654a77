"""When an entry was reported and last changed: one answer, whichever page, feed or file states it.

The incident page, the Atom feeds and the downloads all say when an incident was first reported and
last changed; site/publication.py works it out once. These tests hold the rules on dates as scrapes
carry them (month-only, blank, unreadable) and check that the page and the feed agree."""

from __future__ import annotations

import datetime as dt

from chronicle.core.dates import parse_edtf_text, published_date
from chronicle.core.model import Incident, Source
from chronicle.site import pages
from chronicle.site.publication import first_reported, last_changed, last_updated


def _incident(*published: str | None, updated: str | None = None, date: str = "2024-01-10") -> Incident:
    sources = tuple(Source(f"Paper {n}", None, None, text, None) for n, text in enumerate(published))
    return Incident("i1", "Something happened", parse_edtf_text(date), "attack", "reviewed",
                    sources=sources, updated=updated)


class _Graph:
    """Only what last_changed asks of the site graph: the date each incident is ordered by."""

    def __init__(self, *incidents: Incident):
        self.dates = {i.id: i.date for i in incidents}


def test_published_dates_are_read_leniently():
    assert published_date("2024-01-24").lower == dt.date(2024, 1, 24)
    assert published_date(" 2024-01 ").precision == "month"
    assert published_date("2024-21").precision == "season"  # EDTF's spring, not month 21
    for unreadable in (None, "", "   ", "last Tuesday", "2024-02-30", "2024-13"):
        assert published_date(unreadable) is None, unreadable


def test_first_reported_is_the_earliest_readable_source_date():
    incident = _incident("2024-02-03", "last Tuesday", "2024-01", None)
    assert first_reported(incident).text == "2024-01"
    assert last_updated(incident).text == "2024-02-03"


def test_an_editors_update_wins_over_the_sources():
    incident = _incident("2024-02-03", updated="2024-01-15")
    assert last_updated(incident).text == "2024-01-15"
    assert last_changed(incident, _Graph(incident)) == dt.date(2024, 1, 15)


def test_with_no_readable_date_the_entry_changed_when_the_incident_ended():
    incident = _incident("soon", None, date="2024-01-10/2024-01-12")
    assert first_reported(incident) is None and last_updated(incident) is None
    assert last_changed(incident, _Graph(incident)) == dt.date(2024, 1, 12)


def test_a_citation_shows_an_unreadable_date_as_written():
    assert pages.published_view("2024-01-24").label == "24 January 2024"
    assert pages.published_view("  the other day ").label == "the other day"
    assert pages.published_view("  ") is None and pages.published_view(None) is None


def test_an_unreadable_date_is_parsed_once_however_often_it_is_asked(monkeypatch):
    """Every page, feed and calendar entry asks again; EDTF's parser costs milliseconds a call."""
    import edtf
    calls = []
    real = edtf.parse_edtf
    monkeypatch.setattr(edtf, "parse_edtf", lambda text: calls.append(text) or real(text))
    published_date.cache_clear()
    incident = _incident("sometime in the spring of that year", "2024-02-03")
    for _ in range(5):
        first_reported(incident), last_updated(incident)
    assert calls == ["sometime in the spring of that year"]
