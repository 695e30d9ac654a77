"""One article through every extraction stage, and what the stages know: the pure half of extraction.

    clean -> read_metadata -> split_sentences -> find_dates, find_actors, find_places
      -> build_incidents -> build_entries

``analyse_article`` and ``extract_entries`` depend only on the seed and the ``Toolkit``
(rules, gazetteer, registries); ``ingest.pipeline`` matches what they give against content/
and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from chronicle.content.incident_types import load_types_ignoring_problems, type_keywords
from chronicle.core.model import Actor, Place
from chronicle.extract.actors import STANDARD_DETECTORS, Detector, find_actors, load_actor_rules
from chronicle.extract.article import ExtractedArticle, Seed
from chronicle.extract.chain import RuleChain
from chronicle.extract.clean import clean, load_noise_rules
from chronicle.extract.entries import Entries, build_entries
from chronicle.extract.gazetteer import load_gazetteer
from chronicle.extract.incidents import TypeClassifier, build_incidents, dateline_sentence, headline_sentence
from chronicle.extract.metadata import read_metadata
from chronicle.extract.places import find_places, load_place_rules
from chronicle.extract.sentences import split_sentences
from chronicle.extract.temporal import find_dates, load_date_rules


@dataclass(frozen=True)
class Toolkit:
    """Everything extraction knows, loaded once per run and passed down."""

    noise: object
    date_rules: object
    actor_rules: object
    place_rules: object
    gazetteer: object
    classifier: TypeClassifier
    type_labels: dict[str, str]
    actors: list[Actor]
    places: list[Place]
    actor_detectors: RuleChain[Detector] = STANDARD_DETECTORS  # which actor detectors run, in order


def load_toolkit(content_dir: Path | None, actors: list[Actor], places: list[Place],
                 built: Callable[[Callable[[], Any]], Any] = lambda make: make()) -> Toolkit:
    """What extraction knows, from the packaged rules and ``content_dir``'s types; ``built(make)``
    builds the gazetteer (a run passes its Runner's, which pauses the garbage collector)."""
    keywords = type_keywords(content_dir)
    types = load_types_ignoring_problems(content_dir) if content_dir else {}
    labels = {tid: t.label for tid, t in types.items()}
    return Toolkit(load_noise_rules(), load_date_rules(), load_actor_rules(), load_place_rules(),
                   built(load_gazetteer), TypeClassifier.from_keywords(keywords), labels, actors, places)


def analyse_article(seed: Seed, kit: Toolkit) -> ExtractedArticle:
    """All mentions in one article: the pure part of extraction."""
    cleaned = clean(seed.text, kit.noise)
    meta = read_metadata(cleaned)
    sentences = split_sentences(cleaned)
    article = ExtractedArticle(seed, meta, cleaned, sentences)
    article.dates = find_dates(sentences, meta.published, kit.date_rules)
    # The headline names the main actors and places; it is read as sentence -1.
    with_headline = ([headline_sentence(cleaned, meta)] if (meta.title or cleaned.headline) else []) + sentences
    article.actors = find_actors(with_headline, kit.actors, kit.actor_rules, detectors=kit.actor_detectors)
    # The dateline's place ("OSLO, June 18 -") was stripped from the lead: read it on its own.
    dateline = dateline_sentence(meta)
    article.places = find_places(([dateline] if dateline else []) + with_headline, kit.places, kit.gazetteer,
                                 rules=kit.place_rules, actor_rules=kit.actor_rules,
                                 bureau=dateline.index if dateline else None)
    return article


def extract_entries(seed: Seed, kit: Toolkit) -> Entries:
    article = analyse_article(seed, kit)
    drafts = build_incidents(article, kit.classifier, kit.type_labels)
    return build_entries(drafts, seed, article.meta)
