// Shared helpers for the reader page's browser tests (node:test + playwright-core, real
// headless Chromium against the page served at HAMISH_URL).

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = process.env.HAMISH_URL || 'http://127.0.0.1:8000/';

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Headless Chromium (156) loads the omnibox popup's WebUI in a renderer of its own for every
  // new window, about 600 ms of one core's CPU just as the page under test loads: on a
  // two-core machine that doubled the contention a page with a worker meets, and the start-up
  // bench measured it (DESIGN.md, "Start-up of the page"). A real browser has its window's UI
  // up long before a page is opened.
  '--disable-features=WebUIOmniboxPopup,PreloadTopChromeWebUI',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
}

export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true };

/**
 * A fresh context (own storage) and page on the reader, with page errors, console errors and
 * dialogs collected. `open: false` leaves the page blank (to set up routes first).
 */
export async function openReader(browser, { context: options = DESKTOP, open = true, path = '' } = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  if (open) await page.goto(BASE + path);
  return { context, page, problems, dialogs };
}

/** Waits until the document rendered in `selector` is fully glossed, probable names included
 * (they come once the worker has built their lexicon, and the page glosses its texts again)
 * unless the reader hides them ('off': none are looked for). */
export async function glossed(page, selector = '#article', timeout = 30000) {
  await page.waitForFunction(
    (s) => ['ready', 'off'].includes(document.documentElement.dataset.names) && document.querySelector(s)?.dataset.phase === 'done',
    selector,
    { timeout },
  );
}

/** Switches to paste mode and types `text` into the paste box as a person would (fill = paste). */
export async function paste(page, text) {
  if ((await page.getAttribute('#tab-paste', 'aria-selected')) !== 'true') await page.click('#tab-paste');
  await page.fill('#paste', text);
  await glossed(page, '#pasted');
}

/** Puts the cursor of the paste box `into` characters into the first `word` of its text. */
export async function caretInPaste(page, word, into = 2) {
  await page.focus('#paste');
  await page.evaluate(
    ([w, n]) => {
      const box = document.querySelector('#paste');
      const at = box.value.indexOf(w) + n;
      box.setSelectionRange(at, at);
    },
    [word, into],
  );
}

/**
 * Every highlighted element in `selector`: its text (the written word or words, clitics
 * included), its type, and the part coloured by the type's CSS highlight (the stem).
 */
export function highlighted(page, selector = '#pasted') {
  return page.evaluate((s) => {
    const ranges = [];
    for (const [name, highlight] of CSS.highlights) for (const range of highlight) ranges.push([name, range]);
    return [...document.querySelectorAll(`${s} .t`)].map((el) => {
      const node = el.firstChild;
      const mine = ranges.filter(([, r]) => r.startContainer === node);
      return {
        text: el.textContent,
        type: el.dataset.type,
        stem: mine.map(([, r]) => node.data.slice(r.startOffset, r.endOffset)).join('|'),
        colour: mine.map(([name]) => name).join('|'),
        shown: !el.classList.contains('off'),
      };
    });
  }, selector);
}

/** The centre of the characters [from, to) of the first occurrence of `word` in `selector`'s text. */
export function wordPoint(page, selector, word) {
  return page.evaluate(
    ({ s, w }) => {
      const root = document.querySelector(s);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const re = new RegExp(`(^|[^\\p{L}\\p{M}])(${w})(?![\\p{L}\\p{M}])`, 'u');
        const m = re.exec(t.data);
        if (!m) continue;
        const at = m.index + m[1].length;
        const range = document.createRange();
        range.setStart(t, at);
        range.setEnd(t, at + w.length);
        range.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const r = range.getClientRects()[0];
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return null;
    },
    { s: selector, w: word },
  );
}

/** Asserts a page produced no errors (console errors, uncaught exceptions). */
export function assertClean(problems) {
  assert.deepEqual(problems, [], 'the page reported errors');
}

/** The demo articles' text joined, each ending with a newline (so copies stay separate lines). */
export function articlesText(page) {
  return page.evaluate(async () => {
    const index = await (await fetch('articles/index.json')).json();
    let all = '';
    for (const a of index) all += `${(await (await fetch(`articles/${a.file}`)).text()).replace(/\r\n?/g, '\n').trim()}\n`;
    return all;
  });
}

// ── the reader's own glossary ──────────────────────────────────────────────────────────────

/** The bundled glossary's TSV header (the reader's glossary files use exactly this). */
export const TSV_HEADER = 'id\tar\tvoc\ttype\ten\ttr\taliases\tshort\texpands\trefers\tpos\tshares\tnotes\tchecked';
/** The first format's header, without `short` and `checked`: files in it still import. */
export const LEGACY_TSV_HEADER = 'id\tar\tvoc\ttype\ten\ttr\taliases\texpands\trefers\tpos\tshares\tnotes';

/** Selects the first occurrence of `word` in the glossed text of `selector`, as a reader would
 * by dragging over it, and returns nothing. */
export async function selectWord(page, selector, word) {
  const found = await page.evaluate(
    ({ s, w }) => {
      const root = document.querySelector(s);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const at = t.data.indexOf(w);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(t, at);
        range.setEnd(t, at + w.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return true;
      }
      return false;
    },
    { s: selector, w: word },
  );
  assert.ok(found, `${word} is in ${selector}`);
}

/** Fills the add/edit form (any of its fields, by name). */
export async function fillEntry(page, values) {
  await page.waitForSelector('#entry-dialog[open]');
  for (const [name, value] of Object.entries(values)) {
    if (['voc', 'aliases', 'pos'].includes(name)) await page.evaluate(() => (document.querySelector('#entry-dialog details.more').open = true));
    const field = page.locator(`#f-${name}`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

/** Saves the form and waits until it is closed and every text is glossed again. */
export async function saveEntry(page) {
  await page.click('#entry-save');
  await page.waitForSelector('#entry-dialog', { state: 'hidden' });
}

/** Opens the "My glossary" panel. */
export async function openMine(page) {
  await page.evaluate(() => {
    document.querySelector('#mine-box').open = true;
    // On a phone the panel is in the sheet the bar at the foot of the screen opens.
    const bar = document.querySelector('#side-open');
    if (getComputedStyle(bar).display !== 'none' && bar.getAttribute('aria-expanded') !== 'true') bar.click();
  });
  await page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'visible');
}

/** The stored entries (IndexedDB), oldest first. */
export function storedEntries(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('hamish');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('glossary')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('glossary').objectStore('glossary').getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result.sort((a, b) => a.created - b.created));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** The 12 fields of stored records (without revision and dates), for comparisons. */
export function fieldsOnly(records) {
  return records.map(({ id, ar, voc, type, en, tr, aliases, short, expands, refers, pos, shares, notes, checked }) => ({ id, ar, voc, type, en, tr, aliases, short, expands, refers, pos, shares, notes, checked }));
}

/** What the open tooltip shows. */
export function tipSummary(page) {
  return page.evaluate(() => {
    const tip = document.querySelector('#tip');
    return {
      visible: !tip.hidden,
      state: tip.dataset.state,
      written: tip.querySelector('.tip-written')?.textContent,
      type: tip.querySelector('.tip-type')?.dataset.type,
      en: tip.querySelector('.tip-en')?.textContent,
      mine: tip.querySelector('.tip-mine')?.textContent || null,
      disguised: tip.querySelector('.tip-disguised')?.textContent || null,
      actions: [...tip.querySelectorAll('.tip-action')].map((b) => b.textContent),
    };
  });
}

/** Imports `text` as a file named `name` through the panel's file picker. */
export async function importFile(page, name, text) {
  await openMine(page);
  const types = { tsv: 'text/tab-separated-values', csv: 'text/csv', json: 'application/json' };
  await page.evaluate(() => (document.querySelector('#mine-message').hidden = true));
  await page.setInputFiles('#mine-file', { name, mimeType: types[name.split('.').pop()] || 'text/plain', buffer: Buffer.from(text) });
  await page.waitForSelector('#mine-message:not([hidden])');
  return page.evaluate(() => {
    const m = document.querySelector('#mine-message');
    return { kind: m.dataset.kind, text: m.querySelector('p').textContent, details: [...m.querySelectorAll('li')].map((li) => li.textContent) };
  });
}

/** Clicks `selector` and returns the downloaded file's name and text. */
export async function downloadOf(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const { readFile } = await import('node:fs/promises');
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}
