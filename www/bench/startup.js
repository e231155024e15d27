// hamish start-up benchmark: from navigation to a glossed article on screen, the least a page
// must do: fetch the WebAssembly module, the glossary and the article (in parallel), load the
// glossary, gloss, build the DOM, lay it out. `?glossary=URL&article=URL` (and `&names=1` to
// find probable names too, as the reader does: `glossNames`); the result is left on
// `window.startup` (times in ms since navigation start) and `<html data-done>`.

//
// What a page should do to start fast: this script has no static imports, so it starts fetching
// the WebAssembly, the glossary and the article the moment it runs, not after its imports are
// loaded. (No <link rel="preload">: the script is the first thing the page loads, so a preload
// would start the same fetches no sooner.)

const params = new URLSearchParams(location.search);
const glossaryUrl = params.get('glossary') || '../pkg/glossary.bin';
const articleUrl = params.get('article') || '../articles/coalition.txt';
const withNames = params.get('names') === '1';

const fetchOk = (url) =>
  fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r;
  });

async function run() {
  const scriptStart = performance.now();
  const wasmResponse = fetchOk(new URL('../pkg/hamish_bg.wasm', import.meta.url));
  const glossary = fetchOk(glossaryUrl).then((r) => r.arrayBuffer());
  const article = fetchOk(articleUrl).then((r) => r.text());
  const [{ default: init, Hamish, spanStride }, { renderGlossed }] = await Promise.all([
    import('../pkg/hamish.js'),
    import('./render.js'),
  ]);
  const [wasm, bytes, text] = await Promise.all([init({ module_or_path: wasmResponse }), glossary, article]);
  const fetched = performance.now();
  const hamish = new Hamish(new Uint8Array(bytes));
  const loaded = performance.now();
  const t = text.replace(/\r\n?/g, '\n');
  const flat = withNames ? hamish.glossNames(t).spans : hamish.gloss(t);
  const glossed = performance.now();
  const marks = renderGlossed(document.getElementById('out'), t, flat, spanStride());
  void document.body.offsetHeight; // lay the text out
  const rendered = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  window.startup = {
    scriptStart,
    fetched,
    loaded,
    glossed,
    rendered,
    painted,
    loadMs: loaded - fetched,
    glossMs: glossed - loaded,
    renderMs: rendered - glossed,
    chars: t.length,
    marks,
    memoryBytes: wasm.memory.buffer.byteLength,
  };
  document.getElementById('status').textContent = `glossed ${t.length} characters, ${marks} marks, in ${Math.round(rendered)} ms`;
}

run().then(
  () => {
    document.documentElement.dataset.done = '1';
  },
  (error) => {
    window.startup = { error: String(error) };
    document.documentElement.dataset.done = 'error';
  },
);
