"""Per-stage extraction fixtures: tests/extract/fixtures/<stage>.txt, markdown-it-py style.

Each case is a title line, ``.``, the input, ``.``, the expected output, ``.`` (format in
tests/extract/fixtures/README.md). Every case runs the real stage function on its input
and compares the formatted findings with the hand-written expectation, line by line.
Cases in ``gaps/<stage>.txt`` are ones where the extractor disagreed with the annotator:
they run as strict expected failures, so one that starts passing is reported (XPASS).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from chronicle.extract.actors import find_actors
from chronicle.extract.article import CleanedText, Sentence, Seed, TextLine
from chronicle.extract.clean import HEADER_KEYS, clean
from chronicle.extract.incidents import DraftIncident, build_incidents
from chronicle.extract.metadata import read_metadata
from chronicle.extract.places import find_places
from chronicle.extract.sentences import split_sentences
from chronicle.extract.temporal import find_dates
from chronicle.core.ids import slugify
from chronicle.core.model import Actor

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GAPS = FIXTURES / "gaps"
SEPARATOR = "."


# -- the fixture format ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    lineno: int  # 1-based line of the case's title in its file
    title: str
    input: str  # the input lines, each ending in "\n"
    expected: tuple[str, ...]  # the expected output's non-blank lines


class FixtureError(ValueError):
    pass


def parse_fixtures(text: str, name: str = "<fixtures>") -> list[Case]:
    """The cases of a fixture file: title, ``.``, input, ``.``, expected, ``.``."""
    lines = text.splitlines(keepends=True)
    cases: list[Case] = []
    opened: int | None = None  # index of the "." that opened the current case
    middle: int | None = None  # index of the "." between input and expected
    title_at, closed_at = 0, -1
    for i, line in enumerate(lines):
        if line.rstrip("\r\n") != SEPARATOR:
            continue
        if opened is None:
            title_at = next((k for k in range(i - 1, closed_at, -1) if lines[k].strip()), -1)
            if title_at < 0:
                raise FixtureError(f"{name}:{i + 1}: a case opens with '.' but has no title line above it")
            opened = i
        elif middle is None:
            middle = i
        else:
            cases.append(Case(title_at + 1, lines[title_at].strip(), "".join(lines[opened + 1 : middle]),
                              expected_lines("".join(lines[middle + 1 : i]))))
            opened = middle = None
            closed_at = i
    if opened is not None:
        raise FixtureError(f"{name}:{opened + 1}: case {lines[title_at].strip()!r} is not closed by '.' lines")
    titles = [case.title for case in cases]
    duplicates = sorted({t for t in titles if titles.count(t) > 1})
    if duplicates:
        raise FixtureError(f"{name}: titles must be unique (they are test ids): {duplicates}")
    return cases


def expected_lines(block: str) -> tuple[str, ...]:
    """An expected block as its lines: trailing spaces and blank lines do not count."""
    return tuple(line.rstrip() for line in block.splitlines() if line.strip())


def read_cases(path: Path) -> list[Case]:
    return parse_fixtures(path.read_text(encoding="utf-8"), path.name) if path.exists() else []


def directives(text: str, key: str) -> tuple[list[str], list[tuple[int, str]]]:
    """``key: value`` lines at the top of an input, then its other non-blank lines with their line numbers."""
    values, rest = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not rest and line.startswith(f"{key}:"):
            values.append(line[len(key) + 1 :].strip())
        else:
            rest.append((number, line.strip()))
    return values, rest


def sentences_of(lines: list[tuple[int, str]]) -> list[Sentence]:
    """One sentence per input line, all in one paragraph."""
    return [Sentence(index=i, text=text, paragraph=0, lineno=number) for i, (number, text) in enumerate(lines)]


def field_line(head: str, *fields: tuple[str, object]) -> str:
    """``head | name: value | ...`` with the fields that are None left out."""
    return " | ".join([head] + [f"{name}: {value}" for name, value in fields if value is not None])


def quoted(text: str) -> str:
    return f'"{text}"'


# -- stages: input text -> formatted findings -----------------------------------------------------


def run_clean(text: str) -> list[str]:
    cleaned = clean(text)
    out = [f"headline: {cleaned.headline.text}"] if cleaned.headline else []
    out += [f"header: {key} = {cleaned.header[key]}" for key in HEADER_KEYS if key in cleaned.header]
    out += ["paragraph: " + " ".join(line.text for line in paragraph) for paragraph in cleaned.paragraphs]
    out += [f"removed: {removed.text}" for removed in cleaned.removed]
    out += [f"publisher-hint: {name}" for name in cleaned.publisher_hints]
    return out


def run_metadata(text: str) -> list[str]:
    meta = read_metadata(clean(text))
    fields = [
        ("title", meta.title),
        ("published", meta.published.isoformat() if meta.published else None),
        ("published-partial", meta.published_partial),
        ("published-is-update", "yes" if meta.published_is_update else None),
        ("publisher", meta.publisher),
        ("url", meta.url),
        ("agency", meta.agency),
        ("dateline", meta.dateline_place),
    ]
    return [f"{name}: {value}" for name, value in fields if value is not None]


def body_of(text: str) -> CleanedText:
    """An article body as the clean stage hands it on: paragraphs of lines, a blank line between."""
    paragraphs: list[list[TextLine]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            paragraphs[-1].append(TextLine(line.strip(), number))
        elif paragraphs[-1]:
            paragraphs.append([])
    return CleanedText(None, {}, [p for p in paragraphs if p], [], [])


def run_sentences(text: str) -> list[str]:
    return [f"line {s.lineno}: {s.text}" for s in split_sentences(body_of(text))]


def run_dates(text: str) -> list[str]:
    anchors, lines = directives(text, "anchor")
    if len(anchors) != 1:
        raise FixtureError("a dates case starts with one 'anchor: YYYY-MM-DD' or 'anchor: none' line")
    anchor = None if anchors[0] == "none" else dt.date.fromisoformat(anchors[0])
    return [field_line(f"date: {m.value or 'none'}", ("precision", m.precision), ("evidence", quoted(m.text)),
                       ("relation", m.relation), ("gap", m.gap))
            for m in find_dates(sentences_of(lines), anchor)]


def registry_actor(spec: str) -> Actor:
    """``Name | kind | alias; alias`` as a registry actor."""
    parts = [part.strip() for part in spec.split("|")]
    if len(parts) not in (2, 3):
        raise FixtureError(f"registry line wants 'Name | kind | alias; alias', not {spec!r}")
    aliases = tuple(a.strip() for a in parts[2].split(";") if a.strip()) if len(parts) == 3 else ()
    return Actor(slugify(parts[0]), parts[0], parts[1], aliases=aliases)


def run_actors(text: str) -> list[str]:
    specs, lines = directives(text, "registry")
    return [field_line(f"actor: {m.name}", ("kind", m.kind), ("text", quoted(m.text)), ("title", m.title))
            for m in find_actors(sentences_of(lines), [registry_actor(s) for s in specs])]


@functools.cache
def toolkit():
    """The packaged rules, gazetteer and type vocabulary with empty registries, loaded once."""
    from chronicle.extract.analyse import load_toolkit

    return load_toolkit(None, [], [])


def run_places(text: str) -> list[str]:
    _, lines = directives(text, "registry")
    return [field_line(f"place: {m.name}", ("kind", m.kind), ("country", m.country_code), ("text", quoted(m.text)),
                       ("qualifier", m.qualifier))
            for m in find_places(sentences_of(lines), [], toolkit().gazetteer)]


def figure_text(figure: dict[str, int]) -> str:
    if "low" in figure and "high" in figure:
        return f"{figure['low']}-{figure['high']}"
    if "low" in figure:
        return f"at least {figure['low']}"
    if "high" in figure:
        return f"up to {figure['high']}"
    return str(figure["best"])


def date_text(date: object) -> str:
    if isinstance(date, dict):  # {"after": "earlier-1", "by": "days"}
        return " ".join(f"{key} {value}" for key, value in date.items())
    return str(date)


def incident_lines(incident: DraftIncident) -> list[str]:
    out = [f"incident: {incident.key} | type: {incident.type} | date: {date_text(incident.date)}"]
    out += [f"actor: {m.name} | role: {role}" for m, role in incident.actors]
    out += [f"place: {m.name}{f' ({m.qualifier})' if m.qualifier else ''} | role: {role}"
            for m, role in incident.places]
    out += [f"casualties: {category} {figure_text(figure)}" for category, figure in incident.casualties.items()]
    out += [f"related: {key} | relation: {relation}" for key, relation in incident.related]
    return out


def run_incidents(text: str) -> list[str]:
    from chronicle.extract.analyse import analyse_article

    kit = toolkit()
    seed = Seed("fixture.txt", text, hashlib.sha256(text.encode("utf-8")).hexdigest())
    article = analyse_article(seed, kit)
    return [line for draft in build_incidents(article, kit.classifier, kit.type_labels)
            for line in incident_lines(draft)]


def incidents_canonical(lines: list[str] | tuple[str, ...]) -> list[str]:
    """Incidents in their order, the lines inside each incident sorted: their order carries no meaning."""
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith("incident:") or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return [line for block in blocks for line in block[:1] + sorted(block[1:])]


STAGES = {
    "clean": run_clean,
    "metadata": run_metadata,
    "sentences": run_sentences,
    "dates": run_dates,
    "actors": run_actors,
    "places": run_places,
    "incidents": run_incidents,
}
CANONICAL = {"incidents": incidents_canonical}


def mismatch(stage: str, case: Case, got: list[str]) -> str | None:
    """None when the stage found what the case expects, else a report with a unified diff."""
    canonical = CANONICAL.get(stage, list)
    expected, found = canonical(case.expected), canonical(got)
    if expected == found:
        return None
    diff = difflib.unified_diff(expected, found, "expected (hand-written)", "got (extractor)", lineterm="", n=99)
    return (f"{stage}.txt:{case.lineno}: {case.title}\n--- input ---\n{case.input.rstrip()}\n"
            f"--- diff ---\n" + "\n".join(diff))


def check(stage: str, case: Case) -> None:
    report = mismatch(stage, case, STAGES[stage](case.input))
    if report:
        pytest.fail(report, pytrace=False)


# -- one test per case, named by its stage and title ------------------------------------------


def stage_cases(folder: Path, **marks) -> list:
    return [pytest.param(stage, case, id=f"{stage}: {case.title}", **marks)
            for stage in STAGES for case in read_cases(folder / f"{stage}.txt")]


@pytest.mark.parametrize(("stage", "case"), stage_cases(FIXTURES))
def test_stage(stage, case):
    check(stage, case)


@pytest.mark.parametrize(("stage", "case"), stage_cases(GAPS, marks=pytest.mark.xfail(
    strict=True, raises=pytest.fail.Exception, reason="known extraction gap, see gaps/")))
def test_known_gap(stage, case):
    check(stage, case)


# -- the harness itself ---------------------------------------------------------------------------


def test_every_stage_has_cases_and_every_file_a_stage():
    for stage in STAGES:
        assert len(read_cases(FIXTURES / f"{stage}.txt")) >= 8, stage
    assert {p.stem for p in FIXTURES.glob("*.txt")} <= set(STAGES)
    assert {p.stem for p in GAPS.glob("*.txt")} <= set(STAGES)


def test_parser_reads_title_input_expected_and_blank_lines():
    text = "notes between cases are ignored\n\nFirst case\n.\nline one\n\nline three\n.\na: 1\n\nb: 2  \n.\n\n" \
           "Empty expectation\n.\nx\n.\n.\n"
    first, second = parse_fixtures(text)
    assert (first.lineno, first.title, first.input, first.expected) == (3, "First case", "line one\n\nline three\n",
                                                                        ("a: 1", "b: 2"))
    assert (second.lineno, second.title, second.input, second.expected) == (14, "Empty expectation", "x\n", ())


@pytest.mark.parametrize("text", ["Title\n.\ninput\n.\nexpected\n", ".\ninput\n.\n.\n",
                                  "Same\n.\na\n.\n.\nSame\n.\nb\n.\n.\n", "A\n.\nx\n.\ny\n.\n.\nz\n.\n.\n"])
def test_parser_rejects_unclosed_untitled_and_duplicate_cases(text):
    with pytest.raises(FixtureError):
        parse_fixtures(text)


def test_a_wrong_expectation_fails_with_a_diff():
    case = parse_fixtures("Wrong on purpose\n.\nThe quake hit. Nobody was hurt.\n.\nline 1: The quake hit.\n"
                          "line 1: Nobody was hurt badly.\n.\n")[0]
    report = mismatch("sentences", case, run_sentences(case.input))
    assert report is not None
    assert "-line 1: Nobody was hurt badly." in report and "+line 1: Nobody was hurt." in report


def test_incident_lines_compare_in_any_order_within_an_incident():
    lines = ["incident: main | type: bombing | date: 2024-01-01", "place: B | role: location", "actor: A | role: target",
             "incident: earlier-1 | type: attack | date: unknown", "actor: C | role: target"]
    assert incidents_canonical(lines) == [lines[0], lines[2], lines[1], lines[3], lines[4]]
