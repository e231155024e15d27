// Reading a demo article: it opens glossed, highlights the expected terms, and the choice of
// article survives a reload.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, glossed, highlighted, launch, openReader } from './helpers.mjs';

describe('demo articles', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('opens the first article already glossed, with its terms highlighted by type', async (t) => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const index = await page.evaluate(async () => (await fetch('articles/index.json')).json());
    assert.equal(await page.inputValue('#article-select'), index[0].file);
    assert.equal(await page.textContent('#article-en'), index[0].title_en);
    // The article's first line is its heading.
    assert.equal((await page.textContent('#article h2.title')).trim(), index[0].title);

    const marks = await highlighted(page, '#article');
    const has = (text, type, stem = text) => marks.some((m) => m.text === text && m.type === type && m.stem === stem && m.colour === type);
    assert.ok(has('قسد', 'abbreviation'), 'قسد is highlighted as an abbreviation');
    assert.ok(has('دير الزور', 'place'), 'دير الزور is highlighted as a place');
    assert.ok(has('لقسد', 'abbreviation', 'قسد'), 'in لقسد only قسد is coloured');
    assert.ok(has('العراق', 'place'));
    // General vocabulary is never highlighted.
    assert.ok(marks.every((m) => m.type !== 'word'));

    const [ready, first] = await page.evaluate(() => ['hamish:ready', 'hamish:article-glossed'].map((n) => performance.getEntriesByName(n)[0]?.startTime));
    assert.ok(first > 0, 'the page marks when the first article is glossed');
    t.diagnostic(
      `time to first glossed article: ${Math.round(first)} ms after navigation start ` +
        `(engine and glossary ready at ${Math.round(ready)} ms; ${marks.length} highlights)`,
    );
    assertClean(problems);
    await context.close();
  });

  it('opens another article from the list and remembers it across a reload', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await page.selectOption('#article-select', 'al-hol.txt');
    await page.waitForFunction(() => document.querySelector('#article h2.title')?.textContent.startsWith('مخيم الهول'));
    await glossed(page, '#article');
    let marks = await highlighted(page, '#article');
    assert.ok(marks.some((m) => m.text === 'مخيم الهول' && m.type === 'place' && m.stem === 'مخيم الهول'), 'مخيم الهول is a place');
    assert.ok(marks.some((m) => m.text === 'قسد' && m.type === 'abbreviation'));
    assert.match(await page.textContent('#article-en'), /Al-Hol camp/);

    await page.reload();
    await glossed(page, '#article');
    assert.equal(await page.inputValue('#article-select'), 'al-hol.txt');
    marks = await highlighted(page, '#article');
    assert.ok(marks.some((m) => m.text === 'مخيم الهول' && m.type === 'place'));
    assertClean(problems);
    await context.close();
  });

  it('never wraps part of a word: each highlight is the whole written word, letters stay joined', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const index = await page.evaluate(async () => (await fetch('articles/index.json')).json());
    let checked = 0;
    for (const { file, title } of index) {
      await page.selectOption('#article-select', file);
      await page.waitForFunction((x) => document.querySelector('#article h2.title')?.textContent === x, title);
      await glossed(page, '#article');
      const broken = await page.evaluate(() => {
        const letter = /[\p{L}\p{M}\u0640]/u;
        const bad = [];
        for (const el of document.querySelectorAll('#article .t')) {
          // One text node inside, nothing nested.
          if (el.childNodes.length !== 1 || el.firstChild.nodeType !== Node.TEXT_NODE) bad.push(`nested: ${el.textContent}`);
          const before = el.previousSibling?.nodeType === Node.TEXT_NODE ? el.previousSibling.data.slice(-1) : '';
          const afterChar = el.nextSibling?.nodeType === Node.TEXT_NODE ? el.nextSibling.data[0] : '';
          if (letter.test(before) || letter.test(afterChar || '')) bad.push(`cut word: ${before}[${el.textContent}]${afterChar}`);
        }
        return { bad, n: document.querySelectorAll('#article .t').length };
      });
      assert.deepEqual(broken.bad, [], `${file}: highlights must cover whole words`);
      checked += broken.n;
    }
    assert.ok(checked > 50, `checked ${checked} highlights across ${index.length} articles`);
    assertClean(problems);
    await context.close();
  });

  it('is an RTL page whose Arabic containers say lang="ar" dir="rtl", under a strict CSP', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const facts = await page.evaluate(() => ({
      html: [document.documentElement.lang, document.documentElement.dir],
      article: [document.querySelector('#article').lang, document.querySelector('#article').dir],
      paste: [document.querySelector('#paste').lang, document.querySelector('#paste').dir],
      pasted: [document.querySelector('#pasted').lang, document.querySelector('#pasted').dir],
      tip: [document.querySelector('#tip').lang, document.querySelector('#tip').dir, document.querySelector('#tip').getAttribute('role')],
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '',
      inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    }));
    const source = await page.evaluate(async () => (await fetch('index.html')).text());
    assert.deepEqual(facts.html, ['ar', 'rtl']);
    assert.deepEqual(facts.article, ['ar', 'rtl']);
    assert.deepEqual(facts.paste, ['ar', 'rtl']);
    assert.deepEqual(facts.pasted, ['ar', 'rtl']);
    assert.deepEqual(facts.tip, ['en', 'ltr', 'tooltip']);
    for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'"]) {
      assert.ok(facts.csp.includes(directive), `CSP has ${directive}`);
    }
    assert.equal(facts.inlineScripts, 0);
    assert.doesNotMatch(source, /\sstyle=/, 'no inline style attributes in the HTML');
    assert.doesNotMatch(source, /<script(?![^>]*\bsrc=)/, 'no inline script in the HTML');
    assert.doesNotMatch(source, /\son[a-z]+=/, 'no inline event handlers in the HTML');
    await page.evaluate(() => document.fonts.ready);
    assert.ok(await page.evaluate(() => document.fonts.check('20px "Noto Naskh Arabic"', 'قسد')), 'the vendored Arabic font is loaded');
    assertClean(problems);
    await context.close();
  });
});
