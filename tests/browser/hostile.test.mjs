// Hostile text pasted into the page: empty, only marks, only tatweel, bidi controls, lone
// surrogates, NUL and other controls, emoji and ZWJ sequences, other scripts, HTML and script
// tags, terms back to back, a 1 MB "word" and 10 MB. None may crash or freeze the page, and every
// highlight must be exactly the text between the offsets the core gives for it (checked against
// the core itself, loaded in the page).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, launch, openReader, paste } from './helpers.mjs';

/** Pastes as Ctrl+V does (the text set at once, then an input event of type insertFromPaste). */
async function pasteLikeCtrlV(page, text) {
  if ((await page.getAttribute('#tab-paste', 'aria-selected')) !== 'true') await page.click('#tab-paste');
  await page.evaluate((t) => {
    const box = document.querySelector('#paste');
    box.value = t;
    box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

/** Waits until the pasted text is glossed and rendered (or known to be empty). */
async function settled(page, timeout = 60_000) {
  await page.waitForFunction(() => ['done', 'empty'].includes(document.querySelector('#pasted').dataset.phase), null, { timeout });
}

/**
 * Checks the rendered text against the core (a second instance, in the page's main thread):
 * line by line, the blocks hold exactly the line's text, and the highlighted elements are exactly
 * the core's spans of highlighted types, each element's text being the text between its offsets.
 */
function verify(page) {
  return page.evaluate(async () => {
    if (!window.hamishCheck) {
      const m = await import(new URL('pkg/hamish.js', location.href).href);
      await m.default();
      const bytes = new Uint8Array(await (await fetch('pkg/glossary.bin')).arrayBuffer());
      window.hamishCheck = { core: new m.Hamish(bytes), stride: m.spanStride(), types: new Map() };
    }
    const { core, stride, types } = window.hamishCheck;
    const typeOf = (i) => {
      if (!types.has(i)) types.set(i, core.entry(i).type);
      return types.get(i);
    };
    const HIGHLIGHTED = new Set(['organisation', 'person', 'place', 'abbreviation', 'term', 'event']);
    const text = document.querySelector('#paste').value;
    const blocks = [...document.querySelectorAll('#pasted .block')];
    const problems = [];
    let b = 0;
    let terms = 0;
    if (!text.trim()) return { problems: blocks.length ? ['blocks rendered for an empty text'] : [], terms: 0, lines: 0, chars: 0 };
    const lines = text.split('\n');
    for (let n = 0; n < lines.length && problems.length < 5; n++) {
      const line = lines[n];
      if (!line) continue;
      const flat = core.gloss(line);
      const expected = [];
      for (let i = 0; i < flat.length; i += stride) if (HIGHLIGHTED.has(typeOf(flat[i + 4]))) expected.push(`${flat[i]}-${flat[i + 1]}`);
      const actual = [];
      let pos = 0;
      let shown = '';
      while (pos < line.length && b < blocks.length) {
        for (const node of blocks[b++].childNodes) {
          const len = node.textContent.length;
          if (node.nodeType === Node.ELEMENT_NODE) {
            if (!node.classList.contains('t')) problems.push(`line ${n + 1}: unexpected element <${node.tagName}>`);
            actual.push(`${pos}-${pos + len}`);
            if (node.textContent !== line.slice(pos, pos + len)) problems.push(`line ${n + 1}: element ${pos}-${pos + len} reads ${JSON.stringify(node.textContent)}`);
          }
          shown += node.textContent;
          pos += len;
        }
      }
      if (shown !== line) problems.push(`line ${n + 1}: shown text differs from the pasted text (${shown.length} vs ${line.length} code units)`);
      if (actual.join() !== expected.join()) problems.push(`line ${n + 1}: highlights ${actual.slice(0, 6).join(',')}… but the core says ${expected.slice(0, 6).join(',')}…`);
      terms += expected.length;
    }
    if (b !== blocks.length && !problems.length) problems.push(`${blocks.length - b} blocks more than the text has`);
    return { problems, terms, lines: lines.length, chars: text.length };
  });
}

/** Starts a heartbeat (a timer every 10 ms); `stop()` gives the longest gap between beats. */
async function heartbeat(page) {
  await page.evaluate(() => {
    const beat = { longest: 0, last: performance.now(), running: true };
    window.hamishBeat = beat;
    const tick = () => {
      const now = performance.now();
      beat.longest = Math.max(beat.longest, now - beat.last);
      beat.last = now;
      if (beat.running) setTimeout(tick, 10);
    };
    setTimeout(tick, 10);
  });
  return {
    stop: () =>
      page.evaluate(() => {
        window.hamishBeat.running = false;
        return Math.round(window.hamishBeat.longest);
      }),
  };
}

const SMALL = {
  'empty (0 bytes)': '',
  'only whitespace': '   \n\n\t  \n',
  'only diacritics': '\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652'.repeat(3000),
  'only tatweel': '\u0640'.repeat(20000),
  'bidi controls': '\u202eقسد\u202c و\u2067داعش\u2069 في \u200fالرقة\u200e \u202bلقسد\u202a\u202d \u2066SDF\u2069 \u061cداعش',
  'lone surrogates': 'قسد \ud800 داعش\udc00 \udbff\udfff قسد\ud83d\nx\udfff قسد',
  'NUL and controls': 'قسد\u0000داعش \u0001\u0002\u0007\u0008\u001b[31m\u007f قسد\r\nداعش\u000bالرقة\u000c\u0085\u2028قسد\u2029داعش',
  'emoji and ZWJ': '👨\u200d👩\u200d👧\u200d👦 قسد 🏳️\u200d🌈داعش👍🏽 قسد\u200d \u200cداعش 🇸🇾 في\u200dالرقة',
  'Latin, Cyrillic, CJK': 'SDF قسد Сирия 叙利亚 داعش ISIS Ἀθῆναι 한국어 𝔥𝔢𝔩𝔩𝔬 قسد ｓｄｆ',
  'HTML and script tags': '<script>alert(1)</script> قسد <img src=x onerror=alert(2)> <b>داعش</b> &lt;&amp; <!-- قسد --> <style>*{display:none}</style>',
  'terms back to back': 'قسدداعش قسد،داعش «قسد»«داعش» (قسد)(داعش) قسد.داعش.الرقة',
};

describe('hostile text in the page', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('empty, marks only, tatweel only, bidi, lone surrogates, NUL, emoji, other scripts, HTML: shown as text, offsets exact', { timeout: 120_000 }, async () => {
    const { context, page, problems, dialogs } = await openReader(browser);
    await glossed(page, '#article');
    const all = Object.values(SMALL).join('\n');
    for (const [name, text] of [...Object.entries(SMALL), ['all of them, 40 times over', `${all}\n`.repeat(40)]]) {
      await pasteLikeCtrlV(page, text);
      await settled(page);
      const result = await verify(page);
      assert.deepEqual(result.problems, [], name);
      // The box holds what was pasted (a textarea folds CR LF and CR to LF; nothing else changes).
      assert.equal(await page.inputValue('#paste'), text.replace(/\r\n?/g, '\n'), `${name}: the paste box keeps the text`);
      if (name === 'empty (0 bytes)' || name === 'only whitespace') assert.equal(await page.getAttribute('#pasted', 'data-phase'), 'empty');
      // A long run of marks only is one enormous cluster that a browser edits very slowly: the box is folded away.
      if (name === 'only diacritics') assert.equal(await page.isHidden('#paste'), true, 'the paste box is folded away');
      // Still responsive: a button works at once.
      const t0 = Date.now();
      await page.click('#size-up');
      await page.click('#size-down');
      assert.ok(Date.now() - t0 < 2000, `${name}: the page answers clicks`);
    }
    assert.equal(await page.evaluate(() => document.images.length), 0, 'no image was created from pasted HTML');
    assert.deepEqual(dialogs, [], 'no script ran');
    assertClean(problems);
    await context.close();
  });

  it('wall-to-wall terms (100,000 highlights) and a 1 MB word without spaces', { timeout: 120_000 }, async (t) => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    for (const [name, text] of [
      ['قسد داعش ×50,000', 'قسد داعش '.repeat(50000)],
      ['a 1 MB word', 'قسدداعشالرقة'.repeat(85000)],
      ['a 1 MB word of one letter, then a term', `${'ب'.repeat(1_000_000)} قسد`],
    ]) {
      await pasteLikeCtrlV(page, text);
      const beat = await heartbeat(page);
      const t0 = Date.now();
      await settled(page, 90_000);
      const ms = Date.now() - t0;
      const gap = await beat.stop();
      const result = await verify(page);
      assert.deepEqual(result.problems, [], name);
      const shown = await page.locator('#pasted .t').count();
      assert.equal(shown, result.terms, `${name}: every term is highlighted`);
      const blocks = await page.locator('#pasted .block').count();
      t.diagnostic(`${name}: ${text.length} code units, ${shown} highlights in ${blocks} blocks, glossed and rendered in ${ms} ms; longest the page went without running a timer: ${gap} ms`);
      assert.ok(gap < 1500, `${name}: the page kept running (longest gap ${gap} ms)`);
    }
    assertClean(problems);
    await context.close();
  });

  it('10 MB: glossed and rendered in slices, responsive meanwhile, every highlight at its offsets', { timeout: 240_000 }, async (t) => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'قسد');
    const line = 'قالت قوات سوريا الديمقراطية إن التحالف الدولي يدعم عملياتها في دير الزور ضد داعش. وهذا كلام عادي طويل فيه كلمات كثيرة.\n';
    const text = line.repeat(Math.ceil(10_000_000 / line.length));
    const button = await page.locator('#size-up').boundingBox();
    await page.evaluate(() => {
      window.hamishClicks = [];
      document.querySelector('#size-up').addEventListener('click', () => window.hamishClicks.push(document.querySelector('#pasted').dataset.phase));
    });
    await pasteLikeCtrlV(page, text);
    const t0 = Date.now();
    const beat = await heartbeat(page);
    await page.waitForFunction(() => document.querySelector('#pasted').dataset.phase === 'rendering', null, { timeout: 60_000 });
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    await settled(page, 200_000);
    const ms = Date.now() - t0;
    const gap = await beat.stop();
    const clicks = await page.evaluate(() => window.hamishClicks);
    assert.equal(clicks.length, 1, 'the click was handled');
    assert.notEqual(clicks[0], 'done', 'while the text was still being rendered');
    const result = await verify(page);
    assert.deepEqual(result.problems, []);
    assert.ok(result.chars >= 10_000_000);
    assert.equal(await page.locator('#pasted .t').count(), result.terms);
    const chunks = await page.locator('#pasted .chunk').count();
    t.diagnostic(
      `10 MB: ${result.chars} code units, ${result.lines} lines, ${result.terms} highlights in ${chunks} chunks, ` +
        `glossed and rendered in ${ms} ms; longest the page went without running a timer: ${gap} ms`,
    );
    assert.ok(gap < 2000, `the page kept running (longest gap ${gap} ms)`);
    assertClean(problems);
    await context.close();
  });
});
