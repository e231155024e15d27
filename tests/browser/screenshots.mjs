// Takes the reader page's screenshots (not a test: run it by hand and look at the pictures).
//
//   HAMISH_URL=http://127.0.0.1:8000/ node tests/browser/screenshots.mjs [OUT_DIR] [--docs]
//
// OUT_DIR defaults to /tmp/hamish-shots. --docs also refreshes the ones kept as documentation in
// www/screenshots/ (the article, a tooltip, skim mode, a compact card, a card's readings, the
// phone's sheet and compact card).

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP, PHONE, LEGACY_TSV_HEADER, fillEntry, glossed, importFile, launch, openMine, openReader, paste, selectWord, wordPoint } from './helpers.mjs';

const args = process.argv.slice(2);
const docs = args.includes('--docs');
const out = args.find((a) => !a.startsWith('--')) || '/tmp/hamish-shots';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const ALL_TYPES =
  'قال مظلوم عبدي قائد «قسد» إن الخلايا النائمة لداعش تنشط في دير الزور منذ عاصفة الجزيرة، وإن التحالف الدولي يدعم القوات في مخيم الهول قرب الحسكة.\n' +
  'وفي العراق، قال مسؤول في بغداد إن الحشد الشعبي والبيشمركة يتابعون الوضع، فيما نقلت وكالات زرقلوط عن مصادر محلية.';

await mkdir(out, { recursive: true });
const browser = await launch();
const shots = [];

async function shot(name, context, steps) {
  const { context: ctx, page, problems } = await openReader(browser, { context });
  await glossed(page, '#article');
  await page.evaluate(() => document.fonts.ready);
  if (steps) await steps(page);
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
  if (problems.length) console.error(`${name}: ${problems.join('; ')}`);
  await ctx.close();
}

const hoverQasad = async (page) => {
  // لـ"قسد: the tooltip shows the breakdown لـ + قسد as well as the expansion.
  const term = page.locator('#article .t', { hasText: 'لـ"قسد' }).first();
  await term.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.evaluate(() => scrollBy(0, 120));
  await term.hover();
  await page.waitForSelector('#tip[data-state="complete"]');
};

for (const scheme of ['light', 'dark']) {
  await shot(`desktop-${scheme}-article`, { ...DESKTOP, colorScheme: scheme });
  await shot(`desktop-${scheme}-tooltip`, { ...DESKTOP, colorScheme: scheme }, hoverQasad);
  await shot(`desktop-${scheme}-all-types`, { ...DESKTOP, colorScheme: scheme }, async (page) => {
    await paste(page, ALL_TYPES);
    await page.locator('#pasted .t', { hasText: 'مظلوم' }).click();
    await page.waitForSelector('#tip[data-state="complete"]');
  });
  await shot(`phone-${scheme}-article`, { ...PHONE, colorScheme: scheme });
  await shot(`phone-${scheme}-tooltip`, { ...PHONE, colorScheme: scheme }, async (page) => {
    const term = page.locator('#article .t').nth(4);
    await term.scrollIntoViewIfNeeded();
    await term.tap();
    await page.waitForSelector('#tip[data-state="complete"]');
  });
}
await shot('desktop-light-lookup', { ...DESKTOP, colorScheme: 'light' }, async (page) => {
  await paste(page, ALL_TYPES);
  const p = await wordPoint(page, '#pasted', 'زرقلوط');
  await page.mouse.click(p.x, p.y);
  await page.waitForSelector('#tip[data-lookup]');
});
await shot('joining-zoom', { viewport: { width: 900, height: 260 }, deviceScaleFactor: 3, colorScheme: 'light' }, async (page) => {
  await paste(page, 'قالت لـ«قسد» إن وبالتحالف الدولي في سورية للعراق لقسد وبالحسكة لداعش');
  await page.locator('#pasted').scrollIntoViewIfNeeded();
});

// The reader's own glossary: the add form (from a selection), the panel, a conflict, a disguised term.
const MINE = [
  LEGACY_TSV_HEADER,
  'user.zarqalut\tزرقلوط\t\tperson\tZarqalut, a local commander (made up)\tZarqalūṭ\t\t\t\t\t\tInvented for the screenshots.',
  'user.qasad\tقسد\tقَسَد\torganisation\tSDF (my note: Kurdish-led)\tQasad\t\t\t\t\t\t',
  'user.barqatush\tبرقطوش\t\tplace\tBarqatush, a village east of Deir ez-Zor\tBarqaṭūsh\t\t\t\t\t\t',
].join('\n');
const MINE_TEXT = 'قالت مصادر محلية إن زرقلوط وصل إلى برقطوش مع عناصر من قسد، فيما تبنى د ا ع ش الهجوم.';
for (const scheme of ['light', 'dark']) {
  await shot(`mine-${scheme}-add-form`, { ...DESKTOP, colorScheme: scheme }, async (page) => {
    await paste(page, 'قالت مصادر محلية إن زَرْقَلوط وصل إلى الرقة مع قسد.');
    await selectWord(page, '#pasted', 'زَرْقَلوط');
    await page.waitForSelector('#add-selection', { state: 'visible' });
    await page.click('#add-selection');
    await fillEntry(page, { type: 'person', en: 'Zarqalut, a local commander' });
  });
  await shot(`mine-${scheme}-panel`, { ...DESKTOP, colorScheme: scheme }, async (page) => {
    await importFile(page, 'mine.tsv', MINE);
    await paste(page, MINE_TEXT);
    await page.waitForSelector('#pasted .t[data-mine]');
    await page.locator('#pasted .t', { hasText: 'زرقلوط' }).click();
    await page.waitForSelector('#tip[data-state="complete"]');
  });
}
await shot('mine-light-selection-button', { ...DESKTOP, colorScheme: 'light' }, async (page) => {
  await paste(page, 'قالت مصادر محلية إن زرقلوط وصل إلى الرقة مع قسد.');
  await selectWord(page, '#pasted', 'زرقلوط');
  await page.waitForSelector('#add-selection', { state: 'visible' });
});
await shot('mine-light-import-error', { ...DESKTOP, colorScheme: 'light' }, async (page) => {
  await importFile(page, 'words.csv', 'id,ar,voc,type,en,tr,aliases,expands,refers,pos,shares,notes\nuser.a,برقطوش,,place,<b>Barqatush</b>,Barqaṭūsh,,,,,,\n\nuser.b,طلم,,thing,x,y,,,,,,\nplace.syria,سبخة,,place,Sabkha,Sabkhah,,,,,,\n');
});
await shot('mine-light-conflict', { ...DESKTOP, colorScheme: 'light' }, async (page) => {
  await importFile(page, 'mine.tsv', MINE);
  await openMine(page);
  await page.click('#mine-list .mine-edit');
  await page.waitForSelector('#entry-dialog[open]');
  // Another tab saves a change meanwhile (simulated: the stored revision moves on).
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('hamish');
        open.onsuccess = () => {
          const store = open.result.transaction('glossary', 'readwrite').objectStore('glossary');
          const get = store.get('user.zarqalut');
          get.onsuccess = () => {
            store.put({ ...get.result, en: 'Zarqalut, commander of the local council forces', rev: get.result.rev + 1 }).onsuccess = () => resolve();
          };
        };
      }),
  );
  await fillEntry(page, { en: 'Zarqalut (my correction)', notes: 'Seen in two reports.' });
  await page.click('#entry-save');
  await page.waitForSelector('#entry-conflict:not([hidden])');
});
for (const scheme of ['light', 'dark']) {
  await shot(`disguised-${scheme}-tooltip`, { ...DESKTOP, colorScheme: scheme }, async (page) => {
    await paste(page, 'قال مسؤول محلي إن د ا ع ش تبنى الهجوم على الحاجز، وإن قسد ردت بحملة تمشيط.');
    await page.locator('#pasted .t', { hasText: 'د ا ع ش' }).hover();
    await page.waitForSelector('#tip[data-state="complete"]');
  });
}
// A second mention: الأسد alone after حافظ الأسد, with the other Assads and "the lion" offered.
for (const scheme of ['light', 'dark']) {
  await shot(`short-form-${scheme}-tooltip`, { ...DESKTOP, colorScheme: scheme }, async (page) => {
    await paste(page, 'حكم حافظ الأسد البلاد ثلاثة عقود، وكان الأسد يعيّن قادة الأجهزة الأمنية بنفسه، بحسب مؤرخين.');
    await page.locator('#pasted .t[data-short]').first().hover();
    await page.waitForSelector('#tip[data-state="complete"]');
  });
}
await shot('mine-phone-form', { ...PHONE, colorScheme: 'light' }, async (page) => {
  await openMine(page);
  await page.locator('#mine-add').scrollIntoViewIfNeeded();
  await page.click('#mine-add');
  await fillEntry(page, { ar: 'زرقلوط', type: 'abbreviation', en: 'ZRQ', expands: 'قوات سوريا الديمقراطية' });
  await page.waitForFunction(() => document.querySelector('#f-refers').value !== '');
});

// Reading faster: skim mode, compact cards, a card's readings one after another, the phone's sheet.
for (const scheme of ['light', 'dark']) {
  await shot(`skim-${scheme}`, { ...DESKTOP, colorScheme: scheme }, (page) => page.click('#skim'));
}
await shot('compact-card', { ...DESKTOP, colorScheme: 'light' }, async (page) => {
  await page.click('#compact');
  await page.locator('#article .t', { hasText: 'قسد' }).first().hover();
  await page.waitForSelector('#tip .card.compact');
});
await shot('readings', { ...DESKTOP, colorScheme: 'light' }, async (page) => {
  await paste(page, 'قالت مصادر إن الغارة وقعت في سورية قرب الحدود.');
  await page.locator('#pasted .t', { hasText: 'سورية' }).focus();
  await page.waitForSelector('#tip[data-state="complete"] .tip-cycle');
  await page.keyboard.press('r');
});
await shot('phone-sheet', { ...PHONE, colorScheme: 'light' }, async (page) => {
  await page.tap('#side-open');
  await page.waitForFunction(() => document.querySelector('#side').getBoundingClientRect().bottom <= innerHeight + 1);
});
await shot('phone-compact', { ...PHONE, colorScheme: 'dark' }, async (page) => {
  const term = page.locator('#article .t').nth(4);
  await term.scrollIntoViewIfNeeded();
  await term.tap();
  await page.waitForSelector('#tip .card.compact');
});

await browser.close();
if (docs) {
  await mkdir(path.join(root, 'www/screenshots'), { recursive: true });
  await copyFile(path.join(out, 'desktop-light-article.png'), path.join(root, 'www/screenshots/article.png'));
  await copyFile(path.join(out, 'desktop-light-tooltip.png'), path.join(root, 'www/screenshots/tooltip.png'));
  for (const name of ['skim-light', 'compact-card', 'readings', 'phone-sheet', 'phone-compact']) {
    await copyFile(path.join(out, `${name}.png`), path.join(root, `www/screenshots/${name}.png`));
  }
}
console.log(shots.join('\n'));
