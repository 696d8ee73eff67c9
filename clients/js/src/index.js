// @parley/client: the high-level ParleyClient, and the modules it is made of (the bundled page uses the same ones).
export { connect, ParleyClient } from './client.js';
export { ParleyError, Room } from './room.js';
export { Emitter } from './events.js';
export {
  SUBPROTOCOL, NAME_MAX, ROOM_PATTERN, frames, encode, readFrames, isMessage, nameProblem, roomProblem, clientId,
} from './protocol.js';
export { RoomStore } from './store.js';
export { Transport, FallbackSocket, urlsFor } from './transport.js';
