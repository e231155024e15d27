// Opening files in the reader (text, HTML, DOCX, EPUB, PDF: the fixtures in tests/fixtures/files,
// made by make.mjs there), dropping them, rich paste, and the library of opened and pasted texts.
// Each file type: the exact lines the reader gets (headings and paragraphs kept, boilerplate
// gone), the terms highlighted in them, and that nothing in a file ever runs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { BASE, assertClean, downloadOf, glossed, highlighted, launch, openReader, paste } from './helpers.mjs';

const FILES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/files');
const fixture = (name) => readFileSync(join(FILES, name));
const PRESENTATION_OR_KASHIDA = /[\uFB50-\uFDFF\uFE70-\uFEFF\u0640]/;

/** Opens fixture `name` (or {name, mimeType, buffer}) with the Open button's file input; resolves
 * with the message shown once it is done ({kind, text}). */
async function openFile(page, file) {
  if ((await page.getAttribute('#tab-paste', 'aria-selected')) !== 'true') await page.click('#tab-paste');
  await page.evaluate(() => {
    const m = document.querySelector('#open-message');
    m.hidden = true;
    m.dataset.kind = '';
  });
  await page.setInputFiles('#open-input', typeof file === 'string' ? join(FILES, file) : file);
  return finished(page);
}

/** Waits for the open message that ends an opening (not a progress one), and for the text. */
async function finished(page) {
  await page.waitForSelector('#open-message:not([hidden]):not([data-kind="busy"]):not([data-kind=""])', { timeout: 30000 });
  const message = await page.evaluate(() => {
    const m = document.querySelector('#open-message');
    return { kind: m.dataset.kind, text: m.textContent };
  });
  if (message.kind !== 'error') await glossed(page, '#pasted');
  return message;
}

/** The reader's text, line by line (blank lines, which only separate, left out). */
async function lines(page) {
  return (await page.inputValue('#paste')).split('\n').filter((l) => l.trim());
}

/** [written, type] of every highlighted term of the reader's text. */
async function marks(page) {
  return (await highlighted(page, '#pasted')).map((m) => [m.text, m.type]);
}

/** Asserts that each [written, type] pair is among the highlights. */
function assertMarked(found, expected) {
  for (const pair of expected) assert.ok(found.some(([t, k]) => t === pair[0] && k === pair[1]), `${pair[0]} is highlighted as ${pair[1]}; found ${JSON.stringify(found)}`);
}

/** The library as listed: [{title, source}], newest first. */
function library(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#library-list .library-item')].map((li) => ({
      title: li.querySelector('.library-title').textContent,
      source: li.querySelector('.library-source').textContent,
      added: li.querySelector('time').getAttribute('datetime'),
      reading: li.querySelector('.library-open').getAttribute('aria-current') === 'true',
    })),
  );
}

async function openLibrary(page) {
  await page.evaluate(() => (document.querySelector('#library-box').open = true));
}

/** Sets up what version `version` of the page stored, before the reader opens, from a page of
 * the reader's origin that runs none of its code: the object `stores` ({name: {keyPath,
 * indexes}}) holding `records` ([{store, value, key}], `key` for a store without a keyPath). */
async function storedByVersion(context, page, version, stores, records) {
  const blank = new URL(`version-${version}-setup.html`, BASE).href;
  await context.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>setup</title><link rel="icon" href="favicon.svg">' }));
  await page.goto(blank);
  await page.evaluate(
    ({ version, stores, records }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('hamish', version);
        open.onupgradeneeded = () => {
          for (const [name, { keyPath, indexes = [] }] of Object.entries(stores)) {
            const store = open.result.createObjectStore(name, keyPath ? { keyPath } : undefined);
            for (const index of indexes) store.createIndex(index, index);
          }
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(Object.keys(stores), 'readwrite');
          for (const { store, value, key } of records) tx.objectStore(store).put(value, ...(key == null ? [] : [key]));
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
        };
      }),
    { version, stores, records },
  );
}

/** The reader's database as it stands: its version, stores and the library's indexes. */
function databaseShape(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('hamish');
        open.onsuccess = () => {
          const db = open.result;
          const stores = [...db.objectStoreNames].sort();
          const indexes = stores.includes('library') ? [...db.transaction('library').objectStore('library').indexNames].sort() : [];
          resolve({ version: db.version, stores, indexes });
          db.close();
        };
      }),
  );
}

describe('opening files', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a text file: its lines and paragraphs, glossed; kept in the library under its first line', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const message = await openFile(page, 'article.txt');
    assert.equal(message.kind, 'info', message.text);
    assert.equal(message.text, 'Opened “دوريات مشتركة في ريف دير الزور” (text file, article.txt).');
    assert.equal(await page.inputValue('#paste'), fixture('article.txt').toString('utf8').trim());
    assert.deepEqual(await lines(page), [
      'دوريات مشتركة في ريف دير الزور',
      'قالت قوات سوريا الديمقراطية (قسد) إن دورياتها انتشرت صباح الاثنين في بلدات ريف دير الزور الشرقي بعد ليلة من الاشتباكات المتقطعة.',
      'وأضاف بيان صادر عن قسد أن التحالف الدولي قدم دعماً جوياً محدوداً، وأن الطرق بين البلدات أعيد فتحها ظهراً.',
      'المدنيون ينتظرون',
      'ويأمل سكان الحسكة أن تعود الحركة إلى الأسواق قبل نهاية الأسبوع.',
    ]);
    // One block per line in the glossed text.
    assert.equal(await page.locator('#pasted .block').count(), 5);
    assertMarked(await marks(page), [
      ['قوات سوريا الديمقراطية', 'organisation'],
      ['قسد', 'abbreviation'],
      ['الحسكة', 'place'],
    ]);
    await openLibrary(page);
    const listed = await library(page);
    assert.deepEqual(
      listed.map(({ title, source, reading }) => ({ title, source, reading })),
      [{ title: 'دوريات مشتركة في ريف دير الزور', source: 'article.txt', reading: true }],
    );
    assertClean(problems);
    await context.close();
  });

  it('a news page: the article with its headings, paragraphs and list; navigation, adverts, captions, comments and footer gone; nothing in it runs', async () => {
    const { context, page, problems, dialogs } = await openReader(browser);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await glossed(page, '#article');
    const title = await page.title();
    const message = await openFile(page, 'article.html');
    assert.equal(message.text, 'Opened “قسد تفتح طريق الحسكة من جديد” (web page, article.html).');
    assert.deepEqual(await lines(page), [
      'قسد تفتح طريق الحسكة من جديد',
      'بقلم مراسل الموقع · ١٤ كانون الثاني',
      'أعادت قوات سوريا الديمقراطية فتح الطريق الواصل بين الحسكة والقامشلي صباح الثلاثاء، بعد إغلاق دام ثلاثة أيام بسبب هجمات على نقاط التفتيش.',
      'وقال مسؤول في قسد إن فرق الهندسة أزالت عبوات ناسفة من جانبي الطريق.',
      'دور التحالف الدولي',
      'وبحسب المسؤول، شارك التحالف الدولي في مراقبة الطريق من الجو، فيما تولت وحدات محلية تأمين المداخل.',
      '• فتح الطريق أمام الشاحنات التجارية',
      '• تسيير دوريات ليلية قرب دير الزور',
      'ويتوقع سكان المنطقة أن تنخفض أسعار الخضار بعد عودة حركة النقل.',
    ]);
    const text = await page.inputValue('#paste');
    for (const boilerplate of ['موقع الأنباء المحلية', 'أخبار سورية', 'رياضة', 'ملفات تعريف الارتباط', 'موافق', 'إعلان', 'اقرأ أيضاً', 'أسعار الذهب', 'أضف تعليقاً', 'تعليق مسبق', 'جميع الحقوق', 'من نحن', 'صورة أرشيفية', 'جافاسكربت', 'window', 'font-family', 'pwned']) {
      assert.ok(!text.includes(boilerplate), `“${boilerplate}” is not in the text`);
    }
    assertMarked(await marks(page), [
      ['قسد', 'abbreviation'],
      ['الحسكة', 'place'],
      ['قوات سوريا الديمقراطية', 'organisation'],
      ['دير الزور', 'place'],
    ]);
    // Its scripts, inline handlers and image never ran or loaded.
    const ran = await page.evaluate(() => ({
      script: 'hamishFixtureRan' in window,
      inline: 'hamishFixtureInline' in window,
      img: 'hamishFixtureImg' in window,
      onload: 'hamishFixtureOnload' in window,
      images: document.images.length,
      iframes: document.querySelectorAll('iframe').length,
    }));
    assert.deepEqual(ran, { script: false, inline: false, img: false, onload: false, images: 0, iframes: 0 });
    assert.equal(await page.title(), title, 'the page title is unchanged');
    assert.deepEqual(requests.filter((u) => /\/x$|\/sdf$|about:blank|data:image/.test(u)), [], 'nothing from the file was fetched');
    assert.deepEqual(dialogs, []);
    assertClean(problems);
    await context.close();
  });

  it('a Word document: title, headings, paragraphs, a word split over two runs, a table row per line', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const message = await openFile(page, 'article.docx');
    assert.equal(message.text, 'Opened “تقرير عن مخيمات الحسكة” (Word document, article.docx).');
    assert.deepEqual(await lines(page), [
      'تقرير عن مخيمات الحسكة',
      'زار وفد إنساني مخيمات النازحين في ريف الحسكة الأسبوع الماضي، والتقى ممثلين عن الإدارة الذاتية.',
      'الوضع في المخيمات',
      'قال الوفد إن قوات سوريا الديمقراطية سهلت وصوله إلى المخيمات، وإن التحالف الدولي وعد بدعم إضافي.',
      'الاحتياجات العاجلة',
      'تحتاج العائلات إلى الوقود والأغطية مع بداية الشتاء، بحسب الوفد.',
      'المخيم | العائلات',
      'مخيم الهول | ٣٢٠٠',
      'وأكد ممثل عن قسد أن الطرق إلى دير الزور آمنة.',
    ]);
    assertMarked(await marks(page), [
      ['الحسكة', 'place'],
      ['قوات سوريا الديمقراطية', 'organisation'],
      ['مخيم الهول', 'place'],
      ['قسد', 'abbreviation'],
      ['دير الزور', 'place'],
    ]);
    assertClean(problems);
    await context.close();
  });

  it('an EPUB book: its chapters in reading order, without the table of contents; its title', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const message = await openFile(page, 'article.epub');
    assert.equal(message.text, 'Opened “يوميات من شرق الفرات” (EPUB book, article.epub).');
    assert.deepEqual(await lines(page), [
      'الفصل الأول: الطريق إلى الحسكة',
      'وصلنا إلى الحسكة مساء الخميس، وكانت نقاط التفتيش التابعة لقسد منتشرة على مداخل المدينة.',
      'حدثنا سائق الحافلة عن سنوات الحرب، وعن الأيام التي سيطر فيها تنظيم داعش على القرى المجاورة.',
      'الفصل الثاني: على ضفاف الفرات',
      'في دير الزور رأينا جسوراً مدمرة وأسواقاً تعود إليها الحياة ببطء.',
      'لقاء مع الأهالي',
      'قال أحد الأهالي إن قوات سوريا الديمقراطية والتحالف الدولي يسيّران دوريات كل ليلة.',
    ]);
    assertMarked(await marks(page), [
      ['الحسكة', 'place'],
      ['لقسد', 'abbreviation'],
      ['دير الزور', 'place'],
      ['قوات سوريا الديمقراطية', 'organisation'],
    ]);
    assertClean(problems);
    await context.close();
  });

  it('the PDF fixtures carry what they should: presentation forms and kashida in the text layer', () => {
    // What the ToUnicode map gives for the glyphs (checked here so that the next test's clean
    // letters prove the page's work, not the fixture's).
    const pdf = fixture('article.pdf').toString('latin1');
    const targets = [...pdf.matchAll(/<[0-9A-F]{2}> <([0-9A-F]{4})>/g)].map((m) => parseInt(m[1], 16));
    assert.ok(targets.filter((c) => c >= 0xfe70 && c <= 0xfefc).length > 40, 'letters as presentation forms');
    assert.ok(targets.includes(0xfefc) || targets.includes(0xfefb), 'a lam-alef ligature');
    assert.ok(targets.includes(0x0640), 'kashida');
    assert.ok(!targets.some((c) => c >= 0x0621 && c <= 0x064a && c !== 0x0640), 'no plain Arabic letters');
  });

  it('a PDF of presentation forms with kashida stretching: plain letters, no kashida, headings and paragraphs, a paragraph’s lines joined', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const message = await openFile(page, 'article.pdf');
    assert.equal(message.text, 'Opened “قسد تعزز مواقعها في ريف الحسكة” (PDF, article.pdf).');
    const text = await page.inputValue('#paste');
    assert.ok(!PRESENTATION_OR_KASHIDA.test(text), 'no presentation forms or kashida are left');
    assert.deepEqual(await lines(page), [
      'قسد تعزز مواقعها في ريف الحسكة',
      'أعلنت قوات سوريا الديمقراطية (قسد) يوم الأحد أنها عززت نقاطها في ريف الحسكة الجنوبي بعد هجمات متفرقة استمرت 12 ساعة.',
      'وقال مصدر محلي إن دوريات مشتركة مع التحالف الدولي تجولت في بلدات قريبة من دير الزور، ولا تزال الطرق مفتوحة.',
      'مخاوف السكان',
      'ويخشى السكان من عودة خلايا تنظيم داعش إلى المنطقة مع اقتراب فصل الشتاء.',
    ]);
    const found = await marks(page);
    assertMarked(found, [
      ['قسد', 'abbreviation'],
      ['قوات سوريا الديمقراطية', 'organisation'],
      ['دير الزور', 'place'],
    ]);
    assert.equal(found.filter(([t]) => t === 'قسد').length, 2);
    assert.ok(found.some(([t]) => t.endsWith('الحسكة')), 'الحسكة is within a highlight');
    assertClean(problems);
    await context.close();
  });

  it('a PDF whose lines come out reversed is turned round, its numbers kept; a long PDF is read page by page, running heads and page numbers dropped', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    let message = await openFile(page, 'reversed.pdf');
    assert.equal(message.text, 'Opened “دوريات قرب دير الزور” (PDF, reversed.pdf).');
    assert.deepEqual(await lines(page), ['دوريات قرب دير الزور', 'قالت قسد إن التحالف الدولي نفذ 3 دوريات قرب الحسكة خلال الليل.', 'وأضافت أن الأهالي عادوا إلى الأسواق.']);
    assertMarked(await marks(page), [
      ['دير الزور', 'place'],
      ['قسد', 'abbreviation'],
      ['الحسكة', 'place'],
    ]);

    // Progress, page by page, is said as it goes.
    await page.evaluate(() => {
      window.openMessages = [];
      new MutationObserver(() => window.openMessages.push(document.querySelector('#open-message').textContent)).observe(document.querySelector('#open-message'), { childList: true, characterData: true, subtree: true });
    });
    message = await openFile(page, 'long.pdf');
    // The metadata's title is a program's: the first heading is used.
    assert.equal(message.text, 'Opened “أسبوع في الحسكة” (PDF, long.pdf).');
    const said = await page.evaluate(() => window.openMessages);
    for (const n of [1, 2, 3]) assert.ok(said.includes(`Reading “long.pdf”: page ${n} of 3…`), `page ${n} of 3 was said: ${said.join(' / ')}`);
    assert.deepEqual(await lines(page), [
      'أسبوع في الحسكة',
      'شهدت مدينة الحسكة هذا الأسبوع اجتماعات بين وجهاء العشائر وممثلين عن الإدارة الذاتية.',
      'وتناولت الاجتماعات ملف المياه في الأحياء الجنوبية من المدينة حيث يعاني السكان من انقطاع متكرر منذ أشهر.',
      'دير الزور',
      'وفي دير الزور أعلنت قسد فتح معبر نهري جديد أمام المدنيين.',
      'التحالف الدولي',
      'وقال التحالف الدولي إنه سيواصل دعم برامج إزالة الألغام في المنطقة.',
    ]);
    assertClean(problems);
    await context.close();
  });

  it('a file that cannot be read says why, and the text being read stays as it was', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    const text = 'قالت قسد إن التحالف الدولي نفذ دوريات قرب الحسكة.';
    await paste(page, text);
    const cases = [
      ['damaged.pdf', /not a readable PDF: it is damaged or incomplete/],
      ['scanned.pdf', /This PDF has no text layer: its page is an image \(a scan\?\).*OCR/],
      ['encrypted.pdf', /protected by a password/],
      [{ name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(21 * 1024 * 1024, 0x61) }, /“huge\.txt” is 21\.0 MB; hamish opens files up to 20 MB/],
      [{ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }, /“photo\.png” is not a file hamish can read/],
      [{ name: 'report.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004 not really a zip', 'latin1') }, /damaged: its zip archive could not be read/],
      [{ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) }, /“empty\.txt” is empty/],
    ];
    for (const [file, expected] of cases) {
      const message = await openFile(page, file);
      assert.equal(message.kind, 'error', `${file.name || file}: ${message.text}`);
      assert.match(message.text, expected);
      assert.match(message.text, /The text in the reader is as it was\.$/);
      assert.equal(await page.inputValue('#paste'), text, 'the text being read is unchanged');
    }
    assert.equal(await page.isEnabled('#open-file'), true, 'the button works again');
    assertClean(problems);
    await context.close();
  });

  it('a file dropped on the paste panel opens; a hint shows where while it is dragged', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await page.click('#tab-paste');
    const bytes = fixture('article.epub').toString('base64');
    const hint = await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'book.epub', { type: 'application/epub+zip' }));
      const target = document.querySelector('#pasted');
      const fire = (type) => target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      fire('dragenter');
      const shown = !document.querySelector('#drop-hint').hidden && getComputedStyle(document.querySelector('#drop-hint')).display !== 'none';
      const accepted = !fire('dragover'); // preventDefault: the page takes the drop
      fire('drop');
      return { shown, accepted, after: !document.querySelector('#drop-hint').hidden };
    }, bytes);
    assert.deepEqual(hint, { shown: true, accepted: true, after: false });
    const message = await finished(page);
    assert.equal(message.text, 'Opened “يوميات من شرق الفرات” (EPUB book, book.epub).');
    assert.equal((await lines(page))[0], 'الفصل الأول: الطريق إلى الحسكة');
    assertClean(problems);
    await context.close();
  });
});

describe('rich paste', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  /** Pastes `html` (and `plain`) into the paste box at the cursor, as the browser would. */
  function pasteHtml(page, html, plain) {
    return page.evaluate(
      ({ html, plain }) => {
        const box = document.querySelector('#paste');
        box.focus();
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', plain);
        return box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { html, plain },
    );
  }

  it('a rich paste made before the readers are loaded waits for them, and a failed load pastes the plain text', async () => {
    const { context, page, problems } = await openReader(browser, { open: false });
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/readers.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(BASE);
    await glossed(page, '#article');
    await page.click('#tab-paste');
    const notCancelled = await pasteHtml(page, '<h2>الرقة بعد الانسحاب</h2><p>قالت <b>قسد</b> إن الطريق فُتح.</p>', 'الرقة بعد الانسحاب قالت قسد إن الطريق فتح.');
    assert.equal(notCancelled, false, 'the browser’s own paste waits with the rest');
    assert.equal(await page.inputValue('#paste'), '', 'nothing pasted before the readers are in');
    release();
    await page.waitForFunction(() => document.querySelector('#paste').value !== '');
    await glossed(page, '#pasted');
    assert.deepEqual(await lines(page), ['الرقة بعد الانسحاب', 'قالت قسد إن الطريق فُتح.']);
    assertMarked(await marks(page), [
      ['الرقة', 'place'],
      ['قسد', 'abbreviation'],
    ]);
    assertClean(problems);
    await context.close();

    // The readers cannot be had (the server went away, say): the plain text is pasted.
    const second = await openReader(browser, { open: false });
    await second.page.route('**/readers.js', (route) => route.abort());
    await second.page.goto(BASE);
    await glossed(second.page, '#article');
    await second.page.click('#tab-paste');
    await pasteHtml(second.page, '<p>قالت <b>قسد</b> إن الطريق فُتح.</p>', 'قالت قسد إن الطريق فتح.');
    await second.page.waitForFunction(() => document.querySelector('#paste').value !== '');
    assert.equal(await second.page.inputValue('#paste'), 'قالت قسد إن الطريق فتح.');
    await second.context.close();
  });

  it('keeps headings and paragraphs of pasted HTML, drops scripts, styles and the rest, at the cursor, undoably', async () => {
    const { context, page, problems, dialogs } = await openReader(browser);
    await glossed(page, '#article');
    await page.click('#tab-paste');
    const html = `<meta charset="utf-8"><style>p { color: red }</style><!--StartFragment-->
<h2 style="font-size: 20px">الحسكة تستعد للشتاء</h2><script>window.pastedRan = true</script>
<p class="lead">قالت <span style="font-weight:bold">قسد</span> إن قوافل الوقود وصلت إلى <a href="/hasakah" onclick="window.pastedClick = true">الحسكة</a> أمس.</p>
<div><img src="x" onerror="window.pastedImg = true">وأضاف البيان أن التحالف الدولي<br>سيرسل شحنات أخرى.</div>
<ul><li>وقود للتدفئة</li><li>أغطية للعائلات</li></ul><button>شارك</button><!--EndFragment-->`;
    const plain = 'الحسكة تستعد للشتاء قالت قسد ...';
    const notCancelled = await pasteHtml(page, html, plain);
    assert.equal(notCancelled, false, 'the browser’s own paste was replaced');
    await page.waitForFunction(() => document.querySelector('#pasted').dataset.phase !== 'empty');
    await glossed(page, '#pasted');
    assert.deepEqual(await lines(page), ['الحسكة تستعد للشتاء', 'قالت قسد إن قوافل الوقود وصلت إلى الحسكة أمس.', 'وأضاف البيان أن التحالف الدولي', 'سيرسل شحنات أخرى.', '• وقود للتدفئة', '• أغطية للعائلات']);
    const text = await page.inputValue('#paste');
    for (const gone of ['color', 'window', 'شارك', 'StartFragment', '<']) assert.ok(!text.includes(gone), `“${gone}” is not pasted`);
    assertMarked(await marks(page), [
      ['الحسكة', 'place'],
      ['قسد', 'abbreviation'],
    ]);
    const ran = await page.evaluate(() => ['pastedRan', 'pastedClick', 'pastedImg'].filter((k) => k in window));
    assert.deepEqual(ran, []);
    assert.deepEqual(dialogs, []);

    // Pasted at the cursor, into text already there.
    await page.evaluate(() => {
      const box = document.querySelector('#paste');
      box.setSelectionRange(0, 0);
    });
    await pasteHtml(page, '<p>دير الزور</p>', 'دير الزور');
    await page.waitForFunction(() => document.querySelector('#paste').value.startsWith('دير الزور'));
    assert.equal((await lines(page))[0], 'دير الزورالحسكة تستعد للشتاء');
    // …and taken back with undo, like any paste.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('#paste').value.startsWith('الحسكة'));
    assertClean(problems);
    await context.close();
  });

  it('text pasted from a PDF viewer, in presentation forms, is made plain', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await page.click('#tab-paste');
    // قسد and الحسكة as presentation forms, الحسكة stretched by a kashida.
    const plain = '\uFED7\uFEB4\uFEAA \uFE8D\uFEDF\uFEA4\uFEB4\u0640\uFEDC\uFE94';
    await page.evaluate((plain) => {
      const box = document.querySelector('#paste');
      box.focus();
      const data = new DataTransfer();
      data.setData('text/plain', plain);
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, plain);
    await page.waitForFunction(() => document.querySelector('#paste').value.length > 0);
    await glossed(page, '#pasted');
    assert.equal(await page.inputValue('#paste'), 'قسد الحسكة');
    assert.deepEqual(await marks(page), [
      ['قسد', 'abbreviation'],
      ['الحسكة', 'place'],
    ]);
    assertClean(problems);
    await context.close();
  });
});

describe('the library', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  const ARTICLE = 'قالت قوات سوريا الديمقراطية إن دورياتها انتشرت في ريف الحسكة الجنوبي بعد هجمات متفرقة على نقاط التفتيش خلال الليل.';

  it('keeps opened and pasted texts, newest first, across a reload; reopens, deletes (with undo), exports, clears', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    // A pasted article (a paste event, as a reader's paste), then two files.
    await page.click('#tab-paste');
    await page.focus('#paste');
    await page.evaluate((text) => {
      const box = document.querySelector('#paste');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      if (box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))) {
        // The browser does not paste for a synthetic event: do what it would.
        box.setRangeText(text, box.selectionStart, box.selectionEnd, 'end');
        box.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
      }
    }, ARTICLE);
    await glossed(page, '#pasted');
    await openLibrary(page);
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 1);
    await openFile(page, 'article.txt');
    await openFile(page, 'article.docx');
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 3);
    const listed = await library(page);
    assert.deepEqual(
      listed.map(({ title, source, reading }) => [title, source, reading]),
      [
        ['تقرير عن مخيمات الحسكة', 'article.docx', true],
        ['دوريات مشتركة في ريف دير الزور', 'article.txt', false],
        [ARTICLE, 'pasted', false],
      ],
    );
    // Newest first, dated today.
    const dates = listed.map((l) => l.added);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.ok(dates.every((d) => Date.now() - Date.parse(d) < 10 * 60 * 1000));

    // After a reload: the same list, and the text being read is still there.
    await page.reload();
    await glossed(page, '#pasted');
    await openLibrary(page);
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 3);
    assert.deepEqual(await library(page), listed);
    assert.equal((await lines(page))[0], 'تقرير عن مخيمات الحسكة');

    // Reopening one puts its text back in the reader.
    await page.click('#library-list .library-item:nth-child(3) .library-open');
    await page.waitForFunction((t) => document.querySelector('#paste').value === t, ARTICLE);
    await glossed(page, '#pasted');
    assertMarked(await marks(page), [['قوات سوريا الديمقراطية', 'organisation']]);
    assert.deepEqual((await library(page)).map((l) => l.reading), [false, false, true]);

    // Export: every text whole, as JSON.
    const { name, text } = await downloadOf(page, '#library-export');
    assert.match(name, /^hamish-library-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(text);
    assert.equal(exported.format, 'hamish-library');
    assert.deepEqual(
      exported.articles.map((a) => [a.title, a.source, a.chars, a.text.length, Object.keys(a).sort().join(',')]),
      [
        ['تقرير عن مخيمات الحسكة', 'article.docx', exported.articles[0].text.length, exported.articles[0].chars, 'added,chars,id,source,text,title'],
        ['دوريات مشتركة في ريف دير الزور', 'article.txt', exported.articles[1].text.length, exported.articles[1].chars, 'added,chars,id,source,text,title'],
        [ARTICLE, 'pasted', ARTICLE.length, ARTICLE.length, 'added,chars,id,source,text,title'],
      ],
    );
    assert.equal(exported.articles[1].text, fixture('article.txt').toString('utf8').trim());

    // Delete one, undo it, delete it again.
    const full = await library(page);
    await page.click('#library-list .library-item:nth-child(2) .library-delete');
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 2);
    assert.match(await page.textContent('#library-message'), /^Deleted “دوريات مشتركة في ريف دير الزور”\./);
    await page.click('#library-message .library-undo');
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 3);
    assert.deepEqual(await library(page), full, 'it is back as it was');
    await page.click('#library-list .library-item:nth-child(2) .library-delete');
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 2);

    // Clear asks first; "Keep them" keeps them.
    await page.click('#library-clear');
    assert.match(await page.textContent('#library-confirm-text'), /^Delete all 2 texts in the library\?/);
    await page.click('#library-clear-no');
    assert.equal(await page.isHidden('#library-confirm'), true);
    assert.equal(await page.locator('#library-list .library-item').count(), 2);
    await page.click('#library-clear');
    await page.click('#library-clear-yes');
    await page.waitForFunction(() => !document.querySelector('#library-list .library-item'));
    assert.equal(await page.isDisabled('#library-export'), true);
    // The text being read stays; after a reload the library is still empty.
    assert.equal(await page.inputValue('#paste'), ARTICLE);
    await page.reload();
    await glossed(page, '#pasted');
    await openLibrary(page);
    await page.waitForSelector('#library-list .library-empty');
    assert.equal(await page.locator('#library-list .library-item').count(), 0);
    assertClean(problems);
    await context.close();
  });

  it('nothing is lost: typed text is kept in the library before a file replaces it, edits follow the text being read', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, 'ملاحظاتي عن الحسكة'); // typed (fill), not pasted: no library entry yet
    await openLibrary(page);
    await page.waitForSelector('#library-list .library-empty');
    await openFile(page, 'article.txt');
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 2);
    assert.deepEqual(
      (await library(page)).map((l) => [l.title, l.source]),
      [
        ['دوريات مشتركة في ريف دير الزور', 'article.txt'],
        ['ملاحظاتي عن الحسكة', 'pasted'],
      ],
    );
    // Editing the text being read updates its record.
    await page.focus('#paste');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' قسد');
    await page.waitForFunction(async () => {
      const db = await new Promise((r) => {
        const o = indexedDB.open('hamish');
        o.onsuccess = () => r(o.result);
      });
      const all = await new Promise((r) => {
        const q = db.transaction('library').objectStore('library').getAll();
        q.onsuccess = () => r(q.result);
      });
      db.close();
      return all.some((a) => a.source === 'article.txt' && a.text.endsWith('الأسبوع. قسد'));
    });
    // Selecting everything and pasting another article is no edit: the file's record keeps its
    // text, and the paste is a new record.
    await page.evaluate(() => document.querySelector('#paste').select());
    await page.evaluate((text) => {
      const box = document.querySelector('#paste');
      const data = new DataTransfer();
      data.setData('text/html', `<p>${text}</p>`);
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, ARTICLE);
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 3);
    assert.equal(await page.inputValue('#paste'), ARTICLE);
    assert.deepEqual(
      (await library(page)).map((l) => [l.title, l.source, l.reading]),
      [
        [ARTICLE, 'pasted', true],
        ['دوريات مشتركة في ريف دير الزور', 'article.txt', false],
        ['ملاحظاتي عن الحسكة', 'pasted', false],
      ],
    );
    await page.click('#library-list .library-item:nth-child(2) .library-open');
    await page.waitForFunction(() => document.querySelector('#paste').value.startsWith('دوريات مشتركة'));
    assert.ok((await page.inputValue('#paste')).endsWith('الأسبوع. قسد'), 'the file’s text with its edit');
    assertClean(problems);
    await context.close();
  });

  it('the upgrade keeps what version 2 stored: the glossary and the pasted text', async () => {
    const { context, page, problems } = await openReader(browser, { open: false });
    await storedByVersion(context, page, 2, { kv: {}, glossary: { keyPath: 'id' } }, [
      { store: 'kv', value: 'قالت قسد إن زرقلوط وصل', key: 'pasted' },
      {
        store: 'glossary',
        value: { id: 'user.zarqalut', ar: 'زرقلوط', voc: '', type: 'person', en: 'Zarqalut (made up)', tr: 'Zarqalūṭ', aliases: [], short: [], expands: '', refers: '', pos: '', shares: [], notes: '', checked: '', rev: 1, created: 1, updated: 1 },
      },
    ]);
    await page.evaluate(() => localStorage.setItem('hamish.mode', JSON.stringify('paste')));
    await page.goto(BASE);
    await glossed(page, '#pasted');
    assert.equal(await page.inputValue('#paste'), 'قالت قسد إن زرقلوط وصل');
    assert.deepEqual(await marks(page), [
      ['قسد', 'abbreviation'],
      ['زرقلوط', 'person'],
    ]);
    assert.deepEqual(await databaseShape(page), { version: 4, stores: ['glossary', 'kv', 'library'], indexes: ['chars', 'list'] });
    assertClean(problems);
    await context.close();
  });

  it('a library kept by version 3 is listed after the upgrade, newest first, without reading a single text', async () => {
    const { context, page, problems } = await openReader(browser, { open: false });
    // Three texts as version 3 kept them, one of them a megabyte long.
    const long = 'تقرير طويل عن المعابر\n' + 'وصلت قوافل المساعدات إلى المعبر بعد تأخير طويل. '.repeat(21000);
    const kept = [
      { id: 'lib-old', title: 'ملاحظات عن الرقة', source: 'pasted', added: '2026-01-05T10:00:00.000Z', text: 'ملاحظات عن الرقة\nقسد في الرقة' },
      { id: 'lib-long', title: 'تقرير طويل عن المعابر', source: 'report.txt', added: '2026-03-01T08:30:00.000Z', text: long },
      { id: 'lib-new', title: 'بيان التحالف', source: 'statement.docx', added: '2026-06-20T16:45:00.000Z', text: 'بيان التحالف\nأعلن التحالف الدولي انتهاء المهمة.' },
    ].map((r) => ({ ...r, chars: r.text.length }));
    const stores = { kv: {}, glossary: { keyPath: 'id' }, library: { keyPath: 'id', indexes: ['added', 'chars'] } };
    await storedByVersion(context, page, 3, stores, kept.map((value) => ({ store: 'library', value })));
    // Every request that reads records of the library (not only an index's keys) is counted.
    await context.addInitScript(() => {
      window.libraryReads = [];
      const count = (proto, methods, storeOf) => {
        for (const method of methods) {
          const original = proto[method];
          proto[method] = function (...args) {
            if (storeOf(this).name === 'library') window.libraryReads.push(`${this.name}.${method}`);
            return original.apply(this, args);
          };
        }
      };
      count(IDBObjectStore.prototype, ['get', 'getAll', 'openCursor'], (store) => store);
      count(IDBIndex.prototype, ['get', 'getAll', 'openCursor'], (index) => index.objectStore);
    });
    await page.goto(BASE);
    await glossed(page, '#article');
    await openLibrary(page);
    await page.waitForFunction(() => document.querySelectorAll('#library-list .library-item').length === 3);
    assert.deepEqual(
      (await library(page)).map((l) => [l.title, l.source, l.added]),
      [
        ['بيان التحالف', 'statement.docx', '2026-06-20T16:45:00.000Z'],
        ['تقرير طويل عن المعابر', 'report.txt', '2026-03-01T08:30:00.000Z'],
        ['ملاحظات عن الرقة', 'pasted', '2026-01-05T10:00:00.000Z'],
      ],
    );
    assert.match(await page.textContent('#library-list .library-item:nth-child(2)'), /1,0\d\dk characters/);
    assert.deepEqual(await page.evaluate(() => window.libraryReads), [], 'the list came from the index alone');
    // Opening one reads that one text.
    await page.click('#library-list .library-item:nth-child(3) .library-open');
    await page.waitForFunction(() => document.querySelector('#paste').value.startsWith('ملاحظات عن الرقة'));
    await glossed(page, '#pasted');
    assertMarked(await marks(page), [['قسد', 'abbreviation']]);
    assert.deepEqual(await page.evaluate(() => window.libraryReads), ['library.get']);
    assert.deepEqual(await databaseShape(page), { version: 4, stores: ['glossary', 'kv', 'library'], indexes: ['chars', 'list'] });
    assertClean(problems);
    await context.close();
  });
});
