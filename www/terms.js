// hamish reader: "terms in this text" as files: a CSV table and Anki flash cards. Only the
// entities and terms the page highlights (never the general vocabulary), each once, in the order
// of the side panel: by type, the most frequent first.

import { Doc } from './doc.js';

export const TERM_COLUMNS = ['ar', 'written', 'voc', 'type', 'en', 'tr', 'expands', 'stands_for', 'notes', 'occurrences', 'id', 'source'];

/** One row per entry found in `doc`: {entry, full, written: [distinct forms as written], count}. */
export function termsOf(doc, glosser, typeOrder) {
  const rows = [];
  for (const { entry, places } of doc.occurrences().values()) {
    // Probable names are guesses, not glossary entries: they are not exported as terms.
    if (entry.type === 'probable') continue;
    const written = [];
    for (const { line, k } of places) {
      const s = Doc.span(line, k);
      const form = line.text.slice(s.stemStart, s.stemEnd).replace(/\s+/g, ' ');
      if (!written.includes(form)) written.push(form);
    }
    const full = entry.refersIndex >= 0 ? glosser.entry(entry.refersIndex) : null;
    rows.push({ entry, full, written, count: places.length });
  }
  const rank = (type) => {
    const i = typeOrder.indexOf(type);
    return i < 0 ? typeOrder.length : i;
  };
  // Stable sort: ties keep the order of first appearance.
  return rows.sort((a, b) => rank(a.entry.type) - rank(b.entry.type) || b.count - a.count);
}

const oneLine = (text) => String(text || '').replace(/[\t\r\n]+/g, ' ').trim();

/** The rows as a CSV table (RFC 4180, with a byte order mark for spreadsheets). */
export function toCsvRows(rows) {
  const data = rows.map(({ entry, full, written, count }) => [
    entry.ar,
    written.join(' | '),
    entry.voc || '',
    entry.type,
    entry.en,
    entry.tr,
    entry.expands || '',
    full ? full.en : '',
    entry.notes || (full ? full.notes : '') || '',
    String(count),
    entry.id,
    entry.user ? 'my glossary' : 'hamish',
  ]);
  return '\ufeff' + globalThis.Papa.unparse({ fields: TERM_COLUMNS, data }, { newline: '\r\n' }) + '\r\n';
}

/**
 * The rows as Anki cards: a tab-separated file Anki's "Import File" reads as Front/Back notes
 * (the header lines tell it the separator and that the fields are plain text).
 * Front: the Arabic as written in the text, then the canonical form with vowels.
 * Back: English gloss (type); what an abbreviation stands for; the notes.
 */
export function toAnki(rows) {
  const lines = ['#separator:tab', '#html:false'];
  for (const { entry, full, written } of rows) {
    const canonical = entry.voc || entry.ar;
    const front = written.includes(entry.ar) && written.length === 1 && !entry.voc ? entry.ar : `${written.slice(0, 3).join('، ')} — ${canonical}`;
    const back = [`${entry.en} (${entry.type})`];
    if (entry.expands) back.push(`stands for ${entry.expands}${full ? ` = ${full.en}` : ''}`);
    const notes = entry.notes || (full ? full.notes : '');
    if (notes) back.push(notes);
    lines.push(`${oneLine(front)}\t${oneLine(back.join(' · '))}`);
  }
  return lines.join('\n') + '\n';
}
