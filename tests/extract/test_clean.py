"""clean(): header, headline, and scraper noise removed with reasons, across domains."""

from __future__ import annotations

import pytest

from chronicle.extract.clean import DEFAULT_NOISE_FILE, clean, load_noise_rules

FLOOD = """\
Title: River Senn bursts its banks in Marlow Vale
Date: 12 March 2024
source: The Valley Ledger
URL: https://example.org/news/2024/03/12/flood

Rescuers wade through a flooded street in Marlow Vale
Rescuers wade through a flooded street in Marlow Vale (Photo: AP)
Share this article
Hundreds of homes were flooded after the River Senn burst its banks on
Sunday night, the county council said.

Advertisement

• Residents of 300 homes were told to leave.
• Two schools were closed.
•

We use cookies to improve your experience.
Read more: Storm warnings issued for the weekend
The Environment Office said more rain was expected on Tuesday.
"""

ELECTION = """\
Opposition wins snap election in Eastbrook

Voters queue outside a polling station in Eastbrook
Voters queue outside a polling station in Eastbrook. Image: Reuters

By Jane Holloway, Political Correspondent

The Eastbrook Civic Party won 54% of the vote in Sunday's snap election, the
electoral commission said on Monday.

Sign up to our politics newsletter
Turnout was 71%, the highest in two decades. Subscribe to The Morning Ledger for $1 a week. none
"""

RANSOMWARE = """\
Ransomware attack shuts down Harlow council systems

Harlow council said its phone lines, payment systems and planning portal were
taken offline after a ransomware attack on Thursday.
  • Oops!
    Something went wrong.
    Please try again later.

The council urged residents who had booked appointments online to
sign up again once services are restored.

Follow us on Twitter for the latest updates
Related: How ransomware gangs choose their targets
- The attackers demanded a payment in cryptocurrency.
- Police said no data had been published so far.
Facebook Twitter WhatsApp Email
"""

FOOTBALL = """\
Northport win cup final on penalties

Northport captain lifts the trophy at Castle Park
Northport captain lifts the trophy at Castle Park Maria Lopes/AFP via Getty Images

Northport beat Southfield 5-4 on penalties in the cup final on Saturday after a 1-1 draw.

Fans celebrate in the city centre. Credit: The Harbour Gazette

Goalkeeper Tom Reyes saved two penalties.
"""

MERGER = """\
Acorn and Birchwood agree £2bn merger

Acorn Foods and Birchwood Dairies agreed a £2bn merger on Wednesday, creating
the region's largest food group.

Shares in Acorn rose 6% in early trading.Broaden your horizons with independent business journalism. Try The Market Courier free for 30 days.
"""

PROTEST = """\
Thousands march against fuel price rises

Protesters march through the capital - GETTY IMAGES

LONDON (AP) — Thousands of people marched through central London on Saturday
against rising fuel prices.

Organisers said 20,000 people took part.
"""


def kept_text(cleaned) -> str:
    return "\n".join(line.text for paragraph in cleaned.paragraphs for line in paragraph)


def reasons(cleaned) -> dict[int, str]:
    return {removed.lineno: removed.reason for removed in cleaned.removed}


def test_header_block_is_parsed_case_insensitively():
    cleaned = clean(FLOOD)
    assert cleaned.header == {
        "title": "River Senn bursts its banks in Marlow Vale",
        "date": "12 March 2024",
        "source": "The Valley Ledger",
        "url": "https://example.org/news/2024/03/12/flood",
    }
    assert cleaned.headline.text == "River Senn bursts its banks in Marlow Vale"
    assert cleaned.headline.lineno == 1


def test_flood_noise_removed_and_bullets_stripped():
    cleaned = clean(FLOOD)
    text = kept_text(cleaned)
    for noise in ["Rescuers wade", "Photo: AP", "Share this", "Advertisement", "cookies", "Read more", "•"]:
        assert noise not in text
    assert "Residents of 300 homes were told to leave." in text.splitlines()
    removed = reasons(cleaned)
    assert removed[6] == "caption" and removed[7] == "credit"
    assert removed[8] == "share" and removed[12] == "advert"
    assert removed[16] == "bullet"
    assert removed[18] == "cookie" and removed[19] == "related"
    # The wrapped paragraph keeps both lines with their seed line numbers.
    assert [line.lineno for line in cleaned.paragraphs[0]] == [9, 10]


def test_election_caption_byline_newsletter_and_glued_promo():
    cleaned = clean(ELECTION)
    text = kept_text(cleaned)
    assert cleaned.header == {}
    assert cleaned.headline.text == "Opposition wins snap election in Eastbrook"
    for noise in ["polling station", "Reuters", "Holloway", "newsletter", "Subscribe", "none"]:
        assert noise not in text
    assert text.endswith("Turnout was 71%, the highest in two decades.")
    assert cleaned.publisher_hints == ["The Morning Ledger"]
    assert "Reuters" not in cleaned.publisher_hints  # an image credit, not the publisher
    assert {r.reason for r in cleaned.removed} >= {"caption", "credit", "byline", "newsletter", "promo", "scraper"}


def test_ransomware_widget_split_over_bullet_lines_and_prose_continuation_kept():
    cleaned = clean(RANSOMWARE)
    text = kept_text(cleaned)
    assert "Oops" not in text and "went wrong" not in text and "try again" not in text
    assert [reasons(cleaned)[n] for n in (5, 6, 7)] == ["widget"] * 3
    # "sign up" continuing a wrapped sentence is prose, not a newsletter box.
    assert "sign up again once services are restored." in text
    assert "Follow us" not in text and "Related:" not in text and "WhatsApp" not in text
    assert "The attackers demanded a payment in cryptocurrency." in text.splitlines()


def test_football_agency_credit_twin_and_publisher_credit():
    cleaned = clean(FOOTBALL)
    text = kept_text(cleaned)
    assert "trophy" not in text and "Getty" not in text and "Fans celebrate" not in text
    assert text.startswith("Northport beat Southfield 5-4 on penalties")
    assert cleaned.publisher_hints == ["The Harbour Gazette"]


def test_merger_promo_glued_without_space_is_cut():
    cleaned = clean(MERGER)
    text = kept_text(cleaned)
    assert text.endswith("Shares in Acorn rose 6% in early trading.")
    assert "Broaden" not in text and "Try The" not in text
    assert cleaned.publisher_hints == ["The Market Courier"]
    promo = [r for r in cleaned.removed if r.reason == "promo"]
    assert promo and promo[0].lineno == 6 and promo[0].text.startswith("Broaden your horizons")


def test_protest_agency_credited_caption_and_dateline_kept_for_metadata():
    cleaned = clean(PROTEST)
    text = kept_text(cleaned)
    assert "Protesters march" not in text and "GETTY" not in text
    assert cleaned.paragraphs[0][0].text.startswith("LONDON (AP) —")
    assert cleaned.publisher_hints == []


def test_short_unpunctuated_line_under_headline_is_a_caption():
    cleaned = clean("Wildfire spreads near Calden\n\nSmoke over the hills at dusk\n\nFirefighters battled the blaze overnight.\n")
    assert kept_text(cleaned) == "Firefighters battled the blaze overnight."
    assert reasons(cleaned)[3] == "caption"


def test_wire_story_without_headline_keeps_its_lead():
    cleaned = clean("WASHINGTON, Jan 24 (Reuters) - The Senate passed the bill on Wednesday.\n")
    assert cleaned.headline is None
    assert cleaned.paragraphs[0][0].lineno == 1


def test_colon_in_first_line_is_not_a_header():
    cleaned = clean("Update: talks resume in Geneva\n\nNegotiators met again on Friday.\n")
    assert cleaned.header == {}
    assert cleaned.headline.text == "Update: talks resume in Geneva"


def test_rules_come_from_an_editable_file(tmp_path):
    custom = tmp_path / "noise.yaml"
    default = load_noise_rules()
    assert default.line_rules  # the packaged file loads
    text = DEFAULT_NOISE_FILE.read_text(encoding="utf-8")
    custom.write_text(text.replace("line_rules:\n", "line_rules:\n  - {reason: advert, pattern: '^Partner content from our sponsors[.]$'}\n"), encoding="utf-8")
    # A finished sentence, so that only the phrase rule (not page structure) can remove it.
    article = "Quake hits coast\n\nA magnitude 6 earthquake struck the coast.\n\nPartner content from our sponsors.\n\nNo damage was reported.\n"
    assert "Partner content" in kept_text(clean(article))
    assert "Partner content" not in kept_text(clean(article, load_noise_rules(custom)))


@pytest.mark.parametrize("article", [FLOOD, ELECTION, RANSOMWARE, FOOTBALL, MERGER, PROTEST])
def test_every_removed_line_has_a_reason_and_line(article):
    cleaned = clean(article)
    lines = article.split("\n")
    for removed in cleaned.removed:
        assert removed.reason
        assert removed.text.strip("• ") in lines[removed.lineno - 1]


def test_noise_above_the_headline_is_skipped():
    cleaned = clean("Advertisement\n•\nShare this article\n\nQuake strikes coastal town\n\nA strong earthquake hit the coast.\n")
    assert cleaned.headline.text == "Quake strikes coastal town"
    assert [(r.lineno, r.reason) for r in cleaned.removed] == [(1, "advert"), (2, "bullet"), (3, "share")]
    assert kept_text(cleaned) == "A strong earthquake hit the coast."


def test_title_repeated_as_first_body_line_is_removed_as_headline():
    cleaned = clean("Title: Dam fails after storm\nDate: 2024-05-02\n\nDam fails after storm\n\nThe dam gave way at dawn.\n")
    assert [(r.lineno, r.reason) for r in cleaned.removed] == [(4, "headline")]
    assert kept_text(cleaned) == "The dam gave way at dawn."


def test_unknown_header_keys_are_ignored_next_to_known_ones():
    cleaned = clean("Author: R. Vance\nTitle: Port strike enters second week\nTags: labour\n\nDockers stayed out on Monday.\n")
    assert cleaned.header == {"title": "Port strike enters second week"}
    assert kept_text(cleaned) == "Dockers stayed out on Monday."


def test_a_header_block_under_the_headline_is_read_as_the_header():
    cleaned = clean("Storm floods coastal towns\n\nDate: 2024-05-21\nSource: Example Wire\n\n"
                    "Heavy rain flooded three towns on Monday, officials said.\n")
    assert cleaned.headline.text == "Storm floods coastal towns"
    assert cleaned.header == {"date": "2024-05-21", "source": "Example Wire"}
    assert all("Date:" not in line.text for paragraph in cleaned.paragraphs for line in paragraph)


def test_a_colon_line_in_the_lead_is_not_a_header():
    cleaned = clean("Minister resigns\n\nUpdate: the minister resigned on Friday after the vote.\n")
    assert cleaned.header == {}
    assert cleaned.paragraphs[0][0].text.startswith("Update:")


def test_a_header_ends_where_a_share_bar_is_glued_under_it():
    cleaned = clean("Title: Talks collapse\nDate: 2024-07-22\nSource: Example Wire\n"
                    "Share on Facebook | Share on X\n\nTalks collapse\n\nFighting broke out on Sunday.\n")
    assert cleaned.header == {"title": "Talks collapse", "date": "2024-07-22", "source": "Example Wire"}
    assert cleaned.headline.text == "Talks collapse"
    body = [line.text for paragraph in cleaned.paragraphs for line in paragraph]
    assert body == ["Fighting broke out on Sunday."]  # no share bar, no repeated title
