// Takes the reader page's screenshots (not a test: run it by hand and look at the pictures).
//
//   HAMISH_URL=http://127.0.0.1:8000/ node tests/browser/screenshots.mjs [OUT_DIR] [--docs]
//
// OUT_DIR defaults to /tmp/hamish-shots. --docs also refreshes www/screenshots/article.png and
// www/screenshots/tooltip.png, the two kept as documentation.

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP, PHONE, glossed, launch, openReader, paste, wordPoint } from './helpers.mjs';

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

await browser.close();
if (docs) {
  await mkdir(path.join(root, 'www/screenshots'), { recursive: true });
  await copyFile(path.join(out, 'desktop-light-article.png'), path.join(root, 'www/screenshots/article.png'));
  await copyFile(path.join(out, 'desktop-light-tooltip.png'), path.join(root, 'www/screenshots/tooltip.png'));
}
console.log(shots.join('\n'));
