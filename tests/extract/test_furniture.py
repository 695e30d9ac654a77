"""Page furniture told from prose by page structure, on short scraped pages written for these tests.

Each page carries one kind of furniture the phrase lists in noise.yaml do not name (a
kicker, a menu, a list of teaser headlines, a credit on its own line, a byline with a
city, "updated" stamps, an author's biography), so only the structural judgement of
clean.py can remove it; each test also checks that the prose around it survives.
"""

from __future__ import annotations

import datetime

import pytest

from chronicle.extract.clean import clean
from chronicle.extract.metadata import read_metadata
from chronicle.extract.seed import Seed
from chronicle.extract.analyse import analyse_article, load_toolkit


def kept_text(cleaned) -> str:
    return "\n".join(line.text for paragraph in cleaned.paragraphs for line in paragraph)


def reasons(cleaned) -> dict[int, str]:
    return {removed.lineno: removed.reason for removed in cleaned.removed}


@pytest.fixture(scope="module")
def kit():
    return load_toolkit(None, [], [])


def place_names(kit, page: str) -> set[str]:
    article = analyse_article(Seed("page.txt", page, "0" * 64), kit)
    return {m.name for m in article.places}


def test_a_kicker_above_the_headline_is_not_the_title():
    page = ("Pay dispute\n\nDockers walk out at Rotterdam over wage offer\n\n"
            "Dock workers at the port of Rotterdam walked off the job on Monday after talks failed.\n")
    cleaned = clean(page)
    assert cleaned.headline.text == "Dockers walk out at Rotterdam over wage offer"
    assert reasons(cleaned)[1] == "kicker"


def test_a_short_headline_without_a_kicker_stays_the_headline():
    page = "Floods kill 40\n\nHeavy rain swept away homes in the valley on Sunday, officials said.\n"
    assert clean(page).headline.text == "Floods kill 40"


def test_a_navigation_menu_is_neither_headline_nor_text():
    page = ("Home | World | Africa | Business | Sport\n\nMine collapse traps workers in Zambia\n\n"
            "Rescuers worked through the night to reach 12 miners trapped underground.\n\n"
            "News › World › Africa\n\nThe company said ventilation had been restored.\n")
    cleaned = clean(page)
    assert cleaned.headline.text == "Mine collapse traps workers in Zambia"
    assert "Business" not in kept_text(cleaned) and "News ›" not in kept_text(cleaned)
    assert "The company said ventilation had been restored." in kept_text(cleaned)
    assert reasons(cleaned)[1] == "menu"


def test_a_list_of_teaser_headlines_under_a_label_is_removed():
    page = ("Strike shuts ports along the coast\n\n"
            "Port workers in three cities stopped work on Tuesday over a pay freeze.\n\n"
            "LATEST NEWS\n"
            "Cyclone makes landfall near Chittagong\n"
            "2 hours ago\n"
            "Court jails former mayor of Valparaiso.\n"
            "Opinion: what the vote means for farmers\n\n"
            "Union leaders said the stoppage would last 48 hours.\n")
    cleaned = clean(page)
    text = kept_text(cleaned)
    for teaser in ("Cyclone", "2 hours ago", "Valparaiso", "farmers", "LATEST"):
        assert teaser not in text
    assert "Union leaders said the stoppage would last 48 hours." in text
    assert "Port workers in three cities stopped work on Tuesday over a pay freeze." in text


def test_a_run_of_title_case_headlines_is_a_list_even_without_a_label():
    page = ("Hospital fire kills nine\n\n"
            "A fire swept through a hospital ward early on Friday, killing nine patients.\n\n"
            "Ferry Sinks Off Island Coast, Dozens Rescued.\n\n"
            "Parliament Passes Budget After Long Night\n\n"
            "Will Fuel Prices Keep Rising?\n\n"
            "Investigators said faulty wiring was the likely cause.\n")
    text = kept_text(clean(page))
    assert "Ferry" not in text and "Budget" not in text and "Fuel" not in text
    assert "Investigators said faulty wiring was the likely cause." in text


def test_teaser_places_do_not_reach_the_article(kit):
    page = ("Title: Strike shuts ports\nDate: 2024-05-14\n\n"
            "Port workers in Durban stopped work on Tuesday over a pay freeze.\n\n"
            "Most popular\n"
            "Cyclone makes landfall near Chittagong\n"
            "Election count begins in Jakarta\n\n"
            "Union leaders said the stoppage would last 48 hours.\n")
    found = place_names(kit, page)
    assert "Durban" in found
    assert not found & {"Chittagong", "Jakarta", "Bangladesh", "Indonesia"}


def test_a_caption_credited_on_the_next_line_is_removed_with_its_credit(kit):
    page = ("Title: Quake shakes coastal towns\nDate: 2024-03-02\n\n"
            "Residents outside a damaged church in Antofagasta on 12 February 2023.\n"
            "Photo: Pool\n\n"
            "A strong earthquake shook towns along the coast of Peru on Saturday.\n")
    cleaned = clean(page)
    assert [reasons(cleaned)[n] for n in (4, 5)] == ["caption", "credit"]
    found = place_names(kit, page)
    assert "Peru" in found and "Antofagasta" not in found and not any("Pool" in name for name in found)


def test_a_bracketed_agency_credit_marks_a_caption():
    page = ("Flood waters rise\n\nVolunteers fill sandbags by the river on Monday (Pool via AP)\n\n"
            "The river rose two metres overnight, the water authority said.\n")
    cleaned = clean(page)
    assert kept_text(cleaned) == "The river rose two metres overnight, the water authority said."
    assert reasons(cleaned)[3] == "caption"


def test_a_byline_with_a_city_gives_no_place(kit):
    page = ("Title: Senate rejects mining bill\nDate: 2024-06-05\n\n"
            "By Ana Ruiz in Chicago\n"
            "Updated 3 hours ago\n\n"
            "Lawmakers in Santiago voted down a bill to expand lithium mining in Chile on Tuesday.\n\n"
            "12 Comments\n")
    cleaned = clean(page)
    assert reasons(cleaned)[4] == "byline"
    assert 5 in reasons(cleaned) and 9 in reasons(cleaned)  # the stamp and the comment count
    found = place_names(kit, page)
    assert "Santiago" in found and "Chicago" not in found


def test_an_author_biography_at_the_end_is_removed():
    page = ("Bridge closed after crack found\n\n"
            "Engineers closed the river bridge on Thursday after finding a crack in a support.\n\n"
            "Repairs are expected to take a month.\n\n"
            "Tom Okafor is a transport correspondent based in Manchester.\n")
    cleaned = clean(page)
    assert kept_text(cleaned).endswith("Repairs are expected to take a month.")
    assert reasons(cleaned)[7] == "bio"


def test_prose_survives_structure_wrapped_lines_short_sentences_and_a_dateline():
    page = ("Court jails ex-minister\n\n"
            "NAIROBI, Kenya (AP) —\n"
            "A court in Nairobi sentenced a former energy minister to eight years in prison\n"
            "on Wednesday for taking bribes over a power contract.\n\n"
            "He denied the charges.\n\n"
            "What happens next\n\n"
            "His lawyers said they would appeal.\n")
    cleaned = clean(page)
    assert [line.lineno for line in cleaned.paragraphs[0]] == [3, 4, 5]
    assert "He denied the charges." in kept_text(cleaned)
    assert "His lawyers said they would appeal." in kept_text(cleaned)
    assert reasons(cleaned) == {9: "furniture"}  # the crosshead only


MASTHEAD = """\
The Harbour Courier | News for the coast since 1901
News   Sport   Business   Weather
Transport
Ferry strike
Ferry crews walk out in Brindle over rosters
Published 04.11.2025 07:15 | Updated 05.11.2025 09:00
Maria Oyelaran, Brindle
Passengers wait at the empty terminal. Photo: Pool
Ferry crews in Brindle walked out on Tuesday morning after talks on new rosters broke down, stranding thousands of passengers.
The operator said it had cancelled all crossings until Thursday.
More from the Courier
Lifeboat crew rescue two kayakers
Council approves new sea wall
"""


def test_a_page_top_without_blank_lines_gives_the_headline_above_its_stamp():
    cleaned = clean(MASTHEAD)
    assert cleaned.headline.text == "Ferry crews walk out in Brindle over rosters"
    assert cleaned.headline.lineno == 5
    text = kept_text(cleaned)
    for furniture in ("Harbour Courier", "Weather", "Transport", "Ferry strike", "Published", "Oyelaran",
                      "empty terminal", "More from", "kayakers", "sea wall"):
        assert furniture not in text
    assert text.startswith("Ferry crews in Brindle walked out on Tuesday morning")
    assert text.endswith("The operator said it had cancelled all crossings until Thursday.")


def test_a_stamp_line_dates_a_page_without_a_header():
    # published, not updated; day and month could swap, so it is read day first as dates.yaml says
    # (the header keeps the stamp's own words for the editor; metadata reads the day from them)
    assert clean(MASTHEAD).header == {"date": "04.11.2025 07:15"}
    meta = read_metadata(clean(MASTHEAD))
    assert (meta.published, meta.published_is_update) == (datetime.date(2025, 11, 4), False)
    plain = MASTHEAD.replace("Published 04.11.2025 07:15 | Updated 05.11.2025 09:00", "Posted 17 August 2026 at 07:02 by staff")
    assert clean(plain).header == {"date": "17 August 2026 at 07:02"}
    dated = "Title: Ferry strike\nDate: 2025-11-04\n\n" + MASTHEAD
    assert clean(dated).header["date"] == "2025-11-04"  # a header's date is never replaced


def test_a_sentence_full_of_names_next_to_a_headline_list_stays_prose():
    page = ("Title: Vote count ends\nDate: 2026-08-17\n\n"
            "Counting ended on Sunday after three days, the electoral commission said on Monday morning.\n"
            "The African Union and the Southern African Development Community congratulated Zambians on a peaceful poll.\n"
            "TOP STORIES\n"
            "Kenya: Nairobi court halts housing levy\n"
            "Malawi floods: 14 dead in Chikwawa\n")
    text = kept_text(clean(page))
    assert "congratulated Zambians on a peaceful poll." in text
    assert "Nairobi" not in text and "Chikwawa" not in text


def test_a_long_standfirst_between_headline_and_byline_is_not_the_headline():
    page = ("Dam bursts above mountain villages\n"
            "Rescue teams from three provinces searched through the night for dozens of people swept away "
            "when the earthen wall gave way after days of rain\n"
            "By Lena Okoro\n"
            "Rescuers searched on Tuesday for dozens of people missing after a dam burst above two villages.\n")
    cleaned = clean(page)
    assert cleaned.headline.text == "Dam bursts above mountain villages"
    assert "Rescue teams from three provinces" in kept_text(cleaned)
