// Parley's page: the views around one ParleyClient (client.js, the @parley/client library), which keeps the
// connection, signs in, joins, sends with ids and resends, recovers, falls back, pages history and searches. What
// stays here is the page's own: the sign-in form and token fetching (sign-in.js), the rooms list, one room shown at a
// time, and the DOM (docs/architecture.md, The page). Protocol in docs/protocol.md.
import { connect } from './client.js';
import { moderates, removalText, tokenName, tokenSubject } from './protocol.js';
import { RoomList } from './rooms.js';
import { RoomsView } from './rooms-view.js';
import { Badges } from './badges.js';
import { ReadTracker, markerLine } from './reading.js';
import { ChatView, findElements } from './view.js';
import { MessageList } from './message-list.js';
import { JoinView } from './join-view.js';
import { SearchView } from './search-view.js';
import { SignIn, SignInNeeded } from './sign-in.js';

const TYPING_SEND_EVERY_MS = 2500;
const MODERATED = { kick: 'Kicked', ban: 'Banned' };

const state = {
  /** @type {import('./client.js').ParleyClient | null} */
  client: null,
  /** @type {import('./room.js').Room | null} the room shown; null while on the join form */
  room: null,
  off: [],              // removes the shown room's listeners
  self: { name: '', sub: '' }, // the user: the name shown, and the subject (in open mode, the name)
  jwt: false,           // parley.auth=jwt: a token from the host application signs the user in
  maxTextChars: 4000,
  connectionLost: false,
  unread: 0,
  lastTypingSent: 0,
  /** @type {number | null} the read marker when the user started looking at the room shown: the "New messages" line */
  line: null,
  /** @type {Record<string, string>} room to role, from the token (`authenticated.rooms`) */
  grants: {},
  /** @type {Set<object>} rooms joined on the client (shown or not), whose badges this page keeps */
  kept: new Set(),
  /** whether this connection asked for the user's rooms (after its first `joined`: an open-mode user is named then) */
  roomsAsked: false,
};

const els = findElements();
const view = new ChatView(els, {
  send: sendMessage,
  typing: sendTyping,
  leave: () => leaveRoom(),
  retryNow: () => state.client?.transport.retryNow(),
  moderate,
  direct: ({ user, sub }) => openDirect(sub, user),
  editLast,
});
let myRooms = new RoomList(storage());
const roomsView = new RoomsView(els, { open: switchRoom, direct: (user) => openDirect(user, user) });
const list = new MessageList(els, {
  loadEarlier,
  retry: (id) => {
    const text = list.pendingText(id);
    list.removePending(id);
    if (text !== null) post(text); // a refused message was not kept: it goes again under a new id
  },
  discard: (id) => list.removePending(id, { focus: true }),
  react: (seq, emoji) => change((client, room) => client.react(room, seq, emoji)),
  edit: (seq, text) => change((client, room) => client.edit(room, seq, text)),
  delete: (seq) => change((client, room) => client.delete(room, seq)),
  editDone: () => els.text.focus(),
});
const badges = new Badges();
const tracker = new ReadTracker(els.scroller, (seq) => state.room?.read(seq));
const search = new SearchView(els, { search: (q, page) => state.room.search(q, page) });
const joinView = new JoinView(els, joinRoom);
const signIn = new SignIn({ fetch: (...args) => fetch(...args) });

// ---- the client ---------------------------------------------------------

/** The client for this name, made on the first join (a connection keeps its first name: another one starts over). */
function clientFor(name) {
  if (state.client && !state.jwt && state.client.user !== name) {
    state.client.close();
    state.client = null;
  }
  if (state.client) return state.client;
  const client = connect(location.href, {
    name: state.jwt ? null : name,
    token: fetchToken,
    transport: { isOnline: () => navigator.onLine },
  });
  client.on('status', () => setStatus());
  client.on('welcome', onWelcome);
  client.on('authenticated', onAuthenticated);
  client.on('error', onClientError);
  client.on('status', ({ state: now }) => { if (now !== 'online') state.roomsAsked = false; });
  client.on('activity', (activity) => { if (badges.activity(activity)) renderRooms(); });
  client.on('read', ({ room, unread }) => { if (!client.room(room) && badges.set(room, unread)) renderRooms(); });
  state.client = client;
  return client;
}

/** The token getter: a fresh token from the host application on every connection and renewal. */
async function fetchToken() {
  const tokenUrl = state.client?.welcome?.tokenUrl;
  if (!signIn.tokenUrl && typeof tokenUrl === 'string') signIn.tokenUrl = tokenUrl;
  const token = await signIn.token();
  setSelf({ name: tokenName(token), sub: tokenSubject(token) });
  return token;
}

function onWelcome(frame) {
  if (frame.auth === 'jwt') state.jwt = true;
  const max = frame.limits && frame.limits.maxTextChars;
  if (Number.isInteger(max) && max > 0) state.maxTextChars = max;
  view.setMaxTextChars(state.maxTextChars);
  // A server that signed the user in (a container principal) names them; any other name would be refused.
  if (!state.jwt && typeof frame.user === 'string' && frame.user) setSelf({ name: frame.user, sub: frame.user });
}

function onAuthenticated({ user, rooms }) {
  setSelf({ name: user, sub: state.self.sub || user });
  joinView.signedIn(user);
  state.grants = rooms;
  myRooms.know(Object.keys(rooms));
  renderRooms();
}

/** The user's rooms from the server, with their unread counts (and `activity` for them from then on). */
function askRooms(client) {
  client.rooms().then((rooms) => {
    myRooms.know(badges.fromRooms(rooms));
    for (const { room, last } of rooms) { // a direct conversation started elsewhere: named after its other user
      if (room.startsWith('dm.') && last && !last.deleted && (last.sub ?? last.user) !== state.self.sub) myRooms.name(room, last.user);
    }
    for (const room of state.kept) badges.set(room.name, room.readState.unread); // joined here: counted here
    renderRooms();
  }, () => {}); // a server without room lists, or the connection went: the next one asks again
}

function renderRooms() {
  roomsView.render(myRooms, state.room?.name ?? null, badges);
}

function onClientError(error) {
  if (error.cause instanceof SignInNeeded) {
    // Reconnecting cannot help until the user signs in: back to the form (nothing to tell a server not signed in to).
    const client = state.client;
    state.client = null;
    showForm();
    client?.close();
    joinView.signInNeeded(error.cause.message, error.cause.login);
    return;
  }
  view.toast(errorText(error)); // a refused token among them: the server closes, the reconnect fetches a new one
}

function setSelf(self) {
  state.self = self;
  view.self = self.sub;
  list.self = self;
}

// ---- the room shown -------------------------------------------------------

function watch(room) {
  keep(room);
  state.off = [
    room.on('joined', (event) => onJoined(room, event)),
    room.on('message', (message) => onMessage(room, message)),
    ...['edited', 'deleted', 'reaction'].map((type) => room.on(type, ({ message }) => {
      if (message && list.update(message) && !tracker.looking) placeLine();
    })),
    room.on('read', ({ read }) => { if (!els.messages.querySelector('.new-line')) state.line = read; }),
    room.on('presence', (event) => {
      if (event.event === 'leave') view.hideTyper(event.sub);
      showMembers(room);
    }),
    room.on('typing', (typer) => view.showTyper(typer)),
    room.on('pending', ({ id }) => list.pendingStatus(id, 'waiting')),
    room.on('left', ({ reason }) => {
      leaveRoom(removalText(reason, room.name) || `You were taken out of #${room.name}.`);
    }),
    room.on('error', (error) => onRoomError(room, error)),
  ];
}

/**
 * A room joined on the client stays joined while the user looks at another (a `leave` would take it off the user's
 * rooms): its badge follows its own count, and a removal takes it off the list.
 */
function keep(room) {
  if (state.kept.has(room)) return;
  state.kept.add(room);
  room.on('read', ({ unread }) => { if (badges.set(room.name, unread)) renderRooms(); });
  room.on('joined', ({ unread }) => {
    badges.set(room.name, unread);
    renderRooms();
    if (!state.roomsAsked) {
      state.roomsAsked = true;
      askRooms(state.client);
    }
  });
  room.on('left', ({ reason }) => {
    state.kept.delete(room);
    badges.forget(room.name);
    if (reason !== 'kicked') forget(room.name);
    else renderRooms();
  });
}

/** The "New messages" line at the marker as it was when the user started looking. */
function placeLine() {
  markerLine(els.messages, state.line, state.self.sub);
}

/** Edits, deletes and reactions in the room shown; a refusal is a toast. */
function change(act) {
  const room = state.room;
  if (room) act(state.client, room.name).catch((error) => view.toast(errorText(error)));
}

/** ArrowUp in an empty composer: the editor on the user's last message here that is not deleted. */
function editLast() {
  const own = state.room?.messages.filter((m) => !m.deleted && (m.sub ?? m.user) === state.self.sub).at(-1);
  if (own) list.edit(own);
}

function mayModerate(room) {
  return moderates(room.role) || moderates(state.grants[room.name]);
}

function onJoined(room, { reset, read, changed }) {
  if (reset) list.startNewEpoch();
  if (list.moderator !== mayModerate(room)) { // Delete offered on others' messages, or no longer
    list.moderator = mayModerate(room);
    list.showRoom(room.messages.filter((m) => list.placeOf(m) === 'shown'));
  }
  changed.forEach((message) => list.update(message));
  // The history came with `joined` and is in the room already; the message events that follow find it shown.
  list.add(room.messages.filter((m) => list.placeOf(m) !== 'shown').map(added));
  if (state.line === null) state.line = read;
  placeLine();
  tracker.sync(els.messages);
  tracker.flush(); // what was on screen before the join is read now that it can be sent
  showMembers(room);
  myRooms.use({ room: room.name });
  renderRooms();
  showHistoryStart();
  setStatus();
}

function onMessage(room, message) {
  const place = list.placeOf(message);
  if (place === 'shown') return;
  if (place === 'earlier') { list.add([added(message)], 'earlier'); tracker.sync(els.messages); return; }
  if (place === 'between') { list.add([added(message)]); tracker.sync(els.messages); return; }
  const own = list.isPending(message.id);
  list.live(added(message));
  if (!tracker.looking) placeLine();
  tracker.sync(els.messages);
  view.hideTyper(message.sub ?? message.user);
  if (!own && (message.sub ?? message.user) !== state.self.sub) {
    view.announce(`${message.user}: ${message.text}`);
    if (document.hidden) {
      state.unread += 1;
      joinView.title(room.name, state.unread);
    }
  }
}

/** @param {import('./protocol.js').Message} message @returns {import('./store.js').Added} */
function added(message) {
  const mine = typeof message.id === 'string' && list.isPending(message.id);
  return { message, pending: mine ? { id: message.id } : null };
}

/** A room that refused or removed the user leaves the rooms list. @param {string} room */
function forget(room) {
  myRooms.forget(room);
  renderRooms();
}

function showMembers(room) {
  view.members(room.users, { direct: true, moderator: mayModerate(room) });
}

/** A refused join (the room is left already), or an error about the room. */
function onRoomError(room, error) {
  if (error.ref === 'join') {
    if (error.code === 'forbidden') forget(room.name);
    leaveRoom(errorText(error));
    return;
  }
  if (error.ref === 'history') list.loadingEarlier(false);
  view.toast(errorText(error));
}

function errorText(error) {
  switch (error.code) {
    case 'rate_limited': return 'You are sending messages too fast. Wait a moment, then retry.';
    case 'too_large': return `That message is too long (at most ${state.maxTextChars} characters).`;
    default: return error.message || 'Something went wrong.';
  }
}

// ---- what the user does -------------------------------------------------

function sendMessage(text) {
  if (!state.room) return;
  if (text.length > state.maxTextChars) { view.toast(errorText({ code: 'too_large' })); return; }
  post(text);
  state.lastTypingSent = 0;
  view.clearComposer();
  list.scrollToBottom();
}

function post(text) {
  const room = state.room;
  if (!room) return;
  const ack = room.send(text);
  list.addPending(ack.id, text);
  // Confirmed: the message event placed it already, unless the server knew it (a resend): then it is shown once.
  ack.then(() => list.removePending(ack.id), (error) => {
    if (state.room === room) list.pendingStatus(ack.id, 'failed', errorText(error));
  });
}

function sendTyping() {
  const now = Date.now();
  if (state.room?.store.joined && now - state.lastTypingSent >= TYPING_SEND_EVERY_MS) {
    state.lastTypingSent = now;
    state.room.typing();
  }
}

async function loadEarlier() {
  const room = state.room;
  if (!room || !room.store.hasEarlier() || room.store.requests.includes('earlier')) return;
  list.loadingEarlier(true);
  await room.loadEarlier();
  if (state.room !== room) return;
  list.loadingEarlier(false);
  showHistoryStart();
}

function showHistoryStart() {
  const room = state.room;
  const oldest = room.store.oldestSeq();
  list.historyStart({
    label: myRooms.label(room.name), joined: room.store.joined, more: room.store.hasEarlier(),
    atBeginning: oldest <= 1 || oldest === Infinity,
  });
}

/** Kick or ban, by subject; the answer is a toast. */
function moderate(action, { user, sub }) {
  const room = state.room;
  if (!room) return;
  state.client[action](room.name, sub).then(
    () => view.toast(`${MODERATED[action]} ${user}.`),
    (error) => view.toast(errorText(error)));
}

/** Finds the direct conversation with `sub` and opens it, listed as @label. */
function openDirect(sub, label) {
  state.client?.direct(sub).then(({ room }) => {
    myRooms.use({ room, with: label });
    switchRoom(room);
  }, (error) => view.toast(errorText(error)));
}

/** Shows another of the user's rooms, leaving the one shown. @param {string} room */
function switchRoom(room) {
  if (room !== state.room?.name) joinRoom(state.self.name, room);
}

function joinRoom(name, roomName) {
  const client = clientFor(name);
  if (state.room) closeRoom({ leave: false });
  if (!state.jwt) setSelf({ name, sub: name });
  state.unread = 0;
  const room = client.join(roomName);
  state.room = room;
  watch(room);
  client.open();
  joinView.showChat();
  view.show(roomName, myRooms.label(roomName));
  // Joined behind the room shown until now: no `joined` comes to list it first; its members are known already (none
  // before a first join).
  if (room.store.joinedOnce) myRooms.use({ room: roomName });
  showMembers(room);
  renderRooms();
  joinView.title(roomName, 0);
  list.moderator = mayModerate(room);
  list.showRoom(room.messages);
  tracker.reset();
  tracker.sync(els.messages);
  state.line = room.store.joinedOnce ? room.readState.read : null;
  placeLine();
  showHistoryStart();
  setStatus();
}

/**
 * Stops showing the room: its listeners go. Left (`leave`: it is no longer the user's) only when the user says so;
 * another room shown keeps it joined, its badge counting.
 */
function closeRoom({ leave = true } = {}) {
  state.off.forEach((off) => off());
  state.off = [];
  search.close();
  if (leave) {
    state.room.leave();
    state.kept.delete(state.room);
    badges.forget(state.room.name);
  }
  state.room = null;
  view.clearTypers();
}

function leaveRoom(error) {
  if (state.room) closeRoom();
  state.client?.transport.release(); // the connection ends when it ends; no reconnect while on the form
  showForm(error);
}

function showForm(error) {
  if (state.room) closeRoom();
  joinView.showForm(error);
  joinView.title(null, 0);
}

/** The room bar's status: the connection's, and "connecting" until the room shown is joined on it. */
function setStatus() {
  const client = state.client;
  const status = client?.status ?? { state: 'offline', kind: 'websocket' };
  const inRoom = Boolean(state.room);
  const shown = status.state === 'online' && inRoom && !state.room.store.joined ? 'connecting' : status.state;
  if ((shown === 'reconnecting' || shown === 'offline') && inRoom && !state.connectionLost) {
    view.announce('Connection lost. Reconnecting…');
    state.connectionLost = true;
  }
  if (shown === 'online' && state.connectionLost) {
    view.announce('Reconnected.');
    state.connectionLost = false;
  }
  if (shown !== 'online') view.clearTypers();
  view.status({ state: shown, kind: status.kind, retryAt: client?.transport.retryAt ?? 0, inRoom });
}

// ---- signing in (parley.auth=jwt) --------------------------------------

/** Asks the server how it signs users in; with tokens, shows the signed-in user instead of the name field. */
async function discoverSignIn() {
  if (await signIn.discover() !== 'jwt') return;
  state.jwt = true;
  try {
    const token = await signIn.token();
    setSelf({ name: tokenName(token), sub: tokenSubject(token) });
    myRooms = new RoomList(storage(), `parley.rooms.${state.self.sub}`); // one list per user of this browser
    joinView.signedIn(state.self.name);
  } catch (error) {
    if (error instanceof SignInNeeded) joinView.signInNeeded(error.message, error.login);
    else throw error;
  }
}

function storage() {
  try { return window.localStorage; } catch { return null; } // storage disabled: the list lives in memory
}

window.addEventListener('online', () => state.client?.transport.reconnectNow());
document.addEventListener('visibilitychange', () => {
  if (document.hidden) return;
  if (state.client?.status.state === 'online') askRooms(state.client); // rooms started meanwhile, exact counts
  state.unread = 0;
  joinView.title(state.room?.name ?? null, 0);
  state.client?.transport.reconnectNow();
});
discoverSignIn().catch(() => {}); // a server without /sign-in is an open one; welcome says it again anyway
window.parley = { state }; // for a look from the console
