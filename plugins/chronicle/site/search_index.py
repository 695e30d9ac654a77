"""The static search index: small JSON files under output/search/index/ that the browser reads.

Built from the site graph (``search.site_docs``), never from the written HTML; the build
writes the files (``index_files``) like any other, so a rebuild rewrites only those whose bytes
changed. Everything is in a fixed order, so the same content always gives the same bytes.

What a reader's browser fetches (theme/static/js/search-index.js reads it):

``meta.json``
    Read first: how many docs of each kind (docs are numbered incidents newest first, then
    actors, then places; a kind is a range of numbers), where their pages are, the labels
    records point at, the first term of every term shard, and each filter's values with
    their counts and the file holding their doc numbers.
``terms/N.json``
    ``{term: ["weights", doc, gap, gap, ...]}`` for a range of terms in sorted order (sorted by
    UTF-16 code units, as JavaScript compares strings): the term's weight in each doc that has
    it, one character each (WEIGHT_DIGITS), then those docs' numbers, each after the first as
    the gap from the one before (posting lists are long and gaps are short). A query word
    needs only the shards whose range can hold it or the terms it begins.
``docs/N.json``
    ``[[id, title, label, date, excerpt], ...]`` for docs N*CHUNK ... N*CHUNK+CHUNK-1: what a
    result shows. Fetched only for the results on screen.
``filters/NAME-N.json``
    ``{value: [doc, gap, gap, ...]}``: the incidents with that type, actor, place (a place's
    incidents include those in places within it), year or month. Fetched when a reader uses
    that filter.

The weight of a term in a doc is a score summed over fields (FIELD_WEIGHTS: a title word
counts ten summary words): in the summary or description, BM25's term-frequency part with its
length normalisation; in the short fields, the field's weight. It is stored as a step of a log
scale (see STEPS_PER_E); the browser turns the step back into the score and multiplies it by
the query word's rarity (BM25's idf).
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from itertools import repeat
from typing import Iterator

from chronicle.site import pages
from chronicle.site.graph import SiteGraph
from chronicle.site.search import KIND_ACTOR, KIND_INCIDENT, KIND_PLACE, SearchDoc, site_docs, tokens

FOLDER = "search/index"
FORMAT = 1
FIELD_WEIGHTS = (("title", 10.0), ("names", 3.0), ("label", 2.0), ("text", 1.0))
K1, B = 1.2, 0.75  # BM25: how fast repeats stop counting, and how much field length matters
# A weight is stored as one of 61 steps on a log scale, round(STEPS_PER_E * ln(1 + score)): scores
# run from ~0.2 (one word in a long summary) to ~17 (in title, names and label), and each step
# is ~5% of the score, so the ranking keeps the differences that matter.
STEPS_PER_E = 20.0
CHUNK = 20  # doc records per file: one page of results is 20
TERM_SHARD_BYTES = 24_000  # a shard holds terms until it is this big (one huge term may exceed it)
FILTER_FILE_BYTES = 16_000
KIND_URLS = ((KIND_INCIDENT, pages.incident_url), (KIND_ACTOR, pages.actor_url), (KIND_PLACE, pages.place_url))
# A weight is written as one character: its value is its place in this string (0 is unused).
WEIGHT_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_WEIGHT = len(WEIGHT_DIGITS) - 1
_WEIGHT_CHARS = WEIGHT_DIGITS.encode("ascii").ljust(256, b"?")
_JSON = {"ensure_ascii": False, "separators": (",", ":")}
_drain = deque(maxlen=0).extend  # runs an iterator to its end (in C), keeping nothing


@dataclass(frozen=True)
class SearchIndex:
    """The index as files: relative path under FOLDER -> text."""

    files: dict[str, str]

    @property
    def meta(self) -> dict:
        return json.loads(self.files["meta.json"])


def utf16_order(term: str):
    """Sort key putting terms in the order JavaScript's < puts them (UTF-16 code units)."""
    return term.encode("utf-16-be")


# Title, names and label are a few words each: a word there scores its field's weight (BM25's
# saturation at one occurrence, with no length normalisation: these fields are all short).
TITLE_WEIGHT, NAMES_WEIGHT, LABEL_WEIGHT, TEXT_WEIGHT = (dict(FIELD_WEIGHTS)[name]
                                                         for name in ("title", "names", "label", "text"))


def step(score: float) -> int:
    """A score as a stored weight: 1 ... MAX_WEIGHT (search-index.js turns it back)."""
    return min(MAX_WEIGHT, max(1, round(STEPS_PER_E * math.log1p(score))))


class StepsByCount(dict):
    """count -> step of a summary word's score, for one length normalisation (made as needed)."""

    def __init__(self, norm: float):
        super().__init__()
        self.norm = norm

    def __missing__(self, tf: int) -> int:
        self[tf] = value = step(TEXT_WEIGHT * (K1 + 1) * tf / (tf + self.norm))
        return value


def short_field_scores(doc: SearchDoc, known: dict[str, list[str]]) -> dict[str, float]:
    """term -> score from the doc's title, names and label. ``known`` keeps the words of the
    names and labels already seen: the same few hundred recur across thousands of incidents."""
    scores = dict.fromkeys(tokens(doc.title), TITLE_WEIGHT)
    for weight, texts in ((NAMES_WEIGHT, doc.names), (LABEL_WEIGHT, (doc.label,))):
        for term in {term for text in texts for term in (known.get(text) or known.setdefault(text, tokens(text)))}:
            scores[term] = scores.get(term, 0.0) + weight
    return scores


@dataclass
class Postings:
    """term -> doc numbers (ascending) and term -> the term's weight in each of those docs."""

    docs: dict[str, list[int]]
    weights: dict[str, list[int]]


def postings(docs: list[SearchDoc]) -> Postings:
    """Every term of every doc with its weight there (a step, see ``step``).

    The hot loop of the index: a 10,000-incident site has about 800,000 (term, doc) pairs, so
    the per-pair work runs in C where it can: words counted by Counter, weights looked up by
    count in a per-doc table, lists appended to through map. The text's length is counted in
    characters: BM25 needs it relative to the average, and characters tell that without
    tokenising twice.
    """
    with_text = [len(doc.text) for doc in docs if doc.text]
    average = max(1.0, sum(with_text) / max(1, len(with_text)))
    found = Postings(defaultdict(list), defaultdict(list))
    doc_list, weight_list = found.docs.__getitem__, found.weights.__getitem__
    text_scale = TEXT_WEIGHT * (K1 + 1)
    known: dict[str, list[str]] = {}
    # Steps by count for each length normalisation, rounded to 1/256 (far finer than a step):
    # docs of about the same length share one table, so each step is worked out once.
    tables: dict[int, StepsByCount] = {}
    short_steps: dict[float, int] = {}  # title/names/label scores are a few sums of weights
    for number, doc in enumerate(docs):
        counts = Counter(tokens(doc.text))
        key = round(256 * K1 * (1 - B + B * len(doc.text) / average))
        by_count = tables.get(key) or tables.setdefault(key, StepsByCount(key / 256))
        weights = dict(zip(counts, map(by_count.__getitem__, counts.values())))
        for term, score in short_field_scores(doc, known).items():
            tf = counts.get(term)
            if tf is None:
                weights[term] = short_steps.get(score) or short_steps.setdefault(score, step(score))
            else:
                weights[term] = step(score + text_scale * tf / (tf + by_count.norm))
        _drain(map(list.append, map(doc_list, weights), repeat(number)))
        _drain(map(list.append, map(weight_list, weights), weights.values()))
    return found


def gaps(numbers: list[int]) -> list[int]:
    """Ascending numbers as the first one, then the gap to each next one."""
    return numbers[:1] + list(map(operator.sub, numbers[1:], numbers))


def encode_posting(docs: list[int], weights: list[int]) -> str:
    """JSON text ["weights", gap, gap, ...]: one character per weight (WEIGHT_DIGITS), then the
    doc numbers as gaps."""
    coded: list = gaps(docs)
    coded.insert(0, bytes(weights).translate(_WEIGHT_CHARS).decode("ascii"))
    return json.dumps(coded, separators=(",", ":"))


def pack(items: list[tuple[str, str]], limit: int) -> list[list[tuple[str, str]]]:
    """(key, JSON text) pairs in order, cut into runs of about ``limit`` bytes (never empty)."""
    groups: list[list[tuple[str, str]]] = []
    size = limit
    for key, text in items:
        entry = len(key.encode("utf-8")) + len(text.encode("utf-8")) + 4
        if size + entry > limit and (not groups or groups[-1]):
            groups.append([])
            size = 0
        groups[-1].append((key, text))
        size += entry
    return groups


def json_object(pairs: list[tuple[str, str]]) -> str:
    """A JSON object from keys and values that are already JSON text, in the order given."""
    return "{" + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{value}" for key, value in pairs) + "}"


def term_shards(found: Postings) -> tuple[list[str], dict[str, str]]:
    """The first term of each shard, and the shard files."""
    ordered = sorted(found.docs, key=utf16_order)
    groups = pack([(term, encode_posting(found.docs[term], found.weights[term])) for term in ordered],
                  TERM_SHARD_BYTES)
    return [group[0][0] for group in groups], {f"terms/{n}.json": json_object(group)
                                               for n, group in enumerate(groups)}


def filter_files(docs: list[SearchDoc]) -> tuple[dict[str, list], dict[str, str]]:
    """Each filter's [value, count, file number] list for meta.json, and the filter files."""
    by_filter: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, doc in enumerate(docs):
        for name, value in doc.filters:
            numbers = by_filter[name][value]
            if not numbers or numbers[-1] != number:
                numbers.append(number)
    listing: dict[str, list] = {}
    files: dict[str, str] = {}
    for name in sorted(by_filter):
        values = by_filter[name]
        groups = pack([(value, json.dumps(gaps(values[value]), separators=(",", ":")))
                       for value in sorted(values)], FILTER_FILE_BYTES)
        listing[name] = [[value, len(values[value]), n] for n, group in enumerate(groups) for value, _ in group]
        files.update({f"filters/{name}-{n}.json": json_object(group) for n, group in enumerate(groups)})
    return listing, files


def record_files(docs: list[SearchDoc], labels: dict[str, int]) -> dict[str, str]:
    return {f"docs/{n // CHUNK}.json": json.dumps([[d.id, d.title, labels[d.label], d.date, d.excerpt]
                                                   for d in docs[n:n + CHUNK]], **_JSON)
            for n in range(0, len(docs), CHUNK)}


def build_index(docs: list[SearchDoc]) -> SearchIndex:
    labels = {label: n for n, label in enumerate(sorted({doc.label for doc in docs}))}
    shard_starts, files = term_shards(postings(docs))
    filters, filter_texts = filter_files(docs)
    files.update(filter_texts)
    files.update(record_files(docs, labels))
    kinds = Counter(doc.kind for doc in docs)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path}\0{files[path]}\0".encode("utf-8"))
    meta = {
        "format": FORMAT,
        # Changes whenever any file does: the browser asks for files with ?v=version, so a cached
        # shard of an older build is never read with this build's meta.
        "version": digest.hexdigest()[:16],
        "kinds": [[kind, kinds[kind], url("{id}")] for kind, url in KIND_URLS],
        "chunk": CHUNK,
        "steps_per_e": STEPS_PER_E,
        "labels": sorted(labels, key=labels.get),
        "shards": shard_starts,
        "filters": filters,
    }
    files["meta.json"] = json.dumps(meta, sort_keys=True, **_JSON)
    return SearchIndex(files)


def site_index(graph: SiteGraph) -> SearchIndex:
    """The index of the site's incidents, actors and places (a build makes it with the collector
    paused: hundreds of thousands of small objects, no cycles)."""
    return build_index(site_docs(graph))


def index_files(index: SearchIndex) -> Iterator[tuple[str, str]]:
    """(path under output/, text) for every file of the index, in a fixed order."""
    for path in sorted(index.files):
        yield f"{FOLDER}/{path}", index.files[path]

