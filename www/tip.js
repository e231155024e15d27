// hamish reader: the gloss tooltip, kept on screen by Floating UI.

import { computePosition, autoUpdate, offset, flip, shift, inline, arrow, size } from './vendor/floating-ui.dom.mjs';

export class Tip {
  constructor(element) {
    this.el = element;
    this.body = document.createElement('div');
    this.body.className = 'tip-body';
    this.arrowEl = document.createElement('div');
    this.arrowEl.className = 'tip-arrow';
    this.el.replaceChildren(this.body, this.arrowEl);
    this.reference = null;
    this.owner = null; // the term element or a lookup key the tip belongs to
    this.pinned = false;
    this.cleanup = null;
    this.token = 0;
    this.state = null; // what the page's card shows (the page's own business)
  }

  get open() {
    return !this.el.hidden;
  }

  /**
   * Shows `content` (a Node) next to `reference` (an element or a Floating UI virtual element).
   * `owner` identifies what the tip is about; `describes` gets aria-describedby while open.
   */
  show({ reference, owner, content, pinned = false, describes = null }) {
    this.detach();
    this.state = null;
    this.reference = reference;
    this.owner = owner;
    this.pinned = pinned;
    this.body.replaceChildren(content);
    this.el.hidden = false;
    if (describes) {
      describes.setAttribute('aria-describedby', this.el.id);
      this.described = describes;
    }
    const floating = this.el;
    const update = () => {
      if (this.anchorGone()) {
        this.hide();
        return undefined;
      }
      // The side is chosen for the card's whole height (the one with more room when it fits
      // neither), not for the height it was cut to beside the last word.
      floating.style.maxHeight = '';
      return computePosition(reference, floating, {
        strategy: 'fixed',
        placement: 'top',
        middleware: [
          inline(),
          offset(10),
          flip({ padding: 8, fallbackStrategy: 'bestFit' }),
          shift({ padding: 8 }),
          // A long gloss (notes) never runs off screen: the tooltip scrolls inside instead.
          size({
            padding: 8,
            apply({ availableHeight }) {
              floating.style.maxHeight = `${Math.max(140, Math.floor(availableHeight))}px`;
            },
          }),
          arrow({ element: this.arrowEl, padding: 10 }),
        ],
      }).then(({ x, y, placement, middlewareData }) => {
        Object.assign(floating.style, { left: `${x}px`, top: `${y}px` });
        floating.dataset.placement = placement;
        const a = middlewareData.arrow || {};
        const side = placement.split('-')[0] === 'top' ? 'bottom' : 'top';
        Object.assign(this.arrowEl.style, {
          left: a.x != null ? `${a.x}px` : '',
          top: '',
          bottom: '',
          [side]: '-6px',
        });
      });
    };
    this.cleanup = autoUpdate(reference, floating, update);
  }

  /** Closes the tip if the text it is about has left the page (a new text replaced it). */
  hideIfDetached() {
    if (this.open && this.anchorGone()) this.hide();
  }

  /** Whether the text the tip points at has been removed from the page. */
  anchorGone() {
    const anchor = this.reference?.contextElement ?? this.reference;
    return anchor instanceof Node && !anchor.isConnected;
  }

  /** Replaces the content of the open tip (e.g. when a lookup answers). */
  replace(content) {
    this.body.replaceChildren(content);
  }

  detach() {
    if (this.cleanup) this.cleanup();
    this.cleanup = null;
    if (this.described) this.described.removeAttribute('aria-describedby');
    this.described = null;
  }

  hide() {
    this.detach();
    this.el.hidden = true;
    this.reference = null;
    this.owner = null;
    this.pinned = false;
    this.state = null;
    this.token++;
    this.onHide?.();
  }
}
