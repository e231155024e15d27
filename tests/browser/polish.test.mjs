// Reading details a daily reader trips over (issue 14): honest labels for short names, Arabic
// lists that read right to left, cards that are not left stranded or closed behind the reader's
// back, and wording that fits the device and the theme.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, DESKTOP, PHONE, assertClean, caretInPaste, glossed, launch, openReader, paste, selectWord } from './helpers.mjs';

const LAPTOP = { viewport: { width: 1366, height: 900 } };

/** Where the open card is and what of it a reader can see and reach. */
function cardRoom(page) {
  return page.evaluate(() => {
    const tip = document.querySelector('#tip');
    const body = tip.querySelector('.tip-body');
    const rect = (el) => el && el.getBoundingClientRect();
    const t = rect(tip);
    const owner = rect(document.querySelector('[aria-describedby="tip"]'));
    const seen = (el) => {
      const r = rect(el);
      return Boolean(r) && r.top >= t.top && r.bottom <= t.bottom && r.bottom <= innerHeight && r.top >= 0;
    };
    const natural = body.scrollHeight + (tip.offsetHeight - body.clientHeight);
    const above = owner.top;
    const below = innerHeight - owner.bottom;
    const side = tip.dataset.placement.split('-')[0];
    const chosen = side === 'top' ? above : below;
    const other = side === 'top' ? below : above;
    const result = {
      side,
      fitsScreen: t.top >= 0 && t.bottom <= innerHeight && t.left >= 0 && t.right <= innerWidth,
      sideHasRoom: natural <= chosen || chosen >= other,
      altsSeen: seen(tip.querySelector('.tip-alts-title')),
      actionSeen: seen(tip.querySelector('.tip-actions button')),
      scrolls: body.scrollHeight > body.clientHeight,
      overflow: getComputedStyle(body).overflowY,
    };
    // Scrolled to its end, the card's last words come into sight.
    body.scrollTop = body.scrollHeight;
    const facts = tip.querySelectorAll('.tip-facts dd');
    const last = rect(facts[facts.length - 1]);
    const actions = rect(tip.querySelector('.tip-actions'));
    result.endSeen = last.bottom <= actions.top + 1 && last.top >= t.top;
    body.scrollTop = 0;
    return result;
  });
}

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

  for (const [theme, term] of [
    ['light', 'وسورية'],
    ['dark', 'وقوات سوريا الديمقراطية'],
  ]) {
    it(`opens a long card on the side with room, everything in it reachable (1366×900, ${theme})`, async () => {
      const { context, page, problems } = await openReader(browser, { context: LAPTOP, open: false });
      await page.addInitScript((t) => localStorage.setItem('hamish.theme', JSON.stringify(t)), theme);
      await page.goto(BASE);
      await glossed(page, '#article');
      assert.match(await page.inputValue('#article-select'), /coalition/);
      // Twice: the second time after a short card, whose height the long one must not inherit.
      for (const before of [null, 'قسد']) {
        if (before) {
          await page.locator('#article .t', { hasText: before }).first().hover();
          await page.waitForFunction((t) => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent.includes(t), before);
        }
        await page.locator('#article .t', { hasText: term }).first().hover();
        await page.waitForFunction((t) => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === t, term);
        await page.waitForTimeout(200); // Floating UI places the card on the next frame
        const room = await cardRoom(page);
        assert.deepEqual(room, { ...room, fitsScreen: true, sideHasRoom: true, altsSeen: true, actionSeen: true, endSeen: true }, JSON.stringify(room));
        if (room.scrolls) assert.equal(room.overflow, 'auto');
      }
      assertClean(problems);
      await context.close();
    });
  }

  it('keeps the gloss open after a step through "In this text"', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    const item = page.locator('#found .found-item', { hasText: 'قسد' }).first();
    await item.click();
    await page.waitForFunction(() => document.querySelector('#tip[data-state="complete"] .tip-written')?.textContent === 'قسد');
    await page.waitForTimeout(400);
    assert.equal(await page.isVisible('#tip'), true, 'the gloss is still open');
    assert.equal(await page.textContent('#tip .tip-written'), 'قسد');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'قسد', 'the term has the focus');
    assertClean(problems);
    await context.close();
  });

  it('closes a looked-up word\'s card when a new text replaces the old one', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);
    await caretInPaste(page, 'غارة');
    await page.keyboard.press('Alt+KeyL');
    await page.waitForSelector('#tip[data-lookup]:not([hidden])');
    await paste(page, 'وصل وفد إلى دمشق صباح اليوم.');
    await page.waitForSelector('#tip', { state: 'hidden', timeout: 3000 });
    assertClean(problems);
    await context.close();
  });

  it('says "tap", not "click" or Alt+L, on a phone, and the theme button names the other theme', async () => {
    const phone = await openReader(browser, { context: PHONE });
    await glossed(phone.page, '#article');
    const words = (page) =>
      page.evaluate(() => ({
        legend: document.querySelector('#legend-title .hint').innerText,
        paste: (document.querySelector('#tab-paste').click(), document.querySelector('.paste-label').innerText),
        theme: document.querySelector('#theme').textContent,
      }));
    await phone.page.tap('#side-open'); // the legend is in the sheet
    await phone.page.waitForFunction(() => getComputedStyle(document.querySelector('#side')).visibility === 'visible');
    const onPhone = await words(phone.page);
    assert.match(onPhone.legend, /^tap to show or hide$/);
    assert.doesNotMatch(onPhone.paste, /Alt|cursor/);
    assert.match(onPhone.paste, /Tap a word/);
    assertClean(phone.problems);
    await phone.context.close();

    const desk = await openReader(browser, { context: { ...DESKTOP, colorScheme: 'dark' } });
    await glossed(desk.page, '#article');
    const onDesk = await words(desk.page);
    assert.match(onDesk.legend, /^click to show or hide$/);
    assert.match(onDesk.paste, /Alt\s*\+\s*L looks up the word at the cursor/);
    assert.equal(onDesk.theme, 'Light theme', 'in dark mode the button offers the light theme');
    await desk.page.click('#theme');
    assert.equal(await desk.page.textContent('#theme'), 'Dark theme');
    assertClean(desk.problems);
    await desk.context.close();
  });

  it('shows one add button, not two, when a word is double-clicked', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'وصل الوفد إلى البلدة بعد أن تعثّر الطريق الزراعي.');
    const point = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('#pasted p'), NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.data.includes('تعثّر')) node = walker.nextNode();
      const range = document.createRange();
      const at = node.data.indexOf('تعثّر');
      range.setStart(node, at + 1);
      range.setEnd(node, at + 3);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.dblclick(point.x, point.y);
    await page.waitForSelector('#tip[data-lookup="found"]');
    await page.waitForTimeout(500); // the floating button follows a selection after a pause
    const adds = await page.evaluate(() => ({
      selected: getSelection().toString(),
      floating: !document.querySelector('#add-selection').hidden,
      inCard: document.querySelectorAll('#tip:not([hidden]) .tip-actions button').length,
    }));
    assert.deepEqual(adds, { selected: 'تعثّر', floating: false, inCard: 1 });
    // Without the card, the selection keeps its own button.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#tip', { state: 'hidden' });
    await page.waitForSelector('#add-selection:not([hidden])');
    assertClean(problems);
    await context.close();
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

  it('starts the add form with the term the core found, and a transliteration only when its vowels are known', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'وصلت قافلة إلى المحاصرين في البلدة، وقال زرقلوط إنها تكفي أياما.');
    const formFor = async (word) => {
      await selectWord(page, '#pasted', word);
      await page.waitForSelector('#add-selection', { state: 'visible' });
      await page.click('#add-selection');
      await page.waitForSelector('#entry-dialog[open]');
      const form = {
        ar: await page.inputValue('#f-ar'),
        voc: await page.inputValue('#f-voc'),
        tr: await page.inputValue('#f-tr'),
        placeholder: await page.getAttribute('#f-tr', 'placeholder'),
        note: await page.textContent('#entry-note'),
      };
      await page.click('#entry-cancel');
      await page.waitForSelector('#entry-dialog:not([open])', { state: 'attached' });
      return form;
    };
    // A known word with the article and a plural ending: its stem, voiced as the glossary has it.
    const besieged = await formFor('المحاصرين');
    assert.equal(besieged.ar, 'محاصر');
    assert.equal(besieged.voc, 'مُحاصَر');
    assert.equal(besieged.tr, 'muḥāṣar');
    assert.match(besieged.note, /المحاصرين/, 'the note says what was left out');
    // An unknown word: as selected, and no guess at vowels nobody knows, only the letters as a hint.
    const unknown = await formFor('زرقلوط');
    assert.equal(unknown.ar, 'زرقلوط');
    assert.equal(unknown.tr, '');
    assert.equal(unknown.placeholder, 'letters only: zrqlūṭ');
    // Typing its vowels into the Arabic brings a suggestion.
    await selectWord(page, '#pasted', 'زرقلوط');
    await page.click('#add-selection');
    await page.waitForSelector('#entry-dialog[open]');
    await page.fill('#f-ar', 'زَرْقَلُوط');
    assert.equal(await page.inputValue('#f-tr'), 'zarqalūṭ');
    assertClean(problems);
    await context.close();
  });
});
