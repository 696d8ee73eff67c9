// Parley's page: wires the transport, the protocol, one store per room and the views (docs/architecture.md, The
// page). What the server says goes to the room's store, which says what changed; the views show it. Protocol in
// docs/protocol.md.
import { encode, frames, moderates, readFrames, removalText } from './protocol.js';
import { RoomList } from './rooms.js';
import { RoomsView } from './rooms-view.js';
import { RoomStore } from './store.js';
import { Transport, urlsFor } from './transport.js';
import { ChatView, findElements } from './view.js';
import { MessageList } from './message-list.js';
import { JoinView } from './join-view.js';
import { SignIn, SignInNeeded, nameOf, renewDelay } from './sign-in.js';

const TYPING_SEND_EVERY_MS = 2500;
const MODERATED = { kick: 'Kicked', ban: 'Banned', unban: 'Unbanned' };
/** A token fetched this recently is sent as it is; an older one is fetched again before an `auth`. */
const TOKEN_FRESH_MS = 30_000;

const state = {
  name: '',
  room: null,           // the room the user wants to be in; null while on the join form
  sentName: null,       // the server binds the first joined name to the connection
  welcomed: false,
  maxTextChars: 4000,
  status: 'offline',
  connectionLost: false,
  unread: 0,
  lastTypingSent: 0,
  idCounter: 0,
  unavailableTimer: 0,
  role: null,           // the user's role in the current room (joined.role): moderators get kick and ban
  token: null,          // parley.auth=jwt: the last token from the host application, and when it came
  tokenAt: 0,
  authenticated: false, // this connection's auth was answered
  renewTimer: 0,
};
/** @type {Map<string, RoomStore>} */
const stores = new Map();

const els = findElements();
const transport = new Transport({
  urls: urlsFor(location.href),
  WebSocket: window.WebSocket,
  EventSource: window.EventSource,
  fetch: (...args) => fetch(...args),
  pingText: encode(frames.ping()),
  isOnline: () => navigator.onLine,
});
const view = new ChatView(els, {
  send: sendMessage,
  typing: sendTyping,
  leave: () => leaveRoom(),
  retryNow: () => transport.retryNow(),
  moderate: (action, user) => send(frames.moderate(action, state.room, user)),
});
const myRooms = new RoomList(storage());
const roomsView = new RoomsView(els, { open: switchRoom, direct: (user) => send(frames.direct(user)) });
const list = new MessageList(els, {
  loadEarlier,
  retry: (id) => {
    if (!storeOf(state.room).retry(id)) return;
    list.pendingStatus(id, 'sending');
    sendAll(storeOf(state.room).outgoing(id));
  },
  discard: (id) => {
    storeOf(state.room).discard(id);
    list.removePending(id, { focus: true });
  },
});
const joinView = new JoinView(els, joinRoom);
const signIn = new SignIn({ fetch: (...args) => fetch(...args) });

// ---- connection ---------------------------------------------------------

transport.onOpen = () => {}; // the server speaks first (`welcome`)
transport.onText = (text) => readFrames(text).forEach(handleFrame);
transport.onStatus = ({ state: status }) => setStatus(status);
transport.onDown = () => {
  clearTimeout(state.renewTimer);
  Object.assign(state, { welcomed: false, sentName: null, authenticated: false });
  stores.forEach((store) => store.disconnected());
  view.clearTypers();
};

function send(frame) {
  return transport.send(encode(frame));
}

function sendAll(outgoing) {
  outgoing.forEach(send);
}

function storeOf(room) {
  if (!stores.has(room)) stores.set(room, new RoomStore(room));
  return stores.get(room);
}

// ---- frames -------------------------------------------------------------

function handleFrame(frame) {
  if (frame.type === 'direct') { onDirect(frame); return; } // names a room the user is not in yet
  if (frame.room !== undefined && frame.room !== state.room) return; // late frame for a room we left
  if (frame.type === 'welcome') { onWelcome(frame); return; }
  if (frame.type === 'authenticated') { onAuthenticated(frame); return; }
  if (frame.type === 'error') { onError(frame); return; }
  if (!state.room) return;
  const store = storeOf(state.room);
  switch (frame.type) {
    case 'joined': onJoined(store, frame); break;
    case 'message': onMessage(store, frame); break;
    case 'ack': onAck(store, frame); break;
    case 'history': onHistory(store, frame); break;
    case 'presence': onPresence(store, frame); break;
    case 'typing': view.showTyper(frame.user); break;
    case 'left': if (frame.reason) onRemoved(store, frame); break;
    case 'moderated': view.toast(`${MODERATED[frame.action] || 'Done:'} ${frame.user}.`); break;
    default: break; // pong, and frame types newer than this client
  }
}

function onWelcome(frame) {
  state.welcomed = true;
  transport.established();
  // A server that signed the user in names them; any other name would be refused.
  if (typeof frame.user === 'string' && frame.user) state.name = frame.user;
  const max = frame.limits && frame.limits.maxTextChars;
  if (Number.isInteger(max) && max > 0) state.maxTextChars = max;
  view.setMaxTextChars(state.maxTextChars);
  if (frame.auth === 'jwt') {
    if (!signIn.tokenUrl && typeof frame.tokenUrl === 'string') signIn.tokenUrl = frame.tokenUrl;
    authenticate(); // joins once authenticated
    return;
  }
  if (state.room) sendJoin();
}

// ---- signing in (parley.auth=jwt) --------------------------------------

/** Fetches a token (unless one just came) and sends `auth`; on this connection or, renewing, on the open one. */
async function authenticate() {
  try {
    if (!state.token || Date.now() - state.tokenAt > TOKEN_FRESH_MS) await fetchToken();
  } catch (error) {
    if (!(error instanceof SignInNeeded)) throw error;
    // Reconnecting cannot help until the user signs in: back to the form (nothing to tell a server not signed in to).
    transport.release();
    state.room = null;
    view.clearTypers();
    joinView.showForm();
    joinView.title(null, 0);
    joinView.signInNeeded(error.message, error.login);
    return;
  }
  if (state.welcomed) send(frames.auth(state.token));
}

async function fetchToken() {
  state.token = await signIn.token();
  state.tokenAt = Date.now();
}

function onAuthenticated(frame) {
  const first = !state.authenticated;
  state.authenticated = true;
  state.name = frame.user;
  joinView.signedIn(frame.user);
  clearTimeout(state.renewTimer);
  state.renewTimer = setTimeout(authenticate, renewDelay(frame.expires, state.tokenAt, Date.now()));
  if (first && state.room) sendJoin();
}

/** Asks the server how it signs users in; with tokens, shows the signed-in user instead of the name field. */
async function discoverSignIn() {
  if (await signIn.discover() !== 'jwt') return;
  try {
    await fetchToken();
    joinView.signedIn(nameOf(state.token));
  } catch (error) {
    if (error instanceof SignInNeeded) joinView.signInNeeded(error.message, error.login);
    else throw error;
  }
}

function sendJoin() {
  state.sentName = state.name;
  view.self = list.self = state.name;
  setStatus('connecting');
  send(storeOf(state.room).join(state.name));
}

function onJoined(store, frame) {
  const { reset, added } = store.onJoined(frame);
  transport.resetBackoff();
  if (reset) list.startNewEpoch();
  list.add(added);
  setStatus('online');
  state.role = frame.role ?? null;
  view.members(store.members, moderates(state.role));
  myRooms.use({ room: frame.room });
  roomsView.render(myRooms, state.room);
  showHistoryStart();
  sendAll(store.outgoing()); // messages not out on this connection, with their ids (protocol: Resending)
}

function onMessage(store, frame) {
  const { duplicate, added, gap } = store.onMessage(frame);
  if (duplicate) return;
  if (gap) send(gap);
  list.live(added);
  view.hideTyper(frame.user);
  if (added && frame.user !== state.sentName) {
    view.announce(`${frame.user}: ${frame.text}`);
    if (document.hidden) {
      state.unread += 1;
      joinView.title(state.room, state.unread);
    }
  }
}

function onAck(store, frame) {
  const { added, duplicate } = store.onAck(frame);
  if (added) list.add([added]);
  if (duplicate) list.removePending(duplicate.id);
}

function onHistory(store, frame) {
  const { kind, added } = store.onHistory(frame);
  list.add(added, kind === 'earlier' ? 'earlier' : 'pinned');
  if (kind === 'earlier') list.loadingEarlier(false);
  showHistoryStart();
}

function onPresence(store, frame) {
  store.onPresence(frame);
  if (frame.event === 'leave') view.hideTyper(frame.user);
  view.members(store.members, moderates(state.role));
}

/** A moderator took this user out of the room (docs/protocol.md, Rooms and access). */
function onRemoved(store, frame) {
  store.disconnected(); // out already: nothing to leave
  if (frame.reason === 'banned') myRooms.forget(frame.room);
  leaveRoom(removalText(frame.reason, frame.room));
}

/** The room of a direct conversation: listed as @name, and joined. */
function onDirect(frame) {
  if (typeof frame.room !== 'string' || typeof frame.user !== 'string') return;
  myRooms.use({ room: frame.room, with: frame.user });
  switchRoom(frame.room);
}

function onError(frame) {
  const text = errorText(frame);
  if (frame.code === 'unauthorized') {
    // A refused token: the server closes, and the reconnect fetches a new one.
    if (frame.ref === 'auth') state.token = null;
    view.toast(text);
    return;
  }
  if (frame.ref === 'join' && (frame.code === 'bad_request' || frame.code === 'forbidden')) {
    if (frame.code === 'forbidden') myRooms.forget(state.room);
    leaveRoom(text);
    return;
  }
  const { pending, rejoin, history } = state.room ? storeOf(state.room).onError(frame)
    : { pending: null, rejoin: false, history: null };
  if (history) list.loadingEarlier(false);
  if (frame.code === 'unavailable') {
    // The server could not reach its store: nothing is wrong with the frame. A message stays pending and goes out
    // again with its id (shown once either way), a join is asked again; the connection stays.
    if (pending) list.pendingStatus(pending.id, 'waiting');
    retryWhenAvailable();
    return;
  }
  if (frame.code === 'not_joined') {
    if (rejoin) sendJoin(); // the message goes out again after the rejoin
  } else if (pending) {
    list.pendingStatus(pending.id, 'failed', text); // shown on the message itself, no toast needed
    return;
  }
  view.toast(text);
}

function retryWhenAvailable() {
  if (state.unavailableTimer) return;
  state.unavailableTimer = setTimeout(() => {
    state.unavailableTimer = 0;
    if (!transport.open || !state.welcomed || !state.room) return; // a reconnect rejoins and resends by itself
    const store = storeOf(state.room);
    if (!store.joined) sendJoin(); else sendAll(store.outgoing());
  }, 2000 + Math.random() * 2000);
}

function errorText(frame) {
  switch (frame.code) {
    case 'rate_limited': return 'You are sending messages too fast. Wait a moment, then retry.';
    case 'too_large': return `That message is too long (at most ${state.maxTextChars} characters).`;
    case 'not_joined': return 'You were not in the room any more. Rejoining…';
    default: return typeof frame.message === 'string' && frame.message ? frame.message : 'Something went wrong.';
  }
}

// ---- what the user does -------------------------------------------------

function sendMessage(text) {
  if (!state.room) return;
  if (text.length > state.maxTextChars) { view.toast(errorText({ code: 'too_large' })); return; }
  const store = storeOf(state.room);
  const pending = store.post(text, newId());
  list.addPending(pending.id, text);
  sendAll(store.outgoing(pending.id));
  state.lastTypingSent = 0;
  view.clearComposer();
  list.scrollToBottom();
}

function sendTyping() {
  const now = Date.now();
  if (state.room && storeOf(state.room).joined && now - state.lastTypingSent >= TYPING_SEND_EVERY_MS) {
    state.lastTypingSent = now;
    send(frames.typing(state.room));
  }
}

function loadEarlier() {
  const request = storeOf(state.room).loadEarlier();
  if (!request) return;
  list.loadingEarlier(true);
  send(request);
}

function showHistoryStart() {
  const store = storeOf(state.room);
  const oldest = store.oldestSeq();
  list.historyStart({
    room: state.room, joined: store.joined, more: store.hasEarlier(), atBeginning: oldest <= 1 || oldest === Infinity,
  });
}

/** Leaves the room shown (if any) for another one of the user's rooms. @param {string} room */
function switchRoom(room) {
  if (room === state.room) return;
  if (state.room) {
    const leave = storeOf(state.room).leave();
    if (leave) send(leave);
  }
  joinRoom(state.name, room);
}

function joinRoom(name, room) {
  const renamed = state.sentName !== null && state.sentName !== name; // a connection keeps its first name
  Object.assign(state, { name, room, unread: 0, role: null });
  view.self = list.self = name;
  joinView.showChat();
  view.show(room, myRooms.label(room));
  roomsView.render(myRooms, room);
  joinView.title(room, 0);
  list.showRoom(storeOf(room).sorted());
  showHistoryStart();
  if (renamed) transport.restart();
  else if (transport.socket) {
    transport.connect();
    if (state.welcomed) sendJoin();
  } else transport.connect();
}

function leaveRoom(error) {
  const leave = storeOf(state.room).leave();
  if (leave) send(leave);
  state.room = null;
  view.clearTypers();
  transport.release();
  joinView.showForm(error);
  joinView.title(null, 0);
}

function setStatus(status) {
  if ((status === 'reconnecting' || status === 'offline') && state.room && !state.connectionLost) {
    view.announce('Connection lost. Reconnecting…');
    state.connectionLost = true;
  }
  if (status === 'online' && state.connectionLost) {
    view.announce('Reconnected.');
    state.connectionLost = false;
  }
  state.status = status;
  view.status({ state: status, kind: transport.kind, retryAt: transport.retryAt, inRoom: Boolean(state.room) });
}

function storage() {
  try { return window.localStorage; } catch { return null; } // storage disabled: the list lives in memory
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID(); // missing outside secure contexts (plain http)
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  state.idCounter += 1;
  return `c${state.idCounter}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

window.addEventListener('online', () => transport.reconnectNow());
document.addEventListener('visibilitychange', () => {
  if (document.hidden) return;
  state.unread = 0;
  joinView.title(state.room, 0);
  transport.reconnectNow();
});
discoverSignIn().catch(() => {}); // a server without /sign-in is an open one; welcome says it again anyway
window.parley = { state, stores, transport }; // for a look from the console
