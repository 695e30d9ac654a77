"""read_seed / list_seeds: good seeds are decoded and normalised, bad ones stop with file:line."""

from __future__ import annotations

import hashlib

import pytest

from chronicle.core.settings import max_seed_bytes
from chronicle.extract.seed import SeedError, list_seeds, read_seed

FLOOD = "River bursts its banks in Marlow Vale\r\n\r\nHundreds of homes were flooded on Sunday.\rRescue teams used boats.\r\n"


def test_reads_text_normalises_newlines_and_hashes_raw_bytes(tmp_path):
    path = tmp_path / "flood.txt"
    path.write_bytes(FLOOD.encode("utf-8"))
    seed = read_seed(path)
    assert seed.name == "flood.txt"
    assert "\r" not in seed.text
    assert seed.text.splitlines()[3] == "Rescue teams used boats."
    assert seed.sha256 == hashlib.sha256(FLOOD.encode("utf-8")).hexdigest()


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbfVoters queue in Eastbrook\n")
    assert read_seed(path).text == "Voters queue in Eastbrook\n"


def test_cp1252_smart_quotes_are_accepted(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Striker scores late\n\n\u201cWe never gave up,\u201d the captain said.\n".encode("cp1252"))
    assert "\u201cWe never gave up,\u201d" in read_seed(path).text


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n"])
def test_empty_seed_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(SeedError) as error:
        read_seed(path)
    assert str(error.value).startswith(f"{path}:1: empty seed")
    assert " — " in str(error.value)


def test_nul_byte_names_its_line(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"Ransomware hits council\n\nSystems were\x00 down.\n")
    with pytest.raises(SeedError) as error:
        read_seed(path)
    assert error.value.line == 3
    assert f"{path}:3: binary content" in str(error.value)


def test_mostly_control_characters_is_binary(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(1, 9)) * 50 + b"text")
    with pytest.raises(SeedError, match="non-text"):
        read_seed(path)


def test_undecodable_bytes_are_refused_with_line(tmp_path):
    path = tmp_path / "latin.txt"
    # 0x81 and 0x8d are undefined in cp1252 too, so no fallback applies.
    path.write_bytes(b"Merger agreed\n\nThe deal \x81\x8d was signed.\n")
    with pytest.raises(SeedError) as error:
        read_seed(path)
    assert error.value.line == 3
    assert "not UTF-8" in str(error.value) and "re-save the file as UTF-8" in str(error.value)


def test_oversized_seed_says_how_to_fix(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("Protest march\n\n" + "Crowds gathered. " * 100, encoding="utf-8")
    with pytest.raises(SeedError) as error:
        read_seed(path, max_bytes=500)
    assert str(path) in str(error.value)
    assert "split it or raise the limit CHRONICLE_MAX_SEED_BYTES" in str(error.value)


def test_max_seed_bytes_from_environment():
    assert max_seed_bytes({}) == 2_000_000
    assert max_seed_bytes({"CHRONICLE_MAX_SEED_BYTES": "5_000_000"}) == 5_000_000
    with pytest.raises(ValueError):
        max_seed_bytes({"CHRONICLE_MAX_SEED_BYTES": "lots"})


def test_list_seeds_is_sorted_and_skips_hidden_and_other_files(tmp_path):
    for name in ["b.txt", "A.md", "a.txt", ".swap.txt", "notes.csv", "c.TXT"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "dir.txt").mkdir()
    assert [p.name for p in list_seeds(tmp_path)] == ["A.md", "a.txt", "b.txt", "c.TXT"]


def test_list_seeds_missing_directory(tmp_path):
    with pytest.raises(SeedError, match="not found"):
        list_seeds(tmp_path / "nope")


def test_unreadable_path_is_a_seed_error(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    for path in (tmp_path / "missing.txt", tmp_path / "folder.txt"):
        with pytest.raises(SeedError, match="cannot read seed"):
            read_seed(path)
