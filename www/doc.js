// hamish reader: a glossed text on the page.
//
// The text is laid out as one block per line (very long lines are cut into several blocks at a
// space outside any term, so that the browser can skip laying out what is off screen). Each
// highlighted span becomes ONE element around the whole written word(s), clitics included, so
// Arabic letters stay joined; the term itself (the stem) is coloured with the CSS Custom
// Highlight API, which marks text without splitting it into elements.
//
// When the text changes, lines that did not change keep their elements; only the changed run of
// lines is glossed again (in the worker) and rendered, in small slices between which the page
// stays responsive.

export const TYPES = [
  { key: 'organisation', en: 'organisation', ar: 'منظمة' },
  { key: 'person', en: 'person', ar: 'شخص' },
  { key: 'place', en: 'place', ar: 'مكان' },
  { key: 'abbreviation', en: 'abbreviation', ar: 'اختصار' },
  { key: 'term', en: 'term', ar: 'مصطلح' },
  { key: 'event', en: 'event', ar: 'حدث' },
];

const STRIDE = 6;
const MAX_BLOCK = 2500; // code units per block before a long line is cut
const SLICE_MS = 8; // main-thread time per rendering slice

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

export function termOf(element) {
  return termInfo.get(element);
}

export class Doc {
  /**
   * @param {object} o
   * @param {HTMLElement} o.root          where the text is rendered
   * @param {import('./glosser.js').Glosser} o.glosser
   * @param {Highlights} o.highlights
   * @param {(entry: object, written: string) => string} o.label  accessible name of a term
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
    this.root.replaceChildren();
    this.text = '';
  }

  cancelJob() {
    if (this.job) this.glosser.cancel(this.job.id);
    this.job = null;
  }

  setText(text) {
    const gen = ++this.gen;
    this.text = text;
    this.cancelJob();
    this.queue = [];
    const started = performance.now();
    this.timing = { started, chars: text.length };

    const texts = text.split('\n');
    const old = this.lines;
    let p = 0;
    while (p < old.length && p < texts.length && old[p].state === 'done' && old[p].text === texts[p]) p++;
    let s = 0;
    while (
      s < old.length - p &&
      s < texts.length - p &&
      old[old.length - 1 - s].state === 'done' &&
      old[old.length - 1 - s].text === texts[texts.length - 1 - s]
    ) {
      s++;
    }
    for (const line of old.slice(p, old.length - s)) this.removeLine(line);
    const middle = texts.slice(p, texts.length - s).map((t) => ({
      text: t,
      state: 'pending',
      spans: null,
      els: [],
      terms: [],
      ranges: [],
    }));
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

    if (!text.trim()) {
      for (const line of middle) line.state = 'done';
      this.glossDone = true;
      this.region = { length: 0, rendered: 0, glossProgress: 1 };
      this.finish(gen);
      return;
    }
    if (!middle.length) {
      this.glossDone = true;
      this.region = { length: 0, rendered: 0, glossProgress: 1 };
      this.finish(gen);
      return;
    }

    const regionStart = middle[0].start;
    const last = middle[middle.length - 1];
    const regionText = text.slice(regionStart, last.start + last.text.length);
    this.region = { length: regionText.length, rendered: 0, glossProgress: 0 };
    this.glossDone = false;
    this.setPhase('glossing');
    let next = 0; // next middle line to receive spans
    this.job = this.glosser.gloss(regionText, (chunk) => {
      if (gen !== this.gen) return;
      if (this.timing.firstChunk === undefined) this.timing.firstChunk = performance.now() - started;
      const spans = chunk.spans;
      let k = 0;
      while (next < middle.length && middle[next].start - regionStart < chunk.to) {
        const line = middle[next++];
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
        line.spans = own;
        this.queue.push({ gen, line });
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

  schedule() {
    if (!this.pumping) this.pump();
  }

  async pump() {
    this.pumping = true;
    let longest = 0;
    while (this.queue.length) {
      const t0 = performance.now();
      do {
        const item = this.queue.shift();
        if (item.gen === this.gen) this.renderLine(item.line);
      } while (this.queue.length && performance.now() - t0 < SLICE_MS);
      longest = Math.max(longest, performance.now() - t0);
      this.onProgress(this);
      if (this.queue.length) await nextFrame();
    }
    this.timing.longestSliceMs = Math.max(this.timing.longestSliceMs || 0, longest);
    this.pumping = false;
    if (this.glossDone) this.finish(this.gen);
  }

  finish(gen) {
    if (gen !== this.gen || this.queue.length || this.pumping) return;
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

  /** Where long lines are cut into blocks: [start, end) pairs in line offsets. */
  blocks(line) {
    const text = line.text;
    const n = text.length;
    if (n <= MAX_BLOCK) return [[0, n]];
    const spans = line.spans;
    const out = [];
    const space = /\s/g;
    let a = 0;
    let k = 0;
    while (n - a > MAX_BLOCK) {
      let at = a + MAX_BLOCK;
      let cut = -1;
      while (at < n) {
        space.lastIndex = at;
        const m = space.exec(text);
        if (!m) break;
        const w = m.index;
        while (k < spans.length && spans[k + 1] <= w) k += STRIDE;
        if (k < spans.length && spans[k] <= w) {
          at = spans[k + 1];
          continue;
        }
        cut = w + 1;
        break;
      }
      if (cut < 0 || cut >= n) break;
      out.push([a, cut]);
      a = cut;
    }
    out.push([a, n]);
    return out;
  }

  renderLine(line) {
    line.state = 'done';
    this.region.rendered += line.text.length + 1;
    if (!line.text) return;
    const spans = line.spans || new Uint32Array(0);
    const hidden = this.hiddenTypes();
    const fragment = document.createDocumentFragment();
    let k = 0;
    for (const [a, b] of this.blocks(line)) {
      const block = document.createElement(line.title ? 'h2' : 'p');
      block.className = line.title ? 'block title' : 'block';
      blockInfo.set(block, { line, base: a });
      let pos = a;
      while (k < spans.length && spans[k] < b) {
        const start = spans[k];
        if (start > pos) block.append(line.text.slice(pos, start));
        block.append(this.makeTerm(line, k / STRIDE, hidden));
        pos = spans[k + 1];
        k += STRIDE;
      }
      if (pos < b) block.append(line.text.slice(pos, b));
      line.els.push(block);
      fragment.append(block);
    }
    this.root.insertBefore(fragment, this.anchor);
  }

  makeTerm(line, k, hidden) {
    const s = line.spans;
    const i = k * STRIDE;
    const [start, end, stemStart, stemEnd, index] = [s[i], s[i + 1], s[i + 2], s[i + 3], s[i + 4]];
    const entry = this.glosser.entry(index);
    const type = entry.type;
    const written = line.text.slice(start, end);
    const el = document.createElement('span');
    el.className = 't';
    el.dataset.type = type;
    const text = document.createTextNode(written);
    el.append(text);
    this.setActive(el, !hidden.has(type), entry, written);
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
    return el;
  }

  /** A shown term is a focusable button named with its gloss; a hidden one is plain text. */
  setActive(el, active, entry, written) {
    if (active) {
      el.classList.remove('off');
      el.tabIndex = 0;
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', this.label(entry, written));
    } else {
      el.classList.add('off');
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
      el.removeAttribute('aria-label');
    }
  }

  /** Shows or hides every term of `type`. */
  setTypeActive(type, active) {
    for (const line of this.lines) {
      for (const el of line.terms) {
        if (el.dataset.type !== type) continue;
        const { k } = termInfo.get(el);
        const s = line.spans;
        this.setActive(el, active, this.glosser.entry(s[k * STRIDE + 4]), line.text.slice(s[k * STRIDE], s[k * STRIDE + 1]));
      }
    }
  }

  removeLine(line) {
    for (const el of line.els) el.remove();
    for (const [type, range] of line.ranges) this.highlights.delete(type, range);
    line.els = [];
    line.terms = [];
    line.ranges = [];
    line.state = 'removed';
  }

  /** The span data of a term: {start, end, stemStart, stemEnd, entry, alternatives} in line offsets. */
  static span(line, k) {
    const s = line.spans;
    const i = k * STRIDE;
    return { start: s[i], end: s[i + 1], stemStart: s[i + 2], stemEnd: s[i + 3], entry: s[i + 4], alternatives: s[i + 5] };
  }

  /** Every term element, in reading order, grouped by entry: Map(entry index -> [elements]). */
  occurrences() {
    const map = new Map();
    for (const line of this.lines) {
      for (let k = 0; k < line.terms.length; k++) {
        const index = line.spans[k * STRIDE + 4];
        let list = map.get(index);
        if (!list) map.set(index, (list = []));
        list.push(line.terms[k]);
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
