// Looking up a word that is not highlighted: by click or tap (caret position from the point), by
// keyboard (select a word and press Enter; Alt+L in the paste box). The tooltip shows what the
// glossary knows of the stem, or says plainly that the word is not in the glossary.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PHONE, assertClean, caretInPaste, glossed, launch, openReader, paste, wordPoint } from './helpers.mjs';

// قالت is general vocabulary (قال + ت); زرقلوط is a made-up word.
const SAMPLE = 'قالت مصادر زرقلوط لقسد';

function tipSummary(page) {
  return page.evaluate(() => {
    const tip = document.querySelector('#tip');
    return {
      visible: !tip.hidden,
      lookup: tip.dataset.lookup,
      written: tip.querySelector('.tip-written')?.textContent,
      en: tip.querySelector('.tip-en')?.textContent,
      type: tip.querySelector('.tip-type')?.textContent,
      none: tip.querySelector('.tip-none')?.textContent,
      parts: [...tip.querySelectorAll('.tip-parts .part')].map((p) => [p.querySelector('.part-ar').textContent, p.querySelector('.part-en').textContent]),
      marked: [...(CSS.highlights.get('lookup') || [])].map((r) => r.startContainer.data.slice(r.startOffset, r.endOffset)),
    };
  });
}

describe('looking up other words', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a click on an ordinary word shows its reading, or says it is not in the glossary', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, SAMPLE);

    const said = await wordPoint(page, '#pasted', 'قالت');
    await page.mouse.click(said.x, said.y);
    await page.waitForSelector('#tip[data-lookup="found"]');
    let tip = await tipSummary(page);
    assert.equal(tip.written, 'قالت');
    assert.equal(tip.en, 'to say');
    assert.match(tip.type, /general word \(verb\)/);
    assert.deepEqual(tip.parts[0], ['قال', 'to say']);
    assert.equal(tip.parts[1][0], 'ـت', 'the suffix is shown with its meaning');
    assert.deepEqual(tip.marked, ['قالت'], 'the looked-up word is marked in the text');

    const unknown = await wordPoint(page, '#pasted', 'زرقلوط');
    await page.mouse.click(unknown.x, unknown.y);
    await page.waitForSelector('#tip[data-lookup="none"]');
    tip = await tipSummary(page);
    assert.equal(tip.written, 'زرقلوط');
    assert.equal(tip.none, 'Not in the glossary.');
    assert.deepEqual(tip.marked, ['زرقلوط']);

    await page.keyboard.press('Escape');
    await page.waitForSelector('#tip', { state: 'hidden' });
    assert.deepEqual((await tipSummary(page)).marked, [], 'closing clears the mark');

    // A click on a highlighted term opens that term's gloss, not a lookup.
    await page.click('#pasted .t');
    await page.waitForSelector('#tip[data-state="complete"]');
    tip = await tipSummary(page);
    assert.equal(tip.written, 'لقسد');
    assert.match(tip.en, /^SDF/);
    assert.equal(tip.lookup, undefined);
    assertClean(problems);
    await context.close();
  });

  it('by keyboard: select a word and press Enter, or Alt+L at the cursor in the paste box', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, SAMPLE);

    // Select مصادر in the glossed text (as a double-click or caret browsing with Shift+arrows would).
    await page.evaluate(() => {
      document.activeElement.blur();
      const node = [...document.querySelector('#pasted p').childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.includes('قالت'));
      const at = node.data.indexOf('قالت');
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 4);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tip[data-lookup="found"]');
    assert.equal((await tipSummary(page)).en, 'to say');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#tip', { state: 'hidden' });

    // In the paste box, Alt+L looks up the word at the cursor.
    await caretInPaste(page, 'زرقلوط');
    await page.keyboard.press('Alt+KeyL');
    await page.waitForSelector('#tip[data-lookup="none"]');
    assert.equal((await tipSummary(page)).written, 'زرقلوط');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'paste', 'the cursor stays in the paste box');
    assertClean(problems);
    await context.close();
  });

  it('a tap on an ordinary word in an article looks it up on a phone', async () => {
    const { context, page, problems } = await openReader(browser, { context: PHONE });
    await glossed(page, '#article');
    const point = await wordPoint(page, '#article', 'خريف');
    await page.touchscreen.tap(point.x, point.y);
    await page.waitForSelector('#tip[data-state="complete"]');
    const tip = await tipSummary(page);
    assert.equal(tip.written, 'خريف');
    assert.ok(tip.lookup === 'found' || tip.lookup === 'none', 'a reading or "not in the glossary"');
    if (tip.lookup === 'none') assert.equal(tip.none, 'Not in the glossary.');
    const box = await page.locator('#tip').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, 'on screen');
    assertClean(problems);
    await context.close();
  });
});
