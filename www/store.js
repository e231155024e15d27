// hamish reader: what the page keeps between visits.
// Small preferences go to localStorage; the pasted text (which may be megabytes) to IndexedDB,
// with localStorage as a fallback where IndexedDB is unavailable. The reader's own glossary is
// in IndexedDB only (object store `glossary`, one record per entry, keyed by id): each change is
// written in its own transaction, which checks the entry's revision, before success is reported.

const PREFIX = 'hamish.';

export const prefs = {
  get(name, fallback = null) {
    try {
      const value = localStorage.getItem(PREFIX + name);
      return value === null ? fallback : JSON.parse(value);
    } catch {
      return fallback;
    }
  },
  set(name, value) {
    try {
      localStorage.setItem(PREFIX + name, JSON.stringify(value));
    } catch {
      // Private mode or a full store: preferences are a convenience only.
    }
  },
};

let dbPromise = null;

/** The page's database, opened (and upgraded) once. Also used by library.js, whose store it
 * creates here so that every version's upgrade is in one place. */
export function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (!('indexedDB' in globalThis)) {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const request = indexedDB.open('hamish', 4);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
        if (!db.objectStoreNames.contains('glossary')) db.createObjectStore('glossary', { keyPath: 'id' });
        // Version 3: the library of opened and pasted texts (library.js). Only added: the stores
        // above and what they hold are left as they are.
        const library = db.objectStoreNames.contains('library')
          ? request.transaction.objectStore('library')
          : db.createObjectStore('library', { keyPath: 'id' });
        if (!library.indexNames.contains('chars')) library.createIndex('chars', 'chars'); // the same text is not kept twice
        // Version 4: the list's fields in one index, newest first, so that the list is read
        // from the index alone and not from the records, texts of megabytes among them (the
        // browser builds it over the records already kept). It replaces version 3's `added`.
        if (!library.indexNames.contains('list')) library.createIndex('list', ['added', 'title', 'source', 'chars']);
        if (library.indexNames.contains('added')) library.deleteIndex('added');
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer version of the page in another tab needs to upgrade: let it.
        db.onversionchange = () => {
          db.close();
          dbPromise = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error || new Error('IndexedDB could not be opened'));
      request.onblocked = () => reject(new Error('the page’s storage is held by an older hamish tab: close the other hamish tabs and reload'));
    });
    // A failure is not kept: the next call tries again (the other tab may be closed by then).
    dbPromise.catch(() => {
      dbPromise = null;
    });
  }
  return dbPromise;
}

async function idb(mode, action, storeName = 'kv') {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    const request = action(tx.objectStore(storeName));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error || request.error);
    tx.onabort = () => reject(tx.error || new Error('storage transaction aborted'));
  });
}

/** The last pasted text, or '' if none was kept. A copy in localStorage, when there is one, is
 * the newest (written when the page was left before IndexedDB had the text, or instead of it). */
export async function loadPasted() {
  const quick = prefs.get('pasted', null);
  if (typeof quick === 'string') return quick;
  try {
    const value = await idb('readonly', (store) => store.get('pasted'));
    if (typeof value === 'string') return value;
  } catch {
    // nothing kept
  }
  return '';
}

/** Keeps `text` synchronously, as well as localStorage allows (used when the page is left). */
export function savePastedNow(text) {
  try {
    localStorage.setItem(PREFIX + 'pasted', JSON.stringify(text));
    return true;
  } catch {
    return false;
  }
}

/** Keeps `text` for the next visit. Resolves to null on success or a message saying why not. */
export async function savePasted(text) {
  try {
    await idb('readwrite', (store) => store.put(text, 'pasted'));
    try {
      localStorage.removeItem(PREFIX + 'pasted');
    } catch {
      // nothing to tidy
    }
    return null;
  } catch (error) {
    try {
      localStorage.setItem(PREFIX + 'pasted', JSON.stringify(text));
      return null;
    } catch {
      const quota = error && error.name === 'QuotaExceededError';
      return quota
        ? 'This text is too large for this browser’s storage, so it will not be here next time. It is still glossed below.'
        : 'This browser does not let the page keep your text, so it will not be here next time. It is still glossed below.';
    }
  }
}

// ── the reader's own glossary ──────────────────────────────────────────────────────────────
//
// A record is an entry's 12 fields (aliases and shares as arrays) plus `rev` (1 when created,
// +1 on every change), `created` and `updated` (ms since the epoch).

/** Raised when the stored entry is not the revision the change was based on. `stored` is what
 * is stored now (null: deleted meanwhile). */
export class Conflict extends Error {
  constructor(stored) {
    super(stored ? `changed meanwhile (now revision ${stored.rev})` : 'deleted meanwhile');
    this.name = 'Conflict';
    this.stored = stored;
  }
}

/** One transaction over the object store `name` (`mode` 'readonly' or 'readwrite', written
 * durably): `work(store, tx)` runs inside it and may throw (a Conflict, say: the transaction is
 * then aborted and nothing is written). Resolves, once the transaction has committed, with what
 * `work` returned. */
export async function transact(name, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
    const store = tx.objectStore(name);
    let result;
    let thrown = null;
    tx.oncomplete = () => resolve(result);
    tx.onabort = () => reject(thrown || tx.error || new Error('storage transaction aborted'));
    tx.onerror = () => {}; // onabort follows
    Promise.resolve()
      .then(() => work(store, tx))
      .then(
        (value) => {
          result = value;
        },
        (error) => {
          thrown = error;
          try {
            tx.abort();
          } catch {
            reject(error); // already finished
          }
        },
      );
  });
}

/** One read-write transaction over the glossary store (see transact). */
const glossaryTx = (work) => transact('glossary', 'readwrite', work);

/** Runs `request` inside a transaction and gives its result (the transaction stays active: the
 * callback runs in the request's success event). */
export function ask(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Every stored entry, oldest first. */
export async function loadEntries() {
  const records = await idb('readonly', (store) => store.getAll(), 'glossary');
  return records.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Stores `entry` (12 fields) if the stored revision is still `baseRev` (null: the entry must not
 * exist yet). Checked and written in one transaction; resolves with the stored record once it is
 * committed, or rejects with a Conflict.
 */
export function saveEntry(entry, baseRev) {
  return glossaryTx(async (store) => {
    const stored = (await ask(store.get(entry.id))) || null;
    if ((stored ? stored.rev : null) !== baseRev) throw new Conflict(stored);
    const now = Date.now();
    const record = { ...entry, rev: (stored?.rev || 0) + 1, created: stored?.created ?? now, updated: now };
    await ask(store.put(record));
    return record;
  });
}

/** Deletes entry `id` if it is still at revision `baseRev`; rejects with a Conflict otherwise. */
export function deleteEntry(id, baseRev) {
  return glossaryTx(async (store) => {
    const stored = (await ask(store.get(id))) || null;
    if (!stored || stored.rev !== baseRev) throw new Conflict(stored);
    await ask(store.delete(id));
    return stored;
  });
}

/**
 * Writes imported entries in one transaction: new ids are added, existing ids replaced (their
 * revision goes up). `basis` maps id -> rev of the stored glossary the import was validated
 * against; if the store no longer matches it (another tab changed something), nothing is written
 * and a Conflict is raised.
 */
export function importEntries(entries, basis) {
  return glossaryTx(async (store) => {
    const all = await ask(store.getAll());
    const same = all.length === basis.size && all.every((r) => basis.get(r.id) === r.rev);
    if (!same) throw new Conflict(null);
    const byId = new Map(all.map((r) => [r.id, r]));
    const now = Date.now();
    const written = [];
    entries.forEach((entry, i) => {
      const stored = byId.get(entry.id);
      const record = { ...entry, rev: (stored?.rev || 0) + 1, created: stored?.created ?? now + i / 1000, updated: now };
      store.put(record);
      written.push(record);
    });
    return written;
  });
}
