// Tooltips: opened by hover, by keyboard focus (Tab) and by tap; what they say (gloss,
// breakdown لـ + قسد with the clitic's meaning, the expansion of an abbreviation and the full
// entry it stands for); Escape closes; they stay on screen on a phone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PHONE, assertClean, glossed, launch, openReader, paste } from './helpers.mjs';

const SAMPLE = 'قالت لـ«قسد» إن وبالتحالف الدولي في سورية';

/** What the open tooltip shows, in plain terms. */
function tipContent(page) {
  return page.evaluate(() => {
    const tip = document.querySelector('#tip');
    const facts = {};
    const dts = tip.querySelectorAll('dt');
    for (const dt of dts) facts[dt.textContent] = dt.nextElementSibling.textContent;
    return {
      visible: !tip.hidden,
      role: tip.getAttribute('role'),
      dir: tip.dir,
      written: tip.querySelector('.tip-written')?.textContent,
      writtenDir: tip.querySelector('.tip-written')?.dir,
      type: tip.querySelector('.tip-type')?.dataset.type,
      en: tip.querySelector('.tip-en')?.textContent,
      parts: [...tip.querySelectorAll('.tip-parts .part')].map((p) => [p.querySelector('.part-ar').textContent, p.querySelector('.part-en').textContent]),
      partsDir: tip.querySelector('.tip-parts')?.dir,
      facts,
      arabicDirs: [...tip.querySelectorAll('[lang="ar"]')].map((e) => e.dir),
      alternatives: [...tip.querySelectorAll('.tip-alts li')].map((li) => li.textContent),
    };
  });
}

function assertQasad(content) {
  assert.equal(content.visible, true);
  assert.equal(content.role, 'tooltip');
  assert.equal(content.dir, 'ltr', 'English inside the tooltip runs left to right');
  assert.equal(content.written, 'لـ«قسد');
  assert.equal(content.writtenDir, 'rtl');
  assert.equal(content.type, 'abbreviation');
  assert.match(content.en, /^SDF/);
  assert.deepEqual(content.parts, [
    ['لـ', 'for, to'],
    ['قسد', content.en],
  ]);
  assert.equal(content.partsDir, 'rtl');
  assert.equal(content.facts.Arabic, 'قَسَد', 'the vowelled form');
  assert.equal(content.facts.Transliteration, 'Qasad');
  assert.equal(content.facts['Stands for'], 'قوات سوريا الديمقراطية');
  assert.match(content.facts['Full entry'], /Syrian Democratic Forces \(SDF\)/);
  assert.match(content.facts['Full entry'], /قُوّات سُورِيا الدِّيمُقْراطِيّة/);
  assert.ok(content.arabicDirs.every((d) => d === 'rtl'), 'every Arabic part is marked dir="rtl"');
}

async function tipInViewport(page) {
  const box = await page.locator('#tip').boundingBox();
  const size = page.viewportSize();
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

describe('tooltips', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('opens on hover with the gloss, the breakdown لـ + قسد and the expansion; Escape closes it', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, SAMPLE);
    const term = page.locator('#pasted .t', { hasText: 'قسد' });
    await term.hover();
    await page.waitForSelector('#tip[data-state="complete"]');
    assertQasad(await tipContent(page));
    assert.equal(await term.getAttribute('aria-describedby'), 'tip');
    assert.ok(await tipInViewport(page));

    await page.keyboard.press('Escape');
    await page.waitForSelector('#tip', { state: 'hidden' });
    assert.equal(await term.getAttribute('aria-describedby'), null);

    // Moving the pointer away also closes a hover tooltip.
    await page.locator('#pasted .t', { hasText: 'التحالف' }).hover();
    await page.waitForFunction(() => document.querySelector('#tip .tip-written')?.textContent === 'وبالتحالف الدولي');
    await page.mouse.move(5, 5);
    await page.waitForSelector('#tip', { state: 'hidden' });
    assertClean(problems);
    await context.close();
  });

  it('opens on keyboard focus: terms are reached with Tab in reading order and named with their gloss', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, SAMPLE);
    const names = await page.$$eval('#pasted .t', (els) => els.map((e) => [e.getAttribute('role'), e.tabIndex, e.getAttribute('aria-label')]));
    assert.deepEqual(
      names.map(([role, tabIndex]) => [role, tabIndex]),
      Array(3).fill(['button', 0]),
    );
    assert.match(names[0][2], /^لـ«قسد: abbreviation, SDF.*, Syrian Democratic Forces \(SDF\)$/);
    assert.match(names[1][2], /^وبالتحالف الدولي: short name, the international coalition/);
    assert.equal(names[2][2], 'سورية: place, Syria');

    await page.focus('#paste');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'لـ«قسد');
    await page.waitForSelector('#tip[data-state="complete"]');
    assertQasad(await tipContent(page));

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'وبالتحالف الدولي');
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'وبالتحالف الدولي');
    const coalition = await tipContent(page);
    assert.match(coalition.en, /^the international coalition/);
    assert.deepEqual(coalition.parts, [
      ['و', 'and'],
      ['بـ', 'in, by, with'],
      ['التحالف الدولي', coalition.en],
    ]);

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'سورية');
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'سورية');
    const syria = await tipContent(page);
    assert.equal(syria.en, 'Syria');
    assert.equal(syria.facts.Arabic.replace(/[\u064B-\u065F\u0670]/g, ''), 'سوريا', 'the canonical spelling of the variant سورية');
    assert.ok(syria.alternatives.length >= 1, 'the other reading of سورية is listed');

    await page.keyboard.press('Escape');
    await page.waitForSelector('#tip', { state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'سورية', 'focus stays on the term');
    // Enter opens it again (the term is a button).
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tip[data-state="complete"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#tip', { state: 'hidden' });
    assertClean(problems);
    await context.close();
  });

  it('opens on tap on a phone and stays on screen; tapping elsewhere closes it', async () => {
    const { context, page, problems } = await openReader(browser, { context: PHONE });
    await glossed(page, '#article');
    await paste(page, `${SAMPLE}\nمظلوم عبدي قائد قوات سوريا الديمقراطية`);
    const term = page.locator('#pasted .t', { hasText: 'قسد' });
    await term.scrollIntoViewIfNeeded();
    await term.tap();
    // A phone shows the one-line card first (reading.test.mjs); "More" opens it in full.
    await page.waitForSelector('#tip[data-state="complete"] .card.compact');
    assert.ok(await tipInViewport(page), 'the one-line card fits in a 390 px viewport');
    await page.tap('#tip .tip-more');
    await page.waitForSelector('#tip .tip-facts');
    assertQasad(await tipContent(page));
    assert.ok(await tipInViewport(page), 'the tooltip fits in a 390 px viewport');

    // A term at the right edge (the start of an RTL line) and one at the left edge.
    for (const word of ['مظلوم عبدي', 'قوات سوريا الديمقراطية']) {
      const t = page.locator('#pasted .t', { hasText: word });
      await t.tap();
      await page.waitForFunction((w) => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === w, word);
      assert.ok(await tipInViewport(page), `the tooltip of ${word} fits on screen`);
    }
    await page.tap('.brand');
    await page.waitForSelector('#tip', { state: 'hidden' });
    assertClean(problems);
    await context.close();
  });
});
