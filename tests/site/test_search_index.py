"""The search index on small hand-written sites: tokenising (Python and JavaScript alike), weights
and ranking, filters, sharding, and byte-identical rebuilds.

Queries run through theme/static/js/search-index.js itself, in Node (tests/support/search_reader.mjs) and
for the tokeniser also in Chromium, over index files written by chronicle.site.search_index.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from support import REPO, needs_chromium, serve, write
from chronicle.site import search_index
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph
from chronicle.site.search import month_keys, site_docs, tokens

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="needs node (make venv installs it with npm)")
READER = REPO / "tests" / "support" / "search_reader.mjs"

# Hard cases for a tokeniser, with the words a reader should be able to type for them.
TRICKY = {
    "Café au lait": ["cafe", "au", "lait"],
    "naïve CAFÉ Ångström": ["naive", "cafe", "angstrom"],
    "O'Brien’s men didn’t": ["obriens", "men", "didnt"],
    "al-Qaeda – ceasefire—talks": ["al", "qaeda", "ceasefire", "talks"],
    "M23 seized 3.5km, 1,200 people; 2024-01-26": ["m23", "seized", "3", "5km", "1", "200", "people", "2024",
                                                   "01", "26"],
    "Straße in Łódź near Øresund, Æsir": ["strasse", "in", "lodz", "near", "oresund", "aesir"],
    "ΟΔΟΣ Αθηνών": ["οδοσ", "αθηνων"],
    "İstanbul and ıspanak": ["istanbul", "and", "ispanak"],
    "Ḥalab (حلب) and الخرطوم": ["halab", "حلب", "and", "الخرطوم"],
    "Кривий Ріг": ["кривии", "ріг"],
    "東京 2024年": ["東京", "2024年"],
    "ﬁre ① snake_case x²": ["fire", "1", "snake", "case", "x2"],
    "<script>alert(1)</script>": ["script", "alert", "1", "script"],
    "": [],
}


def test_python_tokeniser_folds_case_diacritics_and_punctuation():
    for text, words in TRICKY.items():
        assert tokens(text) == words, text


def node_tokens(texts: list[str]) -> list[list[str]]:
    result = subprocess.run([NODE, str(READER), "-"], input=json.dumps({"tokens": texts}),
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


@needs_node
def test_javascript_tokeniser_agrees_with_python_in_node():
    texts = list(TRICKY)
    # and every character up to CJK, a few to a string, that Python's Unicode version knows
    # (Node's may be newer: a letter added since is unknown to Python, and not a difference)
    chars = [chr(c) for c in range(0x20, 0x3000) if unicodedata.category(chr(c)) not in ("Cn", "Cs")]
    texts += ["".join(chars[i:i + 7]) + " A" for i in range(0, len(chars), 7)]
    assert node_tokens(texts) == [tokens(t) for t in texts]


@needs_chromium
def test_javascript_tokeniser_agrees_with_python_in_chromium(browser, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    shutil.copy(REPO / "theme" / "static" / "js" / "search-index.js", tmp_path / "search-index.js")
    with serve(tmp_path) as url:
        page = browser.new_page()
        page.goto(url)
        got = page.evaluate("""async texts => {
            const {tokens} = await import('./search-index.js');
            return texts.map(tokens);
        }""", list(TRICKY))
        page.close()
    assert got == [tokens(t) for t in TRICKY]


# -- small sites ---------------------------------------------------------------------------------

def yaml_value(value) -> str:
    """A value as YAML: JSON is YAML, with astral characters written as themselves (YAML reads
    JSON's surrogate-pair escapes as two lone surrogates)."""
    return json.dumps(value, ensure_ascii=False)


def incident(root: Path, id_: str, title: str, date: str, summary: str = "", type_: str = "attack",
             actors: tuple[str, ...] = (), places: tuple[str, ...] = ()) -> None:
    lines = [f"id: {id_}", f"title: {yaml_value(title)}", f"date: {yaml_value(date)}", f"type: {type_}",
             "status: reviewed", f"summary: {yaml_value(summary)}"]
    if actors:
        lines += ["actors:"] + [f"  - {{ref: {a}, role: participant}}" for a in actors]
    if places:
        lines += ["places:"] + [f"  - {{ref: {p}, role: location}}" for p in places]
    write(root, f"events/{id_}.yaml", "\n".join(lines + ["sources: []", ""]))


def entity(root: Path, folder: str, id_: str, name: str, kind: str, **extra) -> None:
    lines = [f"id: {id_}", f"name: {yaml_value(name)}", f"kind: {kind}", "status: reviewed"]
    lines += [f"{key}: {yaml_value(value)}" for key, value in extra.items()]
    write(root, f"{folder}/{id_}.yaml", "\n".join(lines + [""]))


def load_graph(content: Path):
    loaded, problems = load_content(content)
    assert problems == [], [str(p) for p in problems]
    return build_graph(loaded)


def write_index(graph, folder: Path) -> search_index.SearchIndex:
    index = search_index.build_index(site_docs(graph))
    for rel, text in index.files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return index


@pytest.fixture
def harbour(tmp_path) -> Path:
    """A small site about a harbour strike, with an index written to tmp_path/index."""
    content = tmp_path / "content"
    entity(content, "actors", "dockers", "Dockers’ Union", "organisation", aliases=["Harbour Workers"],
           description="The union of the harbour's dock workers.")
    entity(content, "actors", "navy", "Northern Navy", "military")
    entity(content, "places", "land", "Portland", "country")
    entity(content, "places", "bay", "Grey Bay", "region", within="land")
    entity(content, "places", "quay", "Old Quay", "city", within="bay")
    entity(content, "places", "cafe-lune", "Café Lune", "site", within="quay")
    incident(content, "walkout", "Dockers walk out over pay", "2024-03-02",
             "Workers began a strike at the quay. The strike stopped ships.", "protest", ("dockers",), ("quay",))
    incident(content, "strikes-spread", "Stoppages spread along the coast", "2024-03-09",
             "Strikes spread; strikes everywhere, said the union.", "protest", ("dockers",), ("bay",))
    incident(content, "blockade", "Navy blockade of the bay", "2024-02-10",
             "The navy closed the bay to ships. A strike by dockers was announced later.", "armed-clash",
             ("navy",), ("bay",))
    incident(content, "talks", "Talks at the Café Lune", "2023-12-20",
             "Negotiators met at the café; no strike talk.", "agreement", ("dockers", "navy"), ("cafe-lune",))
    incident(content, "rumour", "Rumour of a lockout", "unknown", "Nobody knows when.", "statement")
    incident(content, "same-day-b", "Blocked road", "2024-01-05", "A harbour road closed.", "protest",
             places=("quay",))
    incident(content, "same-day-a", "Avenue blocked", "2024-01-05", "A harbour road closed.", "protest",
             places=("quay",))
    write_index(load_graph(content), tmp_path / "index")
    return tmp_path / "index"


def ask(folder: Path, *requests: dict) -> list[dict]:
    result = subprocess.run([NODE, str(READER), str(folder)], input=json.dumps(list(requests)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def ids(answer: dict) -> list[str]:
    return [doc_id for _kind, doc_id in answer["ids"]]


@needs_node
def test_a_title_word_ranks_its_incident_first(harbour):
    # "ships" is in two summaries; "blockade" only in one title, and first for it
    first, = ask(harbour, {"q": "blockade"})
    assert ids(first) == ["blockade"]
    # "strike": said twice outranks said once, and in a shorter text outranks a longer one
    strike, = ask(harbour, {"q": "strike"})
    assert ids(strike) == ["walkout", "strikes-spread", "talks", "blockade"]
    # a word in one title and no other field at all beats every summary mention
    dockers, = ask(harbour, {"q": "dockers"})
    assert ids(dockers)[0] == "walkout"


@needs_node
def test_every_word_must_match_and_a_word_matches_the_words_it_begins(harbour):
    both, only_one = ask(harbour, {"q": "strike ships"}, {"q": "strike lockout"})
    assert sorted(ids(both)) == ["blockade", "walkout"] and ids(only_one) == []
    strike, strik, st = ask(harbour, {"q": "strike"}, {"q": "strik"}, {"q": "st"})
    # "strike" also finds "strikes", below the same count of the exact word in a longer text
    assert set(ids(strike)) == {"walkout", "blockade", "talks", "strikes-spread"}
    assert ids(strike).index("walkout") < ids(strike).index("strikes-spread")
    strikes, = ask(harbour, {"q": "strikes"})
    assert ids(strikes) == ["strikes-spread"]  # a word does not match the shorter words it begins with
    assert set(ids(strik)) == set(ids(strike))  # typing: a part of a word already finds it
    assert ids(st) == []  # two letters match only the word "st", which no page has


@needs_node
def test_case_and_diacritics_do_not_matter_in_either_direction(harbour):
    plain, accented, upper = ask(harbour, {"q": "cafe lune"}, {"q": "CAFÉ"}, {"q": "dockers’"})
    assert ids(plain) == ids(accented) == ["talks", "cafe-lune"]  # in the incident's title and names
    assert "dockers" in ids(upper) and "walkout" in ids(upper)  # the apostrophe joins, case folds


@needs_node
def test_equal_scores_keep_date_order_newest_first_then_title(harbour):
    closed, = ask(harbour, {"q": "harbour closed"})
    # same text, same date: A-Z by title ("Avenue blocked" before "Blocked road")
    assert ids(closed) == ["same-day-a", "same-day-b"]
    everything, = ask(harbour, {"q": "", "filters": {"kind": ["Incident"]}})
    assert ids(everything) == ["strikes-spread", "walkout", "blockade", "same-day-a", "same-day-b", "talks",
                               "rumour"]


@needs_node
def test_actors_and_places_are_found_by_name_alias_and_description(harbour):
    alias, description, kind = ask(harbour, {"q": "harbour workers", "filters": {"kind": ["Actor"]}},
                                   {"q": "union", "filters": {"kind": ["Actor"]}},
                                   {"q": "quay", "filters": {"kind": ["Place"]}})
    assert ids(alias) == ["dockers"] and ids(description) == ["dockers"] and ids(kind) == ["quay"]


@needs_node
def test_filters_narrow_by_actor_place_with_its_parents_type_year_and_month(harbour):
    actor, country, both, year, months, empty, typed = ask(
        harbour,
        {"q": "", "filters": {"actor": ["Dockers’ Union"]}},
        {"q": "", "filters": {"place": ["Portland"]}},  # everything in the bay, the quay, the café
        {"q": "strike", "filters": {"actor": ["Northern Navy"], "place": ["Grey Bay"]}},
        {"q": "", "filters": {"year": ["2023"]}},
        {"q": "", "filters": {"month": ["2024-02", "2024-03"]}},
        {"q": "", "filters": {"month": []}},
        {"q": "strike", "filters": {"type": ["Protest"], "kind": ["Incident"]}})
    assert ids(actor) == ["strikes-spread", "walkout", "talks"]
    assert ids(country) == ["strikes-spread", "walkout", "blockade", "same-day-a", "same-day-b", "talks"]
    assert ids(both) == ["talks", "blockade"]  # the café of the talks is within Grey Bay
    assert ids(year) == ["talks"]
    assert ids(months) == ["strikes-spread", "walkout", "blockade"]
    assert ids(empty) == []
    assert set(ids(typed)) == {"walkout", "strikes-spread"}


def test_weights_favour_title_then_names_then_repeats_in_the_text(harbour):
    meta = json.loads((harbour / "meta.json").read_text("utf-8"))
    found = {}
    for n in range(len(meta["shards"])):
        found.update(json.loads((harbour / "terms" / f"{n}.json").read_text("utf-8")))
    ids = [doc_id for doc_id, *_ in json.loads((harbour / "docs" / "0.json").read_text("utf-8"))]

    def weight(term: str, doc_id: str) -> int:
        weights, *gaps = found[term]
        docs = [sum(gaps[:i + 1]) for i in range(len(gaps))]
        return search_index.WEIGHT_DIGITS.index(weights[docs.index(ids.index(doc_id))])

    # title > names > text
    assert weight("blockade", "blockade") > weight("northern", "blockade") > weight("ships", "blockade")
    assert weight("strike", "walkout") > weight("strike", "blockade")  # twice in a short text > once
    assert weight("strikes", "strikes-spread") > weight("strike", "walkout")  # twice in a shorter text


def all_terms(folder: Path) -> dict[str, list]:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    return {n: json.loads((folder / "terms" / f"{n}.json").read_text("utf-8")) for n in range(len(meta["shards"]))}


@needs_node
def test_terms_are_sharded_in_javascript_order_and_each_is_found_where_the_reader_looks(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "TERM_SHARD_BYTES", 120)
    content = tmp_path / "content"
    rng = random.Random(5)
    words = ["strike", "strikes", "striker", "stria", "zebra", "ab", "a", "z9", "école", "ωμέγα", "ﬀ", "𝔘nicode",
             "𐐷deseret", "\ufb01sh", "ｆｕｌｌ", "中文", "x" * 30] + [f"w{n}" for n in range(40)]
    for n in range(30):
        incident(content, f"i{n}", f"Incident {n}", f"2024-01-{n % 28 + 1:02d}", " ".join(rng.sample(words, 8)))
    index = write_index(load_graph(content), tmp_path / "index")
    starts = index.meta["shards"]
    shards = all_terms(tmp_path / "index")
    assert len(shards) > 10  # the small limit made many shards
    assert starts == sorted(starts, key=search_index.utf16_order)
    every = [term for n in range(len(shards)) for term in shards[n]]
    assert every == sorted(set(every), key=search_index.utf16_order)  # each term once, in order
    for n, shard in shards.items():
        assert next(iter(shard)) == starts[n]
    # every term, asked for exactly, finds the incidents whose text has it (also astral letters)
    docs = site_docs(load_graph(content))
    terms = sorted({t for doc in docs for t in tokens(f"{doc.title} {doc.text}")})
    answers = ask(tmp_path / "index", *({"q": term} for term in terms))
    for term, answer in zip(terms, answers):
        having = {doc.id for doc in docs if term in tokens(f"{doc.title} {doc.text}")}
        if len(term) < 3:
            assert set(ids(answer)) == having, term
        else:
            assert having <= set(ids(answer)), term
            assert all(any(t.startswith(term) for t in tokens(f"{d.title} {d.text}")) for d in docs
                       if d.id in ids(answer)), term


@needs_node
def test_a_one_word_query_fetches_one_shard_and_the_records_it_shows(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "TERM_SHARD_BYTES", 400)
    content = tmp_path / "content"
    for n in range(120):
        incident(content, f"i{n:03d}", f"Incident {n} of the series", f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                 f"Words {n} and common filler, zebra {n % 7}")
    write_index(load_graph(content), tmp_path / "index")
    answer, = ask(tmp_path / "index", {"q": "zebra", "shown": 20})
    assert len(answer["ids"]) == 120
    # one term shard (the shards are many) and the record chunks of the 20 results shown
    chunks = len({n // search_index.CHUNK for n in range(120)})
    assert answer["fetched"]["files"] <= 1 + min(20, chunks)
    assert [r["id"] for r in answer["shown"]] == ids(answer)[:20]
    assert all(r["url"] == f"incidents/{r['id']}/" and r["kind"] == "Incident" for r in answer["shown"])


# -- determinism ---------------------------------------------------------------------------------

def test_the_same_content_gives_the_same_bytes_whatever_order_it_was_read_in(harbour, tmp_path):
    graph = load_graph(tmp_path / "content")
    first = search_index.build_index(site_docs(graph)).files
    content = graph.content
    # the same entries, read in another order
    content.incidents = dict(reversed(list(content.incidents.items())))
    content.actors = dict(reversed(list(content.actors.items())))
    content.places = dict(reversed(list(content.places.items())))
    second = search_index.build_index(site_docs(build_graph(content))).files
    assert first == second
    on_disk = {p.relative_to(harbour).as_posix(): p.read_text("utf-8") for p in harbour.rglob("*.json")}
    assert on_disk == first


def test_month_keys_cover_every_month_a_date_overlaps_and_no_more(harbour, tmp_path):
    graph = load_graph(tmp_path / "content")
    last = (graph.months[-1].year, graph.months[-1].month)
    for doc in site_docs(graph):
        months = [v for k, v in doc.filters if k == "month"]
        if doc.kind == "Incident":
            assert months == month_keys(graph.dates[doc.id], last)
