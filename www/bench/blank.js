// The browser's own floor for the start-up benchmark: a page with one small module script and
// nothing to fetch, load or gloss. The time it takes to run its script and show its first frame
// is the part of `startup.html`'s figures no page can save. Same result shape as startup.js.

const scriptStart = performance.now();
requestAnimationFrame(() =>
  setTimeout(() => {
    const painted = performance.now();
    window.startup = { scriptStart, painted };
    document.getElementById('status').textContent = `script at ${Math.round(scriptStart)} ms, first frame at ${Math.round(painted)} ms`;
    document.documentElement.dataset.done = '1';
  }, 0),
);
