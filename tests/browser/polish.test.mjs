// Reading details a daily reader trips over (issue 14): honest labels for short names, Arabic
// lists that read right to left, cards that are not left stranded or closed behind the reader's
// back, and wording that fits the device and the theme.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, launch, openReader, paste } from './helpers.mjs';

// Written for this test.
const TEXT = 'أعلنت قسد أن التحالف الدولي نفّذ غارة في سورية، وقالت الإدارة الذاتية إن الأمن العام لم يعلّق.';

/** Hovers the highlighted term that contains `text` and waits for its full card. */
async function hoverTerm(page, text) {
  await page.locator('#pasted .t', { hasText: text }).first().hover();
  await page.waitForFunction((t) => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent.includes(t), text);
}

describe('reader polish', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('labels short names apart from abbreviations proper', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    const badge = () => page.textContent('#tip .tip-type');
    for (const [term, label] of [
      ['قسد', /^abbreviation · اختصار$/],
      ['التحالف الدولي', /^short name · اسم مختصر$/],
      ['الإدارة الذاتية', /^short name · اسم مختصر$/],
      ['الأمن العام', /^short name · اسم مختصر$/],
    ]) {
      await hoverTerm(page, term);
      assert.match(await badge(), label, term);
      await page.mouse.move(5, 5);
      await page.waitForSelector('#tip', { state: 'hidden' });
    }
    assertClean(problems);
    await context.close();
  });

  it('lists the other written forms right to left, with Arabic commas, without the one on the page', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    await hoverTerm(page, 'سورية');
    const also = await page.evaluate(() => {
      const dt = [...document.querySelectorAll('#tip dt')].find((d) => d.textContent === 'Also written');
      const list = dt?.nextElementSibling.querySelector('[lang="ar"]');
      return list && { text: list.textContent, dir: list.dir, items: dt.nextElementSibling.querySelectorAll('[lang="ar"]').length };
    });
    assert.ok(also, 'the card lists the other forms');
    assert.equal(also.dir, 'rtl');
    assert.equal(also.items, 1, 'one Arabic run, so the list reads right to left');
    assert.ok(!also.text.split('، ').includes('سورية'), `the form written is not repeated: ${also.text}`);
    assert.ok(also.text.split('، ').includes('الجمهورية العربية السورية'), also.text);
    assertClean(problems);
    await context.close();
  });
});
