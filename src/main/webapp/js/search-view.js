// The search box and its results (the `search` frame, docs/protocol.md): results are shown in place of the live
// message list, newest first, with "Older results" while a page comes back full and a way back to the conversation
// (the button, or Escape). Text goes in with textContent only. The live list keeps filling meanwhile.
import { el, hue, initial } from './dom.js';

/** Results per page: the server's default `limit`. */
const PAGE = 50;

/**
 * @typedef {import('./protocol.js').Message} Message
 * @typedef {{search(q: string, page: {before?: number, limit: number}): Promise<Message[]>}} SearchActions
 */

export class SearchView {
  /** @param {Record<string, HTMLElement>} els @param {SearchActions} actions */
  constructor(els, actions) {
    this.els = els;
    this.actions = actions;
    /** the words of the results shown, '' while the conversation is shown */
    this.q = '';
    this.oldest = Infinity;
    this.asked = 0; // counts searches, so that an answer to an older one is dropped
    els.searchForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const q = els.searchQ.value.trim();
      if (q) this.#search(q);
    });
    els.searchMore.addEventListener('click', () => this.#more());
    els.searchBack.addEventListener('click', () => this.close());
    els.searchView.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  /** Back to the conversation (also when the room changes). */
  close() {
    const { els } = this;
    const open = !els.searchView.hidden;
    this.q = '';
    this.asked += 1;
    els.searchView.hidden = true;
    els.scroller.hidden = false;
    els.searchResults.replaceChildren();
    if (open) els.searchQ.focus();
  }

  async #search(q) {
    const { els } = this;
    this.q = q;
    this.oldest = Infinity;
    els.searchResults.replaceChildren();
    els.searchTitle.textContent = `Searching for “${q}”…`;
    els.searchMore.hidden = true;
    els.scroller.hidden = true;
    els.searchView.hidden = false;
    await this.#page(q, {});
    els.searchBack.focus();
  }

  #more() {
    if (this.q) this.#page(this.q, { before: this.oldest });
  }

  async #page(q, { before }) {
    const { els } = this;
    const asked = ++this.asked;
    let messages;
    try {
      messages = await this.actions.search(q, { ...(before === undefined ? {} : { before }), limit: PAGE });
    } catch (error) {
      if (asked !== this.asked) return;
      els.searchTitle.textContent = `Search failed: ${error.message}`;
      els.searchMore.hidden = true;
      return;
    }
    if (asked !== this.asked) return;
    for (const message of messages) {
      this.oldest = Math.min(this.oldest, message.seq);
      els.searchResults.append(result(message));
    }
    const count = els.searchResults.childElementCount;
    els.searchTitle.textContent = count === 0 ? `No messages contain “${q}”.`
      : `${count} message${count === 1 ? '' : 's'} with “${q}”, newest first`;
    els.searchMore.hidden = messages.length < PAGE;
  }
}

/** @param {Message} message @returns {HTMLElement} one result: who, when, what */
function result(message) {
  const li = el('li', 'msg result');
  li.dataset.seq = String(message.seq);
  li.style.setProperty('--hue', String(hue(message.user)));
  const avatar = el('span', 'avatar', initial(message.user));
  avatar.setAttribute('aria-hidden', 'true');
  const meta = el('p', 'meta');
  const time = el('time');
  if (message.ts) {
    const when = new Date(message.ts);
    time.dateTime = message.ts;
    time.textContent = when.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }
  meta.append(el('span', 'author', message.user), time);
  const body = el('div', 'body');
  body.append(meta, el('p', 'text', message.text));
  li.append(avatar, body);
  return li;
}
