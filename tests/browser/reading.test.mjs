// Reading faster (issue 14): keys to step through terms and through an open card, compact
// one-line cards, skim mode (each term's gloss above it), and the side panel as a sheet on a
// phone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, PHONE, assertClean, glossed, launch, openReader, paste } from './helpers.mjs';

// Written for this test: قسد twice, with other terms between them.
const TEXT = 'قالت قسد إن هجوما وقع في ريف دير الزور، وأكدت قسد أن التحالف الدولي شارك في العملية في سورية.';

/** The focused element's text and the open card's first line. */
function where(page) {
  return page.evaluate(() => ({
    focused: document.activeElement?.classList.contains('t') ? document.activeElement.textContent : null,
    inCard: document.querySelector('#tip').contains(document.activeElement),
    card: document.querySelector('#tip:not([hidden]) .tip-written')?.textContent ?? null,
  }));
}

/** Pastes `text` and leaves the paste box, so keys reach the page. */
async function pasteAndLeave(page, text) {
  await paste(page, text);
  await page.evaluate(() => document.activeElement.blur());
}

const complete = (page) => page.waitForSelector('#tip[data-state="complete"]');

describe('reading faster', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('steps through terms with N and P, and through one entry with Shift', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await pasteAndLeave(page, TEXT);
    const terms = await page.$$eval('#pasted .t:not(.off)', (els) => els.map((e) => e.textContent));
    assert.ok(terms.length >= 5, terms.join(' | '));
    assert.equal(terms[0], 'قسد');
    await page.keyboard.press('n');
    assert.deepEqual(await where(page), { focused: 'قسد', inCard: false, card: 'قسد' });
    await page.keyboard.press('n');
    assert.equal((await where(page)).focused, terms[1]);
    await page.keyboard.press('p');
    assert.equal((await where(page)).focused, 'قسد');
    // Shift+N: the next قسد, past the other terms; and round again to the first.
    await page.keyboard.press('Shift+N');
    assert.equal((await where(page)).focused, 'قسد');
    const second = await page.evaluate(() => [...document.querySelectorAll('#pasted .t')].indexOf(document.activeElement));
    assert.ok(second > 1, `the second قسد (at ${second})`);
    await page.keyboard.press('Shift+N');
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('#pasted .t')].indexOf(document.activeElement)), 0);
    assertClean(problems);
    await context.close();
  });

  it('cycles the readings of an open card with R, copies with C, and lets Tab into a pinned card', async () => {
    const { context, page, problems } = await openReader(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
    await glossed(page, '#article');
    await pasteAndLeave(page, TEXT);
    // سورية reads as the country, and also as سوري + ـه: two readings.
    await page.locator('#pasted .t', { hasText: 'سورية' }).focus();
    await complete(page);
    const reading = () => page.evaluate(() => ({ cycle: document.querySelector('#tip .tip-cycle')?.textContent ?? '', en: document.querySelector('#tip .tip-en').textContent }));
    const first = await reading();
    assert.match(first.cycle, /^Reading 1 of [2-9]/);
    await page.keyboard.press('r');
    const second = await reading();
    assert.match(second.cycle, /^Reading 2 of /);
    assert.notEqual(second.en, first.en, 'another reading is shown');
    await page.keyboard.press('Shift+R');
    assert.deepEqual(await reading(), first);

    // C copies the word and its gloss.
    await page.locator('#pasted .t', { hasText: 'قسد' }).first().focus();
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'قسد');
    await page.keyboard.press('c');
    await page.waitForSelector('#tip .tip-copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'قسد (Qasad): SDF (Syrian Democratic Forces)');

    // Enter pins the card; Tab goes into it, Shift+Tab back to the term, Esc from inside the
    // card closes it and leaves the focus on the term.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.deepEqual(await where(page), { focused: null, inCard: true, card: 'قسد' });
    await page.keyboard.press('Shift+Tab');
    assert.deepEqual(await where(page), { focused: 'قسد', inCard: false, card: 'قسد' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    assert.deepEqual(await where(page), { focused: 'قسد', inCard: false, card: null });
    // Not pinned (focus alone), Tab goes on to the next term as before.
    await page.keyboard.press('Tab');
    assert.equal((await where(page)).inCard, false);
    assertClean(problems);
    await context.close();
  });

  it('shows compact one-line cards when chosen, expands them on E or a click, and remembers the choice', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await page.click('#compact');
    assert.equal(await page.getAttribute('#compact', 'aria-pressed'), 'true');
    await pasteAndLeave(page, TEXT);
    const term = page.locator('#pasted .t', { hasText: 'قسد' }).first();
    await term.focus();
    await page.waitForSelector('#tip .card.compact');
    const line = await page.evaluate(() => {
      const l = document.querySelector('#tip .tip-line');
      return { height: l.getBoundingClientRect().height, text: l.innerText.replace(/\s+/g, ' ') };
    });
    assert.match(line.text, /^قسد SDF abbreviation$/i);
    assert.ok(line.height < 48, `one line (${line.height}px)`);
    await page.keyboard.press('e');
    await page.waitForSelector('#tip .tip-facts');
    assert.equal(await page.isVisible('#tip .card.compact'), false);

    // Remembered across a reload; a click on "More" expands, and the card stays open.
    await page.reload();
    await glossed(page, '#pasted');
    assert.equal(await page.getAttribute('#compact', 'aria-pressed'), 'true');
    await page.locator('#pasted .t', { hasText: 'قسد' }).first().click();
    await page.waitForSelector('#tip .card.compact');
    await page.click('#tip .tip-more');
    await page.waitForSelector('#tip .tip-facts');
    assert.equal(await page.isVisible('#tip'), true);
    assertClean(problems);
    await context.close();
  });

  it('skims: each term shows its short gloss above it, letters joined and lines clear at every text size', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    /** The drawn width of each shown term's own text (its letters' shaping) and its box. */
    const measure = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('#article .t:not(.off)')].slice(0, 60).map((el) => {
          const range = document.createRange();
          range.selectNodeContents(el.firstChild);
          const text = range.getBoundingClientRect();
          const box = el.getBoundingClientRect();
          const lines = range.getClientRects().length;
          return { word: el.textContent, gloss: getComputedStyle(el, '::before').content, lines, textWidth: text.width, textTop: text.top, box: { top: box.top, bottom: box.bottom, left: box.left, right: box.right } };
        }),
      );
    const plain = await measure();
    assert.equal(plain[0].gloss, 'none', 'no glosses above the terms before skim mode');
    await page.keyboard.press('s');
    assert.equal(await page.getAttribute('#skim', 'aria-pressed'), 'true');
    for (const size of ['down', 'up']) {
      // The smallest and the largest text size.
      while (!(await page.isDisabled(`#size-${size}`))) await page.click(`#size-${size}`);
      const skim = await measure();
      const wide = await page.evaluate(() => {
        const r = document.querySelector('#article');
        return r.scrollWidth - r.clientWidth;
      });
      assert.ok(wide <= 1, `nothing runs out of the text box (${wide}px)`);
      for (const t of skim) {
        assert.match(t.gloss, /^".+"$/, `${t.word} shows a gloss`);
        assert.ok(t.box.top < t.textTop - 4, `${t.word}: the gloss is above the word`);
      }
      // Boxes (gloss and word) never overlap one another.
      for (let i = 0; i < skim.length; i++) {
        for (let j = i + 1; j < skim.length; j++) {
          const [a, b] = [skim[i].box, skim[j].box];
          const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
          assert.ok(!overlap, `${skim[i].word} and ${skim[j].word} overlap at the ${size === 'up' ? 'largest' : 'smallest'} size`);
        }
      }
    }
    // At the default size, each word is drawn exactly as wide as without skim mode: the same
    // shaping, its letters joined.
    while (!(await page.isDisabled('#size-down'))) await page.click('#size-down');
    await page.click('#size-up');
    const same = await measure();
    // (A term that wraps over two lines without skim mode is left out: its box is not one run.)
    const compared = same.filter((t, i) => t.lines === 1 && plain[i].lines === 1);
    assert.ok(compared.length >= 30, `${compared.length} terms compared`);
    for (const t of compared) {
      const before = plain[same.indexOf(t)];
      assert.ok(Math.abs(t.textWidth - before.textWidth) < 0.5, `${t.word}: ${t.textWidth} against ${before.textWidth}`);
    }
    // Remembered; S turns it off.
    await page.reload();
    await glossed(page, '#article');
    assert.equal(await page.getAttribute('#skim', 'aria-pressed'), 'true');
    await page.keyboard.press('s');
    assert.equal((await measure())[0].gloss, 'none');
    assertClean(problems);
    await context.close();
  });

  it('on a phone: the legend and "In this text" open as a sheet from the foot of the screen, and a tap shows a compact card', async () => {
    const { context, page, problems } = await openReader(browser, { context: PHONE });
    await glossed(page, '#article');
    const onScreen = (selector) =>
      page.evaluate((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && getComputedStyle(document.querySelector(s)).visibility === 'visible';
      }, selector);
    assert.equal(await onScreen('#side-open'), true, 'the bar is on screen without scrolling');
    assert.equal(await onScreen('#legend'), false, 'the panel is out of the way');
    await page.tap('#side-open');
    await page.waitForFunction(() => document.querySelector('#side').getBoundingClientRect().bottom <= innerHeight + 1);
    assert.equal(await onScreen('#legend'), true);
    assert.equal(await page.getAttribute('#side-open', 'aria-expanded'), 'true');
    // A tap on an item of "In this text" closes the sheet and shows the term with its card.
    await page.locator('#found .found-item').first().tap();
    await page.waitForSelector('#tip:not([hidden])');
    assert.equal(await page.getAttribute('#side-open', 'aria-expanded'), 'false');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'hidden');
    // A tap on a term: the one-line card (the phone's default).
    await page.tap('#side-open');
    await page.tap('#side-close');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'hidden');
    await page.locator('#article .t', { hasText: 'قسد' }).first().tap();
    await page.waitForSelector('#tip .card.compact');
    assert.equal(await page.getAttribute('#compact', 'aria-pressed'), 'true');
    assertClean(problems);
    await context.close();
  });
});
