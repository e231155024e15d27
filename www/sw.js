// hamish reader: the service worker, so the page opens and glosses with no network once it has
// been visited, and a new build replaces the old one whole.
//
// Each build is one set of files, listed with its version in pkg/offline.json (written by
// `cargo xtask build-web`, see xtask/src/offline.rs). This worker is registered as
// sw.js?v=VERSION (see offline.js): the version is part of the worker's own URL, so a worker
// knows its set even after the browser stopped and restarted it, and a new version of any file
// (the glossary alone, say) is a new worker, though this script's bytes did not change.
//
//   install   caches every listed file in `hamish-VERSION`; one that cannot be fetched fails
//             the install (the old worker stays), so a set is never half there.
//   fetch     the page's own files come from this version's set only, so the page's code, its
//             WebAssembly and its glossary are always of one build; anything else goes to the
//             network.
//   activate  drops every other version's set. A new worker only activates once no page of
//             the old one is left, or when a page asks it to ({type: 'skip-waiting'}, sent when
//             the reader chooses to reload): never in the middle of someone's reading.
//
// No clients.claim(): a page that loaded from the network stays so until it is reloaded,
// rather than switching to the cache halfway through.

const ROOT = new URL('./', self.location.href);
const VERSION = new URL(self.location.href).searchParams.get('v') || '';
const PREFIX = 'hamish-';
const CACHE = PREFIX + VERSION;
const LIST = new URL('pkg/offline.json', ROOT);

self.addEventListener('install', (event) => event.waitUntil(precache()));
self.addEventListener('activate', (event) => event.waitUntil(dropOtherVersions()));

self.addEventListener('message', (event) => {
  // Only meaningful while this worker is waiting; for the active one it does nothing.
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request that wants no cache at all (the build's list, asked for by offline.js) goes to
  // the network as it asked.
  if (request.method !== 'GET' || request.cache === 'no-store') return;
  const url = new URL(request.url);
  // Other origins: the page's CSP forbids them; leave them to the browser untouched.
  if (url.origin !== ROOT.origin || !url.href.startsWith(ROOT.href)) return;
  event.respondWith(answer(request, url));
});

/** The build's list: {version, files}, never from a cache (it is how a new build is seen). */
async function fetchList() {
  const response = await fetch(LIST, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${LIST.pathname}: HTTP ${response.status}`);
  return response.json();
}

async function precache() {
  if (!/^[0-9a-f]+$/.test(VERSION)) throw new Error('the worker must be registered as sw.js?v=VERSION');
  const list = await fetchList();
  // The server moved on since the page read the list: a newer worker will come from the page.
  if (list.version !== VERSION) throw new Error(`the server has version ${list.version}, not ${VERSION}`);
  const existed = await caches.has(CACHE);
  const cache = await caches.open(CACHE);
  try {
    // `no-cache`: revalidated with the server, so the HTTP cache cannot slip a file of an older
    // build into this set. addAll stores nothing unless every file arrived.
    await cache.addAll(list.files.map((file) => new Request(new URL(file, ROOT), { cache: 'no-cache' })));
    // A build that finished while the files were being fetched could have mixed two builds.
    const after = await fetchList();
    if (after.version !== VERSION) throw new Error(`the server changed to version ${after.version} during the install`);
  } catch (error) {
    // Same version already complete (the worker registered again): that set is still whole.
    if (!existed) await caches.delete(CACHE);
    throw error;
  }
}

async function dropOtherVersions() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
}

/** Ignoring the query (the page's files have one version each) and Vary (the cached response
 * was decompressed already, whatever Accept-Encoding it was fetched with). */
const MATCH = { cacheName: CACHE, ignoreSearch: true, ignoreVary: true };

async function answer(request, url) {
  // The reader is one page: opening the app's root, with or without a query, is index.html.
  const page = request.mode === 'navigate' && (url.pathname === ROOT.pathname || url.pathname === `${ROOT.pathname}index.html`);
  const cached = await caches.match(page ? new URL('index.html', ROOT) : request, MATCH);
  if (cached) return cached;
  // Not one of the page's files (the list, the benchmarks), or this version's set is gone
  // (storage cleared): the network answers, as it would without a worker.
  return fetch(request);
}
