// hamish: what a gloss card shows, for the reader page and for the browser extension alike:
// DOM built from the engine's entry views, as text only (never HTML). What the cards' buttons do
// is the caller's (`actions`); without actions a card has no buttons.

import { h } from './dom.js';
import { DISGUISED, SHORT, TYPE_BY_KEY } from './doc.js';

/**
 * The card builders over one engine.
 * @param {object} o
 * @param {(index: number) => object} o.entryOf  an entry's view by index (the engine's)
 * @param {object} [o.actions]  what the buttons do: edit(entry), override(entry), addName(entry),
 *   addWord(word), expand(); without it, cards have no buttons
 */
export function makeCards({ entryOf, actions = null }) {
  const NAME_KINDS = { person: "a person's name", place: 'a place name', organisation: 'an outlet or body' };

  function typeLabel(entry) {
    if (entry.type === 'word') return entry.pos ? `general word (${entry.pos})` : 'general word';
    if (entry.type === 'probable') return `probably ${NAME_KINDS[entry.kind] || 'a name'}`;
    // التحالف الدولي is no abbreviation, قسد is: the core tells them apart.
    if (entry.shortName) return 'short name';
    return TYPE_BY_KEY.get(entry.type)?.en || entry.type;
  }

  /** What skim mode shows above a term: its gloss's first sense without asides in brackets or
   * a leading "the" (SDF, not "SDF (Syrian Democratic Forces)"); a probable name's romanisation.
   * CSS cuts what still does not fit. */
  function shortGloss(entry) {
    if (entry.type === 'probable') return entry.romanisation;
    const sense = entry.en.split(';')[0].trim();
    let short = sense.replace(/\s*\([^)]*\)/g, '').trim() || sense;
    if (short.length > 24 && short.includes(', ')) short = short.split(', ')[0];
    return short.replace(/^the\s+(?=\S)/i, '');
  }

  /** The accessible name of a highlighted term: the word as written, its type and its gloss. */
  function label(entry, written, flags = 0) {
    if (entry.type === 'probable') return `${written}: ${entry.en}, said roughly ${entry.romanisation}`;
    let gloss = entry.en;
    const full = entry.refersIndex >= 0 ? entryOf(entry.refersIndex) : null;
    if (full && full.en && full.en !== entry.en) gloss += `, ${full.en}`;
    const notes = [
      entry.user ? 'from your glossary' : null,
      flags & DISGUISED ? `written disguised for ${entry.ar}` : null,
      flags & SHORT ? `short form of ${entry.ar}` : null,
    ].filter(Boolean);
    return `${written}: ${typeLabel(entry)}, ${gloss}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  }

  const ARABIC_JOINS_LEFT = /[بتثجحخسشصضطظعغفقكلمنهيئى]$/;
  const withTatweel = (prefix) => (ARABIC_JOINS_LEFT.test(prefix) ? `${prefix}ـ` : prefix);

  function typeBadge(entry) {
    const type = TYPE_BY_KEY.get(entry.type);
    return h(
      'span',
      { className: 'tip-type', dataset: { type: entry.type } },
      typeLabel(entry),
      type ? [' · ', h('span', { lang: 'ar', dir: 'rtl' }, entry.shortName ? 'اسم مختصر' : type.ar)] : null,
    );
  }

  /** The breakdown of a reading: prefix parts + stem + suffix parts, each with its meaning. */
  function breakdown(reading, lineText, entry) {
    const part = (ar, en, cls) =>
      h('span', { className: `part ${cls}` }, h('span', { className: 'part-ar', lang: 'ar', dir: 'rtl' }, ar), h('span', { className: 'part-en', lang: 'en', dir: 'ltr' }, en));
    const parts = [];
    for (const p of reading.prefix) parts.push(part(withTatweel(p.text), p.meaning, 'affix'));
    parts.push(part(lineText.slice(reading.stemStart, reading.stemEnd), entry.en, 'stem'));
    for (const s of reading.suffix) parts.push(part(`ـ${s.text}`, s.meaning, 'affix'));
    const joined = [];
    parts.forEach((p, i) => {
      if (i) joined.push(h('span', { className: 'plus', 'aria-hidden': 'true' }, '+'));
      joined.push(p);
    });
    return h('div', { className: 'tip-parts', lang: 'ar', dir: 'rtl', 'aria-label': 'Breakdown' }, joined);
  }

  function fact(name, ...value) {
    return [h('dt', {}, name), h('dd', {}, ...value)];
  }
  const ar = (text) => h('span', { lang: 'ar', dir: 'rtl', className: 'ar' }, text);

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

  /** A `checked` date (YYYY-MM-DD) as a reader writes it: 6 December 2026. */
  function asOf(date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
    return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : '';
  }

  /** The tooltip's content for a reading of `written` (or for a bare entry while the lookup runs).
   * `disguised`: the term was written disguised (د ا ع ش) and found all the same. `short`: it was
   * named by a short form (a second mention: الشرع for Ahmed al-Sharaa). */
  function glossCard({ written, entry, reading, others = [], lineText = '', disguised = false, short = false, writtenStem = null }) {
    const card = h('div', { className: 'card' });
    card.append(
      h(
        'div',
        { className: 'tip-head' },
        h('span', { className: 'tip-written', lang: 'ar', dir: 'rtl' }, written),
        typeBadge(entry),
        entry.user ? h('span', { className: 'tip-mine', title: 'This entry is from your own glossary' }, 'your entry') : null,
      ),
    );
    card.append(h('p', { className: 'tip-en' }, entry.en));
    if (disguised) {
      const as = writtenStem ?? (reading ? lineText.slice(reading.stemStart, reading.stemEnd) : written);
      card.append(h('p', { className: 'tip-disguised' }, 'Written disguised: ', ar(as), ' → ', ar(entry.ar), h('span', { className: 'muted' }, ' (spaced or broken up, as posts do to dodge filters)')));
    }
    if (short) {
      // Other people or bodies the same short form names (الأسد: Bashar, Hafez, Maher al-Assad).
      const namesAlso = others.filter((r) => r.short && r.entry !== entry.index).map((r) => entryOf(r.entry));
      card.append(
        h(
          'p',
          { className: 'tip-short' },
          'A short form, as news names someone again after the full name: ',
          ar(entry.voc || entry.ar),
          namesAlso.length ? h('span', {}, '. The same form may also name ', ...namesAlso.flatMap((e, i) => [i ? ', ' : '', h('b', {}, e.en)]), '.') : '.',
        ),
      );
    }
    if (reading && (reading.prefix.length || reading.suffix.length)) card.append(breakdown(reading, lineText, entry));
    const facts = [];
    const stem = reading ? lineText.slice(reading.stemStart, reading.stemEnd) : written;
    if (entry.voc || entry.ar !== stem) facts.push(fact('Arabic', ar(entry.voc || entry.ar)));
    if (entry.tr) facts.push(fact('Transliteration', h('i', {}, entry.tr)));
    if (entry.expands) facts.push(fact('Stands for', ar(entry.expands)));
    const full = entry.refersIndex >= 0 ? entryOf(entry.refersIndex) : null;
    if (full) facts.push(fact('Full entry', ar(full.voc || full.ar), ' → ', h('b', {}, full.en), ` (${typeLabel(full)})`));
    // The other forms, not the one on the page, as one right-to-left Arabic list.
    const bare = (text) => text.replace(/[\u064B-\u065F\u0670\u0640]/g, '');
    const otherForms = (entry.aliases || []).filter((a) => bare(a) !== bare(stem) && bare(a) !== bare(written));
    if (otherForms.length) facts.push(fact('Also written', h('span', { lang: 'ar', dir: 'rtl', className: 'ar ar-list' }, otherForms.slice(0, 4).join('، '))));
    if (facts.length) card.append(h('dl', { className: 'tip-facts' }, facts));
    // Other readings come before the notes, which can be long: a card that must scroll shows
    // them without scrolling.
    if (others.length) {
      card.append(
        h(
          'div',
          { className: 'tip-alts' },
          h('p', { className: 'tip-alts-title' }, others.length === 1 ? 'Another reading' : 'Other readings'),
          h(
            'ol',
            {},
            others.map((r) => {
              const e = entryOf(r.entry);
              const shape = [...r.prefix.map((p) => withTatweel(p.text)), lineText.slice(r.stemStart, r.stemEnd), ...r.suffix.map((s) => `ـ${s.text}`)].join(' + ');
              return h('li', {}, ar(shape), ' ', h('b', {}, e.en), ' ', h('span', { className: 'muted' }, `(${typeLabel(e)}${e.user ? ', your entry' : ''})`));
            }),
          ),
        ),
      );
    }
    const context = [];
    if (entry.notes) context.push(fact('Note', entry.notes));
    if (full && full.notes && !entry.notes) context.push(fact('Note', full.notes));
    const checked = asOf(entry.checked || (full && full.checked));
    if (checked) context.push(fact('As of', checked, h('span', { className: 'muted' }, ' (when these facts were last checked)')));
    if (context.length) card.append(h('dl', { className: 'tip-facts' }, context));
    card.append(entryActions(entry));
    return card;
  }

  /** The card of a probable name: what it probably is and why, how it may be said, and one
   * click to add it to the reader's glossary. It claims no gloss: none is known. */
  function nameCard({ written, entry }) {
    const card = h('div', { className: 'card', dataset: { probable: entry.kind } });
    card.append(h('div', { className: 'tip-head' }, h('span', { className: 'tip-written', lang: 'ar', dir: 'rtl' }, written), typeBadge(entry)));
    card.append(h('p', { className: 'tip-en' }, entry.en.replace(/ \(.*\)$/, ''), ' ', h('span', { className: 'muted' }, '(', ...cueWords(entry), ')')));
    const facts = [fact('Romanised', h('i', {}, entry.romanisation), h('span', { className: 'muted' }, ' (a guess from the letters: short vowels are not written)'))];
    if (entry.ar !== written) facts.push(fact('The name', ar(entry.ar)));
    card.append(h('dl', { className: 'tip-facts' }, facts));
    card.append(h('p', { className: 'muted' }, 'Not in the glossary: hamish does not know who or what this is.'));
    const add = h(
      'button',
      {
        type: 'button',
        className: 'tip-action',
        dataset: { action: 'add-name' },
        onclick: () => actions.addName(entry),
      },
      'Add to my glossary',
    );
    card.append(h('div', { className: 'tip-actions' }, add));
    return card;
  }

  /** Why a probable name was taken for one, with its Arabic cue marked as Arabic. */
  function cueWords(entry) {
    const why = {
      title: 'after',
      'place-word': 'after',
      body: 'after',
      reporting: 'after',
      'given-name': 'starts with the given name',
      lineage: 'a kunya or lineage with',
      earlier: 'as in',
    }[entry.cue];
    const tail = entry.cue === 'earlier' ? [' earlier in the text'] : [];
    return [`${why || 'after'} `, ar(entry.cueText), ...tail];
  }

  /** "Edit" for the reader's own entry, "Add my own version" for a bundled one. */
  function entryActions(entry) {
    const button = entry.user
      ? h('button', { type: 'button', className: 'tip-action', dataset: { action: 'edit' }, onclick: () => actions.edit(entry) }, 'Edit my entry')
      : h('button', { type: 'button', className: 'tip-action', dataset: { action: 'add' }, onclick: () => actions.override(entry) }, 'Add my own version');
    return h('div', { className: 'tip-actions' }, button);
  }

  function notFoundCard(word) {
    return h(
      'div',
      { className: 'card' },
      h('div', { className: 'tip-head' }, h('span', { className: 'tip-written', lang: 'ar', dir: 'rtl' }, word)),
      h('p', { className: 'tip-none' }, 'Not in the glossary.'),
      h('p', { className: 'muted' }, 'hamish knows conflict names, places, abbreviations and terms, and a set of common words. This word is not among them.'),
      h(
        'div',
        { className: 'tip-actions' },
        h('button', { type: 'button', className: 'tip-action', dataset: { action: 'add' }, onclick: () => actions.addWord(word) }, 'Add to my glossary'),
      ),
    );
  }

  /** One line: the word, its gloss, its type; the rest on a key (E) or a click. */
  function compactCard({ written, entry }) {
    const gloss = entry.type === 'probable' ? h('i', {}, entry.romanisation) : shortGloss(entry);
    const type = h('span', { className: 'tip-type', dataset: { type: entry.type } }, typeLabel(entry));
    return h(
      'div',
      { className: 'card compact' },
      h('div', { className: 'tip-line' }, h('span', { className: 'tip-written', lang: 'ar', dir: 'rtl' }, written), ' ', h('span', { className: 'tip-en', title: entry.en }, gloss), ' ', type),
      h('button', { type: 'button', className: 'tip-more', 'aria-expanded': 'false', onclick: () => actions.expand() }, 'More', h('span', { className: 'on-pointer' }, ' (E)')),
    );
  }

  /** Buttons only where the caller can act on them. */
  function withActions(node) {
    if (!actions) for (const el of node.querySelectorAll('.tip-actions, .tip-more')) el.remove();
    return node;
  }

  return {
    typeLabel,
    shortGloss,
    label,
    glossCard: (o) => withActions(glossCard(o)),
    nameCard: (o) => withActions(nameCard(o)),
    compactCard: (o) => withActions(compactCard(o)),
    notFoundCard: (word) => withActions(notFoundCard(word)),
  };
}
