// Parley's wire format (docs/protocol.md): building the frames a client sends and reading what the server sends.
// No DOM and no globals: runs in browsers and in Node 20.

/** The WebSocket subprotocol a client offers: the server may put several frames in one message, one per line. */
export const SUBPROTOCOL = 'parley.batch';
/** A name has 1 to 32 UTF-16 units (as the server counts) and no control or format characters. */
export const NAME_MAX = 32;
/** A room id: 1 to 64 letters, digits, `_`, `.`, `-`. */
export const ROOM_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const NAME_FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * @typedef {{type: string, room?: string, [key: string]: unknown}} Frame any frame; `type` says which
 * @typedef {{type: 'message', room: string, seq: number, id?: string, user: string, sub?: string, text: string,
 *   ts?: string, editedAt?: string, reactions?: Record<string, string[]>, deleted?: boolean}} Message a message;
 *   `sub` (the sender's subject) only where it differs from the name `user`; `reactions`: emoji to the subjects who
 *   reacted, in order. A deleted one is a tombstone: `{type, room, seq, deleted: true}` and nothing else
 * @typedef {{room: string, since: number, epoch: string | null, rev?: number}} Resume where a rejoin continues from;
 *   `rev`: the last change (edit, delete, reaction) seen in the room
 */

/**
 * The frames a client sends, as plain objects for {@link encode}.
 * `join` with `resume` asks for what was missed since `resume.since` in `resume.epoch`.
 */
export const frames = {
  /** @param {string} room @param {string} name @param {Resume | null} [resume] */
  join(room, name, resume) {
    const frame = { type: 'join', room, name };
    if (resume) {
      frame.since = resume.since;
      if (resume.epoch) frame.epoch = resume.epoch; // a restarted server or a freed room has another epoch
      if (Number.isInteger(resume.rev)) frame.rev = resume.rev; // joined.changes: what changed after it
    }
    return frame;
  },
  /** @param {string} room */
  leave: (room) => ({ type: 'leave', room }),
  /** @param {string} room @param {string} text @param {string} id the client id that makes a resend safe */
  message: (room, text, id) => ({ type: 'message', room, text, id }),
  /** @param {string} room @param {number} before @param {number} limit */
  history: (room, before, limit) => ({ type: 'history', room, before, limit }),
  /**
   * @param {string} room @param {string} q the words to find (needs the server's archive)
   * @param {{before?: number, limit?: number}} [page] older than seq `before`, at most `limit`
   */
  search(room, q, { before, limit } = {}) {
    const frame = { type: 'search', room, q };
    if (before !== undefined) frame.before = before;
    if (limit !== undefined) frame.limit = limit;
    return frame;
  },
  /** @param {string} room */
  typing: (room) => ({ type: 'typing', room }),
  ping: () => ({ type: 'ping' }),
  /** @param {string} user the other user's subject (in open mode: the name) */
  direct: (user) => ({ type: 'direct', user }),
  /** @param {'kick' | 'ban' | 'unban'} action @param {string} room @param {string} user a subject */
  moderate: (action, room, user) => ({ type: action, room, user }),
  /** @param {string} token a JSON Web Token: the first frame where `welcome.auth` is `jwt`, and again to renew */
  auth: (token) => ({ type: 'auth', token }),
  /** @param {string} room @param {number} seq @param {string} text the author's new text */
  edit: (room, seq, text) => ({ type: 'edit', room, seq, text }),
  /** @param {string} room @param {number} seq by its author, a moderator or an owner */
  delete: (room, seq) => ({ type: 'delete', room, seq }),
  /** @param {string} room @param {number} seq @param {string} emoji one emoji, or a short name such as `:+1:` */
  react: (room, seq, emoji) => ({ type: 'react', room, seq, emoji }),
  /** @param {string} room @param {number} seq the user has seen the room up to here */
  read: (room, seq) => ({ type: 'read', room, seq }),
  /** The user's rooms with their unread counts; the connection then gets `activity` for those it is not joined to. */
  rooms: () => ({ type: 'rooms' }),
};

let idCounter = 0;

/**
 * @returns {string} a client id for a message, unique to this client: what makes a resend safe (the server shows a
 *   message once per id)
 */
export function clientId() {
  const crypto = globalThis.crypto;
  if (crypto.randomUUID) return crypto.randomUUID(); // missing outside secure contexts (plain http)
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  idCounter += 1;
  return `c${idCounter}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Roles that may kick and ban in a room (docs/protocol.md, Rooms and access). */
const MODERATING = new Set(['moderator', 'owner']);

/** @param {unknown} role a `joined.role` @returns {boolean} whether it may kick and ban */
export function moderates(role) {
  return MODERATING.has(role);
}

/** @param {unknown} reason a `left.reason` @returns {string} what to tell the user, '' for a leave of its own */
export function removalText(reason, room) {
  if (reason === 'kicked') return `A moderator removed you from #${room}. You may join it again.`;
  if (reason === 'banned') return `You are banned from #${room}.`;
  if (reason === 'revoked') return `Your access to #${room} was taken away.`;
  return '';
}

/** @param {Frame} frame @returns {string} the text of one WebSocket message or one line of a fallback POST */
export function encode(frame) {
  return JSON.stringify(frame);
}

/**
 * The frames in one message from the server. With parley.batch a message holds frames separated by newlines; no frame
 * contains a raw one, so one frame per message (a server that did not select it) reads the same. Lines that are not
 * JSON objects with a string `type` are skipped.
 * @param {string} text
 * @returns {Frame[]}
 */
export function readFrames(text) {
  const out = [];
  for (const line of String(text).split('\n')) {
    let frame;
    try { frame = JSON.parse(line); } catch { continue; }
    if (frame && typeof frame === 'object' && typeof frame.type === 'string') out.push(frame);
  }
  return out;
}

/** @param {Frame} frame @returns {Record<string, unknown>} its fields but `type`: an event's payload */
export function fieldsOf({ type, ...fields }) {
  return fields;
}

/** @param {unknown} m @returns {m is Message} whether `m` has what a shown message needs (a tombstone: its seq) */
export function isMessage(m) {
  return Boolean(m) && Number.isInteger(m.seq)
    && (m.deleted === true || (typeof m.user === 'string' && typeof m.text === 'string'));
}

/**
 * The claims of a JSON Web Token, read without checking it (the server checks): who the client signs in as.
 * @param {unknown} token @returns {Record<string, unknown> | null} null for anything that is not a JWT
 */
export function claimsOf(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** @param {unknown} token @returns {string} the name a token's user gets in rooms: its `name`, else its `sub` ('') */
export function tokenName(token) {
  const claims = claimsOf(token);
  if (!claims) return '';
  return typeof claims.name === 'string' ? claims.name : typeof claims.sub === 'string' ? claims.sub : '';
}

/** @param {unknown} token @returns {string} the subject of a token's user (`sub`, '' when none): who it is */
export function tokenSubject(token) {
  const claims = claimsOf(token);
  return claims && typeof claims.sub === 'string' ? claims.sub : '';
}

/** @param {string} name @returns {string} what is wrong with it, '' when the server would take it */
export function nameProblem(name) {
  const length = name.length; // the server counts UTF-16 units too
  if (length === 0) return 'Enter a name.';
  if (length > NAME_MAX) return `Use at most ${NAME_MAX} characters (this one has ${length}).`;
  if (NAME_FORBIDDEN.test(name)) return 'The name contains invisible or control characters.';
  return '';
}

/** @param {string} room @returns {string} what is wrong with it, '' when the server would take it */
export function roomProblem(room) {
  if (!room) return 'Enter a room.';
  if (room.length > 64) return 'Use at most 64 characters.';
  if (!ROOM_PATTERN.test(room)) return 'Use only letters, digits, _ . and - (no spaces).';
  return '';
}
