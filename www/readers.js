// hamish reader: reading files and pasted HTML into the reader's text, loaded when first
// needed (open.js asks for it when the page is idle after start-up, or on the first file or
// rich paste, whichever comes first). A text, HTML, Word (DOCX), EPUB or PDF file, or HTML from
// the clipboard, becomes the plain text the reader reads: one line per heading, paragraph or
// list item, a blank line between them (the paste box shows each line as a block).
//
// Safety: nothing from a file or the clipboard is ever put in the page as markup. HTML, XHTML
// and XML are parsed with DOMParser into a document of their own, which runs no script, loads
// nothing and is never attached to the page; only the text of its nodes is read. The page
// enforces Trusted Types, so DOMParser needs a TrustedHTML: the 'hamish-html' policy below gives
// one, and is used for nothing else. pdf.js reads PDFs in a worker started from the page's own
// vendor/ folder through the 'hamish-pdf' policy; the zip library and pdf.js are loaded only
// when a file of their kind is opened.
//
// Arabic from PDFs is made readable (see tidyArabic): presentation forms become letters, kashida
// stretching is removed, lines that come out reversed are turned round.

import { titleFrom } from './library.js';

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_UNZIPPED = 200 * 1024 * 1024; // a zip that inflates past this is refused (a zip bomb)

/** An error whose message is meant for the reader as it is. */
export class OpenError extends Error {
  constructor(message) {
    super(message);
    this.name = 'OpenError';
  }
}

const megabytes = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// ── Trusted Types: the two policies this module needs ──────────────────────────────────────

// A parsed document takes the page's CSP, which refuses inline styles and event handlers as
// the parser meets them, and says so in the console (an error each). Nothing would run, but a
// page that reports errors for every article opened hides real ones: style sheets and scripts
// go before parsing, and `on…` and `style` attributes are renamed (`data-hamish-…`).
const INERT_BLOCKS = /<(script|style)\b(?:[^>"'/]|"[^"]*"|'[^']*'|\/(?!>))*(?:\/>|>[\s\S]*?<\/\1\s*>)/gi;
const TAG = /<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const ACTIVE_ATTRIBUTE = /(\s)(on[a-z]+|style)(\s*=|\s|\/?>)/gi;
// (A self-closing <script/> of XHTML is removed alone: it has no end tag to look for.)
const inert = (markup) => markup.replace(INERT_BLOCKS, '').replace(TAG, (tag) => tag.replace(ACTIVE_ATTRIBUTE, '$1data-hamish-$2$3'));

let htmlPolicy = null;
/**
 * `markup` parsed by DOMParser as `type`. The policy hands the string over unchanged, which is
 * safe only because it is used here and nowhere else: a DOMParser document is inert (scripts
 * never run, nothing is fetched, event handlers never fire) and its nodes never enter the page.
 */
function parse(markup, type) {
  let input = type === 'application/xml' ? markup : inert(markup);
  if (globalThis.trustedTypes) {
    htmlPolicy ??= trustedTypes.createPolicy('hamish-html', { createHTML: (s) => s });
    input = htmlPolicy.createHTML(input);
  }
  return new DOMParser().parseFromString(input, type);
}

let pdfPolicy = null;
/** The pdf.js worker, from this page's own vendor/ folder only. */
function pdfWorker() {
  const url = new URL('vendor/pdf.worker.mjs', document.baseURI).href;
  let src = url;
  if (globalThis.trustedTypes) {
    pdfPolicy ??= trustedTypes.createPolicy('hamish-pdf', {
      createScriptURL(input) {
        if (input !== url) throw new TypeError(`refusing to load ${input}`);
        return input;
      },
    });
    src = pdfPolicy.createScriptURL(url);
  }
  return new Worker(src, { type: 'module', name: 'hamish-pdf' });
}

// ── Arabic as PDFs give it ──────────────────────────────────────────────────────────────────

const PRESENTATION_RUN = /[\uFB50-\uFDFF\uFE70-\uFEFE]+/g;
const ARABIC_WORD = /[\u0620-\u065F\u066E-\u06D3\u06D5\u06EE-\u06FF\uFB50-\uFDFF\uFE70-\uFEFC\u0640]+/g;
const MARK_OR_TATWEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/;
const LETTER = '[\\u0620-\\u063F\\u0641-\\u064A\\u066E-\\u06D3\\u06D5\\u06EE-\\u06FF]';
const MARKS = '[\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06ED]*';
// Kashida between two letters (marks allowed around it): justification, not writing. A tatweel
// after a one-letter prefix before a quote or a Latin word (لـ«قسد»، لـPKK) is left alone.
const KASHIDA = new RegExp(`(?<=${LETTER}${MARKS})\\u0640+(?=${MARKS}${LETTER})`, 'g');
// Runs that keep their left-to-right order inside a reversed line: digits and Latin words.
const LTR_CHAR = '[0-9A-Za-z\\u00C0-\\u024F\\u0660-\\u0669\\u06F0-\\u06F9]';
const LTR_RUN = new RegExp(`${LTR_CHAR}(?:[${LTR_CHAR.slice(1, -1)}.,:%/+\\- ]*${LTR_CHAR})?`, 'g');
const PAIRS = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '«': '»', '»': '«', '‹': '›', '›': '‹' };
const OPENING = new Set(['(', '[', '{', '«', '‹']);
const BRACKETS = /[()[\]{}«»‹›]/g;

let forms = null;
/**
 * Presentation form -> 'isolated' | 'final' | 'initial' | 'medial'. Unicode lays each letter's
 * forms out in that order (isolated, final, then initial and medial for a letter that joins the
 * next one), so the table is found from the code points themselves: consecutive forms of one
 * letter are those with the same compatibility decomposition.
 */
function positionalForms() {
  if (forms) return forms;
  forms = new Map();
  const names = ['isolated', 'final', 'initial', 'medial'];
  for (const [from, to] of [
    [0xfb50, 0xfbff],
    [0xfe80, 0xfefc],
  ]) {
    let group = [];
    const flush = () => {
      if (group.length <= 4) group.forEach((c, i) => forms.set(String.fromCodePoint(c), names[i]));
      group = [];
    };
    for (let c = from; c <= to; c++) {
      const base = String.fromCodePoint(c).normalize('NFKC');
      if (base === String.fromCodePoint(c)) {
        flush(); // unassigned or no decomposition
        continue;
      }
      if (group.length && String.fromCodePoint(group[0]).normalize('NFKC') !== base) flush();
      group.push(c);
    }
    flush();
  }
  return forms;
}

/**
 * How much `line` looks reversed: `strong` votes come from presentation forms (a word that
 * starts with a final form or ends with an initial one was written backwards; the other way
 * round, forwards), `weak` ones from the article (a word ending in لا rather than starting with
 * ال). Each is {rev, fwd}.
 */
function reversalVotes(line) {
  const table = positionalForms();
  const strong = { rev: 0, fwd: 0 };
  const weak = { rev: 0, fwd: 0 };
  for (const word of line.match(ARABIC_WORD) || []) {
    const letters = [...word].filter((c) => !MARK_OR_TATWEEL.test(c));
    if (letters.length < 2) continue;
    const first = table.get(letters[0]);
    const last = table.get(letters.at(-1));
    if (first === 'final' || last === 'initial') strong.rev++;
    if (first === 'initial' || last === 'final') strong.fwd++;
    const base = letters.join('').normalize('NFKC');
    if (base.length >= 4 && base.startsWith('ال')) weak.fwd++;
    if (base.length >= 4 && base.endsWith('لا')) weak.rev++;
  }
  return { strong, weak };
}

/** `line` read from the other end: characters reversed, but digits and Latin runs kept in
 * their order (a reader that reversed the line had reversed them twice). */
function reverseLine(line) {
  const reversed = [...line].reverse().join('');
  return reversed.replace(LTR_RUN, (run) => [...run].reverse().join(''));
}

/** Brackets that face the wrong way (`)قسد(`: mirrored glyphs read as written) turned round. */
function fixBrackets(line) {
  const first = line.match(/[()[\]{}«»‹›]/)?.[0];
  if (!first || OPENING.has(first)) return line;
  return line.replace(BRACKETS, (c) => PAIRS[c]);
}

/** Presentation forms as the letters they show; a lone vowel sign's form as the sign alone
 * (NFKC would give a space before it). */
function unpresent(text) {
  return text.replace(PRESENTATION_RUN, (run) =>
    [...run]
      .map((c) => {
        if (c === '\uFEFF') return ''; // a byte order mark inside text
        const plain = c.normalize('NFKC');
        return plain.startsWith(' ') && plain.length > 1 ? plain.slice(1) : plain;
      })
      .join(''),
  );
}

/**
 * `lines` with those written backwards (see reversalVotes) turned round. Strong evidence decides
 * a line by itself. With `pdf`, a text that is backwards as a whole (by every cue, the article's
 * included: PDFs without presentation forms) also has its lines without strong evidence turned.
 */
function orientLines(lines, { pdf = false } = {}) {
  const votes = lines.map(reversalVotes);
  let backwards = false;
  if (pdf) {
    const total = { rev: 0, fwd: 0 };
    for (const { strong, weak } of votes) {
      total.rev += strong.rev + weak.rev;
      total.fwd += strong.fwd + weak.fwd;
    }
    backwards = total.rev >= 3 && total.rev > 2 * total.fwd;
  }
  return lines.map((line, i) => {
    const { strong, weak } = votes[i];
    const reversed = strong.rev || strong.fwd ? strong.rev > strong.fwd : backwards && weak.rev >= weak.fwd && /[\u0620-\u064A]/.test(line);
    return reversed ? reverseLine(line) : line;
  });
}

/** Presentation forms as letters; with `pdf`, brackets facing the right way and kashida
 * between letters removed (other sources keep their tatweel: there it is the writer's). */
function cleanArabic(text, { pdf = false } = {}) {
  const out = unpresent(text);
  return pdf ? fixBrackets(out).replace(KASHIDA, '') : out;
}

/** Arabic made readable, line by line: lines written backwards turned round, presentation
 * forms replaced by letters (and with `pdf`, brackets and kashida as cleanArabic). */
function tidyArabic(text, { pdf = false } = {}) {
  return orientLines(text.split('\n'), { pdf })
    .map((line) => cleanArabic(line, { pdf }))
    .join('\n');
}

// ── blocks: the structure kept from any source ─────────────────────────────────────────────

/** A run of text with its whitespace collapsed (no-break and other spaces included; zero-width
 * joiners, which change how Persian and Kurdish words look, kept). */
const collapse = (s) => s.replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ').trim();

/** Blocks ({kind: 'h' | 'p' | 'li', text}) as the reader's text: one line each, blank lines
 * between, list items marked. */
function blocksToText(blocks) {
  return blocks
    .filter((b) => b.text)
    .map((b) => (b.kind === 'li' ? `• ${b.text}` : b.text))
    .join('\n\n');
}

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML',
  'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);
// Never text for a reader: code, styles, media, controls and what only a browser shows.
const SKIP_TAGS = new Set([
  'AUDIO', 'BUTTON', 'CANVAS', 'DATALIST', 'EMBED', 'HEAD', 'IFRAME', 'IMG', 'INPUT', 'LINK', 'MAP', 'MATH', 'META', 'METER',
  'NOSCRIPT', 'OBJECT', 'OPTION', 'PICTURE', 'PROGRESS', 'SCRIPT', 'SELECT', 'SOURCE', 'STYLE', 'SVG', 'TEMPLATE', 'TEXTAREA',
  'TITLE', 'VIDEO',
]);
// Around an article, never the article: navigation, side matter, forms, captions.
const BOILERPLATE_TAGS = new Set(['NAV', 'ASIDE', 'FOOTER', 'FORM', 'FIGCAPTION', 'MENU', 'DIALOG']);
const BOILERPLATE_NAME = /(?:^|[\s_-])(?:ads?|advert\w*|banner|breadcrumbs?|consent|cookies?|comments?|most-read|newsletter|outbrain|popup|promo\w*|related|share|sharing|sidebar|social|sponsor\w*|subscribe|taboola|tags|trending|widget|modal)(?:$|[\s_-])/i;

function hidden(el) {
  if (el.hidden || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('data-hamish-style');
  return !!style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/**
 * The blocks of `root`'s text. `article` also drops what surrounds an article on a news page
 * (navigation, side boxes, adverts, comment forms, captions: by element and by class or id).
 */
function blocksOf(root, { article = false } = {}) {
  const blocks = [];
  let kind = 'p';
  let buffer = '';
  let pre = 0;
  const flush = () => {
    // A <br> (or a <pre>'s line break) inside a block: each line its own line of text. Many
    // news sites separate their paragraphs with <br><br> only.
    for (const line of buffer.split('\n')) {
      const text = collapse(line);
      if (text) blocks.push({ kind, text });
    }
    buffer = '';
  };
  const walk = (node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 || child.nodeType === 4) {
        buffer += pre ? child.data : child.data.replace(/\n/g, ' ');
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.localName.toUpperCase();
      if (SKIP_TAGS.has(tag) || hidden(child)) continue;
      if (article && (BOILERPLATE_TAGS.has(tag) || BOILERPLATE_NAME.test(`${child.getAttribute('class') || ''} ${child.id || ''}`))) continue;
      const epubType = child.getAttribute('epub:type') || '';
      if (/\b(toc|landmarks|page-list|footnotes?|endnotes?)\b/.test(epubType)) continue;
      if (tag === 'BR') {
        buffer += '\n';
        continue;
      }
      if (tag === 'TR') {
        // A table row is one line, its cells apart.
        flush();
        const cells = [...child.children].filter((c) => /^t[dh]$/i.test(c.localName));
        const texts = cells.map((c) => {
          const sub = blocksOf(c, { article });
          return sub.map((b) => b.text).join(' ');
        });
        const line = texts.filter(Boolean).join(' | ');
        if (line) blocks.push({ kind: 'p', text: line });
        continue;
      }
      if (!BLOCK_TAGS.has(tag)) {
        walk(child);
        continue;
      }
      flush();
      const outer = kind;
      kind = HEADINGS.has(tag) ? 'h' : tag === 'LI' ? 'li' : kind === 'h' ? 'h' : 'p';
      if (tag === 'PRE') pre++;
      walk(child);
      flush();
      if (tag === 'PRE') pre--;
      kind = outer;
    }
  };
  walk(root);
  flush();
  return blocks;
}

/** Letters in `el`'s paragraphs that are not link text: how much of an article it holds. */
function paragraphWeight(el) {
  let weight = 0;
  for (const p of el.querySelectorAll('p')) {
    const text = collapse(p.textContent);
    if (text.length < 20) continue;
    let links = 0;
    for (const a of p.querySelectorAll('a')) links += collapse(a.textContent).length;
    weight += text.length - links;
  }
  return weight;
}

/**
 * The element holding a news page's article: an element marked as the article body, an
 * <article> or <main>, or else the element whose own paragraphs hold the most text (a simple
 * readability measure), whichever holds most of the page's paragraph text.
 */
function articleRoot(doc) {
  const body = doc.body || doc.documentElement;
  const total = paragraphWeight(body);
  const marked = doc.querySelectorAll(
    '[itemprop~="articleBody"], article, main, [role="main"], [class*="article-body"], [class*="article-content"], [class*="story-body"], [class*="entry-content"], [class*="post-content"], #article-body',
  );
  let best = null;
  let bestWeight = 0;
  for (const el of marked) {
    const weight = paragraphWeight(el);
    // The innermost of equals: <main><article>…</article></main> is the article.
    if (weight > bestWeight || (weight === bestWeight && best && best.contains(el))) {
      best = el;
      bestWeight = weight;
    }
  }
  if (best && bestWeight >= 0.5 * total && bestWeight > 0) return best;
  // A page that writes its paragraphs as <div>s and <br>s: trust the markup alone.
  if (!total) return doc.querySelector('[itemprop~="articleBody"], article, main, [role="main"]') || body;
  // No markup to go by: score each paragraph's parent (and half its grandparent).
  const scores = new Map();
  for (const p of body.querySelectorAll('p')) {
    const text = collapse(p.textContent).length;
    const parent = p.parentElement;
    if (text < 20 || !parent) continue;
    scores.set(parent, (scores.get(parent) || 0) + text);
    const grand = parent.parentElement;
    if (grand) scores.set(grand, (scores.get(grand) || 0) + text / 2);
  }
  let top = null;
  let topScore = 0;
  for (const [el, score] of scores) {
    if (score > topScore) {
      top = el;
      topScore = score;
    }
  }
  return top && topScore >= 0.4 * total ? top : body;
}

/** A page's title: its headline (og:title, the article's h1), else <title>. */
function pageTitle(doc, root) {
  const og = doc.querySelector('meta[property="og:title"], meta[name="twitter:title"]')?.getAttribute('content');
  const h1 = root.querySelector('h1') || doc.querySelector('h1');
  return collapse(og || '') || collapse(h1?.textContent || '') || collapse(doc.title || '');
}

/** A news page's article as text, without what surrounds it. */
function htmlToText(html) {
  const doc = parse(html, 'text/html');
  const root = articleRoot(doc);
  const blocks = blocksOf(root, { article: true });
  // A headline above the article element (in the page's header) belongs to it.
  const h1 = doc.querySelector('h1');
  if (h1 && !root.contains(h1) && !h1.closest('nav, footer, aside')) {
    const text = collapse(h1.textContent);
    if (text && blocks[0]?.text !== text) blocks.unshift({ kind: 'h', text });
  }
  return { text: tidyArabic(blocksToText(blocks)), title: pageTitle(doc, root) };
}

/** Pasted HTML (a selection the reader copied) as text: paragraphs, headings and list items
 * kept; scripts, styles, forms, navigation and everything else dropped. */
function fragmentToText(html) {
  const doc = parse(html, 'text/html');
  for (const el of doc.querySelectorAll('nav, footer, aside')) el.remove();
  return tidyArabic(blocksToText(blocksOf(doc.body || doc.documentElement)));
}

// ── decoding bytes ──────────────────────────────────────────────────────────────────────────

const startsWith = (bytes, ...sig) => sig.every((b, i) => bytes[i] === b);

/** Text from bytes: a byte order mark says the encoding; else UTF-8 if it is valid, else
 * Windows-1256 (what Arabic text files saved by older Windows programs are in). */
function decode(bytes, declared = null) {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, 0xff, 0xfe)) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, 0xfe, 0xff)) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // an unknown label: guess as below
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1256').decode(bytes);
  }
}

/** The charset an HTML file declares in its first bytes, if any. */
function declaredCharset(bytes) {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1] || null;
}

/** Whether bytes look like text: no NUL bytes (UTF-16 has them, but it starts with a BOM). */
function looksLikeText(bytes) {
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) return true;
  const head = bytes.subarray(0, 8192);
  return !head.includes(0);
}

const normaliseNewlines = (s) => s.replace(/\r\n?/g, '\n').replace(/\u2028|\u2029/g, '\n');

/** A plain text file as the reader's text: lines kept; runs of blank lines made one. */
function plainText(text) {
  const lines = normaliseNewlines(text)
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''));
  return tidyArabic(lines.join('\n').replace(/\n{3,}/g, '\n\n').trim());
}

// ── zip: DOCX and EPUB ──────────────────────────────────────────────────────────────────────

/** The files of a zip archive that `want(name)` asks for. */
async function unzip(bytes, want) {
  const { unzipSync } = await import('./vendor/fflate.mjs');
  let inflated = 0;
  try {
    return unzipSync(bytes, {
      filter(file) {
        if (!want(file.name)) return false;
        inflated += file.originalSize;
        if (inflated > MAX_UNZIPPED) throw new OpenError('This file unpacks to more than 200 MB of data, which is more than an article: it was not opened.');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof OpenError) throw error;
    throw new OpenError('This file is damaged: its zip archive could not be read.');
  }
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function xml(text, what) {
  const doc = parse(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new OpenError(`This file is damaged: its ${what} is not well-formed XML.`);
  return doc;
}

/** A Word document's paragraphs (tables row by row, list items marked), its title and headings. */
async function readDocx(bytes) {
  const files = await unzip(bytes, (name) => ['word/document.xml', 'word/styles.xml', 'docProps/core.xml'].includes(name));
  if (!files['word/document.xml']) throw new OpenError('This file is not a Word document (.docx): it has no word/document.xml.');
  const doc = xml(decode(files['word/document.xml']), 'document');
  // Style ids are localised (Überschrift1, عنوان1); their names say what they are.
  const headingStyles = new Set();
  if (files['word/styles.xml']) {
    const styles = xml(decode(files['word/styles.xml']), 'styles');
    for (const style of styles.getElementsByTagNameNS(W, 'style')) {
      const name = style.getElementsByTagNameNS(W, 'name')[0]?.getAttributeNS(W, 'val') || '';
      if (/^(heading \d|title|subtitle)$/i.test(name) || style.getElementsByTagNameNS(W, 'outlineLvl').length) headingStyles.add(style.getAttributeNS(W, 'styleId'));
    }
  }
  const isHeading = (p) => {
    const style = p.getElementsByTagNameNS(W, 'pStyle')[0]?.getAttributeNS(W, 'val') || '';
    return headingStyles.has(style) || /^(title|subtitle|heading\d)$/i.test(style) || p.getElementsByTagNameNS(W, 'outlineLvl').length > 0;
  };
  const paragraphText = (p) => {
    let text = '';
    const walk = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType !== 1) continue;
        if (child.namespaceURI === W) {
          const name = child.localName;
          if (name === 't') text += child.textContent;
          else if (name === 'tab' || name === 'ptab') text += ' ';
          else if (name === 'br' || name === 'cr') text += '\n';
          else if (name === 'noBreakHyphen') text += '-';
          // Deleted revisions, field codes, text boxes (drawn apart) and footnote marks are no
          // part of the paragraph as read.
          else if (!['delText', 'instrText', 'txbxContent', 'pPr', 'rPr', 'footnoteReference', 'endnoteReference'].includes(name)) walk(child);
        } else if (child.localName !== 'Fallback') walk(child); // mc:Choice and mc:Fallback say the same
      }
    };
    walk(p);
    return text;
  };
  const blocks = [];
  const body = doc.getElementsByTagNameNS(W, 'body')[0];
  const walkBody = (node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== 1 || child.namespaceURI !== W) continue;
      if (child.localName === 'p') {
        const heading = isHeading(child);
        const list = child.getElementsByTagNameNS(W, 'numPr').length > 0;
        for (const line of paragraphText(child).split('\n')) {
          const text = collapse(line);
          if (text) blocks.push({ kind: heading ? 'h' : list ? 'li' : 'p', text });
        }
      } else if (child.localName === 'tbl') {
        for (const row of child.getElementsByTagNameNS(W, 'tr')) {
          if (row.parentNode !== child) continue; // nested tables come with their cell
          const cells = [...row.childNodes].filter((c) => c.localName === 'tc');
          const line = cells
            .map((c) => collapse([...c.getElementsByTagNameNS(W, 'p')].map(paragraphText).join(' ')))
            .filter(Boolean)
            .join(' | ');
          if (line) blocks.push({ kind: 'p', text: line });
        }
      } else if (child.localName === 'sdt' || child.localName === 'sdtContent' || child.localName === 'customXml') walkBody(child);
    }
  };
  if (body) walkBody(body);
  let title = '';
  if (files['docProps/core.xml']) {
    const core = xml(decode(files['docProps/core.xml']), 'document properties');
    title = collapse(core.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'title')[0]?.textContent || '');
  }
  return { text: tidyArabic(blocksToText(blocks)), title: title || blocks.find((b) => b.kind === 'h')?.text || '' };
}

/** An EPUB's chapters in reading order (its spine), each as blocks; its title. */
async function readEpub(bytes) {
  const files = await unzip(bytes, (name) => !/\.(jpe?g|png|gif|webp|svg|ttf|otf|woff2?|mp3|mp4|css)$/i.test(name));
  const container = files['META-INF/container.xml'];
  if (!container) throw new OpenError('This file is not an EPUB book: it has no META-INF/container.xml.');
  const rootPath = xml(decode(container), 'container').querySelector('rootfile')?.getAttribute('full-path');
  if (!rootPath || !files[rootPath]) throw new OpenError('This EPUB book is damaged: its package file is missing.');
  const opf = xml(decode(files[rootPath]), 'package file');
  const base = rootPath.includes('/') ? rootPath.slice(0, rootPath.lastIndexOf('/') + 1) : '';
  const manifest = new Map();
  for (const item of opf.getElementsByTagName('item')) manifest.set(item.getAttribute('id'), item);
  const parts = [];
  for (const ref of opf.getElementsByTagName('itemref')) {
    if (ref.getAttribute('linear') === 'no') continue;
    const item = manifest.get(ref.getAttribute('idref'));
    if (!item || /\bnav\b/.test(item.getAttribute('properties') || '')) continue;
    let path;
    try {
      path = decodeURIComponent(new URL(item.getAttribute('href'), `https://book/${base}`).pathname.slice(1));
    } catch {
      continue;
    }
    const data = files[path];
    if (!data) continue;
    const source = decode(data);
    let page = parse(source, 'application/xhtml+xml');
    if (page.getElementsByTagName('parsererror').length) page = parse(source, 'text/html');
    const root = page.body || page.getElementsByTagName('body')[0] || page.documentElement;
    parts.push(blocksToText(blocksOf(root)));
  }
  if (!parts.some(Boolean)) throw new OpenError('This EPUB book has no text in its chapters.');
  const title = collapse(opf.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'title')[0]?.textContent || '');
  return { text: tidyArabic(parts.filter(Boolean).join('\n\n')), title };
}

// ── PDF ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A page's text items as lines: items in the order the PDF draws them, a new line where the
 * baseline moves; within a line, items ordered by position (right to left in a line that is
 * mostly right-to-left), a space where they stand apart.
 */
function pageLines(items) {
  const lines = [];
  let line = null;
  for (const item of items) {
    if (!('str' in item)) continue;
    const size = Math.hypot(item.transform[2], item.transform[3]) || item.height || 10;
    const y = item.transform[5];
    if (!item.str.trim()) {
      if (line && item.hasEOL) line.eol = true;
      continue;
    }
    if (!line || line.eol || Math.abs(y - line.y) > 0.4 * Math.max(size, line.size)) {
      line = { y, size, items: [], eol: false };
      lines.push(line);
    }
    line.size = Math.max(line.size, size);
    line.items.push({ str: item.str, x: item.transform[4], width: item.width, rtl: item.dir === 'rtl', size });
    if (item.hasEOL) line.eol = true;
  }
  return lines.map((l) => {
    const rtlChars = l.items.reduce((n, i) => n + (i.rtl ? i.str.length : 0), 0);
    const rtl = rtlChars * 2 > l.items.reduce((n, i) => n + i.str.length, 0);
    const sorted = l.items.slice().sort((a, b) => (rtl ? b.x + b.width - (a.x + a.width) : a.x - b.x));
    let text = '';
    let previous = null;
    for (const item of sorted) {
      if (previous) {
        const gap = rtl ? previous.x - (item.x + item.width) : item.x - (previous.x + previous.width);
        if (gap > 0.2 * item.size && !/\s$/.test(text) && !/^\s/.test(item.str)) text += ' ';
      }
      text += item.str;
      previous = item;
    }
    const left = Math.min(...l.items.map((i) => i.x));
    const right = Math.max(...l.items.map((i) => i.x + i.width));
    return { text: collapse(text), y: l.y, size: l.size, left, right };
  });
}

const ENDS_SENTENCE = /[.!?؟:…»"”)]$/;

/** Lines of all pages as blocks: headings (larger type) apart; a paragraph's lines joined; a
 * paragraph ends at a wider gap or at a short line that ends a sentence. Page numbers and lines
 * repeated on most pages (running heads) are dropped. */
function pdfBlocks(pages) {
  const all = pages.flat();
  if (!all.length) return [];
  // The body's type size: the size most of the text is set in.
  const bySize = new Map();
  for (const l of all) bySize.set(Math.round(l.size), (bySize.get(Math.round(l.size)) || 0) + l.text.length);
  const body = [...bySize].sort((a, b) => b[1] - a[1])[0][0];
  // Running heads and feet: the same line (numbers aside) on most pages of a longer document.
  const repeated = new Set();
  if (pages.length >= 3) {
    const seen = new Map();
    for (const page of pages) for (const key of new Set(page.map((l) => l.text.replace(/[\d٠-٩]+/g, '#')))) seen.set(key, (seen.get(key) || 0) + 1);
    for (const [key, n] of seen) if (n > pages.length / 2) repeated.add(key);
  }
  const blocks = [];
  let previous = null; // the last line kept, of this page or the one before
  for (const page of pages) {
    const lines = page.filter((l) => !/^[\s\d٠-٩\-–—/|.]*$/.test(l.text) && !repeated.has(l.text.replace(/[\d٠-٩]+/g, '#')));
    if (!lines.length) continue;
    // The usual distance between two lines of one paragraph.
    const gaps = new Map();
    for (let i = 1; i < lines.length; i++) {
      const gap = Math.round(lines[i - 1].y - lines[i].y);
      if (gap > 0 && Math.round(lines[i].size) === body && Math.round(lines[i - 1].size) === body) gaps.set(gap, (gaps.get(gap) || 0) + 1);
    }
    // (Seen once only, it may as well be the gap between two paragraphs: then no more than
    // one and a half times the type size, a generous line spacing.)
    const [usual, seen] = [...gaps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] || [body * 1.5, 0];
    const leading = seen >= 2 ? usual : Math.min(usual, body * 1.5);
    const width = Math.max(...lines.map((l) => l.right - l.left));
    lines.forEach((line, i) => {
      const heading = line.size >= body * 1.15;
      const kind = heading ? 'h' : 'p';
      const last = blocks.at(-1);
      // A paragraph goes on over a page break unless the page before ended a sentence.
      const close = i === 0 ? !heading && !ENDS_SENTENCE.test(previous?.text || '.') : previous.y - line.y > 0 && previous.y - line.y <= leading * 1.3;
      const joins =
        previous &&
        last &&
        last.kind === kind &&
        Math.abs(line.size - previous.size) < 0.5 &&
        close &&
        !(ENDS_SENTENCE.test(previous.text) && previous.right - previous.left < 0.85 * width);
      if (joins) last.text += ` ${line.text}`;
      else blocks.push({ kind, text: line.text });
      previous = line;
    });
  }
  return blocks;
}

/** A PDF's text layer, page by page (`progress(done, total)` after each). */
async function readPdf(bytes, { progress, signal }) {
  const pdfjs = await import('./vendor/pdf.mjs');
  const worker = pdfWorker();
  // A worker that fails to start never answers: its error ends the wait instead.
  const broken = new Promise((_, reject) => {
    worker.addEventListener('error', () => reject(new OpenError('The PDF reader could not be started in this browser.')));
  });
  broken.catch(() => {});
  const port = new pdfjs.PDFWorker({ port: worker, verbosity: 0 });
  const task = pdfjs.getDocument({
    data: bytes,
    worker: port,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  const stop = () => task.destroy();
  signal?.addEventListener('abort', stop);
  try {
    let pdf;
    try {
      pdf = await Promise.race([task.promise, broken]);
    } catch (error) {
      if (error instanceof OpenError) throw error;
      if (signal?.aborted) throw error;
      if (error?.name === 'PasswordException') throw new OpenError('This PDF is protected by a password, so its text cannot be read. Open it in a PDF reader, and copy its text or save an unprotected copy.');
      if (error?.name === 'InvalidPDFException') throw new OpenError('This file is not a readable PDF: it is damaged or incomplete (a download cut short?).');
      throw new OpenError(`This PDF could not be read (${error?.message || error}).`);
    }
    const total = pdf.numPages;
    const pages = [];
    const empty = [];
    let title = '';
    try {
      const meta = await pdf.getMetadata();
      title = collapse(meta?.info?.Title || '');
    } catch {
      // no metadata
    }
    for (let n = 1; n <= total; n++) {
      if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      const page = await Promise.race([pdf.getPage(n), broken]);
      const content = await Promise.race([page.getTextContent(), broken]);
      const lines = pageLines(content.items);
      if (!lines.some((l) => /\p{L}/u.test(l.text))) empty.push(n);
      pages.push(lines);
      page.cleanup();
      progress?.(n, total);
    }
    if (empty.length === total) {
      throw new OpenError(
        `This PDF has no text layer: its ${total === 1 ? 'page is an image' : `${total} pages are images`} (a scan?), and hamish reads text only. Run it through text recognition (OCR) first.`,
      );
    }
    // Lines are turned round before they are joined into paragraphs (a reversed line's full
    // stop comes first, and two reversed lines joined would swap places).
    const all = pages.flat();
    orientLines(all.map((l) => l.text), { pdf: true }).forEach((text, i) => (all[i].text = text));
    const blocks = pdfBlocks(pages);
    for (const block of blocks) block.text = cleanArabic(block.text, { pdf: true });
    const text = blocksToText(blocks);
    // Metadata titles are often a file name or a program's ("Microsoft Word - x.docx").
    const junk = !title || /^(untitled|microsoft|document|\S+\.\w{2,4}$)/i.test(title) || !/\p{L}/u.test(title);
    const tidyTitle = junk ? '' : tidyArabic(title, { pdf: true });
    const note = empty.length ? `${empty.length === 1 ? `Page ${empty[0]} has` : `${empty.length} pages have`} no text (${empty.length === 1 ? 'an image' : 'images'} only).` : '';
    return { text, title: tidyTitle || blocks.find((b) => b.kind === 'h')?.text || '', note };
  } finally {
    signal?.removeEventListener('abort', stop);
    await task.destroy().catch(() => {});
    port.destroy();
    worker.terminate();
  }
}

// ── any file ────────────────────────────────────────────────────────────────────────────────

const KINDS = {
  pdf: 'PDF',
  docx: 'Word document',
  epub: 'EPUB book',
  html: 'web page',
  txt: 'text file',
};

/** What a file is, from its first bytes, then its name and type. */
function kindOf(bytes, file) {
  const name = file.name.toLowerCase();
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf'; // %PDF-
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 120));
    if (head.includes('mimetypeapplication/epub+zip') || ext === 'epub') return 'epub';
    if (ext === 'docx' || ext === 'docm' || ext === 'dotx') return 'docx';
    // Office files begin with their content types or a part of word/ (a .docx without its name).
    if (head.includes('[Content_Types].xml') || head.includes('word/')) return 'docx';
    return 'zip';
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return 'ole'; // .doc, .xls: the old Office formats
  if (startsWith(bytes, 0x7b, 0x5c, 0x72, 0x74, 0x66)) return 'rtf'; // {\rtf
  if (ext === 'pdf') return 'pdf';
  if (['docx', 'epub'].includes(ext)) return ext;
  if (!looksLikeText(bytes)) return 'binary';
  if (['html', 'htm', 'xhtml', 'shtml', 'php', 'asp', 'aspx'].includes(ext) || /html|xhtml/.test(file.type)) return 'html';
  const head = decode(bytes.subarray(0, 1024)).trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(head)) return 'html';
  return 'txt';
}

/**
 * Reads `file` into the reader's text. Resolves with {text, title, source, kind, note} or
 * rejects with an OpenError that says what is wrong in the reader's terms (or an AbortError).
 */
export async function readFile(file, { progress, signal } = {}) {
  if (file.size > MAX_BYTES) {
    throw new OpenError(`“${file.name}” is ${megabytes(file.size)}; hamish opens files up to ${megabytes(MAX_BYTES).replace('.0', '')}. For a long PDF or book, save the part you want to read as its own file.`);
  }
  if (file.size === 0) throw new OpenError(`“${file.name}” is empty.`);
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new OpenError(`“${file.name}” could not be read (${error.message}).`);
  }
  const kind = kindOf(bytes, file);
  let result;
  switch (kind) {
    case 'pdf':
      result = await readPdf(bytes, { progress, signal });
      break;
    case 'docx':
      result = await readDocx(bytes);
      break;
    case 'epub':
      result = await readEpub(bytes);
      break;
    case 'html': {
      result = htmlToText(decode(bytes, declaredCharset(bytes)));
      break;
    }
    case 'txt':
      result = { text: plainText(decode(bytes)), title: '' };
      break;
    case 'ole':
      throw new OpenError(`“${file.name}” is in an old Office format (.doc). Save it as a Word document (.docx) or as text, and open that.`);
    case 'rtf':
      throw new OpenError(`“${file.name}” is an RTF document. Save it as a Word document (.docx) or as text, and open that.`);
    case 'zip':
      throw new OpenError(`“${file.name}” is a zip archive, but not a Word document (.docx) or an EPUB book.`);
    default:
      throw new OpenError(`“${file.name}” is not a file hamish can read: it opens text, web pages (HTML), Word documents (.docx), PDFs and EPUB books.`);
  }
  if (!/\p{L}/u.test(result.text)) throw new OpenError(`“${file.name}” has no text to read.`);
  const base = file.name.replace(/\.[^.]+$/, '');
  return {
    text: result.text,
    title: result.title || titleFrom(result.text, base) || base,
    source: file.name,
    kind: KINDS[kind] || kind,
    note: result.note || '',
  };
}

/** What a paste of `html` (the clipboard's text/html, or '') and `plain` (its text/plain) puts
 * in the box, or null for the browser's own paste of the plain text: HTML keeps its paragraphs
 * and headings; plain text from a PDF viewer (presentation forms) is tidied. */
export function pastedText(html, plain) {
  if (html) {
    let text;
    try {
      text = fragmentToText(html);
    } catch {
      return null;
    }
    return !/\p{L}/u.test(text) && plain ? null : text;
  }
  if (/[\uFB50-\uFDFF\uFE70-\uFEFE]/.test(plain)) return tidyArabic(normaliseNewlines(plain), { pdf: true });
  return null;
}

