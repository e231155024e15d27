// hamish reader: the glossing worker.
//
// Loads the WebAssembly core and the compiled glossary, then answers the page's requests off
// the main thread:
//   {type: 'boot', module}, {type: 'boot', glossary} or {type: 'boot', error}
//                                   -> the page's first messages: the compiled WebAssembly module,
//                                      the glossary's bytes (or why one could not be fetched);
//                                      answered by {type: 'ready', entryCount, ms} or
//                                      {type: 'error', message}.
//   {type: 'gloss', id, text}       -> one or more {type: 'spans', id, from, to, spans, entries,
//                                      progress, done, ms} messages, in order, each covering whole
//                                      lines [from, to) of `text`; spans are offsets into `text`,
//                                      STRIDE (7) numbers per span: start, end, stem start, stem
//                                      end, entry index, alternatives, flags (bit 0: written
//                                      disguised; bit 1: named by a short form, a second mention;
//                                      bit 2: a probable name no entry covers, whose "entry" is a
//                                      view made here: {index, id, type: 'probable', ar, kind,
//                                      cue, cueText, romanisation, en: what is known of it}).
//                                      Probable names come once their lexicon is built, when the
//                                      worker is first idle; it then posts {type: 'names-ready'}
//                                      and the page glosses its texts again.
//   {type: 'notes', notes}          -> the glossary's notes (glossary-notes.bin), served apart and
//                                      sent once the engine is ready: attached, then answered by
//                                      {type: 'notes', entries}: the entries the page already has,
//                                      with their notes (later entries come with theirs); or
//                                      {type: 'notes', error} if they do not belong to the glossary.
//   {type: 'names', wanted}         -> whether to look for probable names from now on: while
//                                      the reader hides them none are looked for and their
//                                      lexicon is not built; wanted again, it is built when
//                                      idle (then 'names-ready' as above).
//   {type: 'cancel', id}            -> stops a gloss job between chunks.
//   {type: 'lookup', id, text, at}  -> {type: 'lookup', id, readings, entries}
//   {type: 'form', id, text}        -> {type: 'form', id, form}: what the add-term form starts
//                                      with for the selected `text` ({ar, voc, tr}: the term
//                                      without clitics; vowels and transliteration if known).
//   {type: 'user', id, files, install}
//                                   -> the reader's own glossary (`files`: [[name, tsv], ...]) on
//                                      top of the bundled one. Validated by the core; with
//                                      `install`, the glosser is replaced and {type: 'user', id,
//                                      entryCount} answers; without, {type: 'valid', id}.
//                                      Problems answer {type: 'failed', id, message}.
// Entries cross once each (the page keeps them); general-vocabulary spans ("word") are dropped
// from gloss results because the page does not highlight them (lookup still finds them).
// Every message carries `epoch`, which changes whenever the glossary does (entry indices are
// only meaningful within one epoch).

import init, { Hamish, spanStride } from './pkg/hamish.js';
import { EntryViews, keptSpans } from './spans.js';

let CORE_STRIDE = 6; // spanStride(), read once the module is initialised

let bundled = null; // the bundled glossary alone
let hamish = null; // what glosses: the bundled glossary, or it with the reader's entries on top
let epoch = 0;
let views = null; // EntryViews of `hamish`
let sent = new Set(); // entry indices already sent to the page
const cancelled = new Set();
const queue = [];
let running = false;
let namesWanted = true; // see {type: 'names'}

function post(message, transfer) {
  message.epoch = epoch;
  postMessage(message, transfer || []);
}

/** Forgets what was built from the last glosser's entries (its indices mean other entries now). */
function resetEntries() {
  views = new EntryViews(hamish);
  sent = new Set();
}

// The page sends the compiled WebAssembly module as soon as it is compiled and the glossary's
// bytes once they are in (see glosser.js): {type: 'boot', module}, {type: 'boot', glossary}, or
// {type: 'boot', error} when it could not fetch one. The module is instantiated while the
// glossary is still downloading.
function expected() {
  let settle;
  const promise = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  promise.catch(() => {}); // an error is reported once, by start()
  return { promise, ...settle };
}
const boot = { module: expected(), glossary: expected() };
function bootReceived(message) {
  if (message.error) {
    for (const part of Object.values(boot)) part.reject(new Error(message.error));
    return;
  }
  if (message.module) boot.module.resolve(message.module);
  if (message.glossary) boot.glossary.resolve(message.glossary);
}

async function start() {
  try {
    const t0 = performance.now();
    await init({ module_or_path: await boot.module.promise });
    const bytes = new Uint8Array(await boot.glossary.promise);
    CORE_STRIDE = spanStride();
    bundled = new Hamish(bytes);
    hamish = bundled;
    views = new EntryViews(hamish);
    post({ type: 'ready', entryCount: hamish.entryCount, ms: performance.now() - t0 });
    // A page that asks for nothing at first still gets probable names once the worker is idle.
    whenIdle(1000);
  } catch (error) {
    post({ type: 'error', message: String(error && error.message ? error.message : error) });
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Splits `text` into chunks of whole lines of about `size` code units (spans never cross a line). */
function nextChunkEnd(text, from, size) {
  if (from + size >= text.length) return text.length;
  const nl = text.indexOf('\n', from + size);
  return nl < 0 ? text.length : nl + 1;
}

async function runGloss({ id, text }) {
  const t0 = performance.now();
  const glosser = hamish;
  let glossMs = 0;
  let from = 0;
  let size = 16384; // the first chunk is small so the page can start rendering early
  do {
    if (cancelled.has(id)) {
      cancelled.delete(id);
      return;
    }
    // The glossary changed meanwhile: the page glosses everything again, so stop here.
    if (glosser !== hamish) return;
    const to = nextChunkEnd(text, from, size);
    const g0 = performance.now();
    const chunk = text.slice(from, to);
    // Probable names once their lexicon is built (when idle, see drain): the first text is on
    // screen without waiting for it, and glossed again with names when it is ready.
    const { spans: flat, names } = namesWanted && hamish.namesReady ? hamish.glossNames(chunk) : { spans: hamish.gloss(chunk), names: [] };
    const { spans, entries } = keptSpans(chunk, flat, names, CORE_STRIDE, views, sent, from);
    glossMs += performance.now() - g0;
    const done = to >= text.length;
    post(
      {
        type: 'spans',
        id,
        from,
        to,
        spans,
        entries,
        progress: text.length ? to / text.length : 1,
        done,
        glossMs,
        ms: performance.now() - t0,
      },
      [spans.buffer],
    );
    from = to;
    size = 65536;
    if (!done) await tick(); // lets a cancel, a newer request or a new glossary in
  } while (from < text.length);
}

async function drain() {
  if (running) return;
  running = true;
  while (queue.length) {
    const job = queue.shift();
    try {
      if (job.type === 'gloss') await runGloss(job);
      else if (job.type === 'lookup') runLookup(job);
    } catch (error) {
      post({ type: 'failed', id: job.id, message: String(error && error.message ? error.message : error) });
    }
  }
  running = false;
  whenIdle();
}

/** Out of work: after a pause with nothing asked (a text glossed now comes first), builds
 * what finding probable names needs and tells the page (it glosses its texts again), then,
 * after a longer pause (those texts come first), what looking up a word needs, so that it is
 * not built when a reader first taps one. */
let idleTimer = 0;
function whenIdle(pause = NAMES_AFTER_MS) {
  clearTimeout(idleTimer);
  if (hamish) idleTimer = setTimeout(prepareNext, pause);
}
const NAMES_AFTER_MS = 50;
const LOOKUP_AFTER_MS = 300;

function prepareNext() {
  if (running || queue.length) return; // drain() calls whenIdle() when done
  if (namesWanted && !hamish.namesReady) {
    hamish.prepareNames();
    post({ type: 'names-ready' });
    whenIdle(LOOKUP_AFTER_MS);
    return;
  }
  hamish.prepareLookup();
}

function runLookup({ id, text, at }) {
  const readings = hamish.lookup(text, at);
  const entries = [];
  for (const r of readings) views.include(r.entry, sent, entries);
  post({ type: 'lookup', id, readings, entries });
}

/** Adds the notes to the bundled glossary and to the one glossing now (built on it), and sends
 * the page the entries it has again, with their notes. */
function attachNotes(notes) {
  const bytes = new Uint8Array(notes);
  bundled.attachNotes(bytes);
  if (hamish !== bundled) hamish.attachNotes(bytes);
  views = new EntryViews(hamish);
  post({ type: 'notes', entries: [...sent].map((index) => views.view(index)) });
}

/** Builds (and with `install`, switches to) the bundled glossary with the reader's on top. */
function runUser({ id, files, install }) {
  const t0 = performance.now();
  const next = files.length ? bundled.withUserGlossary(files) : bundled;
  const ms = performance.now() - t0;
  if (!install) {
    if (next !== bundled) next.free();
    post({ type: 'valid', id, ms });
    return;
  }
  const old = hamish;
  hamish = next;
  if (old !== bundled) old.free();
  epoch++;
  resetEntries();
  post({ type: 'user', id, entryCount: hamish.entryCount, ms });
}

const ready = start();

onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'boot') {
    bootReceived(message);
    return;
  }
  if (message.type === 'cancel') {
    cancelled.add(message.id);
    const i = queue.findIndex((job) => job.id === message.id);
    if (i >= 0) {
      queue.splice(i, 1);
      cancelled.delete(message.id);
    }
    return;
  }
  await ready;
  if (!hamish) return;
  if (message.type === 'notes') {
    try {
      attachNotes(message.notes);
    } catch (error) {
      post({ type: 'notes', error: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (message.type === 'lookup' || message.type === 'form' || message.type === 'user') {
    // Lookups are small and answer a person waiting for a tooltip: serve them before queued
    // glossing. A new glossary takes effect at once; running gloss jobs stop at their next chunk.
    try {
      if (message.type === 'lookup') runLookup(message);
      else if (message.type === 'form') post({ type: 'form', id: message.id, form: hamish.formToAdd(message.text) });
      else runUser(message);
    } catch (error) {
      post({ type: 'failed', id: message.id, message: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (message.type === 'names') {
    namesWanted = message.wanted;
    whenIdle();
    return;
  }
  queue.push(message);
  drain();
};
