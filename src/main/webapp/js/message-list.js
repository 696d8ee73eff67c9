// The message list: messages in seq order, this page's pending ones at the end, an older epoch's above a separator;
// the start of the room's history ("Load earlier messages" or a note); scrolling that stays at the end while the
// reader is there; each message's text or tombstone, edits and reactions (message-parts.js). DOM only: the page
// (chat.js) says what to show.
import { el, hue, initial } from './dom.js';
import { decorate, startEdit } from './message-parts.js';

const GROUP_WITHIN_MS = 5 * 60 * 1000;
const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 40;

/**
 * @typedef {import('./protocol.js').Message} Message
 * @typedef {import('./store.js').Added} Added
 * @typedef {{loadEarlier(): void, retry(id: string): void, discard(id: string): void} &
 *   import('./message-parts.js').MessageActions} ListActions what the user asks of the list and of its messages
 */

function formatTime(date) {
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  const options = sameDay ? { hour: '2-digit', minute: '2-digit' }
    : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return date.toLocaleString([], options);
}

/** One room's messages on screen. */
export class MessageList {
  /** @param {Record<string, HTMLElement>} els @param {ListActions} actions */
  constructor(els, actions) {
    this.els = els;
    this.actions = actions;
    /** this page's user: the name its messages carry, and its subject (in open mode, the name) */
    this.self = { name: '', sub: '' };
    /** whether this user may delete others' messages in the room shown (set before showRoom) */
    this.moderator = false;
    /** @type {Set<number>} the seqs shown, in this epoch */
    this.shown = new Set();
    /** @type {Map<string, HTMLElement>} pending messages by client id */
    this.pendingItems = new Map();
    els.loadEarlier.addEventListener('click', () => actions.loadEarlier());
    els.jump.addEventListener('click', () => { this.scrollToBottom(); els.text.focus(); });
    els.scroller.addEventListener('scroll', () => {
      if (this.#nearBottom()) els.jump.hidden = true;
      // Scrolled up to the start: the page before comes, as with the button (the store asks once at a time).
      if (els.scroller.scrollTop < NEAR_TOP_PX && !els.loadEarlier.hidden) actions.loadEarlier();
    });
  }

  /** Shows exactly these messages (a room opened), scrolled to the end. @param {Message[]} messages */
  showRoom(messages) {
    this.els.messages.replaceChildren();
    this.pendingItems.clear();
    this.shown.clear();
    for (const message of messages) this.#place(this.#buildMessage(message), message.seq);
    this.scrollToBottom();
  }

  /** @param {Message} message @returns {'shown' | 'earlier' | 'live' | 'between'} where it goes: shown already, above
   *   every message shown, below them all, or into a hole */
  placeOf(message) {
    if (this.shown.has(message.seq)) return 'shown';
    if (this.shown.size === 0) return 'live';
    let lowest = Infinity;
    let highest = -Infinity;
    for (const seq of this.shown) { lowest = Math.min(lowest, seq); highest = Math.max(highest, seq); }
    return message.seq < lowest ? 'earlier' : message.seq > highest ? 'live' : 'between';
  }

  /**
   * A message shown changed (edited, deleted, reacted to): shown as it is now. @param {Message} message
   * @returns {boolean} whether it is shown
   */
  update(message) {
    const li = this.#item(message.seq);
    if (!li) return false;
    this.#fillMessage(li, message);
    [li, li.nextElementSibling].forEach((item) => this.#regroup(item));
    return true;
  }

  /** Opens the editor on a message shown (ArrowUp in the composer). @param {Message} message */
  edit(message) {
    const li = this.#item(message.seq);
    if (!li) return;
    li.scrollIntoView({ block: 'nearest' });
    startEdit(li, message, this.actions);
  }

  #item(seq) {
    return this.els.messages.querySelector(`li[data-seq="${Number(seq)}"]`);
  }

  /** @param {string} id @returns {string | null} the text of the pending message of that client id */
  pendingText(id) {
    return this.pendingItems.get(id)?.querySelector('.text')?.textContent ?? null;
  }

  /** @param {string} id @returns {boolean} whether this page shows a pending message of that client id */
  isPending(id) {
    return this.pendingItems.has(id);
  }

  /**
   * Adds messages new to the room, each at its seq's place; one that confirms a pending message takes its element.
   * @param {Added[]} added
   * @param {'pinned' | 'earlier'} [keep] pinned: stay at the end if there; earlier: keep what is on screen in place
   */
  add(added, keep = 'pinned') {
    this.#keep(keep, () => added.forEach(({ message, pending }) => {
      const li = pending && this.pendingItems.get(pending.id);
      if (li) {
        this.pendingItems.delete(pending.id);
        this.#fillMessage(li, message);
        this.#place(li, message.seq);
      } else {
        this.#place(this.#buildMessage(message), message.seq);
      }
    }));
  }

  /**
   * A live message: added, the list kept at the end if it was there (else "New messages" offered).
   * @param {Added | null} added null for a message already shown (this page's own, placed by its ack)
   */
  live(added) {
    const pinned = this.#nearBottom();
    if (added) this.add([added], 'none');
    if (pinned) this.scrollToBottom(); else this.els.jump.hidden = false;
  }

  /**
   * The room's numbering may have restarted (a rejoin that did not recover): messages on screen keep their place
   * but leave the seq order, and a separator marks the possible hole.
   */
  startNewEpoch() {
    this.#keep('pinned', () => {
      for (const li of this.els.messages.querySelectorAll('li[data-seq]')) {
        delete li.dataset.seq;
        li.classList.add('stale');
      }
      this.shown.clear();
      this.#place(el('li', 'separator', 'Some earlier messages may be missing'), Infinity);
    });
  }

  /** A message the user just wrote, shown at the end as pending. @param {string} id @param {string} text */
  addPending(id, text) {
    const li = this.#buildMessage({ user: this.self.name, sub: this.self.sub, text });
    li.classList.add('pending');
    this.pendingItems.set(id, li);
    this.els.messages.append(li);
    this.#regroup(li);
    this.pendingStatus(id, 'sending');
  }

  /**
   * @param {string} id
   * @param {'sending' | 'waiting' | 'failed'} state
   * @param {string} [reason] why it failed
   */
  pendingStatus(id, state, reason) {
    const li = this.pendingItems.get(id);
    if (!li) return;
    li.classList.toggle('failed', state === 'failed');
    if (state === 'sending') this.#setPendingStatus(li, el('span', null, 'Sending…'));
    if (state === 'waiting') this.#setPendingStatus(li, el('span', null, 'Waiting for the server…'));
    if (state === 'failed') {
      const retry = el('button', 'link-button', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => this.actions.retry(id));
      const discard = el('button', 'link-button', 'Delete');
      discard.type = 'button';
      discard.addEventListener('click', () => this.actions.discard(id));
      this.#setPendingStatus(li, el('span', null, `Not sent: ${reason}`), retry, discard);
    }
  }

  /** @param {string} id @param {{focus?: boolean}} [options] focus: the composer takes focus (the user deleted it) */
  removePending(id, { focus = false } = {}) {
    const li = this.pendingItems.get(id);
    if (!li) return;
    this.pendingItems.delete(id);
    const next = li.nextElementSibling;
    li.remove();
    this.#regroup(next);
    if (focus) this.els.text.focus();
  }

  /**
   * Whether "Load earlier messages" is offered, or which note marks the start.
   * @param {{label: string, joined: boolean, more: boolean, atBeginning: boolean}} start label: how the room is
   *   named (`#lobby`, or `@bob` for a direct conversation)
   */
  historyStart({ label, joined, more, atBeginning }) {
    const { els } = this;
    let note = '';
    if (!more && joined && !els.messages.querySelector('.stale')) {
      note = atBeginning ? `This is the beginning of ${label}.` : 'Earlier messages are no longer kept.';
    }
    if (!more && document.activeElement === els.loadEarlier) els.scroller.focus();
    els.loadEarlier.hidden = !more;
    els.historyNote.textContent = note;
    els.historyNote.hidden = !note;
  }

  /** @param {boolean} busy whether an earlier page is being fetched */
  loadingEarlier(busy) {
    if (busy) this.els.loadEarlier.setAttribute('aria-busy', 'true');
    else this.els.loadEarlier.removeAttribute('aria-busy');
  }

  scrollToBottom() {
    this.els.scroller.scrollTop = this.els.scroller.scrollHeight;
    this.els.jump.hidden = true;
  }

  // Keeps the list sorted by seq; pending messages stay at the end, older epochs at the top.
  #place(li, seq) {
    const list = this.els.messages;
    const oldNext = li.parentNode ? li.nextElementSibling : null;
    let node = list.lastElementChild;
    while (node && (node === li || node.classList.contains('pending') || Number(node.dataset.seq) > seq)) {
      node = node.previousElementSibling;
    }
    list.insertBefore(li, node ? node.nextElementSibling : list.firstElementChild);
    [li, li.nextElementSibling, oldNext].forEach((item) => this.#regroup(item));
  }

  #regroup(li) {
    if (!li || !li.classList.contains('msg')) return;
    const prev = li.previousElementSibling;
    const continued = Boolean(prev && prev.classList.contains('msg') && prev.dataset.user === li.dataset.user
      && Math.abs(Number(li.dataset.time) - Number(prev.dataset.time)) < GROUP_WITHIN_MS);
    li.classList.toggle('cont', continued);
  }

  #buildMessage(message) {
    const li = el('li', 'msg');
    const avatar = el('span', 'avatar');
    avatar.setAttribute('aria-hidden', 'true');
    const meta = el('p', 'meta');
    meta.append(el('span', 'author'), el('time'));
    const body = el('div', 'body');
    body.append(meta, el('p', 'text'));
    li.append(avatar, body);
    this.#fillMessage(li, message);
    return li;
  }

  #fillMessage(li, message) {
    const user = message.user ?? ''; // a tombstone names nobody
    const when = message.ts ? new Date(message.ts) : new Date(Number(li.dataset.time) || Date.now());
    li.dataset.user = message.sub ?? user; // grouped by sender: two users may share a name
    li.querySelector('.author').textContent = user;
    li.querySelector('.avatar').textContent = user ? initial(user) : '';
    li.dataset.time = String(when.getTime());
    if (message.seq !== undefined) {
      li.dataset.seq = String(message.seq);
      this.shown.add(message.seq);
    }
    li.classList.toggle('own', Boolean(user) && (message.sub ?? user) === this.self.sub);
    li.style.setProperty('--hue', String(hue(user)));
    const time = li.querySelector('time');
    time.textContent = message.ts ? formatTime(when) : '';
    if (message.ts) {
      time.dateTime = message.ts;
      time.title = when.toLocaleString();
    }
    if (message.seq !== undefined) {
      li.classList.remove('pending', 'failed');
      li.querySelector('.msg-status')?.remove();
    }
    decorate(li, message, { self: this.self.sub, moderator: this.moderator }, this.actions);
  }

  #setPendingStatus(li, ...parts) {
    li.querySelector('.msg-status')?.remove();
    const status = el('p', 'msg-status');
    status.append(...parts);
    li.querySelector('.body').append(status);
  }

  #nearBottom() {
    const s = this.els.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  #keep(how, change) {
    const s = this.els.scroller;
    if (how === 'earlier') {
      const fromBottom = s.scrollHeight - s.scrollTop;
      change();
      s.scrollTop = s.scrollHeight - fromBottom;
    } else if (how === 'pinned') {
      const pinned = this.#nearBottom();
      change();
      if (pinned) this.scrollToBottom();
    } else {
      change();
    }
  }
}
