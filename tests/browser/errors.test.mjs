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
