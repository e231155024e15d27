// hamish reader: the glossing engine, started as soon as the page's scripts run. app.js imports
// this module first, so the worker starts and the page begins fetching the WebAssembly and the
// glossary (see glosser.js) before the rest of the page is set up.
//
// Not loaded early with <script async> or fetched with <link rel="preload">: with them, some
// page loads in the tests never reached their load event. DESIGN.md ("Start-up of the page")
// traces that to the dev server of the time; early loading has not been tried again since.

import { Glosser } from './glosser.js';

export const glosser = new Glosser(new URL('./worker.js', import.meta.url));
