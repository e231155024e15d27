// Start-up: the page fetches what it needs from its first moment. Every JavaScript module of the
// page is preloaded from the HTML (so the module graph is not fetched one level after another),
// and the engine's files are preloaded once and used, not downloaded twice. The glossary's notes
// come apart, after the engine is up: the first article never waits for them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, BASE, glossed, launch, openReader } from './helpers.mjs';

describe('start-up', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  // Loaded after start-up, once the page is idle (readers.js), or when a file of their kind
  // is opened (the zip library, pdf.js).
  const LATER = ['/readers.js', '/vendor/fflate.mjs', '/vendor/pdf.mjs'];

  it('loads the file readers only once the engine is up and the page idle', async () => {
    const { context, page, problems } = await openReader(browser, { context: { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' } });
    await glossed(page, '#article');
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/readers.js')), null, { timeout: 10000 });
    const [ready, asked] = await page.evaluate(() => [
      performance.getEntriesByName('hamish:ready')[0].startTime,
      performance.getEntriesByType('resource').find((e) => e.name.endsWith('/readers.js')).startTime,
    ]);
    assert.ok(asked > ready, `readers.js asked for at ${asked} ms, after the engine was up at ${ready} ms`);
    const early = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => new URL(l.href).pathname));
    assert.ok(!early.some((p) => p.endsWith('/readers.js')), 'readers.js is not preloaded');
    assertClean(problems);
    await context.close();
  });

  it('preloads every module of the page and the engine files, each fetched once', async () => {
    const { context, page, problems } = await openReader(browser, { context: { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' } });
    await glossed(page, '#article');
    const seen = await page.evaluate(() => {
      const path = (url) => new URL(url, location.href).pathname;
      const preloaded = [...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')].map((l) => path(l.href));
      const scripts = [...document.querySelectorAll('script[src]')].map((s) => path(s.src));
      const fetched = performance.getEntriesByType('resource').map((e) => path(e.name));
      return { preloaded, scripts, fetched };
    });
    const modules = seen.fetched.filter((p) => /\.m?js$/.test(p) && !seen.scripts.includes(p) && !p.endsWith('/worker.js') && !p.includes('/pkg/') && !LATER.some((l) => p.endsWith(l)));
    const missing = [...new Set(modules)].filter((p) => !seen.preloaded.includes(p));
    assert.deepEqual(missing, [], 'modules the page loads that index.html does not preload');
    for (const file of ['/pkg/glossary.bin', '/pkg/hamish_bg.wasm', '/articles/index.json']) {
      assert.ok(seen.preloaded.includes(file), `${file} is preloaded`);
      assert.equal(seen.fetched.filter((p) => p === file).length, 1, `${file} is fetched once: its preload is used`);
    }
    const stale = seen.preloaded.filter((p) => !seen.fetched.includes(p) && !p.endsWith('.woff2'));
    assert.deepEqual(stale, [], 'preloads the page never uses');
    assertClean(problems);
    await context.close();
  });

  it('glosses the first article without the notes, which come after and reach an open card', async () => {
    const { context, page, problems } = await openReader(browser, { context: { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' }, open: false });
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const asked = [];
    await page.route('**/pkg/glossary-notes.bin', async (route) => {
      asked.push(await page.evaluate(() => performance.getEntriesByName('hamish:engine-ready').length));
      await held;
      await route.continue();
    });
    await page.goto(BASE);
    // Glossed (names and all) while the notes are held back.
    await glossed(page, '#article');
    assert.deepEqual(asked, [1], 'the notes are asked for once, after the engine is up');
    const term = page.locator('#article .t[data-type="organisation"]').first();
    const entry = await term.evaluate((el) => el.textContent);
    await term.click();
    await page.waitForFunction(() => document.querySelector('#tip')?.dataset.state === 'complete');
    const noteOf = () => page.evaluate(() => [...document.querySelectorAll('#tip dt')].find((dt) => dt.textContent === 'Note')?.nextElementSibling.textContent ?? null);
    assert.equal(await noteOf(), null, `no note yet on the card of ${entry}`);
    release();
    await page.waitForFunction(() => [...document.querySelectorAll('#tip dt')].some((dt) => dt.textContent === 'Note'), null, { timeout: 10000 });
    const note = await noteOf();
    assert.ok(note.length > 40, `the open card of ${entry} shows its note: ${note}`);
    assertClean(problems);
    await context.close();
  });
});
