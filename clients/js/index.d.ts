// Types of @parley/client, written by hand beside src/ (whose JSDoc says the same). test/types.test.mjs checks that
// every export is declared here and nothing else; it/types.test.mjs compiles a program against them with tsc --strict.
// The wire protocol: docs/protocol.md in the Parley repository.

// ---- frames ------------------------------------------------------------------------------------------------------

/** Any frame; `type` says which. */
export interface Frame {
  type: string;
  room?: string;
  [key: string]: unknown;
}

/**
 * A message as the server sends it live, in `joined.history`, `history.messages` and `search.messages`: one posted
 * (its text, possibly edited and reacted to), or the tombstone of a deleted one (history keeps its seq).
 */
export type Message = PostedMessage | Tombstone;

/** A message that was not deleted. */
export interface PostedMessage {
  type: 'message';
  room: string;
  /** the room's number for it: 1, 2, 3... without gaps, in one order for every member */
  seq: number;
  /** the sender's client id, when it gave one */
  id?: string;
  /** the sender's name */
  user: string;
  /** the sender's subject, only where it differs from `user` (signed tokens: names may repeat, subjects do not) */
  sub?: string;
  text: string;
  /** ISO-8601 in UTC with milliseconds */
  ts?: string;
  /** when its author last edited it (ISO-8601) */
  editedAt?: string;
  /** emoji (or a short name such as `:+1:`) to the subjects who reacted, in order; absent when none */
  reactions?: Record<string, string[]>;
  deleted?: false;
}

/** A deleted message: its place in the room's numbering, nothing of what it said or who said it. */
export interface Tombstone {
  type: 'message';
  room: string;
  seq: number;
  deleted: true;
}

/** Where a rejoin continues from. */
export interface Resume {
  room: string;
  since: number;
  epoch: string | null;
  /** the last change rev seen in the room (`joined.changes` then brings the changes after it) */
  rev?: number;
}

/** The WebSocket subprotocol the client offers: `parley.batch`. */
export const SUBPROTOCOL: 'parley.batch';
/** The longest name, in UTF-16 units. */
export const NAME_MAX: 32;
/** What a room id looks like: 1 to 64 of `A-Z a-z 0-9 _ . -`. */
export const ROOM_PATTERN: RegExp;

/** The frames a client sends, as plain objects for {@link encode}. */
export const frames: {
  join(room: string, name: string, resume?: Resume | null): Frame;
  leave(room: string): Frame;
  message(room: string, text: string, id: string): Frame;
  history(room: string, before: number, limit: number): Frame;
  search(room: string, q: string, page?: { before?: number; limit?: number }): Frame;
  typing(room: string): Frame;
  ping(): Frame;
  auth(token: string): Frame;
  direct(user: string): Frame;
  moderate(action: 'kick' | 'ban' | 'unban', room: string, user: string): Frame;
  edit(room: string, seq: number, text: string): Frame;
  delete(room: string, seq: number): Frame;
  react(room: string, seq: number, emoji: string): Frame;
  read(room: string, seq: number): Frame;
  rooms(): Frame;
};

export function encode(frame: Frame): string;
/** The frames in one server message (with `parley.batch`, several, one per line); lines that are no frame are skipped. */
export function readFrames(text: string): Frame[];
export function isMessage(m: unknown): m is Message;
/** What is wrong with a name, '' when the server would take it. */
export function nameProblem(name: string): string;
/** What is wrong with a room id, '' when the server would take it. */
export function roomProblem(room: string): string;
/** A new client id for a message. */
export function clientId(): string;

// ---- the high-level client ---------------------------------------------------------------------------------------

/** The platform's or the `ws` package's WebSocket constructor. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: object) => unknown;
/** The platform's or the `eventsource` package's EventSource constructor (the fallback transport). */
export type EventSourceConstructor = new (url: string, init?: object) => unknown;
export type Fetch = (url: string, init?: any) => Promise<{ status: number }>;

export interface Timers {
  setTimeout(callback: () => void, ms: number): any;
  clearTimeout(handle: any): void;
  setInterval(callback: () => void, ms: number): any;
  clearInterval(handle: any): void;
}

export interface TransportOptions {
  /** a ping after this long (default 20 s) */
  pingEveryMs?: number;
  /** a connection given up after this long without a word after a ping, or while connecting (default 10 s) */
  silenceLimitMs?: number;
  /** the first reconnect waits up to this long (default 0.5 s), doubling per attempt... */
  backoffBaseMs?: number;
  /** ...up to this (default 15 s); the delay is random below it (full jitter) */
  backoffMaxMs?: number;
  /** false holds reconnects (a browser offline) */
  isOnline?: () => boolean;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
}

export interface ConnectOptions {
  /** the name to join with; not needed when the server names the user (`welcome.user`, or `authenticated.user`) */
  name?: string | null;
  /**
   * The JSON Web Token for a server with `parley.auth=jwt`: asked for on every connection and before the token
   * expires (`renewBeforeMs`); the server answers `authenticated`.
   */
  token?: string | (() => string | Promise<string>) | null;
  /** default: the global one (browsers, Node 22+); in Node 20, `import WebSocket from 'ws'` */
  WebSocket?: WebSocketConstructor;
  /** for the fallback over Server-Sent Events and POSTs, where WebSocket cannot get through; default: the global one */
  EventSource?: EventSourceConstructor | null;
  /** default: the global one */
  fetch?: Fetch | null;
  /**
   * The Origin a program sends (a `ws` option, a fetch header). Default: none in a browser (it sends its own), else
   * the server's own origin, which Parley takes as its page's. null: none.
   */
  origin?: string | null;
  /** a message or join the server could not take for now (`unavailable`) goes again after 1 to 2 times this (2 s) */
  unavailableRetryMs?: number;
  /** a token is renewed this long before it expires (default 60 s), or after four fifths of its time if sooner */
  renewBeforeMs?: number;
  transport?: TransportOptions;
}

export interface Status {
  state: 'connecting' | 'online' | 'reconnecting' | 'offline';
  kind: 'websocket' | 'fallback';
}

export interface Ack {
  id: string;
  seq: number;
  ts?: string;
}

export interface Authenticated {
  user: string;
  /** ISO-8601 */
  expires: string | null;
  /** room id to role, from the token */
  rooms: Record<string, 'member' | 'moderator' | 'owner'>;
}

/** A user in a room: the name shown, and the subject that tells users apart (the name, where the server sends none). */
export interface User {
  user: string;
  sub: string;
}

export type Role = 'member' | 'moderator' | 'owner';

/** The answer to {@link ParleyClient.direct}: the conversation's room. */
export interface Direct {
  /** the other user's subject */
  user: string;
  room: string;
}

/** The answer to a kick, ban, unban or role: carried out. */
export interface Moderated {
  action: 'kick' | 'ban' | 'unban' | 'role';
  room: string;
  /** a subject */
  user: string;
}

/** An edit, as every connection in the room gets it (and the answer to {@link ParleyClient.edit}). */
export interface Edited {
  room: string;
  seq: number;
  /** the room's change counter after this change */
  rev: number;
  text: string;
  editedAt: string;
}

/** A delete (and the answer to {@link ParleyClient.delete}). */
export interface Deleted {
  room: string;
  seq: number;
  rev: number;
}

/** A reaction toggled (and the answer to {@link ParleyClient.react}). */
export interface Reaction {
  room: string;
  seq: number;
  rev: number;
  emoji: string;
  /** the name of who reacted */
  user: string;
  /** their subject */
  sub: string;
  /** true: added; false: taken back */
  on: boolean;
}

/** One of the user's rooms in the answer to {@link ParleyClient.rooms}. */
export interface RoomView {
  room: string;
  /** the room's latest seq */
  seq: number;
  /** the user's read marker */
  read: number;
  /** messages after the marker, by others, not deleted */
  unread: number;
  /** the latest message, when there is one */
  last?: Message;
}

/** The user's read marker and unread count in a room. */
export interface ReadState {
  read: number;
  unread: number;
}

export interface ClientEvents {
  status: Status;
  welcome: Frame;
  authenticated: Authenticated;
  /** a direct conversation found (answers {@link ParleyClient.direct}) */
  direct: Direct;
  /** a moderation carried out (answers kick, ban, unban, role) */
  moderated: Moderated;
  /** the user's rooms (answers {@link ParleyClient.rooms}) */
  rooms: { rooms: RoomView[] };
  /** a message by someone else in a room listed by `rooms` that this connection has not joined */
  activity: { room: string; seq: number };
  /** another connection of the user moved its read marker in a room joined or listed here */
  read: { room: string; seq: number; unread: number };
  /** errors that concern no room or message of this client, and sign-in problems */
  error: ParleyError;
}

export interface Joined {
  /** true when every message since the last one held came in the history */
  recovered: boolean;
  /** the room started over (a new epoch): the messages held before were dropped */
  reset: boolean;
  members: string[];
  users: User[];
  /** this user's role in the room, when it has one */
  role: Role | null;
  seq: number;
  epoch: string | null;
  /** the user's read marker and the unread messages after it (0 from a server without read markers) */
  read: number;
  unread: number;
  /** held messages that changed while away (`joined.changes`), now in their current state */
  changed: Message[];
}

export interface RoomEvents {
  joined: Joined;
  /** every message of the room once, in seq order as far as it arrives so (history, live, gap fills, own messages) */
  message: Message;
  /** `message`: the message after the edit, null when not held */
  edited: Edited & { message: Message | null };
  deleted: Deleted & { message: Message | null };
  reaction: Reaction & { message: Message | null };
  /** the read marker or the unread count changed: this client's read, another tab's, a message, a delete */
  read: ReadState;
  presence: { event: 'join' | 'leave'; user: string; sub: string; members: string[]; users: User[] };
  typing: { user: string; sub: string };
  /** a message the server could not take for now (`unavailable`): it goes again by itself */
  pending: { id: string; state: 'waiting' };
  /**
   * someone else took this user out of the room: `kicked` (may join again), `banned` (refused until unbanned),
   * `revoked` (its access was taken away); the room is left, its unconfirmed sends fail with the reason as code
   */
  left: { reason: 'kicked' | 'banned' | 'revoked' | string };
  /** a refused join (the room is left), or an error about the room */
  error: ParleyError;
}

/** An `error` frame, or a refusal on the client's side (`left`, `closed`, `token`), with the protocol's code. */
export class ParleyError extends Error {
  constructor(code: string, message: string, ref?: string);
  readonly code: string;
  readonly ref?: string;
  static of(frame: Frame): ParleyError;
}

/** Typed events: `on` returns the function that removes the listener. */
export class Emitter<Events = Record<string, unknown>> {
  on<K extends keyof Events & string>(type: K, listener: (event: Events[K]) => void): () => void;
  off<K extends keyof Events & string>(type: K, listener: (event: Events[K]) => void): void;
  emit<K extends keyof Events & string>(type: K, event: Events[K]): boolean;
}

/** A room joined through a {@link ParleyClient}; rejoined with `since` and `epoch` after every reconnect. */
export class Room extends Emitter<RoomEvents> {
  readonly name: string;
  readonly store: RoomStore;
  /** settles at the first `joined`; fails when the server refuses the join */
  readonly joined: Promise<void>;
  /** the names present, sorted (two users may share one) */
  readonly members: string[];
  /** the users present, by name */
  readonly users: User[];
  /** this user's role here, from the last `joined` */
  readonly role: Role | null;
  /** the messages held, in seq order */
  readonly messages: Message[];
  /** the user's read marker here and the unread count */
  readonly readState: ReadState;
  /** moves the read marker forward to `seq` (at most the latest); true when a `read` went out */
  read(seq: number): boolean;
  /**
   * Sends with a new client id, now or after the next `joined`, and again after reconnects until confirmed: the room
   * shows it once. Fails with a ParleyError the server's refusal names, or `left` / `closed`.
   */
  send(text: string): Promise<Ack> & { readonly id: string };
  /** tells the others this client types; every few seconds while typing, not per key (frames count against rate limits) */
  typing(): void;
  /** the page before the oldest message held; empty when there is none */
  loadEarlier(): Promise<Message[]>;
  /**
   * The room's messages holding every word of `q`, newest first (page back with `before`); needs the server's archive.
   * Fails with a ParleyError (`bad_request` without an archive, `not_joined`, `disconnected`).
   */
  search(q: string, page?: { before?: number; limit?: number }): Promise<Message[]>;
  leave(): void;
}

export class ParleyClient extends Emitter<ClientEvents> {
  constructor(url: string | URL, options?: ConnectOptions);
  /** the name joined with */
  readonly user: string | null;
  /** the user's subject once signed in with a token (its `sub`); null: the name is the subject */
  readonly sub: string | null;
  readonly status: Status;
  readonly welcome: Frame | null;
  readonly expires: string | null;
  readonly transport: Transport;
  open(): void;
  /** the room, joined now or once connected; the same object when called again */
  join(room: string): Room;
  room(room: string): Room | undefined;
  /** the direct conversation with another user (by subject), found or started; join its room to talk */
  direct(user: string): Promise<Direct>;
  /** moderators and owners: out of the room, may join again; fails with `forbidden` for anyone else */
  kick(room: string, user: string): Promise<Moderated>;
  /** moderators and owners: out of the room until unbanned */
  ban(room: string, user: string): Promise<Moderated>;
  unban(room: string, user: string): Promise<Moderated>;
  /** owners: makes a user a member or moderator of the room, or (null) takes the membership away */
  role(room: string, user: string, role: 'member' | 'moderator' | null): Promise<Moderated>;
  /** {@link Room.search} on a room joined; fails with `not_joined` otherwise */
  search(room: string, q: string, page?: { before?: number; limit?: number }): Promise<Message[]>;
  /** the author changes a message's text; fails with `forbidden` (not the author) or `bad_request` (unknown, deleted) */
  edit(room: string, seq: number, text: string): Promise<Edited>;
  /** the author, a moderator or an owner deletes a message; it stays a tombstone */
  delete(room: string, seq: number): Promise<Deleted>;
  /** toggles the user's reaction: one emoji, or a short name such as `:+1:` (docs/protocol.md lists them) */
  react(room: string, seq: number, emoji: string): Promise<Reaction>;
  /** {@link Room.read} on a room joined */
  read(room: string, seq: number): boolean;
  /** the user's rooms, newest message first; this connection then gets `activity` for those it has not joined */
  rooms(): Promise<RoomView[]>;
  /** leaves every room and closes for good; unconfirmed sends fail with `closed` */
  close(): void;
}

/** A client, connecting. `url` is the server's address (http, https, ws or wss). */
export function connect(url: string | URL, options?: ConnectOptions): ParleyClient;

// ---- the parts (the bundled page uses them directly) -------------------------------------------------------------

export type PendingState = 'queued' | 'sent' | 'waiting' | 'failed';
export interface Pending {
  id: string;
  text: string;
  state: PendingState;
  error: string | null;
}
export interface Added {
  message: Message;
  pending: Pending | null;
}

/** One room as a client sees it: pure, each method takes a frame and says what changed; the caller sends. */
/** A room's change rev, read marker and unread count (the RoomStore holds one). */
export interface Conversation {
  rev: number | null;
  read: number;
  unread: number;
  self: string | null;
}

export class RoomStore {
  constructor(room: string, options?: { historyPage?: number; historyMax?: number });
  readonly room: string;
  messages: Map<number, Message>;
  pending: Map<string, Pending>;
  /** subject to name */
  users: Map<string, string>;
  /** the names present */
  readonly members: Set<string>;
  lastSeq: number;
  epoch: string | null;
  joined: boolean;
  user: string | null;
  readonly conversation: Conversation;
  resume(): Resume | null;
  /** `self`: the user's subject, default the name */
  join(user: string, self?: string): Frame;
  disconnected(): void;
  leave(): Frame | null;
  onJoined(frame: Frame): { reset: boolean; added: Added[]; changed: Message[] };
  onChange(frame: Frame): { message: Message | null; rev: number } | null;
  onRead(frame: Frame): boolean;
  markRead(seq: number): Frame | null;
  onMessage(frame: Frame): { duplicate: boolean; added: Added | null; gap: Frame | null };
  onAck(frame: Frame): { added: Added | null; duplicate: Pending | null };
  onHistory(frame: Frame): { kind: 'earlier' | 'gap'; added: Added[] };
  onPresence(frame: Frame): boolean;
  onError(frame: Frame): { pending: Pending | null; rejoin: boolean; history: 'earlier' | 'gap' | null };
  post(text: string, id: string): Pending;
  retry(id: string): Pending | null;
  discard(id: string): boolean;
  outgoing(id?: string): Frame[];
  loadEarlier(): Frame | null;
  hasEarlier(): boolean;
  oldestSeq(): number;
  sorted(): Message[];
}

export interface Urls {
  socket: string;
  stream: string;
  send: string;
}
/** Parley's WebSocket, stream and send URLs relative to a page or server address. */
export function urlsFor(page: string): Urls;

/** The fallback as a socket: an EventSource down, POSTs up with the stream's token. */
export class FallbackSocket {
  constructor(platform: { urls: Urls; EventSource: EventSourceConstructor; fetch: Fetch });
  readyState: number;
  send(text: string): void;
  close(): void;
}

/** One connection at a time, kept open while wanted: WebSocket, the fallback, heartbeat, jittered backoff. */
export class Transport {
  constructor(options: TransportOptions & {
    urls: Urls;
    WebSocket: WebSocketConstructor;
    EventSource?: EventSourceConstructor | null;
    fetch?: Fetch | null;
    pingText: string;
  });
  onOpen: () => void;
  onText: (text: string) => void;
  onDown: () => void;
  onStatus: (status: { state: 'connecting' | 'reconnecting' | 'offline'; kind: 'websocket' | 'fallback'; retryAt: number }) => void;
  kind: 'websocket' | 'fallback';
  readonly open: boolean;
  connect(): void;
  release(): void;
  close(): void;
  restart(): void;
  reconnectNow(): void;
  retryNow(): void;
  established(): void;
  resetBackoff(): void;
  send(text: string): boolean;
}
