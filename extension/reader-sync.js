// hamish extension: keeps the extension's glossary in step with the reader page's own.
//
// Registered (by background.js) for the reader page's addresses (options page; by default
// http://127.0.0.1 and http://localhost, any port, where `cargo xtask serve` serves it). A
// content script shares its page's origin, so it can read the reader's IndexedDB database
// ('hamish', store 'glossary', see www/store.js) without the page's help: it reads the entries
// once the page is loaded and again whenever the reader saves (the reader tells its other tabs
// on the BroadcastChannel 'hamish-glossary'), and hands them to the background, which validates
// them with the core and glosses with them from then on. It never writes to the database, and
// does nothing on a page of these addresses that has no such database. Its reader is also what
// background.js asks when the options page imports from an open reader tab.
(() => {
  if (globalThis.hamishReaderSync) return;
  globalThis.hamishReaderSync = true;

  async function read() {
    const names = (await indexedDB.databases?.()) ?? [];
    if (!names.some((d) => d.name === 'hamish')) return null;
    return new Promise((resolve) => {
      const open = indexedDB.open('hamish');
      open.onerror = () => resolve(null);
      open.onsuccess = () => {
        const db = open.result;
        // Never in the way of the reader upgrading its database.
        db.onversionchange = () => db.close();
        if (!db.objectStoreNames.contains('glossary')) {
          db.close();
          resolve(null);
          return;
        }
        const request = db.transaction('glossary').objectStore('glossary').getAll();
        request.onsuccess = () => {
          db.close();
          resolve(request.result);
        };
        request.onerror = () => {
          db.close();
          resolve(null);
        };
      };
    });
  }

  // The options page's "Import from the reader page" asks through this (background.js).
  globalThis.hamishReadReader = read;

  let timer = 0;
  async function send() {
    const records = await read();
    if (records) chrome.runtime.sendMessage({ type: 'reader-glossary', records }).catch(() => {});
  }
  send();
  if ('BroadcastChannel' in globalThis) {
    new BroadcastChannel('hamish-glossary').onmessage = (event) => {
      if (event.data?.type !== 'changed') return;
      clearTimeout(timer);
      timer = setTimeout(send, 200);
    };
  }
})();
