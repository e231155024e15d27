// hamish benchmark page: the measurements `cargo xtask bench` makes in the browser, exposed as
// functions on `window.bench` that the driver (benches/browser.mjs) calls one at a time. Every
// timing is a median of repeated runs, in milliseconds from performance.now().
//
// The baseline is what a web developer would write without hamish: one RegExp alternation of
// every glossary form (each entry's `ar` and aliases, escaped, longest first) behind an optional
// clitic prefix, flags 'gu'; and mark.js highlighting the same terms in the DOM. mark.js is given
// that RegExp through `markRegExp`: its `mark(array)` builds and runs one RegExp per keyword (one
// DOM pass for each of some 15,000 forms), and its documentation points to `markRegExp` for
// custom patterns.

import init, { Hamish, spanStride } from '../pkg/hamish.js';
import { markInPlace, paragraphs, renderGlossed } from './render.js';

const status = document.getElementById('status');
const work = document.getElementById('work');
const state = { wasm: null, hamish: null, texts: new Map(), regex: new Map(), forms: null };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Runs `f` at least `minRuns` times and until `budgetMs` have passed; the median time. */
function timeIt(f, budgetMs = 1000, minRuns = 3, maxRuns = 1000) {
  f(); // warm-up (JIT, caches, first-call allocations)
  const times = [];
  const started = performance.now();
  let result;
  while (times.length < minRuns || (performance.now() - started < budgetMs && times.length < maxRuns)) {
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: times.length, result };
}

/**
 * Times `run` (which returns the number of marks, or a promise of it) `runs` times after one
 * warm-up run, calling the untimed `setup` before each; leaves the work area empty.
 */
async function timeDom(runs, setup, run) {
  const times = [];
  let marks = 0;
  for (let i = 0; i <= runs; i++) {
    setup();
    const started = performance.now();
    marks = await run();
    if (i > 0) times.push(performance.now() - started); // run 0 warms up
  }
  work.replaceChildren();
  return { ms: median(times), runs, marks };
}

function text(name) {
  const t = state.texts.get(name);
  if (t === undefined) throw new Error(`text ${name} not loaded`);
  return t;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Every glossary surface form (each entry's `ar` and aliases), longest first. */
function glossaryForms() {
  if (state.forms) return state.forms;
  const forms = new Set();
  for (let i = 0; i < state.hamish.entryCount; i++) {
    const e = state.hamish.entry(i);
    forms.add(e.ar);
    for (const a of e.aliases) forms.add(a);
  }
  state.forms = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return state.forms;
}

const CLITICS = '(?:[وف]?(?:[بكل]|ال|لل|بال|وال)?)';

/** The baseline RegExp: `plain` as specified, `bounded` also refusing a match inside a word. */
function baselineRegExp(variant) {
  let re = state.regex.get(variant);
  if (re) return re;
  const alternation = glossaryForms().map(escape).join('|');
  const source =
    variant === 'bounded'
      ? `(?<![\\p{L}\\p{M}])${CLITICS}(?:${alternation})(?![\\p{L}\\p{M}])`
      : `${CLITICS}(?:${alternation})`;
  re = new RegExp(source, 'gu');
  state.regex.set(variant, re);
  return re;
}

function regexSpans(re, t) {
  const spans = [];
  re.lastIndex = 0;
  let m;
  while ((m = re.exec(t)) !== null) {
    spans.push(m.index, m.index + m[0].length);
  }
  return spans;
}

window.bench = {
  /** Initialises the WebAssembly module (once) and loads a glossary artefact from `url`. */
  async load(url) {
    const t0 = performance.now();
    if (!state.wasm) state.wasm = await init();
    const t1 = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const t2 = performance.now();
    state.hamish?.free();
    state.hamish = new Hamish(bytes);
    const t3 = performance.now();
    state.forms = null;
    state.regex.clear();
    status.textContent = `loaded ${url}: ${state.hamish.entryCount} entries`;
    return {
      initMs: t1 - t0,
      fetchMs: t2 - t1,
      loadMs: t3 - t2,
      bytes: bytes.length,
      entries: state.hamish.entryCount,
      memoryBytes: state.wasm.memory.buffer.byteLength,
    };
  },

  /** Times `new Hamish(bytes)` alone for the artefact at `url` (median of `runs`). */
  async loadTime(url, runs = 5) {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const h = new Hamish(bytes);
      times.push(performance.now() - t);
      h.free();
    }
    return { ms: median(times), runs };
  },

  /** WebAssembly memory in use (the linear memory's size; it never shrinks). */
  memory() {
    return state.wasm.memory.buffer.byteLength;
  },

  async fetchText(name, url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const t = (await response.text()).replace(/\r\n?/g, '\n');
    state.texts.set(name, t);
    return { chars: t.length };
  },

  /** hamish, text → spans: `h.gloss(text)` (the text crosses into WebAssembly, spans come back). */
  gloss(name, budgetMs = 1000) {
    const t = text(name);
    const { ms, runs, result } = timeIt(() => state.hamish.gloss(t), budgetMs);
    // Of that, what passing the text in costs: wasm-bindgen turns the string into UTF-8 in
    // the module's memory with TextEncoder.encodeInto; this does the same into a plain buffer.
    const encoder = new TextEncoder();
    const buffer = new Uint8Array(t.length * 3);
    const encode = timeIt(() => encoder.encodeInto(t, buffer).written, budgetMs / 4);
    // The same with the probable names found and merged in (`h.glossNames`, what the reader's
    // worker calls): their cost.
    const named = timeIt(() => state.hamish.glossNames(t), budgetMs);
    return { ms, runs, spans: result.length / spanStride(), encodeMs: encode.ms, namesMs: named.ms, names: named.result.names.length };
  },

  /** Builds the baseline RegExp (the first exec compiles it). */
  regexBuild(variant) {
    const t0 = performance.now();
    const re = baselineRegExp(variant);
    regexSpans(re, 'قسد');
    return { ms: performance.now() - t0, forms: glossaryForms().length, sourceChars: re.source.length };
  },

  /** Baseline, text → spans: every match of the RegExp as [start, end] pairs. */
  regex(name, variant, budgetMs = 1000) {
    const t = text(name);
    const re = baselineRegExp(variant);
    const { ms, runs, result } = timeIt(() => regexSpans(re, t), budgetMs, 1, 100);
    return { ms, runs, spans: result.length / 2 };
  },

  /**
   * Baseline, highlighted DOM: mark.js `markRegExp` over one <p> per line. `fromText`: the
   * timing includes building those paragraphs from the text (text → highlighted DOM);
   * otherwise they exist already (an existing DOM highlighted in place).
   */
  markjs(name, variant, runs = 3, fromText = false) {
    const t = text(name);
    const re = baselineRegExp(variant);
    return timeDom(
      runs,
      () => work.replaceChildren(...(fromText ? [] : [paragraphs(t)])),
      () => {
        if (fromText) work.replaceChildren(paragraphs(t));
        return new Promise((resolve) => {
          new window.Mark(work).markRegExp(re, { done: resolve });
        });
      },
    );
  },

  /** hamish, text → highlighted DOM: gloss, then one <p> per line with the spans in <mark>s. */
  hamishDom(name, runs = 3) {
    const t = text(name);
    return timeDom(
      runs,
      () => work.replaceChildren(),
      () => renderGlossed(work, t, state.hamish.gloss(t), spanStride()),
    );
  },

  /** hamish, an existing DOM (one <p> per line) highlighted in place with <mark>s. */
  hamishInPlace(name, runs = 3) {
    const t = text(name);
    return timeDom(
      runs,
      () => work.replaceChildren(paragraphs(t)),
      () => markInPlace(work, t, state.hamish.gloss(t), spanStride()),
    );
  },

  /**
   * hamish, text → highlighted text without changing the DOM: gloss, then one Range per span
   * registered with the CSS Custom Highlight API (what the reader page uses to colour stems).
   */
  hamishHighlights(name, runs = 3) {
    const t = text(name);
    const stride = spanStride();
    const result = timeDom(
      runs,
      () => {
        CSS.highlights.delete('bench');
        work.replaceChildren(paragraphs(t));
      },
      () => {
        const flat = state.hamish.gloss(t);
        const highlight = new Highlight();
        let p = work.firstChild;
        let lineStart = 0;
        let lineEnd = t.indexOf('\n');
        if (lineEnd < 0) lineEnd = t.length;
        for (let k = 0; k < flat.length; k += stride) {
          const start = flat[k];
          while (start >= lineEnd + 1 && p) {
            p = p.nextSibling;
            lineStart = lineEnd + 1;
            lineEnd = t.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = t.length;
          }
          const node = p.firstChild;
          const range = new Range();
          range.setStart(node, start - lineStart);
          range.setEnd(node, Math.min(flat[k + 1], lineEnd) - lineStart);
          highlight.add(range);
        }
        CSS.highlights.set('bench', highlight);
        return highlight.size;
      },
    );
    return result.then((r) => {
      CSS.highlights.delete('bench');
      return r;
    });
  },
};

status.textContent = 'ready';
document.documentElement.dataset.ready = '1';
