"""One main incident per article, plus only the earlier incidents the text dates and describes.

Articles written for this test (issue 18, pattern 3). Before, a paragraph of history became an
incident of its own ("the club last won the cup in 2019" a sport result dated 2019), and an aside
about a person ("Carver, appointed in June, won two games") a policy decision dated June.
"""

from __future__ import annotations

import hashlib

from chronicle.extract.article import Seed
from chronicle.extract.analyse import extract_entries, load_toolkit


def incidents(text: str) -> list[dict]:
    seed = Seed("test.txt", text, hashlib.sha256(text.encode()).hexdigest())
    entries = extract_entries(seed, load_toolkit(None, [], []))
    main = entries.keys["main"]
    return [entries.incidents[main]] + [i for key, i in sorted(entries.incidents.items()) if key != main]


HISTORY = ("Title: City beat Rovers to reach cup final\nDate: 2024-04-21\n\n"
           "Millbank City beat Harbour Rovers 3-1 at Lindon Park on Saturday to reach the cup final.\n\n"
           "City last won the cup in 2019, when they beat Dunmore Athletic in a replay. Rovers were relegated "
           "in 2021 and promoted again last year.\n\n"
           "The final will be played on May 18.\n")


def test_history_told_in_years_gives_no_incident_and_no_party_to_the_main_one():
    found = incidents(HISTORY)
    assert len(found) == 1
    assert "dunmore-athletic" not in {a["ref"] for a in found[0].get("actors", [])}


DATED_AND_DESCRIBED = ("Title: Aftershock shakes coast a week after deadly quake\nDate: 2024-03-14\n\n"
                       "A strong aftershock struck the coast near Pella on Wednesday, injuring 19 people.\n\n"
                       "The earthquake that hit the same coast on March 6 killed 12 people. The region's last "
                       "major earthquake, in 2007, destroyed the old harbour.\n")


def test_an_earlier_incident_with_its_own_day_is_kept_and_history_is_not():
    found = incidents(DATED_AND_DESCRIBED)
    assert len(found) == 2
    assert found[1]["date"] == "2024-03-06" and found[1]["casualties"]["killed"] == {"best": 12}
    assert found[0]["casualties"] == {"injured": {"best": 19}}


ASIDE = ("Title: Bridge collapses over river Tam\nDate: 2024-02-08\n\n"
         "Heavy traffic was diverted through Orley on Wednesday.\n\n"
         "Manager Tom Reed, appointed in June, said the repairs would take a month. The bridge, built in 1962, "
         "collapsed into the river on Wednesday after weeks of flooding.\n")


def test_a_date_in_an_aside_about_a_name_dates_no_incident():
    found = incidents(ASIDE)
    assert len(found) == 1
    assert found[0]["type"] == "accident"


YARDSTICK = ("Title: Gunman kills eight at shopping centre\nDate: 2024-11-17\n\n"
             "A gunman opened fire at a shopping centre in Velka on Saturday, killing eight people and wounding "
             "14 before turning the gun on himself, police said.\n\n"
             "It was the deadliest shooting in the country since December 2023, when a student attacked the "
             "Tarnow Music Academy and killed 14 people.\n")


def test_a_yardstick_since_an_earlier_date_is_background_not_part_of_the_incident():
    found = incidents(YARDSTICK)
    assert len(found) == 1
    assert "tarnow-music-academy" not in {a["ref"] for a in found[0].get("actors", [])}
    assert found[0]["casualties"] == {"killed": {"best": 8}, "injured": {"best": 14}}
