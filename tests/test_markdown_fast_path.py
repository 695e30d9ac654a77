"""render.plain_paragraphs: the fast path for summaries that are plain prose must give exactly
what markdown-it gives, and must not take text that is more than paragraphs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle import render

# Prose, and every character Markdown gives a meaning to, at the start of a line and inside it.
ALPHABET = st.sampled_from(list("abcXYZéß日 \n\n  \t") + list("0123456789") + list("\\`*_[]()<>&~!#+-=.:;,'\"|{}^$%@") +
                           ["1. ", "- ", "* ", "> ", "# ", "    ", "  \n", "&amp;", "\u00a0", "\r\n", "\x00", "\u2028"])
PROSE = st.lists(st.sampled_from(["The", "army", "said", "on", "Monday", "that", "12", "people", "died", "\"in\"",
                                  "(two)", "towns;", "it's", "over.", "\n", "\n\n", " ", "\n  ", "Zürich", "—"]),
                 max_size=40).map(" ".join)


def _standard(text: str) -> str:
    return render._MD.render(text)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(ALPHABET, max_size=30).map("".join), PROSE))
def test_plain_paragraphs_render_as_markdown_it_renders_them(text):
    fast = render.plain_paragraphs(text)
    if fast is not None:
        assert fast == _standard(text), repr(text)


def test_prose_takes_the_fast_path_and_markup_does_not():
    prose = ('The army said on Monday that 12 people, including "two" children, died.\n'
             "Officials (who asked not to be named) gave no figure; it's unclear. \n\n"
             "  A second paragraph, in Zürich — with a line\n   indented by three.\n\n\n")
    assert render.plain_paragraphs(prose) == _standard(prose)
    assert render.plain_paragraphs(prose).count("<p>") == 2
    for marked in ("Some *emphasis*", "a [link](https://example.org)", "1. a list", "# heading", "> quote",
                   "    code", "x &amp; y", "a <b>tag</b>", "a `code` span", "line  \nbreak", "- item",
                   "Title\n===", "tab\there", "back\\slash", "snake_case"):
        assert render.plain_paragraphs(marked) is None, marked


def test_markdown_uses_the_fast_path_without_changing_output():
    text = "Plain prose.\n\nTwo paragraphs of it."
    assert str(render.markdown(text)) == _standard(text) == "<p>Plain prose.</p>\n<p>Two paragraphs of it.</p>\n"
