// Reads the search index that `make html` writes to search/index/ (plugins/chronicle/search_index.py
// says what each file holds) and answers queries: every query word must match (a word of three
// or more characters also matches the words it begins), results are ranked by BM25 with the
// weights the build stored, and ties keep the index's order (incidents newest first, then actors
// and places A-Z). Files are fetched when a query first needs them, and kept.
//
// No DOM here: finder.js draws the results, and the tests run this module in Node as well.

// The tokeniser, step for step as chronicle.search.tokens in Python (a test checks they agree).
const FOLDS = {"ß": "ss", "ς": "σ", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i",
               "þ": "th", "ð": "d", "ħ": "h"};
const FOLDED = new RegExp(`[${Object.keys(FOLDS).join("")}]`, "g");
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2018\u2019\u02bc]/g;
const WORD = /[\p{L}\p{N}]+/gu;

export function tokens(text) {
  const folded = text.normalize("NFKD").toLowerCase().replace(MARKS, "")
    .replace(FOLDED, (char) => FOLDS[char]).replace(APOSTROPHES, "");
  return folded.match(WORD) || [];
}

export const MIN_PREFIX = 3;  // shorter query words match only themselves: "a" would fetch every a-word

// Does an index term answer a query word? Returns 0 (no), 1 (the same word), or less than 1
// for a word it begins ("strike" in "strikes"): the shorter the part typed, the less it counts.
export function matchStrength(term, word) {
  if (term === word) return 1;
  if (word.length >= MIN_PREFIX && term.startsWith(word)) return word.length / term.length;
  return 0;
}

const WEIGHT_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// [weights, gap, gap, ...] -> doc numbers and their scores. A weight is one character, a step
// on a log scale: score = e^(step / stepsPerE) - 1.
function decodePosting([weights, ...gaps], scoreOf) {
  const docs = new Array(gaps.length);
  let doc = 0;
  gaps.forEach((gap, i) => { doc += gap; docs[i] = doc; });
  return {docs, scores: [...weights].map((char) => scoreOf[char])};
}

function decodeNumbers(gaps) {
  let doc = 0;
  return gaps.map((gap) => (doc += gap));
}

// The last index i with list[i] <= value (list sorted ascending), or -1.
function lastAtMost(list, value) {
  let low = 0, high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid] <= value) low = mid + 1; else high = mid;
  }
  return low - 1;
}

async function fetchJson(url, fresh) {
  const response = await fetch(url, fresh ? {cache: "no-cache"} : {});
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return response.json();
}

export class SearchIndex {
  // base: the URL of the index folder, ending in "/"; load(url, fresh) returns parsed JSON.
  static async open(base, load = fetchJson) {
    return new SearchIndex(base, await load(`${base}meta.json`, true), load);
  }

  constructor(base, meta, load) {
    this.base = base;
    this.meta = meta;
    this.load = load;
    this.files = new Map();
    this.kinds = [];
    let start = 0;
    for (const [kind, count, url] of meta.kinds) {
      this.kinds.push({kind, start, end: start + count, url});
      start += count;
    }
    this.size = start;
    this.scoreOf = Object.fromEntries([...WEIGHT_DIGITS].map((char, step) => [char, Math.expm1(step / meta.steps_per_e)]));
    this.filterFiles = {};
    for (const [name, values] of Object.entries(meta.filters)) {
      this.filterFiles[name] = new Map(values.map(([value, , file]) => [value, file]));
    }
  }

  file(path) {
    if (!this.files.has(path)) {
      // ?v= names this build's version: a file cached from an older build is never mixed in.
      const loading = this.load(`${this.base}${path}?v=${this.meta.version}`, false);
      loading.catch(() => this.files.delete(path));  // a failed fetch may be tried again
      this.files.set(path, loading);
    }
    return this.files.get(path);
  }

  // {value: count} for a filter's dropdown. "kind" is Incident / Actor / Place.
  filterValues(name) {
    if (name === "kind") return Object.fromEntries(this.kinds.filter((k) => k.end > k.start).map((k) => [k.kind, k.end - k.start]));
    return Object.fromEntries((this.meta.filters[name] || []).map(([value, count]) => [value, count]));
  }

  // The docs every filter allows, as a Uint8Array of 0/1 by doc number; null when no filter is set.
  // filters: {name: [values]}: a doc needs one of the values of each filter named.
  async allowed(filters) {
    let allowed = null;
    for (const [name, values] of Object.entries(filters)) {
      const docs = new Uint8Array(this.size);
      if (name === "kind") {
        for (const range of this.kinds.filter((k) => values.includes(k.kind))) docs.fill(1, range.start, range.end);
      } else {
        const files = this.filterFiles[name] || new Map();
        const lists = await Promise.all(values.filter((v) => files.has(v)).map(async (value) =>
          (await this.file(`filters/${name}-${files.get(value)}.json`))[value]));
        for (const list of lists) for (const doc of decodeNumbers(list)) docs[doc] = 1;
      }
      if (allowed) for (let doc = 0; doc < this.size; doc++) allowed[doc] &= docs[doc];
      else allowed = docs;
    }
    return allowed;
  }

  // The shards that can hold the word, or words it begins.
  shardsFor(word) {
    const starts = this.meta.shards;
    if (!starts.length) return [];
    const first = Math.max(0, lastAtMost(starts, word));
    const shards = [first];
    if (word.length >= MIN_PREFIX) {
      for (let i = first + 1; i < starts.length && starts[i].startsWith(word); i++) shards.push(i);
    }
    return shards;
  }

  // Map doc -> this word's score in it (the best of the terms it matches, weight x strength).
  async wordScores(word) {
    const scores = new Map();
    for (const n of this.shardsFor(word)) {
      const shard = await this.file(`terms/${n}.json`);
      for (const [term, posting] of Object.entries(shard)) {
        const strength = matchStrength(term, word);
        if (!strength) continue;
        const {docs, scores: weights} = decodePosting(posting, this.scoreOf);
        docs.forEach((doc, i) => {
          const score = weights[i] * strength;
          if (!(scores.get(doc) >= score)) scores.set(doc, score);
        });
      }
    }
    return scores;
  }

  // Doc numbers that match, best first. q: the words typed (may be empty); filters as in allowed().
  async search(q, filters) {
    const words = [...new Set(tokens(q || ""))];
    const [allowed, ...perWord] = await Promise.all([this.allowed(filters), ...words.map((w) => this.wordScores(w))]);
    if (!words.length) {
      const docs = [];
      if (allowed) allowed.forEach((ok, doc) => { if (ok) docs.push(doc); });
      return {docs, words};
    }
    // BM25: a word's weight in a doc times how rare the word is (in how many docs it matched).
    const rarity = perWord.map((scores) => Math.log(1 + (this.size - scores.size + 0.5) / (scores.size + 0.5)));
    const order = perWord.map((_, i) => i).sort((a, b) => perWord[a].size - perWord[b].size);
    const total = new Map();
    for (const [doc, score] of perWord[order[0]]) {
      if (allowed && !allowed[doc]) continue;
      let sum = score * rarity[order[0]];
      let every = true;
      for (const i of order.slice(1)) {
        const other = perWord[i].get(doc);
        if (other === undefined) { every = false; break; }
        sum += other * rarity[i];
      }
      if (every) total.set(doc, sum);
    }
    const docs = [...total.keys()].sort((a, b) => total.get(b) - total.get(a) || a - b);
    return {docs, words};
  }

  // What the results show: [{id, url, kind, title, label, date, excerpt}] for the given doc numbers.
  async records(docs) {
    const chunk = this.meta.chunk;
    return Promise.all(docs.map(async (doc) => {
      const [id, title, label, date, excerpt] = (await this.file(`docs/${Math.floor(doc / chunk)}.json`))[doc % chunk];
      const kind = this.kinds.find((k) => doc >= k.start && doc < k.end);
      return {id, url: kind.url.replace("{id}", id), kind: kind.kind, title, label: this.meta.labels[label], date, excerpt};
    }));
  }
}
