// Writes the extension's toolbar and store icons (16, 32, 48, 128 px PNG) from the reader's
// www/favicon.svg, drawn by headless Chromium (Chromium's toolbar needs PNG). Run it again when
// the favicon changes: node extension/icons/make.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const svg = await readFile(here('../../www/favicon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: here(`${size}.png`), omitBackground: true });
  await page.close();
}
await browser.close();
