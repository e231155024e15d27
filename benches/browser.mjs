// The in-browser half of `cargo xtask bench`: drives headless Chromium (playwright-core) against
// the pages served at HAMISH_URL (www/ with the benchmark data in www/bench/data/) and writes
// the figures to $HAMISH_BENCH_OUT/browser.json. It prints progress only; benches/report.mjs
// prints the table.
//
// Environment: HAMISH_URL (base URL of www/), HAMISH_BENCH_OUT (output folder), CHROMIUM (the
// browser), HAMISH_BENCH_QUICK=1 (fewer sizes, no 100× glossary, shorter runs).

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
// The same Chromium, with the same flags, as the page's browser tests.
import { launch } from '../tests/browser/helpers.mjs';

const BASE = process.env.HAMISH_URL || 'http://127.0.0.1:8000/';
const OUT = process.env.HAMISH_BENCH_OUT || 'target/bench';
const ROOT = new URL('..', import.meta.url).pathname;
const QUICK = process.env.HAMISH_BENCH_QUICK === '1';
const BUDGET = QUICK ? 400 : 1000;
const SIZES = QUICK ? ['10k', '100k', '1m'] : ['10k', '100k', '1m', '10m'];
const SCALES = QUICK ? [1, 10] : [1, 10, 100];
const STARTUP_RUNS = QUICK ? 2 : 3;
/** A home broadband line, for Chromium's network emulation (bytes per second). */
const BROADBAND = { label: '20 Mbit/s, 40 ms', latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 };

const log = (...a) => console.log('bench:', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const mb = (bytes) => bytes / 1e6;

function sizes() {
  const file = (path) => {
    const bytes = readFileSync(join(ROOT, path));
    const brotli = brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli.length };
  };
  return {
    wasm: file('www/pkg/hamish_bg.wasm'),
    glue: file('www/pkg/hamish.js'),
    served: file('www/pkg/glossary.bin'),
    notes: file('www/pkg/glossary-notes.bin'),
    glossary: file('www/bench/data/glossary-serialised.bin'),
  };
}

/** A fresh context and a blank page, its errors collected; with `network` (Chromium's network
 * emulation: {latency, downloadThroughput, uploadThroughput}) it fetches through that. */
async function newPage(browser, network = null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  if (network) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  }
  return { context, page, errors };
}

/** A fresh context and page at `path`, its errors collected. */
async function openPage(browser, path) {
  const opened = await newPage(browser);
  await opened.page.goto(BASE + path);
  return opened;
}

/** Navigation to a glossed demo article on the reader page itself (www/index.html) against the
 * minimal page (www/bench/startup.html) reaching the same article on the same artefact, and what
 * a first visit to the reader transfers (every response's body as sent, compressed where the
 * server compresses, and headers). Each run is a fresh browser context (no HTTP cache); the two
 * pages take turns, in alternating order, after one unmeasured run of each (a browser's first
 * navigations pay for its own start), so that both see the same machine: on two cores the
 * run-to-run spread is wider than the difference measured. With `network` (see newPage) both
 * pages fetch through it. */
async function readerStartup(browser, network = null) {
  const rounds = QUICK ? 8 : 15;
  const reader = [];
  const minimal = [];
  let firstVisit = null;
  let chars = 0;
  const readerRun = async (trackBytes) => {
    const { context, page, errors } = await newPage(browser, network);
    const transferred = [];
    if (trackBytes) {
      context.on('requestfinished', (request) => {
        transferred.push(
          request.sizes().then(
            (sizes) => ({ url: request.url(), body: sizes.responseBodySize, headers: sizes.responseHeadersSize }),
            () => null,
          ),
        );
      });
    }
    try {
      await page.goto(BASE + 'index.html');
      await page.waitForFunction(() => performance.getEntriesByName('hamish:article-glossed').length > 0, null, { timeout: 60000 });
      if (trackBytes) {
        // What the page fetched once it was glossed and the notes were in (later requests,
        // if any, are not counted).
        await page.waitForFunction(() => performance.getEntriesByName('hamish:notes').length > 0, null, { timeout: 60000 });
        const files = (await Promise.all(transferred)).filter(Boolean);
        const bytesOf = (test) => files.filter((f) => test(new URL(f.url).pathname)).reduce((sum, f) => sum + f.body + f.headers, 0);
        firstVisit = {
          requests: files.length,
          totalBytes: bytesOf(() => true),
          glossaryBytes: bytesOf((p) => p.endsWith('/pkg/glossary.bin')),
          notesBytes: bytesOf((p) => p.endsWith('/pkg/glossary-notes.bin')),
          wasmBytes: bytesOf((p) => p.endsWith('/pkg/hamish_bg.wasm')),
        };
      }
      const r = await page.evaluate(() => ({
        glossedMs: performance.getEntriesByName('hamish:article-glossed')[0].startTime,
        readyMs: performance.getEntriesByName('hamish:ready')[0]?.startTime ?? null,
        chars: document.querySelector('#article')?.textContent.length ?? 0,
      }));
      chars = r.chars;
      return r;
    } catch (error) {
      throw new Error(`${error.message.split('\n')[0]} ${errors.join('; ')}`.trim());
    } finally {
      await context.close();
    }
  };
  const minimalRun = async () => {
    const q = new URLSearchParams({ glossary: '../pkg/glossary.bin', article: '../articles/coalition.txt' });
    const { context, page, errors } = await newPage(browser, network);
    try {
      await page.goto(`${BASE}bench/startup.html?${q}`);
      await page.waitForFunction(() => document.documentElement.dataset.done, null, { timeout: 120000 });
      const r = await page.evaluate(() => window.startup);
      if (r.error) throw new Error(`${r.error} ${errors.join('; ')}`.trim());
      return r.painted;
    } finally {
      await context.close();
    }
  };
  try {
    // A first visit's bytes on the loopback only: over the emulated line the service worker's
    // offline copy starts downloading before the notes are in, and would be counted.
    await readerRun(!network);
    await minimalRun();
    for (let i = 0; i < rounds; i++) {
      if (i % 2) minimal.push(await minimalRun());
      const r = await readerRun(false);
      reader.push(r);
      if (!(i % 2)) minimal.push(await minimalRun());
    }
  } catch (error) {
    return { error: error.message };
  }
  const glossedMs = median(reader.map((r) => r.glossedMs));
  const minimalMs = median(minimal);
  return {
    firstVisit,
    glossedMs,
    readyMs: median(reader.map((r) => r.readyMs ?? 0)) || null,
    minimalMs,
    ratio: glossedMs / minimalMs,
    chars,
    runs: reader.length,
  };
}

/**
 * The reader page's own path for a pasted text: 100 KB into the paste box → glossed and drawn
 * (the page's `hamish:paste` measure, from the end of the typing pause to the last line on
 * screen), with probable names shown (found, their lexicon built while the page was idle) and
 * hidden (not looked for), in turn on one page. Each run empties the box before it pastes, so
 * no line is reused from the last run; the medians are reported, the page's very first paste
 * (code and caches warming up) apart.
 */
const PASTE_RUNS = 48;
async function readerPaste(browser) {
  const text = readFileSync(join(ROOT, 'www/bench/data/corpus-100k.txt'), 'utf8');
  const { context, page, errors } = await openPage(browser, 'index.html');
  const settled = () => ['ready', 'off'].includes(document.documentElement.dataset.names) && document.querySelector('#article')?.dataset.phase === 'done';
  try {
    await page.waitForFunction(settled, null, { timeout: 60000 });
    await page.click('#tab-paste');
    const legend = '.legend-item[data-type="probable"]';
    const show = async (shown) => {
      if ((await page.getAttribute(legend, 'aria-pressed')) !== String(shown)) await page.click(legend);
      await page.waitForFunction((s) => document.documentElement.dataset.names === (s ? 'ready' : 'off'), shown, { timeout: 60000 });
      await page.waitForFunction(settled, null, { timeout: 60000 });
    };
    const paste = async () => {
      const before = await page.evaluate(() => performance.getEntriesByName('hamish:paste').length);
      // An empty box first: the page keeps lines a new text shares with the last one.
      await page.fill('#paste', '');
      await page.waitForFunction(() => document.querySelector('#pasted').dataset.phase === 'empty');
      await page.fill('#paste', text);
      await page.waitForFunction((n) => performance.getEntriesByName('hamish:paste').length > n, before, { timeout: 60000 });
      return page.evaluate(() => {
        const m = performance.getEntriesByName('hamish:paste').at(-1);
        return { ms: m.duration, glossMs: m.detail.glossMs, names: document.querySelectorAll('#pasted .t[data-type="probable"]').length };
      });
    };
    // Names shown and hidden in turn, on one page: both medians see the same warmed-up code and
    // caches (two pages, one after the other, differed by more than the names cost).
    const runs = { names: [], noNames: [] };
    for (let i = 0; i < PASTE_RUNS; i++) {
      const shown = i % 2 === 0;
      await show(shown);
      runs[shown ? 'names' : 'noNames'].push(await paste());
    }
    if (errors.length) throw new Error(errors.join('; '));
    const summary = (list, withFirst) => {
      const warm = withFirst ? list.slice(1) : list;
      return {
        ms: median(warm.map((r) => r.ms)),
        glossMs: median(warm.map((r) => r.glossMs)),
        ...(withFirst ? { firstMs: list[0].ms, firstGlossMs: list[0].glossMs } : {}),
        names: list[0].names,
        chars: text.length,
        runs: warm.length,
      };
    };
    // The very first paste (names shown) pays for code and caches warming up: reported apart.
    return { names: summary(runs.names, true), noNames: summary(runs.noNames, false) };
  } catch (error) {
    const failed = { error: `${error.message.split('\n')[0]} ${errors.join('; ')}`.trim() };
    return { names: failed, noNames: failed };
  } finally {
    await context.close();
  }
}

/**
 * Navigation to a glossed article on screen on the bench start-up page (www/bench/startup.html),
 * or, with `page` 'blank', to the first frame of a page with nothing to do (the floor).
 */
async function benchStartup(browser, glossary, article, path = 'bench/startup.html', extra = {}) {
  const runs = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const q = new URLSearchParams({ glossary, article, ...extra });
    const { context, page, errors } = await openPage(browser, `${path}?${q}`);
    try {
      await page.waitForFunction(() => document.documentElement.dataset.done, null, { timeout: 120000 });
      const r = await page.evaluate(() => window.startup);
      if (r.error) throw new Error(r.error);
      // A returning reader: the same page again, with the browser's caches warm.
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.done, null, { timeout: 120000 });
      const again = await page.evaluate(() => window.startup);
      if (again.error) throw new Error(again.error);
      r.reloadPainted = again.painted;
      runs.push(r);
    } catch (error) {
      return { error: `${error.message.split('\n')[0]} ${errors.join('; ')}`.trim() };
    } finally {
      await context.close();
    }
  }
  const m = (k) => median(runs.map((r) => r[k]));
  return {
    paintedMs: m('painted'),
    reloadPaintedMs: m('reloadPainted'),
    renderedMs: m('rendered'),
    scriptStartMs: m('scriptStart'),
    fetchedMs: m('fetched'),
    loadMs: m('loadMs'),
    glossMs: m('glossMs'),
    renderMs: m('renderMs'),
    chars: runs[0].chars,
    marks: runs[0].marks,
    memoryBytes: runs[0].memoryBytes,
    runs: runs.length,
  };
}

async function throughput(browser, scale) {
  const glossary = scale === 1 ? '../pkg/glossary.bin' : `data/glossary-${scale}x.bin`;
  const { context, page, errors } = await openPage(browser, 'bench/index.html');
  try {
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    const load = await page.evaluate((u) => window.bench.load(u), glossary);
    log(`×${scale}: ${load.entries} entries, load ${load.loadMs.toFixed(1)} ms, memory ${mb(load.memoryBytes).toFixed(1)} MB`);
    const result = { scale, load, sizes: [] };
    for (const name of SIZES) {
      const { chars } = await page.evaluate(([n, u]) => window.bench.fetchText(n, u), [name, `data/corpus-${name}.txt`]);
      const bytes = readFileSync(join(ROOT, `www/bench/data/corpus-${name}.txt`)).length;
      const g = await page.evaluate(([n, b]) => window.bench.gloss(n, b), [name, BUDGET]);
      const rate = mb(bytes) / (g.ms / 1000);
      log(`×${scale} ${name}: ${rate.toFixed(1)} MB/s (${g.ms.toFixed(2)} ms, of which ${g.encodeMs.toFixed(2)} ms passing the text in; ${g.spans} spans, ${g.runs} runs); with ${g.names} probable names ${g.namesMs.toFixed(2)} ms`);
      result.sizes.push({ text: name, bytes, chars, ms: g.ms, encodeMs: g.encodeMs, runs: g.runs, spans: g.spans, mbPerS: rate, namesMs: g.namesMs, names: g.names, memoryBytes: await page.evaluate(() => window.bench.memory()) });
    }
    result.memoryBytes = await page.evaluate(() => window.bench.memory());
    if (scale === 1) result.baseline = await baseline(page, result);
    if (errors.length) result.errors = errors;
    return result;
  } finally {
    await context.close();
  }
}

/** The JavaScript baseline against hamish on the same texts, in the same page. */
async function baseline(page, hamish) {
  const out = { regex: {}, dom: [] };
  for (const variant of ['plain', 'bounded']) {
    const build = await page.evaluate((v) => window.bench.regexBuild(v), variant);
    log(`RegExp (${variant}): ${build.forms} forms, ${build.sourceChars} chars of source, built in ${build.ms.toFixed(0)} ms`);
    const runs = [];
    for (const name of SIZES.filter((s) => s !== '10m')) {
      const r = await page.evaluate(([n, v, b]) => window.bench.regex(n, v, b), [name, variant, BUDGET]);
      const h = hamish.sizes.find((s) => s.text === name);
      const rate = mb(h.bytes) / (r.ms / 1000);
      log(`RegExp (${variant}) ${name}: ${rate.toFixed(2)} MB/s (${r.ms.toFixed(1)} ms, ${r.spans} matches); hamish ${(r.ms / h.ms).toFixed(1)}× faster`);
      runs.push({ text: name, bytes: h.bytes, ms: r.ms, runs: r.runs, spans: r.spans, mbPerS: rate, hamishMs: h.ms, ratio: r.ms / h.ms });
    }
    out.regex[variant] = { build, sizes: runs };
  }
  for (const name of QUICK ? ['100k'] : ['100k', '1m']) {
    const runs = name === '1m' ? 2 : 3;
    const dom = (f, ...args) => page.evaluate(([f, n, r, args]) => window.bench[f](n, ...args, r), [f, name, runs, args]);
    const markjsText = await page.evaluate(([n, r]) => window.bench.markjs(n, 'bounded', r, true), [name, runs]);
    const markjs = await page.evaluate(([n, r]) => window.bench.markjs(n, 'bounded', r, false), [name, runs]);
    const fromText = await dom('hamishDom');
    const inPlace = await dom('hamishInPlace');
    const highlights = await dom('hamishHighlights');
    const bytes = hamish.sizes.find((s) => s.text === name).bytes;
    log(
      `DOM ${name}: from the text, mark.js ${markjsText.ms.toFixed(0)} ms, hamish ${fromText.ms.toFixed(0)} ms (${(markjsText.ms / fromText.ms).toFixed(1)}×); ` +
        `in place, mark.js ${markjs.ms.toFixed(0)} ms (${markjs.marks} marks), hamish ${inPlace.ms.toFixed(0)} ms (${inPlace.marks} marks, ${(markjs.ms / inPlace.ms).toFixed(1)}×), ` +
        `CSS highlights ${highlights.ms.toFixed(0)} ms (${(markjs.ms / highlights.ms).toFixed(1)}×)`,
    );
    out.dom.push({
      text: name,
      bytes,
      markjsMarks: markjs.marks,
      hamishMarks: fromText.marks,
      fromText: { markjsMs: markjsText.ms, hamishMs: fromText.ms, ratio: markjsText.ms / fromText.ms },
      inPlace: {
        markjsMs: markjs.ms,
        hamishMs: inPlace.ms,
        ratio: markjs.ms / inPlace.ms,
        highlightsMs: highlights.ms,
        highlightsRatio: markjs.ms / highlights.ms,
      },
    });
  }
  return out;
}

async function loadTimes(browser) {
  const { context, page } = await openPage(browser, 'bench/index.html');
  try {
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1');
    await page.evaluate(() => window.bench.load('data/glossary-serialised.bin'));
    const full = await page.evaluate(() => window.bench.loadTime('data/glossary-serialised.bin', 7));
    const lean = await page.evaluate(() => window.bench.loadTime('../pkg/glossary.bin', 7));
    return { serialisedAutomatonMs: full.ms, builtAtLoadMs: lean.ms };
  } finally {
    await context.close();
  }
}

async function main() {
  const browser = await launch();
  const report = { quick: QUICK, userAgent: '', sizes: sizes() };
  try {
    const probe = await browser.newPage();
    report.userAgent = await probe.evaluate(() => navigator.userAgent);
    await probe.close();

    log('start-up on the reader page (www/index.html)');
    report.readerStartup = await readerStartup(browser);
    log('reader page:', JSON.stringify(report.readerStartup));
    // The same over a home broadband line: the page's own setup is then done while the
    // glossary downloads, instead of competing with its load for the CPU as on the loopback.
    report.readerStartupNetwork = await readerStartup(browser, BROADBAND);
    log(`reader page over ${BROADBAND.label}:`, JSON.stringify(report.readerStartupNetwork));

    log('the reader page: 100 KB pasted → glossed and drawn, probable names shown and hidden');
    report.readerPaste = await readerPaste(browser);
    for (const [key, r] of Object.entries(report.readerPaste)) {
      log(`${key}:`, r.error ?? `${r.ms.toFixed(1)} ms (worker gloss ${r.glossMs.toFixed(1)} ms; ${r.names} probable names)`);
    }

    log('start-up on the bench page: fetch, load, gloss, render');
    report.startup = {};
    // The artefact the page is served (www/pkg: its automaton built at load), and the same with
    // the automaton serialised in it (twice the bytes, nothing to build).
    for (const [name, glossary] of [
      ['served', '../pkg/glossary.bin'],
      ['serialised', 'data/glossary-serialised.bin'],
    ]) {
      for (const [article, url] of [
        ['demo', '../articles/coalition.txt'],
        ['100k', 'data/corpus-100k.txt'],
      ]) {
        const r = await benchStartup(browser, glossary, url);
        report.startup[`${name}/${article}`] = r;
        log(`${name}/${article}:`, r.error ?? `${r.paintedMs.toFixed(0)} ms to a glossed article on screen, ${r.reloadPaintedMs.toFixed(0)} ms on reload (${r.chars} chars; script ${r.scriptStartMs.toFixed(0)}, fetched ${r.fetchedMs.toFixed(0)}, load ${r.loadMs.toFixed(1)}, gloss ${r.glossMs.toFixed(1)}, DOM ${r.renderMs.toFixed(1)}, first frame at ${r.paintedMs.toFixed(0)} ms)`);
      }
    }
    // The same with probable names found as the reader finds them: what they cost the page.
    {
      const r = await benchStartup(browser, '../pkg/glossary.bin', 'data/corpus-100k.txt', 'bench/startup.html', { names: '1' });
      report.startup['served/100k+names'] = r;
      log('served/100k with probable names:', r.error ?? `${r.paintedMs.toFixed(0)} ms to a glossed article on screen, ${r.reloadPaintedMs.toFixed(0)} ms on reload (gloss ${r.glossMs.toFixed(1)} ms)`);
    }
    report.startup.blank = await benchStartup(browser, '', '', 'bench/blank.html');
    log('blank page:', JSON.stringify(report.startup.blank));
    report.load = await loadTimes(browser);
    log('new Hamish(bytes):', JSON.stringify(report.load));

    report.scaling = [];
    for (const scale of SCALES) {
      if (scale > 1 && !existsSync(join(ROOT, `www/bench/data/glossary-${scale}x.bin`))) continue;
      report.scaling.push(await throughput(browser, scale));
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(OUT, 'browser.json'), `${JSON.stringify(report, null, 1)}\n`);
  log(`wrote ${join(OUT, 'browser.json')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
