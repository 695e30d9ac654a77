// Search and timeline filters over the Pagefind index that `make html` writes to pagefind/.
//
// Progressive enhancement: every finder form is `hidden` in the HTML, so without JavaScript
// readers get the archive pages; this module shows the form and wires it up. A form's fields
// say what it does: `q` is the search text, any field with data-filter="name" narrows by
// that Pagefind filter (a hidden one fixes it), and `from`/`to` months make a date range,
// sent as an any-of over the month filter (every month an incident overlaps is indexed).
// Everything is fetched from this site: pagefind.js, its worker, WASM and index chunks.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const PAGE_SIZE = 20;
const KIND_LABELS = {Incident: "Incidents", Actor: "Actors", Place: "Places"};

const monthLabel = (key) => `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

let pagefindLoading = null;

function loadPagefind(root) {
  // One Pagefind per page, imported from this site (relative to the page, so any sub-path works).
  if (!pagefindLoading) {
    pagefindLoading = import(new URL(`${root}pagefind/pagefind.js`, document.baseURI).href)
      .then(async (pagefind) => { await pagefind.init(); return pagefind; });
  }
  return pagefindLoading;
}

// Pagefind's excerpt is HTML: the page text (escaped) with <mark> around matched words. Keep the
// text and the marks only, so nothing from an article can become markup here.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

function span(className, text) {
  const el = document.createElement("span");
  el.className = className;
  el.textContent = text;
  return el;
}

function resultItem(data, root, level, showKind, withExcerpt) {
  const item = document.createElement("li");
  const article = document.createElement("article");
  article.className = "entry";
  const heading = document.createElement(`h${level}`);
  heading.className = "entry-title";
  const link = document.createElement("a");
  link.href = root + data.url.replace(/^\//, "");  // Pagefind's URLs start at the site root
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "entry-meta";
  const parts = [];
  if (showKind && data.meta.kind) parts.push(span("kind", data.meta.kind));
  if (data.meta.date) parts.push(span("date", data.meta.date));
  if (data.meta.type) parts.push(span("type", data.meta.type));
  parts.forEach((part, n) => {
    if (n) {
      const sep = span("sep", "·");
      sep.setAttribute("aria-hidden", "true");
      meta.append(" ", sep, " ");
    }
    meta.append(part);
  });
  article.append(heading, meta);
  if (withExcerpt && data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "excerpt";
    excerpt.append(...excerptNodes(data.excerpt));
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
    this.shown = 0;
    this.generation = 0;
    this.lastQuery = null;  // the criteria of the search on screen (or under way)
  }

  async start() {
    this.pagefind = await loadPagefind(this.root);
    const filters = await this.pagefind.filters();
    this.months = Object.keys(filters.month || {}).sort();
    for (const select of this.form.querySelectorAll("select")) {
      const source = select.dataset.options || select.dataset.filter;
      const label = source === "month" ? monthLabel
        : source === "kind" ? (v) => KIND_LABELS[v] || v : (v) => v;
      fillSelect(select, filters[source], select.dataset.order, label);
    }
    this.restore(new URLSearchParams(location.search));
    const update = () => this.run().catch((error) => this.failed(error));
    this.form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
    this.form.addEventListener("change", update);
    this.form.addEventListener("reset", () => setTimeout(update));
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
      if (!field || field.type === "hidden") continue;
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
      filters[field.dataset.filter] = field.value;
      if (field.type !== "hidden") { active = true; params.set(field.name, field.value); }
    }
    const from = this.form.elements.namedItem("from")?.value || "";
    const to = this.form.elements.namedItem("to")?.value || "";
    if (from || to) {
      const months = this.months.filter((m) => (!from || m >= from) && (!to || m <= to));
      // No month at all matches when the range is empty (the start after the end).
      filters.month = {any: months.length ? months : ["-"]};
      active = true;
      if (from) params.set("from", from);
      if (to) params.set("to", to);
    }
    const q = (this.form.elements.namedItem("q")?.value || "").trim();
    if (q) { active = true; params.set("q", q); }
    const incidentsOnly = Object.keys(filters).some((k) => k !== "kind") || filters.kind === "Incident";
    return {q, filters, active, params, emptyRange: from && to && from > to,
            sort: !q && incidentsOnly ? {date: "desc"} : undefined};
  }

  async run() {
    const {q, filters, active, params, sort, emptyRange} = this.criteria();
    const query = params.toString();
    // Leaving the words box fires "change" after "input" already searched: searching again
    // would redraw the list under a reader's click, so the same criteria do nothing.
    if (query === this.lastQuery) return;
    this.lastQuery = query;
    const generation = ++this.generation;
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
    if (!active) {
      this.list.replaceChildren();
      this.section.hidden = true;
      if (this.replaces) this.replaces.hidden = false;
      this.status.textContent = "";
      return;
    }
    this.form.setAttribute("aria-busy", "true");
    const search = await this.pagefind.search(q || null, {filters, sort});
    if (generation !== this.generation) return;  // a newer search has started
    this.results = search.results;
    this.withExcerpt = Boolean(q);  // without words, an excerpt is just the page's first lines
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
    const data = await Promise.all(slice.map((result) => result.data()));
    if (generation !== this.generation) return;
    const items = data.map((d) => resultItem(d, this.root, this.level, this.showKind, this.withExcerpt));
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
  const begin = () => finder.start().catch((error) => finder.failed(error));
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

for (const notice of document.querySelectorAll("[data-without-js]")) notice.hidden = true;
for (const container of document.querySelectorAll("[data-finder-panel]")) container.hidden = false;
document.querySelectorAll("form.finder").forEach(enhance);
