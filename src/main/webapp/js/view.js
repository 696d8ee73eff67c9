// The chat view's DOM around the message list (message-list.js): the room bar, members, typing, the composer,
// status, toasts. Text goes in with textContent only, never innerHTML; every control works from the keyboard. It holds
// no protocol state: the page (chat.js) tells it what to show and hears back what the user did.
import { el, hue, initial } from './dom.js';

const TYPING_SHOW_MS = 5000;
const ELEMENT_IDS = ['join-view', 'join-form', 'join-intro', 'join-error', 'signed-in', 'name-field', 'name', 'name-error', 'room', 'room-error', 'chat-view',
  'room-bar', 'room-title', 'status', 'status-text', 'retry-now', 'members-toggle', 'member-badge', 'leave',
  'scroller', 'load-earlier', 'history-note', 'messages', 'jump', 'typing', 'toast', 'composer', 'text',
  'counter', 'members-panel', 'member-count', 'members', 'announcer', 'my-rooms', 'direct-form', 'direct-user',
  'direct-error', 'search-form', 'search-q', 'search-view', 'search-title', 'search-results', 'search-more',
  'search-back'];

/**
 * @typedef {{user: string, sub: string}} User a member: the name shown, and the subject that tells users apart
 * @typedef {{send(text: string): void, typing(): void, leave(): void, retryNow(): void, editLast(): void,
 *   moderate(action: 'kick' | 'ban', user: User): void, direct(user: User): void}} ChatActions what the user asks of
 *   the chat view
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
    /** the subject of this page's user (in open mode, its name) */
    this.self = '';
    this.maxTextChars = 4000;
    /** @type {Map<string, {name: string, timer: number}>} subject -> its name, and the timer that hides it */
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
      if (event.key === 'ArrowUp' && !els.text.value && !event.isComposing) { // as in Slack: edit the last own message
        event.preventDefault();
        this.actions.editLast();
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
   * @param {User[]} users who is present
   * @param {{direct?: boolean, moderator?: boolean}} [offer] direct: each other member gets "Message" (a direct
   *   conversation); moderator: this user may kick and ban here, and each other member gets the two buttons
   */
  members(users, { direct = false, moderator = false } = {}) {
    const sorted = [...users].sort((a, b) => a.user.localeCompare(b.user));
    this.els.members.replaceChildren(...sorted.map((member) => {
      const { user: name, sub } = member;
      const li = el('li', 'member');
      li.dataset.sub = sub;
      const avatar = el('span', 'avatar', initial(name));
      avatar.setAttribute('aria-hidden', 'true');
      li.style.setProperty('--hue', String(hue(name)));
      li.append(avatar, el('span', 'member-name', name));
      if (sub === this.self) {
        li.append(el('span', 'you', 'you'));
        return li;
      }
      const actions = el('span', 'member-actions');
      if (direct) actions.append(this.#memberButton('direct-with', 'Message', name, () => this.actions.direct(member)));
      if (moderator) {
        actions.append(...[['kick', 'Kick'], ['ban', 'Ban']].map(([action, label]) => this.#memberButton(
          'moderate', label, name, () => this.actions.moderate(action, member), action)));
      }
      if (actions.childElementCount) li.append(actions);
      return li;
    }));
    this.els.memberCount.textContent = String(sorted.length);
    this.els.memberBadge.textContent = String(sorted.length);
  }

  /** @param {{user?: unknown, sub?: string}} typer someone typing (by subject); shown for a few seconds */
  showTyper({ user, sub }) {
    if (typeof user !== 'string' || sub === this.self) return;
    clearTimeout(this.typers.get(sub)?.timer);
    this.typers.set(sub, { name: user, timer: setTimeout(() => this.hideTyper(sub), TYPING_SHOW_MS) });
    this.#renderTypers();
  }

  /** @param {string} sub */
  hideTyper(sub) {
    if (!this.typers.has(sub)) return;
    clearTimeout(this.typers.get(sub).timer);
    this.typers.delete(sub);
    this.#renderTypers();
  }

  clearTypers() {
    this.typers.forEach(({ timer }) => clearTimeout(timer));
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

  #memberButton(className, label, name, act, action) {
    const button = el('button', `ghost small ${className}`, label);
    button.type = 'button';
    if (action) button.dataset.action = action;
    button.setAttribute('aria-label', `${label} ${name}`);
    button.addEventListener('click', act);
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
    const names = [...this.typers.values()].map((typer) => typer.name);
    const text = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing`
        : names.length === 2 ? `${names[0]} and ${names[1]} are typing`
          : `${names[0]}, ${names[1]} and ${names.length - 2} more are typing`;
    this.els.typing.textContent = text;
    this.els.typing.classList.toggle('active', Boolean(text));
  }
}
