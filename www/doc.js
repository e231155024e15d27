// hamish reader: a glossed text on the page.
//
// The text is laid out as one block per line (very long lines are cut into several blocks at a
// space outside any term, or, in a long run without spaces, between two characters outside any
// term). Blocks are grouped in chunks of a few dozen, and it is the chunk the browser skips
// laying out and painting while it is off screen (content-visibility): per-frame work grows with
// the number of such containers, so one per block would make a 10 MB text ever slower to render.
// Each
// highlighted span becomes ONE element around the whole written word(s), clitics included, so
// Arabic letters stay joined; the term itself (the stem) is coloured with the CSS Custom
// Highlight API, which marks text without splitting it into elements.
//
// When the text changes, lines that did not change keep their elements; only the changed run of
// lines is glossed again (in the worker) and rendered, in small slices between which the page
// stays responsive.

import { DISGUISED, PROBABLE, SHORT, STRIDE } from './spans.js';

// The page's span format and its flags, made by spans.js on the engine's side.
export { DISGUISED, PROBABLE, SHORT, STRIDE };

export const TYPES = [
  { key: 'organisation', en: 'organisation', ar: 'منظمة' },
  { key: 'person', en: 'person', ar: 'شخص' },
  { key: 'place', en: 'place', ar: 'مكان' },
  { key: 'abbreviation', en: 'abbreviation', ar: 'اختصار' },
  { key: 'term', en: 'term', ar: 'مصطلح' },
  { key: 'event', en: 'event', ar: 'حدث' },
  // Not from the glossary: words the core takes for a name no entry covers (see names.rs).
  { key: 'probable', en: 'probable name', ar: 'اسم محتمل' },
];
export const TYPE_BY_KEY = new Map(TYPES.map((t) => [t.key, t]));

const MAX_BLOCK = 2500; // code units per block before a long line is cut
const CHUNK_BLOCKS = 48; // blocks per chunk (the unit the browser skips while off screen)…
const CHUNK_CHARS = 6000; // …or code units, whichever comes first: a chunk on screen is laid out again as it grows
// The first chunks of a text are smaller (a quarter, then a half): the first frame lays out only
// the chunks on screen, and the start of a text is what is on screen when it opens.
const FIRST_CHUNKS = [0.25, 0.5];
const SLICE_MS = 8; // main-thread time per rendering slice…
const MAX_SLICE_MS = 50; // …which grows (up to this) when each frame costs the browser more, see pump()

/** Waits for the next frame to be drawn, so that each slice of new elements is styled and laid
 * out in its own frame (not all at once at the end), and input is handled in between. */
function nextFrame() {
  if (document.hidden) return new Promise((resolve) => setTimeout(resolve, 0)); // no frames in a background tab
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** One named Highlight per entry type, registered in CSS.highlights while the type is shown. */
export class Highlights {
  constructor(names) {
    this.supported = typeof Highlight === 'function' && typeof CSS !== 'undefined' && 'highlights' in CSS;
    this.map = new Map();
    this.hidden = new Set();
    if (!this.supported) return;
    for (const name of names) {
      const highlight = new Highlight();
      this.map.set(name, highlight);
      CSS.highlights.set(name, highlight);
    }
  }

  add(name, range) {
    if (this.supported) this.map.get(name).add(range);
  }

  delete(name, range) {
    if (this.supported) this.map.get(name).delete(range);
  }

  clear(name) {
    if (this.supported) this.map.get(name).clear();
  }

  setHidden(name, hidden) {
    if (hidden) this.hidden.add(name);
    else this.hidden.delete(name);
    if (!this.supported) return;
    if (hidden) CSS.highlights.delete(name);
    else CSS.highlights.set(name, this.map.get(name));
  }
}

// Element -> where it is in its document.
const blockInfo = new WeakMap(); // block element -> {line, base}
const termInfo = new WeakMap(); // term element -> {doc, line, k}
const chunks = new WeakMap(); // chunk element -> code units of text in it
const capacity = new WeakMap(); // chunk element -> its share of CHUNK_BLOCKS and CHUNK_CHARS

export function termOf(element) {
  return termInfo.get(element);
}

export class Doc {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root          where the text is rendered
   * @param {import('./glosser.js').Glosser} o.glosser
   * @param {Highlights} o.highlights
   * @param {(entry: object, written: string, flags: number) => string} o.label  accessible name of a term
   * @param {(entry: object) => string} o.shortGloss  the few English words skim mode shows above a term
   * @param {() => Set<string>} o.hiddenTypes
   * @param {boolean} [o.titleLine]     render the first line as a heading
   * @param {(doc: Doc) => void} [o.onProgress]
   * @param {(doc: Doc) => void} [o.onDone]
   */
  constructor(o) {
    Object.assign(this, { titleLine: false, onProgress: () => {}, onDone: () => {} }, o);
    this.text = '';
    this.lines = [];
    this.gen = 0;
    this.job = null;
    this.queue = [];
    this.head = 0; // next queue item to render (shift() on a long queue is quadratic)
    this.pumping = false;
    this.glossDone = true;
    this.anchor = null;
    this.region = { length: 0, rendered: 0, glossProgress: 1 };
    this.timing = {};
    this.setPhase('empty');
    this.waiters = [];
  }

  setPhase(phase) {
    this.phase = phase;
    this.root.dataset.phase = phase;
    this.root.setAttribute('aria-busy', phase === 'glossing' || phase === 'rendering' ? 'true' : 'false');
  }

  /** Resolves once the current text is fully glossed and rendered. */
  whenDone() {
    if (this.phase === 'done' || this.phase === 'empty') return Promise.resolve(this);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Forgets everything rendered (the next setText renders from scratch). */
  reset() {
    this.cancelJob();
    for (const line of this.lines) this.removeLine(line);
    this.lines = [];
    this.queue = [];
    this.head = 0;
    this.root.replaceChildren();
    this.text = '';
  }

  cancelJob() {
    if (this.job) this.glosser.cancel(this.job.id);
    this.job = null;
  }

  static newLine(text) {
    return { text, state: 'pending', spans: null, els: [], terms: [], ranges: [], entries: [], stale: false };
  }

  setText(text) {
    const gen = ++this.gen;
    this.text = text;
    this.cancelJob();
    this.queue = [];
    this.head = 0;
    this.timing = { started: performance.now(), chars: text.length };

    const texts = text.split('\n');
    const old = this.lines;
    const reusable = (line, t) => line.state === 'done' && !line.stale && line.text === t;
    let p = 0;
    while (p < old.length && p < texts.length && reusable(old[p], texts[p])) p++;
    let s = 0;
    while (s < old.length - p && s < texts.length - p && reusable(old[old.length - 1 - s], texts[texts.length - 1 - s])) s++;
    for (const line of old.slice(p, old.length - s)) this.removeLine(line);
    const middle = texts.slice(p, texts.length - s).map((t) => Doc.newLine(t));
    const suffix = old.slice(old.length - s);
    this.lines = [...old.slice(0, p), ...middle, ...suffix];
    let offset = 0;
    for (const line of this.lines) {
      line.start = offset;
      offset += line.text.length + 1;
    }
    if (this.titleLine && this.lines.length) this.lines[0].title = true;
    this.anchor = null;
    for (const line of suffix) {
      if (line.els.length) {
        this.anchor = line.els[0];
        break;
      }
    }
    if (!text.trim() || !middle.length) {
      for (const line of middle) line.state = 'done';
      this.glossDone = true;
      this.region = { length: 0, rendered: 0, glossProgress: 1 };
      this.finish(gen);
      return;
    }
    this.glossLines(gen, middle, false);
  }

  /**
   * Glosses the whole text again (after the glossary changed: the reader's own entries were
   * added, edited or removed). Lines whose terms are the same keep their elements; the others are
   * rendered again in place.
   */
  refresh() {
    if (!this.lines.length || !this.text.trim()) return;
    const gen = ++this.gen;
    this.cancelJob();
    this.queue = [];
    this.head = 0;
    this.timing = { started: performance.now(), chars: this.text.length, refresh: true };
    this.anchor = null;
    let next = null; // where a line without elements (not rendered yet) goes: before the next one's
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i];
      line.stale = true;
      line.before = next;
      if (line.els.length) next = line.els[0];
    }
    this.glossLines(gen, this.lines, true);
  }

  /** Glosses the consecutive `lines` in the worker and queues them for rendering. */
  glossLines(gen, lines, refresh) {
    const started = this.timing.started;
    const regionStart = lines[0].start;
    const last = lines[lines.length - 1];
    const regionText = this.text.slice(regionStart, last.start + last.text.length);
    this.region = { length: regionText.length, rendered: 0, glossProgress: 0 };
    this.glossDone = false;
    this.setPhase('glossing');
    let next = 0; // next line to receive spans
    this.job = this.glosser.gloss(regionText, (chunk) => {
      if (gen !== this.gen) return;
      if (this.timing.firstChunk === undefined) this.timing.firstChunk = performance.now() - started;
      const spans = chunk.spans;
      let k = 0;
      while (next < lines.length && lines[next].start - regionStart < chunk.to) {
        const line = lines[next++];
        const from = line.start - regionStart;
        const to = from + line.text.length;
        while (k < spans.length && spans[k] < from) k += STRIDE;
        const first = k;
        while (k < spans.length && spans[k + 1] <= to) k += STRIDE;
        const own = spans.slice(first, k);
        for (let i = 0; i < own.length; i += STRIDE) {
          own[i] -= from;
          own[i + 1] -= from;
          own[i + 2] -= from;
          own[i + 3] -= from;
        }
        if (!refresh) {
          line.spans = own;
          this.queue.push({ gen, line });
        } else if (line.state === 'done' && this.sameTerms(line, own)) {
          line.spans = own; // the same terms; entry indices may differ from the old glossary's
          line.entries = line.entries.map((_, j) => this.glosser.entry(own[j * STRIDE + 4]));
          line.stale = false;
          this.region.rendered += line.text.length + 1;
        } else {
          this.queue.push({ gen, line, spans: own, replace: true });
        }
      }
      this.region.glossProgress = chunk.progress;
      if (chunk.done) {
        this.glossDone = true;
        this.timing.glossMs = chunk.glossMs;
        this.timing.workerMs = chunk.ms;
        this.timing.glossedAt = performance.now() - started;
      }
      if (this.phase === 'glossing') this.setPhase('rendering');
      this.schedule();
    });
    this.job.done.catch((error) => {
      if (gen === this.gen) this.onError?.(error);
    });
  }

  /** Whether `spans` (from the new glossary) mark exactly what `line` shows, with the same
   * bundled entries. A line with any of the reader's own entries is always rendered again. */
  sameTerms(line, spans) {
    const old = line.spans;
    if (!old || old.length !== spans.length) return false;
    for (let i = 0; i < spans.length; i += STRIDE) {
      for (const d of [0, 1, 2, 3, 5, 6]) if (old[i + d] !== spans[i + d]) return false;
      const before = line.entries[i / STRIDE];
      const now = this.glosser.entry(spans[i + 4]);
      if (!before || !now || before.user || now.user || before.id !== now.id) return false;
    }
    return true;
  }

  schedule() {
    if (!this.pumping) this.pump();
  }

  async pump() {
    this.pumping = true;
    let longest = 0;
    // Each frame costs the browser time that grows with the document (style, layout, and walking
    // its containers and highlights), so with a fixed slice a 10 MB text would spend most of its
    // time in frames. The slice follows what a frame costs (at most MAX_SLICE_MS), so that
    // rendering stays about half of the time whatever the size.
    let slice = SLICE_MS;
    while (this.head < this.queue.length) {
      const t0 = performance.now();
      do {
        const item = this.queue[this.head];
        if (item.gen !== this.gen || this.renderStep(item)) this.head++;
      } while (this.head < this.queue.length && performance.now() - t0 < slice);
      longest = Math.max(longest, performance.now() - t0);
      if (this.head >= this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      this.onProgress(this);
      if (this.head < this.queue.length) {
        const t1 = performance.now();
        await nextFrame();
        slice = Math.min(MAX_SLICE_MS, Math.max(SLICE_MS, (performance.now() - t1) * 0.75));
      }
    }
    this.timing.longestSliceMs = Math.max(this.timing.longestSliceMs || 0, longest);
    this.pumping = false;
    if (this.glossDone) this.finish(this.gen);
  }

  finish(gen) {
    if (gen !== this.gen || this.head < this.queue.length || this.pumping) return;
    this.job = null;
    this.timing.totalMs = performance.now() - this.timing.started;
    this.setPhase(this.lines.some((l) => l.text.trim()) ? 'done' : 'empty');
    this.onProgress(this);
    this.onDone(this);
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(this);
  }

  /** Fraction of the changed text rendered so far. */
  progress() {
    if (!this.region.length) return 1;
    return Math.min(1, (this.region.glossProgress + this.region.rendered / this.region.length) / 2);
  }

  /**
   * Where long lines are cut into blocks: [start, end) pairs in line offsets. A cut goes after a
   * space outside any term; in a long run without one (a 1 MB "word"), between two characters
   * outside any term, never inside a surrogate pair or before a combining mark if it can help it.
   */
  blocks(text, spans) {
    const n = text.length;
    if (n <= MAX_BLOCK) return [[0, n]];
    const out = [];
    let a = 0;
    let k = 0;
    while (n - a > MAX_BLOCK) {
      const k0 = k;
      const limit = Math.min(n, a + 2 * MAX_BLOCK);
      let cut = -1;
      let at = a + MAX_BLOCK;
      while (at < limit) {
        const m = /\s/.exec(text.slice(at, limit));
        if (!m) break;
        const w = at + m.index;
        while (k < spans.length && spans[k + 1] <= w) k += STRIDE;
        if (k < spans.length && spans[k] <= w) {
          at = spans[k + 1];
          continue;
        }
        cut = w + 1;
        break;
      }
      if (cut < 0) {
        k = k0;
        let fallback = -1;
        for (at = a + MAX_BLOCK; at < n; at++) {
          while (k < spans.length && spans[k + 1] <= at) k += STRIDE;
          if (k < spans.length && spans[k] < at) {
            at = spans[k + 1] - 1; // inside a term: go to its end
            continue;
          }
          const c = text.charCodeAt(at);
          if (c >= 0xdc00 && c <= 0xdfff && at > 0 && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800) continue;
          if (fallback < 0) fallback = at;
          if (!/[\p{M}\u200c\u200d\ufe0f]/u.test(text[at])) {
            cut = at;
            break;
          }
          if (at - fallback > 64) {
            cut = fallback;
            break;
          }
        }
        if (cut < 0) cut = fallback;
      }
      if (cut <= a || cut >= n) break;
      out.push([a, cut]);
      a = cut;
    }
    out.push([a, n]);
    return out;
  }

  /** Renders the next block of a queued line; true once the whole line is rendered. */
  renderStep(item) {
    const line = item.line;
    if (!item.blocks) {
      if (item.replace) {
        // Keep the old elements (hidden) as the place to insert before, until the new ones are in.
        item.old = line.els;
        for (const el of item.old) el.hidden = true;
        for (const [type, range] of line.ranges) this.highlights.delete(type, range);
        line.spans = item.spans;
      }
      item.before = item.old?.[0] || (item.replace ? line.before : this.anchor);
      line.els = [];
      line.terms = [];
      line.ranges = [];
      line.entries = [];
      line.stale = false;
      item.hidden = this.hiddenTypes();
      item.blocks = line.text ? this.blocks(line.text, line.spans || new Uint32Array(0)) : [];
      item.b = 0;
      item.k = 0;
    }
    if (item.b < item.blocks.length) {
      const [a, b] = item.blocks[item.b++];
      const spans = line.spans || new Uint32Array(0);
      const block = document.createElement(line.title ? 'h2' : 'p');
      block.className = line.title ? 'block title' : 'block';
      blockInfo.set(block, { line, base: a });
      let pos = a;
      let k = item.k;
      while (k < spans.length && spans[k] < b) {
        const start = spans[k];
        if (start > pos) block.append(line.text.slice(pos, start));
        block.append(this.makeTerm(line, k / STRIDE, item.hidden));
        pos = spans[k + 1];
        k += STRIDE;
      }
      item.k = k;
      if (pos < b) block.append(line.text.slice(pos, b));
      line.els.push(block);
      this.place(block, item.before);
      this.region.rendered += b - a;
      if (item.b < item.blocks.length) return false;
    }
    if (item.old) for (const el of item.old) this.unplace(el);
    line.state = 'done';
    this.region.rendered += 1;
    return true;
  }

  /** Inserts `block` before `before` (a block element), or at the end; blocks go in chunks. */
  place(block, before) {
    const size = block.textContent.length;
    const full = (chunk, factor = 1) => {
      const share = factor * (capacity.get(chunk) ?? 1);
      return chunk.childElementCount >= CHUNK_BLOCKS * share || chunks.get(chunk) + size > CHUNK_CHARS * share;
    };
    const add = (chunk) => chunks.set(chunk, chunks.get(chunk) + size);
    if (!before || before.parentNode?.parentNode !== this.root) {
      let chunk = this.root.lastElementChild;
      if (!chunk || full(chunk)) {
        chunk = this.root.appendChild(Doc.chunk());
        const share = FIRST_CHUNKS[this.root.childElementCount - 1];
        if (share) capacity.set(chunk, share);
      }
      chunk.append(block);
      add(chunk);
      return;
    }
    const chunk = before.parentNode;
    if (before === chunk.firstChild) {
      let previous = chunk.previousElementSibling;
      if (!previous || full(previous)) {
        previous = Doc.chunk();
        chunk.before(previous);
      }
      previous.append(block);
      add(previous);
    } else if (!full(chunk, 2)) {
      chunk.insertBefore(block, before);
      add(chunk);
    } else {
      // A full chunk: split it at `before` (moving elements keeps their text nodes and ranges).
      const rest = Doc.chunk();
      const tail = [];
      let moved = 0;
      for (let node = before; node; node = node.nextSibling) {
        tail.push(node);
        moved += node.textContent.length;
      }
      rest.append(...tail);
      chunks.set(rest, moved);
      chunks.set(chunk, chunks.get(chunk) - moved);
      chunk.after(rest);
      chunk.append(block);
      add(chunk);
    }
  }

  unplace(block) {
    const chunk = block.parentNode;
    block.remove();
    if (!chunk || chunk === this.root) return;
    if (!chunk.firstChild) chunk.remove();
    else chunks.set(chunk, chunks.get(chunk) - block.textContent.length);
  }

  static chunk() {
    const chunk = document.createElement('div');
    chunk.className = 'chunk';
    chunks.set(chunk, 0);
    return chunk;
  }

  makeTerm(line, k, hidden) {
    const s = line.spans;
    const i = k * STRIDE;
    const [start, end, stemStart, stemEnd, index, flags] = [s[i], s[i + 1], s[i + 2], s[i + 3], s[i + 4], s[i + 6]];
    const entry = this.glosser.entry(index);
    const type = entry.type;
    const written = line.text.slice(start, end);
    const el = document.createElement('span');
    el.className = 't';
    el.dataset.type = type;
    if (entry.user) el.dataset.mine = '';
    if (flags & DISGUISED) el.dataset.disguised = '';
    if (flags & SHORT) el.dataset.short = '';
    const text = document.createTextNode(written);
    el.append(text);
    this.setActive(el, !hidden.has(type), entry, written, flags);
    termInfo.set(el, { doc: this, line, k });
    const range = new StaticRange({
      startContainer: text,
      startOffset: stemStart - start,
      endContainer: text,
      endOffset: stemEnd - start,
    });
    this.highlights.add(type, range);
    line.ranges.push([type, range]);
    line.terms.push(el);
    line.entries.push(entry);
    return el;
  }

  /** A shown term is a focusable button named with its gloss, with its short gloss for skim
   * mode (drawn by CSS above it, so turning skim on or off costs no rendering); a hidden one is
   * plain text. */
  setActive(el, active, entry, written, flags = 0) {
    if (active) {
      el.classList.remove('off');
      el.tabIndex = 0;
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', this.label(entry, written, flags));
      el.dataset.gloss = this.shortGloss(entry);
    } else {
      el.classList.add('off');
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
      el.removeAttribute('aria-label');
      delete el.dataset.gloss;
    }
  }

  /** Shows or hides every term of `type`. */
  setTypeActive(type, active) {
    for (const line of this.lines) {
      for (let k = 0; k < line.terms.length; k++) {
        const el = line.terms[k];
        if (el.dataset.type !== type) continue;
        this.setActive(el, active, line.entries[k], el.textContent, line.spans[k * STRIDE + 6]);
      }
    }
  }

  removeLine(line) {
    for (const el of line.els) this.unplace(el);
    for (const [type, range] of line.ranges) this.highlights.delete(type, range);
    line.els = [];
    line.terms = [];
    line.ranges = [];
    line.entries = [];
    line.state = 'removed';
  }

  /** The span data of a term: {start, end, stemStart, stemEnd, entry, alternatives, flags} in
   * line offsets. */
  static span(line, k) {
    const s = line.spans;
    const i = k * STRIDE;
    return { start: s[i], end: s[i + 1], stemStart: s[i + 2], stemEnd: s[i + 3], entry: s[i + 4], alternatives: s[i + 5], flags: s[i + 6] };
  }

  /** Every term element, in reading order, grouped by entry: Map(entry id -> {entry, els, lines, ks}). */
  occurrences() {
    const map = new Map();
    for (const line of this.lines) {
      if (line.stale) continue;
      for (let k = 0; k < line.terms.length; k++) {
        const entry = line.entries[k];
        let item = map.get(entry.id);
        if (!item) map.set(entry.id, (item = { entry, els: [], places: [] }));
        item.els.push(line.terms[k]);
        item.places.push({ line, k });
      }
    }
    return map;
  }

  termCount() {
    let n = 0;
    for (const line of this.lines) n += line.terms.length;
    return n;
  }

  /** The line and line offset of a DOM position inside this document, or null. */
  locate(node, offset) {
    if (!node || !this.root.contains(node)) return null;
    let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (el && el !== this.root && !blockInfo.has(el)) el = el.parentElement;
    if (!el || el === this.root) return null;
    const { line, base } = blockInfo.get(el);
    if (node.nodeType !== Node.TEXT_NODE) {
      // A position between children: count the text before that child.
      const range = document.createRange();
      range.setStart(el, 0);
      range.setEnd(node, offset);
      return { line, offset: base + range.toString().length };
    }
    let before = 0;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t === node) return { line, offset: base + before + offset };
      before += t.data.length;
    }
    return null;
  }

  /** A live Range over [from, to) of `line` (line offsets), or null if it is not rendered. */
  range(line, from, to) {
    const start = this.point(line, from, false);
    const end = this.point(line, to, true);
    if (!start || !end) return null;
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  }

  point(line, offset, isEnd) {
    for (const el of line.els) {
      const { base } = blockInfo.get(el);
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let pos = base;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const len = t.data.length;
        if (offset < pos + len || (isEnd && offset === pos + len)) return { node: t, offset: offset - pos };
        pos += len;
      }
    }
    return null;
  }

  /** The line containing global offset `at` of the text, and the offset inside it. */
  lineAt(at) {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    const line = this.lines[lo];
    return line ? { line, offset: Math.min(at - line.start, line.text.length) } : null;
  }
}
