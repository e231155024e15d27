// Installable and offline: the manifest, the service worker taking over after the first visit,
// the reader opening and glossing with the network switched off, and a new version replacing
// the old one whole, only when the reader chooses to reload.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { ARGS, BASE, assertClean, glossed, highlighted, launch, openReader, paste, tipSummary } from './helpers.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const SENTENCE = 'قالت قوات سوريا الديمقراطية إن الوضع في الحسكة هادئ';

/** Waits until the service worker is active for the page (it registers once the page is up). */
function workerActive(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active.scriptURL;
  });
}

/** Polls `condition` (run in the page) until it is true; page-side async checks (the Cache API)
 * cannot go through waitForFunction's polling. */
async function until(page, condition, arg, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(condition, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The version's set, complete: every listed file is in the cache named after it. */
function cacheComplete(page, list) {
  return until(
    page,
    async ({ version, files }) => {
      if (!(await caches.has(`hamish-${version}`))) return false;
      const cache = await caches.open(`hamish-${version}`);
      const keys = new Set((await cache.keys()).map((r) => r.url));
      return files.every((f) => keys.has(new URL(f, document.baseURI).href));
    },
    list,
  );
}

async function served(url) {
  const response = await fetch(url, { cache: 'no-store' });
  assert.ok(response.ok, `${url}: HTTP ${response.status}`);
  return response;
}

describe('offline use', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('links a manifest to install from, and the service worker controls the page after the first visit', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page);
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    const response = await served(new URL(href, BASE));
    assert.equal(response.headers.get('content-type'), 'application/manifest+json');
    const manifest = await response.json();
    assert.equal(manifest.name, 'هامش · hamish');
    assert.equal(manifest.short_name, 'hamish');
    assert.equal(manifest.start_url, './');
    assert.equal(manifest.scope, './');
    assert.equal(manifest.display, 'standalone');
    assert.deepEqual([manifest.lang, manifest.dir], ['ar', 'rtl']);
    assert.ok(manifest.icons.length > 0);
    for (const icon of manifest.icons) (await served(new URL(icon.src, new URL(href, BASE)))).body?.cancel();

    const list = await (await served(new URL('pkg/offline.json', BASE))).json();
    assert.match(list.version, /^[0-9a-f]{16}$/);
    for (const file of ['index.html', 'app.js', 'offline.js', 'sw.js', 'worker.js', 'pkg/hamish.js', 'pkg/hamish_bg.wasm', 'pkg/glossary.bin', 'articles/index.json', 'manifest.webmanifest']) {
      assert.ok(list.files.includes(file), `${file} is in the offline set`);
    }
    const articles = await (await served(new URL('articles/index.json', BASE))).json();
    for (const a of articles) assert.ok(list.files.includes(`articles/${a.file}`), `${a.file} is in the offline set`);
    assert.ok(!list.files.some((f) => f.endsWith('.gz') || f.startsWith('bench/') || f.startsWith('screenshots/')), 'only what the page loads');

    // The first visit installs the worker; the page itself stays as it loaded, from the network.
    assert.equal(await workerActive(page), new URL(`sw.js?v=${list.version}`, BASE).href);
    await cacheComplete(page, list);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    await page.reload();
    await glossed(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), new URL(`sw.js?v=${list.version}`, BASE).href);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`hamish-${list.version}`]);

    assertClean(problems);
    await context.close();
  });

  it('is installable, as Chromium judges it', async () => {
    // A profile on disk: Chromium installs nothing from an incognito context (newContext's).
    const profile = await mkdtemp(join(tmpdir(), 'hamish-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(BASE);
      await glossed(page);
      await workerActive(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, []);
      const { url, data } = await cdp.send('Page.getAppManifest');
      assert.equal(url, new URL('manifest.webmanifest', BASE).href);
      assert.equal(JSON.parse(data).short_name, 'hamish');
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });

  it('opens, shows the article glossed and glosses pasted text with the network off', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page);
    const list = await (await served(new URL('pkg/offline.json', BASE))).json();
    await workerActive(page);
    await cacheComplete(page, list);

    await context.setOffline(true);
    await page.reload();
    await glossed(page);
    assert.ok((await page.locator('#article .t').count()) > 20, 'the article is highlighted');
    await page.locator('#article .t', { hasText: 'قسد' }).first().hover();
    await page.waitForSelector('#tip[data-state="complete"]');
    const tip = await tipSummary(page);
    assert.equal(tip.type, 'abbreviation');
    assert.match(tip.en, /SDF|Syrian Democratic Forces/);

    await paste(page, SENTENCE);
    assert.deepEqual(
      (await highlighted(page)).map((m) => [m.text, m.type]),
      [
        ['قوات سوريا الديمقراطية', 'organisation'],
        ['الحسكة', 'place'],
      ],
    );
    // The other articles are there too.
    await page.click('#tab-article');
    await page.selectOption('#article-select', 'raqqa.txt');
    await page.waitForFunction(() => document.querySelector('#article').textContent.includes('الرقة'));
    await glossed(page);
    assertClean(problems);
    await context.close();
  });

  describe('a new version', () => {
    let root;
    let server;
    let base;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'hamish-offline-'));
      await cp(WWW, root, {
        recursive: true,
        filter: (from) => !/[/\\](bench|screenshots)$/.test(from) && !from.endsWith('.gz'),
      });
      server = await serve(root);
      base = `http://127.0.0.1:${server.address().port}/`;
    });
    after(async () => {
      server?.closeAllConnections();
      server?.close();
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('is installed in the background, used only once the reader reloads from the notice, and replaces the old one whole', async () => {
      const { context, page, problems } = await openReader(browser, { open: false });
      await page.goto(base);
      await glossed(page);
      const old = JSON.parse(await readFile(join(root, 'pkg/offline.json'), 'utf8'));
      await workerActive(page);
      await cacheComplete(page, old);
      await page.reload();
      await glossed(page);
      const oldText = await page.textContent('#article');
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), `${base}sw.js?v=${old.version}`);

      // The server gets a new build: an article, the page's code and the list change.
      const article = join(root, 'articles/coalition.txt');
      await writeFile(article, `الإصدار الجديد من المقال\n${await readFile(article, 'utf8')}`);
      await writeFile(join(root, 'app.js'), `${await readFile(join(root, 'app.js'), 'utf8')}\n// new version\n`);
      const version = (BigInt(`0x${old.version}`) ^ 0xffffn).toString(16).padStart(16, '0');
      await writeFile(join(root, 'pkg/offline.json'), JSON.stringify({ version, files: old.files }));

      // A reload: still the old version throughout, while the new one installs and says so.
      await page.reload();
      await glossed(page);
      await page.waitForSelector('#update:not([hidden])');
      assert.equal(await page.textContent('#article'), oldText);
      assert.doesNotMatch(await page.evaluate(() => fetch('app.js').then((r) => r.text())), /new version/);
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), `${base}sw.js?v=${old.version}`);
      assert.match(await page.textContent('#update'), /A new version is ready/);
      await cacheComplete(page, { version, files: old.files });

      // The reader chooses to reload: the new version, from its own set, and only it is kept.
      await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
      await glossed(page);
      assert.match(await page.textContent('#article'), /^الإصدار الجديد من المقال/);
      assert.match(await page.evaluate(() => fetch('app.js').then((r) => r.text())), /new version/);
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), `${base}sw.js?v=${version}`);
      await until(page, async (v) => JSON.stringify(await caches.keys()) === JSON.stringify([`hamish-${v}`]), version);
      assert.equal(await page.isHidden('#update'), true);
      assertClean(problems);
      await context.close();
    });
  });
});

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static server over `root` whose files the test can change: no compression, every response
 * to be revalidated (as the project's own server). */
function serve(root) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      response.writeHead(404).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
