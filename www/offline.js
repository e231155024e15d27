// hamish reader: offline use and updates, the page's side of the service worker (sw.js).
//
// The worker is registered as sw.js?v=VERSION, VERSION read from the build's pkg/offline.json
// on every load: that list changes with any file of the page (the glossary alone, say), while
// sw.js itself may not, and a browser only installs a new worker for a script that changed, in
// its bytes or its URL. Offline the list cannot be read, and the registered worker goes on.
//
// A new version installs in the background and then waits: the page keeps running on the
// version it started with (its code, WebAssembly and glossary all from one set) until the
// reader chooses to reload, from a small notice; nothing reloads by itself in the middle of
// reading.

import { glosser } from './engine.js';

const SCRIPT = new URL('./sw.js', import.meta.url);
const LIST = new URL('./pkg/offline.json', import.meta.url);

// The page enforces Trusted Types (see index.html): registering a worker needs a trusted URL,
// and this policy makes one only for this page's own sw.js with a version.
let policy = null;
function scriptUrl(url) {
  if (!globalThis.trustedTypes) return url;
  policy ??= trustedTypes.createPolicy('hamish-sw', {
    createScriptURL(input) {
      const u = new URL(input, SCRIPT);
      if (u.origin !== SCRIPT.origin || u.pathname !== SCRIPT.pathname || !/^\?v=[0-9a-f]{1,64}$/.test(u.search)) throw new TypeError(`refusing to register ${input}`);
      return u.href;
    },
  });
  return policy.createScriptURL(String(url));
}

/** The version the server has now, or null (offline, or a page built without the list). */
async function servedVersion() {
  // Known to be offline: a request would only fail (and be logged as an error).
  if (!navigator.onLine) return null;
  try {
    const response = await fetch(LIST, { cache: 'no-store' });
    if (!response.ok) return null;
    const { version } = await response.json();
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

const notice = {
  box: document.getElementById('update'),
  button: document.getElementById('update-reload'),
};
let switching = false; // this page asked the new version to take over
let reloaded = false;

function offerUpdate(registration) {
  if (!notice.box) return;
  notice.box.hidden = false;
  // Again usable if the version it was switching to was itself replaced by a newer one.
  notice.button.disabled = false;
  switching = false;
  notice.button.onclick = () => {
    const waiting = registration.waiting;
    if (!waiting) {
      // Already active (another tab switched): only this page is left on the old version.
      reloadOnce();
      return;
    }
    switching = true;
    notice.button.disabled = true;
    waiting.postMessage({ type: 'skip-waiting' });
  };
}

function reloadOnce() {
  if (reloaded) return;
  reloaded = true;
  location.reload();
}

/** Shows the notice once a new version is installed, if this page runs on an older one. */
function watch(registration) {
  const follow = (worker) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(registration);
    };
    worker.addEventListener('statechange', check);
    check();
  };
  follow(registration.waiting);
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The new version is serving now. This page asked for it: start again on it. Another tab
    // did: this page's code is still the old one, so say so and let the reader choose when.
    if (switching) reloadOnce();
    else offerUpdate(registration);
  });
}

async function start() {
  const version = await servedVersion();
  const container = navigator.serviceWorker;
  const registration = version
    ? // `updateViaCache: 'none'`: the worker's script is never taken from the HTTP cache.
      await container.register(scriptUrl(`${SCRIPT.href}?v=${version}`), { updateViaCache: 'none' })
    : await container.getRegistration();
  if (registration) watch(registration);
}

// http(s) in a secure context only (localhost counts): file:// and plain http elsewhere have
// no service workers.
if ('serviceWorker' in navigator && globalThis.isSecureContext && /^https?:$/.test(location.protocol)) {
  // After the page is up: the install then revalidates the files the page has just fetched
  // (304s) instead of downloading the WebAssembly and the glossary a second time beside it.
  const loaded = new Promise((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', resolve, { once: true })));
  Promise.allSettled([loaded, glosser.engineReady])
    .then(start)
    .catch((error) => console.warn(`hamish: offline use is not available (${error?.message ?? error})`));
}
