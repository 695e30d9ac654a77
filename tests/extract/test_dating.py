"""The main incident's date (extract/dating.py): one test per kind of evidence, on short articles
written for these tests. Each states what an editor would write and why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from chronicle.extract.clean import clean
from chronicle.extract.dating import MainDate, load_dating_rules, relation_to_main, relative_to_main, resolve_main_date
from chronicle.extract.metadata import read_metadata, read_stamp
from chronicle.extract.sentences import split_sentences
from chronicle.extract.temporal import find_dates, load_date_rules
from chronicle.site.pages import date_view
from chronicle.core.dates import DateError, parse_event_date
from support import run_chronicle

DATES = load_date_rules()
RULES = load_dating_rules()


def main_date(text: str) -> MainDate:
    cleaned = clean(text)
    meta = read_metadata(cleaned)
    sentences = split_sentences(cleaned)
    return resolve_main_date(meta, sentences, find_dates(sentences, meta.published, DATES), RULES)


# -- the lead's own day expression, resolved against the publication date ------------------------

@pytest.mark.parametrize(("published", "expected"), [
    ("Thursday, 6 June 2024", "2024-06-05"),  # the day before
    ("Wednesday, 5 June 2024", "2024-06-05"),  # the same day
    ("Tuesday, 11 June 2024", "2024-06-05"),  # the Wednesday before
])
def test_a_weekday_is_the_latest_such_day_on_or_before_publication(published, expected):
    found = main_date(f"Title: Barge sinks in canal\nDate: {published}\n\n"
                      "A grain barge sank in the Lune canal on Wednesday, blocking traffic.\n")
    assert (found.value, found.source) == (expected, "lead")


def test_yesterday_and_overnight_resolve_against_the_header():
    yesterday = main_date("Title: Storm floods town\nDate: 2024-06-06\n\nA storm flooded Brask yesterday.\n")
    overnight = main_date("Title: Drones hit depot\nDate: 2024-06-06\n\nDrones hit a fuel depot overnight.\n")
    assert yesterday.value == "2024-06-05"
    assert overnight.value == "2024-06-05"  # the night began the day before the report


def test_a_night_is_dated_to_the_day_before_the_report_that_names_it():
    found = main_date("Title: Strikes\nDate: Thursday, 6 June 2024\n\nStrikes hit three depots overnight, "
                      "officials said on Tuesday.\n")
    assert found.value == "2024-06-03"


def test_the_events_own_day_beats_the_day_it_was_reported():
    found = main_date("Title: Five soldiers killed\nDate: 2024-06-07\n\n"
                      "The army said on Friday that five soldiers were killed when gunmen attacked a post "
                      "near Sarel on Wednesday.\n")
    assert found.value == "2024-06-05" and found.mention.text == "Wednesday"


def test_the_events_day_told_next_beats_the_report_day_of_the_lead():
    found = main_date("Title: Strikes on depots\nDate: 2024-02-03\n\nStrikes on two fuel depots killed nine "
                      "people, a government spokesman said on Saturday.\n\nThe strikes on Friday night hit the "
                      "depots at Olst and Brask.\n")
    assert (found.value, found.source) == ("2024-02-02", "body")


def test_a_report_day_dates_the_incident_when_it_is_the_only_day_in_the_lead():
    found = main_date("Title: Lender hacked\nDate: 2024-11-15\n\n"
                      "Hackers stole the records of 90,000 savers from Tarn Bank, the bank said on Thursday.\n")
    assert found.value == "2024-11-14"


# -- no day in the lead: the publication date ----------------------------------------------------

def test_a_lead_with_no_day_is_dated_to_the_header_date():
    found = main_date("Title: Dockers walk out\nDate: 2024-06-06\n\n"
                      "Dock workers at Velmar walked out over pay, leaving ships waiting at anchor.\n\n"
                      "The union said the strike would go on.\n")
    assert (found.value, found.source, found.evidence) == ("2024-06-06", "publication", "Date: 2024-06-06")


def test_the_undated_lead_policy_comes_from_the_rules(tmp_path):
    rules = tmp_path / "dates.yaml"
    data = yaml.safe_load(Path(load_dating_rules.__globals__["DEFAULT_RULES_PATH"]).read_text("utf-8"))
    data["main_date"]["undated_lead"] = "approximate"
    rules.write_text(yaml.safe_dump(data), encoding="utf-8")
    cleaned = clean("Title: Dockers walk out\nDate: 2024-06-06\n\nDock workers at Velmar walked out.\n")
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    found = resolve_main_date(meta, sentences, find_dates(sentences, meta.published, DATES),
                              load_dating_rules(rules))
    assert found.value == "2024-06-06~"


def test_a_day_in_the_next_sentence_dates_an_undated_lead():
    found = main_date("Title: Fire guts market\nDate: 2024-06-06\n\nA fire gutted the covered market in Olst.\n\n"
                      "The blaze started on Tuesday night in a bakery.\n")
    assert (found.value, found.source) == ("2024-06-04", "body")


# -- never from captions, stamps or background -----------------------------------------------------

def test_a_caption_date_is_the_pictures_not_the_incidents():
    found = main_date("Title: Court jails ex-mayor\nDate: 2024-03-14\n\n"
                      "A court sentenced the former mayor of Dunmore to six years for bribery.\n\n"
                      "The former mayor, seen in an image dated Oct. 12, 2023, denied the charges.\n")
    assert found.value == "2024-03-14"


@pytest.mark.parametrize("background", [
    "The group had seized the valley on May 30, 2024.",  # past perfect: before the story's events
    "The port was first dredged in March 2019.",  # far from publication
    "The operator defaulted on a loan in 2021.",  # a year only
    "The port has been in decline since 2019.",  # a period, not an incident
])
def test_background_sentences_never_date_the_main_incident(background):
    found = main_date(f"Title: Port strike\nDate: 2024-06-06\n\nDockers at Velmar walked out over pay.\n\n"
                      f"{background}\n")
    assert found.value == "2024-06-06"


@pytest.mark.parametrize(("lead", "expected"), [
    ("Riots broke out in Olst after police arrested a union leader on Tuesday.", "2024-06-06"),
    ("Residents of Olst were evacuated after floods on Tuesday.", "2024-06-04"),
    ("Crowds gathered in Olst after Tuesday's vote.", "2024-06-06"),
    ("Shortly after midnight on Tuesday, a fire broke out in Olst.", "2024-06-04"),
    ("Olst approved a cabinet, ending a deadlock that began after elections in May.", "2024-06-06"),
    ("Police said that residents of Olst were evacuated after floods on Tuesday.", "2024-06-04"),
])
def test_a_date_owned_by_an_earlier_event_clause_is_not_the_main_one(lead, expected):
    assert main_date(f"Title: Olst\nDate: 2024-06-06\n\n{lead}\n").value == expected


def test_a_stamp_line_dates_the_article_not_the_incident():
    text = "Port workers walk out\n\nPublished 3 June 2024\n\nUpdated 4 June 2024 10:15 GMT\n\n" \
           "Dock workers at Velmar walked out on Monday over pay.\n"
    meta = read_metadata(clean(text))
    assert (meta.published, meta.published_text) == (dt.date(2024, 6, 3), "Published 3 June 2024")
    found = main_date(text)
    assert (found.value, found.mention.text) == ("2024-06-03", "Monday")


def test_a_bare_date_line_is_a_stamp_and_not_the_lead():
    text = "Dockers walk out\n\nMon 3 Jun 2024 10.15 BST\n\nDock workers at Velmar walked out over pay.\n"
    assert read_stamp("Mon 3 Jun 2024 10.15 BST") is not None
    assert read_stamp("The court met on 3 June 2024.") is None
    assert main_date(text).value == "2024-06-03"


def test_an_updated_stamp_is_only_the_last_resort():
    updated_only = read_metadata(clean("Fire in Olst\n\nUpdated: June 4, 2024 at 10:15 a.m. EDT\n\n"
                                       "A fire broke out in Olst.\n"))
    assert updated_only.published == dt.date(2024, 6, 4) and updated_only.published_is_update
    undated = main_date("Fire in Olst\n\nUpdated: June 4, 2024 at 10:15 a.m. EDT\n\nA fire broke out in Olst.\n")
    dated = main_date("Fire in Olst\n\nUpdated: June 4, 2024 at 10:15 a.m. EDT\n\nA fire broke out in Olst on Monday.\n")
    assert (undated.value, dated.value) == ("unknown", "2024-06-03")  # a bound for a weekday, never a date
    with_dateline = read_metadata(clean("Fire in Olst\n\nUpdated 2 January 2025\n\n"
                                        "OLST, Dec 31 (Wirepost) - A fire broke out.\n"))
    assert with_dateline.published == dt.date(2024, 12, 31)  # the stamp's year, one back


# -- a dateline without a year: a partial date ----------------------------------------------------

@pytest.mark.parametrize(("lead", "expected"), [
    ("A fire broke out at a paint factory, officials said.", "XXXX-06-03"),
    ("A fire broke out at a paint factory on Saturday.", "XXXX-06-03"),
    ("A fire broke out at a paint factory yesterday.", "XXXX-06-02"),
    ("A fire broke out at a paint factory on June 1.", "XXXX-06-01"),
])
def test_a_yearless_dateline_gives_a_partial_date(lead, expected):
    text = f"Factory fire\n\nKORVIN, June 3 (Wirepost) - {lead}\n"
    meta = read_metadata(clean(text))
    assert (meta.published, meta.published_partial) == (None, "XXXX-06-03")
    assert main_date(text).value == expected


def test_a_year_stated_elsewhere_completes_the_dateline():
    text = "URL: https://wire.example/2023/06/03/fire\n\nKORVIN, June 3 (Wirepost) - A fire broke out on Saturday.\n"
    assert main_date(text).value == "2023-06-03"


def test_partial_dates_parse_show_and_refuse_impossible_days():
    day, month = parse_event_date("XXXX-06-03"), parse_event_date("XXXX-06")
    assert (day.precision, day.known, day.label()) == ("day", False, "3 June (year unknown)")
    assert (month.precision, month.label()) == ("month", "June (year unknown)")
    assert date_view(day).label == "3 June (year unknown)" and date_view(day).iso is None
    assert parse_event_date("XXXX-02-29").label() == "29 February (year unknown)"
    with pytest.raises(DateError):
        parse_event_date("XXXX-02-30")


def test_a_yearless_dateline_is_extracted_checked_and_kept_end_to_end(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "fire.txt").write_text("Paint factory fire forces evacuation in Korvin\n\nKORVIN, June 3 (Wirepost) - "
                                    "A fire broke out at a paint factory in Korvin, forcing hundreds of residents "
                                    "to leave their homes, officials said.\n", encoding="utf-8")
    content = tmp_path / "content"
    result = run_chronicle("extract", "--content", str(content), "--seeds", str(seeds))
    assert result.returncode == 0, result.stdout + result.stderr
    events = [yaml.safe_load(p.read_text("utf-8")) for p in (content / "events").glob("*.yaml")]
    main = next(e for e in events if e["title"].startswith("Paint factory fire"))
    assert main["date"] == "XXXX-06-03" and main["id"].startswith("undated-")
    assert main["sources"][0]["published"] == "XXXX-06-03"
    assert any("Year unknown" in note["text"] for note in main.get("notes", []))
    checked = run_chronicle("check", "--content", str(content))
    assert checked.returncode == 0, checked.stderr


# -- relative dates point the right way ------------------------------------------------------------

def test_an_unplaced_weekday_is_ordered_by_the_main_incidents_weekday():
    cleaned = clean("Militants claim attack\n\nThe Northern Front claimed the Wednesday attack on an army post.\n\n"
                    "In a Thursday statement, the army said five soldiers died. The arrest on Saturday followed.\n")
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    mentions = find_dates(sentences, meta.published, DATES)
    main = resolve_main_date(meta, sentences, mentions, RULES)
    assert main.value == "unknown" and main.mention.text == "Wednesday"
    thursday = next(m for m in mentions if m.text == "Thursday")
    saturday = next(m for m in mentions if m.text == "Saturday")
    assert relative_to_main(thursday, main, "main", RULES, "days") == {"after": "main", "by": "days"}
    assert relative_to_main(saturday, main, "main", RULES, "days") == {"after": "main", "by": "days"}
    monday = main_date("Strike\n\nWorkers struck on Monday.\n")
    friday = find_dates(split_sentences(clean("Talks\n\nTalks failed on Friday.\n")), None, DATES)[0]
    assert relative_to_main(friday, monday, "main", RULES, "days") == {"before": "main", "by": "days"}



def test_a_next_sentence_about_another_kind_of_event_does_not_date_the_main_one():
    cleaned = clean("Title: Man held over stabbing\nDate: 2024-06-06\n\nPolice arrested a man in Olst.\n\n"
                    "The victim was stabbed outside a bar on Saturday.\n")
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    mentions = find_dates(sentences, meta.published, DATES)
    assert resolve_main_date(meta, sentences, mentions, RULES).value == "2024-06-01"
    arrests = lambda text: "arrested" in text  # the caller says the stabbing is another kind of event
    assert resolve_main_date(meta, sentences, mentions, RULES, arrests).value == "2024-06-06"


def test_a_span_the_report_is_still_in_ends_at_publication():
    past = main_date("Title: Arrests\nDate: Wednesday, 5 June 2024\n\nPolice this week arrested three men in Olst.\n")
    ahead = main_date("Title: Talks\nDate: Wednesday, 5 June 2024\n\nThe two sides will meet this week in Olst.\n")
    assert (past.value, ahead.value) == ("2024-06-03/2024-06-05", "2024-06-03/2024-06-09")


# -- as build_incidents uses it ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def kit():
    from support.scoring import repo_toolkit
    return repo_toolkit()


def drafts_of(text: str, kit):
    from chronicle.extract.article import Seed
    from chronicle.extract.incidents import build_incidents
    from chronicle.extract.analyse import analyse_article
    return build_incidents(analyse_article(Seed("t.txt", text, "0"), kit), kit.classifier, kit.type_labels)


def test_build_incidents_dates_the_main_incident_by_the_resolver(kit):
    drafts = drafts_of("Title: Army says five soldiers killed in attack\nDate: 2024-06-07\n\n"
                       "The army said on Friday that five soldiers were killed when gunmen attacked a post near "
                       "Sarel on Wednesday.\n", kit)
    assert drafts[0].date == "2024-06-05"
    assert any(e.field == "date" and "on Wednesday" in e.text for e in drafts[0].evidence)
    held = drafts_of("Title: Man held over stabbing\nDate: 2024-06-06\n\nPolice arrested a man in Olst over a "
                     "fatal stabbing.\n\nThe victim was stabbed outside a bar on Saturday.\n", kit)
    assert held[0].date == "2024-06-06"


def test_an_unplaced_statement_day_comes_after_the_attack_it_describes(kit):
    drafts = drafts_of("Militants claim attack on army post\n\nThe Northern Front claimed the Wednesday attack on "
                       "an army post near Sarel.\n\nIn a Thursday statement, the army said it had lost five "
                       "soldiers in the Wednesday attack.\n", kit)
    assert drafts[0].date == "unknown"
    later = [d for d in drafts[1:] if "Thursday" in d.title]
    assert later and later[0].date == {"after": "main", "by": "days"}


@pytest.mark.parametrize(("line", "published"), [
    ("Published June 3, 2024 5:45pm EDT | Updated June 4, 2024", dt.date(2024, 6, 3)),
    ("By Jane Roe | June 3, 2024", dt.date(2024, 6, 3)),
    ("Posted: Jun 3, 2024 / 10:15 AM CDT", dt.date(2024, 6, 3)),
    ("Fire hits depot | June 3, 2024 and more", None),
])
def test_stamp_lines_in_site_styles(line, published):
    meta = read_metadata(clean(f"Fire hits depot in Olst\n\n{line}\n\nA fire broke out at a depot in Olst.\n"))
    assert meta.published == published


def test_a_month_in_the_lead_far_from_publication_is_another_events():
    far = main_date("Title: Cabinet\nDate: 2024-06-06\n\nOlst's new cabinet, agreed in January, took office.\n")
    near = main_date("Title: Cabinet\nDate: 2024-06-06\n\nOlst's cabinet took office earlier this month.\n")
    late = main_date("Title: Fire\nDate: 2024-06-06\n\nA fire broke out at a depot in Olst on March 3, officials said.\n")
    assert (far.value, near.value, late.value) == ("2024-06-06", "2024-06", "2024-03-03")


def test_since_in_the_lead_spans_the_main_incident_up_to_publication():
    found = main_date("Title: Heat kills 30\nDate: Tuesday, 16 June 2026\n\nAt least 30 people have died in Olst "
                      "since the heatwave began on Saturday, officials said on Tuesday.\n")
    assert found.value == "2026-06-13/2026-06-16"


def test_an_after_clause_of_the_main_incidents_kind_dates_it():
    text = ("Title: Landslide kills 17\nDate: 2026-09-07\n\nAt least 17 people were killed after a landslide "
            "swept through Dhal village early on Sunday, officials said.\n")
    cleaned = clean(text)
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    mentions = find_dates(sentences, meta.published, DATES)
    landslide = resolve_main_date(meta, sentences, mentions, RULES, is_main_kind=lambda c: "landslide" in c)
    other = resolve_main_date(meta, sentences, mentions, RULES, is_main_kind=lambda c: False)
    assert (landslide.value, other.value) == ("2026-09-06", "2026-09-07")


def test_a_response_clause_is_never_the_main_incident_even_of_its_kind():
    text = ("Title: Hackers hit provider\nDate: Thursday, 6 June 2024\n\nHackers wiped servers at Volk Net on "
            "Wednesday in retaliation for the cyberattack that knocked out Sarnet on Monday.\n")
    cleaned = clean(text)
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    found = resolve_main_date(meta, sentences, find_dates(sentences, meta.published, DATES), RULES,
                              is_main_kind=lambda c: True)
    assert found.value == "2024-06-05"


def test_a_page_scraped_without_blank_lines_has_a_two_sentence_lead_and_its_stamp_and_dateline_inline():
    text = ("Valley News | Home | World\nFloods hit Olst\nPosted: 07.09.2026 10:12 by Ana Vell in Olst\n"
            "OLST, Sept 7 - Floods swept through Olst early on Sunday, officials said.\n"
            "Rescuers reached the town. Roads were closed. The river last burst its banks on Wednesday.\n")
    meta = read_metadata(clean(text))
    assert (meta.published, meta.published_text) == (dt.date(2026, 9, 7), "Posted: 07.09.2026 10:12 by Ana Vell in Olst")
    assert main_date(text).value == "2026-09-06"


def test_a_main_date_taken_from_the_publication_date_tells_the_editor(kit):
    drafts = drafts_of("Title: Dockers walk out over pay\nDate: 2024-06-06\n\nDock workers at Velmar walked out "
                       "over pay, leaving ships waiting at anchor.\n", kit)
    assert drafts[0].date == "2024-06-06"
    assert any("publication date" in note["text"] for note in drafts[0].notes)
    assert any(e.field == "date" and e.text == "Date: 2024-06-06" for e in drafts[0].evidence)


def test_a_list_of_headlines_above_the_story_is_not_its_lead():
    found = main_date("Harbour News\n\nLATEST NEWS\n- 2 June 2024: Council approves budget\n- 1 June 2024: Storm "
                      "warning issued\n\nFerry capsizes off Kalmira\n\nPublished 4 June 2024 09:00\n\nRescuers searched "
                      "for 12 people missing after a ferry capsized off Kalmira island, the coastguard said.\n")
    assert (found.value, found.source) == ("2024-06-04", "publication")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The strikes came days after an attack on a base.", "before"),  # the attack: before the main one
    ("A day later, gunmen ambushed a convoy.", "after"),  # the ambush: after it
    ("Two weeks earlier, the group raided a police station.", "before"),
    ("Talks opened the day before the vote.", "after"),  # the vote: after the talks
])
def test_a_date_tied_to_another_event_points_the_right_way(sentence, expected):
    mention = next(m for m in find_dates(split_sentences(clean(f"Title: T\n\n{sentence}\n")), None, DATES)
                   if m.relation)
    assert relation_to_main(mention, sentence) == expected


def test_a_later_event_told_after_the_main_one_is_placed_after_it(kit):
    drafts = drafts_of("Militants attack army post\n\nMilitants attacked an army post near Sarel, killing five "
                       "soldiers, officials said.\n\nA day later, gunmen ambushed a convoy sent to reinforce the "
                       "post, killing three more soldiers.\n", kit)
    assert any(d.date == {"after": "main", "by": "days"} for d in drafts[1:])


def test_a_follow_up_leads_with_the_day_of_its_update_and_the_next_sentence_dates_the_incident():
    """ "The toll rose to eleven on Sunday. The crossing gave way on Saturday evening": the update's
    day is the follow-up's news; the incident is Saturday's."""
    text = ("Title: Toll rises to eleven\nDate: 2025-09-14\n\nThe number of people killed when a footbridge "
            "collapsed in Osk rose to eleven on Sunday, officials said.\n\nThe crossing gave way on Saturday "
            "evening under a crowd of spectators.\n")
    cleaned = clean(text)
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    mentions = find_dates(sentences, meta.published, DATES)
    found = resolve_main_date(meta, sentences, mentions, RULES, is_main_kind=lambda c: True)
    assert (found.value, found.source) == ("2025-09-13", "body")
    assert "update" in found.reason


def test_of_two_days_in_a_lead_the_one_whose_clause_tells_the_main_kind_dates_it():
    """A follow-up's lead: the funerals on Thursday, the strike that killed them on Wednesday."""
    text = ("Title: Workers buried\nDate: Thursday, 23 October 2025\n\nHundreds attended the funerals on "
            "Thursday of two workers killed when drones struck the Ravi refinery on Wednesday.\n")
    cleaned = clean(text)
    meta, sentences = read_metadata(cleaned), split_sentences(cleaned)
    mentions = find_dates(sentences, meta.published, DATES)
    drones = resolve_main_date(meta, sentences, mentions, RULES, is_main_kind=lambda c: "drones" in c)
    funerals = resolve_main_date(meta, sentences, mentions, RULES, is_main_kind=lambda c: "funerals" in c)
    assert (drones.value, funerals.value) == ("2025-10-22", "2025-10-23")
