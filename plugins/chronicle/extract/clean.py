"""Stage 2: strip scraper noise from seed text, keeping line numbers.

Scraped articles carry captions (often twice, once with a photo credit), widget
errors, share buttons, promos and bullets. Left in, a caption becomes the "lead
sentence" and a promo becomes a publisher claim. The patterns live in
``data/noise.yaml`` so editors can add a site's junk without touching code;
``NoiseRules`` is that file compiled once and passed in.

Phrases only catch junk someone has seen before, so most of the work is done by
page structure (``_mark_structure``, ``_masthead_headline``): prose is long and ends
sentences; furniture (kickers, menus, teaser lists, stamps, bylines, captions with
their credits, author bios) is short, unfinished, listed, or sits in the masthead
above the headline. A page's stamp line ("Published 22.09.2026") dates a page that
has no ``Date:`` header.

Removed lines are transparent: they neither end a paragraph nor appear in it,
so an advert between two wrapped lines does not split a sentence. Every removal
is recorded in ``CleanedText.removed`` with its reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path


from chronicle.extract.article import CleanedText, RemovedLine, TextLine
from chronicle.extract.date_text import parse_date_text, parse_dateline
from chronicle.core.datafile import read_rules

DEFAULT_NOISE_FILE = Path(__file__).resolve().parent.parent / "data" / "noise.yaml"
HEADER_KEYS = ("title", "date", "source", "url")
_HEADER_LINE = re.compile(r"^\s*(title|date|source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_OTHER_HEADER_LINE = re.compile(r"^\s*[A-Za-z][\w-]{0,19}\s*:\s*\S")
# What a finished sentence (or line of prose) ends with.
_TERMINAL = ".!?:;\"”’)…]"


@dataclass(frozen=True)
class NoiseRule:
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class CreditPattern:
    explicit: bool  # a "Photo:"-style label: the line is a caption even without a twin
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class StructureRules:
    """The ``structure`` section of noise.yaml: how page furniture is told from prose."""

    furniture_max_words: int
    wrap_max_chars: int
    kicker_max_words: int
    menu_separators: re.Pattern[str]
    menu_min_items: int
    menu_item_max_words: int
    headline_run: int
    list_label: re.Pattern[str]
    byline: re.Pattern[str]
    bio: re.Pattern[str]
    bio_tail_units: int
    stamp_label: re.Pattern[str]
    date_line_word: re.Pattern[str]
    stamp_day_first: bool


@dataclass(frozen=True)
class NoiseRules:
    """``noise.yaml``, compiled. Immutable so it can be shared between articles."""

    line_rules: tuple[NoiseRule, ...]
    promo_rules: tuple[NoiseRule, ...]
    widget_line: re.Pattern[str]
    bullet: re.Pattern[str]
    bullet_only: re.Pattern[str]
    credit_patterns: tuple[CreditPattern, ...]
    image_agencies: frozenset[str]  # casefolded
    publisher_words: frozenset[str]  # casefolded
    scraper_artifacts: frozenset[str]  # casefolded
    caption_max_words: int
    caption_twin_distance: int
    structure: StructureRules


def _load_structure(data: dict) -> StructureRules:
    labels = "|".join(f"(?:{label})" for label in data["list_labels"])
    return StructureRules(
        furniture_max_words=int(data["furniture_max_words"]),
        wrap_max_chars=int(data["wrap_max_chars"]),
        kicker_max_words=int(data["kicker_max_words"]),
        menu_separators=re.compile(data["menu_separators"]),
        menu_min_items=int(data["menu_min_items"]),
        menu_item_max_words=int(data["menu_item_max_words"]),
        headline_run=int(data["headline_run"]),
        list_label=re.compile(rf"^(?:{labels})\s*[:|\-–—]?$", re.IGNORECASE),
        byline=re.compile(data["byline"]),
        bio=re.compile(data["bio"]),
        bio_tail_units=int(data["bio_tail_units"]),
        stamp_label=re.compile(data["stamp_label"], re.IGNORECASE),
        date_line_word=re.compile(data["date_line_words"]),
        stamp_day_first=bool(data.get("stamp_day_first", True)),
    )


def _compile(entry: dict) -> re.Pattern[str]:
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    return re.compile(entry["pattern"], flags)


def load_noise_rules(path: Path | None = None) -> NoiseRules:
    """Read and compile a noise file (the packaged ``noise.yaml`` by default)."""
    data = read_rules(path or DEFAULT_NOISE_FILE)
    glyphs = re.escape(data["bullet_glyphs"])
    ascii_bullets = re.escape(data["ascii_bullets"])
    widget = "|".join(f"(?:{phrase})" for phrase in data["widget_phrases"])
    return NoiseRules(
        line_rules=tuple(NoiseRule(r["reason"], _compile(r)) for r in data["line_rules"]),
        promo_rules=tuple(NoiseRule(r["reason"], _compile(r)) for r in data["promo_rules"]),
        widget_line=re.compile(rf"^(?:(?:{widget})\s*)+$", re.IGNORECASE),
        bullet=re.compile(rf"^(?:[{glyphs}]\s*|[{ascii_bullets}]\s+)+"),
        bullet_only=re.compile(rf"^[{glyphs}{ascii_bullets}\s]+$"),
        credit_patterns=tuple(CreditPattern(bool(c.get("explicit")), _compile(c)) for c in data["credit_patterns"]),
        image_agencies=frozenset(a.casefold() for a in data["image_agencies"]),
        publisher_words=frozenset(w.casefold() for w in data["publisher_words"]),
        scraper_artifacts=frozenset(a.casefold() for a in data["scraper_artifacts"]),
        caption_max_words=int(data["caption_max_words"]),
        caption_twin_distance=int(data["caption_twin_distance"]),
        structure=_load_structure(data["structure"]),
    )


@functools.cache
def default_noise_rules() -> NoiseRules:
    """The packaged rules, compiled once per process (the result is immutable)."""
    return load_noise_rules()


# --- header and headline -------------------------------------------------------


def parse_header(lines: list[TextLine]) -> tuple[dict[str, str], int]:
    """An optional ``Key: value`` block at the top, ended by a blank line.

    Returns the header (lower-cased keys: title, date, source, url) and the index
    of the first line after it. Other one-word keys ("Author:") are tolerated and
    ignored, but only in a block that has a known key: ``({}, 0)`` otherwise, so an
    article whose first line happens to contain a colon is never eaten.
    """
    start = next((i for i, line in enumerate(lines) if line.text.strip()), len(lines))
    header: dict[str, str] = {}
    index = start
    while index < len(lines) and lines[index].text.strip():
        match = _HEADER_LINE.match(lines[index].text)
        if match and match.group(1).lower() not in header:
            header[match.group(1).lower()] = match.group(2)
        elif not _OTHER_HEADER_LINE.match(lines[index].text):
            # A header already read ends at the first other line: scrapers glue share
            # bars and bylines straight under it ("Share on Facebook | Share on X").
            return (header, index) if header else ({}, 0)
        index += 1
    return (header, index) if header else ({}, 0)


def _strip_markdown_heading(text: str) -> str:
    return re.sub(r"^#+\s*", "", text.strip())


def find_headline(
    lines: list[TextLine], start: int, header: dict[str, str], rules: NoiseRules
) -> tuple[TextLine | None, int, list[RemovedLine]]:
    """The headline, the index where the body starts, and noise lines skipped above it.

    A header ``Title:`` is the headline (its line number is the Title line).
    Otherwise the first non-empty line that is not noise ("Advertisement",
    a lone bullet) is the headline; after a header without a title it must look
    like one (one line, no full stop) or there is none. A wire story pasted
    without a headline starts with its dateline: no headline then, or the lead
    paragraph would be lost.
    """
    if "title" in header:
        title_line = next(
            line for line in lines[:start] if (key := _HEADER_LINE.match(line.text)) and key.group(1).lower() == "title"
        )
        headline = TextLine(header["title"], title_line.lineno)
        # Scrapers often repeat the title as the first body line, sometimes below noise
        # such as a share bar: drop the repeat, and the noise above it.
        skipped: list[RemovedLine] = []
        for index in range(start, len(lines)):
            text = _strip_markdown_heading(lines[index].text)
            if not text:
                continue
            if _norm(text) == _norm(header["title"]):
                return headline, index + 1, skipped + [RemovedLine(lines[index].lineno, text, "headline")]
            reason = _top_noise_reason(text, rules) or ("kicker" if _is_kicker(text, rules) else None)
            if not reason:
                break
            skipped.append(RemovedLine(lines[index].lineno, text, reason))
        return headline, start, []
    masthead = _masthead_headline(lines, start, rules)
    if masthead is not None:
        return masthead
    skipped: list[RemovedLine] = []
    for index in range(start, len(lines)):
        text = _strip_markdown_heading(lines[index].text)
        if not text:
            continue
        reason = _top_noise_reason(text, rules)
        if reason:
            skipped.append(RemovedLine(lines[index].lineno, text, reason))
            continue
        if parse_dateline(text):
            break
        if _is_kicker(text, rules) and _headline_follows(lines, index + 1, rules):
            # "Wage strike" above "Dockers walk out over pay": the section's label, not the title.
            skipped.append(RemovedLine(lines[index].lineno, text, "kicker"))
            continue
        if header:
            next_is_blank = index + 1 >= len(lines) or not lines[index + 1].text.strip()
            if not next_is_blank or text.endswith("."):
                break
        return TextLine(text, lines[index].lineno), index + 1, skipped
    return None, start, []


def _is_date_line(text: str, rules: NoiseRules) -> bool:
    """A line that is only a date and time ("Monday 17 August 2026, 07:02 CAT")."""
    tokens = text.replace(",", " ").split()
    return bool(tokens) and len(tokens) <= 8 and any(re.search(r"\d{4}", t) for t in tokens) and all(
        rules.structure.date_line_word.fullmatch(t.lower()) or (t.isupper() and 2 <= len(t) <= 5) for t in tokens)


def page_stamp(text: str, rules: NoiseRules) -> tuple[int, str] | None:
    """``(rank, date text)`` of a stamp line: 0 published, 1 a bare date, 2 updated; None otherwise.

    "Published 22.09.2026 18:55 | Updated 23.09.2026" gives (0, "22.09.2026 18:55"); a byline
    glued after the date ("Posted 15/08/2026 at 22:31 by Oliver Grant") is cut off.
    """
    if len(_words(text)) > 2 * rules.structure.furniture_max_words or _ends_sentence(text.rstrip(")")):
        return None
    best: tuple[int, str] | None = None
    for part in re.split(r"\s*[|•·]\s*", text):
        match = rules.structure.stamp_label.match(part)
        if match:
            rank, value = (0 if match["first"] else 2), part[match.end():]
        elif _is_date_line(part, rules):
            rank, value = 1, part
        else:
            continue
        value = re.split(r"\s+by\s+", value, maxsplit=1)[0].strip(" -–—,")
        if re.search(r"\d{4}|\bago\b|\d[:.]\d{2}", value) and (best is None or rank < best[0]):
            best = (rank, value)
    return best


def page_date(lines: list[TextLine], start: int, rules: NoiseRules) -> str | None:
    """The date a page's stamp lines give, read above the first paragraph of prose."""
    best: tuple[int, str] | None = None
    for line in lines[start : start + 30]:
        text = line.text.strip()
        if _is_prose(text, rules):
            break
        stamp = page_stamp(text, rules) if text else None
        if stamp and re.search(r"\d{4}", stamp[1]) and (best is None or stamp[0] < best[0]):
            best = stamp
    return _settled_date(best[1], rules) if best else None


def _settled_date(value: str, rules: NoiseRules) -> str:
    """A stamp date as an ISO date when its numbers alone leave day and month open."""
    if parse_date_text(value) is not None:
        return value
    match = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", value)
    if not match:
        return value
    a, b, year = (int(g) for g in match.groups())
    day, month = (a, b) if rules.structure.stamp_day_first else (b, a)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return value


def _is_prose(text: str, rules: NoiseRules) -> bool:
    return bool(parse_dateline(text)) or (
        _ends_sentence(text) and len(_words(text)) > rules.structure.furniture_max_words)


def _is_metadata_line(text: str, rules: NoiseRules) -> bool:
    """What sits under a headline: a stamp, a byline, a credited photo caption, a share bar."""
    if page_stamp(text, rules) or (len(_words(text)) <= rules.structure.furniture_max_words
                                   and rules.structure.byline.match(text)):
        return True
    credit = split_credit(text, rules)
    if credit and (credit[2] or names_image_agency(credit[1], rules)):
        return True
    return line_rule_reason(text, rules) in ("share", "timestamp", "byline")


def _masthead_headline(lines: list[TextLine], start: int, rules: NoiseRules
                       ) -> tuple[TextLine, int, list[RemovedLine]] | None:
    """A page top without blank lines: site name, menus, kickers, headline, stamp, byline.

    The headline is the last line written like one (a few words, no full stop, not a menu,
    stamp or byline) before the first stamp, byline or credited caption; what stands above it
    is the masthead. None when the top of the page has no such metadata line.
    """
    candidates: list[int] = []
    for index in range(start, min(len(lines), start + 30)):
        text = _strip_markdown_heading(lines[index].text)
        if not text:
            continue
        following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
        if _is_prose(text, rules) or (not _ends_sentence(text) and following[:1].islower()):
            return None  # prose (or a wrapped line of it) before any stamp or byline
        if _is_metadata_line(text, rules):
            # the uncredited copy of a credited caption is not a headline
            candidates = [i for i in candidates
                          if not _norm(text).startswith(_norm(_strip_markdown_heading(lines[i].text)))]
            if not candidates:
                return None
            chosen = candidates[-1]
            if len(candidates) > 1 and len(_words(lines[chosen].text)) > rules.structure.furniture_max_words \
                    >= len(_words(lines[candidates[-2]].text)):
                chosen = candidates[-2]  # a long standfirst under the headline, not the headline
            skipped = [RemovedLine(lines[i].lineno, t, _top_noise_reason(t, rules) or "masthead")
                       for i in range(start, chosen) if (t := _strip_markdown_heading(lines[i].text))]
            return TextLine(_strip_markdown_heading(lines[chosen].text), lines[chosen].lineno), chosen + 1, skipped
        words = len(_words(text))
        if (not _top_noise_reason(text, rules) and not text.endswith(".")
                and rules.structure.kicker_max_words < words <= 2 * rules.structure.furniture_max_words):
            candidates.append(index)
    return None


def _top_noise_reason(text: str, rules: NoiseRules) -> str | None:
    """Why a line above the headline is noise: a lone bullet, a line rule, a menu."""
    if rules.bullet_only.match(text):
        return "bullet"
    return line_rule_reason(text, rules) or ("menu" if is_menu(text, rules) else None)


def _is_kicker(text: str, rules: NoiseRules) -> bool:
    return not _ends_sentence(text) and len(_words(text)) <= rules.structure.kicker_max_words


def _headline_follows(lines: list[TextLine], start: int, rules: NoiseRules) -> bool:
    """The next non-empty line reads like a headline: longer than a kicker, no full stop, not prose."""
    for line in lines[start:]:
        text = _strip_markdown_heading(line.text)
        if not text:
            continue
        if _top_noise_reason(text, rules):
            continue
        credit = split_credit(text, rules)
        if credit and (credit[2] or names_image_agency(credit[1], rules)):
            return False  # a caption under a short headline
        words = len(_words(text))
        return (rules.structure.kicker_max_words < words <= 2 * rules.structure.furniture_max_words
                and not text.endswith(".") and not parse_dateline(text) and not _HEADER_LINE.match(text))
    return False


# --- per-line noise ------------------------------------------------------------


def _norm(text: str) -> str:
    """Comparison key for caption copies: case, spacing and end punctuation ignored."""
    return " ".join(text.casefold().split()).rstrip(_TERMINAL + " ,")


def split_credit(text: str, rules: NoiseRules) -> tuple[str, str, bool] | None:
    """``(caption, credit, explicit)`` when the line ends with a photo credit."""
    for credit_pattern in rules.credit_patterns:
        match = credit_pattern.pattern.match(text)
        if match:
            return match.group("caption").strip(), match.group("credit").strip(), credit_pattern.explicit
    if text.casefold() in rules.image_agencies:
        return "", text, True
    return None


def _credit_parts(credit: str) -> list[str]:
    return [part.strip() for part in re.split(r"/|\bvia\b|,|;", credit) if part.strip()]


def names_image_agency(credit: str, rules: NoiseRules) -> bool:
    return any(part.casefold() in rules.image_agencies for part in _credit_parts(credit))


def _title_case_caps(name: str) -> str:
    """``THE GUARDIAN`` -> ``The Guardian`` but ``BBC NEWS`` -> ``BBC News``."""
    if not name.isupper():
        return name
    return " ".join(w.capitalize() if len(w) > 3 or w == "THE" else w for w in name.split())


def publisher_from_credit(credit: str, rules: NoiseRules) -> str | None:
    """A credit names the publisher only if it is one source that looks like a publication.

    Agencies, "Name/Agency" credits and bare personal names are not publishers.
    """
    if names_image_agency(credit, rules) or len(_credit_parts(credit)) != 1:
        return None
    name = _title_case_caps(credit.strip(" .()"))
    words = {w.casefold() for w in re.findall(r"[\w']+", name)}
    if name.startswith("The ") or words & rules.publisher_words:
        return _normalise_publisher(name)
    return None


def _normalise_publisher(name: str) -> str:
    name = name.strip(" .,'’")
    return "The " + name[4:] if name.startswith("the ") else name


def line_rule_reason(text: str, rules: NoiseRules) -> str | None:
    """Why a whole line is noise (widget, share, advert, ...), or None to keep it."""
    if text.casefold() in rules.scraper_artifacts:
        return "scraper"
    if rules.widget_line.match(text):
        return "widget"
    for rule in rules.line_rules:
        if rule.pattern.search(text):
            return rule.reason
    return None


def find_promo(text: str, rules: NoiseRules) -> tuple[int, list[str]] | None:
    """Where a promo starts in a line (at its start or after a sentence end) and the publishers it names."""
    starts = []
    for rule in rules.promo_rules:
        for match in rule.pattern.finditer(text):
            before = text[: match.start()].rstrip()
            if not before or before[-1] in _TERMINAL:
                starts.append(match.start())
                break
    if not starts:
        return None
    cut = min(starts)
    publishers = []
    for rule in rules.promo_rules:
        for match in rule.pattern.finditer(text, cut):
            name = match.groupdict().get("publisher")
            if name:
                publishers.append((match.start(), _normalise_publisher(name)))
    return cut, [name for _, name in sorted(publishers)]


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in _TERMINAL


# --- the stage -----------------------------------------------------------------


@dataclass
class _Line:
    """A body line while it is being cleaned (private, mutable only inside ``clean``)."""

    lineno: int
    text: str  # stripped, bullet glyph removed; "" for a blank line
    raw: str
    reason: str | None = None  # set when the line is removed

    @property
    def kept(self) -> bool:
        return bool(self.text) and self.reason is None


def _prepare(lines: list[TextLine], rules: NoiseRules) -> list[_Line]:
    """Strip whitespace and bullet glyphs; mark bullet-only lines."""
    prepared = []
    for line in lines:
        stripped = line.text.strip()
        if stripped and rules.bullet_only.match(stripped):
            prepared.append(_Line(line.lineno, stripped, line.text, "bullet"))
            continue
        prepared.append(_Line(line.lineno, rules.bullet.sub("", stripped).strip(), line.text))
    return prepared


def _cut_trailing_artifact(body: list[_Line], rules: NoiseRules, removed: list[RemovedLine]) -> None:
    """A scraper's empty-field marker glued to the last line ("... offer. none")."""
    last = next((line for line in reversed(body) if line.kept), None)
    if last is None:
        return
    head, _, tail = last.text.rpartition(" ")
    if head and tail.casefold() in rules.scraper_artifacts and _ends_sentence(head):
        removed.append(RemovedLine(last.lineno, tail, "scraper"))
        last.text = head.rstrip()


def _mark_captions(body: list[_Line], rules: NoiseRules, hints: list[tuple[int, str]]) -> None:
    """Remove credited captions and their uncredited copies nearby."""
    content = [i for i, line in enumerate(body) if line.kept]
    for pos, i in enumerate(content):
        line = body[i]
        split = split_credit(line.text, rules) if line.reason is None else None
        if split is None:
            continue
        caption, credit, explicit = split
        nearby = content[max(0, pos - rules.caption_twin_distance) : pos + rules.caption_twin_distance + 1]
        twins = [
            j
            for j in nearby
            if j != i
            and body[j].reason is None
            and len(_norm(body[j].text).split()) >= 2
            and _norm(line.text).startswith(_norm(body[j].text))
            and len(_norm(line.text)) > len(_norm(body[j].text))
        ]
        if not caption or twins:
            line.reason = "credit"
            if not caption and not twins and pos > 0:
                twins = _caption_above(body, i, content[pos - 1], rules)
        elif explicit or (names_image_agency(credit, rules) and len(_words(caption)) <= rules.caption_max_words):
            line.reason = "caption"
        else:
            continue
        for j in twins:
            body[j].reason = "caption"
        publisher = publisher_from_credit(credit, rules)
        if publisher:
            hints.append((line.lineno, publisher))


def _caption_above(body: list[_Line], credit_index: int, above: int, rules: NoiseRules) -> list[int]:
    """A credit on a line of its own ("Photo: Pool", "(AFP)") credits the line right above it."""
    adjacent = all(body[k].text and body[k].reason is not None for k in range(above + 1, credit_index))
    line = body[above]
    if adjacent and line.reason is None and len(_words(line.text)) <= rules.caption_max_words:
        return [above]
    return []


def _mark_line_noise(body: list[_Line], rules: NoiseRules) -> None:
    """Line rules, skipped on continuation lines of a wrapped sentence.

    A line that continues an unfinished sentence ("...urged voters to" /
    "sign up before Friday.") is prose, whatever it starts with.
    """
    previous: _Line | None = None
    for line in body:
        if not line.text:
            previous = None
            continue
        if line.reason is not None:
            continue
        continuation = previous is not None and not _ends_sentence(previous.text) and line.text[:1].islower()
        if not continuation:
            line.reason = line_rule_reason(line.text, rules)
        if line.reason is None:
            previous = line


def _cut_promos(body: list[_Line], rules: NoiseRules, removed: list[RemovedLine], hints: list[tuple[int, str]]) -> None:
    """Drop promo lines, and cut promos glued onto the end of a paragraph's line."""
    for line in body:
        promo = find_promo(line.text, rules) if line.kept else None
        if promo is None:
            continue
        cut, publishers = promo
        hints.extend((line.lineno, name) for name in publishers)
        if cut == 0:
            line.reason = "promo"
        else:
            removed.append(RemovedLine(line.lineno, line.text[cut:], "promo"))
            line.text = line.text[:cut].rstrip()


def _paragraphs(body: list[_Line]) -> list[list[TextLine]]:
    paragraphs: list[list[TextLine]] = [[]]
    for line in body:
        if not line.text:
            paragraphs.append([])
        elif line.reason is None:
            paragraphs[-1].append(TextLine(line.text, line.lineno))
    return [p for p in paragraphs if p]


def _mark_caption_after_headline(body: list[_Line], rules: NoiseRules) -> None:
    """A short, unpunctuated one-line first paragraph under the headline is a photo caption."""
    blocks: list[list[_Line]] = [[]]
    for line in body:
        if not line.text:
            blocks.append([])
        elif line.reason is None:
            blocks[-1].append(line)
    blocks = [b for b in blocks if b]
    if len(blocks) < 2 or len(blocks[0]) != 1:
        return
    first = blocks[0][0]
    if rules.structure.byline.match(first.text) or page_stamp(first.text, rules):
        return  # a byline or a stamp, which page structure names as such
    if not _ends_sentence(first.text) and len(first.text.split()) <= rules.caption_max_words:
        first.reason = "caption"


# --- page structure --------------------------------------------------------------
#
# Phrase rules catch the junk someone has seen before; structure catches the rest. Kept
# lines are grouped into units (up to a sentence end, a blank line, or a short line
# followed by a longer capitalised one); a unit that never ends a sentence and is short
# is furniture: a kicker, a heading, a teaser headline, "3 hours ago", a byline.

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_OPENERS = "\"'“‘([«"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_menu(text: str, rules: NoiseRules) -> bool:
    """"Home | World | Business": several short items between separators, no sentence."""
    structure = rules.structure
    items = [item.strip() for item in structure.menu_separators.split(text) if item.strip()]
    return (
        len(items) >= structure.menu_min_items
        and all(re.search(r"[^\W\d_]", item) and len(_words(item)) <= structure.menu_item_max_words for item in items)
        and not text.rstrip().endswith(".")
    )


def _headline_like(text: str) -> bool:
    """Written like a headline: no sentence end, a question, or Title Case."""
    long_words = [w for w in _words(text) if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in long_words) / len(long_words) if len(long_words) >= 2 else 0.0
    if text.rstrip().endswith("."):
        # a sentence full of names ("The African Union ... congratulated Zambians.") is prose
        return capitalised >= 0.8
    return not _ends_sentence(text) or text.rstrip().endswith("?") or capitalised >= 0.6


def _is_dateline_opening(text: str) -> bool:
    """A wire dateline alone on its line ("LAGOS, Nigeria (AP) —"): the lead follows it."""
    return parse_dateline(f"{text} The") is not None


def _starts_unit(previous: str, line: str) -> bool:
    """A short line followed by a longer capitalised one is not wrapped prose: it stands alone."""
    first = line.lstrip(_OPENERS)[:1]
    return (first.isupper() or first.isdigit()) and len(previous) < 0.6 * len(line) \
        and not previous.rstrip().endswith((",", "-", "–", "—"))


def _units(body: list[_Line], rules: NoiseRules) -> list[list[_Line]]:
    """Kept lines in units of text; a removed list label ("Most read") is a unit of its own."""
    units: list[list[_Line]] = []
    current: list[_Line] = []
    # Paragraph-per-line pages (lines longer than any wrap width) never continue a line in the next.
    wrapped = max((len(line.text) for line in body if line.kept), default=0) <= rules.structure.wrap_max_chars

    def close() -> None:
        nonlocal current
        if current:
            units.append(current)
        current = []

    for line in body:
        if not line.text:
            close()
            units.append([])  # a blank line: the end of a block
            continue
        if line.reason is not None:
            if rules.structure.list_label.match(line.text):
                close()
                units.append([line])
            continue
        if current and (not wrapped or _starts_unit(current[-1].text, line.text)):
            close()
        current.append(line)
        if _ends_sentence(line.text):
            close()
    close()
    return units


def _blocks(units: list[list[_Line]]) -> list[int]:
    """The block (run of lines between blank lines) each non-empty unit belongs to."""
    block, out = 0, []
    for unit in units:
        if unit:
            out.append(block)
        else:
            block += 1
    return out


def _unit_reason(unit: list[_Line], text: str, words: int, rules: NoiseRules) -> str | None:
    structure = rules.structure
    if _is_dateline_opening(text):
        return None
    if structure.list_label.match(text):
        return "list"
    if is_menu(text, rules):
        return "menu"
    if words <= structure.furniture_max_words and structure.byline.match(text):
        return "byline"
    if page_stamp(text, rules):
        return "timestamp"
    if _ends_sentence(text):
        return None
    if words <= structure.furniture_max_words:
        return "furniture"
    lines = [line.text for line in unit]
    if len(lines) > 1 and all(len(_words(t)) <= structure.furniture_max_words and t.lstrip(_OPENERS)[:1].isupper()
                              or t[:1].isdigit() for t in lines):
        return "list"  # headlines one under another, none ending a sentence
    return None


def _mark_structure(body: list[_Line], rules: NoiseRules) -> None:
    """Mark furniture by page structure: short unfinished units, headline lists, bios."""
    structure = rules.structure
    all_units = _units(body, rules)
    blocks = _blocks(all_units)
    units = [unit for unit in all_units if unit]
    texts = [" ".join(line.text for line in unit) for unit in units]
    sizes = [len(_words(text)) for text in texts]
    reasons: list[str | None] = []
    in_list = False  # under a "Most read" label, until prose resumes
    label_block = -1  # the block a label opened: all its short units are the list
    for unit, text, size, block in zip(units, texts, sizes, blocks):
        if unit[0].reason is not None:  # a list label removed by a line rule
            reasons.append(unit[0].reason)
            in_list, label_block = True, block
            continue
        reason = _unit_reason(unit, text, size, rules)
        if reason is None and in_list and size <= structure.furniture_max_words \
                and (block == label_block or _headline_like(text)):
            reason = "list"
        if reason == "list":
            label_block = block if structure.list_label.match(text) else label_block
            in_list = True
        elif reason is None:
            in_list, label_block = False, -1  # prose again: the list is over
        reasons.append(reason)
    # A run of short headline-like units is a list even where some end with a stop.
    run: list[int] = []
    for index in range(len(units) + 1):
        if index < len(units) and sizes[index] <= structure.furniture_max_words and _headline_like(texts[index]):
            run.append(index)
            continue
        if len(run) >= structure.headline_run:
            for member in run:
                reasons[member] = reasons[member] if reasons[member] not in (None, "furniture") else "list"
        run = []
    # An author's biography closes the article.
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    for index in kept[-structure.bio_tail_units:]:
        if structure.bio.match(texts[index]):
            reasons[index] = "bio"
    for unit, reason in zip(units, reasons):
        for line in unit:
            if line.reason is None and reason is not None:
                line.reason = reason


def clean(seed_text: str, rules: NoiseRules | None = None) -> CleanedText:
    """Split a seed into header, headline and clean paragraphs, recording what was removed."""
    rules = rules or default_noise_rules()
    lines = [TextLine(text, number) for number, text in enumerate(seed_text.split("\n"), start=1)]
    header, start = parse_header(lines)
    headline, body_start, removed = find_headline(lines, start, header, rules)
    if not header and headline is not None:
        # Some scrapers put the block under the headline: "Headline", "", "Date: ...", "".
        late, after = parse_header(lines[body_start:])
        if late:
            header, body_start = late, body_start + after
    if "date" not in header and (stamped := page_date(lines, start, rules)):
        # A page without a Date: header dates itself in a stamp line ("Published 22.09.2026").
        header = {**header, "date": stamped}
    body = _prepare(lines[body_start:], rules)
    hints: list[tuple[int, str]] = []

    _cut_trailing_artifact(body, rules, removed)
    _mark_captions(body, rules, hints)
    _mark_line_noise(body, rules)
    _cut_promos(body, rules, removed, hints)
    if headline is not None:
        _mark_caption_after_headline(body, rules)
    _mark_structure(body, rules)

    removed.extend(RemovedLine(line.lineno, line.raw.strip(), line.reason) for line in body if line.reason)
    return CleanedText(
        headline=headline,
        header=header,
        paragraphs=_paragraphs(body),
        removed=sorted(removed, key=lambda r: r.lineno),
        publisher_hints=list(dict.fromkeys(name for _, name in sorted(hints, key=lambda h: h[0]))),
    )
