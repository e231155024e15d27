// Terms written disguised to dodge filters (د ا ع ش، داعـ ـش، دا.عش): found all the same, and the
// tooltip says plainly that the term was written disguised, and as what.
// Needs the core's `flags` (7th number per span, bit 0 = written disguised) and the readings'
// `disguised`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, highlighted, launch, openReader, paste, tipSummary } from './helpers.mjs';

describe('disguised terms', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('are highlighted, and the tooltip says they were written disguised', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'قال مسؤول إن د ا ع ش تبنى الهجوم، وإن داعـ ـش ودا.عش هاجما، وإن داعش معروف.');
    const marks = await highlighted(page);
    const daesh = marks.filter((m) => m.type === 'abbreviation');
    assert.deepEqual(
      daesh.map((m) => m.stem),
      ['د ا ع ش', 'داعـ ـش', 'دا.عش', 'داعش'],
      'each spelling is found, the whole disguised form coloured',
    );
    const flags = await page.$$eval('#pasted .t[data-type="abbreviation"]', (els) => els.map((e) => [e.textContent, e.hasAttribute('data-disguised')]));
    assert.deepEqual(flags, [
      ['د ا ع ش', true],
      ['داعـ ـش', true],
      ['ودا.عش', true],
      ['داعش', false],
    ]);
    const spaced = page.locator('#pasted .t', { hasText: 'د ا ع ش' });
    assert.match(await spaced.getAttribute('aria-label'), /written disguised for داعش/);
    await spaced.hover();
    await page.waitForSelector('#tip[data-state="complete"]');
    const tip = await tipSummary(page);
    assert.match(tip.en, /ISIS/);
    assert.equal(tip.disguised, 'Written disguised: د ا ع ش → داعش (spaced or broken up, as posts do to dodge filters)');
    // Written plainly: no such line.
    await page.locator('#pasted .t', { hasText: /^داعش$/ }).hover();
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'داعش');
    assert.equal((await tipSummary(page)).disguised, null);
    assertClean(problems);
    await context.close();
  });
});
