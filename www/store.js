// hamish reader: what the page keeps between visits.
// Small preferences go to localStorage; the pasted text (which may be megabytes) to IndexedDB,
// with localStorage as a fallback where IndexedDB is unavailable.

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

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (!('indexedDB' in globalThis)) {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const request = indexedDB.open('hamish', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('kv');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error || new Error('IndexedDB could not be opened'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  }
  return dbPromise;
}

async function idb(mode, action) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction('kv', mode);
    const request = action(tx.objectStore('kv'));
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
