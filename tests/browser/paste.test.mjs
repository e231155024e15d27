// Paste mode: what exactly is marked (clitics, spelling variants), glossing as the text changes
// without a button, the text surviving a reload, and hostile text staying text.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, highlighted, launch, openReader, paste } from './helpers.mjs';

describe('pasted text', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('marks exactly the glossary terms; only the stem is coloured, the clitics stay plain', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'قالت لـ«قسد» إن وبالتحالف الدولي في سورية');
    const marks = await highlighted(page);
    assert.deepEqual(
      marks.map(({ text, stem }) => [text, stem]),
      [
        ['لـ«قسد', 'قسد'],
        ['وبالتحالف الدولي', 'التحالف الدولي'],
        ['سورية', 'سورية'],
      ],
    );
    // Each is coloured as its type. (التحالف الدولي is an organisation in the test glossary and
    // the short form of the Global Coalition, an abbreviation, in the bundled one.)
    assert.deepEqual(
      marks.map((m) => m.colour),
      marks.map((m) => m.type),
    );
    assert.equal(marks[0].type, 'abbreviation');
    assert.ok(['organisation', 'abbreviation'].includes(marks[1].type));
    assert.equal(marks[2].type, 'place');
    // The rest is plain text, in order, and nothing was lost or added.
    assert.equal(await page.textContent('#pasted'), 'قالت لـ«قسد» إن وبالتحالف الدولي في سورية');
    assertClean(problems);
    await context.close();
  });

  it('recognises spelling variants and marks a multi-word name as one term', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'قوات سورية الديموقراطية\nمظلوم عبدي في الحسكة\nلقسد وللعراق');
    const marks = await highlighted(page);
    assert.deepEqual(
      marks.map(({ text, type, stem }) => [text, type, stem]),
      [
        ['قوات سورية الديموقراطية', 'organisation', 'قوات سورية الديموقراطية'],
        ['مظلوم عبدي', 'person', 'مظلوم عبدي'],
        ['الحسكة', 'place', 'الحسكة'],
        ['لقسد', 'abbreviation', 'قسد'],
        ['وللعراق', 'place', 'عراق'],
      ],
    );
    // Each line of the pasted text is its own paragraph.
    assert.equal(await page.locator('#pasted p').count(), 3);
    assertClean(problems);
    await context.close();
  });

  it('glosses again as the text changes, without a button', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'قالت لـ«قسد»');
    assert.deepEqual((await highlighted(page)).map((m) => m.text), ['لـ«قسد']);
    await page.focus('#paste');
    await page.keyboard.press('End');
    await page.keyboard.type(' في مخيم الهول');
    await page.waitForFunction(() => document.querySelector('#pasted').textContent.endsWith('الهول'));
    await glossed(page, '#pasted');
    assert.deepEqual(
      (await highlighted(page)).map((m) => [m.text, m.type]),
      [
        ['لـ«قسد', 'abbreviation'],
        ['مخيم الهول', 'place'],
      ],
    );
    // Deleting the text empties the glossed view.
    await page.fill('#paste', '');
    await page.waitForFunction(() => document.querySelector('#pasted').dataset.phase === 'empty');
    assert.equal(await page.locator('#pasted .t').count(), 0);
    assertClean(problems);
    await context.close();
  });

  it('keeps the last pasted text across a reload, glossed again', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const text = 'أعلنت قسد أن التحالف الدولي\nوفي دير الزور';
    await paste(page, text);
    await page.waitForSelector('#paste-saved[data-state="saved"]');
    await page.reload();
    await glossed(page, '#pasted');
    assert.equal(await page.getAttribute('#tab-paste', 'aria-selected'), 'true', 'paste mode is still chosen');
    assert.equal(await page.inputValue('#paste'), text);
    assert.deepEqual(
      (await highlighted(page)).map((m) => [m.text, m.type === 'abbreviation' && m.text === 'التحالف الدولي' ? 'organisation' : m.type]),
      [
        ['قسد', 'abbreviation'],
        ['التحالف الدولي', 'organisation'],
        ['دير الزور', 'place'],
      ],
    );
    assertClean(problems);
    await context.close();
  });

  it('renders hostile text as text: no script runs, no element is created', async () => {
    const { context, page, problems, dialogs } = await openReader(browser);
    await glossed(page, '#article');
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> قسد';
    await paste(page, hostile);
    assert.equal(await page.textContent('#pasted'), hostile, 'the markup is shown literally');
    assert.equal(await page.locator('#pasted p').count(), 1);
    const created = await page.evaluate(() => ({
      inPasted: document.querySelectorAll('#pasted *:not(.chunk):not(p):not(.t)').length,
      images: document.images.length,
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    }));
    assert.deepEqual(created, { inPasted: 0, images: 0, scripts: ['vendor/papaparse.min.js', 'engine.js', 'app.js'] });
    assert.deepEqual((await highlighted(page)).map((m) => [m.text, m.type]), [['قسد', 'abbreviation']]);
    // The tooltip is built from text too.
    await page.hover('#pasted .t');
    await page.waitForSelector('#tip[data-state="complete"]');
    assert.equal(await page.locator('#tip img, #tip script').count(), 0);
    assert.deepEqual(dialogs, [], 'no dialog was opened');
    // And the page forbids HTML sinks outright (Trusted Types via the CSP).
    const blocked = await page.evaluate(() => {
      try {
        document.querySelector('#pasted').innerHTML = '<img src=x>';
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    assert.ok(blocked, 'innerHTML with a string is refused');
    assert.equal(await page.evaluate(() => document.images.length), 0);
    assertClean(problems.filter((p) => !p.includes('TrustedHTML')));
    await context.close();
  });
});
