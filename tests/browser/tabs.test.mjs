// Two tabs of the reader (two pages in one browser context share IndexedDB): a change in one shows
// in the other at once, and an edit based on an old revision is refused, with both versions shown,
// instead of silently overwriting the other tab's change.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, DESKTOP, assertClean, fillEntry, glossed, launch, openMine, paste, saveEntry, storedEntries } from './helpers.mjs';

const TEXT = 'قالت مصادر إن زرقلوط وصل إلى الرقة.';

/** A tab on the reader with TEXT pasted and the panel open. (The tests bring a page to front
 * before driving it, as a reader would switch tabs; a page behind gets throttled frames.) */
async function tab(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(BASE);
  await glossed(page, '#article');
  await paste(page, TEXT);
  await openMine(page);
  return { page, problems };
}

/** The gloss the page gives زرقلوط (from its accessible name), or null when not highlighted. */
const glossOf = (page) => page.evaluate(() => document.querySelector('#pasted .t[data-mine]')?.getAttribute('aria-label') ?? null);

describe('two tabs', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a change in one tab shows in the other; a stale edit is refused and both versions are shown', async () => {
    const context = await browser.newContext(DESKTOP);
    const a = await tab(context);
    const b = await tab(context);

    // Added in A: B highlights it too, without a reload.
    await a.page.bringToFront();
    await a.page.click('#mine-add');
    await fillEntry(a.page, { ar: 'زرقلوط', type: 'person', en: 'gloss from A', tr: 'Zarqalūṭ' });
    await saveEntry(a.page);
    await b.page.waitForFunction(() => /gloss from A/.test(document.querySelector('#pasted .t[data-mine]')?.getAttribute('aria-label') || ''));
    assert.equal(await b.page.locator('#mine-list .mine-item').count(), 1, "B's panel lists it");

    // Edited in A: B follows.
    await a.page.click('#mine-list .mine-edit');
    await fillEntry(a.page, { en: 'gloss from A, second revision' });
    await saveEntry(a.page);
    await b.page.waitForFunction(() => /second revision/.test(document.querySelector('#pasted .t[data-mine]')?.getAttribute('aria-label') || ''));

    // B opens the form (revision 2); A edits again (revision 3); B's save must not overwrite it.
    await b.page.bringToFront();
    await b.page.click('#mine-list .mine-edit');
    await b.page.waitForSelector('#entry-dialog[open]');
    await a.page.bringToFront();
    await a.page.click('#mine-list .mine-edit');
    await fillEntry(a.page, { en: 'gloss from A, third revision' });
    await saveEntry(a.page);
    // B is told while its form is open.
    await b.page.waitForSelector('#entry-note:not([hidden])');
    assert.match(await b.page.textContent('#entry-note'), /changed in another tab/);
    await b.page.bringToFront();
    await fillEntry(b.page, { en: 'gloss from B' });
    await b.page.click('#entry-save');
    await b.page.waitForSelector('#entry-conflict:not([hidden])');
    assert.equal(await b.page.textContent('#entry-conflict-title'), 'Changed in another tab');
    assert.match(await b.page.textContent('#entry-conflict-text'), /your changes were not saved/);
    const rows = await b.page.$$eval('#entry-conflict-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent).concat(tr.className)));
    assert.deepEqual(
      rows.find(([field]) => field === 'English'),
      ['English', 'gloss from A, third revision', 'gloss from B', 'differs'],
      'both versions are shown side by side',
    );
    let [stored] = await storedEntries(b.page);
    assert.equal(stored.en, 'gloss from A, third revision', "A's change was not overwritten");
    assert.equal(stored.rev, 3);
    assert.match(await glossOf(a.page), /third revision/);

    // The reader of B decides to keep theirs: now it is saved, and A follows.
    await b.page.click('#entry-keep-mine');
    await b.page.waitForSelector('#entry-dialog', { state: 'hidden' });
    [stored] = await storedEntries(b.page);
    assert.equal(stored.en, 'gloss from B');
    assert.equal(stored.rev, 4);
    await a.page.waitForFunction(() => /gloss from B/.test(document.querySelector('#pasted .t[data-mine]')?.getAttribute('aria-label') || ''));

    assertClean([...a.problems, ...b.problems]);
    await context.close();
  });

  it('a delete in one tab while the other edits: the edit is refused and can be saved again', async () => {
    const context = await browser.newContext(DESKTOP);
    const a = await tab(context);
    const b = await tab(context);
    await a.page.bringToFront();
    await a.page.click('#mine-add');
    await fillEntry(a.page, { ar: 'زرقلوط', type: 'term', en: 'to be deleted', tr: 'zarqalūṭ' });
    await saveEntry(a.page);
    await b.page.waitForSelector('#mine-list .mine-edit');
    await b.page.bringToFront();
    await b.page.click('#mine-list .mine-edit');
    await b.page.waitForSelector('#entry-dialog[open]');
    await a.page.bringToFront();
    await a.page.click('#mine-list .mine-delete');
    await a.page.click('#mine-list .mine-confirm');
    await b.page.waitForFunction(() => /deleted in another tab/.test(document.querySelector('#entry-note').textContent));
    assert.equal(await glossOf(b.page), null, 'B no longer highlights it');
    await b.page.bringToFront();
    await fillEntry(b.page, { en: 'kept by B' });
    await b.page.click('#entry-save');
    await b.page.waitForSelector('#entry-conflict:not([hidden])');
    assert.equal(await b.page.textContent('#entry-conflict-title'), 'Deleted in another tab');
    assert.deepEqual(await storedEntries(b.page), [], 'nothing was written');
    await b.page.click('#entry-keep-mine');
    await b.page.waitForSelector('#entry-dialog', { state: 'hidden' });
    await a.page.waitForFunction(() => /kept by B/.test(document.querySelector('#pasted .t[data-mine]')?.getAttribute('aria-label') || ''));
    assertClean([...a.problems, ...b.problems]);
    await context.close();
  });
});
