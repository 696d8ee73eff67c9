// The rooms a user has been in on this browser, direct conversations included, for the rooms list. No DOM: the page
// keeps it in localStorage through the storage it is given, and node --test runs it as it is.

const MAX_ROOMS = 30;

/**
 * @typedef {{room: string, with?: string}} Entry a room; `with` names the other user of a direct conversation
 * @typedef {{getItem(key: string): string | null, setItem(key: string, value: string): void}} Storage
 */

/** The user's rooms, most recently used first. */
export class RoomList {
  #forgotten = new Set(); // refused this session: a token's grant does not list them again
  /** @param {Storage | null} storage where the list is kept (null: only in memory) @param {string} key */
  constructor(storage, key = 'parley.rooms') {
    this.storage = storage;
    this.key = key;
    /** @type {Entry[]} */
    this.entries = this.#load();
  }

  /** Puts the room first (adding it when new); a direct conversation keeps the other user's name. @param {Entry} entry */
  use(entry) {
    this.#forgotten.delete(entry.room);
    const known = this.entries.find((e) => e.room === entry.room);
    const merged = { room: entry.room, ...(entry.with || known?.with ? { with: entry.with || known.with } : {}) };
    this.entries = [merged, ...this.entries.filter((e) => e.room !== entry.room)].slice(0, MAX_ROOMS);
    this.#save();
  }

  /**
   * Lists rooms the user may enter without moving those listed (the rooms a signed token grants).
   * @param {string[]} rooms
   */
  know(rooms) {
    const fresh = rooms.filter((room) => !this.#forgotten.has(room) && !this.entries.some((e) => e.room === room))
      .map((room) => ({ room }));
    if (fresh.length === 0) return;
    this.entries = [...this.entries, ...fresh].slice(0, MAX_ROOMS);
    this.#save();
  }

  /**
   * Names the other user of a direct conversation listed without a name (one the server listed, started elsewhere).
   * @param {string} room @param {string} other
   */
  name(room, other) {
    const entry = this.entries.find((e) => e.room === room);
    if (!entry || entry.with || !other) return;
    entry.with = other;
    this.#save();
  }

  /** @param {string} room no longer listed (the user was banned from it, or it refused the user) */
  forget(room) {
    this.#forgotten.add(room);
    this.entries = this.entries.filter((e) => e.room !== room);
    this.#save();
  }

  /** @param {string} room @returns {string} how the list and the room bar name it: `@bob` or `#lobby` */
  label(room) {
    const entry = this.entries.find((e) => e.room === room);
    return entry?.with ? `@${entry.with}` : `#${room}`;
  }

  #load() {
    try {
      const parsed = JSON.parse(this.storage?.getItem(this.key) || '[]');
      return Array.isArray(parsed) ? parsed.filter((e) => e && typeof e.room === 'string') : [];
    } catch {
      return []; // storage disabled or damaged: start empty
    }
  }

  #save() {
    try { this.storage?.setItem(this.key, JSON.stringify(this.entries)); } catch { /* storage disabled */ }
  }
}
