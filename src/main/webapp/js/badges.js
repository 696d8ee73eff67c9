// The unread badges of the user's rooms in the sidebar (docs/protocol.md, Conversations): exact from a `rooms` answer
// and from the rooms this page has joined (their RoomStore counts), kept current between answers by `activity` (one
// more message by someone else in a room not joined here) and `read` (another tab moved the marker). No DOM: node
// --test runs it as it is.

/** Unread counts by room. */
export class Badges {
  /** @type {Map<string, {seq: number, unread: number}>} */
  #rooms = new Map();

  /**
   * A `rooms` answer: its counts replace what was known. @param {{room: string, seq: number, unread: number}[]} rooms
   * @returns {string[]} the rooms, newest message first, as the server sorts them
   */
  fromRooms(rooms) {
    for (const { room, seq, unread } of rooms) {
      if (typeof room === 'string') this.#rooms.set(room, { seq: Number(seq) || 0, unread: Math.max(0, Number(unread) || 0) });
    }
    return rooms.map((r) => r.room).filter((room) => typeof room === 'string');
  }

  /**
   * An `activity`: a message by someone else, counted once per seq. @param {{room: string, seq: number}} activity
   * @returns {boolean} whether the count moved
   */
  activity({ room, seq }) {
    const known = this.#rooms.get(room) ?? { seq: 0, unread: 0 };
    if (!Number.isInteger(seq) || seq <= known.seq) return false;
    this.#rooms.set(room, { seq, unread: known.unread + 1 });
    return true;
  }

  /** A count known exactly: a room joined here, or a `read` from another tab. @param {string} room @param {number} unread */
  set(room, unread) {
    const known = this.#rooms.get(room);
    if (known?.unread === unread) return false;
    this.#rooms.set(room, { seq: known?.seq ?? 0, unread: Math.max(0, unread) });
    return true;
  }

  /** @param {string} room @returns {number} */
  unread(room) {
    return this.#rooms.get(room)?.unread ?? 0;
  }

  /** @param {string} room a room the user left or was taken out of */
  forget(room) {
    this.#rooms.delete(room);
  }
}
