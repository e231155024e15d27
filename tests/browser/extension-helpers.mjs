// Helpers for the browser extension's tests: a server for the test pages, Chromium with the
// extension loaded, and ways to read what the extension drew.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ARGS } from './helpers.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PAGES = join(ROOT, 'tests/fixtures/pages');

/** The assembled extension: HAMISH_EXTENSION (cargo xtask test sets it), else target/extension,
 * assembled from the built www/pkg if it is not there yet. */
export function extensionDir() {
  const dir = process.env.HAMISH_EXTENSION || join(ROOT, 'target/extension');
  if (!existsSync(join(dir, 'manifest.json'))) {
    const built = spawnSync('cargo', ['run', '-q', '-p', 'xtask', '--', 'extension', '--no-build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('could not assemble the extension (cargo xtask extension --no-build)');
  }
  return dir;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json' };
/** The strict page's policy: no inline script or style, nothing from elsewhere, Trusted Types. */
export const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self'; require-trusted-types-for 'script'";

/** Arabic news sentences written for these tests, each with glossary terms. */
export const SENTENCES = [
  'أعلنت قوات سوريا الديمقراطية أن وحداتها صدّت هجوما على نقطة عسكرية قرب مدينة الحسكة فجر اليوم.',
  'وقال مصدر محلي إن مقاتلي قسد اشتبكوا مع خلية تابعة لتنظيم داعش في ريف دير الزور الشرقي.',
  'وفي بغداد، بحث رئيس الوزراء العراقي مع وفد من إقليم كردستان ملف الرواتب والنفط.',
  'دعت الأمم المتحدة إلى وقف إطلاق النار في حلب وإدلب وإلى فتح ممرات إنسانية للمدنيين.',
  'The convoy reached the checkpoint at noon, according to the Reuters correspondent.',
  'وذكرت وكالة الأنباء أن الحشد الشعبي نشر تعزيزات على الطريق بين الموصل وأربيل.',
  'وصل وفد من الحكومة السورية إلى دمشق قادما من عمّان لبحث عودة اللاجئين.',
];

/** About `bytes` of news: paragraphs of the sentences above, numbered, in an RTL page. */
function bigPage(bytes) {
  const head = '<!doctype html><html lang="ar" dir="rtl" data-hamish-test><head><meta charset="utf-8"><title>أرشيف الأخبار</title><link rel="stylesheet" href="news.css"></head><body><main id="archive">';
  const parts = [head];
  let size = Buffer.byteLength(head);
  for (let i = 0; size < bytes; i++) {
    const p = `<p id="b${i}">${i}. ${SENTENCES[i % SENTENCES.length]} ${SENTENCES[(i * 3 + 1) % SENTENCES.length]}</p>\n`;
    parts.push(p);
    size += Buffer.byteLength(p);
  }
  parts.push('</main></body></html>');
  return parts.join('');
}

/** Serves tests/fixtures/pages (and /big.html, 10 MB) on a free port of 127.0.0.1; pages under
 * /strict* get STRICT_CSP. */
export function startServer() {
  let big = null;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path.startsWith('/strict')) res.setHeader('Content-Security-Policy', STRICT_CSP);
    if (path === '/big.html') {
      big ??= bigPage(10 * 1024 * 1024);
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      res.end(big);
      return;
    }
    const file = join(PAGES, path === '/' ? 'news.html' : path.slice(1));
    if (!file.startsWith(PAGES) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

/** Chromium (headless) with the extension loaded, in a fresh profile; its service worker. */
export async function launchWithExtension(options = {}) {
  const dir = extensionDir();
  const profile = mkdtempSync(join(tmpdir(), 'hamish-extension-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    hasTouch: true,
    // The reader tests' flags (headless is the option above), and the extension.
    args: [...ARGS.filter((arg) => arg !== '--headless'), `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    ...options,
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const id = new URL(worker.url()).host;
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, worker, id, close };
}

/** A page with console errors, uncaught exceptions and CSP violations collected. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.hamishViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.hamishViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(url);
  return { page, problems, response };
}

/** What the toolbar button does for `page`'s tab ('on', 'once', 'off'). */
export function clickToolbar(worker, page) {
  return worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return self.hamish.toggle(tab);
  }, page.url());
}

/** Makes sure `page`'s site is glossed (the toolbar button, unless the site is on already). */
export async function enable(worker, page) {
  const on = await worker.evaluate(async (origin) => ((await chrome.storage.local.get('sites')).sites || []).includes(origin), new URL(page.url()).origin);
  if (!on) return clickToolbar(worker, page);
  return 'on';
}

/** Every highlighted range of a frame: [{type, text, shadow}] (shadow: inside a shadow root). */
export function highlights(frame) {
  return frame.evaluate(() => {
    const out = [];
    for (const [type, highlight] of CSS.highlights) {
      for (const r of highlight) {
        let text;
        if (r.startContainer === r.endContainer) text = r.startContainer.data.slice(r.startOffset, r.endOffset);
        else {
          const range = document.createRange();
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
          text = range.toString();
        }
        const root = r.startContainer.getRootNode();
        out.push({ type, text, shadow: root instanceof ShadowRoot, id: r.startContainer.parentElement?.closest('[id]')?.id ?? null });
      }
    }
    return out;
  });
}

/** Waits until `frame` has a highlight of `type` over `text`. */
export async function waitForHighlight(frame, type, text, timeout = 20_000) {
  await frame.waitForFunction(
    ([t, x]) => {
      const h = CSS.highlights.get(t);
      if (!h) return false;
      for (const r of h) {
        if (r.startContainer === r.endContainer && r.startContainer.data.slice(r.startOffset, r.endOffset) === x) return true;
        if (r.startContainer !== r.endContainer) {
          const range = document.createRange();
          range.setStart(r.startContainer, r.startOffset);
          range.setEnd(r.endContainer, r.endOffset);
          if (range.toString() === x) return true;
        }
      }
      return false;
    },
    [type, text],
    { timeout },
  );
}

/** The centre of the first occurrence of `word` in the element `selector` (scrolled into view). */
export function wordPoint(page, selector, word) {
  return page.evaluate(
    ({ s, w }) => {
      const root = document.querySelector(s);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let text = '';
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        nodes.push([t, text.length]);
        text += t.data;
      }
      const at = text.indexOf(w);
      if (at < 0) return null;
      const place = (pos) => {
        for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= pos) return [nodes[i][0], pos - nodes[i][1]];
        return null;
      };
      const range = document.createRange();
      range.setStart(...place(at + Math.floor(w.length / 2)));
      range.setEnd(...place(at + Math.floor(w.length / 2) + 1));
      root.scrollIntoView({ block: 'center' });
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    },
    { s: selector, w: word },
  );
}

/**
 * What the extension's card shows. The card is in a closed shadow root (so the page cannot
 * read it); the test reads it through the DevTools protocol, which sees closed roots.
 */
export async function card(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'hamish-gloss' });
    if (!nodeId) return null;
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (!shadow) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      returnByValue: true,
      functionDeclaration: `function () {
        const tip = this.querySelector('.tip');
        const r = tip.getBoundingClientRect();
        return {
          mode: this.mode,
          visible: !tip.hidden && r.width > 0 && r.height > 0 && getComputedStyle(tip).display !== 'none',
          state: tip.dataset.state || '',
          written: tip.querySelector('.tip-written')?.textContent ?? null,
          type: tip.querySelector('.tip-type')?.dataset.type ?? null,
          en: tip.querySelector('.tip-en')?.textContent ?? null,
          parts: [...tip.querySelectorAll('.tip-parts .part-ar')].map((p) => p.textContent),
          buttons: tip.querySelectorAll('button').length,
          font: getComputedStyle(tip).fontSize,
          background: getComputedStyle(tip).backgroundColor,
          rect: { left: r.left, top: r.top, width: r.width, height: r.height },
        };
      }`,
    });
    return result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The reader's colour for `name` (e.g. --place-bg) in `scheme`, from www/style.css, as the
 * browser computes it (rgb(...)). */
export function readerColour(name, scheme) {
  const css = readFileSync(join(ROOT, 'www/style.css'), 'utf8');
  const m = new RegExp(`${name}:\\s*light-dark\\((#[0-9a-f]{6}),\\s*(#[0-9a-f]{6})\\)`, 'i').exec(css);
  if (!m) throw new Error(`${name} not in www/style.css`);
  const hex = scheme === 'dark' ? m[2] : m[1];
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

export const SHOTS = join(ROOT, 'target/extension-shots');
