// Runs theme/static/js/search-index.js in Node over an index folder, as a reader's browser would,
// for tests/site/test_search_index.py and benchmarks/search_bench.py.
//
//   node tests/support/search_reader.mjs INDEX_FOLDER < requests.json > answers.json
//
// requests: [{"q": "words", "filters": {"actor": ["Name"]}, "shown": 20}, ...] or {"tokens": [texts]}.
// Each answer: {"ids": [[kind, id] for every result, best first], "shown": [records of the first
// `shown`], "fetched": {"files": n, "bytes": n}} (what this query fetched, meta.json excluded).
import {readFileSync} from "node:fs";
import {SearchIndex, tokens} from "../../theme/static/js/search-index.js";

const folder = process.argv[2].replace(/\/?$/, "/");
const request = JSON.parse(readFileSync(0, "utf-8"));
if (request.tokens) {
  process.stdout.write(JSON.stringify(request.tokens.map(tokens)));
} else {
  const fetched = {files: 0, bytes: 0};
  const load = async (url) => {
    const text = readFileSync(url.split("?")[0], "utf-8");
    if (!url.endsWith("meta.json")) { fetched.files += 1; fetched.bytes += Buffer.byteLength(text); }
    return JSON.parse(text);
  };
  const answers = [];
  for (const {q, filters = {}, shown = 0} of request) {
    const index = await SearchIndex.open(folder, load);  // a fresh reader: nothing fetched yet
    fetched.files = fetched.bytes = 0;
    const found = await index.search(q, filters);
    const records = await index.records(found.docs.slice(0, shown));
    const used = {...fetched};
    const ids = (await index.records(found.docs)).map((r) => [r.kind, r.id]);
    answers.push({ids, shown: records, words: found.words, fetched: used});
  }
  process.stdout.write(JSON.stringify(answers));
}
