// hamish extension: the background service worker.
//
// It runs the engine: the same WebAssembly core and compiled glossary as the reader page (the
// reader's worker.js does there what this does here), loaded on the first request and again
// whenever the browser has stopped the worker while idle. Pages talk to it over a port
// ('hamish-page', opened by page.js), one per frame being glossed:
//   {type: 'gloss', id, texts}        -> {type: 'glossed', id, epoch, spans, entries}: for each
//                                        text, its spans as a flat array of STRIDE (7) numbers
//                                        per span (start, end, stem start, stem end, entry
//                                        index, alternatives, flags; offsets in UTF-16 code
//                                        units, as in the reader), highlighted types only;
//   {type: 'lookup', id, text, at}    -> {type: 'lookup', id, epoch, readings, entries};
//   {type: 'style', dark, present}    -> inserts the highlight colours (for a light or a dark
//                                        page) into the sender's frame, unless the light ones
//                                        came with the registered content script (`present`);
//   {type: 'hello', top}              -> the tab's badge says the page is glossed.
// Entries cross once per port and glossary (`epoch`): when the reader's own glossary changes,
// every port is told {type: 'epoch', epoch} and its page glosses again.
//
// Nothing here or in the pages uses the network: the only fetches are of the extension's own
// files.
//
// Sites: the toolbar button glosses the current tab's site now and on every later visit
// (content scripts registered for the enabled origins, with the host permission asked for at
// that click), or stops it there. The reader's own glossary is stored in chrome.storage.local
// (imported in the options page, or read from the reader page by reader-sync.js).

import init, { Hamish, spanStride } from './pkg/hamish.js';
import { toTsv, entryOf, STORED_NAME } from './formats.js';
import { EntryViews, keptSpans } from './spans.js';
import { HIGHLIGHTS } from './styles.js';

const PAGE_SCRIPT = 'hamish-page';
const SYNC_SCRIPT = 'hamish-reader-sync';
/** Where the reader page is served by default (`cargo xtask serve`): any port. */
export const DEFAULT_READERS = ['http://127.0.0.1', 'http://localhost'];

// ── the engine ────────────────────────────────────────────────────────────────────────────────

let engine = null; // Promise<{bundled, hamish, views, epoch, ms}>
let coreStride = 6; // spanStride(), read once the module is up

function loadEngine() {
  engine ??= (async () => {
    const t0 = performance.now();
    const bytesOf = (file) => fetch(chrome.runtime.getURL(file)).then((r) => r.arrayBuffer());
    const [, bytes, notes] = await Promise.all([
      init({ module_or_path: chrome.runtime.getURL('pkg/hamish_bg.wasm') }),
      bytesOf('pkg/glossary.bin'),
      bytesOf('pkg/glossary-notes.bin'),
    ]);
    coreStride = spanStride();
    const bundled = new Hamish(new Uint8Array(bytes));
    // The notes travel apart for the reader page's first download; here both are local files.
    bundled.attachNotes(new Uint8Array(notes));
    const { user = null, epoch = 0 } = await chrome.storage.local.get(['user', 'epoch']);
    let hamish = bundled;
    if (user?.files?.length) {
      try {
        hamish = bundled.withUserGlossary(user.files);
      } catch (error) {
        console.warn('hamish: the stored glossary no longer loads; glossing with the bundled one', error);
      }
    }
    // Probable names are found from the first text on (the reader builds their lexicon when
    // idle; a page here is glossed block by block, so it is built once, up front).
    hamish.prepareNames();
    return { bundled, hamish, views: new EntryViews(hamish), epoch, ms: performance.now() - t0 };
  })();
  engine.catch(() => {
    engine = null;
  });
  return engine;
}

/** The page's spans of `text` (a plain array: port messages are JSON), the entries this port
 * lacks added to `entries`. */
function glossOne(e, port, text, entries) {
  const { spans: flat, names } = e.hamish.glossNames(text);
  const kept = keptSpans(text, flat, names, coreStride, e.views, port.sent);
  entries.push(...kept.entries);
  return Array.from(kept.spans);
}

// ── pages ─────────────────────────────────────────────────────────────────────────────────────

const ports = new Set();

chrome.runtime.onConnect.addListener((raw) => {
  if (raw.name !== 'hamish-page') return;
  const port = { raw, sent: new Set(), epoch: null };
  ports.add(port);
  raw.onDisconnect.addListener(() => ports.delete(port));
  raw.onMessage.addListener((message) => {
    handle(port, message).catch((error) => {
      try {
        raw.postMessage({ type: 'failed', id: message.id, message: String(error?.message ?? error) });
      } catch {
        // the page has gone
      }
    });
  });
});

async function handle(port, message) {
  const post = (answer) => {
    try {
      port.raw.postMessage(answer);
    } catch {
      // the page has gone
    }
  };
  const sender = port.raw.sender;
  switch (message.type) {
    case 'hello':
      if (message.top && sender?.tab) chrome.action.setBadgeText({ tabId: sender.tab.id, text: 'on' }).catch(() => {});
      return;
    case 'style': {
      if (!sender?.tab) return;
      const target = { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] };
      // A light page of a site glossed on every visit has its palette already.
      if (!message.dark && message.present) return;
      const css = styleFor(message);
      await chrome.scripting.insertCSS({ target, css, origin: 'AUTHOR' });
      return;
    }
    case 'unstyle': {
      if (!sender?.tab) return;
      const target = { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] };
      await chrome.scripting.removeCSS({ target, css: styleFor(message), origin: 'AUTHOR' }).catch(() => {});
      if (message.top) chrome.action.setBadgeText({ tabId: sender.tab.id, text: '' }).catch(() => {});
      return;
    }
    default:
  }
  const e = await loadEngine();
  if (port.epoch !== e.epoch) {
    port.epoch = e.epoch;
    port.sent = new Set();
  }
  const entries = [];
  if (message.type === 'gloss') {
    const t0 = performance.now();
    const spans = message.texts.map((text) => glossOne(e, port, text, entries));
    post({ type: 'glossed', id: message.id, epoch: e.epoch, spans, entries, ms: performance.now() - t0 });
  } else if (message.type === 'lookup') {
    const readings = e.hamish.lookup(message.text, message.at);
    for (const r of readings) e.views.include(r.entry, port.sent, entries);
    post({ type: 'lookup', id: message.id, epoch: e.epoch, readings, entries });
  }
}

/** The style sheet a page's frame gets: the highlight colours for its scheme. (No font: a
 * font face added to a page has the browser lay the whole page out again.) */
function styleFor({ dark }) {
  return dark ? HIGHLIGHTS.dark : HIGHLIGHTS.light;
}

// ── the reader's own glossary ─────────────────────────────────────────────────────────────────

/**
 * Glosses with the bundled glossary and `files` ([[name, tsv], ...], validated by the core:
 * it throws with every problem as `name:line: reason`) from now on, stores them and tells the
 * pages. An empty list goes back to the bundled glossary alone.
 */
async function setUserGlossary(files, meta = {}) {
  const e = await loadEngine();
  const next = files.length ? e.bundled.withUserGlossary(files) : e.bundled;
  next.prepareNames();
  const count = next.entryCount - e.bundled.entryCount;
  const epoch = e.epoch + 1;
  await chrome.storage.local.set({ user: files.length ? { files, count, at: Date.now(), ...meta } : null, epoch });
  if (e.hamish !== e.bundled) e.hamish.free();
  e.hamish = next;
  e.epoch = epoch;
  e.views = new EntryViews(next);
  for (const port of ports) {
    try {
      port.raw.postMessage({ type: 'epoch', epoch });
    } catch {
      ports.delete(port);
    }
  }
  return { count };
}

/** The reader page's stored records (IndexedDB 'hamish', store 'glossary') as the files the
 * core reads: the reader's own TSV, entries oldest first. */
function readerFiles(records) {
  const sorted = [...records].sort((a, b) => (a.created ?? 0) - (b.created ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.length ? [[STORED_NAME, toTsv(sorted.map(entryOf))]] : [];
}

/** What reader-sync.js read from a reader page: installed if it differs from what is stored,
 * unless the reader turned syncing off (or `force`, from the options page's button). */
async function syncFromReader(records, origin, force = false) {
  const { autoSync = true, user = null } = await chrome.storage.local.get(['autoSync', 'user']);
  if (!force && !autoSync) return { skipped: 'sync is off' };
  // A file imported in the options page is replaced only when the reader asks for it.
  if (!force && user && user.source !== 'reader') return { skipped: 'a file imported in the options page is in use' };
  const files = readerFiles(records);
  if (!force && JSON.stringify(files) === JSON.stringify(user?.files ?? [])) return { unchanged: true, count: user?.count ?? 0 };
  return setUserGlossary(files, { source: 'reader', name: origin });
}

/** Reads the reader's glossary from an open reader tab (for the options page's button). */
async function importFromReaderTab() {
  const { readers = DEFAULT_READERS } = await chrome.storage.local.get('readers');
  const tabs = await chrome.tabs.query({ url: readers.map((r) => `${r}/*`) });
  for (const tab of tabs) {
    try {
      // reader-sync.js reads the database (it may be there already: it is registered for these
      // addresses), then its reader is asked for the entries, in the same isolated world.
      await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['reader-sync.js'] });
      const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: () => globalThis.hamishReadReader?.() ?? null });
      if (result?.result) return syncFromReader(result.result, new URL(tab.url).origin, true);
    } catch {
      // not a reader page, or no access: try the next tab
    }
  }
  throw new Error(`No reader page is open (looked in tabs at ${readers.join(', ')}). Open the reader page and try again.`);
}

// ── sites ─────────────────────────────────────────────────────────────────────────────────────

function originOf(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Registers the content scripts for the enabled sites we may access and for the reader. */
async function syncRegistration() {
  const { sites = [], readers = DEFAULT_READERS } = await chrome.storage.local.get(['sites', 'readers']);
  const registered = await chrome.scripting.getRegisteredContentScripts();
  const ids = registered.map((s) => s.id).filter((id) => id === PAGE_SCRIPT || id === SYNC_SCRIPT);
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids });
  const allowed = [];
  for (const site of sites) if (await chrome.permissions.contains({ origins: [`${site}/*`] })) allowed.push(`${site}/*`);
  const scripts = [];
  if (allowed.length) {
    // The light palette comes with it, before the page's DOM (see page.js, 'style').
    scripts.push({ id: PAGE_SCRIPT, js: ['content.js'], css: ['highlights-light.css'], matches: allowed, allFrames: true, matchOriginAsFallback: true, runAt: 'document_idle', persistAcrossSessions: true });
  }
  const readerMatches = [];
  for (const r of readers) if (await chrome.permissions.contains({ origins: [`${r}/*`] })) readerMatches.push(`${r}/*`);
  if (readerMatches.length) {
    scripts.push({ id: SYNC_SCRIPT, js: ['reader-sync.js'], matches: readerMatches, runAt: 'document_idle', persistAcrossSessions: true });
  }
  if (scripts.length) await chrome.scripting.registerContentScripts(scripts);
}

/** Glosses the tab now (every frame we may access). */
async function glossTab(tabId) {
  await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, files: ['content.js'] });
}

/** Stops glossing in every open tab of `origin`. */
async function stopSite(origin) {
  const tabs = await chrome.tabs.query({ url: `${origin}/*` });
  for (const tab of tabs) {
    chrome.tabs.sendMessage(tab.id, { type: 'hamish-stop' }).catch(() => {});
    chrome.action.setBadgeText({ tabId: tab.id, text: '' }).catch(() => {});
  }
}

/**
 * The toolbar button: on a site not glossed yet, glosses the tab now and, with the reader's
 * permission for the site (asked here, during the click), on every later visit; on a glossed
 * site, stops. Returns 'on', 'once' (glossed now, permission refused) or 'off'.
 */
async function toggle(tab) {
  const origin = originOf(tab.url);
  if (!origin) return 'unsupported';
  const pattern = `${origin}/*`;
  // Asked before anything is awaited, while the click still counts as the reader's gesture;
  // already granted, it answers at once without asking.
  const asked = chrome.permissions.request({ origins: [pattern] }).catch(() => null);
  const { sites = [] } = await chrome.storage.local.get('sites');
  if (sites.includes(origin)) {
    await removeSite(origin);
    return 'off';
  }
  let granted = await asked;
  if (granted === null) granted = await chrome.permissions.contains({ origins: [pattern] });
  if (granted) {
    await chrome.storage.local.set({ sites: [...sites, origin] });
    await syncRegistration();
  }
  // Glossed now either way: the click itself (activeTab) allows this tab.
  await glossTab(tab.id);
  return granted ? 'on' : 'once';
}

async function removeSite(origin) {
  const { sites = [] } = await chrome.storage.local.get('sites');
  await chrome.storage.local.set({ sites: sites.filter((s) => s !== origin) });
  await syncRegistration();
  await stopSite(origin);
}

chrome.action.onClicked.addListener((tab) => {
  toggle(tab).catch((error) => console.warn('hamish:', error));
});

chrome.commands.onCommand.addListener((command, tab) => {
  const dir = command === 'next-term' ? 1 : command === 'previous-term' ? -1 : 0;
  if (dir && tab?.id !== undefined) step(tab.id, dir);
});

function step(tabId, dir) {
  return chrome.tabs.sendMessage(tabId, { type: 'hamish-step', dir }, { frameId: 0 }).catch(() => {});
}

chrome.runtime.onInstalled.addListener(() => {
  syncRegistration().catch((error) => console.warn('hamish:', error));
});

// The options page and the reader-sync content script.
chrome.runtime.onMessage.addListener((message, sender, reply) => {
  const answer = (promise) => {
    promise.then(
      (result) => reply({ ok: true, ...result }),
      (error) => reply({ ok: false, message: String(error?.message ?? error) }),
    );
    return true; // the reply comes later
  };
  switch (message?.type) {
    case 'reader-glossary': {
      const origin = originOf(sender.url || sender.tab?.url || '');
      return answer(syncFromReader(message.records || [], origin));
    }
    // The rest only from the extension's own pages (the options page).
    case 'user-glossary':
      if (!fromExtension(sender)) return false;
      return answer(setUserGlossary(message.files || [], { source: 'file', name: message.name || '' }));
    case 'import-from-reader':
      if (!fromExtension(sender)) return false;
      return answer(importFromReaderTab());
    case 'remove-site':
      if (!fromExtension(sender)) return false;
      return answer(removeSite(message.origin).then(() => ({})));
    case 'sync-registration':
      if (!fromExtension(sender)) return false;
      return answer(syncRegistration().then(() => ({})));
    default:
      return false;
  }
});

function fromExtension(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

// For the browser tests (tests/browser/extension.test.mjs drive the worker through
// Playwright's `serviceWorker.evaluate`): what the toolbar button and the shortcuts do.
// `restart` does to the pages what the browser stopping an idle worker does: their ports close
// and the engine is loaded again on the next request.
async function restart() {
  for (const port of ports) port.raw.disconnect();
  ports.clear();
  const old = engine;
  engine = null;
  const e = await old?.catch(() => null);
  if (e) {
    if (e.hamish !== e.bundled) e.hamish.free();
    e.bundled.free();
  }
}

self.hamish = { toggle, step, setUserGlossary, syncRegistration, loadEngine, removeSite, restart };
