// hamish extension: the options page (the sites glossed, the reader's own glossary, where the
// reader page is). The glossary file is read by the reader's own code (formats.js, with Papa
// Parse for CSV) and validated by the core in the background, so a file the reader page refuses
// is refused here too, with the same messages.

import { h } from './dom.js';
import { MAX_IMPORT_BYTES, readImport, relocate } from './formats.js';
import { TYPES } from './doc.js';
import { HIGHLIGHTS } from './styles.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_READERS = ['http://127.0.0.1', 'http://localhost'];

function ask(message) {
  return chrome.runtime.sendMessage(message).then((answer) => {
    if (!answer?.ok) throw new Error(answer?.message || 'the extension did not answer');
    return answer;
  });
}

function show(kind, text, details = []) {
  const box = $('message');
  box.hidden = false;
  box.dataset.kind = kind;
  box.querySelector('p').textContent = text;
  box.querySelector('ul').replaceChildren(...details.map((d) => h('li', {}, d)));
}

async function render() {
  const { sites = [], user = null, autoSync = true, readers = DEFAULT_READERS } = await chrome.storage.local.get(['sites', 'user', 'autoSync', 'readers']);
  const list = $('sites');
  list.replaceChildren(
    ...sites.map((origin) => {
      const stop = async () => {
        await ask({ type: 'remove-site', origin }).catch((error) => show('error', error.message));
        render();
      };
      return h('li', {}, h('span', {}, origin), h('button', { type: 'button', onclick: stop }, 'Stop glossing'));
    }),
  );
  $('no-sites').hidden = sites.length > 0;
  const n = user?.count ?? 0;
  const when = user?.at ? ` (${new Date(user.at).toLocaleString()})` : '';
  $('mine-status').textContent = !user
    ? 'None: pages are glossed with the bundled glossary.'
    : `${n.toLocaleString('en')} ${n === 1 ? 'entry' : 'entries'} of your own, ${user.source === 'reader' ? `from the reader page at ${user.name}` : `from ${user.name || 'a file'}`}${when}, on top of the bundled glossary.`;
  $('auto-sync').checked = autoSync;
  if (document.activeElement !== $('readers')) $('readers').value = readers.join('\n');
}

$('file').addEventListener('change', async () => {
  const file = $('file').files[0];
  $('file').value = '';
  if (!file) return;
  if (file.size > MAX_IMPORT_BYTES) {
    show('error', `${file.name} is over 5 MB: nothing was imported.`);
    return;
  }
  const read = readImport(file.name, await file.text());
  if (read.problems.length) {
    show('error', `${file.name} could not be read: nothing was imported.`, read.problems);
    return;
  }
  try {
    const { count } = await ask({ type: 'user-glossary', files: [[read.name, read.tsv]], name: file.name });
    show('ok', `Imported ${count} ${count === 1 ? 'entry' : 'entries'} from ${file.name}: open pages are glossed again with them.`);
  } catch (error) {
    const message = read.places ? relocate(error.message, read.name, (line) => read.places[line]) : error.message;
    const lines = message.split('\n').filter(Boolean);
    show('error', `${file.name} has problems: nothing was imported.`, lines);
  }
  render();
});

$('from-reader').addEventListener('click', async () => {
  try {
    const answer = await ask({ type: 'import-from-reader' });
    show('ok', `Imported ${answer.count} ${answer.count === 1 ? 'entry' : 'entries'} from the reader page.`);
  } catch (error) {
    show('error', error.message.split('\n')[0], error.message.split('\n').slice(1));
  }
  render();
});

$('bundled-only').addEventListener('click', async () => {
  try {
    await ask({ type: 'user-glossary', files: [], name: '' });
    show('ok', 'Your entries are no longer used here (the reader page keeps its own).');
  } catch (error) {
    show('error', error.message);
  }
  render();
});

$('auto-sync').addEventListener('change', async () => {
  await chrome.storage.local.set({ autoSync: $('auto-sync').checked });
});

$('save-readers').addEventListener('click', async () => {
  const out = $('readers-message');
  const readers = [];
  for (const line of $('readers').value.split('\n').map((l) => l.trim()).filter(Boolean)) {
    let url;
    try {
      url = new URL(line);
    } catch {
      out.textContent = `Not an address: ${line}`;
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      out.textContent = `Only http and https addresses: ${line}`;
      return;
    }
    readers.push(`${url.protocol}//${url.hostname}`);
  }
  // Asked now, during the click: reading the reader's glossary there needs access to the site.
  const granted = readers.length ? await chrome.permissions.request({ origins: readers.map((r) => `${r}/*`) }).catch(() => false) : true;
  if (!granted) {
    out.textContent = 'Access to those addresses was not granted: nothing changed.';
    return;
  }
  await chrome.storage.local.set({ readers: [...new Set(readers)] });
  await ask({ type: 'sync-registration' }).catch(() => {});
  out.textContent = 'Saved.';
  render();
});

/** The legend: each type's name in Arabic, coloured as on the pages (the same highlights), with
 * a box that shows or hides the type everywhere. */
async function legend() {
  const sheet = new CSSStyleSheet();
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  sheet.replaceSync(dark ? HIGHLIGHTS.dark : HIGHLIGHTS.light);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const { hidden = [] } = await chrome.storage.local.get('hidden');
  const list = $('legend');
  for (const type of TYPES) {
    const changed = async () => {
      const hide = [...list.querySelectorAll('input:not(:checked)')].map((b) => b.dataset.type);
      await chrome.storage.local.set({ hidden: hide });
    };
    const box = h('input', { type: 'checkbox', checked: !hidden.includes(type.key), dataset: { type: type.key }, onchange: changed });
    const sample = h('span', { className: 'sample', lang: 'ar', dir: 'rtl' }, type.ar);
    list.append(h('li', {}, h('label', {}, box, sample, h('span', {}, type.en))));
    const range = new Range();
    range.selectNodeContents(sample);
    let highlight = CSS.highlights.get(type.key);
    if (!highlight) CSS.highlights.set(type.key, (highlight = new Highlight()));
    highlight.add(range);
  }
}

legend();
chrome.storage.onChanged.addListener(() => render());
render();
