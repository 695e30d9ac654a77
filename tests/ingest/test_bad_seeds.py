"""Seeds as scrapers and copy-paste deliver them, all in one `chronicle extract` run.

Each bad seed is either extracted sensibly or refused with a message naming the file;
none stops the others. The big files are made in tmp at test time, never committed.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml

from support import run_chronicle
from support.seeds import ARTICLES, new_content

BOGOTA = ("Title: Protesters march in Bogotá\nDate: 2024-05-02\nSource: Diario Ejemplo\n\n"
          "Thousands of protesters marched through Bogotá on Thursday demanding higher wages, police said. "
          "Two people were arrested near the Congress building.\n")
LAGOS = ("Title: Dock workers strike at Lagos port\nDate: 2024-05-03\nSource: Example Wire\n\n"
         "Dock workers walked out at the port of Lagos in Nigeria on Friday, the union said.\n")
KANO = ("Title: Floods cut off villages near Kano\nDate: 2024-08-20\n\n"
        "Floods cut off dozens of villages near Kano in Nigeria on Tuesday, emergency officials said.\n")
ARABIC = ("Title: عمال يحتجون في الإسكندرية\nDate: 2024-04-02\nSource: Example Arabic Daily\n\n"
          "احتج آلاف العمال في مدينة الإسكندرية يوم الثلاثاء للمطالبة برفع الأجور، وفق ما أفادت وسائل إعلام محلية. "
          "وقالت نقابة العمال إن الإضراب سيستمر حتى تستجيب الحكومة.\n")
HTML_PAGE = ("<!DOCTYPE html>\n<html><head><title>Fire destroys market in Kano</title>"
             "<script>var tracking = 1;</script></head>\n<body><nav><a href='/'>Home</a></nav>"
             "<p>A fire destroyed hundreds of stalls at a market in Kano on Sunday.</p></body></html>\n")
RUN_ON = ("Title: Convoy attacked near Goma\nDate: 2024-01-02\n\n"
          + "Rebels attacked a convoy near Goma in Congo on Monday, the army said, and " * 400 + "no one knows more.\n")


def write_big(path: Path, size: int, line: bytes) -> None:
    """``size`` bytes of ``line`` repeated, written in chunks (no 50 MB string in memory)."""
    chunk = line * (1_000_000 // len(line))
    with path.open("wb") as handle:
        handle.write(b"Title: A very long article\n\n")
        written = 0
        while written < size:
            handle.write(chunk)
            written += len(chunk)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bad-seeds")
    seeds = work / "seeds"
    seeds.mkdir()
    files = {
        "001_empty.txt": b"",
        "002_whitespace.txt": b"  \n\t\n   \r\n",
        "003_binary.txt": bytes(range(256)) * 8,
        "004_latin1.txt": BOGOTA.encode("latin-1"),
        "005_utf16.txt": LAGOS.encode("utf-16"),  # with its byte order mark
        "006_utf16be.txt": codecs.BOM_UTF16_BE + KANO.encode("utf-16-be"),
        "008_html.txt": HTML_PAGE.encode(),
        "009_arabic.txt": ARABIC.encode(),
        "010_run_on.txt": RUN_ON.encode(),
        "050_good.txt": (ARTICLES / "hodeidah_gulf_post.txt").read_bytes(),
    }
    for name, data in files.items():
        (seeds / name).write_bytes(data)
    write_big(seeds / "011_fifty_megabytes.txt", 50_000_000,
              b"Rebels attacked a convoy near Goma on Monday, the army said.\n")
    write_big(seeds / "012_one_line.txt", 3_000_000, b"Rebels attacked a convoy near Goma, and ")
    content = new_content(work / "content")
    result = run_chronicle("extract", "--content", str(content), "--seeds", str(seeds))
    return seeds, content, result


def events(content: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in sorted((content / "events").glob("*.yaml"))}


def from_seed(content: Path, name: str) -> list[dict]:
    return [e for e in events(content).values() if any(s.get("seed") == name for s in e["sources"])]


def test_no_traceback_and_errors_name_their_file(run):
    seeds, content, result = run
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1  # some seeds were refused
    refused = {
        "001_empty.txt": ":1: empty seed",
        "002_whitespace.txt": ":1: empty seed",
        "003_binary.txt": "binary content",
        "008_html.txt": ":1: an HTML page, not article text",
        "011_fifty_megabytes.txt": ":1: file is 50,",
        "012_one_line.txt": ":1: file is 3,",
    }
    for name, message in refused.items():
        lines = [line for line in result.stderr.splitlines() if str(seeds / name) in line]
        assert lines and message in lines[0], (name, result.stderr)
        assert " — " in lines[0], lines[0]  # and what to do about it
    assert f"{len(refused)} errors" in result.stdout


def test_other_encodings_and_scripts_are_extracted(run):
    _seeds, content, _result = run
    (bogota,) = from_seed(content, "004_latin1.txt")
    assert bogota["title"] == "Protesters march in Bogotá"  # Latin-1 bytes read as the letters they are
    (lagos,) = from_seed(content, "005_utf16.txt")
    assert lagos["title"] == "Dock workers strike at Lagos port"
    (kano,) = from_seed(content, "006_utf16be.txt")
    assert kano["title"] == "Floods cut off villages near Kano"
    (arabic,) = from_seed(content, "009_arabic.txt")
    assert arabic["title"] == "عمال يحتجون في الإسكندرية"
    assert arabic["id"].isascii() and arabic["sources"][0]["publisher"] == "Example Arabic Daily"


def test_run_on_line_is_extracted_in_bounded_sentences(run):
    _seeds, content, _result = run
    (convoy,) = from_seed(content, "010_run_on.txt")
    assert convoy["title"] == "Convoy attacked near Goma"
    assert all(len(item["text"]) <= 1500 for s in convoy["sources"] for item in s["evidence"])


def test_bad_seeds_stop_nothing_and_what_was_written_is_valid(run):
    seeds, content, _result = run
    assert from_seed(content, "050_good.txt")
    manifest = (content / ".chronicle" / "manifest.json").read_text("utf-8")
    for good in ("004_latin1.txt", "005_utf16.txt", "009_arabic.txt", "010_run_on.txt", "050_good.txt"):
        assert good in manifest
    for bad in ("001_empty.txt", "008_html.txt", "011_fifty_megabytes.txt"):
        assert bad not in manifest
    check = run_chronicle("check", "--content", str(content))
    assert check.returncode == 0, check.stderr


def test_a_quoted_tag_in_an_article_is_not_an_html_page(tmp_path):
    from chronicle.extract.seed import read_seed

    path = tmp_path / "hostile.txt"
    path.write_bytes((ARTICLES / "nairobi_hostile.txt").read_bytes())
    assert "<script>" in read_seed(path).text
