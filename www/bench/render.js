// Shared by the benchmark pages: turning text and hamish's flat span array into DOM, the way a
// page shows glossed text (one <p> per line, each span wrapped in a <mark>), comparable to what
// mark.js produces.

/** One <p> per line of `text`, each holding one text node: the DOM the baselines start from. */
export function paragraphs(text) {
  const fragment = document.createDocumentFragment();
  for (const line of text.split('\n')) {
    const p = document.createElement('p');
    p.textContent = line;
    fragment.append(p);
  }
  return fragment;
}

/**
 * Builds the glossed DOM of `text` from `flat` (hamish's gloss(): `stride` numbers per span,
 * start and end first, UTF-16 offsets into `text`) into `container`: one <p> per line, the
 * spans wrapped in <mark data-entry>. Returns the number of marks.
 */
export function renderGlossed(container, text, flat, stride) {
  const fragment = document.createDocumentFragment();
  let span = 0;
  let marks = 0;
  let lineStart = 0;
  const n = flat.length;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const p = document.createElement('p');
    let at = lineStart;
    while (span < n && flat[span] < lineEnd) {
      const start = flat[span];
      const end = Math.min(flat[span + 1], lineEnd);
      if (start > at) p.append(text.slice(at, start));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(start, end);
      mark.dataset.entry = flat[span + 4];
      p.append(mark);
      marks++;
      at = end;
      span += stride;
    }
    if (lineEnd > at) p.append(text.slice(at, lineEnd));
    fragment.append(p);
    lineStart = lineEnd + 1;
  }
  container.replaceChildren(fragment);
  return marks;
}
