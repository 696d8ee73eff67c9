// The requests about a room's messages and the user's rooms that an answer settles: `edit`, `delete` and `react`
// (answered by the `edited`, `deleted` or `reaction` that goes to every connection in the room, this one included),
// and `rooms`. A refusal is an `error` whose ref is the frame's type: it settles the oldest request of that type, as
// the server answers one connection's frames in order.
import { ParleyError } from './room.js';
import { fieldsOf } from './protocol.js';

const ANSWERS = { edited: 'edit', deleted: 'delete', reaction: 'react', rooms: 'rooms' };

/** Requests sent and not yet answered, on the current connection. */
export class Requests {
  #asked = []; // {frame, resolve, reject}, in the order sent
  #send;
  #self;

  /**
   * @param {(frame: object) => void} send
   * @param {() => string | null} self the user's subject: a `reaction` answers this user's `react` only
   */
  constructor(send, self) {
    this.#send = send;
    this.#self = self;
  }

  /** Sends the frame. @param {object} frame @returns {Promise<object>} the answer's fields (its `type` left out) */
  ask(frame) {
    return new Promise((resolve, reject) => {
      this.#asked.push({ frame, resolve, reject });
      this.#send(frame);
    });
  }

  /** @param {object} frame an `edited`, `deleted`, `reaction` or `rooms` */
  answered(frame) {
    const type = ANSWERS[frame.type];
    const at = this.#asked.findIndex(({ frame: asked }) => asked.type === type && (type === 'rooms'
      || (asked.room === frame.room && asked.seq === frame.seq
        && (type !== 'react' || (asked.emoji === frame.emoji && (frame.sub ?? frame.user) === this.#self())))));
    if (at >= 0) this.#asked.splice(at, 1)[0].resolve(fieldsOf(frame));
  }

  /** @param {object} frame an `error` @returns {boolean} whether it refused one of these requests */
  refused(frame) {
    const at = this.#asked.findIndex(({ frame: asked }) => asked.type === frame.ref);
    if (at < 0) return false;
    this.#asked.splice(at, 1)[0].reject(ParleyError.of(frame));
    return true;
  }

  /** The connection ended (or the client closed): the answers will not come; the frames may have been carried out. */
  failAll(error) {
    this.#asked.splice(0).forEach(({ reject }) => reject(error));
  }
}
