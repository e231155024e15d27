// hamish reader: the page's side of the glossing worker (see worker.js).

// The page enforces Trusted Types (see index.html): the only script URL it may load dynamically
// is this worker, from the page's own origin.
let policy = null;
function workerUrl(url) {
  if (!globalThis.trustedTypes) return url;
  policy ??= trustedTypes.createPolicy('hamish-worker', {
    createScriptURL(input) {
      const u = new URL(input, document.baseURI);
      if (u.origin !== location.origin || !u.pathname.endsWith('/worker.js')) throw new TypeError(`refusing to load ${input}`);
      return u.href;
    },
  });
  return policy.createScriptURL(String(url));
}

async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch the WebAssembly module (HTTP ${response.status})`);
  // Streaming compilation needs the right MIME type; a misconfigured server still works, slower.
  if (response.headers.get('Content-Type') === 'application/wasm') return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

async function fetchGlossary(url, what = 'the glossary', options = {}) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`could not fetch ${what} (HTTP ${response.status})`);
  return response.arrayBuffer();
}

export class Glosser {
  /** @param {URL} url  the worker script */
  constructor(url) {
    this.entries = new Map(); // entry index -> entry view (sent once by the worker)
    this.epoch = 0; // the worker's glossary generation; entry indices belong to one epoch
    this.jobs = new Map();
    this.nextId = 1;
    this.entryCount = 0;
    this.worker = new Worker(workerUrl(url), { type: 'module' });
    // The page fetches the WebAssembly and the glossary while the worker starts (the worker's
    // own requests could only begin once it runs), then hands each over when it is in: the
    // module compiled (the worker instantiates it while the glossary still downloads), the
    // glossary's bytes transferred.
    const pkg = new URL('./pkg/', url);
    const boot = (message, transfer = []) => this.worker.postMessage({ type: 'boot', ...message }, transfer);
    const failed = (error) => boot({ error: String(error?.message ?? error) });
    compileWasm(new URL('hamish_bg.wasm', pkg)).then((module) => boot({ module }), failed);
    fetchGlossary(new URL('glossary.bin', pkg)).then((glossary) => boot({ glossary }, [glossary]), failed);
    this.engineReady = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.engineReady.catch(() => {});
    // The notes (a third of the glossary's bytes, read one card at a time) come once the engine
    // is up, so the first download is the part that glosses; cards show them from then on.
    // `notesIn` settles when they are in the entries, or will not be (then cards go without).
    this.notesIn = new Promise((resolve) => (this.notesSettled = resolve));
    this.engineReady.then(
      () => fetchGlossary(new URL('glossary-notes.bin', pkg), "the glossary's notes", { priority: 'low' }),
    ).then(
      (notes) => this.worker.postMessage({ type: 'notes', notes }, [notes]),
      (error) => this.notesMissing(error.message),
    );
    this.ready = this.engineReady;
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(
        'The glossing engine could not be started' +
          (event.message ? ` (${event.message})` : '') +
          '. Check that the page was built (cargo xtask build-web) and reload.',
      );
    };
    this.worker.onmessageerror = () => this.fail('The glossing engine sent a message the page could not read.');
  }

  /**
   * Runs `setup` once the engine is up and before any text is glossed (the reader's own glossary
   * is installed there); its failure is its own business: the engine is ready either way. Call
   * it before the first `gloss`.
   * @param {(glosser: Glosser) => Promise<void>} setup
   */
  setup(setup) {
    this.ready = this.engineReady.then((g) => setup(g).then(() => g, () => g));
    this.ready.catch(() => {});
  }

  /** The notes could not be had: cards go without them. */
  notesMissing(why) {
    if (!this.failed) console.warn(`hamish: cards will have no notes: ${why}`);
    this.notesSettled();
  }

  fail(message) {
    this.failed = message;
    this.rejectReady(new Error(message));
    for (const job of this.jobs.values()) job.reject(new Error(message));
    this.jobs.clear();
  }

  receive(message) {
    if (message.type === 'user') {
      // A new glossary: entry indices start over, and its probable names come later.
      this.onNamesPending?.();
      this.epoch = message.epoch;
      this.entries = new Map();
      this.entryCount = message.entryCount;
    }
    if (message.type === 'notes') {
      if (message.error) {
        this.notesMissing(message.error);
        return;
      }
      // The same entries with their notes: the page's objects (held by its lines) take them.
      if (message.epoch === this.epoch) {
        for (const e of message.entries) {
          const known = this.entries.get(e.index);
          if (known) known.notes = e.notes;
          else this.entries.set(e.index, e);
        }
      }
      performance.mark('hamish:notes');
      this.notesSettled();
      this.onNotes?.();
      return;
    }
    if (message.entries && message.epoch === this.epoch) for (const e of message.entries) this.entries.set(e.index, e);
    switch (message.type) {
      case 'names-ready':
        if (message.epoch === this.epoch) this.onNamesReady?.();
        return;
      case 'ready':
        // The engine is up (the page's `hamish:ready` follows once the reader's own glossary
        // is installed too): the bench reads the gap.
        performance.mark('hamish:engine-ready', { detail: { workerMs: message.ms } });
        this.entryCount = message.entryCount;
        this.loadMs = message.ms;
        this.resolveReady(this);
        return;
      case 'error':
        this.fail(`The glossary could not be loaded: ${message.message}`);
        return;
      case 'spans': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        job.onChunk(message);
        if (message.done) {
          this.jobs.delete(message.id);
          job.resolve(message);
        }
        return;
      }
      case 'lookup':
      case 'form': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        job.resolve(message.type === 'form' ? message.form : message.readings);
        return;
      }
      case 'user':
      case 'valid': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        job.resolve(message);
        return;
      }
      case 'failed': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        job.reject(new Error(message.message));
        return;
      }
      default:
    }
  }

  /** Glosses `text` in the worker; `onChunk` receives each chunk of spans in order.
   * Returns {id, done}; `done` resolves with the last chunk (or never, if cancelled). */
  gloss(text, onChunk) {
    const id = this.nextId++;
    const done = new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, onChunk });
    });
    done.catch(() => {});
    this.ready.then(() => this.worker.postMessage({ type: 'gloss', id, text }), () => {});
    return { id, done };
  }

  /** Whether the worker looks for probable names in the texts glossed from now on (a reader
   * who hides them does not pay for them). */
  findNames(wanted) {
    this.ready.then(() => this.worker.postMessage({ type: 'names', wanted }), () => {});
  }

  cancel(id) {
    if (!this.jobs.has(id)) return;
    this.jobs.delete(id);
    this.worker.postMessage({ type: 'cancel', id });
  }

  /** Every reading of the word at `at` in `text` (one line of text), best first. */
  lookup(text, at) {
    return this.ask({ type: 'lookup', text, at });
  }

  /** What the add-term form starts with for the selected `text`: {ar, voc?, tr?}, the term
   * without its clitics, and its vowels and transliteration where the glossary knows them. */
  formToAdd(text) {
    return this.ask({ type: 'form', text });
  }

  async ask(message) {
    await this.ready;
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => this.jobs.set(id, { resolve, reject }));
    this.worker.postMessage({ ...message, id });
    return answer;
  }

  /**
   * Validates the reader's own glossary (`files`: [[name, tsv], ...]) on top of the bundled one,
   * and with `install` glosses with it from now on (an empty list goes back to the bundled one).
   * Rejects with the core's message: one problem per line, as `name:line: reason`.
   * Texts glossed before must be glossed again (entry indices change).
   */
  async userGlossary(files, { install = true } = {}) {
    await this.engineReady;
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => this.jobs.set(id, { resolve, reject }));
    this.worker.postMessage({ type: 'user', id, files, install });
    return answer;
  }

  entry(index) {
    return this.entries.get(index);
  }
}
