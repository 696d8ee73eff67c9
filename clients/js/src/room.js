// One room of a ParleyClient: its RoomStore (seq, epoch, gaps, duplicates, pending resends), the promises of what
// was sent, and the room's events. The client routes the room's frames here and sends what this returns or asks.
import { Emitter } from './events.js';
import { fieldsOf, frames, isMessage } from './protocol.js';
import { RoomStore, subjectOf } from './store.js';

/** An `error` frame from the server, or a refusal on the client's side, as an Error with the protocol's code. */
export class ParleyError extends Error {
  /** @param {string} code @param {string} message @param {string} [ref] */
  constructor(code, message, ref) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
    this.ref = ref;
  }

  /** @param {import('./protocol.js').Frame} frame an `error` frame */
  static of(frame) {
    const code = typeof frame.code === 'string' ? frame.code : 'error';
    const message = typeof frame.message === 'string' && frame.message ? frame.message : code;
    return new ParleyError(code, message, typeof frame.ref === 'string' ? frame.ref : undefined);
  }
}

/**
 * A room joined through a {@link ParleyClient}. Events: `joined`, `message`, `edited`, `deleted`, `reaction`, `read`,
 * `presence`, `typing`, `pending`, `left`, `error` (index.d.ts lists their payloads).
 */
export class Room extends Emitter {
  #link;
  #acks = new Map(); // client id -> {resolve, reject}
  #earlier = []; // resolvers of loadEarlier(), in request order
  #searches = []; // {resolve, reject} of search(), in request order
  #retryTimer = 0;
  #settleJoined;

  /**
   * @param {string} name
   * @param {{send: (frame: object) => boolean, rejoin: (room: Room) => void, leave: (room: Room) => void,
   *   removed: (room: Room) => void,
   *   newId: () => string, timers: {setTimeout: Function, clearTimeout: Function}, random: () => number,
   *   retryMs: number}} link what the room needs of its client
   */
  constructor(name, link) {
    super();
    this.name = name;
    this.#link = link;
    this.store = new RoomStore(name);
    /** @type {Promise<void>} settles at the first `joined`, or fails when the server refuses the join */
    this.joined = new Promise((resolve, reject) => { this.#settleJoined = { resolve, reject }; });
    this.joined.catch(() => {}); // a refusal is also an `error` event; nobody has to await this
  }

  /** @returns {string[]} the names in the room (two users may share one) */
  get members() {
    return [...this.store.users.values()].sort();
  }

  /** @returns {{user: string, sub: string}[]} the users in the room, name and subject, by name */
  get users() {
    return [...this.store.users].map(([sub, user]) => ({ user, sub }))
      .sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
  }

  /** @type {string | null} this user's role here (`member`, `moderator`, `owner`), from the last `joined` */
  role = null;

  /** @returns {import('./protocol.js').Message[]} the messages held, in seq order */
  get messages() {
    return this.store.sorted();
  }

  /** @returns {{read: number, unread: number}} the user's read marker here, and the messages after it by others */
  get readState() {
    const { read, unread } = this.store.conversation;
    return { read, unread };
  }

  /**
   * The user has seen the room up to `seq`: the marker moves forward (never back), for the user's other connections
   * too. Sent only when joined on the current connection and past the marker.
   * @param {number} seq @returns {boolean} whether a `read` went out
   */
  read(seq) {
    const frame = this.store.markRead(seq);
    if (frame) {
      this.#link.send(frame);
      this.emit('read', this.readState);
    }
    return Boolean(frame);
  }

  /**
   * Sends a message with a new client id. It goes out now when joined, else after the next `joined`, and again with
   * the same id after every reconnect until the server confirms it, so the room shows it once.
   * @param {string} text
   * @returns {Promise<{id: string, seq: number, ts?: string}> & {id: string}} the ack, with the message's client id
   *   at once (the `message` event's `id` when it comes back); fails with a {@link ParleyError} when the server
   *   refuses the message (`too_large`, `rate_limited`, ...) or the room is left first
   */
  send(text) {
    const pending = this.store.post(String(text), this.#link.newId());
    const ack = new Promise((resolve, reject) => this.#acks.set(pending.id, { resolve, reject }));
    this.#sendAll(this.store.outgoing(pending.id));
    return Object.assign(ack, { id: pending.id });
  }

  /** Tells the others this client is typing (when joined on the current connection). */
  typing() {
    if (this.store.joined) this.#link.send(frames.typing(this.name));
  }

  /**
   * Asks for the page of messages before the oldest held.
   * @returns {Promise<import('./protocol.js').Message[]>} the messages it added; empty when there is nothing earlier
   */
  loadEarlier() {
    const request = this.store.loadEarlier();
    if (!request) return Promise.resolve([]);
    this.#link.send(request);
    return new Promise((resolve) => this.#earlier.push(resolve));
  }

  /**
   * Finds the room's messages that hold every word of `q` (whole words, any case), newest first; page back with
   * `before` = the smallest seq received. Needs the server's archive (without one, it fails with `bad_request`).
   * @param {string} q
   * @param {{before?: number, limit?: number}} [page]
   * @returns {Promise<import('./protocol.js').Message[]>}
   */
  search(q, page) {
    if (!this.store.joined) return Promise.reject(new ParleyError('not_joined', `not joined to ${this.name} yet`, 'search'));
    const answer = new Promise((resolve, reject) => this.#searches.push({ resolve, reject }));
    this.#link.send(frames.search(this.name, q, page));
    return answer;
  }

  /** Leaves the room: sends `leave`, and the sends not confirmed yet fail. */
  leave() {
    this.#link.leave(this);
  }

  // ---- called by the client --------------------------------------------------------------------------------------

  /**
   * @param {string} user @param {string} [self] the user's subject
   * @returns {object} the `join` to send, with `since`, `epoch` and `rev` after the first
   */
  joinFrame(user, self) {
    return this.store.join(user, self);
  }

  /** @returns {object | null} the `leave` to send; every unconfirmed send fails */
  leaveFrame() {
    const frame = this.store.leave();
    this.#stopRetry();
    this.#settleJoined.reject(new ParleyError('left', `left ${this.name}`));
    this.#failAll(new ParleyError('left', `left ${this.name} before the server confirmed the message`));
    return frame;
  }

  /** The connection ended: what was sent on it goes out again after the next `joined`. */
  disconnected() {
    this.store.disconnected();
    this.#stopRetry();
    this.#earlier.splice(0).forEach((resolve) => resolve([]));
    const lost = new ParleyError('disconnected', 'the connection ended before the answer', 'search');
    this.#searches.splice(0).forEach(({ reject }) => reject(lost));
  }

  /** The client was closed. */
  closed() {
    this.disconnected();
    this.#settleJoined.reject(new ParleyError('closed', 'the client was closed'));
    this.#failAll(new ParleyError('closed', 'the client was closed before the server confirmed the message'));
  }

  /** @param {object} frame a frame of this room */
  receive(frame) {
    const before = this.readState;
    this.#receive(frame);
    const after = this.readState;
    if (frame.type !== 'joined' && (after.read !== before.read || after.unread !== before.unread)) this.emit('read', after);
  }

  #receive(frame) {
    switch (frame.type) {
      case 'joined': {
        const { reset, added, changed } = this.store.onJoined(frame);
        this.#settleJoined.resolve();
        this.role = typeof frame.role === 'string' ? frame.role : null;
        this.emit('joined', {
          recovered: frame.recovered === true, reset, members: this.members, users: this.users, role: this.role,
          seq: this.store.lastSeq, epoch: this.store.epoch, ...this.readState, changed,
        });
        this.#added(added);
        this.#sendAll(this.store.outgoing());
        break;
      }
      case 'message': {
        const { added, gap } = this.store.onMessage(frame);
        if (gap) this.#link.send(gap);
        if (added) this.#added([added]);
        break;
      }
      case 'ack': {
        const { added, duplicate } = this.store.onAck(frame);
        if (added) this.#added([added]);
        if (duplicate) this.#settle(duplicate.id, { id: duplicate.id, seq: frame.seq, ts: frame.ts });
        break;
      }
      case 'history': {
        const { kind, added } = this.store.onHistory(frame);
        this.#added(added);
        if (kind === 'earlier') this.#earlier.shift()?.([...added].map((a) => a.message));
        break;
      }
      case 'edited': case 'deleted': case 'reaction': {
        const change = this.store.onChange(frame);
        if (change) this.emit(frame.type, { ...fieldsOf(frame), message: change.message });
        break;
      }
      case 'read':
        this.store.onRead(frame);
        break;
      case 'search':
        this.#searches.shift()?.resolve((Array.isArray(frame.messages) ? frame.messages : []).filter(isMessage));
        break;
      case 'presence':
        this.store.onPresence(frame);
        this.emit('presence', {
          event: frame.event, user: frame.user, sub: subjectOf(frame), members: this.members, users: this.users,
        });
        break;
      case 'typing':
        if (typeof frame.user === 'string') this.emit('typing', { user: frame.user, sub: subjectOf(frame) });
        break;
      case 'left':
        if (typeof frame.reason === 'string') this.#removed(frame.reason);
        break; // without a reason: the answer to this client's own leave
      default:
        break; // frame types newer than this client
    }
  }

  /** @param {object} frame an `error` frame that concerns this room (its ref names one of its messages or requests) */
  refused(frame) {
    const error = ParleyError.of(frame);
    const later = frame.code === 'unavailable' || frame.code === 'rate_limited'; // nothing wrong with the frame
    if (frame.ref === 'join' && !later) { // refused (bad_request, or a room the user may not enter): not joined
      this.#settleJoined.reject(error);
      this.emit('error', error);
      this.#link.leave(this);
      return;
    }
    if (frame.ref === 'search') {
      this.#searches.shift()?.reject(error);
      return;
    }
    const { pending, rejoin, history } = this.store.onError(frame);
    if (history === 'earlier') this.#earlier.shift()?.([]);
    if (pending && frame.code === 'unavailable') this.emit('pending', { id: pending.id, state: 'waiting' });
    if (frame.code === 'unavailable' || (frame.ref === 'join' && later)) {
      this.#retryLater(); // the server could not reach its store, or the join came too fast: ask again
    } else if (rejoin) {
      this.#link.rejoin(this); // not_joined: the message goes out again after the rejoin
    } else if (pending) {
      this.#acks.get(pending.id)?.reject(error);
      this.#acks.delete(pending.id);
      this.store.discard(pending.id);
    } else {
      this.emit('error', error);
    }
  }

  // ---- inside ----------------------------------------------------------------------------------------------------

  /** Someone else took this user out (`kicked`, `banned`, `revoked`): not joined any more, nothing to leave. */
  #removed(reason) {
    this.store.disconnected();
    this.#link.removed(this);
    this.store.leave();
    this.#stopRetry();
    this.#failAll(new ParleyError(reason, `removed from ${this.name} (${reason}) before the server confirmed the message`));
    this.emit('left', { reason });
  }

  #added(list) {
    for (const { message, pending } of list) {
      if (pending) this.#settle(pending.id, { id: pending.id, seq: message.seq, ts: message.ts });
      this.emit('message', message);
    }
  }

  #settle(id, ack) {
    if (ack.ts === undefined) delete ack.ts;
    this.#acks.get(id)?.resolve(ack);
    this.#acks.delete(id);
  }

  #failAll(error) {
    for (const { reject } of this.#acks.values()) reject(error);
    this.#acks.clear();
  }

  #sendAll(frames) {
    frames.forEach((frame) => this.#link.send(frame));
  }

  #retryLater() {
    if (this.#retryTimer) return;
    const delay = this.#link.retryMs * (1 + this.#link.random());
    this.#retryTimer = this.#link.timers.setTimeout(() => {
      this.#retryTimer = 0;
      if (!this.store.joined) this.#link.rejoin(this);
      else this.#sendAll(this.store.outgoing());
    }, delay);
  }

  #stopRetry() {
    if (this.#retryTimer) this.#link.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = 0;
  }
}
