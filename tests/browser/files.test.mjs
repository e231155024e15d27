// The reader's glossary as files: import of TSV, CSV and JSON; a malformed file is refused with
// the line (or item) and the reason and changes nothing; export in the three formats imports back
// to the same entries; "terms in this text" downloads as CSV and as Anki cards.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import { LEGACY_TSV_HEADER, TSV_HEADER, assertClean, downloadOf, fieldsOnly, glossed, highlighted, importFile, launch, openMine, openReader, paste, storedEntries } from './helpers.mjs';

const row = (...fields) => fields.join('\t');

// Written in the first, 12-column format (without `short` and `checked`), which still imports.
const GOOD_TSV = [
  '# my own words, exported from a spreadsheet',
  LEGACY_TSV_HEADER,
  row('user.zarqalut', 'زرقلوط', '', 'person', 'Zarqalut (made up)', 'Zarqalūṭ', 'زرقلوطي', '', '', '', '', 'A name invented for the tests.'),
  '',
  row('user.qasad', 'قسد', 'قَسَد', 'organisation', 'my SDF', 'Qasad', '', '', '', '', '', ''),
].join('\n');

const GOOD_CSV = [
  'id,ar,voc,type,en,tr,aliases,expands,refers,pos,shares,notes',
  'user.barqatush,برقطوش,,place,"Barqatush, a village",Barqaṭūsh,,,,,,"He said ""yes"", then left"',
  '',
  'user.tlm,طلم,,abbreviation,TLM,Ṭlm,,قوات سوريا الديمقراطية,org.sdf,,,',
].join('\r\n');

const GOOD_JSON = JSON.stringify([
  { id: 'user.fazzaa', ar: 'فزعة', voc: '', type: 'term', en: 'tribal mobilisation', tr: 'fazʻah', aliases: ['فزعات'], expands: '', refers: '', pos: '', shares: [], notes: '' },
  { id: 'user.sabkha', ar: 'سبخة', type: 'place', en: 'Sabkha', tr: 'Sabkhah', aliases: 'السبخة|سبخه', notes: 'Keys left out are empty.' },
]);

const TEXT = 'قالت قسد إن زرقلوط زار برقطوش وطلم والسبخة مع فزعات.';

describe('my glossary as files', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('imports TSV, CSV and JSON; everything is highlighted at once; importing again replaces by id', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    await paste(page, TEXT);

    let result = await importFile(page, 'words.tsv', GOOD_TSV);
    assert.equal(result.kind, 'ok', result.text + result.details.join('\n'));
    assert.equal(result.text, 'Imported 2 entries from words.tsv.');
    result = await importFile(page, 'words.csv', GOOD_CSV);
    assert.equal(result.text, 'Imported 2 entries from words.csv.', result.details.join('\n'));
    result = await importFile(page, 'words.json', GOOD_JSON);
    assert.equal(result.text, 'Imported 2 entries from words.json.', result.details.join('\n'));

    const stored = await storedEntries(page);
    assert.deepEqual(
      stored.map((r) => r.id),
      ['user.zarqalut', 'user.qasad', 'user.barqatush', 'user.tlm', 'user.fazzaa', 'user.sabkha'],
    );
    const barqatush = stored.find((r) => r.id === 'user.barqatush');
    assert.equal(barqatush.en, 'Barqatush, a village');
    assert.equal(barqatush.notes, 'He said "yes", then left', 'CSV quoting is read as RFC 4180');
    assert.deepEqual(stored.find((r) => r.id === 'user.sabkha').aliases, ['السبخة', 'سبخه'], 'a |-joined string is a list');
    assert.deepEqual(stored.find((r) => r.id === 'user.fazzaa').aliases, ['فزعات']);
    assert.equal(await page.textContent('#mine-count'), '6');

    await page.waitForFunction(() => document.querySelectorAll('#pasted .t[data-mine]').length === 6 && document.querySelector('#pasted').dataset.phase === 'done');
    assert.deepEqual(
      (await highlighted(page)).map((m) => [m.text, m.type]),
      [
        ['قسد', 'organisation'],
        ['زرقلوط', 'person'],
        ['برقطوش', 'place'],
        ['وطلم', 'abbreviation'],
        ['والسبخة', 'place'],
        ['فزعات', 'term'],
      ],
    );

    // The same file again replaces the entries with the same id (no duplicates; revision 2).
    result = await importFile(page, 'words.tsv', GOOD_TSV);
    assert.equal(result.text, 'Imported 2 entries from words.tsv (2 replaced entries with the same id).');
    const again = await storedEntries(page);
    assert.equal(again.length, 6);
    assert.deepEqual(
      again.filter((r) => r.rev === 2).map((r) => r.id),
      ['user.zarqalut', 'user.qasad'],
    );
    assertClean(problems);
    await context.close();
  });

  it('refuses a malformed file with the line or item and the reason, and changes nothing', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    assert.equal((await importFile(page, 'words.tsv', GOOD_TSV)).kind, 'ok');
    const before = await storedEntries(page);

    const refused = async (name, text, expected) => {
      const result = await importFile(page, name, text);
      assert.equal(result.kind, 'error', `${name} is refused`);
      assert.match(result.text, new RegExp(`^Nothing was imported from ${name.replace('.', '\\.')}: .*Your glossary is unchanged\\.$`));
      for (const e of expected) assert.ok(result.details.some((d) => (e instanceof RegExp ? e.test(d) : d === e)), `${name}: expected ${e} among\n${result.details.join('\n')}`);
      assert.deepEqual(await storedEntries(page), before, `${name}: the stored glossary is unchanged`);
      return result.details;
    };

    // TSV: HTML in a gloss, an unknown type, an id of the bundled glossary, a wrong field count.
    await refused(
      'bad.tsv',
      [
        TSV_HEADER,
        row('user.a', 'برقطوش', '', 'place', 'ok', 'Barqaṭūsh', '', '', '', '', '', '', '', ''),
        row('user.b', 'طلم', '', 'place', '<b>Talam</b>', 'Ṭalam', '', '', '', '', '', '', '', ''),
        row('user.c', 'فزعة', '', 'thing', 'x', 'fazʻah', '', '', '', '', '', '', '', ''),
        row('place.syria', 'سبخة', '', 'place', 'Sabkha', 'Sabkhah', '', '', '', '', '', '', '', ''),
        'user.d\tشيء',
      ].join('\n'),
      [
        'bad.tsv:3: `en` contains `<`: HTML is not allowed in glossary text',
        /^bad\.tsv:4: unknown type `thing`/,
        'bad.tsv:5: id `place.syria` is already used by the bundled glossary',
        'bad.tsv:6: expected 14 tab-separated fields, found 2',
      ],
    );
    // CSV: lines are the file's lines (a blank line and a quoted comma before the bad one).
    await refused(
      'bad.csv',
      [
        'id,ar,voc,type,en,tr,aliases,expands,refers,pos,shares,notes',
        'user.a,برقطوش,,place,"Barqatush, a village",Barqaṭūsh,,,,,,',
        '',
        `user.b,طلم,,place,${'x'.repeat(301)},Ṭalam,,,,,,`,
        'user.c,فزعة,,abbreviation,Faz,Fazʻah,,,,,,',
      ].join('\n'),
      [/^bad\.csv:4: the gloss `en` is longer than 300 characters$/, /^bad\.csv:5: an abbreviation needs `expands`/],
    );
    await refused('quotes.csv', 'id,ar,voc,type,en,tr,aliases,expands,refers,pos,shares,notes\nuser.a,"برقطوش,,place,x,y,,,,,,\n', [/^quotes\.csv:2: Quoted field unterminated/]);
    // JSON: items; two entries with the same form; a form already in my glossary.
    const forms = await refused(
      'bad.json',
      JSON.stringify([
        { id: 'user.a', ar: 'برقطوش', type: 'place', en: 'Barqatush', tr: 'Barqaṭūsh' },
        { id: 'user.b', ar: 'برقطوش', type: 'place', en: 'again', tr: 'Barqaṭūsh' },
        { id: 'user.c', ar: 'زرقلوط', type: 'term', en: 'the same form as a stored entry', tr: 'zarqalūṭ' },
        { id: 'user.d', ar: 'فزعة', type: 'term', en: 'no transliteration' },
        { id: 'user.a', ar: 'سبخة', type: 'place', en: 'Sabkha', tr: 'Sabkhah' },
      ]),
      [
        /^bad\.json: item 2: form `برقطوش` of `user\.b` is also a form of `user\.a` \(bad\.json: item 1\)/,
        /^bad\.json: item 3: form `زرقلوط` of `user\.c` is also a form of زرقلوط \(Zarqalut \(made up\)\) \(your entry زرقلوط\)/,
        'bad.json: item 4: missing required field `tr`',
        /^bad\.json: item 5: duplicate id `user\.a` \(first defined at bad\.json: item 1\)/,
      ],
    );
    assert.ok(forms.length >= 4);
    await refused('shape.json', JSON.stringify([{ id: 'user.a', ar: 'برقطوش', colour: 'red' }, 'text']), [
      /^shape\.json: item 1: unknown key `colour`/,
      /^shape\.json: item 2: expected an object/,
    ]);
    await refused('broken.json', '[{"id": "user.a",', [/^broken\.json: not valid JSON/]);
    await refused('breaks.json', JSON.stringify([{ id: 'user.a', ar: 'برقطوش', type: 'place', en: 'two\nlines', tr: 'x' }]), ['breaks.json: item 1: `en` contains a tab or a line break: glossary text is one line']);
    await refused('header.csv', 'name,arabic\nx,y\n', [/^header\.csv:1: the first row must be the header id,ar,voc/]);
    await refused('empty.tsv', '', [/^empty\.tsv: no entries/]);
    assertClean(problems);
    await context.close();
  });

  it('exports TSV, CSV and JSON that import back to the same entries', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    for (const [name, text] of [
      ['words.tsv', GOOD_TSV],
      ['words.csv', GOOD_CSV],
      ['words.json', GOOD_JSON],
    ]) {
      assert.equal((await importFile(page, name, text)).kind, 'ok');
    }
    const original = fieldsOnly(await storedEntries(page));
    await openMine(page);
    const files = {
      tsv: await downloadOf(page, '#mine-export-tsv'),
      csv: await downloadOf(page, '#mine-export-csv'),
      json: await downloadOf(page, '#mine-export-json'),
    };
    assert.deepEqual(
      Object.values(files).map((f) => f.name),
      ['hamish-my-glossary.tsv', 'hamish-my-glossary.csv', 'hamish-my-glossary.json'],
    );
    // TSV: exactly the bundled header and 14 columns on every line.
    const tsvLines = files.tsv.text.replace(/\n$/, '').split('\n'); // (trimEnd would eat a last empty column)
    assert.equal(tsvLines[0], TSV_HEADER);
    assert.equal(tsvLines.length, original.length + 1);
    assert.deepEqual(tsvLines.filter((l) => l.split('\t').length !== 14), []);
    // CSV: RFC 4180, read back by a CSV parser to the same rows.
    assert.match(files.csv.text, /\r\n/);
    assert.match(files.csv.text, /"He said ""yes"", then left"/);
    const csvRows = Papa.parse(files.csv.text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    assert.deepEqual(csvRows.slice(1), tsvLines.slice(1).map((l) => l.split('\t')));
    // JSON: objects with the 14 keys, lists as arrays.
    const json = JSON.parse(files.json.text);
    assert.deepEqual(Object.keys(json[0]), TSV_HEADER.split('\t'));
    assert.ok(Array.isArray(json[0].aliases));

    for (const [format, file] of Object.entries(files)) {
      const fresh = await openReader(browser);
      await glossed(fresh.page, '#article');
      const result = await importFile(fresh.page, file.name, file.text);
      assert.equal(result.kind, 'ok', `${format}: ${result.details.join('\n')}`);
      assert.deepEqual(fieldsOnly(await storedEntries(fresh.page)), original, `${format} round-trips`);
      assertClean(fresh.problems);
      await fresh.context.close();
    }
    assertClean(problems);
    await context.close();
  });

  it('downloads the terms in this text as CSV and as Anki cards', async () => {
    const { context, page, problems } = await openReader(browser);
    await glossed(page, '#article');
    assert.equal((await importFile(page, 'words.tsv', GOOD_TSV.replace(/^user\.qasad.*$/m, ''))).kind, 'ok');
    await paste(page, 'قالت قسد إن لقسد قوات في دير الزور، وإن زرقلوط هناك.');
    await page.waitForSelector('#pasted .t[data-mine]');
    await glossed(page, '#pasted');

    const csv = await downloadOf(page, '#terms-csv');
    assert.equal(csv.name, 'hamish-terms-pasted.csv');
    const rows = Papa.parse(csv.text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
    assert.deepEqual(Object.keys(rows[0]), ['ar', 'written', 'voc', 'type', 'en', 'tr', 'expands', 'stands_for', 'notes', 'occurrences', 'id', 'source']);
    const byAr = new Map(rows.map((r) => [r.ar, r]));
    assert.deepEqual([...byAr.keys()].sort(), ['دير الزور', 'زرقلوط', 'قسد'].sort(), 'entities and terms only, each once: no general words');
    const qasad = byAr.get('قسد');
    assert.equal(qasad.type, 'abbreviation');
    assert.match(qasad.en, /^SDF/);
    assert.equal(qasad.written, 'قسد');
    assert.equal(qasad.voc, 'قَسَد');
    assert.equal(qasad.expands, 'قوات سوريا الديمقراطية');
    assert.equal(qasad.stands_for, 'Syrian Democratic Forces (SDF)');
    assert.equal(qasad.occurrences, '2');
    assert.equal(qasad.source, 'hamish');
    assert.equal(byAr.get('زرقلوط').source, 'my glossary');
    assert.equal(byAr.get('دير الزور').type, 'place');

    const anki = await downloadOf(page, '#terms-anki');
    assert.equal(anki.name, 'hamish-anki-pasted.txt');
    const lines = anki.text.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 2), ['#separator:tab', '#html:false']);
    const cards = lines.slice(2).map((l) => l.split('\t'));
    assert.equal(cards.length, 3);
    assert.ok(cards.every((c) => c.length === 2 && c[0] && c[1]), 'front and back, one tab between');
    const card = cards.find(([front]) => front.includes('قَسَد'));
    assert.ok(card, 'a card for قسد with the vowelled form');
    assert.match(card[0], /^قسد — قَسَد$/);
    assert.match(card[1], /^SDF.* \(abbreviation\) · stands for قوات سوريا الديمقراطية = Syrian Democratic Forces \(SDF\)/);
    assertClean(problems);
    await context.close();
  });
});
