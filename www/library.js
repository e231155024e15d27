// hamish reader: the library, the texts a reader opened or pasted, kept so they can come back
// to them. It lives in IndexedDB beside the reader's glossary (database `hamish`, store
// `library`, created by store.js's upgrade to version 3), one record per text:
//
//   {id, title, source, added, text, chars}
//
// `source` is the file's name or 'pasted'; `added` an ISO date; `chars` the text's length (an
// index on it finds a text already kept without reading every text). Every field but the text
// is a string or a number, so every record is in the `list` index, which the panel's list is
// read from (store.js, version 4): listing never reads a text. The panel in the side
// panel lists them newest first, opens, deletes (with undo), exports them as JSON and clears
// them after asking. Every tab's list follows changes made in another (BroadcastChannel).

import { h, download } from './dom.js';
import { newId } from './formats.js';
import { ask, openDb, transact } from './store.js';

const STORE = 'library';
const TITLE_MAX = 120;

/** Runs `work(store)` in one transaction over the library (see store.js). */
const inLibrary = (mode, work) => transact(STORE, mode, work);

/** A title for a text without one: its first line that has letters, cut at a word. */
export function titleFrom(text, fallback = '') {
  const line = text.split('\n').find((l) => /\p{L}/u.test(l))?.trim() || '';
  if (!line) return fallback;
  if (line.length <= TITLE_MAX) return line;
  const cut = line.slice(0, TITLE_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).trim()}…`;
}

/** Every kept text without its text (id, title, source, added, chars), newest first: read
 * from the `list` index alone (its keys are these fields), never from the records. */
export function listArticles() {
  return inLibrary('readonly', (store) => {
    const found = [];
    return new Promise((resolve, reject) => {
      const request = store.index('list').openKeyCursor(null, 'prev');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) {
          resolve(found);
          return;
        }
        const [added, title, source, chars] = cursor.key;
        found.push({ id: cursor.primaryKey, title, source, added, chars });
        cursor.continue();
      };
    });
  });
}

/** One kept text, whole, or null. */
export function getArticle(id) {
  return inLibrary('readonly', async (store) => (await ask(store.get(id))) || null);
}

/**
 * Keeps `text` with its title and source, unless the very same text is kept already: then that
 * record is given back as it is. Resolves with the record and whether it is new.
 */
export function addArticle({ text, title, source }) {
  return inLibrary('readwrite', async (store) => {
    const same = await ask(store.index('chars').getAll(IDBKeyRange.only(text.length)));
    const kept = same.find((r) => r.text === text);
    if (kept) return { record: kept, added: false };
    const record = {
      id: newId('lib'),
      title: (title || '').trim() || titleFrom(text, 'Untitled'),
      source: source || 'pasted',
      added: new Date().toISOString(),
      text,
      chars: text.length,
    };
    await ask(store.put(record));
    return { record, added: true };
  });
}

/** Replaces the text of record `id` (the reader edited it); a pasted text's title follows its
 * first line. Resolves with the record, or null if it is gone (deleted in another tab). */
export function updateArticle(id, text) {
  return inLibrary('readwrite', async (store) => {
    const record = await ask(store.get(id));
    if (!record) return null;
    if (record.text === text) return record;
    const updated = { ...record, text, chars: text.length };
    if (record.source === 'pasted') updated.title = titleFrom(text, record.title);
    await ask(store.put(updated));
    return updated;
  });
}

/** Puts back a record as it was (undoing a delete). */
export function restoreArticle(record) {
  return inLibrary('readwrite', (store) => ask(store.put(record)).then(() => record));
}

export function deleteArticle(id) {
  return inLibrary('readwrite', async (store) => {
    const record = (await ask(store.get(id))) || null;
    if (record) await ask(store.delete(id));
    return record;
  });
}

export function clearLibrary() {
  return inLibrary('readwrite', (store) => ask(store.clear()));
}

/** The whole library as JSON, newest first: what a reader keeps as a copy or moves elsewhere. */
export async function exportLibrary() {
  const records = await inLibrary('readonly', (store) => ask(store.getAll()));
  records.sort((a, b) => (a.added < b.added ? 1 : a.added > b.added ? -1 : 0));
  const articles = records.map(({ id, title, source, added, chars, text }) => ({ id, title, source, added, chars, text }));
  return `${JSON.stringify({ format: 'hamish-library', version: 1, exported: new Date().toISOString(), articles }, null, 2)}\n`;
}

// ── the panel ───────────────────────────────────────────────────────────────────────────────

const $ = (id) => document.getElementById(id);

function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function size(chars) {
  return chars >= 10000 ? `${Math.round(chars / 1000).toLocaleString('en')}k characters` : `${chars.toLocaleString('en')} characters`;
}

export class LibraryPanel {
  /**
   * @param {object} o
   * @param {(record: object) => void} o.open   show a kept text in the reader
   * @param {() => string|null} o.currentId     the record the reader is reading, if any
   * @param {(id: string) => void} o.forget      the record being read was deleted
   */
  constructor(o) {
    Object.assign(this, o);
    this.items = [];
    this.undo = null; // the last deleted record, while its message offers to put it back
    this.els = {
      box: $('library-box'),
      count: $('library-count'),
      list: $('library-list'),
      message: $('library-message'),
      exportJson: $('library-export'),
      clear: $('library-clear'),
      confirm: $('library-confirm'),
      confirmText: $('library-confirm-text'),
      confirmYes: $('library-clear-yes'),
      confirmNo: $('library-clear-no'),
    };
    this.channel = 'BroadcastChannel' in globalThis ? new BroadcastChannel('hamish-library') : null;
    if (this.channel) this.channel.onmessage = () => this.refresh();
    const e = this.els;
    e.exportJson.addEventListener('click', () => this.exportAll());
    e.clear.addEventListener('click', () => this.askClear(true));
    e.confirmNo.addEventListener('click', () => this.askClear(false));
    e.confirmYes.addEventListener('click', () => this.clearAll());
    e.confirm.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      this.askClear(false);
    });
    this.refresh();
  }

  /** Reads the list again and draws it. */
  async refresh() {
    try {
      this.items = await listArticles();
      this.failed = null;
    } catch (error) {
      this.items = [];
      this.failed = error;
    }
    this.render();
  }

  /** Tells the other tabs, and draws this one again. */
  changed() {
    try {
      this.channel?.postMessage({ type: 'changed' });
    } catch {
      // a closed channel: nothing to tell
    }
    return this.refresh();
  }

  say(text, kind = 'info', action = null) {
    const m = this.els.message;
    m.dataset.kind = kind;
    m.replaceChildren(h('span', {}, text), action ? ' ' : '', action || '');
    m.hidden = false;
  }

  render() {
    const e = this.els;
    const n = this.items.length;
    e.count.textContent = n ? String(n) : '';
    e.exportJson.disabled = !n;
    e.clear.disabled = !n;
    if (!n && !e.confirm.hidden) this.askClear(false);
    const current = this.currentId();
    if (this.failed) {
      e.list.replaceChildren(h('li', { className: 'library-empty' }, `The library could not be read from this browser’s storage (${this.failed.message}).`));
      return;
    }
    if (!n) {
      e.list.replaceChildren(h('li', { className: 'library-empty' }, 'Nothing yet: files you open and articles you paste are kept here.'));
      return;
    }
    e.list.replaceChildren(
      ...this.items.map((item) => {
        const reading = item.id === current;
        const open = h('button', { type: 'button', className: 'library-open', 'aria-current': reading ? 'true' : null }, h('span', { className: 'library-title', lang: 'ar', dir: 'auto' }, item.title));
        open.addEventListener('click', () => this.openItem(item.id));
        const del = h('button', { type: 'button', className: 'library-delete', 'aria-label': `Delete “${item.title}” from the library` }, 'Delete');
        del.addEventListener('click', () => this.deleteItem(item.id));
        return h(
          'li',
          { className: 'library-item', dataset: { id: item.id } },
          open,
          h(
            'span',
            { className: 'library-meta' },
            h('span', { className: 'library-source', dir: 'auto' }, item.source === 'pasted' ? 'pasted' : item.source),
            ' · ',
            h('time', { datetime: item.added }, when(item.added)),
            ' · ',
            size(item.chars),
            reading ? h('span', { className: 'library-reading' }, ' · reading now') : null,
          ),
          del,
        );
      }),
    );
  }

  async openItem(id) {
    let record;
    try {
      record = await getArticle(id);
    } catch (error) {
      this.say(`That text could not be read from this browser’s storage (${error.message}).`, 'error');
      return;
    }
    if (!record) {
      this.say('That text is no longer in the library (deleted in another tab?).', 'error');
      this.refresh();
      return;
    }
    this.els.message.hidden = true;
    await this.open(record);
    this.render();
  }

  async deleteItem(id) {
    let record;
    try {
      record = await deleteArticle(id);
    } catch (error) {
      this.say(`It could not be deleted (${error.message}).`, 'error');
      return;
    }
    if (record && record.id === this.currentId()) this.forget(record.id);
    await this.changed();
    if (!record) return;
    this.undo = record;
    const button = h('button', { type: 'button', className: 'library-undo' }, 'Undo');
    button.addEventListener('click', async () => {
      if (this.undo !== record) return;
      this.undo = null;
      try {
        await restoreArticle(record);
        this.say(`“${record.title}” is back in the library.`);
      } catch (error) {
        this.say(`It could not be put back (${error.message}).`, 'error');
      }
      this.changed();
    });
    this.say(`Deleted “${record.title}”.`, 'info', button);
    // Focus stays in the list: on the next item's button, else on Undo.
    const next = this.els.list.querySelector('.library-open') || button;
    next.focus();
  }

  async exportAll() {
    try {
      const json = await exportLibrary();
      const stamp = new Date().toISOString().slice(0, 10);
      download(`hamish-library-${stamp}.json`, json, 'application/json;charset=utf-8');
    } catch (error) {
      this.say(`The library could not be exported (${error.message}).`, 'error');
    }
  }

  /** Shows or hides the question before everything is deleted. */
  askClear(ask) {
    const e = this.els;
    e.confirm.hidden = !ask;
    e.clear.setAttribute('aria-expanded', String(ask));
    if (ask) {
      const n = this.items.length;
      e.confirmText.textContent = `Delete ${n === 1 ? 'the 1 text' : `all ${n} texts`} in the library? This cannot be undone; export them first to keep a copy.`;
      e.confirmNo.focus();
    } else if (e.confirm.contains(document.activeElement) || document.activeElement === document.body) {
      e.clear.focus();
    }
  }

  async clearAll() {
    const current = this.currentId();
    try {
      await clearLibrary();
    } catch (error) {
      this.say(`The library could not be cleared (${error.message}).`, 'error');
      return;
    }
    if (current) this.forget(current);
    this.undo = null;
    this.askClear(false);
    await this.changed();
    this.say('The library is empty. The text in the reader stays until you replace it.');
    this.els.clear.disabled = true;
    this.els.box.querySelector('summary').focus();
  }
}
