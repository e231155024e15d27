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

// Like the reader (doc.js), paragraphs go in chunks that the browser does not lay out while they
// are off screen (content-visibility in bench.css): a chunk ends after this many paragraphs or
// UTF-16 code units, the first two after a quarter and a half of that (what is on screen first).
const CHUNK_BLOCKS = 48;
const CHUNK_CHARS = 6000;
const FIRST_CHUNKS = [0.25, 0.5];

/**
 * The contents of the line `text[lineStart, lineEnd)` with the spans of `flat` from index `k` on
 * that start in it wrapped in <mark data-entry>: the parts (strings and marks) and the index of
 * the first span after the line.
 */
function lineParts(text, flat, stride, k, lineStart, lineEnd) {
  const parts = [];
  let at = lineStart;
  while (k < flat.length && flat[k] < lineEnd) {
    const start = flat[k];
    const end = Math.min(flat[k + 1], lineEnd);
    if (start > at) parts.push(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    mark.dataset.entry = flat[k + 4];
    parts.push(mark);
    at = end;
    k += stride;
  }
  if (lineEnd > at) parts.push(text.slice(at, lineEnd));
  return { parts, next: k };
}

/**
 * Builds the glossed DOM of `text` from `flat` (hamish's gloss(): `stride` numbers per span,
 * start and end first, UTF-16 offsets into `text`) into `container`: one <p> per line, the
 * spans wrapped in <mark data-entry>, the paragraphs in chunks. Returns the number of marks.
 */
export function renderGlossed(container, text, flat, stride) {
  const fragment = document.createDocumentFragment();
  let chunk = null;
  let chunkBlocks = 0;
  let chunkChars = 0;
  let span = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const p = document.createElement('p');
    const { parts, next } = lineParts(text, flat, stride, span, lineStart, lineEnd);
    p.append(...parts);
    span = next;
    const share = FIRST_CHUNKS[fragment.childElementCount - 1] ?? 1;
    if (!chunk || chunkBlocks >= CHUNK_BLOCKS * share || chunkChars >= CHUNK_CHARS * share) {
      chunk = document.createElement('div');
      chunk.className = 'chunk';
      fragment.append(chunk);
      chunkBlocks = 0;
      chunkChars = 0;
    }
    chunk.append(p);
    chunkBlocks++;
    chunkChars += lineEnd - lineStart;
    lineStart = lineEnd + 1;
  }
  container.replaceChildren(fragment);
  return flat.length / stride;
}

/**
 * Highlights the spans of `flat` in place in `container`, whose children are one <p> per line
 * of `text`, each holding that line as one text node (what `paragraphs` builds): each <p> with
 * spans gets its text split around <mark data-entry> elements; the others are left alone.
 * Returns the number of marks.
 */
export function markInPlace(container, text, flat, stride) {
  let p = container.firstElementChild;
  let lineStart = 0;
  let lineEnd = text.indexOf('\n');
  if (lineEnd < 0) lineEnd = text.length;
  let marks = 0;
  let k = 0;
  while (k < flat.length && p) {
    if (flat[k] > lineEnd) {
      p = p.nextElementSibling;
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      continue;
    }
    const { parts, next } = lineParts(text, flat, stride, k, lineStart, lineEnd);
    marks += (next - k) / stride;
    k = next;
    p.replaceChildren(...parts);
  }
  return marks;
}
