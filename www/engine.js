// hamish reader: the glossing engine, started as soon as the page's scripts run. app.js imports
// this module first, so the worker starts and the page begins fetching the WebAssembly and the
// glossary (see glosser.js) before the rest of the page is set up.
//
// Not loaded early with <script async> or fetched with <link rel="preload">: in the headless
// Chromium the tests use, either sometimes left a response that had been sent never finishing,
// so the page's load event never came.

import { Glosser } from './glosser.js';

export const glosser = new Glosser(new URL('./worker.js', import.meta.url));
