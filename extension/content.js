// hamish extension: the content script's entry point. Content scripts are classic scripts, so
// this one only imports the glosser (page.js, an ES module like the reader's own, listed in the
// manifest's web_accessible_resources) into the extension's isolated world: the page's scripts
// and its Content-Security-Policy do not apply there. Injected again (the toolbar button, then a
// registered script), it does nothing more.
(() => {
  const control = (globalThis.hamishControl ??= { running: false });
  if (control.running) return;
  control.running = true;
  import(chrome.runtime.getURL('page.js'))
    .then((module) => module.start(control))
    .catch((error) => {
      control.running = false;
      console.warn('hamish: could not start glossing this page', error);
    });
})();
