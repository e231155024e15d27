// hamish reader: opening files, rich paste and the text being read. Files and pasted HTML are
// read into text by readers.js, loaded when the page is first idle after start-up (or on the
// first file or rich paste before that), so that start-up does not load it. What the reader
// reads is kept in the library (library.js), so replacing it never loses it.

import { h } from './dom.js';
import { addArticle, updateArticle, LibraryPanel } from './library.js';
import { prefs } from './store.js';

const LIBRARY_MIN_CHARS = 80; // a paste shorter than this is no article: not kept on its own
const UPDATE_DEBOUNCE_MS = 800;

let readers = null; // readers.js, once loaded
let loadingReaders = null;
/** readers.js (see the header); a failed load is tried again on the next call. */
export function loadReaders() {
  loadingReaders ??= import('./readers.js').then(
    (module) => (readers = module),
    (error) => {
      loadingReaders = null;
      throw error;
    },
  );
  return loadingReaders;
}

// ── the page: the button, dropping, pasting, and the text being read ──────────────────────

const $ = (id) => document.getElementById(id);

/** Whether `after` replaced `before` rather than edited it: less than half of `before` is
 * still there at the start and the end. */
function replaced(before, after) {
  if (!before.trim()) return false;
  if (!after.trim()) return true;
  const n = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < n && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < n - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return prefix + suffix < before.length / 2;
}

/** A title in quotes, isolated so that its direction does not reorder the English around it. */
const quoted = (title) => ['“', h('bdi', { dir: 'auto' }, title), '”'];

/**
 * Opening files into the paste box, rich paste, and the library: what the reader reads is kept
 * there, so replacing it never loses it.
 */
export class Opener {
  /**
   * @param {object} o
   * @param {HTMLTextAreaElement} o.box        the paste box
   * @param {(text: string) => void} o.show    makes `text` the text being read (paste mode)
   */
  constructor(o) {
    Object.assign(this, o);
    this.els = {
      panel: $('panel-paste'),
      button: $('open-file'),
      input: $('open-input'),
      progress: $('open-progress'),
      cancel: $('open-cancel'),
      message: $('open-message'),
      hint: $('drop-hint'),
    };
    this.current = prefs.get('library.current', null); // the library record being read
    this.pasted = false; // the next input event is a paste
    this.updateTimer = 0;
    this.reading = null; // {controller} while a file is read
    this.library = new LibraryPanel({
      open: (record) => this.showRecord(record),
      currentId: () => this.current,
      forget: (id) => {
        if (this.current === id) this.setCurrent(null);
      },
    });
    this.wire();
  }

  setCurrent(id) {
    this.current = id;
    prefs.set('library.current', id);
  }

  wire() {
    const e = this.els;
    e.button.addEventListener('click', () => e.input.click());
    e.input.addEventListener('change', () => {
      const files = [...e.input.files];
      e.input.value = ''; // the same file can be chosen again
      if (files.length) this.openFiles(files);
    });
    e.cancel.addEventListener('click', () => this.reading?.controller.abort());

    // Dropping files: anywhere on the page, so that a file dropped beside the box is never
    // opened by the browser in place of the page; the paste panel shows where.
    let depth = 0;
    const hasFiles = (event) => [...(event.dataTransfer?.types || [])].includes('Files');
    const setDragging = (on) => {
      e.hint.hidden = !on;
    };
    document.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    });
    document.addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    document.addEventListener('dragleave', (event) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) setDragging(false);
    });
    document.addEventListener('drop', (event) => {
      depth = 0;
      setDragging(false);
      if (!hasFiles(event)) return;
      event.preventDefault();
      const files = [...event.dataTransfer.files];
      if (files.length) this.openFiles(files);
    });

    // Pasting: HTML keeps its paragraphs and headings; text from a PDF viewer is tidied.
    this.box.addEventListener('paste', (event) => this.onPaste(event));
    // The text before each change: to tell an edit of the text being read from its replacement.
    this.box.addEventListener('beforeinput', () => (this.before = this.box.value));
    this.box.addEventListener('input', (event) => this.onInput(event));
    window.addEventListener('pagehide', () => this.flushUpdate());
  }

  /** Says `parts` (text, and elements such as a title isolated in <bdi>) under the button. */
  say(parts, kind = 'info') {
    const m = this.els.message;
    m.dataset.kind = kind;
    m.replaceChildren(...[parts].flat(Infinity));
    m.hidden = !m.textContent;
  }

  // ── the text being read, kept in the library ──────────────────────────────────────────────

  onPaste(event) {
    const data = event.clipboardData;
    if (!data) return;
    const html = data.types.includes('text/html') ? data.getData('text/html') : '';
    const plain = data.getData('text/plain');
    this.pasted = true;
    this.before = this.box.value; // execCommand's change may come without a beforeinput
    if (readers) {
      const text = readers.pastedText(html, plain);
      if (text === null) return; // the browser's own paste of the plain text
      event.preventDefault();
      this.insert(text);
      return;
    }
    // Pasted before readers.js is in (the page has only just opened): the paste waits for it,
    // and is the plain text if it cannot be had.
    event.preventDefault();
    loadReaders()
      .then(({ pastedText }) => pastedText(html, plain) ?? plain, () => plain)
      .then((text) => this.insert(text));
  }

  /** Puts `text` at the cursor as a paste would, on the box's undo stack where the browser
   * allows it (execCommand); very long texts are set directly (undoing them is no use). */
  insert(text) {
    const box = this.box;
    box.focus();
    if (text.length < 100000 && document.execCommand?.('insertText', false, text)) return;
    const { selectionStart: a, selectionEnd: b } = box;
    box.setRangeText(text, a, b, 'end');
    box.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
  }

  onInput(event) {
    const value = this.box.value;
    const before = this.before ?? this.lastValue;
    this.before = undefined;
    this.lastValue = value;
    if (this.showing) return;
    const paste = this.pasted || event.inputType === 'insertFromPaste' || event.inputType === 'insertFromDrop';
    this.pasted = false;
    if (this.current && before !== undefined && replaced(before, value)) {
      // Not an edit of the text being read but another text (select all, then paste or type;
      // Clear): its record keeps it as it was, and what comes now is a text of its own.
      const id = this.current;
      if (before.trim()) updateArticle(id, before).catch(() => {});
      this.setCurrent(null);
      this.library.render();
    }
    clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => this.flushUpdate(paste), paste ? 0 : UPDATE_DEBOUNCE_MS);
    if (paste) this.pendingPaste = true;
  }

  /** Brings the library up to date with the box: the record being read follows edits; an
   * article-sized paste with no record becomes one. */
  async flushUpdate(paste = false) {
    clearTimeout(this.updateTimer);
    this.updateTimer = 0;
    paste ||= this.pendingPaste;
    this.pendingPaste = false;
    const text = this.box.value;
    if (!text.trim()) return;
    try {
      if (this.current) {
        const record = await updateArticle(this.current, text);
        if (!record) this.setCurrent(null);
        this.library.changed();
      } else if (paste && text.trim().length >= LIBRARY_MIN_CHARS) {
        const { record } = await addArticle({ text, source: 'pasted' });
        this.setCurrent(record.id);
        this.library.changed();
      }
    } catch {
      // No storage: the paste box keeps the text for the next visit by its own means.
    }
  }

  /** Before the text being read is replaced: it is kept in the library (edits included; a
   * typed text with no record gets one). Resolves to false if it could not be kept. */
  async keepCurrent() {
    clearTimeout(this.updateTimer);
    this.updateTimer = 0;
    this.pendingPaste = false;
    const text = this.box.value;
    if (!text.trim()) return true;
    try {
      if (this.current && (await updateArticle(this.current, text))) return true;
      await addArticle({ text, source: 'pasted' });
      return true;
    } catch {
      return false;
    }
  }

  /** Shows a record's text as the text being read. */
  async showRecord(record) {
    if (record.id === this.current && record.text === this.box.value) return;
    if (!(await this.keepCurrent())) {
      if (!confirm('The text in the reader could not be kept in the library. Replace it anyway?')) return;
    }
    this.setCurrent(record.id);
    this.put(record.text);
    this.say(['Reading ', quoted(record.title), ' from the library.']);
    this.library.changed();
  }

  put(text) {
    this.lastValue = text;
    this.showing = true;
    try {
      this.show(text);
    } finally {
      this.showing = false;
    }
  }

  // ── files ─────────────────────────────────────────────────────────────────────────────────

  async openFiles(files) {
    if (this.reading) {
      this.say('A file is being opened: wait for it, or cancel it first.', 'error');
      return;
    }
    const e = this.els;
    // Dropped while an article was shown: the paste panel, where progress and errors are said.
    if (e.panel.hidden) $('tab-paste').click();
    const controller = new AbortController();
    this.reading = { controller };
    e.button.disabled = true;
    e.cancel.hidden = false;
    e.progress.hidden = false;
    e.progress.removeAttribute('value');
    const opened = [];
    const problems = [];
    try {
      for (const file of files) {
        this.say(`Opening “${file.name}”…`, 'busy');
        try {
          const { readFile } = await loadReaders();
          const result = await readFile(file, {
            signal: controller.signal,
            progress: (done, total) => {
              e.progress.max = total;
              e.progress.value = done;
              this.say(`Reading “${file.name}”: page ${done} of ${total}…`, 'busy');
            },
          });
          opened.push(result);
        } catch (error) {
          if (controller.signal.aborted) {
            problems.push(`Opening “${file.name}” was cancelled.`);
            break;
          }
          problems.push(readers && error instanceof readers.OpenError ? error.message : `“${file.name}” could not be opened (${error?.message || error}).`);
        }
        e.progress.removeAttribute('value');
      }
      if (opened.length) {
        const kept = await this.keepCurrent();
        if (!kept && !confirm('The text in the reader could not be kept in the library. Replace it anyway?')) {
          this.say('Nothing was opened: the text in the reader is as it was.');
          return;
        }
        // Every file goes into the library; the first is shown.
        let shownId = null;
        for (const [i, result] of opened.entries()) {
          try {
            const { record } = await addArticle(result);
            if (i === 0) shownId = record.id;
          } catch {
            // kept in the reader only
          }
        }
        this.setCurrent(shownId);
        this.put(opened[0].text);
        this.library.changed();
        const [shown] = opened;
        const more = opened.length > 1 ? ` ${opened.length - 1} more ${opened.length === 2 ? 'is' : 'are'} in the library.` : '';
        const note = shown.note ? ` ${shown.note}` : '';
        const after = `${more}${note}${problems.length ? ` ${problems.join(' ')}` : ''}`;
        this.say(['Opened ', quoted(shown.title), ` (${shown.kind}, `, h('bdi', {}, shown.source), `).${after}`], problems.length ? 'error' : 'info');
      } else if (problems.length) {
        this.say(`${problems.join(' ')} The text in the reader is as it was.`, 'error');
      }
    } finally {
      this.reading = null;
      e.button.disabled = false;
      e.cancel.hidden = true;
      e.progress.hidden = true;
    }
  }
}
