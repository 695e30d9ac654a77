"""OutputDir: files written only when their bytes change, whole or piece by piece."""

from __future__ import annotations

import os

import pytest

from chronicle.engine.outputs import OutputDir


def pieces(text: str, size: int):
    return (text[i:i + size] for i in range(0, len(text), size))


def age(path, seconds: int = 100) -> int:
    """Set a file's mtime in the past, so a rewrite would show; returns that mtime."""
    stat = os.stat(path)
    old = stat.st_mtime_ns - seconds * 10**9
    os.utime(path, ns=(old, old))
    return old


@pytest.mark.parametrize("write_as", ["text", "pieces"])
def test_new_file_is_written_and_counted(tmp_path, write_as):
    out = OutputDir(tmp_path)
    text = "é" * 5000 + "end\n"
    data = text if write_as == "text" else pieces(text, 7)
    assert out.write("a/b/c.json", data) is True
    assert (tmp_path / "a/b/c.json").read_text("utf-8") == text
    assert out.changed == 1
    assert out.written["a/b/c.json"][0] == len(text.encode("utf-8"))
    assert not [p for p in (tmp_path / "a/b").iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.parametrize("size", [1, 3, 4096, 100_000])
def test_same_text_in_pieces_keeps_the_file_and_its_mtime(tmp_path, size):
    text = "".join(f"line {i} ü\n" for i in range(2000))
    OutputDir(tmp_path).write("d/x.csv", text)
    old = age(tmp_path / "d/x.csv")
    out = OutputDir(tmp_path)
    assert out.write("d/x.csv", pieces(text, size)) is False
    assert os.stat(tmp_path / "d/x.csv").st_mtime_ns == old
    assert out.changed == 0
    assert out.written["d/x.csv"] == (len(text.encode("utf-8")), old)
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["x.csv"]


@pytest.mark.parametrize("new", ["abc", "abcdef-longer", "abX", "", "ab"])
def test_changed_text_in_pieces_replaces_the_file(tmp_path, new):
    OutputDir(tmp_path).write("f.txt", "abcdef")
    old = age(tmp_path / "f.txt")
    out = OutputDir(tmp_path)
    assert out.write("f.txt", pieces(new, 2)) is True
    assert (tmp_path / "f.txt").read_text() == new
    assert os.stat(tmp_path / "f.txt").st_mtime_ns != old
    assert out.changed == 1


def test_a_failing_piece_leaves_the_old_file_whole(tmp_path):
    OutputDir(tmp_path).write("g.json", "old content\n")

    def broken():
        yield "new "
        raise RuntimeError("the maker failed")

    with pytest.raises(RuntimeError):
        OutputDir(tmp_path).write("g.json", broken())
    assert (tmp_path / "g.json").read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_file_not_there_yet_is_written_in_place_and_one_that_is_replaced_whole(tmp_path, monkeypatch):
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(b), real_replace(a, b)))
    out = OutputDir(tmp_path)
    for n in range(3):
        assert out.write(f"incidents/i{n}/index.html", f"page {n}") is True
    assert out.write("incidents/i0/extra.json", "{}") is True  # a second file, in a folder made already
    (tmp_path / "old").mkdir()
    assert out.write("old/new.html", "new") is True  # a folder another process (or build) made
    assert renamed == []  # no earlier version of any of them to keep whole
    (tmp_path / "old/kept.html").write_text("earlier text")
    assert OutputDir(tmp_path).write("old/kept.html", "later text") is True
    assert [os.path.basename(p) for p in renamed] == ["kept.html"]  # there before: temp + rename
    assert [(tmp_path / f"incidents/i{n}/index.html").read_text() for n in range(3)] == ["page 0", "page 1", "page 2"]
    assert (tmp_path / "old/kept.html").read_text() == "later text"
    assert out.changed == 5


def test_a_file_found_in_a_folder_it_thought_new_is_replaced_whole(tmp_path, monkeypatch):
    # Another process may write into a folder between this one making it and writing there.
    (tmp_path / "n").mkdir()
    (tmp_path / "n/x.html").write_text("someone else's longer text")
    monkeypatch.setattr("chronicle.engine.outputs._made_folder", lambda folder: True)
    out = OutputDir(tmp_path)
    assert out.write("n/x.html", "mine") is True
    assert (tmp_path / "n/x.html").read_text() == "mine"
    assert [p.name for p in (tmp_path / "n").iterdir()] == ["x.html"]


def test_held_files_are_written_when_the_block_ends_in_order(tmp_path):
    out = OutputDir(tmp_path)
    (tmp_path / "b").mkdir()
    (tmp_path / "b/x.html").write_text("old")
    with out.held():
        out.write("a/index.html", "<p>a</p>")
        out.write("b/x.html", "first")
        out.write("b/x.html", "second")  # the last write of a path wins, as without holding
        out.write("c/data.csv", pieces("x,y\n" * 1000, 64))  # text in pieces is not held
        assert not (tmp_path / "a").exists()
        assert (tmp_path / "b/x.html").read_text() == "old"
        assert (tmp_path / "c/data.csv").read_text() == "x,y\n" * 1000
    assert (tmp_path / "a/index.html").read_text() == "<p>a</p>"
    assert (tmp_path / "b/x.html").read_text() == "second"
    assert sorted(out.written) == ["a/index.html", "b/x.html", "c/data.csv"]
    assert out.changed == 4  # the csv, the page, and b/x.html replaced twice
    written, changed, seconds = out.taken()
    assert changed == 4 and seconds >= 0.0 and out.held_seconds == 0.0


def test_a_failing_block_writes_none_of_what_it_held(tmp_path):
    out = OutputDir(tmp_path)
    with pytest.raises(RuntimeError):
        with out.held():
            out.write("a/index.html", "<p>a</p>")
            raise RuntimeError("a template failed")
    assert not (tmp_path / "a").exists()
    assert out.written == {} and out.changed == 0
    out.write("b.txt", "after")  # holding ended with the block
    assert (tmp_path / "b.txt").read_text() == "after"


def test_a_held_block_inside_another_leaves_the_writing_to_the_outer_one(tmp_path):
    out = OutputDir(tmp_path)
    with out.held():
        with out.held():
            out.write("x.txt", "x")
        assert not (tmp_path / "x.txt").exists()
    assert (tmp_path / "x.txt").read_text() == "x"


def test_a_held_block_writes_in_turns_of_held_files(tmp_path):
    from chronicle.engine.outputs import HELD_FILES
    out = OutputDir(tmp_path)
    with out.held():
        for n in range(HELD_FILES + 1):
            out.write(f"feeds/{n}.atom", f"<feed>{n}</feed>")
        on_disk = sorted(p.name for p in (tmp_path / "feeds").iterdir())
        assert len(on_disk) == HELD_FILES  # memory stays bounded however many files a task makes
    assert len(list((tmp_path / "feeds").iterdir())) == HELD_FILES + 1
    assert out.changed == HELD_FILES + 1
