"""split_sentences(): abbreviations, quotes, decimals, wrapped lines, datelines; the sample seed end to end."""

from __future__ import annotations


import pytest

from chronicle.extract.clean import clean
from chronicle.extract.metadata import read_metadata
from chronicle.extract.seed import read_seed
from chronicle.extract.sentences import split_sentences, split_text
from support import SAMPLE_SEED

SAMPLE = SAMPLE_SEED


def texts(paragraph: str) -> list[str]:
    return [paragraph[lo:hi] for lo, hi in split_text(paragraph)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Mr. Hale met Gen. Ortiz and Lt. Col. Banda. Talks ended.", ["Mr. Hale met Gen. Ortiz and Lt. Col. Banda.", "Talks ended."]),
        ("Dr. Amari and Sgt. Vell spoke at St. Anne's. Mrs. Kay did not.", ["Dr. Amari and Sgt. Vell spoke at St. Anne's.", "Mrs. Kay did not."]),
        ("The U.S. Army and the U.N. agreed. They met in the U.S. The deal held.", ["The U.S. Army and the U.N. agreed.", "They met in the U.S.", "The deal held."]),
        ("The vote is on Jan. 24 or Feb. 2 at the latest. It may slip to Dec. 1.", ["The vote is on Jan. 24 or Feb. 2 at the latest.", "It may slip to Dec. 1."]),
        ("Voters in No. 4 district, e.g. farmers, i.e. most people, came. Turnout rose.", ["Voters in No. 4 district, e.g. farmers, i.e. most people, came.", "Turnout rose."]),
        ("Polls opened at 7 a.m. and closed at 10 p.m. Counting began at once.", ["Polls opened at 7 a.m. and closed at 10 p.m.", "Counting began at once."]),
        ("J. R. R. Tolkien lived here. The house is a museum.", ["J. R. R. Tolkien lived here.", "The house is a museum."]),
        ("Profits rose 3.5% to $1.2bn. Shares gained 0.8 points.", ["Profits rose 3.5% to $1.2bn.", "Shares gained 0.8 points."]),
        ("He paused... and then left. The crowd waited... Nobody spoke.", ["He paused... and then left.", "The crowd waited...", "Nobody spoke."]),
        ('"We will rebuild," the mayor said. "Nobody is leaving." Crews arrived.', ['"We will rebuild," the mayor said.', '"Nobody is leaving."', "Crews arrived."]),
        ("“We won the final.” The captain smiled. “Was it a foul?” he asked.", ["“We won the final.”", "The captain smiled.", "“Was it a foul?” he asked."]),
        ("Is the network safe? Not yet! Engineers are working.", ["Is the network safe?", "Not yet!", "Engineers are working."]),
        ("The river rose 2.4 metres", ["The river rose 2.4 metres"]),
    ],
)
def test_split_text(paragraph, expected):
    assert texts(paragraph) == expected


ARTICLE = """\
Title: Floodwater reaches Marlow Vale centre

DOWNHAM, March 3, 2024 (Reuters) - Floodwater reached the centre of Marlow
Vale on Sunday, Mr. Grant
said. About 300 homes were evacuated.

Rescuers wade through a street (Photo: AP)
"The water came up in an hour," said resident Ana Ruiz. "We lost everything."
"""


def test_sentences_carry_paragraph_and_seed_line_and_skip_dateline():
    sentences = split_sentences(clean(ARTICLE))
    assert [(s.index, s.paragraph, s.lineno) for s in sentences] == [(0, 0, 3), (1, 0, 5), (2, 1, 8), (3, 1, 8)]
    assert sentences[0].text == "Floodwater reached the centre of Marlow Vale on Sunday, Mr. Grant said."
    assert sentences[1].text == "About 300 homes were evacuated."
    assert not any("Reuters" in s.text or "Photo" in s.text for s in sentences)


def test_sentence_starting_on_a_wrapped_line_gets_that_line():
    sentences = split_sentences(clean("Polls close\n\nVoting ended at\n8pm. Counting\nstarted soon after.\n"))
    assert [(s.text, s.lineno) for s in sentences] == [("Voting ended at 8pm.", 3), ("Counting started soon after.", 4)]


NOISY_ARTICLES = [
    "Ransomware shuts hospital records\n\nEngineers restore a server room\nEngineers restore a server room - REUTERS\n"
    "  • Oops!\n    Something went wrong.\n    Please try again later.\n\nThe hospital said records were offline.\n\n"
    "Sign up for our tech newsletter\nStaff used paper forms. Subscribe to The Daily Circuit for $2 a month.\n",
    "Cup final ends in riot\n\nFans clash outside the stadium\n\nBy Sam Okoro and Lee Park\n\n"
    "Police made 40 arrests after the final.\n\nAdvertisement\n\nShare this article\n"
    "The club condemned the violence. Broaden your horizons with great sport writing. none\n",
]


@pytest.mark.parametrize("article", NOISY_ARTICLES)
def test_no_noise_reaches_any_sentence(article):
    cleaned = clean(article)
    joined = " ".join(s.text for s in split_sentences(cleaned))
    for noise in ["Oops", "went wrong", "REUTERS", "server room", "Sign up", "Subscribe", "stadium", "Okoro",
                  "Advertisement", "Share", "Broaden", "none"]:
        assert noise not in joined


def test_abbreviations_come_from_a_data_file(tmp_path):
    from chronicle.extract.sentences import DEFAULT_ABBREVIATIONS_FILE, load_abbreviations

    custom = tmp_path / "abbreviations.yaml"
    custom.write_text(DEFAULT_ABBREVIATIONS_FILE.read_text(encoding="utf-8").replace("not_final: [", "not_final: [cllr, "), encoding="utf-8")
    paragraph = "Cllr. Moss resigned. Voters were surprised."
    assert len(split_text(paragraph)) == 3
    assert len(split_text(paragraph, load_abbreviations(custom))) == 2


def test_sample_seed_end_to_end():
    seed = read_seed(SAMPLE)
    cleaned = clean(seed.text)
    sentences = split_sentences(cleaned)
    assert sentences, "the sample has body text"
    for sentence in sentences:
        for noise in ["Oops", "GETTY", "Try The Telegraph", "Missiles at a park", "Broaden your horizons"]:
            assert noise not in sentence.text
    assert "The Telegraph" in cleaned.publisher_hints
    assert read_metadata(cleaned).published is None
    assert cleaned.headline.text == seed.text.splitlines()[0]
    assert cleaned.headline.lineno == 1
    assert sentences[0].text.startswith("US forces targeted facilities")
    assert sentences[0].lineno == 9
    assert any(s.text.startswith("“We do not seek to escalate conflict") for s in sentences)
