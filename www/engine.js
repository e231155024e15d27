// hamish reader: the glossing engine, one instance for the page. index.html runs this module on
// its own as an async module script (before app.js's graph is in) and app.js imports the same
// instance: the worker starts and the WebAssembly and the glossary (preloaded by the HTML) are
// handed to it (see glosser.js) while the rest of the page is set up. DESIGN.md ("Start-up of
// the page") has what was measured and tried.

import { Glosser } from './glosser.js';

export const glosser = new Glosser(new URL('./worker.js', import.meta.url));
