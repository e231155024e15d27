// Layout and reading comfort: RTL on a phone without sideways scrolling, light and dark themes
// (following the system, with a toggle that is remembered), the text size control, the help.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DESKTOP, PHONE, assertClean, glossed, launch, openReader } from './helpers.mjs';

describe('layout, themes and reading comfort', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('is readable on a 390 px phone: one column, no sideways scroll, text flows right to left', async () => {
    const { context, page, problems } = await openReader(browser, { context: PHONE });
    await glossed(page, '#article');
    const layout = await page.evaluate(() => {
      const article = document.querySelector('#article').getBoundingClientRect();
      const side = document.querySelector('.side').getBoundingClientRect();
      const firstLine = document.querySelector('#article p');
      const range = document.createRange();
      range.selectNodeContents(firstLine);
      const rects = [...range.getClientRects()];
      return {
        scrollWidth: document.documentElement.scrollWidth,
        width: innerWidth,
        articleWidth: article.width,
        // The side panel is a sheet over the text, opened from a bar (reading.test.mjs).
        panelAside: getComputedStyle(document.querySelector('.side')).visibility === 'hidden' && side.top >= innerHeight - 1,
        direction: getComputedStyle(firstLine).direction,
        // In RTL the first line starts at the right edge of the paragraph.
        startsRight: Math.abs(rects[0].right - firstLine.getBoundingClientRect().right) < 30,
        fontSize: parseFloat(getComputedStyle(firstLine).fontSize),
      };
    });
    assert.ok(layout.scrollWidth <= layout.width, `no horizontal scroll (${layout.scrollWidth} > ${layout.width})`);
    assert.ok(layout.articleWidth > 330, 'the text uses the width of the screen');
    assert.ok(layout.panelAside, 'the side panel waits out of the way, below the screen');
    assert.equal(layout.direction, 'rtl');
    assert.ok(layout.startsRight);
    assert.ok(layout.fontSize >= 16, 'Arabic text is at least 16 px');
    assertClean(problems);
    await context.close();
  });

  it('follows the system colour scheme, and the toggle overrides it and is remembered', async () => {
    const { context, page, problems } = await openReader(browser, { context: { ...DESKTOP, colorScheme: 'dark' } });
    await glossed(page, '#article');
    const look = () =>
      page.evaluate(() => ({
        theme: document.documentElement.dataset.theme,
        label: document.querySelector('#theme').textContent,
        background: getComputedStyle(document.body.parentElement).backgroundColor,
      }));
    const dark = await look();
    assert.equal(dark.theme, 'dark');
    assert.equal(dark.label, 'Light theme', 'the button says what it does');
    await page.click('#theme');
    const light = await look();
    assert.equal(light.theme, 'light');
    assert.equal(light.label, 'Dark theme');
    assert.notEqual(light.background, dark.background);
    await page.reload();
    await glossed(page, '#article');
    assert.equal((await look()).theme, 'light', 'the choice survives a reload');

    // The type colours differ from each other in both themes.
    for (const theme of ['light', 'dark']) {
      if ((await look()).theme !== theme) await page.click('#theme');
      // (Probable names have no tint, only a dotted line: they are not glossary entries.)
      const colours = await page.$$eval('#legend .legend-item:not([data-type="probable"]) .swatch', (ss) => ss.map((s) => getComputedStyle(s).backgroundColor));
      assert.equal(new Set(colours).size, 6, `${theme}: six distinct legend colours`);
    }
    assertClean(problems);
    await context.close();
  });

  it('changes the text size and remembers it', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const size = () => page.$eval('#article p', (p) => parseFloat(getComputedStyle(p).fontSize));
    const before = await size();
    await page.click('#size-up');
    await page.click('#size-up');
    const bigger = await size();
    assert.ok(bigger > before * 1.2, `${before} → ${bigger}`);
    assert.equal(await page.textContent('#size-value'), '130%');
    await page.reload();
    await glossed(page, '#article');
    assert.equal(await size(), bigger);
    await page.click('#size-down');
    assert.ok((await size()) < bigger);
    assertClean(problems);
    await context.close();
  });

  it('has help with the keyboard shortcuts, opened with ? and closed with Escape', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await page.locator('body').press('?');
    await page.waitForSelector('#help[open]');
    const help = await page.textContent('#help');
    for (const key of ['Tab', 'Esc', 'Enter', 'Alt', 'F7']) assert.ok(help.includes(key), `help mentions ${key}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#help:not([open])', { state: 'attached' });
    assertClean(problems);
    await context.close();
  });
});
