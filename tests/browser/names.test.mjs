// Probable names: names no glossary entry covers get their own quiet highlight, a card that says
// what they probably are (and why) with a romanisation and no gloss, one click to add them to the
// reader's glossary with the form and type filled in, and their own legend entry.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, highlighted, launch, openReader, paste } from './helpers.mjs';

// Names written for this test: none of them is in the glossary.
const TEXT = 'قال العميد جوان حسو، قائد الشرطة في قرية كفر شمسين، إن الطريق فُتح أمس. وأكد مصدر مقرب لحسو أن قسد سلمت المعبر.';
const PROSE = 'قال المسؤولون إن أسعار الخبز ارتفعت في القرى المجاورة، وأكد الأهالي أن ساعات الكهرباء قلّت في الحي القديم.';

describe('probable names', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('are marked apart from glossary terms, the clitic left out of the name', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    const marks = await highlighted(page);
    assert.deepEqual(
      marks.map(({ text, stem, type, colour }) => [text, stem, type, colour]),
      [
        ['جوان حسو', 'جوان حسو', 'probable', 'probable'],
        ['كفر شمسين', 'كفر شمسين', 'probable', 'probable'],
        ['لحسو', 'حسو', 'probable', 'probable'],
        ['قسد', 'قسد', 'abbreviation', 'abbreviation'],
      ],
    );
    // The dotted underline, no tint: quieter than an entry.
    const style = await page.evaluate(() => {
      const rule = [...document.styleSheets].flatMap((s) => [...s.cssRules]).find((r) => r.selectorText === '::highlight(probable)');
      return { decoration: rule?.style.getPropertyValue('text-decoration'), background: rule?.style.getPropertyValue('background-color') };
    });
    assert.match(style.decoration, /dotted/);
    assert.equal(style.background, '');
    // Nothing marks a paragraph of ordinary prose without names.
    await paste(page, PROSE);
    assert.deepEqual(await highlighted(page), []);
    assertClean(problems);
    await context.close();
  });

  it('open a card with the cue and a romanisation, never a gloss, and one click adds the name', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    await page.hover('#pasted .t[data-type="probable"]');
    await page.waitForSelector('#tip:not([hidden]) [data-action="add-name"]');
    const card = await page.textContent('#tip');
    assert.match(card, /Probably a person's name/);
    assert.match(card, /after\s*العميد/);
    assert.match(card, /Romanised\s*J\S+ Ḥass\S+/);
    assert.match(card, /Not in the glossary/);
    assert.doesNotMatch(card, /Other readings|Transliteration/);
    await page.click('#tip [data-action="add-name"]');
    await page.waitForSelector('#entry-dialog[open]');
    assert.equal(await page.inputValue('#f-ar'), 'جوان حسو');
    assert.equal(await page.inputValue('#f-type'), 'person');
    assert.match(await page.inputValue('#f-tr'), /^J\S+ Ḥass\S+$/);
    // The name of a second mention is pre-filled without its clitic.
    await page.click('#entry-cancel');
    await page.waitForSelector('#entry-dialog', { state: 'hidden' });
    const second = page.locator('#pasted .t[data-type="probable"]', { hasText: 'لحسو' });
    await second.hover();
    await page.waitForSelector('#tip:not([hidden]) [data-action="add-name"]');
    assert.match(await page.textContent('#tip'), /as in\s*جوان حسو\s*earlier in the text/);
    await page.click('#tip [data-action="add-name"]');
    await page.waitForSelector('#entry-dialog[open]');
    assert.equal(await page.inputValue('#f-ar'), 'حسو');
    assertClean(problems);
    await context.close();
  });

  it('have a legend entry that hides them, remembered across visits, and not looked for while hidden', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    const button = '#legend button[data-type="probable"]';
    assert.equal(await page.getAttribute(button, 'aria-pressed'), 'true');
    await page.click(button);
    assert.equal(await page.getAttribute(button, 'aria-pressed'), 'false');
    let marks = await highlighted(page);
    assert.deepEqual(
      marks.filter((m) => m.type === 'probable').map((m) => m.shown),
      [false, false, false],
    );
    assert.ok(marks.find((m) => m.type === 'abbreviation').shown);
    await page.reload();
    await glossed(page, '#pasted');
    assert.equal(await page.getAttribute(button, 'aria-pressed'), 'false');
    // Hidden from the start, they are not looked for: the worker does not pay for them.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.names), 'off');
    marks = await highlighted(page);
    assert.deepEqual(marks.map((m) => [m.text, m.type]), [['قسد', 'abbreviation']]);
    // Shown again, the text is glossed again and they come back.
    await page.click(button);
    await glossed(page, '#pasted');
    marks = await highlighted(page);
    assert.deepEqual(
      marks.map((m) => [m.text, m.type, m.shown]),
      [
        ['جوان حسو', 'probable', true],
        ['كفر شمسين', 'probable', true],
        ['لحسو', 'probable', true],
        ['قسد', 'abbreviation', true],
      ],
    );
    assertClean(problems);
    await context.close();
  });
});
