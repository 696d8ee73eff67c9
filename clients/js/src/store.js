// One room as a client sees it: the messages it holds, the last seq and epoch (what a rejoin asks to resume from),
// gaps to fill, duplicates to drop, the history requests in flight, and the messages sent but not yet acknowledged
// (resent with the same id after a rejoin, so the room shows each once). Pure: no DOM, no timers, no globals; each
// method takes a frame from the server and says what changed, and the caller does the I/O. Edits, deletes, reactions
// and the read marker: its Conversation (conversation.js).
import { Conversation } from './conversation.js';
import { frames, isMessage } from './protocol.js';

/**
 * @typedef {import('./protocol.js').Frame} Frame
 * @typedef {import('./protocol.js').Message} Message
 * @typedef {import('./protocol.js').Resume} Resume
 * @typedef {'queued' | 'sent' | 'waiting' | 'failed'} PendingState queued: not sent on this connection yet;
 *   sent: out on this connection, the ack to come; waiting: the server could not take it now (`unavailable`), to be
 *   sent again later; failed: refused for good (`error` names why), sent again only when asked
 * @typedef {{id: string, text: string, state: PendingState, error: string | null}} Pending
 * @typedef {{message: Message, pending: Pending | null}} Added a message new to the room; `pending` is this client's
 *   own message it confirms (its ack, or the message found in history after a rejoin)
 */

/** A room's messages, seq, epoch and pending messages, as one client sees them. */
export class RoomStore {
  /**
   * @param {string} room
   * @param {{historyPage?: number, historyMax?: number}} [options] how many messages one "earlier" request asks for,
   *   and at most how many one gap request asks for
   */
  constructor(room, { historyPage = 50, historyMax = 200 } = {}) {
    this.room = room;
    this.historyPage = historyPage;
    this.historyMax = historyMax;
    /** @type {Map<number, Message>} by seq, in this epoch */
    this.messages = new Map();
    /** @type {Map<string, Pending>} by client id, in the order they were posted */
    this.pending = new Map();
    /**
     * @type {Map<string, string>} the users present, subject to name, from `joined` and `presence`. A server that
     *   sends no subjects (`sub`, `joined.users`) has users told apart by name: then the subject is the name.
     */
    this.users = new Map();
    this.lastSeq = 0;
    /** @type {string | null} */
    this.epoch = null;
    this.joinedOnce = false;
    /** whether a `joined` arrived on the current connection */
    this.joined = false;
    /** whether the server has no messages older than those held */
    this.exhausted = false;
    /** @type {string | null} the name this client joined with: its own messages carry it */
    this.user = null;
    /** @type {Array<'earlier' | 'gap'>} history requests in flight; the server answers them in order */
    this.requests = [];
    /** the room's change rev, the user's read marker and unread count */
    this.conversation = new Conversation();
  }

  /** @returns {Resume | null} where a rejoin continues from; null before the first `joined` */
  resume() {
    return this.joinedOnce ? { room: this.room, since: this.lastSeq, epoch: this.epoch, rev: this.conversation.rev } : null;
  }

  /**
   * @param {string} user the name @param {string} [self] the user's subject (default: the name)
   * @returns {Frame} the `join` to send, with `since`, `epoch` and `rev` once joined before
   */
  join(user, self = user) {
    this.user = user;
    this.conversation.self = self;
    this.joined = false;
    return frames.join(this.room, user, this.resume());
  }

  /**
   * The connection ended: what was sent on it goes out again after the next `joined` (with the same ids), and
   * unanswered history requests are forgotten.
   */
  disconnected() {
    this.joined = false;
    this.requests = [];
    for (const pending of this.pending.values()) if (pending.state === 'sent') pending.state = 'queued';
  }

  /**
   * The user leaves: pending messages are dropped.
   * @returns {Frame | null} the `leave` to send, null when not joined on this connection
   */
  leave() {
    const frame = this.joined ? frames.leave(this.room) : null;
    this.disconnected();
    this.pending.clear();
    this.users.clear();
    return frame;
  }

  /**
   * A `joined` frame. Not recovered after an earlier join means the room's numbering may have restarted (a new
   * epoch): the messages held are dropped (`reset`) before the history is added.
   * @param {Frame} frame
   * @returns {{reset: boolean, added: Added[], changed: Message[]}} changed: held messages that `joined.changes`
   *   replaced (edited, deleted or reacted to while away)
   */
  onJoined(frame) {
    const reset = this.joinedOnce && frame.recovered !== true;
    if (reset) {
      this.messages.clear();
      this.exhausted = false;
    }
    this.conversation.onJoined(frame, reset);
    const added = this.#addAll(frame.history);
    const changed = this.conversation.applyChanges(frame, this.messages);
    if (Number.isInteger(frame.seq)) this.lastSeq = frame.seq;
    this.epoch = typeof frame.epoch === 'string' ? frame.epoch : null;
    this.users = usersOf(frame);
    this.joinedOnce = true;
    this.joined = true;
    return { reset, added, changed };
  }

  /** An `edited`, `deleted` or `reaction`. @param {Frame} frame @returns {import('./conversation.js').Change | null} */
  onChange(frame) {
    return this.conversation.onChange(frame, this.messages);
  }

  /** A `read` from another connection of the user. @param {Frame} frame @returns {boolean} whether the marker moved */
  onRead(frame) {
    return this.conversation.onRead(frame);
  }

  /** @param {number} seq seen up to here @returns {Frame | null} the `read` to send (none while not joined) */
  markRead(seq) {
    return this.joined ? this.conversation.markRead(this.room, seq, this.messages, this.lastSeq) : null;
  }

  /**
   * A live `message`. Seq at or below the last one is a duplicate; one past a hole asks for the missing ones.
   * @param {Frame} frame
   * @returns {{duplicate: boolean, added: Added | null, gap: Frame | null}} `added` is null for a message already
   *   held (this client's own, added by its ack); `gap` is a `history` request to send
   */
  onMessage(frame) {
    if (!Number.isInteger(frame.seq) || frame.seq <= this.lastSeq) return { duplicate: true, added: null, gap: null };
    let gap = null;
    if (frame.seq > this.lastSeq + 1) {
      const missing = frame.seq - this.lastSeq - 1;
      gap = this.#request('gap', frame.seq, Math.min(this.historyMax, missing));
    }
    this.lastSeq = frame.seq;
    return { duplicate: false, added: this.#add(frame), gap };
  }

  /**
   * An `ack` of this client's message: it takes its seq (the echo that follows is then already held). A resend the
   * server had recorded before is acked with the original seq; when that message is already held, the pending one is
   * dropped and `duplicate` says so.
   * @param {Frame} frame
   * @returns {{added: Added | null, duplicate: Pending | null}}
   */
  onAck(frame) {
    const pending = typeof frame.id === 'string' ? this.pending.get(frame.id) : undefined;
    if (!pending || !Number.isInteger(frame.seq)) return { added: null, duplicate: null };
    if (this.messages.has(frame.seq)) {
      this.pending.delete(pending.id);
      return { added: null, duplicate: pending };
    }
    const message = { type: 'message', room: this.room, seq: frame.seq, id: pending.id, user: this.user, text: pending.text };
    if (typeof frame.ts === 'string') message.ts = frame.ts;
    return { added: this.#add(message), duplicate: null };
  }

  /**
   * A `history` frame, the answer to the oldest request in flight.
   * @param {Frame} frame
   * @returns {{kind: 'earlier' | 'gap', added: Added[]}}
   */
  onHistory(frame) {
    const kind = this.requests.shift() ?? 'gap';
    const list = Array.isArray(frame.messages) ? frame.messages : [];
    if (kind === 'earlier') this.exhausted = list.length < this.historyPage;
    return { kind, added: this.#addAll(list) };
  }

  /** @returns {Set<string>} the names present (two users may share one) */
  get members() {
    return new Set(this.users.values());
  }

  /**
   * A `presence` frame: a user (by `sub`, else by name) came or went.
   * @param {Frame} frame @returns {boolean} whether the member list changed
   */
  onPresence(frame) {
    if (typeof frame.user !== 'string') return false;
    const sub = subjectOf(frame);
    if (frame.event === 'leave') return this.users.delete(sub);
    if (frame.event !== 'join' || this.users.get(sub) === frame.user) return false;
    this.users.set(sub, frame.user);
    return true;
  }

  /**
   * An `error` frame that concerns this room. `unavailable` (the server could not reach its store) leaves a message
   * waiting and a join to be asked again; `not_joined` queues the message and asks for a rejoin; any other error on a
   * message fails it.
   * @param {Frame} frame
   * @returns {{pending: Pending | null, rejoin: boolean, history: 'earlier' | 'gap' | null}} the message it concerns,
   *   whether to send `join` again now, and which history request it answers
   */
  onError(frame) {
    const pending = (typeof frame.ref === 'string' && this.pending.get(frame.ref)) || null;
    const history = frame.ref === 'history' ? this.requests.shift() ?? null : null;
    let rejoin = false;
    if (frame.code === 'unavailable') {
      if (pending) pending.state = 'waiting';
      if (frame.ref === 'join') this.joined = false;
    } else if (frame.code === 'not_joined') {
      if (pending) pending.state = 'queued';
      rejoin = this.joined;
      this.joined = false;
    } else if (pending) {
      pending.state = 'failed';
      pending.error = typeof frame.code === 'string' ? frame.code : 'error';
    }
    return { pending, rejoin, history };
  }

  /** @param {string} text @param {string} id a client id unique to this client @returns {Pending} */
  post(text, id) {
    const pending = { id, text, state: 'queued', error: null };
    this.pending.set(id, pending);
    return pending;
  }

  /** A failed message is to be sent again. @param {string} id @returns {Pending | null} */
  retry(id) {
    const pending = this.pending.get(id);
    if (!pending) return null;
    if (pending.state === 'failed') Object.assign(pending, { state: 'queued', error: null });
    return pending;
  }

  /** @param {string} id @returns {boolean} whether a pending message was dropped */
  discard(id) {
    return this.pending.delete(id);
  }

  /**
   * The `message` frames to send now, marking them sent: the one pending message `id` or every one not out on this
   * connection (queued or waiting), in the order posted. None while not joined.
   * @param {string} [id]
   * @returns {Frame[]}
   */
  outgoing(id) {
    if (!this.joined) return [];
    const due = id === undefined ? [...this.pending.values()] : [this.pending.get(id)].filter(Boolean);
    return due.filter((p) => p.state === 'queued' || p.state === 'waiting').map((pending) => {
      pending.state = 'sent';
      return frames.message(this.room, pending.text, pending.id);
    });
  }

  /** @returns {Frame | null} a `history` request for the page before the oldest message held, if there may be one */
  loadEarlier() {
    if (!this.hasEarlier() || this.requests.includes('earlier')) return null;
    return this.#request('earlier', this.oldestSeq(), this.historyPage);
  }

  /** @returns {boolean} whether the server may hold older messages than these */
  hasEarlier() {
    const oldest = this.oldestSeq();
    return this.joined && oldest > 1 && oldest !== Infinity && !this.exhausted;
  }

  /** @returns {number} the lowest seq held, Infinity when none */
  oldestSeq() {
    let oldest = Infinity;
    for (const seq of this.messages.keys()) if (seq < oldest) oldest = seq;
    return oldest;
  }

  /** @returns {Message[]} the messages held, in seq order */
  sorted() {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  #request(kind, before, limit) {
    this.requests.push(kind);
    return frames.history(this.room, before, limit);
  }

  #addAll(list) {
    return (Array.isArray(list) ? list : []).map((message) => this.#add(message)).filter(Boolean);
  }

  /** @returns {Added | null} null when the message is malformed or already held */
  #add(message) {
    if (!isMessage(message) || this.messages.has(message.seq)) return null;
    this.messages.set(message.seq, message);
    this.conversation.onAdded(message);
    const pending = message.user === this.user && typeof message.id === 'string' ? this.pending.get(message.id) : null;
    if (pending) this.pending.delete(pending.id);
    return { message, pending: pending ?? null };
  }
}

/**
 * @param {{user?: unknown, sub?: unknown}} frame a `presence`, `typing` or message
 * @returns {string} who sent it: its `sub`, or its name when the server sends none (open mode, older servers)
 */
export function subjectOf(frame) {
  return typeof frame.sub === 'string' && frame.sub ? frame.sub : String(frame.user);
}

/** @param {Frame} frame a `joined` @returns {Map<string, string>} subject to name: `users`, else `members` by name */
function usersOf(frame) {
  const users = new Map();
  if (Array.isArray(frame.users)) {
    for (const u of frame.users) if (u && typeof u.user === 'string') users.set(subjectOf(u), u.user);
  } else if (Array.isArray(frame.members)) {
    for (const name of frame.members) if (typeof name === 'string') users.set(name, name);
  }
  return users;
}
