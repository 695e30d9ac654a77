"""Property-based fuzzing of the YAML loader, `chronicle check` and the build (hypothesis).

Mutated copies of valid entries (byte flips, deleted and duplicated lines, values of the
wrong type, random keys, unicode, deep nesting, alias bombs) and random documents are
thrown at the loader. The property: no traceback ever; either the content is still valid,
or every problem is ``path:line:column: message`` and the exit status is 1.

Runs are reproducible (``derandomize``, no example database), so ``make test`` tries the
same cases every time; the counts are printed with ``pytest -s``. The YAML parser itself, against
PyYAML's constructor, is checked in tests/core/test_yamlio.py.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from support import sitegen
from chronicle import cli
from support import run_chronicle

FIXTURE = sitegen.FIXTURE
BASES = sorted(FIXTURE.rglob("*.yaml"))
PROBLEM = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): \S")
SUMMARY = re.compile(r"^\d+ problems? in .+; fix them")
COUNTS: Counter = Counter()

FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=300,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
FEW = settings(FUZZ, max_examples=12)

BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["id: *i", "name: *i", "kind: state"]) + "\n"
WRONG_VALUES = ["[1, 2]", "{a: b}", "~", "''", "123", "-1.5e9", "true", ".nan", "2024-13-45", "!!binary aGk=",
                "&x y", "*nowhere", "|\n  block", ">-", "'unterminated", '"\\x"', "[", "}", "@at", "`tick",
                "!!python/object:os.system ls", "!custom tag", "? complex\n: key", "2024-02-30", "unknown",
                "{before: x, by: eons}", "{start: 2024, end: 2023}", "99999999-01-01", "0000-00-00",
                "https://x.example", "javascript:alert(1)", "null", "- a\n- b"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2024-01-23", "2024-02-30", "unknown", "x" * 300]))
random_data = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=25)


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A fixture entry with one to four mutations, as (folder, bytes)."""
    base = draw(st.sampled_from(BASES))
    lines = base.read_bytes().split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "wrong-type", "random-key", "unicode",
                                     "deep", "aliases", "indent", "truncate"]))
        lines = lines or [b""]
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "flip" and lines[at]:
            line = bytearray(lines[at])
            line[draw(st.integers(0, len(line) - 1))] = draw(st.integers(0, 255))
            lines[at] = bytes(line)
        elif kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "wrong-type" and b":" in lines[at]:
            key = lines[at].split(b":", 1)[0]
            lines[at] = key + b": " + draw(st.sampled_from(WRONG_VALUES)).encode()
        elif kind == "random-key":
            key = draw(st.text(min_size=1, max_size=15)).replace("\n", " ")
            lines.insert(at, f"{' ' * draw(st.sampled_from([0, 0, 2, 4]))}{key}: {draw(st.sampled_from(WRONG_VALUES))}"
                         .encode("utf-8", "surrogatepass"))
        elif kind == "unicode":
            text = draw(st.text(min_size=1, max_size=40))
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + text.encode("utf-8", "surrogatepass") + lines[at][column:]
        elif kind == "deep":
            depth = draw(st.sampled_from([50, 200, 2000, 20000]))
            opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}")]))
            lines.insert(at, b"deep: " + (opener * depth + closer * depth).encode())
        elif kind == "aliases":
            lines = BILLION_LAUGHS.encode().split(b"\n") + lines
        elif kind == "indent":
            lines[at] = b" " * draw(st.integers(1, 7)) + lines[at]
        elif kind == "truncate":
            lines = lines[:at]
    return base.parent.name, b"\n".join(lines)


@st.composite
def random_document(draw) -> tuple[str, bytes]:
    folder = draw(st.sampled_from(["events", "actors", "places"]))
    if draw(st.booleans()):
        return folder, yaml.safe_dump(draw(random_data), allow_unicode=True).encode("utf-8")
    return folder, draw(st.one_of(st.binary(max_size=200),
                                  st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))


def content_with(folder: str, data: bytes, root: Path) -> Path:
    """The fixture content with one file replaced (or added) by ``data``."""
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    target = content / folder / "fuzzed.yaml"
    same_name = [p for p in BASES if p.parent.name == folder]
    if same_name:
        target = content / folder / same_name[0].name
    target.write_bytes(data)
    return content


def check_in_process(content: Path) -> tuple[int, str, str]:
    """`chronicle check` through its real entry point, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["check", "--content", str(content)])
    return status, out.getvalue(), err.getvalue()


def assert_reported_well(status: int, stdout: str, stderr: str, content: Path) -> None:
    assert "Traceback" not in stderr + stdout
    if status == 0:
        assert stderr == "" and "OK (" in stdout
        return
    assert status == 1, (status, stderr)
    lines = [line for line in stderr.split("\n") if line]
    assert lines and SUMMARY.match(lines[-1]), stderr
    for line in lines[:-1]:
        match = PROBLEM.match(line)
        assert match, f"not path:line:column: message: {line!r}"
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1, line
        assert Path(match["path"]).resolve().is_relative_to(content.resolve()) or \
            (Path.cwd() / match["path"]).resolve().is_relative_to(content.resolve()), line


def fuzz_check(case: tuple[str, bytes], label: str) -> None:
    folder, data = case
    with tempfile.TemporaryDirectory() as tmp:
        content = content_with(folder, data, Path(tmp))
        try:
            status, stdout, stderr = check_in_process(content)
        except BaseException:
            COUNTS[f"{label} crashed"] += 1
            raise
        COUNTS[f"{label} cases"] += 1
        COUNTS[f"{label} {'valid' if status == 0 else 'refused'}"] += 1
        assert_reported_well(status, stdout, stderr, content)


@FUZZ
@given(mutated())
def test_mutated_entries_never_crash_check(case):
    fuzz_check(case, "mutated")


@settings(FUZZ, max_examples=200)
@given(random_document())
def test_random_documents_never_crash_check(case):
    fuzz_check(case, "random")


def test_alias_bomb_and_deep_nesting_are_refused_quickly(tmp_path):
    for name, text in (("bomb", BILLION_LAUGHS), ("deep", "id: x\nname: " + "[" * 100000 + "]" * 100000 + "\n"),
                       ("deepmap", "id: x\nname: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"),
                       # Block style, no anchor: refused by the light depth pass, not the alias one.
                       ("deepblock", "id: x\nname:\n" + "".join(" " * i + "- \n" for i in range(1, 80)) + " " * 80 + "- y\n")):
        content = content_with("actors", text.encode(), tmp_path / name)
        status, stdout, stderr = check_in_process(content)
        assert status == 1, stdout
        assert_reported_well(status, stdout, stderr, content)
        assert re.search(r"aster-liberation-front\.yaml:\d+:\d+: .*(nest|alias|expand)", stderr), stderr


# -- a smaller sample through the real command and the real build --------------------------------

@FEW
@given(st.one_of(mutated(), random_document()))
def test_chronicle_check_command_exit_status_and_format(case):
    folder, data = case
    with tempfile.TemporaryDirectory() as tmp:
        content = content_with(folder, data, Path(tmp))
        result = run_chronicle("check", "--content", str(content))
        COUNTS["command cases"] += 1
        assert_reported_well(result.returncode, result.stdout, result.stderr, content)


@FEW
@given(st.one_of(mutated(), random_document()))
def test_build_refuses_bad_content_with_path_line_column(case):
    folder, data = case
    with tempfile.TemporaryDirectory() as tmp:
        content = content_with(folder, data, Path(tmp))
        result = sitegen.build(content, Path(tmp) / "out")
        COUNTS["build cases"] += 1
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        if result.returncode == 0:
            return
        assert result.returncode == 1, output
        problems = [line for line in result.stderr.splitlines() if PROBLEM.match(line)]
        assert problems, output
        assert any("fuzzed.yaml" in line or str(content) in line or "content/" in line for line in problems), output


def test_fuzz_counts():
    """Runs last in this module: prints the totals for the record."""
    print("\nYAML fuzz:", dict(sorted(COUNTS.items())))
    assert not any(key.endswith("crashed") and value for key, value in COUNTS.items())
