// When the WebAssembly or the glossary cannot be loaded, the page says so clearly and still
// shows the text (unglossed).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, launch, openReader } from './helpers.mjs';

async function failingReader(browser, pattern, fulfil) {
  const opened = await openReader(browser, { open: false });
  await opened.page.route(pattern, (route) => route.fulfill(fulfil));
  await opened.page.goto(BASE);
  return opened;
}

async function statusMessage(page) {
  await page.waitForSelector('#status:not([hidden])');
  return page.textContent('#status');
}

describe('loading failures', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a damaged glossary file is reported, and the article is still readable', async () => {
    const { context, page } = await failingReader(browser, '**/pkg/glossary.bin', {
      status: 200,
      contentType: 'application/octet-stream',
      body: Buffer.from('this is not a glossary'),
    });
    const message = await statusMessage(page);
    assert.match(message, /The glossary could not be loaded/);
    assert.match(message, /not a hamish glossary artefact/);
    assert.equal(await page.getAttribute('#status', 'role'), 'alert');
    // The article's text is shown as plain paragraphs.
    await page.waitForFunction(() => document.querySelectorAll('#article p').length > 3);
    assert.equal(await page.locator('#article .t').count(), 0);
    assert.equal(await page.getAttribute('#article', 'aria-busy'), 'false');
    await context.close();
  });

  it('notes that cannot be fetched or do not belong leave cards without notes and the reader working', async () => {
    for (const fulfil of [
      { status: 404, body: 'not found' },
      { status: 200, contentType: 'application/octet-stream', body: Buffer.from('HAMISHNT but not really') },
    ]) {
      const { context, page, problems } = await failingReader(browser, '**/pkg/glossary-notes.bin', fulfil);
      await page.waitForFunction(() => document.querySelector('#article')?.dataset.phase === 'done');
      await page.waitForFunction(() => performance.getEntriesByName('hamish:article-glossed').length > 0);
      const term = page.locator('#article .t[data-type="organisation"]').first();
      await term.click();
      await page.waitForFunction(() => document.querySelector('#tip')?.dataset.state === 'complete');
      // "Add my own version" still opens the form, prefilled, without waiting forever for notes.
      await page.locator('#tip .tip-action', { hasText: 'Add my own version' }).click();
      await page.waitForSelector('#entry-dialog[open]', { timeout: 5000 });
      assert.ok((await page.inputValue('#f-en')).length > 0, 'the form starts from the entry');
      assert.equal(await page.isVisible('#status'), false, 'no error shown for missing notes');
      // The browser's own line for the 404 is the only complaint.
      assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource')), []);
      await context.close();
    }
  });

  it('a missing glossary is reported with its HTTP status', async () => {
    const { context, page } = await failingReader(browser, '**/pkg/glossary.bin', { status: 404, body: 'not found' });
    assert.match(await statusMessage(page), /could not fetch the glossary \(HTTP 404\)/);
    await context.close();
  });

  it('a missing WebAssembly module is reported', async () => {
    const { context, page } = await failingReader(browser, '**/pkg/hamish_bg.wasm', { status: 404, body: 'not found' });
    assert.match(await statusMessage(page), /could not be loaded|could not be started/);
    await context.close();
  });

  it('a missing glue module (the engine cannot start at all) is reported', async () => {
    const { context, page } = await failingReader(browser, '**/pkg/hamish.js', { status: 404, body: 'not found' });
    assert.match(await statusMessage(page), /glossing engine could not be started/);
    await context.close();
  });
});
