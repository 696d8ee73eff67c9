// What a room's messages become after they are sent, and how far the user has read (docs/protocol.md, Conversations):
// the room's change counter `rev` (edits, deletes and reaction toggles, each numbered), applying those changes to the
// messages held, and the user's read marker with the unread count. Pure: no DOM, no timers; the RoomStore holds one
// per room and feeds it the frames.
import { frames } from './protocol.js';

/**
 * @typedef {import('./protocol.js').Frame} Frame
 * @typedef {import('./protocol.js').Message} Message
 * @typedef {{message: Message | null, rev: number}} Change the message after a change (null when not held)
 */

/** A room's rev, read marker and unread count, as one user sees them. */
export class Conversation {
  constructor() {
    /**
     * @type {number | null} the highest change rev seen in this epoch (a rejoin sends it: `joined.changes` brings
     *   what changed after); null until a `joined` carries one (a server without conversations)
     */
    this.rev = null;
    /** the user's read marker: the last seq the user has seen */
    this.read = 0;
    /** messages after the marker, by others, not deleted */
    this.unread = 0;
    /** @type {string | null} the user's subject (in open mode the name): its own messages are never unread */
    this.self = null;
    /** the room's latest seq at the last `joined`: `joined.unread` counted up to it, later messages count here */
    this.countedTo = 0;
  }

  /**
   * A `joined`: its rev, marker and unread count, then (after the history is added) its `changes`.
   * @param {Frame} frame @param {boolean} reset the room started over: the rev counts from the new epoch's
   */
  onJoined(frame, reset) {
    if (reset || Number.isInteger(frame.rev)) this.rev = Number.isInteger(frame.rev) ? frame.rev : null;
    if (Number.isInteger(frame.read)) this.read = frame.read;
    if (Number.isInteger(frame.unread)) this.unread = frame.unread;
    if (Number.isInteger(frame.seq)) this.countedTo = frame.seq;
  }

  /**
   * `joined.changes`: the current state of held messages that changed while away, put in their place.
   * @param {Frame} frame @param {Map<number, Message>} messages @returns {Message[]} those replaced
   */
  applyChanges(frame, messages) {
    const changed = [];
    for (const current of Array.isArray(frame.changes) ? frame.changes : []) {
      if (!current || !messages.has(current.seq)) continue;
      messages.set(current.seq, current);
      changed.push(current);
    }
    return changed;
  }

  /** A message new to the room: one by someone else past the marker and after the last `joined` is unread. */
  onAdded(message) {
    if (message.seq > this.countedTo && message.seq > this.read && !message.deleted && !this.#own(message)) {
      this.unread += 1;
      return true;
    }
    return false;
  }

  /**
   * An `edited`, `deleted` or `reaction` frame. One at or below the rev seen is a repeat (a delete answered again).
   * @param {Frame} frame @param {Map<number, Message>} messages by seq, updated in place
   * @returns {Change | null} null for a repeat or a malformed frame
   */
  onChange(frame, messages) {
    if (!Number.isInteger(frame.seq) || !Number.isInteger(frame.rev) || frame.rev <= (this.rev ?? 0)) return null;
    this.rev = frame.rev;
    const held = messages.get(frame.seq);
    if (!held) return { message: null, rev: frame.rev };
    const message = changed(held, frame);
    messages.set(frame.seq, message);
    if (frame.type === 'deleted' && !held.deleted && held.seq > this.read && !this.#own(held) && this.unread > 0) {
      this.unread -= 1; // unread ones not held are not known here: the next `joined` or `rooms` says
    }
    return { message, rev: frame.rev };
  }

  /** A `read` from another connection of the user: the server's marker and count. @returns {boolean} moved */
  onRead(frame) {
    if (!Number.isInteger(frame.seq) || frame.seq <= this.read) return false;
    this.read = frame.seq;
    if (Number.isInteger(frame.unread)) this.unread = frame.unread;
    return true;
  }

  /**
   * The user has seen the room up to `seq`: the marker moves forward (never back) and the count drops by the
   * messages it passes.
   * @param {string} room @param {number} seq @param {Map<number, Message>} messages @param {number} lastSeq
   * @returns {Frame | null} the `read` to send; null when the marker is there already
   */
  markRead(room, seq, messages, lastSeq) {
    const upTo = Math.min(seq, lastSeq);
    if (!Number.isInteger(upTo) || upTo <= this.read) return null;
    if (upTo >= lastSeq) {
      this.unread = 0;
    } else {
      for (const message of messages.values()) {
        if (message.seq > this.read && message.seq <= upTo && !message.deleted && !this.#own(message)) this.unread -= 1;
      }
      this.unread = Math.max(0, this.unread);
    }
    this.read = upTo;
    return frames.read(room, upTo);
  }

  #own(message) {
    return (message.sub ?? message.user) === this.self;
  }
}

/**
 * A message after a change frame: `edited` (new text, `editedAt`), `deleted` (a tombstone), `reaction` (the user's
 * reaction toggled: emoji in order of first reaction, subjects in order of reacting).
 * @param {Message} message @param {Frame} frame @returns {Message} a new object
 */
export function changed(message, frame) {
  if (frame.type === 'deleted') return { type: 'message', room: message.room, seq: message.seq, deleted: true };
  if (message.deleted) return message;
  if (frame.type === 'edited') return { ...message, text: String(frame.text), editedAt: frame.editedAt };
  if (frame.type !== 'reaction' || typeof frame.emoji !== 'string') return message;
  const sub = typeof frame.sub === 'string' && frame.sub ? frame.sub : String(frame.user);
  const reactions = Object.fromEntries(Object.entries(message.reactions ?? {}).map(([e, subs]) => [e, [...subs]]));
  const subs = (reactions[frame.emoji] ?? []).filter((s) => s !== sub);
  if (frame.on === true) subs.push(sub);
  if (subs.length) reactions[frame.emoji] = subs; else delete reactions[frame.emoji];
  const next = { ...message, reactions };
  if (Object.keys(reactions).length === 0) delete next.reactions;
  return next;
}
