// The legend toggles each type on and off; the "in this text" panel lists every entity and term
// with counts, and clicking one steps through its occurrences.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, highlighted, launch, openReader, paste } from './helpers.mjs';

const SAMPLE = [
  'قالت قسد إن التحالف الدولي يدعم عملياتها في دير الزور.',
  'وأكد مسؤول لقسد أن الوضع في الحسكة هادئ.',
  'وفي الرقة، تنفذ وقسد حملات ضد الخلايا النائمة لداعش.',
].join('\n');

describe('legend and side panel', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('the legend is a set of toggle buttons that hide and show each type', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, SAMPLE);
    const buttons = await page.$$eval('#legend button', (bs) => bs.map((b) => [b.dataset.type, b.getAttribute('aria-pressed'), b.type]));
    assert.deepEqual(buttons, [
      ['organisation', 'true', 'button'],
      ['person', 'true', 'button'],
      ['place', 'true', 'button'],
      ['abbreviation', 'true', 'button'],
      ['term', 'true', 'button'],
      ['event', 'true', 'button'],
      ['probable', 'true', 'button'],
    ]);
    const before = await highlighted(page);
    const places = before.filter((m) => m.type === 'place');
    assert.equal(places.length, 3);

    await page.click('#legend button[data-type="place"]');
    assert.equal(await page.getAttribute('#legend button[data-type="place"]', 'aria-pressed'), 'false');
    const hiddenState = await page.evaluate(() => ({
      registered: CSS.highlights.has('place'),
      others: CSS.highlights.has('abbreviation') && CSS.highlights.has('organisation'),
      placeTerms: [...document.querySelectorAll('#pasted .t[data-type="place"]')].map((e) => [e.classList.contains('off'), e.getAttribute('tabindex'), e.getAttribute('role'), e.getAttribute('aria-label')]),
      background: getComputedStyle(document.querySelector('#pasted .t[data-type="place"]')).cursor,
    }));
    assert.equal(hiddenState.registered, false, 'the place highlight is no longer painted');
    assert.equal(hiddenState.others, true, 'other types stay highlighted');
    assert.deepEqual(hiddenState.placeTerms, Array(3).fill([true, null, null, null]), 'hidden terms are plain text, out of the tab order');
    // Tab skips the hidden places.
    await page.focus('#paste');
    const reached = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement.dataset.type || document.activeElement.id));
    }
    assert.ok(!reached.includes('place'), `Tab reached: ${reached.join(', ')}`);
    await page.keyboard.press('Escape');

    // The choice is remembered.
    await page.waitForSelector('#paste-saved[data-state="saved"]', { state: 'attached' });
    await page.reload();
    await glossed(page, '#pasted');
    assert.equal(await page.getAttribute('#legend button[data-type="place"]', 'aria-pressed'), 'false');
    assert.equal(await page.evaluate(() => CSS.highlights.has('place')), false);

    await page.click('#legend button[data-type="place"]');
    assert.equal(await page.getAttribute('#legend button[data-type="place"]', 'aria-pressed'), 'true');
    assert.deepEqual(await highlighted(page), before, 'everything is highlighted again, as before');
    assertClean(problems);
    await context.close();
  });

  it('lists every entity and term with counts and steps through the occurrences', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, SAMPLE);
    await page.evaluate(() => {
      document.querySelector('#found-box').open = true;
    });
    const groups = await page.$$eval('#found .found-group', (gs) =>
      gs.map((g) => [g.dataset.type, [...g.querySelectorAll('.found-item')].map((b) => [b.querySelector('.found-ar').textContent, b.querySelector('.count').textContent])]),
    );
    const listed = new Map(groups.flatMap(([type, items]) => items.map(([ar, n]) => [ar, [type, n]])));
    assert.deepEqual(
      [...listed.keys()].sort(),
      ['التحالف الدولي', 'الحسكة', 'الخلايا النائمة', 'الرقة', 'داعش', 'دير الزور', 'قسد'].sort(),
    );
    assert.deepEqual(listed.get('قسد'), ['abbreviation', '3']);
    assert.deepEqual(listed.get('داعش'), ['abbreviation', '1']);
    assert.deepEqual(listed.get('الخلايا النائمة'), ['term', '1']);
    assert.equal(listed.get('التحالف الدولي')[1], '1');
    // Places, in order of first appearance; groups in the legend's order.
    assert.deepEqual(
      groups.find(([type]) => type === 'place')[1],
      [
        ['دير الزور', '1'],
        ['الحسكة', '1'],
        ['الرقة', '1'],
      ],
    );
    const order = ['organisation', 'person', 'place', 'abbreviation', 'term', 'event'];
    assert.deepEqual(
      groups.map(([type]) => type),
      order.filter((type) => groups.some(([t]) => t === type)),
    );
    // Within a group, the most frequent first.
    assert.equal(groups.find(([type]) => type === 'abbreviation')[1][0][0], 'قسد');
    // General words (قالت، مسؤول، في …) are not listed.
    assert.doesNotMatch(await page.textContent('#found'), /مسؤول/);

    const qasad = page.locator('#found .found-item', { hasText: 'قسد' });
    const expected = ['قسد', 'لقسد', 'وقسد'];
    for (let i = 0; i < 4; i++) {
      await qasad.click();
      const want = expected[i % 3];
      await page.waitForFunction((w) => document.activeElement?.classList.contains('t') && document.activeElement.textContent === w, want);
      const state = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return { flash: el.classList.contains('flash'), visible: r.top >= 0 && r.bottom <= innerHeight };
      });
      assert.deepEqual(state, { flash: true, visible: true }, `occurrence ${i + 1} is focused, in view and flashed`);
      assert.equal(await qasad.locator('.found-pos').textContent(), `${(i % 3) + 1}/3`);
    }
    assert.match(await page.textContent('#found-where'), /occurrence 1 of 3/);
    assertClean(problems);
    await context.close();
  });

  it('counts what an article contains, by type', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const check = await page.evaluate(() => {
      const counted = {};
      for (const g of document.querySelectorAll('#found .found-group')) counted[g.dataset.type] = Number(g.querySelector('h3 .count').textContent);
      const actual = {};
      for (const t of document.querySelectorAll('#article .t')) actual[t.dataset.type] = (actual[t.dataset.type] || 0) + 1;
      return { counted, actual };
    });
    assert.deepEqual(check.counted, check.actual);
    assert.ok(check.counted.abbreviation >= 5);
    assertClean(problems);
    await context.close();
  });
});
