// Reading a room: which messages the user has seen (on screen, in a focused window: an IntersectionObserver on the
// message list), and the "New messages" line at the read marker as it was when the user started looking. DOM only;
// the page (chat.js) moves the marker through the client.
import { el } from './dom.js';

/** Tells the page the highest seq on screen while the window has the focus. */
export class ReadTracker {
  #visible = new Set();
  #observed = new WeakSet();
  #observer;

  /** @param {HTMLElement} scroller the list's scrolling box @param {(seq: number) => void} seen */
  constructor(scroller, seen) {
    this.seen = seen;
    this.#observer = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        const seq = Number(target.dataset.seq);
        if (isIntersecting && seq) this.#visible.add(seq); else this.#visible.delete(seq);
      }
      this.flush();
    }, { root: scroller, threshold: 0.6 });
    window.addEventListener('focus', () => this.flush());
    document.addEventListener('visibilitychange', () => this.flush());
  }

  /** Watches the messages shown now (call after the list changed). @param {HTMLElement} list */
  sync(list) {
    for (const li of list.querySelectorAll('li[data-seq]')) {
      if (this.#observed.has(li)) continue;
      this.#observed.add(li);
      this.#observer.observe(li);
    }
  }

  /** Forgets every message (another room is shown). */
  reset() {
    this.#observer.disconnect();
    this.#observed = new WeakSet();
    this.#visible.clear();
  }

  /** @returns {boolean} whether the user can see the page now */
  get looking() {
    return !document.hidden && document.hasFocus();
  }

  /** Reports the highest seq on screen, when the user is looking. */
  flush() {
    if (!this.looking || this.#visible.size === 0) return;
    this.seen(Math.max(...this.#visible));
  }
}

/**
 * Puts the "New messages" line before the first message after `read`, when a message by someone else is after it.
 * @param {HTMLElement} list the `ol` of messages @param {number | null} read @param {string} self the user's subject
 * @returns {boolean} whether the line is shown
 */
export function markerLine(list, read, self) {
  list.querySelector('.new-line')?.remove();
  if (read === null) return false;
  const after = [...list.querySelectorAll('li[data-seq]')].filter((li) => Number(li.dataset.seq) > read);
  if (!after.some((li) => li.dataset.user && li.dataset.user !== self && !li.classList.contains('deleted'))) return false;
  const line = el('li', 'new-line', 'New messages');
  line.setAttribute('role', 'separator');
  after[0].before(line);
  after[0].classList.remove('cont'); // the first new message shows its author
  return true;
}
