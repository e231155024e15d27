// hamish reader: starts the glossing engine as early as the page can. index.html loads this
// module with `async`, so it runs as soon as it and glosser.js have arrived, while the rest of
// the page's modules are still loading; app.js imports the same instance.

import { Glosser } from './glosser.js';

export const glosser = new Glosser(new URL('./worker.js', import.meta.url));
