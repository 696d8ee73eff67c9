// The chat view's DOM around the message list (message-list.js): the room bar, members, typing, the composer,
// status, toasts. Text goes in with textContent only, never innerHTML; every control works from the keyboard. It holds
// no protocol state: the page (chat.js) tells it what to show and hears back what the user did.
import { el, hue, initial } from './dom.js';

const TYPING_SHOW_MS = 5000;
const ELEMENT_IDS = ['join-view', 'join-form', 'join-error', 'signed-in', 'name-field', 'name', 'name-error', 'room', 'room-error', 'chat-view',
  'room-bar', 'room-title', 'status', 'status-text', 'retry-now', 'members-toggle', 'member-badge', 'leave',
  'scroller', 'load-earlier', 'history-note', 'messages', 'jump', 'typing', 'toast', 'composer', 'text',
  'counter', 'members-panel', 'member-count', 'members', 'announcer', 'my-rooms', 'direct-form', 'direct-user',
  'direct-error'];

/**
 * @typedef {{send(text: string): void, typing(): void, leave(): void, retryNow(): void,
 *   moderate(action: 'kick' | 'ban', user: string): void}} ChatActions what the user asks of the chat view
 */

/** @returns {Record<string, HTMLElement>} the page's elements by camel-cased id */
export function findElements() {
  const els = {};
  for (const id of ELEMENT_IDS) els[id.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = document.getElementById(id);
  return els;
}

/** The chat view around the message list: room bar, members, typing, composer and connection status. */
export class ChatView {
  /** @param {Record<string, HTMLElement>} els @param {ChatActions} actions */
  constructor(els, actions) {
    this.els = els;
    this.actions = actions;
    /** the name this page's messages carry */
    this.self = '';
    this.maxTextChars = 4000;
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
    els.leave.addEventListener('click', () => this.actions.leave());
    els.retryNow.addEventListener('click', () => this.actions.retryNow());
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
  }

  /** @param {string} room @param {string} [label] how to name it: `#lobby`, or `@bob` for a direct conversation */
  show(room, label = `#${room}`) {
    const { els } = this;
    els.roomTitle.textContent = label;
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

  /**
   * @param {Iterable<string>} members names present
   * @param {boolean} [moderator] whether this user may kick and ban here: each other member gets the two buttons
   */
  members(members, moderator = false) {
    const names = [...members].filter((n) => typeof n === 'string').sort((a, b) => a.localeCompare(b));
    this.els.members.replaceChildren(...names.map((name) => {
      const li = el('li', 'member');
      const avatar = el('span', 'avatar', initial(name));
      avatar.setAttribute('aria-hidden', 'true');
      li.style.setProperty('--hue', String(hue(name)));
      li.append(avatar, el('span', 'member-name', name));
      if (name === this.self) li.append(el('span', 'you', 'you'));
      else if (moderator) li.append(...['kick', 'ban'].map((action) => this.#moderationButton(action, name)));
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

  #moderationButton(action, name) {
    const button = el('button', 'ghost small moderate', action === 'kick' ? 'Kick' : 'Ban');
    button.type = 'button';
    button.dataset.action = action;
    button.setAttribute('aria-label', `${action === 'kick' ? 'Kick' : 'Ban'} ${name}`);
    button.addEventListener('click', () => this.actions.moderate(action, name));
    return button;
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
}
