// hamish reader: the page. It renders and handles events; all matching happens in the
// WebAssembly core, run in a worker (worker.js, through glosser.js).
//
// Safety: text from articles, from the reader and from the glossary only ever reaches the page as
// text nodes (createTextNode / textContent / append(string)); the page's CSP also enforces Trusted
// Types, so an HTML sink such as innerHTML would throw.

import { glosser } from './engine.js';
import './offline.js';
import { h, download } from './dom.js';
import { makeCards } from './cards.js';
import { DISGUISED, Doc, Highlights, SHORT, TYPE_BY_KEY, TYPES, termOf } from './doc.js';
import { Mine } from './mine.js';
import { termsOf, toAnki, toCsvRows } from './terms.js';
import { autoUpdate, computePosition, flip, offset, shift } from './vendor/floating-ui.dom.mjs';
import { Tip } from './tip.js';
import { prefs, loadPasted, savePasted, savePastedNow } from './store.js';
import { Opener, loadReaders } from './open.js';

const $ = (id) => document.getElementById(id);
const TYPE_KEYS = TYPES.map((t) => t.key);
const SIZES = [85, 100, 115, 130, 150, 175, 200];
const PASTE_DEBOUNCE_MS = 150;
const SAVE_DEBOUNCE_MS = 400;
const BIG_TEXT = 20000; // code units from which progress is shown
const FOLD_AT = 200000; // code units from which the paste box is folded away after a paste
const MARK_RUN = /\p{M}{256}/u; // …or a run of combining marks this long (one huge cluster the browser lays out very slowly)

const els = {
  status: $('status'),
  article: $('article'),
  articleSelect: $('article-select'),
  articleEn: $('article-en'),
  paste: $('paste'),
  pasted: $('pasted'),
  pasteProgress: $('paste-progress'),
  pasteInfo: $('paste-info'),
  pasteSaved: $('paste-saved'),
  pasteFold: $('paste-fold'),
  pasteFoldText: $('paste-fold-text'),
  pasteEdit: $('paste-edit'),
  pasteClear: $('paste-clear'),
  legend: $('legend'),
  found: $('found'),
  foundBox: $('found-box'),
  foundTotal: $('found-total'),
  foundWhere: $('found-where'),
  tabArticle: $('tab-article'),
  tabPaste: $('tab-paste'),
  panelArticle: $('panel-article'),
  panelPaste: $('panel-paste'),
  theme: $('theme'),
  sizeDown: $('size-down'),
  sizeUp: $('size-up'),
  sizeValue: $('size-value'),
  help: $('help'),
  helpOpen: $('help-open'),
  helpClose: $('help-close'),
  termsCsv: $('terms-csv'),
  termsAnki: $('terms-anki'),
  addSelection: $('add-selection'),
  skim: $('skim'),
  compact: $('compact'),
  side: $('side'),
  sideOpen: $('side-open'),
  sideClose: $('side-close'),
  sideCount: $('side-count'),
};

// ── status messages ─────────────────────────────────────────────────────────────────────────

function showStatus(message, kind = 'error') {
  els.status.textContent = message;
  els.status.dataset.kind = kind;
  els.status.hidden = false;
}

// ── preferences: theme, text size ───────────────────────────────────────────────────────────

const darkQuery = matchMedia('(prefers-color-scheme: dark)');

function applyTheme() {
  const chosen = prefs.get('theme');
  const theme = chosen || (darkQuery.matches ? 'dark' : 'light');
  document.documentElement.dataset.theme = theme;
  // The button says what it does: the other theme.
  els.theme.textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
}
darkQuery.addEventListener('change', applyTheme);
els.theme.addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme === 'dark';
  prefs.set('theme', dark ? 'light' : 'dark');
  applyTheme();
});
applyTheme();

let sizeIndex = Math.max(0, Math.min(SIZES.length - 1, prefs.get('size', 1)));
function applySize() {
  document.documentElement.style.setProperty('--reader-scale', String(SIZES[sizeIndex] / 100));
  els.sizeValue.textContent = `${SIZES[sizeIndex]}%`;
  els.sizeDown.disabled = sizeIndex === 0;
  els.sizeUp.disabled = sizeIndex === SIZES.length - 1;
}
els.sizeDown.addEventListener('click', () => {
  sizeIndex = Math.max(0, sizeIndex - 1);
  prefs.set('size', sizeIndex);
  applySize();
});
els.sizeUp.addEventListener('click', () => {
  sizeIndex = Math.min(SIZES.length - 1, sizeIndex + 1);
  prefs.set('size', sizeIndex);
  applySize();
});
applySize();

// ── reading modes: skim (each term's gloss above it), compact cards ─────────────────────────

// On a phone a tap shows the one-line card unless the reader chose otherwise.
const touchOnly = matchMedia('(hover: none) and (pointer: coarse)');
const compactCards = () => prefs.get('compact', touchOnly.matches);
function applyModes() {
  const skim = !!prefs.get('skim', false);
  document.documentElement.classList.toggle('skim', skim);
  els.skim.setAttribute('aria-pressed', String(skim));
  els.compact.setAttribute('aria-pressed', String(compactCards()));
}
function toggleSkim() {
  prefs.set('skim', !prefs.get('skim', false));
  applyModes();
  // Lines grow or shrink: the card follows its term (Floating UI) but a hover card would now
  // cover other words.
  if (tip.open && tip.source === 'hover') tip.hide();
}
els.skim.addEventListener('click', toggleSkim);
els.compact.addEventListener('click', () => {
  prefs.set('compact', !compactCards());
  applyModes();
  if (tip.open && tip.state) renderCard(tip.state);
});
applyModes();

// ── help ────────────────────────────────────────────────────────────────────────────────────

els.helpOpen.addEventListener('click', () => els.help.showModal());
els.helpClose.addEventListener('click', () => els.help.close());

// ── the glossing engine and the two documents ───────────────────────────────────────────────

// The reader's own glossary is installed before any text is glossed (see Mine.reload).
glosser.setup(() => mine.reload({ initial: true }));
const highlights = new Highlights([...TYPE_KEYS, 'lookup']);
const hidden = new Set((prefs.get('hidden', []) || []).filter((t) => TYPE_BY_KEY.has(t)));

// The cards' buttons act on the reader's own glossary (mine, below) and close the card first.
const cards = makeCards({
  entryOf: (index) => glosser.entry(index),
  actions: {
    edit: (entry) => (tip.hide(), mine.openEdit(entry.id)),
    // The reader's version starts from the whole entry, its notes included (they may still be on
    // their way just after the page opened).
    override: (entry) => (tip.hide(), glosser.notesIn.then(() => mine.openOverride(entry))),
    addName: (entry) => (
      tip.hide(),
      mine.openNew(
        { ar: entry.ar, type: entry.kind, tr: entry.romanisation },
        { title: 'Add this name to my glossary', note: 'hamish found this name in the text; the transliteration is its guess. Add what you know in English.' },
      )
    ),
    addWord: (word) => (tip.hide(), mine.openFromSelection(word)),
    expand: () => expandCard(),
  },
});

const common = {
  glosser,
  highlights,
  label: cards.label,
  shortGloss: cards.shortGloss,
  hiddenTypes: () => hidden,
  onError: (error) => showStatus(error.message),
};

const articleDoc = new Doc({
  ...common,
  root: els.article,
  titleLine: true,
  onDone: (doc) => {
    if (activeDoc === doc) renderFound();
  },
});

const pasteDoc = new Doc({
  ...common,
  root: els.pasted,
  onProgress: (doc) => {
    showPasteProgress(doc);
    // A card for a word of the old text is not left over the controls (onDone follows this).
    tip.hideIfDetached();
  },
  onDone: (doc) => {
    showPasteProgress(doc);
    const t = doc.timing;
    if (t.chars && t.glossMs !== undefined && !t.refresh) {
      performance.measure('hamish:paste', {
        start: t.started,
        duration: t.totalMs,
        detail: { chars: t.chars, glossMs: t.glossMs, workerMs: t.workerMs, firstChunkMs: t.firstChunk, longestSliceMs: t.longestSliceMs, terms: doc.termCount() },
      });
    }
    if (activeDoc === doc) renderFound();
  },
});

// Probable names are found once the worker has built their lexicon (when it is first idle):
// the texts shown until then are glossed again, and lines that gain a name are drawn again.
// `data-names` on the root says whether they are in (the browser tests wait for it).
// A reader who hides them does not pay for them: the worker then looks for none ('off').
let namesBuilt = false;
function syncNames() {
  const wanted = !hidden.has('probable');
  glosser.findNames(wanted);
  document.documentElement.dataset.names = !wanted ? 'off' : namesBuilt ? 'ready' : 'pending';
}
glosser.onNamesReady = () => {
  namesBuilt = true;
  syncNames();
  articleDoc.refresh();
  pasteDoc.refresh();
};
// Notes arrive after the first text is glossed: an open card shows them at once.
glosser.onNotes = () => {
  if (tip.open && tip.state) renderCard(tip.state);
};
glosser.onNamesPending = () => {
  namesBuilt = false;
  syncNames();
};
syncNames();

let activeDoc = prefs.get('mode') === 'paste' ? pasteDoc : articleDoc;

glosser.ready.then(
  () => performance.mark('hamish:ready'),
  (error) => {
    showStatus(`${error.message} The text is shown without glosses.`);
    showPlain(articleDoc, currentArticleText);
    showPlain(pasteDoc, els.paste.value);
  },
);

/** Without the engine, still show the text (as text). */
function showPlain(doc, text) {
  doc.reset();
  doc.setPhase('empty');
  doc.root.setAttribute('aria-busy', 'false');
  doc.root.replaceChildren(...text.split('\n').filter((l) => l.trim()).map((l) => h('p', { className: 'block' }, l)));
}

// ── legend: one toggle per type ─────────────────────────────────────────────────────────────

const legendButtons = new Map();
for (const type of TYPES) {
  const button = h(
    'button',
    { type: 'button', className: 'legend-item', dataset: { type: type.key }, 'aria-pressed': String(!hidden.has(type.key)) },
    h('span', { className: 'swatch', 'aria-hidden': 'true' }),
    h('span', { className: 'legend-en' }, type.en),
    ' ',
    h('span', { className: 'legend-ar', lang: 'ar', dir: 'rtl' }, type.ar),
    ' ',
    h('span', { className: 'count', dataset: { count: type.key } }),
  );
  button.addEventListener('click', () => setTypeShown(type.key, hidden.has(type.key)));
  legendButtons.set(type.key, button);
  els.legend.append(button);
  if (hidden.has(type.key)) {
    highlights.setHidden(type.key, true);
    document.body.classList.add(`hide-${type.key}`);
  }
}

function setTypeShown(type, shown) {
  if (shown) hidden.delete(type);
  else hidden.add(type);
  prefs.set('hidden', [...hidden]);
  legendButtons.get(type).setAttribute('aria-pressed', String(shown));
  document.body.classList.toggle(`hide-${type}`, !shown);
  highlights.setHidden(type, !shown);
  articleDoc.setTypeActive(type, shown);
  pasteDoc.setTypeActive(type, shown);
  if (!shown && tip.owner instanceof Element && tip.owner.dataset.type === type) tip.hide();
  if (type === 'probable') {
    syncNames();
    // Shown again: the texts are glossed again to find them, at once if their lexicon is built,
    // else when the worker tells it is (onNamesReady).
    if (shown && namesBuilt) {
      articleDoc.refresh();
      pasteDoc.refresh();
    }
  }
  renderFound();
}

// ── side panel: every entity and term in the active text ───────────────────────────────────

let occurrences = new Map();
const cursors = new Map(); // entry id -> next occurrence to show

function renderFound() {
  const doc = activeDoc;
  occurrences = doc.occurrences();
  cursors.clear();
  const byType = new Map(TYPE_KEYS.map((k) => [k, []]));
  let total = 0;
  for (const { entry, els: list } of occurrences.values()) {
    if (!byType.has(entry.type)) continue;
    byType.get(entry.type).push({ entry, list });
    total += list.length;
  }
  const groups = [];
  for (const type of TYPES) {
    const items = byType.get(type.key);
    const count = items.reduce((n, i) => n + i.list.length, 0);
    const legendCount = els.legend.querySelector(`[data-count="${type.key}"]`);
    legendCount.textContent = count ? String(count) : '';
    if (!items.length) continue;
    items.sort((a, b) => b.list.length - a.list.length); // stable: ties stay in order of first appearance
    groups.push(
      h(
        'section',
        { className: 'found-group', dataset: { type: type.key }, 'aria-label': `${type.en}: ${items.length}` },
        h(
          'h3',
          { lang: 'en', dir: 'ltr' },
          h('span', { className: 'swatch', 'aria-hidden': 'true' }),
          `${type.en} `,
          h('span', { className: 'legend-ar', lang: 'ar', dir: 'rtl' }, type.ar),
          ' ',
          h('span', { className: 'count' }, String(count)),
          hidden.has(type.key) ? h('span', { className: 'hint' }, ' (hidden)') : null,
        ),
        h('ul', {}, items.map(({ entry, list }) => h('li', {}, foundButton(entry, list)))),
      ),
    );
  }
  els.found.replaceChildren(
    ...(groups.length
      ? groups
      : [h('p', { className: 'hint', lang: 'en', dir: 'ltr' }, doc.phase === 'done' ? 'No names or terms from the glossary in this text.' : 'Nothing yet.')]),
  );
  els.foundTotal.textContent = total ? `${occurrences.size} · ${total}` : '';
  els.foundTotal.setAttribute('aria-label', total ? `${occurrences.size} terms, ${total} occurrences` : '');
  els.sideCount.textContent = total ? String(occurrences.size) : '';
  els.termsCsv.disabled = els.termsAnki.disabled = !total;
}

function foundButton(entry, list) {
  const where = h('span', { className: 'found-pos', 'aria-hidden': 'true' });
  const button = h(
    'button',
    {
      type: 'button',
      className: 'found-item',
      dataset: { entry: entry.index, type: entry.type, mine: entry.user ? 'yes' : null },
      'aria-label': `${entry.ar}, ${entry.type === 'probable' ? `${cards.typeLabel(entry)}, ${entry.romanisation}` : entry.en}${entry.user ? ' (your entry)' : ''}: ${list.length} ${list.length === 1 ? 'occurrence' : 'occurrences'}. Go to the next one.`,
    },
    h('span', { className: 'found-ar', lang: 'ar', dir: 'rtl' }, entry.ar),
    h('span', { className: 'found-en', lang: 'en', dir: 'ltr' }, entry.type === 'probable' ? entry.romanisation : entry.en),
    h('span', { className: 'count' }, String(list.length)),
    where,
  );
  button.addEventListener('click', () => {
    const all = occurrences.get(entry.id)?.els || [];
    const live = all.filter((el) => el.isConnected);
    if (!live.length) return;
    const i = (cursors.get(entry.id) || 0) % live.length;
    cursors.set(entry.id, i + 1);
    where.textContent = `${i + 1}/${live.length}`;
    els.foundWhere.textContent = `${entry.en}: occurrence ${i + 1} of ${live.length}`;
    goTo(live[i]);
  });
  return button;
}

function goTo(el) {
  setSheet(false);
  el.scrollIntoView({ block: 'center', behavior: 'auto' });
  if (el.tabIndex >= 0) el.focus({ preventScroll: true });
  // Its gloss opens and stays open, as after a click on the term itself.
  openTerm(el, { source: 'click', pinned: true });
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
  clearTimeout(el.flashTimer);
  el.flashTimer = setTimeout(() => el.classList.remove('flash'), 1600);
}

if (matchMedia('(min-width: 900px)').matches) els.foundBox.open = true;

// On a narrow screen the side panel is a sheet over the text, opened from a bar at the foot of
// the screen: the legend and "In this text" without scrolling past the whole article.
const narrow = matchMedia('(max-width: 899px)');
function setSheet(open) {
  const wasOpen = els.side.classList.contains('open');
  els.side.classList.toggle('open', open);
  els.sideOpen.setAttribute('aria-expanded', String(open));
  if (open && !wasOpen) {
    els.foundBox.open = true;
    els.sideClose.focus();
  } else if (!open && els.side.contains(document.activeElement)) els.sideOpen.focus();
}
els.sideOpen.addEventListener('click', () => setSheet(true));
els.sideClose.addEventListener('click', () => setSheet(false));
els.side.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || !els.side.classList.contains('open')) return;
  event.stopPropagation();
  setSheet(false);
});
narrow.addEventListener('change', () => setSheet(false));

// ── modes: articles and pasted text ─────────────────────────────────────────────────────────

function setMode(mode, focus = false) {
  const paste = mode === 'paste';
  activeDoc = paste ? pasteDoc : articleDoc;
  prefs.set('mode', mode);
  els.tabArticle.setAttribute('aria-selected', String(!paste));
  els.tabPaste.setAttribute('aria-selected', String(paste));
  els.tabArticle.tabIndex = paste ? -1 : 0;
  els.tabPaste.tabIndex = paste ? 0 : -1;
  els.panelArticle.hidden = paste;
  els.panelPaste.hidden = !paste;
  tip.hide();
  renderFound();
  if (focus) (paste ? els.tabPaste : els.tabArticle).focus();
}
els.tabArticle.addEventListener('click', () => setMode('article'));
els.tabPaste.addEventListener('click', () => setMode('paste'));
for (const tab of [els.tabArticle, els.tabPaste]) {
  tab.addEventListener('keydown', (event) => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) {
      event.preventDefault();
      setMode(tab === els.tabArticle ? 'paste' : 'article', true);
    }
  });
}

// ── articles ────────────────────────────────────────────────────────────────────────────────

let articles = [];
let currentArticleText = '';
let firstArticle = true;

async function loadArticles() {
  try {
    const response = await fetch('articles/index.json');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    articles = await response.json();
  } catch (error) {
    showStatus(`The list of demo articles could not be loaded (${error.message}).`);
    articleDoc.setPhase('empty');
    return;
  }
  for (const a of articles) els.articleSelect.append(h('option', { value: a.file }, a.title));
  const saved = prefs.get('article');
  const chosen = articles.find((a) => a.file === saved) || articles[0];
  if (chosen) {
    els.articleSelect.value = chosen.file;
    await openArticle(chosen);
  }
}

els.articleSelect.addEventListener('change', () => {
  const a = articles.find((x) => x.file === els.articleSelect.value);
  if (a) openArticle(a);
});

let articleRequest = 0;
async function openArticle(article) {
  const request = ++articleRequest;
  prefs.set('article', article.file);
  els.articleEn.textContent = article.title_en || '';
  tip.hide();
  let text;
  try {
    const response = await fetch(`articles/${encodeURIComponent(article.file)}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = (await response.text()).replace(/\r\n?/g, '\n').trim();
  } catch (error) {
    showStatus(`The article “${article.title_en || article.file}” could not be loaded (${error.message}).`);
    return;
  }
  if (request !== articleRequest) return;
  currentArticleText = text;
  if (glosser.failed) {
    showPlain(articleDoc, text);
    return;
  }
  articleDoc.reset();
  articleDoc.setText(text);
  await articleDoc.whenDone();
  if (firstArticle && request === articleRequest && articleDoc.phase === 'done') {
    firstArticle = false;
    performance.mark('hamish:article-glossed', { detail: { ...articleDoc.timing } });
  }
}

// ── pasted text ─────────────────────────────────────────────────────────────────────────────

let pasteTimer = 0;
let saveTimer = 0;

function glossPasted() {
  clearTimeout(pasteTimer);
  pasteTimer = 0;
  if (glosser.failed) {
    showPlain(pasteDoc, els.paste.value);
    return;
  }
  if (els.paste.value !== pasteDoc.text) pasteDoc.setText(els.paste.value);
  else pasteDoc.setPhase(pasteDoc.phase); // typed and undone: nothing to gloss again
}

// A huge text in a visible textarea costs the browser a long layout on every change (about a
// second per megabyte), so after a big paste the box is folded away: the glossed text is what
// one reads; the box comes back on request for editing.
let heavyMarks = false; // the text has a long run of combining marks (checked on paste)

/** Whether `text` is too heavy for an editable box: very long, or long runs of marks only. */
function heavy(text) {
  return text.length >= FOLD_AT || MARK_RUN.test(text);
}

function foldPaste(fold) {
  const value = els.paste.value;
  const n = value.length;
  if (fold) heavyMarks = n < FOLD_AT && MARK_RUN.test(value);
  if (!n) heavyMarks = false;
  const big = n >= FOLD_AT || heavyMarks;
  els.pasteFold.hidden = !big;
  els.paste.hidden = fold && big;
  els.pasteEdit.setAttribute('aria-expanded', String(!els.paste.hidden));
  els.pasteEdit.textContent = els.paste.hidden ? 'Show the text box' : 'Fold the text box';
  const kb = Math.round((n * 2) / 1024); // UTF-16 size, as stored
  const size = `${n.toLocaleString('en')} characters, about ${kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb} KB`}`;
  els.pasteFoldText.textContent =
    n < FOLD_AT && heavyMarks
      ? `Your text has long runs of vowel or other combining marks (${size}), which the browser is very slow to edit, so the text box is folded away.`
      : `Your text is long (${size}).`;
}
els.pasteEdit.addEventListener('click', () => {
  foldPaste(!els.paste.hidden);
  if (!els.paste.hidden) els.paste.focus();
});
els.pasteClear.addEventListener('click', () => {
  els.paste.value = '';
  els.paste.dispatchEvent(new Event('input'));
  els.paste.focus();
});

els.paste.addEventListener('input', (event) => {
  foldPaste(event.inputType === 'insertFromPaste' || event.inputType === 'insertFromDrop');
  clearTimeout(pasteTimer);
  pasteTimer = setTimeout(glossPasted, PASTE_DEBOUNCE_MS);
  pasteDoc.root.dataset.phase = 'waiting';
  clearTimeout(saveTimer);
  els.pasteSaved.textContent = '';
  els.pasteSaved.dataset.state = 'unsaved';
  saveTimer = setTimeout(savePaste, SAVE_DEBOUNCE_MS);
});

// Leaving the page before the debounced save ran: keep the text synchronously if it fits.
window.addEventListener('pagehide', () => {
  if (!saveTimer) return;
  clearTimeout(saveTimer);
  saveTimer = 0;
  savePastedNow(els.paste.value);
});

async function savePaste() {
  saveTimer = 0;
  const text = els.paste.value;
  const problem = await savePasted(text);
  if (text !== els.paste.value) return; // typed again meanwhile; the next save reports
  els.pasteSaved.dataset.state = problem ? 'failed' : 'saved';
  els.pasteSaved.textContent = problem || (text ? 'Kept on this device for your next visit.' : '');
}

function showPasteProgress(doc) {
  const t = doc.timing;
  const big = (t.chars || 0) >= BIG_TEXT;
  const busy = doc.phase === 'glossing' || doc.phase === 'rendering';
  els.pasteProgress.hidden = !(busy && big);
  if (busy) {
    const p = doc.progress();
    els.pasteProgress.value = p;
    els.pasteInfo.textContent = big ? `Glossing… ${Math.round(p * 100)}%` : '';
    return;
  }
  if (doc.phase === 'empty') {
    els.pasteInfo.textContent = '';
    return;
  }
  const n = doc.termCount();
  const words = n === 1 ? '1 term highlighted' : `${n.toLocaleString('en')} terms highlighted`;
  const timing = big && t.totalMs ? ` in ${(t.totalMs / 1000).toFixed(1)} s` : '';
  els.pasteInfo.textContent = `${words}${timing}.`;
}

async function restorePasted() {
  const text = await loadPasted();
  if (!text || els.paste.value) return;
  const fold = heavy(text);
  els.paste.hidden = fold; // before the value is set, so it is never laid out
  els.paste.value = text;
  foldPaste(fold);
  els.pasteSaved.dataset.state = 'saved';
  els.pasteSaved.textContent = 'Your last text, kept on this device.';
  glossPasted();
}

// ── tooltips ────────────────────────────────────────────────────────────────────────────────

const tip = new Tip($('tip'));
let lookupRange = null;
tip.onHide = () => {
  if (lookupRange) highlights.clear('lookup');
  lookupRange = null;
  tip.el.dataset.state = '';
  delete tip.el.dataset.lookup;
};

/** Opens the tooltip of a highlighted term. */
async function openTerm(el, { source, pinned = false }) {
  const { line, k } = termOf(el);
  const span = Doc.span(line, k);
  const entry = line.entries[k];
  if (tip.owner === el) {
    tip.pinned = tip.pinned || pinned;
    if (pinned) tip.source = source;
    return;
  }
  // The reading highlighted, shown at once; the core's readings of the word follow.
  const shown = { start: span.start, end: span.end, stemStart: span.stemStart, stemEnd: span.stemEnd, prefix: [], suffix: [], entry: span.entry };
  const state = { lineText: line.text, readings: [shown], at: 0, disguised: !!(span.flags & DISGUISED), short: !!(span.flags & SHORT), expanded: false };
  tip.show({ reference: el, owner: el, content: cardContent(state), pinned, describes: el });
  tip.state = state;
  tip.source = source;
  delete tip.el.dataset.lookup;
  if (entry.type === 'probable') {
    tip.el.dataset.state = 'complete';
    return;
  }
  tip.el.dataset.state = 'loading';
  const token = tip.token;
  let readings = [];
  try {
    readings = await glosser.lookup(line.text, span.stemStart);
  } catch (error) {
    showStatus(error.message);
  }
  if (tip.owner !== el || tip.token !== token) return;
  const primary = readings.find((r) => r.entry === span.entry && r.start === span.start);
  state.disguised ||= !!primary?.disguised;
  state.readings = [primary || shown, ...readings.filter((r) => r !== primary)];
  renderCard(state);
  tip.el.dataset.state = 'complete';
}

/** The card for `state` (its readings, the one shown, whether expanded): one line when the
 * reader chose compact cards, else the full gloss, or a probable name's card. */
function cardContent(state) {
  const reading = state.readings[state.at];
  const entry = glosser.entry(reading.entry);
  const written = state.lineText.slice(reading.start, reading.end);
  if (compactCards() && !state.expanded) return cards.compactCard({ written, entry });
  if (entry.type === 'probable') return cards.nameCard({ written, entry });
  const first = state.at === 0;
  const card = cards.glossCard({
    written,
    entry,
    reading,
    others: state.readings.filter((_, i) => i !== state.at),
    lineText: state.lineText,
    disguised: first ? state.disguised : !!reading.disguised,
    short: first ? state.short : !!reading.short,
    writtenStem: state.lineText.slice(reading.stemStart, reading.stemEnd),
  });
  if (state.readings.length > 1) {
    card.querySelector('.tip-head').after(
      h(
        'p',
        { className: 'tip-cycle' },
        `Reading ${state.at + 1} of ${state.readings.length} `,
        h('button', { type: 'button', className: 'tip-next', onclick: () => cycleReadings(1) }, 'Next reading'),
        h('span', { className: 'on-pointer muted' }, ' (R)'),
      ),
    );
  }
  return card;
}

function renderCard(state) {
  if (tip.state !== state) return;
  const refocus = tip.el.contains(document.activeElement);
  tip.replace(cardContent(state));
  if (refocus) tip.el.querySelector('button')?.focus();
}

function expandCard() {
  if (!tip.state || tip.state.expanded) return;
  tip.state.expanded = true;
  renderCard(tip.state);
}

/** Shows the open card's next (or previous) reading first. */
function cycleReadings(step) {
  const state = tip.state;
  if (!state || state.readings.length < 2) return;
  state.at = (state.at + step + state.readings.length) % state.readings.length;
  renderCard(state);
}

/** Copies the open card's word and gloss, as one line a reader pastes into notes. */
async function copyGloss() {
  const state = tip.state;
  if (!state) return;
  const reading = state.readings[state.at];
  const entry = glosser.entry(reading.entry);
  const written = state.lineText.slice(reading.start, reading.end);
  const text =
    entry.type === 'probable' ? `${written} (${entry.romanisation}): ${cards.typeLabel(entry)}` : `${written}${entry.tr ? ` (${entry.tr})` : ''}: ${entry.en}`;
  let said;
  try {
    await navigator.clipboard.writeText(text);
    said = 'Copied.';
  } catch {
    said = 'The browser did not allow copying.';
  }
  if (tip.state !== state) return;
  const card = tip.body.firstElementChild;
  card.querySelector('.tip-copied')?.remove();
  card.append(h('p', { className: 'tip-copied', role: 'status' }, said));
}

/** Moves to the next (`step` 1) or previous (-1) shown term of the text being read, or of the
 * same entry as the current one (`sameEntry`, going round), and opens its card. */
function stepTerm(step, sameEntry) {
  const root = activeDoc.root;
  const terms = [...root.querySelectorAll('.t:not(.off)')];
  const isTerm = (e) => e instanceof Element && e.classList.contains('t') && root.contains(e);
  const current = [tip.owner, document.activeElement].find(isTerm) || null;
  const entryOf = (el) => {
    const { line, k } = termOf(el);
    return line.entries[k];
  };
  const pool = sameEntry && current ? terms.filter((t) => entryOf(t) === entryOf(current)) : terms;
  if (!pool.length) return;
  let at;
  if (current) {
    at = pool.indexOf(current) + step;
    if (sameEntry) at = (at + pool.length) % pool.length;
  } else {
    // From what is on screen.
    const first = pool.findIndex((t) => t.getBoundingClientRect().bottom > 0);
    at = step > 0 ? Math.max(0, first) : first > 0 ? first - 1 : pool.length - 1;
  }
  const next = pool[at];
  if (!next || next === current) return;
  const box = next.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) next.scrollIntoView({ block: 'center' });
  next.focus({ preventScroll: true });
}

const isWordChar = (c) => !!c && /[\p{L}\p{M}\p{N}]/u.test(c);

function wordAround(text, at) {
  const segmenter = new Intl.Segmenter('ar', { granularity: 'word' });
  for (const s of segmenter.segment(text.slice(Math.max(0, at - 64), at + 64))) {
    const start = Math.max(0, at - 64) + s.index;
    if (start <= at && at < start + s.segment.length) return { start, end: start + s.segment.length, text: s.segment };
  }
  return { start: at, end: at + 1, text: text[at] };
}

/** Looks up the word at `offset` of `line` in `doc` and shows what the glossary knows of it. */
async function lookupWord(doc, line, offset, { scroll = false } = {}) {
  const text = line.text;
  if (!isWordChar(text[offset])) {
    if (isWordChar(text[offset - 1])) offset -= 1;
    else {
      tip.hide();
      return;
    }
  }
  let readings;
  try {
    readings = await glosser.lookup(text, offset);
  } catch (error) {
    showStatus(error.message);
    return;
  }
  const word = wordAround(text, offset);
  const primary = readings[0];
  const [a, b] = primary ? [primary.start, primary.end] : [word.start, word.end];
  const range = doc.range(line, a, b);
  if (!range) return;
  if (scroll) range.startContainer.parentElement.scrollIntoView({ block: 'center' });
  const reference = {
    getBoundingClientRect: () => range.getBoundingClientRect(),
    getClientRects: () => range.getClientRects(),
    contextElement: range.startContainer.parentElement,
  };
  const state = primary ? { lineText: text, readings, at: 0, disguised: !!primary.disguised, short: false, expanded: false } : null;
  const content = state ? cardContent(state) : cards.notFoundCard(word.text);
  tip.show({ reference, owner: `lookup:${a}:${b}`, content, pinned: true });
  tip.state = state;
  updateAddButton();
  tip.source = 'lookup';
  tip.el.dataset.state = 'complete';
  tip.el.dataset.lookup = primary ? 'found' : 'none';
  highlights.clear('lookup');
  lookupRange = new StaticRange({ startContainer: range.startContainer, startOffset: range.startOffset, endContainer: range.endContainer, endOffset: range.endOffset });
  highlights.add('lookup', lookupRange);
}

function caretAt(x, y) {
  if (document.caretPositionFromPoint) {
    const p = document.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : null;
  }
  return null;
}

/** Whether the character [offset, offset+1) of text node `node` is drawn under (x, y). */
function charUnder(node, offset, x, y) {
  if (node.nodeType !== Node.TEXT_NODE || offset < 0 || offset >= node.data.length) return false;
  const r = document.createRange();
  r.setStart(node, offset);
  r.setEnd(node, offset + 1);
  for (const rect of r.getClientRects()) {
    if (x >= rect.left - 3 && x <= rect.right + 3 && y >= rect.top - 3 && y <= rect.bottom + 3) return true;
  }
  return false;
}

function lookupAtPoint(x, y) {
  const caret = caretAt(x, y);
  if (!caret) return false;
  let { node, offset } = caret;
  if (!charUnder(node, offset, x, y)) {
    if (charUnder(node, offset - 1, x, y)) offset -= 1;
    else return false;
  }
  const place = activeDoc.locate(node, offset);
  if (!place) return false;
  lookupWord(activeDoc, place.line, place.offset);
  return true;
}

/** Looks up the word at the start of the selection (or caret) in the text, if there is one. */
function lookupSelection() {
  const selection = getSelection();
  if (!selection || !selection.rangeCount) return false;
  const range = selection.getRangeAt(0);
  let place = activeDoc.locate(range.startContainer, range.startOffset);
  if (!place) return false;
  if (!selection.isCollapsed && !isWordChar(place.line.text[place.offset]) && isWordChar(place.line.text[place.offset + 1])) {
    place = { line: place.line, offset: place.offset + 1 };
  }
  lookupWord(activeDoc, place.line, place.offset);
  return true;
}

/** In the paste box: looks up the word at the cursor, in the glossed text below. */
async function lookupAtCursor() {
  const at = els.paste.selectionStart;
  if (els.paste.value !== pasteDoc.text) glossPasted();
  await pasteDoc.whenDone();
  const place = pasteDoc.lineAt(at);
  if (place) lookupWord(pasteDoc, place.line, place.offset, { scroll: true });
}

/** A highlighted (shown) term element at or around `target`, or null. (Not one about to be
 * replaced after the glossary changed: its line is being glossed again.) */
function termFrom(target) {
  const el = target instanceof Element ? target.closest('.t') : null;
  const info = el && termOf(el);
  return el && !el.classList.contains('off') && info && !info.line.stale ? el : null;
}

let hoverTimer = 0;
let closeTimer = 0;
const isMouse = (event) => event.pointerType === 'mouse' || event.pointerType === 'pen';

document.addEventListener('pointerover', (event) => {
  if (!isMouse(event)) return;
  const el = termFrom(event.target);
  if (el) {
    clearTimeout(closeTimer);
    if (tip.owner !== el && !tip.pinned) {
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(() => openTerm(el, { source: 'hover' }), 100);
    }
  } else if (tip.el.contains(event.target)) {
    clearTimeout(closeTimer);
  }
});

document.addEventListener('pointerout', (event) => {
  if (!isMouse(event)) return;
  const from = termFrom(event.target) || (tip.el.contains(event.target) ? tip.el : null);
  if (!from) return;
  const to = event.relatedTarget;
  if (to instanceof Node && (from.contains(to) || tip.el.contains(to) || (tip.owner instanceof Element && tip.owner.contains(to)))) return;
  clearTimeout(hoverTimer);
  if (tip.open && !tip.pinned && tip.source === 'hover') {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => {
      if (!tip.pinned && tip.source === 'hover') tip.hide();
    }, 300);
  }
});

// The term whose card Esc closed from inside the card: the focus goes back to it, not its card.
let closedOn = null;
document.addEventListener('focusin', (event) => {
  const el = termFrom(event.target);
  const quiet = el && el === closedOn;
  closedOn = null;
  if (el && !quiet) {
    clearTimeout(closeTimer);
    if (tip.owner !== el) openTerm(el, { source: 'focus' });
  }
});

document.addEventListener('focusout', (event) => {
  const el = termFrom(event.target);
  if (!el || tip.owner !== el || tip.pinned) return;
  if (event.relatedTarget instanceof Node && tip.el.contains(event.relatedTarget)) return;
  tip.hide();
});

document.addEventListener('click', (event) => {
  const el = termFrom(event.target);
  if (el) {
    if (tip.owner === el && tip.pinned && tip.source === 'click') tip.hide();
    else openTerm(el, { source: 'click', pinned: true });
    return;
  }
  // (The path, not the target: a card's button may have redrawn the card.)
  if (event.composedPath().includes(tip.el)) return;
  // A step through "In this text" has just opened the term's gloss (goTo).
  if (event.target instanceof Element && event.target.closest('.found-item')) return;
  const inText = event.target instanceof Element && event.target.closest('.reader');
  if (inText && getSelection().isCollapsed && lookupAtPoint(event.clientX, event.clientY)) return;
  // The second click of a double click selects the word the first one looked up: its card stays.
  if (inText && event.detail > 1) return;
  if (tip.open) tip.hide();
});

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented) return;
  const target = event.target instanceof Element ? event.target : null;
  if (event.key === 'Escape' && tip.open) {
    // Leaving a card the reader tabbed into goes back to its term.
    const back = tip.el.contains(target) && tip.owner instanceof HTMLElement ? tip.owner : null;
    tip.hide();
    if (back) {
      closedOn = back;
      back.focus();
    }
    event.preventDefault();
    return;
  }
  if (event.key === 'Tab' && tip.open && tipTab(event, target)) {
    event.preventDefault();
    return;
  }
  const typing = target && target.closest('input, textarea, select, dialog, [contenteditable]');
  if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && readingKey(event)) {
    event.preventDefault();
    return;
  }
  const term = target && termFrom(target);
  if (term && (event.key === 'Enter' || event.key === ' ')) {
    event.preventDefault();
    if (tip.owner === term && tip.pinned) tip.hide();
    else openTerm(term, { source: 'click', pinned: true });
    return;
  }
  const inField = target && target.closest('input, textarea, select, button, dialog, [contenteditable]');
  if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyL') {
    event.preventDefault();
    if (target === els.paste) lookupAtCursor();
    else lookupSelection();
    return;
  }
  if (inField) return;
  if (event.key === 'Enter' && lookupSelection()) {
    event.preventDefault();
    return;
  }
  if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    els.help.showModal();
  }
});

/** The reading keys, by key position (an Arabic keyboard layout works too): N / P next and
 * previous term, with Shift the same entry's; in an open card R (Shift: back) the next
 * reading, C copy, E expand a compact card; S skim mode. */
function readingKey(event) {
  const shift = event.shiftKey;
  switch (event.code) {
    case 'KeyN':
    case 'KeyP':
      stepTerm(event.code === 'KeyN' ? 1 : -1, shift);
      return true;
    case 'KeyS':
      if (shift) return false;
      toggleSkim();
      return true;
    default:
  }
  if (!tip.open || !tip.state) return false;
  switch (event.code) {
    case 'KeyR':
      cycleReadings(shift ? -1 : 1);
      return true;
    case 'KeyC':
      if (shift) return false;
      copyGloss();
      return true;
    case 'KeyE':
      if (shift) return false;
      expandCard();
      return true;
    default:
      return false;
  }
}

/** Tab from a term whose card is pinned goes into the card; out of its last control, on to the
 * next term; Shift+Tab from its first, back to the term. Whether it moved the focus. */
function tipTab(event, target) {
  const owner = tip.owner instanceof HTMLElement ? tip.owner : null;
  const controls = [...tip.el.querySelectorAll('button, a[href]')];
  if (!owner || !controls.length) return false;
  if (target === owner && tip.pinned && !event.shiftKey) {
    controls[0].focus();
    return true;
  }
  if (!tip.el.contains(target)) return false;
  const at = controls.indexOf(target);
  if (event.shiftKey && at === 0) {
    owner.focus();
    return true;
  }
  if (!event.shiftKey && at === controls.length - 1) {
    const terms = [...activeDoc.root.querySelectorAll('.t:not(.off)')];
    (terms[terms.indexOf(owner) + 1] || owner).focus();
    return true;
  }
  return false;
}

window.addEventListener('resize', () => {
  if (tip.open && tip.source === 'hover') tip.hide();
});

// ── the reader's own glossary ───────────────────────────────────────────────────────────────

const mine = new Mine({
  glosser,
  status: (message) => showStatus(message),
  lookup: (text, at) => glosser.lookup(text, at),
  changed: () => {
    // The glossary changed (here or in another tab): gloss what is shown again.
    const t0 = performance.now();
    tip.hide();
    articleDoc.refresh();
    pasteDoc.refresh();
    Promise.all([articleDoc.whenDone(), pasteDoc.whenDone()]).then(() => {
      performance.measure('hamish:regloss', { start: t0, detail: { installMs: mine.installMs, articleMs: articleDoc.timing.totalMs, pasteMs: pasteDoc.timing.totalMs } });
    });
  },
});

/** What is selected in the shown text or the paste box, if it could be a term. */
function selectedTerm() {
  const selection = getSelection();
  const blockOf = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest('.block');
  if (selection && !selection.isCollapsed && selection.rangeCount) {
    const range = selection.getRangeAt(0);
    // A term is within one block or two neighbours: do not turn a select-all of megabytes into text.
    const [first, last] = [blockOf(range.startContainer), blockOf(range.endContainer)];
    if (!first || !last || (first !== last && first.nextElementSibling !== last && first.parentElement.nextElementSibling?.firstElementChild !== last)) return null;
    const text = selection.toString();
    if (activeDoc.root.contains(range.commonAncestorContainer) && text.trim() && text.length <= 200 && /\p{L}/u.test(text)) {
      const fixed = range.cloneRange();
      return {
        text,
        reference: {
          getBoundingClientRect: () => fixed.getBoundingClientRect(),
          getClientRects: () => fixed.getClientRects(),
          contextElement: fixed.startContainer.parentElement,
        },
      };
    }
  }
  if (document.activeElement === els.paste && !els.paste.hidden) {
    const { selectionStart: a, selectionEnd: b } = els.paste;
    const text = els.paste.value.slice(a, b);
    if (b > a && b - a <= 200 && /\p{L}/u.test(text)) return { text, reference: els.paste };
  }
  return null;
}

let addCleanup = null;
let addText = '';
function updateAddButton() {
  const button = els.addSelection;
  const found = selectedTerm();
  addCleanup?.();
  addCleanup = null;
  // An open card has its own add button: a second one beside it would overlap it.
  if (!found || (tip.open && tip.el.querySelector('.tip-actions'))) {
    button.hidden = true;
    return;
  }
  addText = found.text;
  button.hidden = false;
  const place = () =>
    computePosition(found.reference, button, { strategy: 'fixed', placement: 'bottom', middleware: [offset(8), flip({ padding: 8 }), shift({ padding: 8 })] }).then(({ x, y }) => {
      Object.assign(button.style, { left: `${x}px`, top: `${y}px` });
    });
  addCleanup = autoUpdate(found.reference, button, place);
}
let addTimer = 0;
const soon = () => {
  clearTimeout(addTimer);
  addTimer = setTimeout(updateAddButton, 120);
};
document.addEventListener('selectionchange', soon);
// The floating button comes back for a selection that outlives the card.
const hideCard = tip.onHide;
tip.onHide = () => {
  hideCard();
  soon();
};
for (const type of ['select', 'keyup', 'mouseup']) els.paste.addEventListener(type, soon);
els.addSelection.addEventListener('mousedown', (event) => event.preventDefault()); // keep the selection
els.addSelection.addEventListener('click', () => {
  els.addSelection.hidden = true;
  addCleanup?.();
  addCleanup = null;
  tip.hide();
  mine.openFromSelection(addText);
});
document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== 'KeyA') return;
  if (event.target instanceof Element && event.target.closest('dialog')) return;
  const found = selectedTerm();
  if (!found) return;
  event.preventDefault();
  tip.hide();
  mine.openFromSelection(found.text);
});

// ── terms in this text, as files ────────────────────────────────────────────────────────────

function termsFileName(prefix, ext) {
  const base = activeDoc === pasteDoc ? 'pasted' : (els.articleSelect.value || 'article').replace(/\.[a-z0-9]+$/i, '');
  return `${prefix}-${base.replace(/[^\p{L}\p{N}_-]+/gu, '-')}.${ext}`;
}
els.termsCsv.addEventListener('click', () => {
  download(termsFileName('hamish-terms', 'csv'), toCsvRows(termsOf(activeDoc, glosser, TYPE_KEYS)), 'text/csv;charset=utf-8');
});
els.termsAnki.addEventListener('click', () => {
  download(termsFileName('hamish-anki', 'txt'), toAnki(termsOf(activeDoc, glosser, TYPE_KEYS)), 'text/plain;charset=utf-8');
});

// ── start ───────────────────────────────────────────────────────────────────────────────────

setMode(activeDoc === pasteDoc ? 'paste' : 'article');
loadArticles().then(restorePasted, restorePasted);

// ── opening files, rich paste, the library ──────────────────────────────────────────────────
// Files (the Open button, or dropped), HTML pasted from a news site and texts from the library
// all become the paste box's text, read as if typed there: same glossing, same saving.

/**
 * Makes `text` the text being read: paste mode, the box holding it (folded away when heavy, as
 * after a big paste), glossed and kept for the next visit by the box's own input handling.
 */
export function showText(text) {
  setMode('paste');
  tip.hide();
  const fold = heavy(text);
  els.paste.hidden = fold; // before the value is set, so a huge text is never laid out
  els.paste.value = text;
  els.paste.setSelectionRange(0, 0);
  els.paste.scrollTop = 0;
  els.paste.dispatchEvent(new InputEvent('input', { inputType: fold ? 'insertFromPaste' : 'insertReplacementText' }));
  // Chosen from the library in the phone's sheet: the sheet gives way to the text.
  if (els.side.classList.contains('open')) setSheet(false);
  if (els.panelPaste.getBoundingClientRect().top < 0) els.panelPaste.scrollIntoView({ block: 'start' });
}

new Opener({ box: els.paste, show: showText });
// The file and rich-paste readers once the engine is up and the page idle: not loaded at
// start-up, and in before a reader opens a file or pastes (else those wait for them).
const whenIdle = globalThis.requestIdleCallback ?? ((work) => setTimeout(work, 200));
glosser.ready.then(() => whenIdle(() => loadReaders().catch(() => {})), () => {});

// ── end of opening files, rich paste, the library ───────────────────────────────────────────
