"""read_metadata(): header first, then the wire dateline; never a guessed year."""

from __future__ import annotations

import datetime as dt

import pytest

from chronicle.extract.clean import clean
from chronicle.extract.date_text import strip_dateline
from chronicle.extract.metadata import parse_date_text, parse_dateline, read_metadata
from support import SAMPLE_SEED

SAMPLE = SAMPLE_SEED


def meta_of(text: str, **kwargs):
    return read_metadata(clean(text), **kwargs)


@pytest.mark.parametrize(
    "written",
    ["2024-01-24", "24 January 2024", "Jan 24, 2024", "2024-01-24T10:00:00Z", "January 24th, 2024",
     "Wed, 24 Jan 2024 10:00:00 GMT", "Wednesday 24 January 2024 09:15 GMT", "24/01/2024", "2024/01/24"],
)
def test_header_dates_in_common_forms(written):
    meta = meta_of(f"Date: {written}\nTitle: Dam breach floods valley\n\nWater reached the village by noon.\n")
    assert meta.published == dt.date(2024, 1, 24)
    assert meta.published_text == f"Date: {written}"
    assert meta.title == "Dam breach floods valley"


@pytest.mark.parametrize("written", ["03/04/2024", "sometime in winter", "Jan 24", "2024-02-30"])
def test_ambiguous_or_incomplete_header_dates_are_not_guessed(written):
    assert parse_date_text(written) is None
    assert meta_of(f"Date: {written}\n\nPolls closed at 8pm.\n").published is None


def test_header_source_and_url():
    meta = meta_of("TITLE: Council hit by ransomware\nSource: The Valley Ledger\nUrl: https://ledger.example/a/1\n\nSystems went down.\n")
    assert meta.publisher == "The Valley Ledger"
    assert meta.url == "https://ledger.example/a/1"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "/news/story", "ftp://x.example/a"])
def test_only_http_urls_are_kept(url):
    assert meta_of(f"URL: {url}\n\nShares rose 4%.\n").url is None


@pytest.mark.parametrize(
    ("lead", "place", "agency", "date_text"),
    [
        ("WASHINGTON, Jan 24 (Reuters) - The Senate passed the bill.", "WASHINGTON", "Reuters", "Jan 24"),
        ("Dec. 25 (UPI) -- Rescuers reached the village.", None, "UPI", "Dec. 25"),
        ("LONDON (AP) — Thousands marched on Saturday.", "LONDON", "AP", None),
        ("KYIV, Ukraine, March 3, 2024 (AP) — Drones struck a depot.", "KYIV, Ukraine", "AP", "March 3, 2024"),
        ("NAIROBI — Floods displaced 5,000 people.", "NAIROBI", None, None),
    ],
)
def test_datelines(lead, place, agency, date_text):
    dateline = parse_dateline(lead)
    assert (dateline.place, dateline.agency, dateline.date_text) == (place, agency, date_text)
    stripped = strip_dateline(lead)
    assert stripped[0].isupper() and not stripped.startswith(("(", "-", "—"))


@pytest.mark.parametrize(
    "lead",
    ["US forces struck three sites - officials said.", "The strikes - which followed a rocket attack - ended.",
     "The United Nations (UN) - a body of 193 states - met.", "Police (and soldiers) - many armed - stood by."],
)
def test_ordinary_sentences_are_not_datelines(lead):
    assert parse_dateline(lead) is None
    assert strip_dateline(lead) == lead


def test_dateline_with_year_gives_the_date_and_agency_is_publisher():
    meta = meta_of("Drones hit fuel depot\n\nKYIV, Ukraine, March 3, 2024 (AP) — Drones struck a fuel depot.\n")
    assert meta.published == dt.date(2024, 3, 3)
    assert meta.published_text == "March 3, 2024"
    assert (meta.agency, meta.publisher, meta.dateline_place) == ("AP", "AP", "KYIV, Ukraine")


def test_yearless_dateline_is_not_dated_without_a_known_year():
    article = "Senate passes budget\n\nWASHINGTON, Jan 24 (Reuters) - The Senate passed the budget.\n"
    meta = meta_of(article)
    assert meta.published is None
    assert meta.published_text == "Jan 24"  # kept so an editor can see what was written
    assert meta_of(article, known_year=2023).published == dt.date(2023, 1, 24)


def test_yearless_dateline_takes_the_year_from_the_url():
    meta = meta_of("URL: https://wire.example/2022/06/01/budget\n\nWASHINGTON, Jan 24 (Reuters) - The Senate voted.\n")
    assert meta.published == dt.date(2022, 1, 24)


def test_header_date_wins_over_dateline():
    meta = meta_of("Date: 2024-01-25\n\nWASHINGTON, Jan 24 (Reuters) - The Senate voted.\n")
    assert meta.published == dt.date(2024, 1, 25)
    assert meta.agency == "Reuters"


def test_publisher_falls_back_to_promo_hint_and_title_to_headline():
    meta = meta_of("Acorn and Birchwood merge\n\nThe firms agreed a deal.\n\nTry The Market Courier free for 30 days.\n")
    assert meta.publisher == "The Market Courier"
    assert meta.title == "Acorn and Birchwood merge"
    assert meta.published is None and meta.agency is None


def test_sample_seed_has_no_date_and_telegraph_publisher():
    meta = read_metadata(clean(SAMPLE.read_text(encoding="utf-8")))
    assert meta.published is None and meta.published_text is None
    assert meta.publisher == "The Telegraph"
    assert meta.title == SAMPLE.read_text(encoding="utf-8").splitlines()[0]
