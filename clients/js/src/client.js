// ParleyClient: the protocol (docs/protocol.md) for an application, in browsers and in Node 20+. One connection kept
// open by the Transport (WebSocket, the SSE fallback, heartbeat, jittered backoff); the `auth` sign-in with a token
// getter and its renewal; the rooms joined, each a Room on a RoomStore, rejoined with `since` and `epoch` after every
// reconnect, with the unconfirmed messages sent again under their ids.
import { Emitter } from './events.js';
import { clientId, encode, fieldsOf, frames, readFrames, tokenSubject } from './protocol.js';
import { Requests } from './requests.js';
import { ParleyError, Room } from './room.js';
import { Transport, urlsFor } from './transport.js';

const browserTimers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t),
};

/**
 * Opens a client on a Parley server and keeps it connected until {@link ParleyClient#close}.
 * @param {string | URL} url the server's address (`https://chat.example/`; `ws:`/`wss:` work too)
 * @param {object} [options] see index.d.ts, ConnectOptions
 * @returns {ParleyClient}
 */
export function connect(url, options = {}) {
  const client = new ParleyClient(url, options);
  client.open();
  return client;
}

/** The frames that ask the server to moderate: each is answered `moderated`, or `error` with its type as ref. */
const MODERATION = ['kick', 'ban', 'unban', 'role'];

/**
 * Events: `status`, `welcome`, `authenticated`, `direct`, `moderated`, `rooms`, `activity`, `read`, `error`
 * (index.d.ts lists their payloads).
 */
export class ParleyClient extends Emitter {
  #token;
  #rooms = new Map();
  #joining = []; // rooms whose `join` awaits its answer, in the order sent
  #histories = []; // rooms whose `history` request awaits its answer
  #searches = []; // rooms whose `search` awaits its answer
  #asked = []; // `direct` and moderation frames awaiting their answer: {frame, resolve, reject}
  #requests = new Requests((frame) => this.#send(frame), () => this.sub ?? this.user);
  #ready = false;
  #renewTimer = 0;
  #connection = 0; // counts connections, so that a token fetched for an old one is not sent on a new one
  #timers;
  #now;
  #random;
  #retryMs;

  constructor(url, {
    name = null, token = null, WebSocket = globalThis.WebSocket, EventSource = globalThis.EventSource,
    fetch = globalThis.fetch, origin, unavailableRetryMs = 2000, renewBeforeMs = 60_000, transport = {},
  } = {}) {
    super();
    if (typeof WebSocket !== 'function') {
      throw new TypeError('No WebSocket here: pass one, e.g. connect(url, { WebSocket }) with `import WebSocket from "ws"`');
    }
    const base = httpUrl(url);
    const sent = origin === undefined ? (globalThis.document ? null : base.origin) : origin;
    /** @type {string | null} the name this client joins with: given, or the server's (`welcome`, `authenticated`) */
    this.user = name;
    /** @type {string | null} the user's subject: the token's `sub` once signed in; null means the name */
    this.sub = null;
    /** @type {{state: string, kind: string}} */
    this.status = { state: 'offline', kind: 'websocket' };
    /** @type {object | null} the last `welcome` (limits, whether `auth` is needed) */
    this.welcome = null;
    /** @type {string | null} when the token expires (ISO-8601), from the last `authenticated` */
    this.expires = null;
    this.#token = token;
    this.renewBeforeMs = renewBeforeMs;
    this.#timers = transport.timers ?? browserTimers;
    this.#now = transport.now ?? (() => Date.now());
    this.#random = transport.random ?? Math.random;
    this.#retryMs = unavailableRetryMs;
    this.transport = new Transport({
      ...transport,
      urls: urlsFor(base.href),
      WebSocket: sent ? withOrigin(WebSocket, sent) : WebSocket,
      EventSource: EventSource && sent ? eventSourceWithOrigin(EventSource, fetch, sent) : EventSource ?? null,
      fetch: fetch && sent ? fetchWithOrigin(fetch, sent) : fetch ?? null,
      pingText: encode(frames.ping()),
    });
    this.transport.onText = (text) => readFrames(text).forEach((frame) => this.#receive(frame));
    this.transport.onStatus = ({ state, kind }) => this.#status(state, kind);
    this.transport.onDown = () => this.#down();
  }

  /** Starts connecting (done by {@link connect}); reconnects from then on until {@link ParleyClient#close}. */
  open() {
    this.transport.connect();
  }

  /**
   * Joins a room, now when connected, else once the connection is up; rejoined after every reconnect.
   * @param {string} name the room id
   * @returns {Room} the room; the same one when already joined
   */
  join(name) {
    let room = this.#rooms.get(name);
    if (room) return room;
    room = new Room(name, {
      send: (frame) => this.#send(frame),
      rejoin: (r) => this.#join(r),
      leave: (r) => this.#leave(r),
      removed: (r) => { if (this.#rooms.get(r.name) === r) this.#rooms.delete(r.name); },
      newId: clientId,
      timers: this.#timers,
      random: this.#random,
      retryMs: this.#retryMs,
    });
    this.#rooms.set(name, room);
    if (this.#ready) this.#join(room);
    return room;
  }

  /** @param {string} name @returns {Room | undefined} */
  room(name) {
    return this.#rooms.get(name);
  }

  /**
   * Finds (or starts) the direct conversation with another user; join its room to talk there.
   * @param {string} user the other user's subject (in open mode, its name)
   * @returns {Promise<{user: string, room: string}>} the conversation's room
   */
  direct(user) {
    return this.#ask(frames.direct(String(user)));
  }

  /** Takes a user out of a room; they may join again. @param {string} room @param {string} user a subject */
  kick(room, user) {
    return this.#ask(frames.moderate('kick', room, String(user)));
  }

  /** Takes a user out of a room until unbanned. @param {string} room @param {string} user a subject */
  ban(room, user) {
    return this.#ask(frames.moderate('ban', room, String(user)));
  }

  /** @param {string} room @param {string} user a subject */
  unban(room, user) {
    return this.#ask(frames.moderate('unban', room, String(user)));
  }

  /**
   * Gives a user a role in a room (owners only), or takes the membership away with null.
   * @param {string} room @param {string} user a subject @param {'member' | 'moderator' | null} role
   */
  role(room, user, role) {
    return this.#ask({ ...frames.moderate('role', room, String(user)), role: role ?? null });
  }

  /**
   * Searches a room this client has joined: {@link Room#search}.
   * @param {string} room @param {string} q @param {{before?: number, limit?: number}} [page]
   */
  search(room, q, page) {
    const joined = this.#rooms.get(room);
    if (!joined) return Promise.reject(new ParleyError('not_joined', `not joined to ${room}`, 'search'));
    return joined.search(q, page);
  }

  /**
   * Changes the text of one of the user's messages; every connection in the room gets `edited`.
   * @param {string} room @param {number} seq @param {string} text
   * @returns {Promise<object>} the `edited` (room, seq, rev, text, editedAt); fails with the server's ParleyError
   *   (`forbidden` for another's message, `bad_request` for an unknown or deleted one), or `not_joined`
   */
  edit(room, seq, text) {
    return this.#change(room, frames.edit(room, seq, String(text)));
  }

  /**
   * Deletes a message: the user's own, or any as a moderator or owner of the room. It stays a tombstone.
   * @param {string} room @param {number} seq @returns {Promise<object>} the `deleted` (room, seq, rev)
   */
  delete(room, seq) {
    return this.#change(room, frames.delete(room, seq));
  }

  /**
   * Toggles the user's reaction to a message.
   * @param {string} room @param {number} seq @param {string} emoji one emoji, or a short name such as `:+1:`
   * @returns {Promise<object>} the `reaction` (room, seq, rev, emoji, user, sub, on)
   */
  react(room, seq, emoji) {
    return this.#change(room, frames.react(room, seq, String(emoji)));
  }

  /**
   * Moves the user's read marker in a room joined: {@link Room#read}.
   * @param {string} room @param {number} seq @returns {boolean} whether a `read` went out
   */
  read(room, seq) {
    return this.#rooms.get(room)?.read(seq) ?? false;
  }

  /**
   * The user's rooms, newest message first, with read markers and unread counts; from then on this connection gets
   * `activity` for those it is not joined to.
   * @returns {Promise<object[]>} `{room, seq, read, unread, last?}` each; fails with `disconnected` when not online
   */
  rooms() {
    if (!this.#ready) return Promise.reject(new ParleyError('disconnected', 'not connected', 'rooms'));
    return this.#requests.ask(frames.rooms()).then(({ rooms }) => (Array.isArray(rooms) ? rooms : []));
  }

  #change(room, frame) {
    if (!this.#ready || !this.#rooms.get(room)?.store.joined) {
      return Promise.reject(new ParleyError('not_joined', `not joined to ${room}`, frame.type));
    }
    return this.#requests.ask(frame);
  }

  /** Leaves every room and closes the connection for good; unconfirmed sends fail. */
  close() {
    this.#requests.failAll(new ParleyError('closed', 'the client was closed'));
    for (const room of this.#rooms.values()) room.closed();
    this.#rooms.clear();
    this.#asked.splice(0).forEach(({ reject }) => reject(new ParleyError('closed', 'the client was closed')));
    this.transport.close();
    this.#stopRenewal();
  }

  #send(frame) {
    if (frame.type === 'history') this.#histories.push(frame.room);
    if (frame.type === 'search') this.#searches.push(frame.room);
    return this.transport.send(encode(frame));
  }

  #join(room) {
    if (!this.#ready || this.#rooms.get(room.name) !== room) return;
    this.#joining.push(room.name);
    this.#send(room.joinFrame(this.user, this.sub ?? this.user));
  }

  /** Sends a frame answered by `direct` or `moderated` once connected and signed in; settles with the answer. */
  #ask(frame) {
    return new Promise((resolve, reject) => {
      const request = { frame, resolve, reject, sent: false };
      this.#asked.push(request);
      if (this.#ready) this.#sendAsked(request);
    });
  }

  #sendAsked(request) {
    request.sent = true;
    this.#send(request.frame);
  }

  #answered(frame) {
    const matches = frame.type === 'direct'
      ? (f) => f.type === 'direct' && f.user === frame.user
      : (f) => f.type === frame.action && f.room === frame.room && f.user === frame.user;
    const at = this.#asked.findIndex((request) => request.sent && matches(request.frame));
    const event = frame.type === 'direct' ? { user: frame.user, room: frame.room }
      : { action: frame.action, room: frame.room, user: frame.user };
    if (at >= 0) this.#asked.splice(at, 1)[0].resolve(event);
    this.emit(frame.type, event);
  }

  #leave(room) {
    if (this.#rooms.get(room.name) !== room) return;
    this.#rooms.delete(room.name);
    const frame = room.leaveFrame();
    if (frame) this.#send(frame);
  }

  #receive(frame) {
    switch (frame.type) {
      case 'welcome': this.#welcomed(frame); return;
      case 'authenticated': this.#authenticated(frame); return;
      case 'error': this.#refused(frame); return;
      case 'direct': case 'moderated': this.#answered(frame); return;
      case 'rooms': this.#requests.answered(frame); this.emit('rooms', fieldsOf(frame)); return;
      case 'activity': this.emit('activity', fieldsOf(frame)); return;
      case 'read': this.emit('read', fieldsOf(frame)); break;
      case 'joined': remove(this.#joining, frame.room); break;
      case 'history': remove(this.#histories, frame.room); break;
      case 'search': remove(this.#searches, frame.room); break;
      default: break;
    }
    if (typeof frame.room === 'string') this.#rooms.get(frame.room)?.receive(frame); // none: a room left meanwhile
    if (frame.type === 'edited' || frame.type === 'deleted' || frame.type === 'reaction') this.#requests.answered(frame);
  }

  #welcomed(frame) {
    this.transport.established();
    this.welcome = frame;
    if (typeof frame.user === 'string' && frame.user) this.user = frame.user; // the server signed the user in
    this.emit('welcome', frame);
    if (frame.auth === 'jwt') this.#authenticate();
    else this.#start();
  }

  async #authenticate() {
    const connection = this.#connection;
    if (!this.#token) {
      this.emit('error', new ParleyError('unauthorized', 'The server asks for a token: pass connect() a token getter', 'auth'));
      this.close();
      return;
    }
    let token;
    try {
      token = typeof this.#token === 'function' ? await this.#token() : this.#token;
    } catch (cause) {
      // The server ends a connection that does not sign in within its auth timeout; the reconnect asks again.
      this.emit('error', Object.assign(new ParleyError('token', `The token getter failed: ${cause?.message ?? cause}`, 'auth'), { cause }));
      return;
    }
    this.sub = tokenSubject(token) || this.sub;
    if (connection === this.#connection) this.#send(frames.auth(String(token)));
  }

  #authenticated(frame) {
    if (typeof frame.user === 'string' && frame.user) this.user = frame.user;
    this.expires = typeof frame.expires === 'string' ? frame.expires : null;
    this.emit('authenticated', { user: frame.user, expires: this.expires, rooms: frame.rooms ?? {} });
    this.#scheduleRenewal();
    if (!this.#ready) this.#start();
  }

  #scheduleRenewal() {
    this.#stopRenewal();
    const expires = Date.parse(this.expires ?? '');
    if (Number.isNaN(expires)) return;
    const left = expires - this.#now();
    const delay = Math.max(0, left - Math.min(this.renewBeforeMs, left / 5));
    this.#renewTimer = this.#timers.setTimeout(() => { this.#renewTimer = 0; this.#authenticate(); }, delay);
  }

  #stopRenewal() {
    if (this.#renewTimer) this.#timers.clearTimeout(this.#renewTimer);
    this.#renewTimer = 0;
  }

  #start() {
    if (!this.user) {
      this.emit('error', new ParleyError('bad_request', 'No name to join with: pass connect() a name', 'join'));
      return;
    }
    this.#ready = true;
    this.transport.resetBackoff();
    this.#status('online', this.transport.kind);
    for (const room of this.#rooms.values()) this.#join(room);
    this.#asked.forEach((request) => this.#sendAsked(request));
  }

  #refused(frame) {
    if (this.#requests.refused(frame)) return;
    const asked = this.#asked.findIndex((request) => request.sent && request.frame.type === frame.ref);
    if (asked >= 0) {
      this.#asked.splice(asked, 1)[0].reject(ParleyError.of(frame));
      return;
    }
    const room = this.#roomOf(frame);
    if (room) room.refused(frame);
    else this.emit('error', ParleyError.of(frame));
  }

  /** The room an `error` concerns: the one holding the message its ref names, or the oldest request of its type. */
  #roomOf(frame) {
    if (typeof frame.ref !== 'string') return undefined;
    const waiting = new Map([['join', this.#joining], ['history', this.#histories], ['search', this.#searches]]);
    const byType = waiting.get(frame.ref)?.shift();
    if (byType !== undefined) return this.#rooms.get(byType);
    for (const room of this.#rooms.values()) if (room.store.pending.has(frame.ref)) return room;
    return undefined;
  }

  #down() {
    this.#ready = false;
    this.#connection += 1;
    this.#joining = [];
    this.#histories = [];
    this.#searches = [];
    this.#stopRenewal();
    this.#requests.failAll(new ParleyError('disconnected', 'the connection ended before the answer'));
    for (const room of this.#rooms.values()) room.disconnected();
    // An answer lost with the connection: the frame may have been carried out, so it is not sent again.
    const lost = this.#asked.filter((request) => request.sent);
    this.#asked = this.#asked.filter((request) => !request.sent);
    lost.forEach(({ frame, reject }) => reject(new ParleyError('disconnected', 'the connection ended before the answer', frame.type)));
  }

  #status(state, kind) {
    this.status = { state, kind };
    this.emit('status', this.status);
  }
}

function remove(list, item) {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/** @param {string | URL} url @returns {URL} the server's http(s) address */
function httpUrl(url) {
  const base = new URL(url);
  if (base.protocol === 'ws:') base.protocol = 'http:';
  if (base.protocol === 'wss:') base.protocol = 'https:';
  return base;
}

// A program is not a page of another site: it sends the server's own origin, which the origin check takes as the
// page's (docs/protocol.md, Handshake). The third argument is the `ws` package's options; browsers set Origin
// themselves and get none of this.
function withOrigin(WebSocket, origin) {
  return class extends WebSocket {
    constructor(url, protocols) { super(url, protocols, { origin }); }
  };
}

function fetchWithOrigin(fetch, origin) {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Origin', origin);
    return fetch(url, { ...init, headers });
  };
}

// The `eventsource` package (Node) takes a fetch to open its stream with: the same one, with the origin.
function eventSourceWithOrigin(EventSource, fetch, origin) {
  const originFetch = fetchWithOrigin(fetch, origin);
  return class extends EventSource {
    constructor(url) { super(url, { fetch: originFetch }); }
  };
}
