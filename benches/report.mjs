// The last step of `cargo xtask bench`: merges the native figures (native.json, from
// benches/throughput.rs), criterion's stage estimates (target/criterion/stages/*) and the browser
// figures (browser.json, from benches/browser.mjs) into $HAMISH_BENCH_OUT/report.json, and prints
// them as one table. Run it again (`node benches/report.mjs`) to reprint the last results.

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = process.env.HAMISH_BENCH_OUT || join(ROOT, 'target/bench');
const CRITERION = join(ROOT, 'target/criterion/stages');
const STAGES = ['normalise', 'segment', 'scan', 'candidates', 'select', 'match', 'spans', 'gloss', 'gloss_utf16'];

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const native = read(join(OUT, 'native.json'));
const browser = read(join(OUT, 'browser.json'));
if (!native || !browser) {
  console.error(`report: ${join(OUT, native ? 'browser.json' : 'native.json')} is missing: run cargo xtask bench`);
  process.exit(1);
}

function criterion() {
  if (!existsSync(CRITERION)) return null;
  const out = {};
  for (const name of readdirSync(CRITERION)) {
    const estimates = read(join(CRITERION, name, 'new/estimates.json'));
    const benchmark = read(join(CRITERION, name, 'new/benchmark.json'));
    if (!estimates || !benchmark) continue;
    const ns = estimates.median.point_estimate;
    const bytes = benchmark.throughput?.Bytes ?? 0;
    out[name] = {
      ms: ns / 1e6,
      low_ms: estimates.median.confidence_interval.lower_bound / 1e6,
      high_ms: estimates.median.confidence_interval.upper_bound / 1e6,
      bytes,
      mb_per_s: bytes ? bytes / 1e6 / (ns / 1e9) : null,
    };
  }
  return out;
}

const stages = native.quick ? null : criterion();
const fmt = (x, digits = 1) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(digits));
const kb = (bytes) => `${fmt(bytes / 1024, 0)} KB`;
const mbytes = (bytes) => `${fmt(bytes / 1e6, 1)} MB`;
const pad = (s, n) => String(s).padEnd(n);
const sizeLabel = (name) => name.toUpperCase().replace('K', ' KB').replace('M', ' MB');
const lpad = (s, n) => String(s).padStart(n);
const lines = [];
const say = (s = '') => lines.push(s);
const row = (label, ...cells) => say(`  ${pad(label, 46)}${cells.map((c) => lpad(c, Math.max(12, String(c).length + 2))).join('')}`);

const one = browser.scaling.find((s) => s.scale === 1);
const nativeOne = native.scaling.find((s) => s.scale === 1);
const at = (list, text) => list?.find((s) => s.text === text);
const cpu = cpus()[0]?.model ?? 'unknown CPU';

say(`hamish benchmarks — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpu} × ${cpus().length}`);
say(`${browser.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} headless; medians of repeated runs; figures, not assertions (a noisy machine varies ±30%)`);
say();
say(`TEXT → SPANS, full glossary (${native.glossary.entries} entries, ${native.glossary.patterns} patterns), demo articles varied`);
row('', 'native', 'Chromium');
for (const size of ['10k', '100k', '1m', '10m']) {
  const n = at(nativeOne?.sizes, size);
  const b = at(one?.sizes, size);
  if (!n && !b) continue;
  row(`${sizeLabel(size)}  (MB/s)`, fmt(n?.mb_per_s_flat), fmt(b?.mbPerS));
}
if (nativeOne) {
  const n = at(nativeOne.sizes, '1m');
  row('1 MB, Rust API Glosser::gloss, general words too  (MB/s)', fmt(n?.mb_per_s), '');
}
if (native.work_1m) {
  const w = native.work_1m;
  say(`  per MB: ${w.chars} chars, ${w.words} words, ${w.hits} hits of the full automaton, ${w.candidates} readings, ${w.selections} spans`);
}
const split = native.stages_1m_ns_per_char;
if (split) {
  say(`  native ns per character, 1 MB: segment ${fmt(split.segment)}, choose ${fmt(split.choose)} (of which the highlights`);
  say(`    automaton scan ${fmt(split.scan)}: one dependent memory access or more per character), UTF-16 offsets ${fmt(split.offsets)}`);
}
if (stages) {
  say();
  say('STAGES, native (criterion, 100 KB)');
  row('', 'time', 'MB/s');
  for (const name of STAGES) {
    const s = stages[name];
    if (s) row(name, `${fmt(s.ms, 2)} ms`, fmt(s.mb_per_s));
  }
}

say();
say('AGAINST THE JAVASCRIPT WAY, same page, same text (Chromium)');
const base = one?.baseline;
if (base) {
  row('text → spans, 1 MB', 'time', 'MB/s', 'hamish ×');
  const h = at(one.sizes, '1m');
  row('hamish: h.gloss(text)', `${fmt(h?.ms)} ms`, fmt(h?.mbPerS), '1.0');
  if (h?.encodeMs) say(`    (of which ${fmt(h.encodeMs)} ms is passing the text in: TextEncoder.encodeInto, UTF-16 to UTF-8)`);
  if (h?.namesMs) {
    const share = (h.namesMs / h.ms - 1) * 100;
    row('hamish: h.glossNames(text), with probable names', `${fmt(h.namesMs)} ms`, fmt(h.bytes / 1e6 / (h.namesMs / 1000)), fmt(h.ms / h.namesMs));
    say(`    (finding ${h.names} probable names costs ${fmt(share, 0)}% of text → spans: ${share <= 10 ? 'within' : 'over'} the 10% target)`);
  }
  for (const [variant, label] of [
    ['plain', 'RegExp alternation, optional clitics'],
    ['bounded', 'same, no match inside a word'],
  ]) {
    const r = at(base.regex[variant]?.sizes, '1m');
    row(label, `${fmt(r?.ms)} ms`, fmt(r?.mbPerS), fmt(r?.ratio));
  }
  const plain = at(base.regex.plain?.sizes, '1m');
  const chars = native.work_1m?.chars;
  if (plain && chars && h) {
    const perChar = (ms) => (ms * 1e6) / chars;
    say(`  (per character: RegExp ${fmt(perChar(plain.ms))} ns, hamish ${fmt(perChar(h.ms))} ns; 3× the RegExp leaves ${fmt(perChar(plain.ms) / 3)} ns`);
    say(`   for everything, and the native automaton scan alone takes ${fmt(split?.scan)} ns)`);
  }
  const b = base.regex.plain?.build;
  if (b) say(`  (${b.forms} forms, a ${kb(b.sourceChars)} RegExp; built and compiled in ${fmt(b.ms, 0)} ms)`);
  for (const d of base.dom) {
    const { fromText: t, inPlace: p } = d;
    row(`highlighted DOM, ${sizeLabel(d.text)}`, 'time', 'marks', 'hamish ×');
    say('  from the text (each builds one <p> per line):');
    row('  hamish: gloss + <p> and <mark> DOM', `${fmt(t.hamishMs, 1)} ms`, d.hamishMarks, '1.0');
    row('  mark.js: <p> DOM + markRegExp (bounded)', `${fmt(t.markjsMs, 1)} ms`, d.markjsMarks, fmt(t.ratio));
    say('  an existing DOM (one <p> per line) highlighted in place:');
    row('  hamish: gloss + <mark>s in place', `${fmt(p.hamishMs, 1)} ms`, d.hamishMarks, '1.0');
    row('  hamish: gloss + CSS highlights, DOM as is', `${fmt(p.highlightsMs, 1)} ms`, d.hamishMarks, '1.0');
    row('  mark.js markRegExp (bounded)', `${fmt(p.markjsMs, 1)} ms`, d.markjsMarks, `${fmt(p.ratio)} / ${fmt(p.highlightsRatio)}`);
  }
}

say();
say('START-UP, SIZE, MEMORY (Chromium)');
const r = browser.readerStartup;
row('reader page: navigation → glossed demo article', r?.error ? 'failed' : `${fmt(r?.glossedMs, 0)} ms`);
if (r?.error) say(`    (${r.error})`);
const startupRatio = r && !r.error && r.ratio ? r.ratio : null;
if (startupRatio !== null) {
  say(`    (${fmt(startupRatio, 2)}× the minimal page's ${fmt(r.minimalMs, 0)} ms to the same article glossed on screen;`);
  say(`     medians of ${r.runs} runs of each, taking turns)`);
}
const rn = browser.readerStartupNetwork;
const networkRatio = rn && !rn.error && rn.ratio ? rn.ratio : null;
if (rn) {
  row('  the same over a 20 Mbit/s, 40 ms line', rn.error ? 'failed' : `${fmt(rn.glossedMs, 0)} ms`);
  if (rn.error) say(`    (${rn.error})`);
  else say(`    (${fmt(networkRatio, 2)}× the minimal page's ${fmt(rn.minimalMs, 0)} ms over the same line; Chromium's network emulation)`);
}
const visit = r?.firstVisit;
if (visit) {
  row('reader page, first visit: bytes transferred', kb(visit.totalBytes), `${visit.requests} requests`);
  const notes = visit.notesBytes ?? 0;
  say(`    (the glossary ${kb(visit.glossaryBytes)} and its notes ${kb(notes)}, fetched once the engine is up; the WebAssembly ${kb(visit.wasmBytes)};`);
  say(`     everything else ${kb(visit.totalBytes - visit.glossaryBytes - notes - visit.wasmBytes)}; bodies as sent, brotli where served so, with headers)`);
}
const pasted = browser.readerPaste;
let namesShare = null;
if (pasted) {
  const { names: on, noNames: off } = pasted;
  for (const [label, p] of [
    ['reader page: 100 KB pasted → glossed on screen', on],
    ['  same page, probable names hidden (not looked for)', off],
  ]) {
    row(label, p?.error ? 'failed' : `${fmt(p?.ms, 1)} ms`, p?.error ? '' : `gloss ${fmt(p.glossMs, 1)}`);
    if (p?.error) say(`    (${p.error})`);
    else say(`    (median of ${p.runs} pastes${p.firstMs !== undefined ? `; the page's first: ${fmt(p.firstMs, 0)} ms, gloss ${fmt(p.firstGlossMs, 1)} ms` : ''}; ${p.names} probable names)`);
  }
  if (on && off && !on.error && !off.error) {
    namesShare = ((on.ms - off.ms) / off.ms) * 100;
    const workerShare = ((on.glossMs - off.glossMs) / off.ms) * 100;
    say(`    (probable names: ${fmt(namesShare, 1)}% of the reader's path from pasted text to glossed on screen, within its noise;`);
    say(`     in the worker, gloss ${fmt(off.glossMs, 1)} → ${fmt(on.glossMs, 1)} ms: ${fmt(workerShare, 1)}% of that path)`);
  }
}
for (const [key, label] of [
  ['served/demo', 'minimal page → glossed demo article on screen'],
  ['served/100k', 'minimal page → glossed 100 KB article on screen'],
  ['serialised/100k', '  same, the automaton serialised in the artefact'],
  ['served/100k+names', '  same as served, probable names found too (glossNames)'],
]) {
  const s = browser.startup?.[key];
  if (!s) continue;
  row(label, s.error ? 'failed' : `${fmt(s.paintedMs, 0)} ms`, s.error ? '' : `${fmt(s.reloadPaintedMs, 0)} reload`);
  if (!s.error) {
    say(`    (module script ${fmt(s.scriptStartMs, 0)}, wasm + glossary + article fetched ${fmt(s.fetchedMs, 0)}; then load ${fmt(s.loadMs, 0)},`);
    say(`     gloss ${fmt(s.glossMs, 0)}, DOM ${fmt(s.renderMs, 0)} ms (cold code, first call); first frame at ${fmt(s.paintedMs, 0)} ms)`);
  }
}
{
  const plain = browser.startup?.['served/100k'];
  const named = browser.startup?.['served/100k+names'];
  if (plain && named && !plain.error && !named.error) {
    say(`    (probable names: gloss ${fmt(plain.glossMs, 1)} → ${fmt(named.glossMs, 1)} ms; ${fmt(((named.paintedMs - plain.paintedMs) / plain.paintedMs) * 100, 0)}% of the page's navigation → glossed 100 KB on screen, run-to-run noise ±30%)`);
  }
}
const blank = browser.startup?.blank;
if (blank && !blank.error) {
  row('blank page → its script / first frame (the floor)', `${fmt(blank.scriptStartMs, 0)} ms`, `${fmt(blank.paintedMs, 0)} ms`);
}
const sz = browser.sizes;
const packed = (s) => `${kb(s.brotli)} br, ${kb(s.gzip)} gz`;
row('WebAssembly (hamish_bg.wasm)', kb(sz.wasm.raw), packed(sz.wasm));
row('JS glue (hamish.js)', kb(sz.glue.raw), packed(sz.glue));
row('glossary.bin as served (automaton built at load)', kb(sz.served.raw), packed(sz.served));
row('glossary-notes.bin (fetched when the engine is up)', kb(sz.notes.raw), packed(sz.notes));
row('  one artefact: automaton and notes in (not served)', kb(sz.glossary.raw), packed(sz.glossary));
row('new Hamish(bytes), warm: serialised / built at load', `${fmt(browser.load?.serialisedAutomatonMs)} ms`, `${fmt(browser.load?.builtAtLoadMs)} ms`);
row('native load: serialised / built at load', `${fmt(native.glossary.load_ms)} ms`, `${fmt(native.glossary.lean_load_ms)} ms`);
row('WebAssembly memory after load', mbytes(one?.load.memoryBytes ?? 0));
row('native heap after load', mbytes(native.glossary.heap_bytes));

say();
say('SCALING: MB/s by text size; memory after load');
row('glossary', 'native', '', '', '', 'Chromium');
const sizesShown = ['10k', '100k', '1m', '10m'];
say(`  ${pad('', 46)}${sizesShown.map((s) => lpad(s, 7)).join('')}   ${sizesShown.map((s) => lpad(s, 7)).join('')}   heap / wasm mem`);
const flags = [];
for (const n of native.scaling) {
  const b = browser.scaling.find((s) => s.scale === n.scale);
  const cells = (list, key) => sizesShown.map((s) => lpad(fmt(at(list, s)?.[key]), 7)).join('');
  say(
    `  ${pad(`×${n.scale} (${n.entries} entries, ${n.patterns} patterns)`, 46)}${cells(n.sizes, 'mb_per_s_flat')}   ${cells(b?.sizes, 'mbPerS')}   ${mbytes(n.heap_bytes)} / ${b ? mbytes(b.load.memoryBytes) : '–'}`,
  );
  for (const [where, list, key] of [
    ['native', n.sizes, 'mb_per_s_flat'],
    ['Chromium', b?.sizes, 'mbPerS'],
  ]) {
    const small = at(list, '100k')?.[key];
    const large = at(list, '10m')?.[key] ?? at(list, '1m')?.[key];
    if (small && large && large < 0.6 * small) flags.push(`×${n.scale} ${where}: ${fmt(large)} MB/s on the largest text vs ${fmt(small)} at 100 KB`);
  }
  say(`  ${pad('', 46)}load ${fmt(n.load_ms, 0)} ms native${b ? `, ${fmt(b.load.loadMs, 0)} ms in Chromium` : ''}; artefact ${mbytes(n.artefact_bytes)}; gloss peak heap 1 MB: +${mbytes(at(n.sizes, '1m')?.peak_heap_bytes ?? 0)}`);
}
say(flags.length ? `  NOT LINEAR: ${flags.join('; ')}` : '  linear in the text: MB/s on the largest text within 40% of 100 KB at every scale (noise is ±30%)');

const targets = [];
const h1m = at(one?.sizes, '1m');
const regex1m = at(base?.regex.plain?.sizes, '1m');
const bounded1m = at(base?.regex.bounded?.sizes, '1m');
const startup100k = browser.startup?.['served/100k'];
targets.push(['text → spans in Chromium, 1 MB, full glossary', `${fmt(h1m?.mbPerS)} MB/s`, '≥ 50 MB/s', h1m?.mbPerS >= 50]);
targets.push(['× the RegExp baseline (plain / bounded)', `${fmt(regex1m?.ratio)} / ${fmt(bounded1m?.ratio)}`, '≥ 3×', regex1m?.ratio >= 3]);
for (const dom of base?.dom ?? []) {
  targets.push([
    `× mark.js, ${sizeLabel(dom.text)}: from text / in place / CSS highlights`,
    `${fmt(dom.fromText.ratio)} / ${fmt(dom.inPlace.ratio)} / ${fmt(dom.inPlace.highlightsRatio)}`,
    '≥ 10×',
    dom.fromText.ratio >= 10,
  ]);
}
targets.push([
  'navigation → glossed 100 KB article on screen (cold / reload)',
  `${fmt(startup100k?.paintedMs, 0)} / ${fmt(startup100k?.reloadPaintedMs, 0)} ms`,
  '< 100 ms',
  startup100k?.paintedMs < 100,
]);
if (blank && !blank.error) {
  targets.push(['  (a blank page: first frame, cold / reload)', `${fmt(blank.paintedMs, 0)} / ${fmt(blank.reloadPaintedMs, 0)} ms`, '', true]);
}
if (namesShare !== null) {
  targets.push(["probable names' share of the reader's paste → on screen", `${fmt(namesShare, 1)}%`, '< 10%', namesShare < 10]);
}
targets.push(['WebAssembly as served (brotli)', kb(sz.wasm.brotli), '< 200 KB', sz.wasm.brotli < 200 * 1024]);
if (startupRatio !== null) {
  targets.push(['reader page → glossed demo article, × the minimal page', `${fmt(startupRatio, 2)}×`, '≤ 1.3×', startupRatio <= 1.3]);
  if (networkRatio !== null) targets.push(['  the same over a 20 Mbit/s, 40 ms line', `${fmt(networkRatio, 2)}×`, '≤ 1.3×', networkRatio <= 1.3]);
}
if (visit) {
  targets.push(['glossary as served on a first visit (compressed)', kb(visit.glossaryBytes), '< 600 KB', visit.glossaryBytes < 600 * 1024]);
  if (visit.notesBytes) targets.push(['  and its notes, fetched after (not part of the target)', kb(visit.notesBytes), '', true]);
}
say();
say('TARGETS');
for (const [label, value, target, met] of targets) {
  say(`  ${pad(label, 58)}${lpad(value, 16)}${lpad(target, 12)}${lpad(target ? (met ? 'met' : 'MISSED') : '', 9)}`);
}

const report = {
  generated: new Date().toISOString(),
  machine: { cpu, cores: cpus().length, userAgent: browser.userAgent },
  native,
  stages,
  browser,
  linear: flags.length === 0,
  targets: targets.map(([name, value, target, met]) => ({ name, value, target, met: Boolean(met) })),
};
writeFileSync(join(OUT, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
console.log(`\n${lines.join('\n')}\n\nreport: wrote ${join(OUT, 'report.json')}`);
