// hamish reader: the reader's own glossary. The "My glossary" panel (list, edit, delete, import,
// export), the add/edit form, and keeping every open tab in step.
//
// The entries live in IndexedDB (store.js); the worker glosses with the bundled glossary plus
// them (Glosser.userGlossary, which is also the one validator: the form and imports ask it
// before anything is written). After every change the tab that made it tells the others on a
// BroadcastChannel, and each tab reloads the entries, installs them and glosses its texts again.

import { h, download } from './dom.js';
import { Conflict, deleteEntry, importEntries, loadEntries, saveEntry } from './store.js';
import {
  FIELDS,
  MAX_IMPORT_BYTES,
  STORED_NAME,
  cleanSelection,
  newId,
  readImport,
  relocate,
  splitList,
  suggestTransliteration,
  toCsv,
  toJson,
  toTsv,
} from './formats.js';

const $ = (id) => document.getElementById(id);
const NAMES = new Set(['organisation', 'person', 'place', 'event', 'abbreviation']);
const VOWEL_MARKS = /[\u064b-\u0652\u0670]/;
const FIELD_LABELS = {
  id: 'id',
  ar: 'Arabic',
  voc: 'Vowelled',
  type: 'Type',
  en: 'English',
  tr: 'Transliteration',
  aliases: 'Other spellings',
  short: 'Short forms',
  expands: 'Stands for',
  refers: 'Full entry',
  pos: 'Part of speech',
  shares: 'Shares a form with',
  notes: 'Notes',
  checked: 'Checked',
};
const MAX_SHOWN_PROBLEMS = 12;

/** Splits the core's error (one problem per line). */
const problemsOf = (error) => String(error?.message || error).split('\n').filter(Boolean);

export class Mine {
  /**
   * @param {object} o
   * @param {import('./glosser.js').Glosser} o.glosser
   * @param {() => void} o.changed       the glossary changed: gloss the texts again
   * @param {(message: string, kind?: string) => void} o.status
   * @param {(text: string, at: number) => Promise<object[]>} o.lookup
   */
  constructor(o) {
    Object.assign(this, o);
    this.records = [];
    this.byId = new Map();
    this.unusable = new Map(); // id -> why the core refused the stored entry
    this.form = null; // {id, baseRev, isNew}
    this.installing = null;
    this.installAgain = false;
    this.els = {
      box: $('mine-box'),
      count: $('mine-count'),
      list: $('mine-list'),
      message: $('mine-message'),
      add: $('mine-add'),
      import: $('mine-import'),
      file: $('mine-file'),
      exportTsv: $('mine-export-tsv'),
      exportCsv: $('mine-export-csv'),
      exportJson: $('mine-export-json'),
      dialog: $('entry-dialog'),
      formEl: $('entry-form'),
      title: $('entry-title'),
      note: $('entry-note'),
      errors: $('entry-errors'),
      conflict: $('entry-conflict'),
      conflictTitle: $('entry-conflict-title'),
      conflictText: $('entry-conflict-text'),
      conflictTable: $('entry-conflict-table'),
      takeTheirs: $('entry-take-theirs'),
      keepMine: $('entry-keep-mine'),
      del: $('entry-delete'),
      cancel: $('entry-cancel'),
      save: $('entry-save'),
      abbr: $('f-abbr'),
      refersInfo: $('f-refers-info'),
      trHint: $('f-tr-hint'),
    };
    this.fields = {};
    for (const name of FIELDS) if ($(`f-${name}`)) this.fields[name] = $(`f-${name}`);
    this.channel = 'BroadcastChannel' in globalThis ? new BroadcastChannel('hamish-glossary') : null;
    if (this.channel) this.channel.onmessage = () => this.reload();
    this.wire();
    this.render();
    // List what is stored at once, even before (or without) the engine; the first install uses
    // the same read.
    this.stored = loadEntries();
    this.stored.then(
      (records) => {
        if (this.installMs !== undefined) return; // installed meanwhile: that is the truth
        this.records = records;
        this.byId = new Map(records.map((r) => [r.id, r]));
        this.render();
      },
      () => {},
    );
  }

  // ── loading and installing ────────────────────────────────────────────────────────────────

  /** Reads the stored entries and has the worker gloss with them. Used at start-up (before any
   * text is glossed) and whenever this or another tab changed them. Calls made while one runs
   * are folded into one more run. */
  async reload({ initial = false } = {}) {
    if (this.installing) {
      this.installAgain = true;
      return this.installing;
    }
    this.installing = (async () => {
      do {
        this.installAgain = false;
        await this.install(initial);
        initial = false;
      } while (this.installAgain);
    })();
    try {
      await this.installing;
    } finally {
      this.installing = null;
    }
  }

  async install(initial) {
    let records;
    try {
      records = await (initial ? this.stored : loadEntries());
    } catch (error) {
      this.say(`Your own glossary could not be read from this browser’s storage (${error.message}).`, 'error', [], false);
      records = [];
    }
    const t0 = performance.now();
    const unusable = new Map();
    let used = records;
    try {
      // Nothing stored at start-up: the worker glosses with the bundled glossary already.
      if (used.length || !initial) await this.glosser.userGlossary(used.length ? [[STORED_NAME, toTsv(used)]] : []);
    } catch (error) {
      // Something stored no longer passes (say the bundled glossary changed under it): use the
      // rest, and say which entries are set aside and why.
      for (const line of problemsOf(error)) {
        const m = new RegExp(`^${STORED_NAME}:(\\d+): (.*)$`).exec(line);
        const record = m && used[Number(m[1]) - 2];
        if (record) unusable.set(record.id, this.readable(m[2], used));
      }
      used = records.filter((r) => !unusable.has(r.id));
      try {
        await this.glosser.userGlossary(used.length ? [[STORED_NAME, toTsv(used)]] : []);
      } catch {
        used = [];
        for (const r of records) unusable.set(r.id, 'your glossary could not be loaded');
        await this.glosser.userGlossary([]).catch(() => {});
      }
      this.status(`${unusable.size} of your own entries could not be used; see “My glossary”.`);
    }
    this.installMs = performance.now() - t0;
    this.records = records;
    this.byId = new Map(records.map((r) => [r.id, r]));
    this.unusable = unusable;
    this.render();
    this.noticeOutside();
    if (!initial) this.changed();
  }

  /** Tells the other tabs that the stored entries changed. */
  broadcast() {
    try {
      this.channel?.postMessage({ type: 'changed' });
    } catch {
      // a closed channel: nothing to tell
    }
  }

  /** A message from the core with entry ids replaced by something a person recognises. */
  readable(message, records) {
    let text = relocate(message, STORED_NAME, (line) => {
      const r = records[line - 2];
      return r ? `your entry ${r.ar}` : null;
    });
    for (const r of records) text = text.split(`\`${r.id}\``).join(`${r.ar} (${r.en})`);
    return text;
  }

  // ── the panel ─────────────────────────────────────────────────────────────────────────────

  wire() {
    const e = this.els;
    e.add.addEventListener('click', () => this.openNew({}));
    e.import.addEventListener('click', () => e.file.click());
    e.file.addEventListener('change', () => {
      const file = e.file.files[0];
      e.file.value = '';
      if (file) this.importFile(file);
    });
    e.exportTsv.addEventListener('click', () => download('hamish-my-glossary.tsv', toTsv(this.records), 'text/tab-separated-values;charset=utf-8'));
    e.exportCsv.addEventListener('click', () => download('hamish-my-glossary.csv', toCsv(this.records), 'text/csv;charset=utf-8'));
    e.exportJson.addEventListener('click', () => download('hamish-my-glossary.json', toJson(this.records), 'application/json;charset=utf-8'));
    e.formEl.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    e.cancel.addEventListener('click', () => e.dialog.close());
    e.dialog.addEventListener('close', () => {
      this.form = null;
    });
    e.del.addEventListener('click', () => this.deleteFromForm());
    e.takeTheirs.addEventListener('click', () => this.takeTheirs());
    e.keepMine.addEventListener('click', () => this.keepMine());
    this.fields.type.addEventListener('change', () => this.typeChanged());
    this.fields.ar.addEventListener('input', () => this.suggest());
    this.fields.voc.addEventListener('input', () => this.suggest());
    let refersTimer = 0;
    this.fields.expands.addEventListener('input', () => {
      clearTimeout(refersTimer);
      refersTimer = setTimeout(() => this.findRefers(), 250);
    });
    for (const name of ['tr', 'refers']) {
      this.fields[name].addEventListener('input', () => {
        this.fields[name].dataset.typed = 'yes';
      });
    }
  }

  render() {
    const e = this.els;
    const n = this.records.length;
    e.count.textContent = n ? String(n) : '';
    for (const b of [e.exportTsv, e.exportCsv, e.exportJson]) b.disabled = !n;
    if (!n) {
      e.list.replaceChildren(h('li', { className: 'hint' }, 'No terms of your own yet. Select a word in the text and choose “Add to my glossary”, or import a file.'));
      return;
    }
    e.list.replaceChildren(
      ...this.records.map((r) =>
        h(
          'li',
          { className: 'mine-item', dataset: { id: r.id, type: r.type } },
          h(
            'div',
            { className: 'mine-text' },
            h('span', { className: 'mine-ar', lang: 'ar', dir: 'rtl' }, r.ar),
            h('span', { className: 'mine-en' }, r.en),
            h('span', { className: 'mine-type' }, r.type),
            this.unusable.has(r.id) ? h('span', { className: 'mine-problem' }, `Not used: ${this.unusable.get(r.id)}`) : null,
          ),
          h(
            'div',
            { className: 'mine-actions' },
            h('button', { type: 'button', className: 'mine-edit', 'aria-label': `Edit ${r.ar}`, onclick: () => this.openEdit(r.id) }, 'Edit'),
            h('button', { type: 'button', className: 'mine-delete', 'aria-label': `Delete ${r.ar}`, onclick: (event) => this.confirmDelete(event.currentTarget, r) }, 'Delete'),
          ),
        ),
      ),
    );
  }

  /** Delete asks once more, in place. */
  confirmDelete(button, record) {
    const actions = button.parentElement;
    const item = actions.parentElement;
    const restore = () => this.render();
    actions.replaceChildren(
      h('span', { className: 'hint' }, 'Delete?'),
      h('button', { type: 'button', className: 'mine-confirm danger', 'aria-label': `Yes, delete ${record.ar}`, onclick: () => this.remove(record.id, record.rev) }, 'Delete'),
      h('button', { type: 'button', className: 'mine-keep', onclick: restore }, 'Keep'),
    );
    item.querySelector('.mine-confirm').focus();
  }

  async remove(id, rev) {
    let message;
    try {
      const gone = await deleteEntry(id, rev);
      message = [`Deleted ${gone.ar}.`];
      this.broadcast();
    } catch (error) {
      if (error instanceof Conflict) message = [error.stored ? `“${error.stored.ar}” was changed in another tab meanwhile, so it was not deleted. Look at it again.` : 'That entry was already deleted in another tab.', 'error'];
      else message = [`Could not delete: ${error.message}`, 'error'];
    }
    await this.reload();
    this.say(...message);
  }

  say(message, kind = 'ok', details = [], open = true) {
    const e = this.els.message;
    e.hidden = false;
    e.dataset.kind = kind;
    e.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const shown = details.slice(0, MAX_SHOWN_PROBLEMS);
    e.replaceChildren(
      ...[
        h('p', {}, message),
        shown.length ? h('ul', {}, shown.map((d) => h('li', {}, d))) : null,
        details.length > shown.length ? h('p', { className: 'hint' }, `… and ${details.length - shown.length} more.`) : null,
      ].filter(Boolean),
    );
    if (open) this.els.box.open = true;
  }

  // ── the form ──────────────────────────────────────────────────────────────────────────────

  /** Opens the form for a new entry, prefilled with `values` (any of the 12 fields). */
  openNew(values, { title = 'Add to my glossary', note = '' } = {}) {
    this.form = { id: newId(), baseRev: null, isNew: true };
    this.fill({ type: 'term', ...values });
    if (!values.tr && (values.ar || values.voc)) this.suggest(true);
    this.show(title, note);
  }

  /** Adds what is selected in the text: the term the core finds in it, without its clitics
   * (المحاصرين → محاصر), with its vowels and transliteration where the glossary knows them. */
  async openFromSelection(text) {
    const selected = cleanSelection(text);
    let values = selected;
    let known = null;
    if (selected.ar) {
      try {
        known = await this.glosser.formToAdd(selected.ar);
      } catch {
        // The form still opens with the selection as it is.
      }
    }
    if (known?.ar) {
      // A vowelled selection's marks belong to the words as selected, clitics included.
      const voc = known.voc || (known.ar === selected.ar ? selected.voc : '');
      values = { ar: known.ar, voc, tr: known.tr || '' };
    }
    const stripped = values.ar !== selected.ar;
    const note = stripped
      ? ['The form is ', h('span', { lang: 'ar', dir: 'rtl' }, values.ar), ' without what is attached to it in the text (', h('span', { lang: 'ar', dir: 'rtl' }, selected.ar), '): attached words are recognised on their own.']
      : ['Write the term itself, without prefixes attached to it (', h('span', { lang: 'ar', dir: 'rtl' }, 'و، ف، ب، ل، ال'), '): they are recognised on their own.'];
    this.openNew(values, { note: values.ar ? note : '' });
    // The glossary's transliteration goes with this form: it gives way to a suggestion if the
    // reader changes the Arabic.
    if (values.tr) delete this.fields.tr.dataset.typed;
  }

  /** Opens the form on one of the reader's entries. */
  openEdit(id) {
    const record = this.byId.get(id);
    if (!record) return;
    this.form = { id, baseRev: record.rev, isNew: false };
    this.fill(record);
    this.show(`Edit ${record.ar}`, '');
  }

  /** Adds the reader's own version of a bundled entry: same forms, so it wins over it. */
  openOverride(entry) {
    const values = {};
    for (const name of FIELDS) if (entry[name] !== undefined) values[name] = entry[name];
    delete values.id;
    delete values.checked; // the bundled entry's date says nothing of the reader's version
    values.shares = [];
    this.openNew(values, { note: `Your entry will be used instead of the bundled one for ${entry.ar}${entry.aliases?.length ? ' and its other spellings' : ''}.` });
  }

  fill(values) {
    for (const [name, input] of Object.entries(this.fields)) {
      const v = values[name];
      input.value = Array.isArray(v) ? v.join(' | ') : v || '';
      input.removeAttribute('aria-invalid');
    }
    this.form.shares = splitList(values.shares || []);
    this.form.checked = values.checked || '';
    // A transliteration already there (an entry being edited) is not replaced by suggestions.
    if (values.tr) this.fields.tr.dataset.typed = 'yes';
    else delete this.fields.tr.dataset.typed;
    if (values.refers) this.fields.refers.dataset.typed = 'yes';
    else delete this.fields.refers.dataset.typed;
    this.els.refersInfo.textContent = '';
    this.typeChanged();
  }

  show(title, note) {
    const e = this.els;
    e.title.textContent = title;
    e.note.replaceChildren(...[note].flat());
    e.note.hidden = !note;
    e.errors.hidden = true;
    e.errors.replaceChildren();
    e.conflict.hidden = true;
    e.del.hidden = this.form.isNew;
    e.save.hidden = false;
    e.save.disabled = false;
    if (!e.dialog.open) e.dialog.showModal();
    (this.fields.ar.value ? this.fields.en : this.fields.ar).focus();
  }

  typeChanged() {
    const type = this.fields.type.value;
    this.suggest(); // names are capitalised
    this.els.abbr.hidden = type !== 'abbreviation';
    if (type === 'abbreviation' && this.fields.expands.value && !this.fields.refers.value) this.findRefers();
  }

  /** Keeps the suggested transliteration in step with the Arabic until the reader types one.
   * Only vowelled Arabic gives a suggestion: bare letters do not say how a word is voiced
   * (المحاصرين is not al-mḥāṣrīn), so they give only a hint of the consonants. */
  suggest(force = false) {
    const tr = this.fields.tr;
    const ar = this.fields.ar.value.trim();
    const vowelled = this.fields.voc.value.trim() || (VOWEL_MARKS.test(ar) ? ar : '');
    const capitalise = NAMES.has(this.fields.type.value);
    this.els.trHint.textContent = vowelled || !ar ? 'suggested from the vowelled Arabic: please check' : 'the short vowels are not known: please write it (or give the vowelled spelling under More)';
    tr.placeholder = ar && !vowelled ? `letters only: ${suggestTransliteration(ar, '', capitalise)}` : '';
    if (tr.dataset.typed && !force) return;
    tr.value = vowelled ? suggestTransliteration(ar, vowelled, capitalise) : '';
  }

  /** Finds the entry an abbreviation's expansion names, to fill in `refers`. */
  async findRefers() {
    const text = this.fields.expands.value.trim();
    const info = this.els.refersInfo;
    if (!text) {
      info.textContent = '';
      return;
    }
    let readings = [];
    try {
      readings = await this.lookup(text, 0);
    } catch {
      // the engine is unavailable: the reader can still type the id
    }
    const whole = readings.find((r) => r.start === 0 && r.end === text.length);
    const entry = whole && this.glosser.entry(whole.entry);
    if (entry) {
      if (!this.fields.refers.dataset.typed) this.fields.refers.value = entry.id;
      info.textContent = `The glossary knows it: ${entry.en} (${entry.type}, id ${entry.id}).`;
    } else {
      info.textContent = 'The glossary does not know this expansion as one entry: add it first, or give the id of the entry it stands for.';
    }
  }

  /** The entry the form describes. */
  entryFromForm() {
    const f = this.fields;
    const value = (name) => f[name].value.replace(/\s+/g, ' ').trim();
    const listValue = (name) =>
      f[name].value
        .split(/[|،,\n]/)
        .map((a) => a.replace(/\s+/g, ' ').trim())
        .filter(Boolean);
    const type = f.type.value;
    return {
      id: this.form.id,
      ar: value('ar'),
      voc: value('voc'),
      type,
      en: value('en'),
      tr: value('tr'),
      aliases: listValue('aliases'),
      short: NAMES.has(type) ? listValue('short') : [],
      expands: type === 'abbreviation' ? value('expands') : '',
      refers: type === 'abbreviation' ? value('refers') : '',
      pos: value('pos'),
      shares: this.form.shares || [],
      notes: value('notes'),
      checked: this.form.checked || '',
    };
  }

  /** The obvious, checked here for a clear message next to the field; the rest by the core. */
  precheck(entry) {
    const problems = [];
    const need = (name, message) => {
      if (!entry[name]) {
        problems.push([name, message]);
      }
    };
    need('ar', 'Write the Arabic.');
    need('en', 'Write the English gloss.');
    need('tr', 'Write a transliteration (one is suggested when the Arabic or its vowelled spelling has its vowels).');
    if (entry.type === 'word') need('pos', 'A general word needs its part of speech (under “More”).');
    if (entry.type === 'abbreviation') {
      need('expands', 'Write what the abbreviation stands for, in Arabic.');
      need('refers', 'Give the entry the abbreviation stands for (its id).');
    }
    for (const name of ['en', 'tr', 'notes']) {
      if (/[<>]/.test(entry[name])) problems.push([name, `${FIELD_LABELS[name]}: HTML is not allowed (no < or >).`]);
    }
    return problems;
  }

  showErrors(problems) {
    const e = this.els;
    for (const input of Object.values(this.fields)) input.removeAttribute('aria-invalid');
    for (const [name] of problems) this.fields[name]?.setAttribute('aria-invalid', 'true');
    e.errors.hidden = !problems.length;
    e.errors.replaceChildren(
      h('p', {}, problems.length === 1 ? 'This entry cannot be saved:' : 'This entry cannot be saved yet:'),
      h('ul', {}, problems.map(([, message]) => h('li', {}, message))),
    );
    const first = problems.find(([name]) => this.fields[name]);
    if (first) {
      if (this.fields[first[0]].closest('details')) this.fields[first[0]].closest('details').open = true;
      this.fields[first[0]].focus();
    }
  }

  /** Asks the core whether the stored entries with `entry` in place of its old version pass. */
  async validate(entry) {
    const others = this.records.filter((r) => r.id !== entry.id);
    const all = [...others, entry];
    try {
      await this.glosser.userGlossary([[STORED_NAME, toTsv(all)]], { install: false });
      return [];
    } catch (error) {
      const line = all.length + 1;
      return problemsOf(error).map((message) => {
        const m = new RegExp(`^${STORED_NAME}:(\\d+): (.*)$`).exec(message);
        const own = m && Number(m[1]) === line;
        const text = this.readable((own ? m[2] : message).split(`\`${entry.id}\``).join('this entry'), all);
        const field = /`(\w+)`/.exec(own ? m[2] : '')?.[1];
        return [FIELDS.includes(field) ? field : null, text];
      });
    }
  }

  async submit(baseRev = this.form?.baseRev) {
    if (!this.form) return;
    const e = this.els;
    const entry = this.entryFromForm();
    let problems = this.precheck(entry);
    if (!problems.length) problems = await this.validate(entry);
    if (problems.length) {
      this.showErrors(problems);
      return;
    }
    e.save.disabled = true;
    try {
      const record = await saveEntry(entry, baseRev);
      this.form = null;
      e.dialog.close();
      this.broadcast();
      await this.reload();
      this.say(`Saved ${record.ar}: ${record.en}.`);
    } catch (error) {
      e.save.disabled = false;
      if (error instanceof Conflict) this.showConflict(entry, error.stored);
      else this.showErrors([[null, `It could not be stored in this browser: ${error.message}`]]);
    }
  }

  /** Another tab changed (or deleted) the entry since the form was opened: nothing was
   * overwritten; both versions are shown and the reader chooses. */
  showConflict(mine, stored) {
    const e = this.els;
    this.form.theirs = stored;
    this.form.mine = mine;
    e.errors.hidden = true;
    e.conflict.hidden = false;
    // The choice is made in the conflict box: Save (over the old revision) would only conflict again.
    e.save.hidden = true;
    e.del.hidden = true;
    e.conflictTitle.textContent = stored ? 'Changed in another tab' : 'Deleted in another tab';
    e.conflictText.textContent = stored
      ? `This entry was changed in another tab after you opened it (it is now at revision ${stored.rev}), so your changes were not saved. Here are both versions.`
      : 'This entry was deleted in another tab after you opened it, so your changes were not saved.';
    e.takeTheirs.textContent = stored ? 'Use the saved version' : 'Discard mine';
    e.keepMine.textContent = stored ? 'Save mine over it' : 'Save mine again';
    const show = (entry, name) => (entry ? (Array.isArray(entry[name]) ? entry[name].join(' | ') : entry[name] || '') : '');
    const shown = FIELDS.filter((name) => name !== 'id' && name !== 'shares' && (name === 'ar' || show(stored, name) || show(mine, name)));
    const rows = shown.map((name) => {
      const theirs = show(stored, name);
      const ours = show(mine, name);
      const arabic = ['ar', 'voc', 'aliases', 'expands'].includes(name);
      const cell = (text) => h('td', arabic ? { lang: 'ar', dir: 'rtl' } : {}, text);
      return h('tr', { className: theirs !== ours ? 'differs' : null }, h('th', { scope: 'row' }, FIELD_LABELS[name]), cell(theirs), cell(ours));
    });
    e.conflictTable.replaceChildren(
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, stored ? `Saved (other tab)` : 'Saved (deleted)'), h('th', { scope: 'col' }, 'Yours (not saved)'))),
      h('tbody', {}, rows),
    );
    e.keepMine.focus();
  }

  takeTheirs() {
    const theirs = this.form?.theirs;
    if (!theirs) {
      this.els.dialog.close();
      return;
    }
    this.form = { id: theirs.id, baseRev: theirs.rev, isNew: false };
    this.fill(theirs);
    this.show(`Edit ${theirs.ar}`, 'This is the version saved in the other tab.');
  }

  keepMine() {
    if (!this.form) return;
    const theirs = this.form.theirs;
    this.els.conflict.hidden = true;
    this.els.save.hidden = false;
    this.els.del.hidden = this.form.isNew;
    this.submit(theirs ? theirs.rev : null);
  }

  deleteFromForm() {
    const e = this.els;
    if (!this.form || this.form.isNew) return;
    if (e.del.dataset.confirm !== 'yes') {
      e.del.dataset.confirm = 'yes';
      e.del.textContent = 'Really delete';
      setTimeout(() => {
        delete e.del.dataset.confirm;
        e.del.textContent = 'Delete';
      }, 4000);
      return;
    }
    const { id, baseRev } = this.form;
    e.dialog.close();
    this.remove(id, baseRev);
  }

  /** If the entry open in the form was changed in another tab, say so now (saving will show
   * both versions). */
  noticeOutside() {
    const form = this.form;
    if (!form || form.isNew || !this.els.dialog.open) return;
    const stored = this.byId.get(form.id);
    if (stored && stored.rev === form.baseRev) return;
    this.els.note.hidden = false;
    this.els.note.textContent = stored
      ? 'This entry has just been changed in another tab. If you save, you will see both versions and choose.'
      : 'This entry has just been deleted in another tab.';
  }

  // ── import ────────────────────────────────────────────────────────────────────────────────

  async importFile(file) {
    if (file.size > MAX_IMPORT_BYTES) {
      this.say(`${file.name} was not imported: it is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`, 'error');
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (error) {
      this.say(`${file.name} could not be read (${error.message}).`, 'error');
      return;
    }
    await this.importText(file.name, text);
  }

  /**
   * Imports entries: new ids are added, existing ids replaced. Everything (the stored entries
   * and the imported ones together) is validated first; if anything is wrong nothing is stored.
   */
  async importText(name, text) {
    const parsed = readImport(name, text);
    const refuse = (problems) => {
      this.say(`Nothing was imported from ${name}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}. Your glossary is unchanged.`, 'error', problems);
      return false;
    };
    if (parsed.problems.length) return refuse(parsed.problems);
    if (!parsed.entries.length) return refuse([`${name}: no entries in the file`]);
    let stored;
    try {
      stored = await loadEntries(); // validated against what is stored now
    } catch (error) {
      this.say(`Nothing was imported: this browser’s storage cannot be read (${error.message}).`, 'error');
      return false;
    }
    const basis = new Map(stored.map((r) => [r.id, r.rev]));
    const incoming = new Set(parsed.entries.map((e) => e.id));
    const kept = stored.filter((r) => !incoming.has(r.id));
    const synthetic = `\u2063import-${Date.now()}`; // a name no file has
    const files = [];
    if (kept.length) files.push([STORED_NAME, toTsv(kept)]);
    files.push([parsed.places ? synthetic : name, parsed.tsv]);
    try {
      await this.glosser.userGlossary(files, { install: false });
    } catch (error) {
      const place = (line) => (parsed.places ? parsed.places[line] : null);
      const problems = problemsOf(error).map((m) => {
        let message = parsed.places ? relocate(m, synthetic, place) : m;
        if (parsed.format !== 'tsv') message = message.replace('tab-separated ', '');
        return this.readable(message, kept);
      });
      return refuse(problems);
    }
    let written;
    try {
      written = await importEntries(parsed.entries, basis);
    } catch (error) {
      if (error instanceof Conflict) this.say(`Nothing was imported from ${name}: your glossary was changed in another tab meanwhile. Import it again.`, 'error');
      else this.say(`Nothing was imported from ${name}: ${error.message}`, 'error');
      return false;
    }
    this.broadcast();
    await this.reload();
    const replaced = written.filter((r) => r.rev > 1).length;
    this.say(`Imported ${written.length} ${written.length === 1 ? 'entry' : 'entries'} from ${name}${replaced ? ` (${replaced} replaced entries with the same id)` : ''}.`);
    return true;
  }
}
