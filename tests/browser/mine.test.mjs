// The reader's own glossary: a term added from a selection is highlighted at once and marked as
// the reader's own; a reader's entry wins over a bundled one with the same form; edit and delete;
// everything survives a reload (IndexedDB).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, fillEntry, glossed, highlighted, launch, openMine, openReader, paste, saveEntry, selectWord, storedEntries, tipSummary } from './helpers.mjs';

const TEXT = 'قالت مصادر إن زرقلوط وصل إلى الرقة مع قسد.';

describe('my glossary', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('adds a term from a selection: highlighted at once, marked as mine, kept across a reload', async (t) => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    assert.ok(!(await highlighted(page)).some((m) => m.text === 'زرقلوط'), 'not in the bundled glossary');

    await selectWord(page, '#pasted', 'زرقلوط');
    await page.waitForSelector('#add-selection', { state: 'visible' });
    await page.click('#add-selection');
    await page.waitForSelector('#entry-dialog[open]');
    assert.equal(await page.inputValue('#f-ar'), 'زرقلوط', 'the form starts with the selected text');
    assert.equal(await page.inputValue('#f-tr'), '', 'no transliteration is guessed without vowels');
    await fillEntry(page, { type: 'person', en: 'Zarqalut, a made-up name', tr: 'Zarqalūṭ', notes: 'Invented for the test.' });
    const saved = Date.now();
    await saveEntry(page);
    await page.waitForSelector('#pasted .t[data-mine]');
    await glossed(page, '#pasted');
    const regloss = Date.now() - saved;
    await page.waitForFunction(() => performance.getEntriesByName('hamish:regloss').length > 0);
    const measure = await page.evaluate(() => performance.getEntriesByName('hamish:regloss').at(-1).detail);
    t.diagnostic(
      `adding an entry to ${await page.evaluate(() => document.querySelector('#mine-count').textContent || 0)} of mine over the bundled glossary: ` +
        `${regloss} ms from Save to the text glossed again (validating and storing, then installing in the worker ${Math.round(measure.installMs)} ms, ` +
        `re-glossing the article ${Math.round(measure.articleMs)} ms and the pasted text ${Math.round(measure.pasteMs)} ms)`,
    );

    const marks = await highlighted(page);
    assert.deepEqual(
      marks.map((m) => [m.text, m.type]),
      [
        ['زرقلوط', 'person'],
        ['الرقة', 'place'],
        ['قسد', 'abbreviation'],
      ],
    );
    const term = page.locator('#pasted .t', { hasText: 'زرقلوط' });
    assert.match(await term.getAttribute('aria-label'), /^زرقلوط: person, Zarqalut, a made-up name \(from your glossary\)$/);
    await term.hover();
    await page.waitForSelector('#tip[data-state="complete"]');
    const tip = await tipSummary(page);
    assert.equal(tip.en, 'Zarqalut, a made-up name');
    assert.equal(tip.type, 'person');
    assert.equal(tip.mine, 'your entry');
    assert.deepEqual(tip.actions, ['Edit my entry']);
    // A bundled term is not marked, and offers to add one's own version instead.
    await page.locator('#pasted .t', { hasText: 'الرقة' }).hover();
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'الرقة');
    assert.equal((await tipSummary(page)).mine, null);
    assert.deepEqual((await tipSummary(page)).actions, ['Add my own version']);

    // Listed in the panel, stored with revision 1 and a user.… id.
    await openMine(page);
    assert.deepEqual(await page.$$eval('#mine-list .mine-item', (items) => items.map((i) => [i.querySelector('.mine-ar').textContent, i.querySelector('.mine-en').textContent])), [['زرقلوط', 'Zarqalut, a made-up name']]);
    const [record] = await storedEntries(page);
    assert.match(record.id, /^user\.[a-z0-9.-]+$/);
    assert.equal(record.rev, 1);
    assert.equal(record.notes, 'Invented for the test.');

    // A reload keeps it: stored in IndexedDB, installed before the text is glossed.
    await page.reload();
    await glossed(page, '#pasted');
    assert.ok((await highlighted(page)).some((m) => m.text === 'زرقلوط' && m.type === 'person'));
    assert.equal(await page.locator('#pasted .t[data-mine]').count(), 1);
    assertClean(problems);
    await context.close();
  });

  it("a reader's entry wins over a bundled one with the same form, with clitics too", async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'قالت قسد إن لقسد دورا');
    await page.locator('#pasted .t', { hasText: /^قسد$/ }).hover();
    await page.waitForSelector('#tip[data-state="complete"]');
    assert.match((await tipSummary(page)).en, /^SDF/);
    await page.click('#tip .tip-action[data-action="add"]');
    await page.waitForSelector('#entry-dialog[open]');
    assert.equal(await page.inputValue('#f-ar'), 'قسد', 'prefilled from the bundled entry');
    assert.equal(await page.inputValue('#f-type'), 'abbreviation');
    assert.match(await page.textContent('#entry-note'), /instead of the bundled one/);
    await fillEntry(page, { type: 'organisation', en: 'my own SDF gloss' });
    await saveEntry(page);
    await page.waitForFunction(() => document.querySelectorAll('#pasted .t[data-mine]').length === 2);
    await glossed(page, '#pasted');
    assert.deepEqual(
      (await highlighted(page)).map((m) => [m.text, m.type, m.stem]),
      [
        ['قسد', 'organisation', 'قسد'],
        ['لقسد', 'organisation', 'قسد'],
      ],
    );
    await page.locator('#pasted .t', { hasText: 'لقسد' }).hover();
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'لقسد');
    const tip = await tipSummary(page);
    assert.equal(tip.en, 'my own SDF gloss');
    assert.equal(tip.mine, 'your entry');
    assertClean(problems);
    await context.close();
  });

  it('edits and deletes an entry; the text follows at once', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    await openMine(page);
    await page.click('#mine-add');
    await fillEntry(page, { ar: 'زرقلوط', type: 'term', en: 'first gloss', tr: 'zarqalūṭ' });
    await saveEntry(page);
    await page.waitForSelector('#pasted .t[data-mine][data-type="term"]');

    // Edit from the panel.
    await page.click('#mine-list .mine-edit');
    await page.waitForSelector('#entry-dialog[open]');
    assert.equal(await page.inputValue('#f-en'), 'first gloss');
    assert.equal(await page.isVisible('#entry-delete'), true);
    await fillEntry(page, { en: 'second gloss', type: 'place' });
    await saveEntry(page);
    await page.waitForSelector('#pasted .t[data-mine][data-type="place"]');
    assert.match(await page.getAttribute('#pasted .t[data-mine]', 'aria-label'), /second gloss/);
    let [record] = await storedEntries(page);
    assert.equal(record.rev, 2);
    assert.equal(record.en, 'second gloss');

    // Edit from the tooltip.
    await page.locator('#pasted .t[data-mine]').click();
    await page.waitForSelector('#tip[data-state="complete"]');
    await page.click('#tip .tip-action[data-action="edit"]');
    await fillEntry(page, { en: 'third gloss' });
    await saveEntry(page);
    await page.waitForFunction(() => /third gloss/.test(document.querySelector('#pasted .t[data-mine]')?.getAttribute('aria-label')));
    [record] = await storedEntries(page);
    assert.equal(record.rev, 3);

    // Delete (asks once more), and the word is plain text again.
    await page.click('#mine-list .mine-delete');
    await page.click('#mine-list .mine-confirm');
    await page.waitForFunction(() => !document.querySelector('#pasted .t[data-mine]') && document.querySelector('#pasted').dataset.phase === 'done');
    assert.ok(!(await highlighted(page)).some((m) => m.text === 'زرقلوط'));
    assert.deepEqual(await storedEntries(page), []);
    assert.match(await page.textContent('#mine-message'), /Deleted زرقلوط/);
    assert.equal(await page.locator('#mine-list .mine-item').count(), 0);
    assertClean(problems);
    await context.close();
  });

  it('the form refuses what the glossary format does not allow, with the reason', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await openMine(page);
    await page.click('#mine-add');
    // Nothing filled in: the required fields are named.
    await page.click('#entry-save');
    await page.waitForSelector('#entry-errors:not([hidden])');
    const empty = await page.textContent('#entry-errors');
    assert.match(empty, /Write the Arabic/);
    assert.match(empty, /English gloss/);
    assert.equal(await page.getAttribute('#f-ar', 'aria-invalid'), 'true');
    // HTML in the gloss, caught before the core is asked.
    await fillEntry(page, { ar: 'زرقلوط', en: '<b>bold</b>', tr: 'zarqalūṭ' });
    await page.click('#entry-save');
    await page.waitForFunction(() => /HTML is not allowed/.test(document.querySelector('#entry-errors').textContent));
    // A vowelled spelling that is not the same word: the core's reason.
    await fillEntry(page, { en: 'a word', voc: 'قَسَد' });
    await page.click('#entry-save');
    await page.waitForFunction(() => /`voc`.*does not match `ar`/.test(document.querySelector('#entry-errors').textContent));
    // An abbreviation needs what it stands for.
    await fillEntry(page, { voc: '', type: 'abbreviation' });
    await page.click('#entry-save');
    await page.waitForFunction(() => /stands for/.test(document.querySelector('#entry-errors').textContent));
    await fillEntry(page, { expands: 'قوات سوريا الديمقراطية' });
    await page.waitForFunction(() => document.querySelector('#f-refers').value === 'org.sdf');
    await saveEntry(page);
    assert.equal((await storedEntries(page))[0].refers, 'org.sdf', 'the full entry was found from the expansion');
    assertClean(problems);
    await context.close();
  });

  it('an entry stored earlier that no longer passes is set aside with the reason; the others still work', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    await openMine(page);
    await page.click('#mine-add');
    await fillEntry(page, { ar: 'زرقلوط', type: 'term', en: 'a good entry', tr: 'zarqalūṭ' });
    await saveEntry(page);
    await page.waitForSelector('#pasted .t[data-mine]');
    // Something the page would never write (as if written by an older version, or by hand).
    await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('hamish');
          open.onsuccess = () => {
            const tx = open.result.transaction('glossary', 'readwrite');
            tx.objectStore('glossary').put({ id: 'user.bad', ar: 'مصادر', voc: '', type: 'term', en: '<img src=x>', tr: 'maṣādir', aliases: [], expands: '', refers: '', pos: '', shares: [], notes: '', rev: 1, created: Date.now(), updated: Date.now() });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await glossed(page, '#pasted');
    await openMine(page);
    assert.match(await page.textContent('#status'), /1 of your own entries could not be used/);
    const items = await page.$$eval('#mine-list .mine-item', (els) => els.map((e) => [e.querySelector('.mine-ar').textContent, e.querySelector('.mine-problem')?.textContent || null]));
    assert.deepEqual(items, [
      ['زرقلوط', null],
      ['مصادر', 'Not used: `en` contains `<`: HTML is not allowed in glossary text'],
    ]);
    assert.deepEqual(
      (await highlighted(page)).filter((m) => m.text === 'زرقلوط' || m.text === 'مصادر').map((m) => m.text),
      ['زرقلوط'],
      'the good entry is used, the bad one is not',
    );
    assert.equal(await page.evaluate(() => document.images.length), 0);
    assertClean(problems);
    await context.close();
  });
});
