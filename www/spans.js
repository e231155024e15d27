// hamish: the engine's spans as the reader page and the extension take them, made where the
// engine runs (the page's worker, the extension's service worker): no DOM here.
//
// The core gives `spanStride()` numbers per span; pages get STRIDE (7): start, end, stem start,
// stem end, entry index, alternatives, flags. General words are left out (pages do not
// highlight them), and each probable name gets an entry view of its own, with an index above
// any glossary's. Entries cross to a page once each (`sent`).

/** Numbers per span in the arrays pages receive. */
export const STRIDE = 7;
/** Flag bit: the term was written disguised (د ا ع ش، داعـ ـش). */
export const DISGUISED = 1;
/** Flag bit: the term was named by a short form, a second mention (الشرع for Ahmed al-Sharaa). */
export const SHORT = 2;
/** Flag bit: a probable name no glossary entry covers; its entry is a view made here. */
export const PROBABLE = 4;
/** The entry types pages highlight (every type but general words). */
export const HIGHLIGHTED = new Set(['organisation', 'person', 'place', 'abbreviation', 'term', 'event']);

// Probable names get entry indices of their own, above any glossary's and never reused, so a
// page can keep each one's view like an entry's.
let nextNameIndex = 2 ** 30;

/** The entries of one engine (`hamish`) as pages see them: the glossary's fields, the index,
 * and for an abbreviation the index of the entry it stands for (-1 if none). */
export class EntryViews {
  constructor(hamish) {
    this.hamish = hamish;
    this.cache = new Map();
  }

  view(index) {
    let view = this.cache.get(index);
    if (!view) {
      const e = this.hamish.entry(index);
      view = { ...e, index, refersIndex: e.refersIndex ?? -1 };
      this.cache.set(index, view);
    }
    return view;
  }

  /** Adds the entry at `index` (and the one it refers to) to `out` unless `sent` has it. */
  include(index, sent, out) {
    if (sent.has(index)) return;
    sent.add(index);
    const view = this.view(index);
    out.push(view);
    if (view.refersIndex >= 0) this.include(view.refersIndex, sent, out);
  }
}

/**
 * The spans a page keeps of what the core found in `text`: `flat` (`coreStride` numbers per
 * span, offsets into `text`) and the probable `names` they index. Offsets are moved by `from`
 * (where `text` starts in the page's text). Returns the page's spans and the entries to send
 * with them (those not in `sent` yet, and each probable name's view).
 */
export function keptSpans(text, flat, names, coreStride, views, sent, from = 0) {
  const spans = new Uint32Array((flat.length / coreStride) * STRIDE);
  const entries = [];
  let n = 0;
  for (let i = 0; i < flat.length; i += coreStride) {
    const flags = coreStride > 6 ? flat[i + 6] : 0;
    let index = flat[i + 4];
    if (flags & PROBABLE) {
      const name = names[index];
      const ar = text.slice(flat[i + 2], flat[i + 3]);
      index = nextNameIndex++;
      entries.push({ index, id: `probable:${ar}`, type: 'probable', ar, en: name.description, kind: name.kind, cue: name.cue, cueText: name.cueText, romanisation: name.romanisation, refersIndex: -1 });
    } else if (!HIGHLIGHTED.has(views.view(index).type)) continue;
    spans[n] = flat[i] + from;
    spans[n + 1] = flat[i + 1] + from;
    spans[n + 2] = flat[i + 2] + from;
    spans[n + 3] = flat[i + 3] + from;
    spans[n + 4] = index;
    spans[n + 5] = flat[i + 5];
    spans[n + 6] = flags;
    n += STRIDE;
    if (!(flags & PROBABLE)) views.include(index, sent, entries);
  }
  return { spans: spans.slice(0, n), entries };
}
