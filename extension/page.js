// hamish extension: glosses a page's Arabic in place. Imported by content.js into the
// extension's isolated world; one instance per frame.
//
// The page's DOM is never changed: terms are coloured with the CSS Custom Highlight API (one
// named Highlight per type, the reader's names and colours, see doc.js and styles.js), so the
// page's elements, its scripts' view of them and the joining of its letters stay as they were.
// The only element added is the card's host, a <hamish-gloss> after <body> (not in it) whose
// closed shadow root holds the card: the page's rules cannot reach inside, nor ours out.
//
// What is glossed: text under <body> and in shadow roots, grouped per block (the text of a <p>
// with its links and bold words read as one, so لـ<b>قسد</b> and a name split over two
// elements are found), never in scripts, styles, form fields, code or anything editable. Each
// block is glossed when it comes near the screen (IntersectionObserver), so a 10 MB page costs
// what its first screens cost, and a block that changes (a live blog's new paragraph, an
// infinite scroll's next page) is glossed again when it is near the screen. The engine runs in
// the background service worker (background.js); this side walks the DOM, sends text, and turns
// the spans it gets back into ranges, in slices of a few milliseconds.
//
// Cards: highlights are not elements, so the pointer is hit-tested against the spans
// (caretPositionFromPoint, then the word's own boxes); a tap or a click pins the card, focus on
// a link that holds a term opens its card, and the extension's shortcuts (Alt+Shift+N / P by
// default) step through the glossed terms.

import { DISGUISED, SHORT, STRIDE, TYPES, Highlights } from './doc.js';
import { makeCards } from './cards.js';
import { Tip } from './tip.js';
import { CARD, HIGHLIGHTS } from './styles.js';

const NAMES = TYPES.map((t) => t.key);
const SHOWN = new Set(NAMES);
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]/;
// Elements that do not break a line of text: a block's text is read through them as one.
const INLINE = new Set(['a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'label', 'mark', 'nobr', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'wbr']);
// Elements whose text is not prose to gloss (or not text at all).
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'optgroup', 'code', 'kbd', 'samp', 'svg', 'math', 'iframe', 'frame', 'frameset', 'object', 'embed', 'canvas', 'video', 'audio', 'rt', 'rp', 'head', 'title', 'hamish-gloss']);
const HOST_TAG = 'hamish-gloss';
const SLICE_MS = 6; // main-thread time per slice of work…
const MAX_PIECE = 16384; // …code units of one block sent at once (a longer block goes in pieces)…
const MAX_BATCH = 65536; // …and per request to the engine
const MUTATION_DELAY_MS = 120; // changes are handled together, this long after the first
const SCROLL_CHECK_MS = 100; // while the page scrolls, what came near the screen is looked for this often

let glosser = null;
let listening = false;

/** Starts glossing this frame (content.js calls it once per injection while not running). */
export function start(control) {
  if (!listening) {
    listening = true;
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type === 'hamish-stop') {
        glosser?.stop();
        glosser = null;
        control.running = false;
      } else if (message?.type === 'hamish-step') glosser?.step(message.dir);
    });
  }
  if (glosser) return;
  if (!document.body || document.designMode === 'on') {
    control.running = false;
    return;
  }
  glosser = new PageGlosser();
}

// ── the engine, over a port to the service worker ────────────────────────────────────────────

class Engine {
  constructor({ onEpoch }) {
    this.port = null;
    this.jobs = new Map();
    this.nextId = 1;
    this.entries = new Map(); // entry index -> view, for the current epoch
    this.epoch = null;
    this.onEpoch = onEpoch;
    this.closed = false;
  }

  connect() {
    if (this.port) return this.port;
    const port = chrome.runtime.connect({ name: 'hamish-page' });
    port.onMessage.addListener((message) => this.receive(message));
    port.onDisconnect.addListener(() => {
      void chrome.runtime.lastError;
      if (this.port === port) this.port = null;
      // The service worker was stopped (idle) or restarted: what was asked is asked again on a
      // new port, once.
      const pending = [...this.jobs.values()];
      this.jobs.clear();
      for (const job of pending) {
        if (this.closed || job.tries > 1) job.reject(new Error('the glossing engine went away'));
        else this.send(job);
      }
    });
    this.port = port;
    return port;
  }

  receive(message) {
    if (message.epoch !== undefined && message.epoch !== this.epoch) {
      const changed = this.epoch !== null;
      this.epoch = message.epoch;
      this.entries = new Map();
      if (changed) this.onEpoch();
    }
    if (message.type === 'epoch') return;
    if (message.entries) for (const e of message.entries) this.entries.set(e.index, e);
    const job = this.jobs.get(message.id);
    if (!job) return;
    this.jobs.delete(message.id);
    if (message.type === 'failed') job.reject(new Error(message.message));
    else job.resolve(message);
  }

  send(job) {
    job.tries = (job.tries || 0) + 1;
    const id = this.nextId++;
    this.jobs.set(id, job);
    try {
      this.connect().postMessage({ ...job.message, id });
    } catch (error) {
      this.jobs.delete(id);
      job.reject(error);
    }
  }

  ask(message) {
    return new Promise((resolve, reject) => this.send({ message, resolve, reject }));
  }

  /** A message needing no answer. */
  tell(message) {
    try {
      this.connect().postMessage(message);
    } catch {
      // the extension was reloaded: nothing to tell
    }
  }

  close() {
    this.closed = true;
    this.port?.disconnect();
    this.port = null;
  }
}

// ── the page ──────────────────────────────────────────────────────────────────────────────────

/** The block a text node's text belongs to: its nearest ancestor that is not an inline element
 * (or the shadow root or document fragment it is directly in). */
function blockOf(node) {
  let n = node.parentNode;
  while (n && n.nodeType === 1 && INLINE.has(n.localName)) n = n.parentNode;
  return n;
}

function skipped(el) {
  if (SKIP.has(el.localName)) return true;
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

class PageGlosser {
  constructor() {
    this.dark = pageIsDark();
    this.paras = new Map(); // block -> para: {block, version, state, text, segs, starts, spans, entries, ranges}
    this.order = []; // paras in the order they were found (the document's, mostly)
    this.hostParas = new Map(); // shadow host -> paras of its shadow root
    this.shadowRoots = new Set();
    this.hosts = new WeakSet(); // elements whose shadow roots are glossed
    this.queue = []; // paras near the screen, to gloss
    this.applying = []; // answers whose ranges are still to be made
    this.inFlight = 0;
    this.scheduled = new Set(); // names of the sliced loops (scan, pump, apply) waiting for their task
    this.scanQueue = [];
    this.walker = null;
    this.dirty = new Set();
    this.sweep = false;
    this.mutationTimer = 0;
    this.timing = { glossMs: 0, requests: 0, chars: 0, spans: 0 };
    this.highlights = new Highlights(NAMES);
    // The legend (options page): types the reader hides are neither drawn nor given cards.
    this.hidden = new Set();
    chrome.storage.local.get('hidden').then(({ hidden = [] }) => this.setHidden(hidden));
    this.onStorage = (changes) => {
      if (changes.hidden) this.setHidden(changes.hidden.newValue || []);
    };
    chrome.storage.onChanged.addListener(this.onStorage);
    this.engine = new Engine({ onEpoch: () => this.reglossAll() });
    // Colours: a site glossed on every visit has the light palette from before its DOM was
    // built (the registered content script's CSS); otherwise, or on a dark page, the background
    // inserts the palette now, which has the browser restyle the page once.
    this.engine.tell({ type: 'style', dark: this.dark, present: lightPalettePresent() });
    this.engine.tell({ type: 'hello', top: window === window.top });
    this.mo = new MutationObserver((records) => this.onMutations(records));
    this.observeRoot(document.body);
    // A page that replaces its <body> (some single-page sites do) is followed to the new one.
    this.mo.observe(document.documentElement, { childList: true });
    this.tip = null;
    this.cards = makeCards({ entryOf: (index) => this.engine.entries.get(index), actions: null });
    this.listen();
    this.scan(document.body);
  }

  setHidden(hidden) {
    if (this.stopped) return;
    this.hidden = new Set(hidden);
    for (const name of NAMES) this.highlights.setHidden(name, this.hidden.has(name));
    if (this.tip?.open && this.hidden.has(this.tip.owner?.para.entries[this.tip.owner.k]?.type)) this.tip.hide();
  }

  stop() {
    this.stopped = true;
    chrome.storage.onChanged.removeListener(this.onStorage);
    this.mo.disconnect();
    clearTimeout(this.scrollTimer);
    clearTimeout(this.mutationTimer);
    for (const [type, listener, options, target = document] of this.listeners) target.removeEventListener(type, listener, options);
    this.tip?.hide();
    this.host?.remove();
    for (const name of NAMES) if (CSS.highlights.get(name) === this.highlights.map.get(name)) CSS.highlights.delete(name);
    this.engine.tell({ type: 'unstyle', dark: this.dark, top: window === window.top });
    this.engine.close();
    this.paras.clear();
  }

  observeRoot(root) {
    this.mo.observe(root, { childList: true, subtree: true, characterData: true });
  }

  // ── finding text ──

  /** Queues `node` (and what is under it) to be looked through for Arabic text. */
  scan(node) {
    this.scanQueue.push(node);
    this.scanQueued();
  }

  /** Looks through the queued nodes, a slice at a time. */
  scanQueued() {
    this.inSlices('scan', (until) => this.scanSlice(until));
  }

  /** Looks through queued nodes until `until`; whether some are left. */
  scanSlice(until) {
    let n = 0;
    while (performance.now() < until) {
      if (!this.walker) {
        const node = this.scanQueue.shift();
        if (!node) break;
        if (!node.isConnected) continue;
        if (node.nodeType === 3) {
          if (ARABIC.test(node.data) && !this.insideSkipped(node.parentNode)) this.found(node);
          continue;
        }
        if (node.nodeType === 1 && (node.localName === HOST_TAG || this.insideSkipped(node))) continue;
        if (node.nodeType === 1) this.shadowOf(node);
        this.walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
          acceptNode: (x) => {
            if (x.nodeType === 3) return ARABIC.test(x.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
            if (skipped(x)) return NodeFilter.FILTER_REJECT;
            this.shadowOf(x);
            return NodeFilter.FILTER_SKIP;
          },
        });
      }
      const text = this.walker.nextNode();
      if (!text) {
        this.walker = null;
        continue;
      }
      this.found(text);
      if (++n % 64 === 0 && performance.now() >= until) break;
    }
    return Boolean(this.walker || this.scanQueue.length);
  }

  /** Queues the shadow root of `el`, if it has one (closed ones too, for custom elements:
   * chrome.dom gives the extension those), to be scanned and watched for changes. */
  shadowOf(el) {
    const shadow = el.shadowRoot || (el.localName.includes('-') ? chrome.dom?.openOrClosedShadowRoot?.(el) : null);
    if (!shadow || this.shadowRoots.has(shadow)) return;
    this.shadowRoots.add(shadow);
    this.hosts.add(el);
    this.observeRoot(shadow);
    this.scanQueue.push(shadow);
  }

  /** Whether `el` is inside something not glossed (added into a code block, an editor). */
  insideSkipped(el) {
    for (let n = el; n && n.nodeType === 1; n = n.parentNode) if (skipped(n)) return true;
    return false;
  }

  /** An Arabic text node: its block becomes a paragraph to gloss once it is near the screen. */
  found(text) {
    const block = blockOf(text);
    if (!block || this.paras.has(block)) return;
    const para = { block, version: 0, state: 'seen', text: '', segs: [], starts: null, spans: [], entries: [], ranges: [] };
    this.paras.set(block, para);
    para.index = this.order.push(para) - 1;
    if (block.nodeType === 11) {
      const list = this.hostParas.get(block.host) || [];
      list.push(para);
      this.hostParas.set(block.host, list);
    }
    if (this.near(para)) this.enqueue(para);
  }

  /**
   * Whether a paragraph is on the screen or within a screen of it. (An IntersectionObserver per
   * block was the first way: with 34,000 paragraphs observed, Chromium took 50–600 ms per frame
   * while scrolling. A rectangle read when a block is found, and after a scroll for the blocks
   * around those under the screen, costs microseconds.)
   */
  near(para) {
    const r = this.rectOf(para);
    const h = innerHeight;
    return !!r && r.bottom >= -h && r.top <= 2 * h;
  }

  /** Where a paragraph is on the screen, or null if it is not drawn. */
  rectOf(para) {
    const block = para.block;
    const el = block.nodeType === 11 ? block.host : block;
    if (!el?.getBoundingClientRect || !el.isConnected) return null;
    let r = el.getBoundingClientRect();
    if (!r.width && !r.height) {
      // display: contents (or none): the text's own box
      const range = document.createRange();
      range.selectNodeContents(el);
      r = range.getBoundingClientRect();
      if (!r.width && !r.height) return null;
    }
    return r;
  }

  enqueue(para) {
    if (para.state !== 'seen') return;
    para.state = 'queued';
    this.queue.push(para);
    this.pump();
  }

  /**
   * After a scroll or a resize: paragraphs on the screen, found by a binary search of the
   * paragraphs in the document's order (which is mostly their order down the page) and under a
   * few points across the middle of the screen (for columns side by side); from each, its
   * neighbours in the document's order while they are near the screen. (Hit-testing a grid of
   * points was the first way: each caretPositionFromPoint costs 4–14 ms on the 10 MB page.)
   */
  checkVisible() {
    if (this.stopped) return;
    const seeds = new Set();
    const order = this.order;
    let lo = 0;
    let hi = order.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = this.rectOf(order[mid]);
      if (!r || r.bottom < 0) lo = mid + 1;
      else hi = mid;
    }
    if (order[lo]) seeds.add(order[lo]);
    const roots = [...this.shadowRoots];
    for (const x of [0.2, 0.5, 0.8]) {
      const pos = document.caretPositionFromPoint(x * innerWidth, innerHeight / 2, { shadowRoots: roots });
      const node = pos?.offsetNode;
      if (!node) continue;
      const para = node.nodeType === 3 ? this.paras.get(blockOf(node)) : this.paraFrom(node);
      if (para) seeds.add(para);
      else if (this.hostParas.has(node)) for (const p of this.hostParas.get(node)) seeds.add(p);
    }
    for (const seed of seeds) {
      this.enqueue(seed);
      for (const dir of [-1, 1]) {
        let far = 0;
        for (let i = seed.index + dir; i >= 0 && i < order.length && far < 4; i += dir) {
          const para = order[i];
          if (this.paras.get(para.block) !== para) continue;
          if (!this.near(para)) {
            far++;
            continue;
          }
          far = 0;
          this.enqueue(para);
        }
      }
    }
  }

  /** The text of a block, read through its inline elements; nested blocks, line breaks, skipped
   * elements and two inline elements side by side become a line break (the core never matches
   * across one). */
  collect(para) {
    const segs = [];
    const starts = new Map();
    let text = '';
    const stack = [para.block.firstChild];
    while (stack.length) {
      let n = stack.pop();
      while (n) {
        const next = n.nextSibling;
        if (n.nodeType === 3) {
          segs.push({ node: n, start: text.length });
          starts.set(n, text.length);
          text += n.data;
        } else if (n.nodeType === 1) {
          const name = n.localName;
          if (INLINE.has(name) && !skipped(n)) {
            // Two elements side by side with no text between (a menu's links) are read apart;
            // an element after text (لـ<b>قسد</b>) is read on with it.
            if (n.previousSibling?.nodeType === 1 && text && !text.endsWith('\n')) text += '\n';
            if (n.firstChild) {
              stack.push(next);
              n = n.firstChild;
              continue;
            }
          } else if (!text.endsWith('\n')) text += '\n';
        }
        n = next;
      }
    }
    para.text = text;
    para.segs = segs;
    para.starts = starts;
  }

  /** [from, to) pieces of a paragraph's text, cut at a line break or a space where it is long. */
  static pieces(text) {
    if (text.length <= MAX_PIECE) return [[0, text.length]];
    const out = [];
    let a = 0;
    while (text.length - a > MAX_PIECE) {
      let cut = text.lastIndexOf('\n', a + MAX_PIECE);
      if (cut <= a) cut = text.lastIndexOf(' ', a + MAX_PIECE);
      cut = cut <= a ? a + MAX_PIECE : cut + 1;
      // never between the halves of a surrogate pair
      if ((text.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut++;
      out.push([a, cut]);
      a = cut;
    }
    out.push([a, text.length]);
    return out;
  }

  // ── glossing ──

  /** Sends queued paragraphs to the engine, a slice at a time, two requests in flight at most. */
  pump() {
    this.inSlices('pump', (until) => {
      while (this.queue.length && this.inFlight < 2 && performance.now() < until) {
        const batch = [];
        let chars = 0;
        while (this.queue.length && chars < MAX_BATCH && performance.now() < until) {
          const para = this.queue.shift();
          if (para.state !== 'queued' || this.paras.get(para.block) !== para) continue;
          this.collect(para);
          if (!ARABIC.test(para.text)) {
            para.state = 'done';
            continue;
          }
          para.state = 'pending';
          para.spans = [];
          para.entries = [];
          const pieces = PageGlosser.pieces(para.text);
          para.waiting = pieces.length;
          for (const [from, to] of pieces) {
            batch.push({ para, version: para.version, from, text: para.text.slice(from, to) });
            chars += to - from;
          }
        }
        if (batch.length) this.request(batch);
      }
      return this.queue.length && this.inFlight < 2;
    });
  }

  request(batch) {
    this.inFlight++;
    const t0 = performance.now();
    this.engine
      .ask({ type: 'gloss', texts: batch.map((b) => b.text) })
      .then(
        (answer) => {
          this.timing.requests++;
          this.timing.glossMs += answer.ms || 0;
          this.timing.roundTripMs = (this.timing.roundTripMs || 0) + performance.now() - t0;
          batch.forEach((b, i) => {
            b.spans = answer.spans[i];
            b.entries = b.spans.length ? Array.from({ length: b.spans.length / STRIDE }, (_, k) => this.engine.entries.get(b.spans[k * STRIDE + 4])) : [];
            this.timing.chars += b.text.length;
          });
          this.applying.push(...batch);
          this.apply();
        },
        () => {
          // The engine could not be reached: these paragraphs are tried again when they change.
          for (const b of batch) if (b.para.version === b.version) b.para.state = 'failed';
        },
      )
      .finally(() => {
        this.inFlight--;
        this.pump();
      });
  }

  /** Turns answered pieces into highlighted ranges, a slice at a time. */
  apply() {
    this.inSlices('apply', (until) => {
      while (this.applying.length && performance.now() < until) {
        const b = this.applying.shift();
        const para = b.para;
        if (para.version !== b.version || this.paras.get(para.block) !== para || this.stopped) continue;
        const s = b.spans;
        for (let i = 0; i < s.length; i += STRIDE) {
          const entry = b.entries[i / STRIDE];
          if (!entry || !SHOWN.has(entry.type)) continue;
          para.spans.push(s[i] + b.from, s[i + 1] + b.from, s[i + 2] + b.from, s[i + 3] + b.from, s[i + 4], s[i + 5], s[i + 6]);
          para.entries.push(entry);
          const range = this.staticRange(para, s[i + 2] + b.from, s[i + 3] + b.from);
          if (range) {
            this.highlights.add(entry.type, range);
            para.ranges.push([entry.type, range]);
          }
          this.timing.spans++;
        }
        if (--para.waiting === 0) para.state = 'done';
      }
      if (this.applying.length) return true;
      if (document.documentElement.hasAttribute('data-hamish-test')) this.report();
      return false;
    });
  }

  /** Runs `slice(until)` in a task of its own (the page's input and frames come in between;
   * once, however often it is asked for meanwhile), with SLICE_MS to work before `until`; while
   * it answers that work is left, again in the next. */
  inSlices(name, slice) {
    if (this.scheduled.has(name) || this.stopped) return;
    this.scheduled.add(name);
    setTimeout(() => {
      this.scheduled.delete(name);
      if (this.stopped) return;
      if (slice(performance.now() + SLICE_MS)) this.inSlices(name, slice);
    }, 0);
  }

  /** For the browser tests only (a page that asks with data-hamish-test): how far glossing got. */
  report() {
    const detail = JSON.stringify({ ...this.timing, paras: this.paras.size, queued: this.queue.length });
    document.dispatchEvent(new CustomEvent('hamish:progress', { detail }));
  }

  /** The text node and offset of paragraph offset `pos` (an end: the end of a node). */
  point(para, pos, isEnd) {
    const segs = para.segs;
    let lo = 0;
    let hi = segs.length - 1;
    if (hi < 0) return null;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (isEnd ? segs[mid].start < pos : segs[mid].start <= pos) lo = mid;
      else hi = mid - 1;
    }
    const seg = segs[lo];
    const offset = pos - seg.start;
    if (offset < 0 || offset > seg.node.length) return null;
    return [seg.node, offset];
  }

  staticRange(para, from, to) {
    const a = this.point(para, from, false);
    const b = this.point(para, to, true);
    if (!a || !b) return null;
    return new StaticRange({ startContainer: a[0], startOffset: a[1], endContainer: b[0], endOffset: b[1] });
  }

  liveRange(para, from, to) {
    const a = this.point(para, from, false);
    const b = this.point(para, to, true);
    if (!a || !b) return null;
    const range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    return range;
  }

  unhighlight(para) {
    for (const [type, range] of para.ranges) this.highlights.delete(type, range);
    para.ranges = [];
    para.spans = [];
    para.entries = [];
  }

  /** A paragraph whose text changed: its highlights go, and it is glossed again when near the
   * screen. */
  invalidate(para) {
    para.version++;
    this.unhighlight(para);
    if (para.state === 'seen') return;
    para.state = 'seen';
    if (this.near(para)) this.enqueue(para);
  }

  /** The glossary changed: every paragraph is glossed again, those near the screen now. */
  reglossAll() {
    for (const para of this.paras.values()) {
      para.version++;
      this.unhighlight(para);
      para.state = 'seen';
    }
    this.checkVisible();
  }

  // ── changes ──

  onMutations(records) {
    if (this.stopped) return;
    for (const r of records) {
      if (r.type === 'characterData') {
        this.dirty.add(blockOf(r.target));
        continue;
      }
      const t = r.target;
      if (t === document.documentElement) {
        for (const n of r.addedNodes) {
          if (n.localName !== 'body') continue;
          this.observeRoot(n);
          this.scanQueue.push(n);
        }
        if (r.removedNodes.length) this.sweep = true;
        continue;
      }
      if (t.nodeType === 1 && t.localName === HOST_TAG) continue;
      this.dirty.add(t.nodeType === 1 && INLINE.has(t.localName) ? blockOf(t) : t);
      for (const n of r.addedNodes) if (n.nodeType === 1 || n.nodeType === 3) this.scanQueue.push(n);
      if (r.removedNodes.length) this.sweep = true;
    }
    if (!this.mutationTimer) this.mutationTimer = setTimeout(() => this.afterMutations(), MUTATION_DELAY_MS);
  }

  afterMutations() {
    this.mutationTimer = 0;
    if (this.stopped) return;
    for (const block of this.dirty) {
      const para = block && this.paras.get(block);
      if (para) this.invalidate(para);
    }
    this.dirty.clear();
    if (this.sweep) {
      this.sweep = false;
      for (const [block, para] of this.paras) {
        if (block.isConnected) continue;
        this.unhighlight(para);
        para.version++;
        this.paras.delete(block);
      }
      this.order = this.order.filter((para) => this.paras.get(para.block) === para);
      this.order.forEach((para, i) => (para.index = i));
      for (const [host, list] of this.hostParas) if (!host.isConnected || !list.some((p) => this.paras.get(p.block) === p)) this.hostParas.delete(host);
      this.tip?.hideIfDetached();
    }
    if (this.scanQueue.length) this.scanQueued();
  }

  // ── cards ──

  listen() {
    const on = (type, listener, options = { capture: true, passive: true }) => {
      document.addEventListener(type, listener, options);
      this.listeners.push([type, listener, options]);
    };
    this.listeners = [];
    let last = null;
    let queued = false;
    on('pointermove', (event) => {
      if (event.pointerType !== 'mouse' && event.pointerType !== 'pen') return;
      last = { x: event.clientX, y: event.clientY, target: event.composedPath()[0] };
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        this.hover(last);
      });
    });
    on('click', (event) => this.click(event), { capture: true });
    on('focusin', (event) => this.focus(event.composedPath()[0]));
    on('focusout', () => {
      if (this.tip?.open && this.tip.source === 'focus') this.tip.hide();
    });
    const scrolled = () => {
      if (this.scrollTimer) return;
      this.scrollTimer = setTimeout(() => {
        this.scrollTimer = 0;
        this.checkVisible();
      }, SCROLL_CHECK_MS);
    };
    on('scroll', scrolled);
    window.addEventListener('resize', scrolled, { passive: true });
    this.listeners.push(['resize', scrolled, { passive: true }, window]);
    on('keydown', (event) => {
      if (event.key === 'Escape' && this.tip?.open) this.tip.hide();
    });
  }

  /** The paragraph `node` is in, looking up through inline elements and shadow hosts. */
  paraFrom(node) {
    for (let n = node, depth = 0; n && depth < 40; n = n.parentNode || n.host, depth++) {
      const para = this.paras.get(n);
      if (para) return para;
    }
    return null;
  }

  /** The span under the point (x, y): [para, k] or null. */
  spanAt(x, y) {
    const pos = document.caretPositionFromPoint(x, y, { shadowRoots: [...this.shadowRoots] });
    const node = pos?.offsetNode;
    if (!node || node.nodeType !== 3) return null;
    const para = this.paras.get(blockOf(node));
    if (!para || !para.spans.length) return null;
    const start = para.starts.get(node);
    if (start === undefined) return null;
    for (const at of [start + pos.offset, start + pos.offset - 1]) {
      const k = this.spanIndex(para, at);
      if (k < 0 || this.hidden.has(para.entries[k]?.type)) continue;
      const i = k * STRIDE;
      const range = this.liveRange(para, para.spans[i], para.spans[i + 1]);
      if (range && [...range.getClientRects()].some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1)) return [para, k];
    }
    return null;
  }

  /** The index of the span of `para` covering offset `at`, or -1. */
  spanIndex(para, at) {
    const s = para.spans;
    let lo = 0;
    let hi = s.length / STRIDE - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid * STRIDE + 1] <= at) lo = mid + 1;
      else if (s[mid * STRIDE] > at) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  hover({ x, y, target }) {
    if (this.stopped) return;
    if (this.host && target === this.host) {
      clearTimeout(this.closeTimer);
      return;
    }
    const hit = this.paraFrom(target) || this.hosts.has(target) ? this.spanAt(x, y) : null;
    if (hit) {
      clearTimeout(this.closeTimer);
      if (!this.isOpen(hit) && !this.tip?.pinned) {
        clearTimeout(this.hoverTimer);
        this.hoverTimer = setTimeout(() => this.open(hit, { source: 'hover' }), 100);
      }
      return;
    }
    clearTimeout(this.hoverTimer);
    if (this.tip?.open && !this.tip.pinned && this.tip.source === 'hover' && !this.closeTimer) {
      this.closeTimer = setTimeout(() => {
        this.closeTimer = 0;
        if (this.tip?.open && !this.tip.pinned && this.tip.source === 'hover') this.tip.hide();
      }, 300);
    }
  }

  click(event) {
    if (this.stopped) return;
    const path = event.composedPath();
    if (this.host && path.includes(this.host)) return;
    const hit = this.paraFrom(path[0]) || this.hosts.has(path[0]) ? this.spanAt(event.clientX, event.clientY) : null;
    if (!hit) {
      if (this.tip?.open) this.tip.hide();
      return;
    }
    const touch = event.pointerType === 'touch';
    if (this.isOpen(hit) && this.tip.pinned) {
      // A second tap follows the link the term may be in; a second click closes the card.
      if (!touch) this.tip.hide();
      return;
    }
    // A first tap on a term inside a link shows its card instead of following the link.
    if (touch && path.some((n) => n instanceof Element && n.localName === 'a' && n.hasAttribute('href'))) event.preventDefault();
    this.open(hit, { source: 'click', pinned: true });
  }

  focus(target) {
    if (this.stopped || !(target instanceof Element) || target.localName === HOST_TAG) return;
    const para = this.paraFrom(target);
    if (!para) return;
    for (let k = 0; k < para.spans.length / STRIDE; k++) {
      if (this.hidden.has(para.entries[k]?.type)) continue;
      const at = this.point(para, para.spans[k * STRIDE], false);
      if (at && target.contains(at[0])) {
        this.open([para, k], { source: 'focus' });
        return;
      }
    }
  }

  isOpen([para, k]) {
    const owner = this.tip?.open ? this.tip.owner : null;
    return !!owner && owner.para === para && owner.k === k && owner.version === para.version;
  }

  ensureTip() {
    if (this.tip) return this.tip;
    const host = document.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: 'closed' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CARD);
    root.adoptedStyleSheets = [sheet];
    const el = document.createElement('div');
    el.className = 'tip';
    el.id = 'hamish-tip';
    el.setAttribute('role', 'tooltip');
    el.lang = 'en';
    el.dir = 'ltr';
    el.hidden = true;
    root.append(el);
    if (this.dark) host.classList.add('dark');
    // After <body>, not inside it: the page's own content is left exactly as it was.
    document.documentElement.append(host);
    this.host = host;
    this.tip = new Tip(el);
    return this.tip;
  }

  /** Opens the card of span k of `para`, as the reader does: the reading highlighted at once,
   * then every reading of the word from the engine. */
  async open([para, k], { source, pinned = false }) {
    if (this.stopped || !para.spans.length) return;
    clearTimeout(this.hoverTimer);
    if (this.isOpen([para, k])) {
      // Already open: a click or a key pins it; a hover does not unpin it.
      if (pinned) {
        this.tip.pinned = true;
        this.tip.source = source;
      }
      return;
    }
    const i = k * STRIDE;
    const s = para.spans;
    const [start, end, stemStart, stemEnd, index, , flags] = s.slice(i, i + STRIDE);
    const entry = para.entries[k];
    if (!entry) return;
    const range = this.liveRange(para, start, end);
    if (!range) return;
    if (!range.startContainer.parentElement?.isConnected) return;
    const tip = this.ensureTip();
    if (!this.host.isConnected) document.documentElement.append(this.host);
    // The line the word is in (at most a few thousand characters of it), for the lookup.
    const text = para.text;
    let from = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 2000);
    let to = text.indexOf('\n', end);
    to = Math.min(to < 0 ? text.length : to, end + 2000);
    from = Math.max(0, from);
    const lineText = text.slice(from, to);
    const shown = { start: start - from, end: end - from, stemStart: stemStart - from, stemEnd: stemEnd - from, prefix: [], suffix: [], entry: index };
    const state = { lineText, readings: [shown], disguised: !!(flags & DISGUISED), short: !!(flags & SHORT), entry };
    const reference = {
      getBoundingClientRect: () => range.getBoundingClientRect(),
      getClientRects: () => range.getClientRects(),
      contextElement: range.startContainer.parentElement,
    };
    const owner = { para, k, version: para.version };
    tip.show({ reference, owner, content: this.card(state), pinned });
    tip.source = source;
    tip.el.dataset.state = entry.type === 'probable' ? 'complete' : 'loading';
    if (entry.type === 'probable') return;
    const token = tip.token;
    let readings = [];
    try {
      readings = (await this.engine.ask({ type: 'lookup', text: lineText, at: shown.stemStart })).readings;
    } catch {
      // the card keeps what it shows
    }
    if (tip.owner !== owner || tip.token !== token) return;
    const primary = readings.find((r) => r.entry === index && r.start === shown.start);
    state.disguised ||= !!primary?.disguised;
    state.readings = [primary || shown, ...readings.filter((r) => r !== primary)];
    tip.replace(this.card(state));
    tip.el.dataset.state = 'complete';
  }

  card(state) {
    const reading = state.readings[0];
    const entry = this.engine.entries.get(reading.entry) || state.entry;
    const written = state.lineText.slice(reading.start, reading.end);
    if (entry.type === 'probable') return this.cards.nameCard({ written, entry });
    return this.cards.glossCard({
      written,
      entry,
      reading,
      others: state.readings.slice(1).filter((r) => this.engine.entries.has(r.entry)),
      lineText: state.lineText,
      disguised: state.disguised,
      short: state.short,
      writtenStem: state.lineText.slice(reading.stemStart, reading.stemEnd),
    });
  }

  /** Opens the card of the next (dir 1) or previous (-1) glossed term, in the order of the page. */
  step(dir) {
    if (this.stopped) return;
    const paras = [...this.paras.values()].filter((p) => p.spans.length && p.block.isConnected);
    paras.sort((a, b) => (a.block === b.block ? 0 : a.block.compareDocumentPosition(b.block) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const all = [];
    for (const para of paras) for (let k = 0; k < para.spans.length / STRIDE; k++) if (!this.hidden.has(para.entries[k]?.type)) all.push([para, k]);
    if (!all.length) return;
    const owner = this.tip?.open ? this.tip.owner : null;
    let at = owner ? all.findIndex(([p, k]) => p === owner.para && k === owner.k) : -1;
    if (at < 0) {
      // From the first term at or below the top of the screen.
      at = all.findIndex(([p, k]) => {
        const r = this.liveRange(p, p.spans[k * STRIDE], p.spans[k * STRIDE + 1]);
        return r && r.getBoundingClientRect().bottom >= 0;
      });
      if (at < 0) at = all.length;
      at = dir > 0 ? at - 1 : at;
    }
    const next = all[(at + dir + all.length) % all.length];
    const [para, k] = next;
    const range = this.liveRange(para, para.spans[k * STRIDE], para.spans[k * STRIDE + 1]);
    const rect = range?.getBoundingClientRect();
    if (rect && (rect.top < 0 || rect.bottom > innerHeight)) range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    this.open(next, { source: 'key', pinned: true });
  }
}

/** Whether the light palette is in the page already (its colour for places is in force). */
function lightPalettePresent() {
  const hex = /::highlight\(place\)\s*\{\s*background-color:\s*#([0-9a-f]{6})/i.exec(HIGHLIGHTS.light)?.[1];
  if (!hex) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return getComputedStyle(document.documentElement, '::highlight(place)').backgroundColor === `rgb(${r}, ${g}, ${b})`;
}

/** Whether the page is drawn light on dark: its background (or, where it has none, its text
 * colour) decides which of the reader's two palettes the highlights use. */
function pageIsDark() {
  const parse = (colour) => {
    const m = /rgba?\(([^)]+)\)/.exec(colour || '');
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  for (const el of [document.body, document.documentElement]) {
    if (!el) continue;
    const bg = parse(getComputedStyle(el).backgroundColor);
    if (bg && bg.a > 0.5) return luminance(bg) < 0.45;
  }
  const text = parse(getComputedStyle(document.body || document.documentElement).color);
  return !!text && luminance(text) > 0.6;
}
