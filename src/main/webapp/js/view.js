// The chat page's DOM: the room bar, the message list, members, typing, the composer, status, toasts. Text goes in
// with textContent only, never innerHTML; every control works from the keyboard. It holds no protocol state: the
// page (chat.js) tells it what to show and hears back what the user did.

const TYPING_SHOW_MS = 5000;
const GROUP_WITHIN_MS = 5 * 60 * 1000;
const NEAR_BOTTOM_PX = 80;
const ELEMENT_IDS = ['join-view', 'join-form', 'join-error', 'name', 'name-error', 'room', 'room-error', 'chat-view',
  'room-bar', 'room-title', 'status', 'status-text', 'retry-now', 'members-toggle', 'member-badge', 'leave',
  'scroller', 'load-earlier', 'history-note', 'messages', 'jump', 'typing', 'toast', 'composer', 'text',
  'counter', 'members-panel', 'member-count', 'members', 'announcer'];

/**
 * @typedef {import('./protocol.js').Message} Message
 * @typedef {import('./store.js').Added} Added
 * @typedef {{send(text: string): void, typing(): void, loadEarlier(): void, leave(): void, retryNow(): void,
 *   retry(id: string): void, discard(id: string): void}} ChatActions what the user asks of the chat view
 */

/** @param {string} tag @param {string | null} [className] @param {string} [text] */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function initial(name) {
  return ([...name.trim()][0] || '?').toUpperCase();
}

function hue(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

function formatTime(date) {
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  const options = sameDay ? { hour: '2-digit', minute: '2-digit' }
    : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return date.toLocaleString([], options);
}

/** @returns {Record<string, HTMLElement>} the page's elements by camel-cased id */
export function findElements() {
  const els = {};
  for (const id of ELEMENT_IDS) els[id.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = document.getElementById(id);
  return els;
}

/** The chat view: one room's messages, members, typing, composer and connection status. */
export class ChatView {
  /** @param {Record<string, HTMLElement>} els @param {ChatActions} actions */
  constructor(els, actions) {
    this.els = els;
    this.actions = actions;
    /** the name this page's messages carry */
    this.self = '';
    this.maxTextChars = 4000;
    /** @type {Map<string, HTMLElement>} pending messages by client id */
    this.pendingItems = new Map();
    /** @type {Map<string, number>} name -> timer that hides the indicator */
    this.typers = new Map();
    this.timers = { toast: 0, countdown: 0 };
    this.#listen();
  }

  #listen() {
    const { els } = this;
    els.composer.addEventListener('submit', (event) => { event.preventDefault(); this.#submit(); els.text.focus(); });
    els.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    els.text.addEventListener('input', () => {
      this.#composerChanged();
      if (els.text.value.trim()) this.actions.typing();
    });
    els.loadEarlier.addEventListener('click', () => this.actions.loadEarlier());
    els.leave.addEventListener('click', () => this.actions.leave());
    els.retryNow.addEventListener('click', () => this.actions.retryNow());
    els.jump.addEventListener('click', () => { this.#scrollToBottom(); els.text.focus(); });
    els.scroller.addEventListener('scroll', () => { if (this.#nearBottom()) els.jump.hidden = true; });
    els.membersToggle.addEventListener('click', () => this.#toggleMembers(!els.chatView.classList.contains('show-members')));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && els.chatView.classList.contains('show-members')) {
        this.#toggleMembers(false);
        els.membersToggle.focus();
      }
    });
  }

  #submit() {
    const text = this.els.text.value.trim();
    if (text) this.actions.send(text);
  }

  /** Empties the composer after a message went to the list. */
  clearComposer() {
    this.els.text.value = '';
    this.#composerChanged();
    this.#scrollToBottom();
  }

  /** @param {string} room */
  show(room) {
    const { els } = this;
    els.roomTitle.textContent = `#${room}`;
    history.replaceState(null, '', `?room=${encodeURIComponent(room)}`);
    this.#toggleMembers(false);
    els.text.focus();
  }

  /** @param {number} max the longest message the server takes, in UTF-16 units */
  setMaxTextChars(max) {
    this.maxTextChars = max;
    this.els.text.maxLength = max;
    this.#updateCounter();
  }

  /** Shows exactly these messages (a room opened), scrolled to the end. @param {Message[]} messages */
  showRoom(messages) {
    this.els.messages.replaceChildren();
    this.pendingItems.clear();
    for (const message of messages) this.#place(this.#buildMessage(message), message.seq);
    this.#scrollToBottom();
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
   * A live message: added, the view kept at the end if it was there (else "New messages" offered), its author's
   * typing indicator hidden.
   * @param {Added | null} added null for a message already shown (this page's own, placed by its ack)
   * @param {string} user
   */
  live(added, user) {
    const pinned = this.#nearBottom();
    if (added) this.add([added], 'none');
    this.hideTyper(user);
    if (pinned) this.#scrollToBottom(); else this.els.jump.hidden = false;
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
      this.#place(el('li', 'separator', 'Some earlier messages may be missing'), Infinity);
    });
  }

  /** A message the user just wrote, shown at the end as pending. @param {string} id @param {string} text */
  addPending(id, text) {
    const li = this.#buildMessage({ user: this.self, text });
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
   * @param {{room: string, joined: boolean, more: boolean, atBeginning: boolean}} start
   */
  historyStart({ room, joined, more, atBeginning }) {
    const { els } = this;
    let note = '';
    if (!more && joined && !els.messages.querySelector('.stale')) {
      note = atBeginning ? `This is the beginning of #${room}.` : 'Earlier messages are no longer kept.';
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

  /** @param {Iterable<string>} members names present */
  members(members) {
    const names = [...members].filter((n) => typeof n === 'string').sort((a, b) => a.localeCompare(b));
    this.els.members.replaceChildren(...names.map((name) => {
      const li = el('li', 'member');
      const avatar = el('span', 'avatar', initial(name));
      avatar.setAttribute('aria-hidden', 'true');
      li.style.setProperty('--hue', String(hue(name)));
      li.append(avatar, el('span', 'member-name', name));
      if (name === this.self) li.append(el('span', 'you', 'you'));
      return li;
    }));
    this.els.memberCount.textContent = String(names.length);
    this.els.memberBadge.textContent = String(names.length);
  }

  /** @param {unknown} user someone typing; shown for a few seconds */
  showTyper(user) {
    if (typeof user !== 'string' || user === this.self) return;
    clearTimeout(this.typers.get(user));
    this.typers.set(user, setTimeout(() => this.hideTyper(user), TYPING_SHOW_MS));
    this.#renderTypers();
  }

  /** @param {string} user */
  hideTyper(user) {
    if (!this.typers.has(user)) return;
    clearTimeout(this.typers.get(user));
    this.typers.delete(user);
    this.#renderTypers();
  }

  clearTypers() {
    this.typers.forEach((timer) => clearTimeout(timer));
    this.typers.clear();
    this.#renderTypers();
  }

  /**
   * @param {{state: 'connecting' | 'online' | 'reconnecting' | 'offline', kind: string, retryAt: number,
   *   inRoom: boolean}} status inRoom: the user wants to be in a room (retry is offered)
   */
  status(status) {
    this.statusShown = status;
    clearInterval(this.timers.countdown);
    if (status.state === 'reconnecting') this.timers.countdown = setInterval(() => this.#renderStatus(), 1000);
    this.#renderStatus();
  }

  #renderStatus() {
    const { els } = this;
    const { state, kind, retryAt, inRoom } = this.statusShown;
    const fallback = kind === 'fallback';
    const labels = { connecting: 'Connecting…', online: fallback ? 'Online · via HTTP' : 'Online', offline: 'Offline' };
    const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
    els.status.dataset.state = state;
    els.status.dataset.transport = kind;
    els.status.title = fallback ? 'WebSocket is blocked on this network: using plain HTTP' : '';
    els.chatView.dataset.online = String(state === 'online');
    els.statusText.textContent = labels[state] || `Reconnecting in ${seconds}s`;
    els.retryNow.hidden = !inRoom || !['reconnecting', 'offline'].includes(state);
  }

  /** @param {string} text shown for a few seconds */
  toast(text) {
    this.els.toast.textContent = text;
    this.els.toast.hidden = false;
    clearTimeout(this.timers.toast);
    this.timers.toast = setTimeout(() => { this.els.toast.hidden = true; }, 6000);
  }

  /** @param {string} text read out by screen readers */
  announce(text) {
    this.els.announcer.textContent = text;
  }

  #toggleMembers(open) {
    this.els.chatView.classList.toggle('show-members', open);
    this.els.membersToggle.setAttribute('aria-expanded', String(open));
  }

  #composerChanged() {
    const { text } = this.els;
    text.style.height = 'auto';
    text.style.height = `${text.scrollHeight}px`;
    this.#updateCounter();
  }

  #updateCounter() {
    const used = this.els.text.value.length;
    this.els.counter.textContent = used ? `${used} / ${this.maxTextChars}` : '';
    this.els.counter.classList.toggle('near', used > this.maxTextChars * 0.9);
  }

  #renderTypers() {
    const names = [...this.typers.keys()];
    const text = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing`
        : names.length === 2 ? `${names[0]} and ${names[1]} are typing`
          : `${names[0]}, ${names[1]} and ${names.length - 2} more are typing`;
    this.els.typing.textContent = text;
    this.els.typing.classList.toggle('active', Boolean(text));
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
    const avatar = el('span', 'avatar', initial(message.user));
    avatar.setAttribute('aria-hidden', 'true');
    const meta = el('p', 'meta');
    meta.append(el('span', 'author', message.user), el('time'));
    const body = el('div', 'body');
    body.append(meta, el('p', 'text', message.text));
    li.append(avatar, body);
    this.#fillMessage(li, message);
    return li;
  }

  #fillMessage(li, message) {
    const when = message.ts ? new Date(message.ts) : new Date();
    li.dataset.user = message.user;
    li.dataset.time = String(when.getTime());
    if (message.seq !== undefined) li.dataset.seq = String(message.seq);
    li.classList.toggle('own', message.user === this.self);
    li.style.setProperty('--hue', String(hue(message.user)));
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

  #scrollToBottom() {
    this.els.scroller.scrollTop = this.els.scroller.scrollHeight;
    this.els.jump.hidden = true;
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
      if (pinned) this.#scrollToBottom();
    } else {
      change();
    }
  }
}
