// hamish reader: the reader's own glossary as files, TSV (the bundled glossary's format), CSV
// and JSON, and a few helpers for the add/edit form.
//
// Import never validates entries here: it turns the file into the bundled TSV format with a map
// from each TSV line back to where the entry was in the file (CSV line, JSON item), and the core
// (Hamish.withUserGlossary, the one validator) checks it; its messages are then rewritten to
// point at the file's own lines. Only what TSV cannot carry (a tab or line break inside a field,
// a CSV quoting error, JSON that is not an array of objects of text) is reported from here.
//
// CSV is read and written with Papa Parse (www/vendor/papaparse.min.js, a classic script that
// defines the global `Papa`).

export const FIELDS = ['id', 'ar', 'voc', 'type', 'en', 'tr', 'aliases', 'short', 'expands', 'refers', 'pos', 'shares', 'notes', 'checked'];
export const HEADER = FIELDS.join('\t');
export const LISTS = new Set(['aliases', 'short', 'shares']);
/** The columns of files exported before `short` and `checked` existed: still imported. */
const LEGACY_FIELDS = FIELDS.filter((name) => name !== 'short' && name !== 'checked');

/** The column names a header row gives (FIELDS or LEGACY_FIELDS), or null. */
function columnsOf(header) {
  const names = header.map((f) => f.trim()).join(',');
  return [FIELDS, LEGACY_FIELDS].find((columns) => columns.join(',') === names) || null;
}

/** Largest file accepted for import. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The file name the stored glossary is given when it is validated. */
export const STORED_NAME = 'my glossary';

// ── entries, records and rows ───────────────────────────────────────────────────────────────

export function splitList(value) {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  return String(value || '')
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** An entry (the FIELDS; aliases, short forms and shares as arrays) from strings in the order
 * of `columns`. */
export function entryFromFields(fields, columns = FIELDS) {
  const entry = {};
  for (const name of FIELDS) {
    const i = columns.indexOf(name);
    const value = i >= 0 ? fields[i] ?? '' : '';
    entry[name] = LISTS.has(name) ? splitList(value) : String(value).trim();
  }
  return entry;
}

/** Only the FIELDS of a record (drops rev, created, updated). */
export function entryOf(record) {
  const entry = {};
  for (const name of FIELDS) entry[name] = LISTS.has(name) ? [...(record[name] || [])] : record[name] || '';
  return entry;
}

/** The FIELDS of an entry as strings (lists `|`-joined), in column order. */
export function fieldsOf(entry) {
  return FIELDS.map((name) => (LISTS.has(name) ? (entry[name] || []).join('|') : entry[name] || ''));
}

/** Entries as a TSV file in the bundled glossary's format. */
export function toTsv(entries) {
  return [HEADER, ...entries.map((e) => fieldsOf(e).join('\t'))].join('\n') + '\n';
}

/** Entries as CSV (RFC 4180: CRLF, quotes where needed), with a byte order mark so that
 * spreadsheet programs read the Arabic as UTF-8. */
export function toCsv(entries) {
  return '\ufeff' + globalThis.Papa.unparse({ fields: FIELDS, data: entries.map(fieldsOf) }, { newline: '\r\n' }) + '\r\n';
}

/** Entries as JSON: an array of objects with the FIELDS as keys; lists are arrays. */
export function toJson(entries) {
  return JSON.stringify(entries.map(entryOf), null, 2) + '\n';
}

// ── import ──────────────────────────────────────────────────────────────────────────────────

/**
 * Reads an import file. Returns {format, name, tsv, places, entries, problems}: `tsv` is the
 * content in the bundled format (for the core to validate under `name`), `places[line]` says
 * where TSV line `line` came from ("words.csv:7", "words.json: item 3"), `entries` are the
 * parsed entries, and `problems` what could not even be converted (then nothing is imported).
 */
export function readImport(fileName, text) {
  const name = fileName || 'import';
  text = text.replace(/^\ufeff/, '');
  const format = formatOf(name, text);
  if (format === 'json') return readJson(name, text);
  if (format === 'csv') return readCsv(name, text);
  return readTsv(name, text);
}

function formatOf(name, text) {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  const first = text.split('\n', 1)[0];
  return first.includes('\t') || !first.includes(',') ? 'tsv' : 'csv';
}

function readTsv(name, text) {
  // The core reads the file itself (so its line numbers are the file's); the entries are taken
  // from the same lines.
  const entries = [];
  let columns = null;
  text.split('\n').forEach((raw) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) return;
    if (!columns) {
      columns = columnsOf(line.split('\t')) || FIELDS; // a bad header is the core's to report
      return;
    }
    entries.push(entryFromFields(line.split('\t'), columns));
  });
  return { format: 'tsv', name, tsv: text, places: null, entries, problems: [] };
}

const BREAKS = /[\t\n\r]/;
const breakProblem = (field) => `\`${field}\` contains a tab or a line break: glossary text is one line`;

function readCsv(name, text) {
  const problems = [];
  const rows = [];
  const first = text.split('\n', 1)[0];
  const delimiter = first.includes(',') ? ',' : first.includes(';') ? ';' : ',';
  let cursor = 0;
  let line = 1; // line of `cursor`
  const lineAt = (offset) => {
    // Lines only move forward: count the newlines between the last position and this one.
    for (let i = cursor; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    cursor = Math.max(cursor, offset);
    return line;
  };
  globalThis.Papa.parse(text, {
    delimiter,
    skipEmptyLines: false,
    step(result) {
      const start = lineAt(cursor); // where this record starts
      for (const e of result.errors) problems.push(`${name}:${start}: ${e.message.replace(/\.$/, '')} (CSV quoting)`);
      lineAt(result.meta.cursor);
      rows.push({ fields: result.data, line: start });
    },
  });
  if (problems.length) return { format: 'csv', name, problems };
  const tsvLines = [HEADER];
  const places = [null, `${name}:1`];
  let columns = null;
  const entries = [];
  for (const { fields, line: at } of rows) {
    if (fields.every((f) => !f.trim()) || fields[0].startsWith('#')) continue;
    if (!columns) {
      columns = columnsOf(fields);
      if (!columns) {
        return { format: 'csv', name, problems: [`${name}:${at}: the first row must be the header ${FIELDS.join(',')}`] };
      }
      continue;
    }
    const bad = fields.findIndex((f) => BREAKS.test(f));
    if (bad >= 0) {
      problems.push(`${name}:${at}: ${breakProblem(columns[bad] || `column ${bad + 1}`)}`);
      continue;
    }
    // A row with the wrong number of cells goes to the core as it is, for its message.
    const entry = entryFromFields(fields, columns);
    tsvLines.push(fields.length === columns.length ? fieldsOf(entry).join('\t') : fields.join('\t'));
    places.push(`${name}:${at}`);
    entries.push(entry);
  }
  if (!columns) problems.push(`${name}:1: empty file: no header row`);
  return { format: 'csv', name, tsv: tsvLines.join('\n') + '\n', places, entries, problems };
}

function readJson(name, text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { format: 'json', name, problems: [`${name}: not valid JSON (${error.message})`] };
  }
  if (!Array.isArray(data)) {
    return { format: 'json', name, problems: [`${name}: expected an array of entries, objects with the keys ${FIELDS.join(', ')}`] };
  }
  const problems = [];
  const tsvLines = [HEADER];
  const places = [null, `${name}: header`];
  const entries = [];
  data.forEach((item, i) => {
    const where = `${name}: item ${i + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`${where}: expected an object with the keys ${FIELDS.join(', ')}`);
      return;
    }
    const unknown = Object.keys(item).filter((k) => !FIELDS.includes(k));
    if (unknown.length) {
      problems.push(`${where}: unknown key ${unknown.map((k) => `\`${k}\``).join(', ')} (the keys are ${FIELDS.join(', ')})`);
      return;
    }
    const fields = [];
    for (const key of FIELDS) {
      let value = item[key] ?? '';
      if (LISTS.has(key) && Array.isArray(value)) {
        if (!value.every((v) => typeof v === 'string' && !v.includes('|'))) {
          problems.push(`${where}: \`${key}\` must be an array of texts without \`|\`, or one text with \`|\` between them`);
          return;
        }
        value = value.join('|');
      }
      if (typeof value !== 'string') {
        problems.push(`${where}: \`${key}\` must be text`);
        return;
      }
      if (BREAKS.test(value)) {
        problems.push(`${where}: ${breakProblem(key)}`);
        return;
      }
      fields.push(value);
    }
    tsvLines.push(fields.join('\t'));
    places.push(where);
    entries.push(entryFromFields(fields));
  });
  return { format: 'json', name, tsv: tsvLines.join('\n') + '\n', places, entries, problems };
}

/**
 * Rewrites the core's messages about file `name` (given `name:LINE`) to point at `place(LINE)`,
 * wherever they occur in the message ("(first defined at name:3)" too).
 */
export function relocate(message, name, place) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`${escaped}:(\\d+)`, 'g'), (whole, line) => place(Number(line)) ?? whole);
}

// ── helpers for the form ────────────────────────────────────────────────────────────────────

const MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed]/g;
const INVISIBLE = /[\u0640\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const EDGES = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** Text selected in an article, made into a form: no vowel marks, tatweel, direction marks or
 * punctuation around it, single spaces. Also returns the vowelled form if there was one. */
export function cleanSelection(text) {
  const tidy = String(text)
    .replace(INVISIBLE, '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(EDGES, '');
  const ar = tidy.replace(MARKS, '');
  return { ar, voc: ar !== tidy ? tidy : '' };
}

/** A new, stable id: `prefix.` (`user` for the reader's entries) and something unique. */
export function newId(prefix = 'user') {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(36).padStart(7, '0');
  return `${prefix}.${Date.now().toString(36)}-${random}`;
}

const LETTERS = {
  'ء': 'ʼ', 'آ': 'ā', 'أ': 'ʼ', 'إ': 'ʼ', 'ؤ': 'ʼ', 'ئ': 'ʼ', 'ا': 'ā', 'ب': 'b', 'ة': 'h', 'ت': 't',
  'ث': 'th', 'ج': 'j', 'ح': 'ḥ', 'خ': 'kh', 'د': 'd', 'ذ': 'dh', 'ر': 'r', 'ز': 'z', 'س': 's', 'ش': 'sh',
  'ص': 'ṣ', 'ض': 'ḍ', 'ط': 'ṭ', 'ظ': 'ẓ', 'ع': 'ʻ', 'غ': 'gh', 'ف': 'f', 'ق': 'q', 'ك': 'k', 'ل': 'l',
  'م': 'm', 'ن': 'n', 'ه': 'h', 'و': 'w', 'ى': 'á', 'ي': 'y', 'ی': 'y', 'ک': 'k', 'پ': 'p', 'چ': 'ch',
  'گ': 'g', 'ڤ': 'v', 'ژ': 'zh',
};
const VOWELS = { '\u064e': 'a', '\u0650': 'i', '\u064f': 'u', '\u064b': 'an', '\u064d': 'in', '\u064c': 'un', '\u0652': '', '\u0670': 'ā' };

/**
 * A first guess at the ALA-LC transliteration (the reader is asked to check it). With vowel
 * marks (from `voc`) it is close; from bare letters it can only give the consonants and long
 * vowels.
 */
export function suggestTransliteration(ar, voc = '', capitalise = false) {
  const source = voc || ar;
  const words = source.trim().split(/\s+/).filter(Boolean);
  const out = words.map((word) => {
    let w = word.replace(/\u0640/g, '');
    let prefix = '';
    if (/^ال/.test(w) && w.length > 3) {
      prefix = 'al-';
      w = w.slice(2).replace(/^\u0652/, '');
    }
    let s = '';
    let last = ''; // the last consonant written
    let end = 0; // where it ends in `s`
    for (let i = 0; i < w.length; i++) {
      const c = w[i];
      const next = w[i + 1];
      if (c === '\u0651') {
        // shadda doubles the consonant (not the sun letter after the article: al-Raqqah)
        if (!(prefix && end === last.length)) {
          s = s.slice(0, end) + last + s.slice(end);
          end += last.length;
        }
        continue;
      }
      if (c in VOWELS) {
        s += VOWELS[c];
        continue;
      }
      let t = LETTERS[c];
      if (t === undefined) {
        if (/[\p{L}\p{N}]/u.test(c)) s += c;
        continue;
      }
      const first = s === '';
      const vowelNext = next === 'ا' || next === '\u0651' || (next !== undefined && next in VOWELS);
      const unvowelled = s.length === end; // no vowel mark after the last consonant
      if (first && (c === 'أ' || c === 'إ' || c === 'آ' || c === 'ا')) {
        t = c === 'إ' ? 'i' : c === 'آ' ? 'ā' : 'a';
      } else if (c === 'ا' || c === 'ى') {
        if (s.endsWith('a')) s = s.slice(0, -1);
        t = c === 'ى' ? 'á' : 'ā';
      } else if ((c === 'و' || c === 'ي') && !first && !vowelNext && (s.endsWith(c === 'و' ? 'u' : 'i') || unvowelled)) {
        // a long vowel after its short vowel, or after a consonant left without a mark
        if (s.endsWith(c === 'و' ? 'u' : 'i')) s = s.slice(0, -1);
        t = c === 'و' ? 'ū' : 'ī';
      } else if (c === 'ة') {
        t = i === w.length - 1 ? (s.endsWith('a') ? 'h' : 'ah') : 't';
      }
      s += t;
      last = t;
      end = s.length;
    }
    const joined = prefix + s;
    return capitalise ? joined.replace(/^(al-)?(ʼ|ʻ)?(\p{Ll})/u, (m, al, ain, letter) => (al ? 'al-' : '') + (ain || '') + letter.toUpperCase()) : joined;
  });
  return out.join(' ');
}
