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

/** Waits until the document rendered in `selector` is fully glossed. */
export async function glossed(page, selector = '#article', timeout = 30000) {
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.phase === 'done', selector, { timeout });
}

/** Switches to paste mode and types `text` into the paste box as a person would (fill = paste). */
export async function paste(page, text) {
  if ((await page.getAttribute('#tab-paste', 'aria-selected')) !== 'true') await page.click('#tab-paste');
  await page.fill('#paste', text);
  await glossed(page, '#pasted');
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
