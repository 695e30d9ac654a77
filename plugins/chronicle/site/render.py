"""Turning editor-written text into safe HTML and machine-readable metadata.

Everything an editor or the extractor wrote is untrusted: it may contain
markup copied from an article. Templates autoescape; the helpers here are
the only places that produce ``Markup``, and each says why it is safe.
"""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Iterable
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = ("http", "https")


_SPACE_OR_NUL = re.compile(r"[\s\x00]")  # \s: the characters str.isspace() is true of
# The common case, decided without urlsplit (a fifth of an incident page's context): http or
# https, a plain host name or IPv4 address, an optional port, and printable ASCII after it.
# urlsplit splits each such URL into that scheme and a non-empty host, without error; any other
# URL goes the general way. tests/site/test_render_text.py checks the two agree.
# ASCII: in Unicode mode, case-insensitive "s" would also match "ſ" (long s), which urlsplit
# does not take for a scheme character.
_PLAIN_WEB_URL = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]*)?(?:[/?#][!-~]*)?", re.ASCII | re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def safe_url(url: str | None) -> str | None:
    """The URL if it may become an href (http/https with a host), else None.

    Memoised: a source's URL is checked on its page, in feeds and in every download.
    """
    if not url:
        return None
    url = url.strip()
    if _PLAIN_WEB_URL.fullmatch(url):
        return url
    return _checked_url(url)


def _checked_url(url: str) -> str | None:
    """safe_url's general way, for a stripped URL."""
    # Browsers ignore tabs and newlines inside schemes ("java\tscript:"): reject them outright.
    if _SPACE_OR_NUL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def _markdown() -> MarkdownIt:
    # html=False: raw HTML in a summary is shown as text, never interpreted.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Remote images would let any source track readers, and have no reviewed alt text.
    md.disable("image")
    md.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    return md


_MD = _markdown()


# Rendered summaries by source text: a summary is shown on its page, in feeds and in downloads,
# and rendering it is the largest single cost of a build. Bounded, so a long-running
# `make regenerate` does not keep every version of every summary.
_RENDERED: dict[str, Markup] = {}
RENDERED_LIMIT = 50_000
# Summaries rendered ahead by the build (prime_markdown): their HTML and their plain text (for
# descriptions, JSON-LD and the calendar) in blocks of UTF-8 of a run of summaries each, and where
# each one is in its block. Render processes forked afterwards only read the blocks, so their pages
# stay shared between them; as 10,000 string objects, every page of them was copied into each
# process as soon as it touched their reference counts (25 MB each at 10,000 incidents).
_PRIMED_AT: dict[str, tuple] = {}  # text -> (block: bytes or memoryview, HTML starts, plain starts, ends)


def markdown(text: str) -> Markup:
    """Render a summary. Safe: all text is escaped and unsafe links dropped, by markdown-it or,
    for plain paragraphs, by ``paragraphs_html`` exactly as markdown-it would."""
    html = _RENDERED.get(text)
    if html is None:
        span = _PRIMED_AT.get(text)
        if span is not None:
            return Markup(str(span[0][span[1]:span[2]], "utf-8"))
        html = Markup(_html_of(text))
        _remember(text, html)
    return html


# Text whose blocks are all paragraphs: no tab, control character or whitespace other than spaces
# and line breaks, and every line starts with a letter, a quote or "(" after at most three
# spaces, so that no line opens or ends a block (list, heading, quote, fence, code block, rule,
# setext underline, link definition, HTML).
_NOT_BLOCK_PLAIN = re.compile(  # every str.isspace() character but " " and "\n" (as [^\S \n], 4x slower)
    "[\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_PLAIN_LINE_START = re.compile(r" {0,3}[^\W\d_]| *$| {0,3}[\"'(]")
# Characters that may start an inline rule (emphasis, code, links, entities, escapes, autolinks).
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>&]")


def paragraphs_html(text: str) -> str | None:
    """What markdown-it renders ``text`` as, when all its blocks are paragraphs; otherwise None.

    markdown-it's block parser was a quarter of rendering a summary, and its inline parser
    most of the rest: summaries are nearly always a few paragraphs of prose, with a little
    emphasis and a link or two. Each paragraph's text, as markdown-it's paragraph rule would
    take it, is escaped as its text rule would when no inline rule has anything to do; has its
    links and emphasis written out when they are of the plain kind (``_simple_inline``);
    and otherwise goes to markdown-it's inline parser. A property test
    (tests/site/test_render_text.py) checks the result against markdown-it, byte for byte, on
    generated text full of Markdown's special characters, links and emphasis.
    """
    if _NOT_BLOCK_PLAIN.search(text):
        return None
    parts, lines = [], []
    for line in [*text.split("\n"), ""]:
        if not _PLAIN_LINE_START.match(line):
            return None
        if line.strip(" "):
            lines.append(line)
        elif lines:
            parts.append("<p>" + _inline_html("\n".join(lines).strip(" ")) + "</p>\n")
            lines = []
    return "".join(parts)


def _inline_html(content: str) -> str:
    """A paragraph's content (lines joined, trimmed), rendered as markdown-it renders it."""
    if "  \n" in content:  # two spaces before a line break: <br />
        return _markdown_it_inline(content)
    # A line break is a soft break, with the spaces around it dropped (in plain text and the
    # simple markup only: "\\ " before a line break, for one, is not a break at all).
    tidy = "\n".join(line.strip(" ") for line in content.split("\n"))
    if not _INLINE_MARKUP.search(tidy):
        return xml_escape(tidy)
    html = _simple_inline(tidy)
    return html if html is not None else _markdown_it_inline(content)


def _markdown_it_inline(content: str) -> str:
    env: dict = {}
    return _MD.renderer.renderInline(_MD.parseInline(content, env)[0].children, _MD.options, env)


# The inline markup summaries mostly have, in the form CommonMark can read one way only: a link
# with a plain label and a URL of unreserved characters (& but no ;, so no entity to decode), and
# single-star emphasis that opens after a space or line break before a letter or digit, and closes
# after a letter or digit before a space, line break or one of .,;:!?) (so that neither star could
# be read the other way round).
_SIMPLE_INLINE = re.compile(r"\[([^\[\]\\`*_<>&!\n]+)\]\(([A-Za-z0-9/:._~?=#%&+-]+)\)|\*|[^\[\]\\`*_<>&!]+|!(?!\[)")
_OPENS_AFTER, _CLOSES_BEFORE = " \n", " \n.,;:!?)"


def _simple_inline(content: str) -> str | None:
    """``content`` (soft breaks already tidied) as markdown-it renders it, when its only markup is
    such links and emphasis; else None."""
    out, pos, end, emphasis = [], 0, len(content), False
    while pos < end:
        match = _SIMPLE_INLINE.match(content, pos)
        if match is None:
            return None
        token = match.group()
        if token == "*":
            before = content[pos - 1] if pos else " "
            after = content[pos + 1] if pos + 1 < end else " "
            if not emphasis and before in _OPENS_AFTER and after.isalnum():
                out.append("<em>")
            elif emphasis and before.isalnum() and after in _CLOSES_BEFORE:
                out.append("</em>")
            else:
                return None
            emphasis = not emphasis
        elif match.group(1) is not None:
            href = normalized_link(match.group(2))
            if not _MD.validateLink(href):
                return None  # markdown-it would leave it as text
            out.append(f'<a href="{xml_escape(href)}">{xml_escape(match.group(1))}</a>')
        else:
            out.append(xml_escape(token))
        pos = match.end()
    return None if emphasis else "".join(out)


# A web link that markdown-it's normalizeLink gives back as it is: a lower-case host (its labels
# ASCII, so punycode leaves them), an optional port, and a path, query and fragment of characters
# mdurl keeps (no "%", which it checks for an escape). normalizeLink parses and rebuilds every URL
# in Python: a third of rendering a summary's links. (tests/site/test_render_text.py holds the two equal.)
_NORMAL_LINK = re.compile(r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9/._~?=#&+-]*)?",
                          re.ASCII)


def normalized_link(url: str) -> str:
    """``url`` as markdown-it normalises a link destination."""
    return url if _NORMAL_LINK.fullmatch(url) else _MD.normalizeLink(url)


def _html_of(text: str) -> str:
    """A summary rendered afresh (see ``markdown``)."""
    return (paragraphs_html(text) or _MD.render(text)) if text and text.strip() else ""


def render_ahead(texts: list[str]) -> tuple[bytes, list[int]]:
    """Summaries made ready for ``prime_markdown``, in another process: each one's HTML and plain
    text as one block of UTF-8, and the length of each of those parts, in turn."""
    block, lengths = io.BytesIO(), []
    for text in texts:
        # Not through markdown(): its memo would keep a second copy of everything sent back.
        html = _html_of(text)
        for part in (html, _plain_text(text)):
            lengths.append(block.write(part.encode("utf-8")))
    return block.getvalue(), lengths


def prime_markdown(texts: list[str], rendered: Iterable[tuple[bytes | memoryview, list[int]]]) -> None:
    """Take in summaries made ready elsewhere (another build process): ``texts`` in order, and
    what ``render_ahead`` made of them, a run of them at a time. The build renders every summary
    once, in parallel, before pages and feeds use them. They replace those primed before (by the
    previous build of a long-running `make regenerate`)."""
    global _PRIMED_AT
    at, names = {}, iter(texts)
    for block, lengths in rendered:
        offset = 0
        for html, plain in zip(lengths[::2], lengths[1::2]):
            at[next(names)] = (block, offset, offset + html, offset + html + plain)
            offset += html + plain
    _PRIMED_AT = at


def _remember(text: str, html: Markup) -> None:
    if len(_RENDERED) >= RENDERED_LIMIT:
        _RENDERED.clear()
    _RENDERED[text] = html


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_PUNCT = re.compile(r"[*`]|^\s*(?:#+|>|[-+] )\s*", re.MULTILINE)


def collapse_space(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (str.split: a few times faster than a regex)."""
    return " ".join(text.split())


def plain_text(text: str) -> str:
    """Markdown source as plain text, for meta descriptions and JSON-LD."""
    span = _PRIMED_AT.get(text)
    if span is not None:
        return str(span[0][span[2]:span[3]], "utf-8")
    return _plain_text(text)


# Where _MD_PUNCT's second part could match: a line that starts, after spaces, with a block mark.
_LINE_MARK = re.compile(r"^\s*(?:#|>|[-+] )", re.MULTILINE)


def _plain_text(text: str) -> str:
    text = text or ""
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)  # [label](url) -> label
    if _LINE_MARK.search(text):
        text = _MD_PUNCT.sub("", text)
    else:  # no line starts with a mark: all _MD_PUNCT would take is * and `, found far faster so
        text = text.replace("*", "").replace("`", "")
    return collapse_space(text)


def shorten(text: str, limit: int = 160) -> str:
    """Cut text at a word boundary for a meta description."""
    head = collapse_space((text or "")[: 4 * limit])
    # Spaces collapse only inside what is kept, so a head longer than the limit cuts the same.
    text = head if len(head) > limit else collapse_space(text or "")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return cut + "…"


def inert_json(data, sort_keys: bool = False) -> str:
    """JSON text that cannot end or alter an HTML <script> it is pasted into.

    ``<``, ``>`` and ``&`` become \\u003c, \\u003e, \\u0026, so text such as
    ``</script>`` or ``<!--`` stays inert; U+2028 and U+2029 are escaped too so the
    output is also valid JavaScript. Still plain JSON to every JSON parser.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def json_ld(data: dict) -> Markup:
    """JSON-LD for a <script type="application/ld+json"> block. Safe: see ``inert_json``."""
    return Markup(inert_json(data, sort_keys=True))


def xml_escape(text: str) -> str:
    """& < > and " as entities: for XML, and as markdown-it escapes text and attributes."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
