// Search and timeline filters over the search index that `make html` writes to search/index/
// (search-index.js reads it).
//
// Progressive enhancement: every finder form is `hidden` in the HTML, so without JavaScript
// readers get the archive pages; this module shows the form and wires it up. A form's fields
// say what it does: `q` is the search text, any field with data-filter="name" narrows by
// that filter (a hidden one fixes it), and `from`/`to` months make a date range, sent as an
// any-of over the month filter (every month an incident overlaps is indexed).
// Everything is fetched from this site: this script, search-index.js and the index files.

import {SearchIndex, matchStrength, tokens} from "./search-index.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const PAGE_SIZE = 20;
const KIND_LABELS = {Incident: "Incidents", Actor: "Actors", Place: "Places"};
// A word as written, apostrophes inside it included: what a <mark> goes around.
const WRITTEN_WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2018\u2019\u02bc][\p{L}\p{N}\p{M}]+)*/gu;

const monthLabel = (key) => `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

let indexLoading = null;

function loadIndex(root) {
  // One index per page, read from this site (relative to the page, so any sub-path works).
  if (!indexLoading) {
    indexLoading = SearchIndex.open(new URL(`${root}search/index/`, document.baseURI).href);
    indexLoading.catch(() => { indexLoading = null; });
  }
  return indexLoading;
}

// Text with the words that answer the query in <mark>: built as text nodes and elements, so
// nothing in a title or summary can become markup.
function highlighted(text, words) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(WRITTEN_WORD)) {
    if (!tokens(match[0]).some((term) => words.some((word) => matchStrength(term, word)))) continue;
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    nodes.push(mark);
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

function span(className, text) {
  const el = document.createElement("span");
  el.className = className;
  el.textContent = text;
  return el;
}

function resultItem(data, root, level, showKind, words) {
  const item = document.createElement("li");
  const article = document.createElement("article");
  article.className = "entry";
  const heading = document.createElement(`h${level}`);
  heading.className = "entry-title";
  const link = document.createElement("a");
  link.href = root + data.url;
  link.append(...highlighted(data.title, words));
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "entry-meta";
  const parts = [];
  if (showKind) parts.push(span("kind", data.kind));
  if (data.date) parts.push(span("date", data.date));
  if (data.label) parts.push(span("type", data.label));
  parts.forEach((part, n) => {
    if (n) {
      const sep = span("sep", "·");
      sep.setAttribute("aria-hidden", "true");
      meta.append(" ", sep, " ");
    }
    meta.append(part);
  });
  article.append(heading, meta);
  // Without words, an excerpt would only repeat the start of each page: shown with a search.
  if (words.length && data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.append(...highlighted(data.excerpt, words));
    article.append(excerpt);
  }
  item.append(article);
  return item;
}

function fillSelect(select, counts, order, label) {
  const values = Object.keys(counts || {});
  values.sort(order === "newest" ? (a, b) => b.localeCompare(a)
    : order === "oldest" ? (a, b) => a.localeCompare(b)
    : (a, b) => a.localeCompare(b, undefined, {sensitivity: "base"}));
  for (const value of values) {
    select.add(new Option(`${label(value)} (${counts[value]})`, value));
  }
}

class Finder {
  constructor(form) {
    this.form = form;
    this.root = form.dataset.root;
    this.status = document.getElementById(form.dataset.status);
    this.section = document.getElementById(form.dataset.results);
    this.list = this.section.querySelector("ol");
    this.more = this.section.querySelector("button.more");
    this.replaces = form.dataset.replaces ? document.getElementById(form.dataset.replaces) : null;
    this.level = Number(form.dataset.level || 3);
    this.showKind = !form.querySelector("input[type=hidden][name=kind]");
    this.months = [];
    this.results = [];
    this.words = [];
    this.shown = 0;
    this.generation = 0;
    this.lastQuery = null;  // the criteria of the search on screen (or under way)
  }

  async start() {
    this.index = await loadIndex(this.root);
    this.months = Object.keys(this.index.filterValues("month")).sort();
    for (const select of this.form.querySelectorAll("select")) {
      const source = select.dataset.options || select.dataset.filter;
      const label = source === "month" ? monthLabel
        : source === "kind" ? (v) => KIND_LABELS[v] || v : (v) => v;
      fillSelect(select, this.index.filterValues(source), select.dataset.order, label);
    }
    this.restore(new URLSearchParams(location.search));
    const update = () => this.run().catch((error) => this.failed(error));
    this.form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
    this.form.addEventListener("change", update);
    this.form.addEventListener("reset", () => {
      // A reset leaves hidden fields as they are: the chosen period goes with the rest.
      for (const field of this.form.querySelectorAll("input[data-state]")) field.value = "";
      setTimeout(update);
    });
    const query = this.form.elements.namedItem("q");
    if (query) {
      let timer = null;
      query.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 250); });
    }
    this.more.addEventListener("click", () => this.showMore(true).catch((error) => this.failed(error)));
    if (this.criteria().active) await this.run();
  }

  failed(error) {
    this.lastQuery = null;  // let the reader try the same search again
    this.form.setAttribute("aria-busy", "false");
    this.status.textContent = "Search could not load. Use the archive pages instead.";
    for (const notice of document.querySelectorAll("[data-without-js]")) notice.hidden = false;
    console.error(error);
  }

  restore(params) {
    for (const [name, value] of params) {
      const field = this.form.elements.namedItem(name);
      if (!field || (field.type === "hidden" && !("state" in field.dataset))) continue;
      if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) continue;
      field.value = value;
    }
  }

  criteria() {
    const filters = {};
    const params = new URLSearchParams();
    let active = false;
    for (const field of this.form.querySelectorAll("[data-filter]")) {
      if (!field.value) continue;
      filters[field.dataset.filter] = [field.value];
      // A hidden field fixes the page's subject, except one holding a reader's choice (data-state).
      if (field.type !== "hidden" || "state" in field.dataset) { active = true; params.set(field.name, field.value); }
    }
    const from = this.form.elements.namedItem("from")?.value || "";
    const to = this.form.elements.namedItem("to")?.value || "";
    if (from || to) {
      // No month at all matches when the range is empty (the start after the end).
      filters.month = this.months.filter((m) => (!from || m >= from) && (!to || m <= to));
      active = true;
      if (from) params.set("from", from);
      if (to) params.set("to", to);
    }
    const q = (this.form.elements.namedItem("q")?.value || "").trim();
    if (q) { active = true; params.set("q", q); }
    return {q, filters, active, params, emptyRange: from && to && from > to};
  }

  async run() {
    const {q, filters, active, params, emptyRange} = this.criteria();
    const query = params.toString();
    // Leaving the words box fires "change" after "input" already searched: searching again
    // would redraw the list under a reader's click, so the same criteria do nothing.
    if (query === this.lastQuery) return;
    this.lastQuery = query;
    const generation = ++this.generation;
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
    this.onchange?.();
    if (!active) {
      this.list.replaceChildren();
      this.section.hidden = true;
      if (this.replaces) this.replaces.hidden = false;
      this.status.textContent = "";
      return;
    }
    this.form.setAttribute("aria-busy", "true");
    // Without words, results keep the index's order: incidents newest first, then A-Z.
    const found = await this.index.search(q, filters);
    if (generation !== this.generation) return;  // a newer search has started
    this.results = found.docs;
    this.words = found.words;
    this.shown = 0;
    this.list.replaceChildren();
    await this.showMore(false);
    if (generation !== this.generation) return;
    this.section.hidden = false;
    if (this.replaces) this.replaces.hidden = true;
    this.form.setAttribute("aria-busy", "false");
    const total = this.results.length;
    this.status.textContent = emptyRange ? "The start month is after the end month: nothing matches."
      : total ? `${plural(total, "result", "results")}${total > this.shown ? `, showing the first ${this.shown}` : ""}.`
      : "No results. Try fewer words or filters.";
  }

  async showMore(moveFocus) {
    const slice = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    const generation = this.generation;
    const records = await this.index.records(slice);
    if (generation !== this.generation) return;
    const items = records.map((r) => resultItem(r, this.root, this.level, this.showKind, this.words));
    this.list.append(...items);
    this.shown += items.length;
    this.more.hidden = this.shown >= this.results.length;
    if (moveFocus) {
      // Keyboard users continue where the new results start, not back at the top.
      items[0]?.querySelector("a")?.focus();
      this.status.textContent = `Showing ${this.shown} of ${this.results.length} results.`;
    }
  }
}

function enhance(form) {
  const finder = new Finder(form);
  const panel = form.closest("details");
  form.hidden = false;
  let started = null;
  const begin = () => started || (started = finder.start().catch((error) => finder.failed(error)));
  finders.set(form.id, {finder, panel, begin});
  if (panel && !panel.open && !location.search) {
    // A folded panel loads the index only when a reader opens it.
    panel.addEventListener("toggle", function once() {
      panel.removeEventListener("toggle", once);
      begin();
    });
  } else {
    if (panel) panel.open = true;
    begin();
  }
}

const finders = new Map();  // form id -> {finder, panel, begin}

// Whether bar n of the page's chart is set in a map dot's data-bars: a bit per bar in hexadecimal,
// bar 4k + i in digit k, the first as its highest bit (chart.bar_mask in plugins/chronicle/chart.py).
function hasBar(mask, n) {
  return ((parseInt(mask[n >> 2] || "0", 16) >> (3 - (n & 3))) & 1) === 1;
}

// The visual timeline (chart.html): a bar, or a period's link in its table, narrows the finder
// named by the chart's data-finder to that period; choosing it again shows everything again.
function enhanceChart(section) {
  const entry = finders.get(section.dataset.finder);
  const field = entry?.finder.form.elements.namedItem("period");
  if (!field) return;
  const choice = section.querySelector(".chart-choice");
  // A period's name, from its bar's tooltip ("January 2024: 5 incidents").
  const labels = new Map([...section.querySelectorAll("g.bar[data-period]")].map(
    (bar) => [bar.dataset.period, (bar.querySelector("title")?.textContent || "").replace(/:.*$/, "")]));
  const show = () => {
    for (const bar of section.querySelectorAll("g.bar")) bar.classList.toggle("chosen", bar.dataset.period === field.value);
    // The page's map keeps only the places with incidents in the period: each dot says which
    // bars its incidents are in, and its link over the map comes in the same order as the dots.
    // (A period with no bar here, from an old address, leaves the map whole.)
    const bar = field.value ? [...section.querySelectorAll("g.bar")].findIndex((g) => g.dataset.period === field.value) : -1;
    for (const map of document.querySelectorAll(".map")) {
      const links = map.querySelectorAll(".map-links a");
      map.querySelectorAll(".map-marks circle[data-bars]").forEach((dot, n) => {
        const off = bar >= 0 && !hasBar(dot.dataset.bars, bar);
        dot.classList.toggle("off-period", off);
        links[n]?.classList.toggle("off-period", off);
      });
    }
    choice.replaceChildren();
    if (!field.value) return;
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "secondary";
    clear.textContent = "Show every period";
    clear.addEventListener("click", () => choose(field.value));
    choice.append(`Showing ${labels.get(field.value) || field.value} only. `, clear);
  };
  const choose = async (period) => {
    field.value = field.value === period ? "" : period;
    if (entry.panel) entry.panel.open = true;
    await entry.begin();
    await entry.finder.run();
    show();
  };
  entry.finder.onchange = show;
  section.addEventListener("click", (event) => {
    const target = event.target.closest("[data-period]");
    if (!target || !section.contains(target)) return;
    event.preventDefault();
    choose(target.dataset.period).catch((error) => entry.finder.failed(error));
  });
  for (const hint of section.querySelectorAll(".js-only")) hint.hidden = false;
  section.classList.add("chart-live");
}

for (const notice of document.querySelectorAll("[data-without-js]")) notice.hidden = true;
for (const container of document.querySelectorAll("[data-finder-panel]")) container.hidden = false;
document.querySelectorAll("form.finder").forEach(enhance);
document.querySelectorAll("section.chart[data-finder]").forEach(enhanceChart);
