"""The visual timeline: how many incidents each week or month, stacked by type group, as static SVG.

Drawn at build time into the page, so it shows without JavaScript and prints; a table beside it
(theme/templates/chart.html) says the same in text. Each bar with incidents carries its period's
key, the same key the search index files the incident under (filter ``period``), so finder.js can
narrow the list to exactly the incidents of a bar a reader clicks.

An incident is counted in the period its date starts in, when its date is known that precisely:
one known only to the month is not put in a week, nor one known only to the year in a month (the
chart says how many it leaves out). A range counts where it starts. Pure functions; text is
escaped here, so the SVG is safe to put in a page as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup, escape

from chronicle.core.dates import EventDate

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKS_UP_TO = 26  # a span of at most this many weeks is drawn week by week; longer ones month by month
# The table under the chart has a row per period up to this many periods (three years of months,
# where the axis too goes from quarters to years); a longer monthly chart's table has a row per
# year (each year's page lists its months with their counts), so a long timeline's page stays small.
TABLE_PERIODS = 36
# A chart of one period (a bar) says no more than the list under it, and offers nothing to choose.
MIN_PERIODS = 2
WIDTH, HEIGHT = 720, 190  # viewBox units
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 12, 150, 34, 712
# Type groups take these colours in the order of the vocabulary's groups A–Z, the same on every
# page; the legend and the table name them, so colour is never the only cue.
PALETTE = ("#1f6fb4", "#c2410c", "#6b3fa0", "#2e7d32", "#a3366b", "#8a6d00", "#00798c", "#5c5c5c",
           "#b03a2e", "#3d5a99", "#7a5230", "#4d7a2a")


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def week_key(day: dt.date) -> str:
    """The ISO week a day is in: "2024-W03" (weeks start on Monday)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_keys(date: EventDate) -> tuple[str, ...]:
    """The month and the week the incident is counted in, each only when its date says that much:
    both ends in one month (one week), or a range, counted where it starts."""
    lower, upper = date.lower, date.upper or date.lower
    if lower is None:
        return ()
    ranged = date.precision == "range"
    keys = []
    if ranged or month_key(lower) == month_key(upper):
        keys.append(month_key(lower))
    if ranged or week_key(lower) == week_key(upper):
        keys.append(week_key(lower))
    return tuple(keys)


@functools.lru_cache(maxsize=8192)  # a site has a few hundred weeks; charts and axes ask for each often
def week_start(key: str) -> dt.date:
    year, week = int(key[:4]), int(key[6:])
    return dt.date.fromisocalendar(year, week, 1)


@functools.lru_cache(maxsize=8192)  # a site has a few hundred periods; every chart names them
def period_label(key: str) -> str:
    if "-W" in key:
        start = week_start(key)
        return f"Week of {start.day} {MONTHS[start.month - 1]} {start.year}"
    return f"{MONTHS[int(key[5:7]) - 1]} {key[:4]}"


@functools.lru_cache(maxsize=8192)
def label_html(key: str) -> str:
    return html.escape(period_label(key))


@functools.lru_cache(maxsize=1024)  # many charts of one site span the same months
def months_between(first: str, last: str) -> tuple[str, ...]:
    first_year, last_year, start, end = int(first[:4]), int(last[:4]), int(first[5:7]) - 1, int(last[5:7])
    if first_year == last_year:
        return year_months(first_year)[start:end]
    # Pieced together from each year's months, made once: charts of a decade have 120 bars.
    return (year_months(first_year)[start:]
            + tuple([key for year in range(first_year + 1, last_year) for key in year_months(year)])
            + year_months(last_year)[:end])


@functools.lru_cache(maxsize=None)  # a few dozen years
def year_months(year: int) -> tuple[str, ...]:
    return tuple([f"{year:04d}-{month:02d}" for month in range(1, 13)])


@functools.lru_cache(maxsize=1024)
def weeks_between(first: str, last: str) -> tuple[str, ...]:
    day, end = week_start(first), week_start(last)
    keys = []
    while day <= end:
        keys.append(week_key(day))
        day += dt.timedelta(days=7)
    return tuple(keys)


# Bars and year rows are named tuples: a site's charts make tens of thousands of them, and a
# tuple is made several times faster than a frozen dataclass.
class Bar(NamedTuple):
    key: str  # "2024-01" or "2024-W03": the period filter's value
    label: str  # "January 2024", "Week of 15 January 2024"
    counts: tuple[int, ...]  # per group, in Chart.groups order
    total: int
    first: dt.date | None = None  # the earliest start of its incidents: its month has an archive page


class YearRow(NamedTuple):
    """A year of a long monthly chart, for its table."""

    year: int
    counts: tuple[int, ...]  # per group, in Chart.groups order
    total: int


@dataclass(frozen=True)
class Chart:
    unit: str  # "week" or "month"
    groups: tuple[tuple[str, str], ...]  # (type group, colour) of the groups drawn
    keys: tuple[str, ...]  # every period from the first to the last, empty ones too
    filled: tuple[Bar, ...]  # the bars of the periods with incidents, in order
    left_out: int  # dated incidents too vague for the unit
    subject: str  # "every incident on the timeline", "incidents involving X"
    svg: Markup

    # Worked out when asked, once. (A frozen dataclass keeps them in its __dict__ all the same.)
    @functools.cached_property
    def counted(self) -> int:
        return sum(bar.total for bar in self.filled)

    @functools.cached_property
    def years(self) -> tuple[YearRow, ...]:
        """The table's rows when a row per period would be too many (a monthly chart of more than
        TABLE_PERIODS months): a row per year with its counts by type group. Empty otherwise: the
        table has a row per period."""
        if self.unit != "month" or len(self.keys) <= TABLE_PERIODS:
            return ()
        # Every year from the first period's to the last's has a row, those with no incidents too.
        years = {year: [0] * len(self.groups) for year in range(int(self.keys[0][:4]), int(self.keys[-1][:4]) + 1)}
        for bar in self.filled:
            row = years[int(bar.key[:4])]
            for g, n in enumerate(bar.counts):
                row[g] += n
        return tuple(YearRow(year, tuple(counts), sum(counts)) for year, counts in years.items())

    @property
    def legend_html(self) -> Markup:
        """The legend: each type group drawn, with its colour (``legend_html``)."""
        return legend_html(self.groups)

    def table_html(self, root: str, month_url, year_url) -> Markup:
        """The chart as a table (``table_html``); ``root`` leads from the page to the site root,
        ``month_url`` and ``year_url`` are the site's addresses of a month's and a year's page."""
        return table_html(self, root, month_url, year_url)


def group_colours(all_groups) -> dict[str, str]:
    return {group: PALETTE[n % len(PALETTE)] for n, group in enumerate(sorted(set(all_groups)))}


def periods_drawn(periods) -> tuple[str, ...]:
    """The periods with incidents that a chart of incidents counted in ``periods`` (each incident's
    ``period_keys``) draws, in order: weeks when they span at most WEEKS_UP_TO weeks and leave out
    at most a quarter of what months draw, else months; () when no incident can be drawn."""
    months: set[str] = set()
    weeks: set[str] = set()
    in_months = in_weeks = 0  # incidents counted
    for keys in periods:
        for key in keys:
            if "-W" in key:
                weeks.add(key)
                in_weeks += 1
            else:
                months.add(key)
                in_months += 1
    if not months:
        return ()
    weekly = bool(weeks) and (week_start(max(weeks)) - week_start(min(weeks))).days <= 7 * WEEKS_UP_TO \
        and 4 * in_weeks >= 3 * in_months  # weeks leave out at most a quarter of what months draw
    return tuple(sorted(weeks if weekly else months))


def span(drawn: tuple[str, ...]) -> tuple[str, ...]:
    """Every period from the first of ``drawn`` to the last (weeks or months, as they are)."""
    return weeks_between(drawn[0], drawn[-1]) if "-W" in drawn[0] else months_between(drawn[0], drawn[-1])


def bar_index(bars: tuple[str, ...]) -> dict[str, int]:
    """Each bar's place among ``bars``, for ``bar_bits``: made once per chart, used for every dot."""
    return {key: n for n, key in enumerate(bars)}


def bar_bits(periods, index: dict[str, int]) -> int:
    """Which of a chart's bars (``index``) are among ``periods``, a bit per bar, as ``mask_text``
    writes them: the bits of several incidents combine with ``|``."""
    top = 4 * ((len(index) + 3) // 4) - 1  # bar n is bit top - n: the first bar the highest bit
    bits = 0
    for key in periods:
        if key in index:
            bits |= 1 << (top - index[key])
    return bits


def mask_text(bits: int, index: dict[str, int]) -> str:
    """``bar_bits`` in hexadecimal: digit n holds bars 4n to 4n + 3, the first of them as its
    highest bit ("8"), with trailing zero digits left off ("" for none). A map dot's periods in a
    few characters, however many incidents it has: at most a character per four bars (finder.js
    reads it)."""
    digits = (len(index) + 3) // 4
    return f"{bits:0{digits}x}".rstrip("0") if bits else ""


def build_chart(dated: list[tuple[EventDate, tuple[str, ...], str]], colours: dict[str, str],
                subject: str, filled: tuple[str, ...] | None = None) -> Chart | None:
    """The chart of incidents given as (date used for ordering, its ``period_keys``, type group); None
    when fewer than MIN_PERIODS periods have incidents to draw. Weeks when the incidents span at
    most WEEKS_UP_TO weeks, else months (``periods_drawn``, unless given as ``filled``)."""
    if filled is None:
        filled = periods_drawn(periods for _, periods, _ in dated)
    if len(filled) < MIN_PERIODS:
        return None
    keys = span(filled)
    use_weeks = "-W" in keys[0]
    unit = "week" if use_weeks else "month"
    counts: dict[tuple[str, str], int] = {}  # (period, type group) -> incidents
    counted = 0
    first: dict[str, dt.date] = {}
    # period_keys gives the month first and the week last, each when the date says that much.
    pick = -1 if use_weeks else 0
    for date, periods, group in dated:
        if not periods:
            continue
        key = periods[pick]
        if ("-W" in key) != use_weeks:
            continue
        counts[(key, group)] = counts.get((key, group), 0) + 1
        counted += 1
        earliest = first.get(key)
        if earliest is None or date.lower < earliest:
            first[key] = date.lower
    order = sorted(colours)
    drawn = sorted({group for (_, group) in counts}, key=lambda g: (order.index(g) if g in colours else 99, g))
    made = []
    for key in filled:
        per_group = tuple([counts.get((key, g), 0) for g in drawn])
        made.append(Bar(key, period_label(key), per_group, sum(per_group), first[key]))
    bars = tuple(made)
    groups = tuple((g, colours.get(g, PALETTE[-1])) for g in drawn)
    return Chart(unit, groups, keys, bars, len(dated) - counted, subject,
                 Markup(chart_svg(keys, bars, groups, unit, summary(keys, bars, unit, subject))))


def summary(keys: tuple[str, ...], filled: tuple[Bar, ...], unit: str, subject: str) -> str:
    """The chart's text alternative in a sentence: what it counts, over which span, and its peak."""
    busiest = max(filled, key=lambda bar: (bar.total, bar.key))
    total = sum(bar.total for bar in filled)
    span = period_label(keys[0]) if len(keys) == 1 else f"{period_label(keys[0])} to {period_label(keys[-1])}"
    return (f"Bar chart of {subject} by {unit}, {span}, stacked by type group: "
            f"{total} incident{'' if total == 1 else 's'}; the most, {busiest.total}, in {busiest.label}.")


def position(key: str, first: str) -> int:
    """Where the period ``key`` is among the bars of a chart that starts at period ``first``."""
    if "-W" in key:
        return (week_start(key) - week_start(first)).days // 7
    return (int(key[:4]) - int(first[:4])) * 12 + int(key[5:7]) - int(first[5:7])


def nice_top(value: int) -> int:
    """The y axis' top: the count rounded up to 1, 2 or 5 times a power of ten."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def tick_every(count: int, unit: str) -> tuple[str, int]:
    """Which bars get an axis label: months by year start (or quarters when few), weeks by month."""
    return ("month-start", 1) if unit == "week" else (("quarter", 3) if count <= TABLE_PERIODS else ("year", 12))


def chart_svg(keys: tuple[str, ...], filled: tuple[Bar, ...], groups, unit: str, title: str) -> str:
    """The chart of bars for ``keys`` (``filled`` those with incidents) as inline SVG, a graphic
    whose name (``title``) sums it up; the table after it (chart.html) gives every count.

    Compact, since a long timeline has hundreds of bars: the bars are drawn in a coordinate system
    of one unit per bar across and one per incident up (a scaled group), so each bar's coloured
    part is a few characters of one path per type group (a vertical line as wide as the bar), and
    each period with incidents has one rect, its name as a tooltip, to click."""
    top = nice_top(max((bar.total for bar in filled), default=1))
    span = PLOT_BOTTOM - PLOT_TOP
    step = (PLOT_RIGHT - PLOT_LEFT) / len(keys)
    out = [f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title">',
           f'<title id="chart-title">{html.escape(title)}</title>']
    # The axes' words are part of the picture: the graphic's name and the table say it all.
    out.append('<g aria-hidden="true">')
    for fraction in ((0, 0.5, 1) if top % 2 == 0 else (0, 1)):  # gridlines at whole numbers only
        y = PLOT_BOTTOM - span * fraction
        out.append(f'<line class="grid" x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="axis" x="{PLOT_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{round(top * fraction)}</text>")
    out.append("</g>")
    # x: bar n spans [n, n + 1]; y: incidents, upwards from the axis.
    out.append(f'<g transform="translate({PLOT_LEFT} {PLOT_BOTTOM}) scale({step:.4f} {-span / top:.4f})">')
    placed = [(position(bar.key, keys[0]), bar) for bar in filled]
    for n, bar in placed:
        # The whole column is the target to click, however small the bar.
        out.append(f'<g class="bar" data-period="{bar.key}"><title>{label_html(bar.key)}: {bar.total} '
                   f'incident{"" if bar.total == 1 else "s"}</title>'
                   f'<rect class="hit" x="{n}" width="1" height="{top}"/></g>')
    out.append('<g class="bars" stroke-width=".8">')
    segments: list[list[str]] = [[] for _ in groups]  # per type group, its part of each bar, stacked
    for n, bar in placed:
        base = 0
        for g, count in enumerate(bar.counts):
            if count:
                segments[g].append(f"M{n}.5 {base}v{count}")
                base += count
    for (_, colour), drawn in zip(groups, segments):
        if drawn:
            out.append(f'<path stroke="{colour}" d="{"".join(drawn)}"/>')
    out.append("</g></g>")
    out.append(x_axis_svg(keys, unit))
    out.append("</svg>")
    return "".join(out)


@functools.lru_cache(maxsize=1024)  # charts of a site often span the same periods
def x_axis_svg(keys: tuple[str, ...], unit: str) -> str:
    """The ticks and words under a chart of bars for ``keys``, spaced so that they never collide."""
    kind, _ = tick_every(len(keys), unit)
    step = (PLOT_RIGHT - PLOT_LEFT) / len(keys)
    last_label_x = -100.0
    out = ['<g aria-hidden="true">']
    # Only the first bar and the months axis_label names can have a label: every month of a
    # monthly chart is among ``keys`` (``span``), so those months are every 12th or 3rd bar.
    every = LABELLED_EVERY.get(kind)
    candidates = range(len(keys)) if every is None else \
        [0, *range(-(int(keys[0][5:7]) - 1) % every or every, len(keys), every)]
    for n in candidates:
        key = keys[n]
        label = axis_label(key, kind, first=n == 0)
        x = PLOT_LEFT + n * step
        if label and x - last_label_x >= 40:
            last_label_x = x
            out.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM + 5}"/>')
            out.append(f'<text class="axis" x="{x + 2:.1f}" y="{PLOT_BOTTOM + 18}">{label}</text>')
    out.append("</g>")
    return "".join(out)


# By tick_every's kind: a month axis_label names comes every this many months (January; or
# January, April, July and October).
LABELLED_EVERY = {"year": 12, "quarter": 3}


def axis_label(key: str, kind: str, first: bool = False) -> str:
    """The axis text under a bar, or "": the first bar always says where the chart starts."""
    if kind == "month-start":
        start = week_start(key)
        if first or start.day <= 7:
            return f"{MONTHS[start.month - 1][:3]} {start.year}" if first or start.month == 1 \
                else MONTHS[start.month - 1][:3]
        return ""
    month = int(key[5:7])
    if first:
        return f"{MONTHS[month - 1][:3]} {key[:4]}"
    if kind == "year":
        return key[:4] if month == 1 else ""
    if month in (1, 4, 7, 10):
        return f"{MONTHS[month - 1][:3]} {key[:4]}" if month == 1 else MONTHS[month - 1][:3]
    return ""


# -- the legend and the table: what theme/templates/chart.html puts beside the SVG --------------
# Written here rather than in the template for the same reason as the SVG: a 5,000-incident site
# has over a thousand charts, and these are most of a chart's markup. Text is escaped as the
# template's {{ ... }} escapes it (markupsafe), so the page is the same either way.


@functools.lru_cache(maxsize=256)  # a site's charts draw a few hundred sets of groups at most
def legend_html(groups: tuple[tuple[str, str], ...]) -> Markup:
    """The legend's list: a colour swatch and the name of each type group, in the chart's order."""
    items = "".join(f'<li><span class="swatch" style="background:{escape(colour)}" aria-hidden="true"></span>'
                    f"{escape(group)}</li>" for group, colour in groups)
    return Markup(f'<ul class="legend" aria-label="Type groups">\n{items}  </ul>')


def table_html(c: Chart, root: str, month_url, year_url) -> Markup:
    """The chart's counts as a table: a row per period with incidents, each a link to its month's
    page (finder.js narrows the list to it instead), or, for a long monthly chart, a row per year
    (``Chart.years``), each with incidents a link to its year's page. A column per type group."""
    root = escape(root)
    head = group_columns(c.groups)
    if c.years:
        caption = "Incidents per year, by type group (each year's page gives its months)"
        first_column = "Year"
        rows = []
        for row in c.years:
            year = f'<a href="{root}{escape(year_url(row.year))}">{row.year}</a>' if row.total else str(row.year)
            rows.append(f'      <tr><th scope="row">{year}</th>{cells(row.counts, row.total)}</tr>\n')
    else:
        caption = f"Incidents per {c.unit}, by type group ({c.unit}s with none left out)"
        first_column = c.unit.capitalize()
        rows = [f'      <tr><th scope="row"><a href="{root}{escape(month_url(bar.first.year, bar.first.month))}" '
                f'data-period="{bar.key}">{label_html(bar.key)}</a></th>{cells(bar.counts, bar.total)}</tr>\n'
                for bar in c.filled]
    return Markup(f"<table>\n    <caption>{caption}</caption>\n"
                  f'    <thead><tr><th scope="col">{first_column}</th>{head}<th scope="col">All</th></tr></thead>\n'
                  f"    <tbody>\n{''.join(rows)}    </tbody>\n  </table>")


@functools.lru_cache(maxsize=256)
def group_columns(groups: tuple[tuple[str, str], ...]) -> str:
    """The table's column heads for the type groups, as legend_html: once per set of groups."""
    return "".join(f'<th scope="col">{escape(group)}</th>' for group, _ in groups)


def cells(counts: tuple[int, ...], total: int) -> str:
    """A table row's counts: one per type group, then all of them."""
    return "".join([f"<td>{n}</td>" for n in counts]) + f"<td>{total}</td>"
