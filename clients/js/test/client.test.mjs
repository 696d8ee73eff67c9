// ParleyClient on fake sockets and a fake clock, the test playing the server: joining, acks, a reconnect that
// recovers with since and epoch and sends unconfirmed messages again under their ids, errors routed to the right
// promise, and the auth sign-in with its renewal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect, ParleyError } from '../src/index.js';
import { fakeClock, fakePlatform } from './fakes.mjs';

const TS = '2026-11-23T10:15:30.123Z';

function start(options = {}) {
  const clock = fakeClock();
  const platform = fakePlatform();
  const client = connect('http://chat.example:8080/', {
    name: 'ada', WebSocket: platform.WebSocket, EventSource: platform.EventSource, fetch: platform.fetch,
    transport: { timers: clock.timers, now: clock.now, random: () => 0.5 }, ...options,
  });
  const server = {
    get socket() { return platform.sockets.at(-1); },
    /** The frames the client sent on the latest socket, parsed. */
    sent() { return this.socket.sent.map((text) => JSON.parse(text)); },
    say(frame) { this.socket.say(JSON.stringify(frame)); },
    open(welcome = {}) {
      this.socket.accept();
      this.say({ type: 'welcome', session: 's1', limits: { maxTextChars: 4000 }, ...welcome });
    },
  };
  return { client, clock, platform, server };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

function message(seq, user, text, id) {
  return { type: 'message', room: 'lobby', seq, user, text, ts: TS, ...(id ? { id } : {}) };
}

test('joins after welcome, reports history and live messages once each, and resolves a send with its ack', async () => {
  const { client, server } = start();
  const room = client.join('lobby');
  const shown = [];
  room.on('message', (m) => shown.push(`${m.seq} ${m.user}: ${m.text}`));
  let joined = null;
  room.on('joined', (event) => { joined = event; });
  const welcomes = [];
  client.on('welcome', (w) => welcomes.push(w.session));
  server.open();
  assert.deepEqual(welcomes, ['s1']);
  assert.deepEqual(server.sent(), [{ type: 'join', room: 'lobby', name: 'ada' }]);
  assert.deepEqual(client.status, { state: 'online', kind: 'websocket' });

  server.say({
    type: 'joined', room: 'lobby', user: 'ada', members: ['ada', 'bob'], seq: 1, epoch: 'e1', recovered: false,
    history: [message(1, 'bob', 'hi')],
  });
  await room.joined;
  assert.deepEqual(joined, {
    recovered: false, reset: false, members: ['ada', 'bob'], seq: 1, epoch: 'e1', role: null,
    users: [{ user: 'ada', sub: 'ada' }, { user: 'bob', sub: 'bob' }], read: 0, unread: 0, changed: [],
  });

  const ack = room.send('hello');
  const [, sent] = server.sent();
  assert.equal(sent.type, 'message');
  assert.equal(sent.text, 'hello');
  assert.ok(sent.id.length > 0 && sent.id.length <= 64);
  server.say({ type: 'ack', id: sent.id, room: 'lobby', seq: 2, ts: TS });
  server.say(message(2, 'ada', 'hello', sent.id)); // the echo
  assert.deepEqual(await ack, { id: sent.id, seq: 2, ts: TS });
  assert.deepEqual(shown, ['1 bob: hi', '2 ada: hello']);
  assert.deepEqual(room.messages.map((m) => m.seq), [1, 2]);
  client.close();
});

test('after a drop it rejoins with since and epoch, sends the unconfirmed message again with its id, and shows it once', async () => {
  const { client, clock, server } = start();
  const room = client.join('lobby');
  const shown = [];
  room.on('message', (m) => shown.push(m.seq));
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 4, epoch: 'e1', recovered: false, history: [] });
  const ack = room.send('are you there?');
  const { id } = server.sent()[1];
  server.socket.drop(); // the server recorded it as seq 5, the ack never came

  clock.advance(1_000); // the backoff (a quarter second for the first retry)
  server.open();
  assert.deepEqual(server.sent(), [{ type: 'join', room: 'lobby', name: 'ada', since: 4, epoch: 'e1' }]);
  server.say({
    type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 5, epoch: 'e1', recovered: true,
    history: [message(5, 'ada', 'are you there?', id)],
  });
  // Found in the recovered history: confirmed, and not sent again.
  assert.deepEqual(await ack, { id, seq: 5, ts: TS });
  assert.deepEqual(server.sent().slice(1), []);
  assert.deepEqual(shown, [5]);

  const second = room.send('still here');
  const resentId = server.sent()[1].id;
  server.socket.drop();
  clock.advance(1_000);
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 5, epoch: 'e1', recovered: true, history: [] });
  assert.deepEqual(server.sent()[1], { type: 'message', room: 'lobby', text: 'still here', id: resentId });
  server.say({ type: 'ack', id: resentId, room: 'lobby', seq: 6, ts: TS });
  server.say(message(6, 'ada', 'still here', resentId));
  assert.equal((await second).seq, 6);
  assert.deepEqual(shown, [5, 6]);
  client.close();
});

test('a gap in the live messages asks for the missing ones; a new epoch says reset', async () => {
  const { client, clock, server } = start();
  const room = client.join('lobby');
  const events = [];
  room.on('joined', (e) => events.push(`joined reset=${e.reset} recovered=${e.recovered}`));
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 2, epoch: 'e1', recovered: false, history: [] });
  server.say(message(5, 'bob', 'late'));
  assert.deepEqual(server.sent()[1], { type: 'history', room: 'lobby', before: 5, limit: 2 });
  server.say({ type: 'history', room: 'lobby', messages: [message(3, 'bob', 'a'), message(4, 'bob', 'b')] });
  assert.deepEqual(room.messages.map((m) => m.seq), [3, 4, 5]);

  server.socket.drop();
  clock.advance(1_000);
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 1, epoch: 'e2', recovered: false, history: [message(1, 'bob', 'new')] });
  assert.deepEqual(events, ['joined reset=false recovered=false', 'joined reset=true recovered=false']);
  assert.deepEqual(room.messages.map((m) => m.text), ['new']);
  client.close();
});

test('errors reach the promise or room they concern', async () => {
  const { client, clock, server } = start();
  const room = client.join('lobby');
  const other = client.join('x');
  const errors = [];
  client.on('error', (e) => errors.push(e.code));
  server.open();
  server.say({ type: 'error', code: 'bad_request', message: 'room full', ref: 'join' }); // lobby's join, sent first
  await assert.rejects(room.joined, (e) => e instanceof ParleyError && e.code === 'bad_request');
  assert.equal(client.room('lobby'), undefined);

  server.say({ type: 'joined', room: 'x', user: 'ada', members: ['ada'], seq: 0, epoch: 'e1', recovered: false, history: [] });
  const tooLong = other.send('x'.repeat(10));
  server.say({ type: 'error', code: 'too_large', message: 'too long', ref: server.sent().at(-1).id });
  await assert.rejects(tooLong, (e) => e.code === 'too_large');

  const waiting = other.send('later');
  const { id } = server.sent().at(-1);
  server.say({ type: 'error', code: 'unavailable', message: 'try later', ref: id });
  const before = server.sent().length;
  clock.advance(4_000); // at most twice unavailableRetryMs
  assert.deepEqual(server.sent().slice(before), [{ type: 'message', room: 'x', text: 'later', id }]);
  server.say({ type: 'ack', id, room: 'x', seq: 1, ts: TS });
  assert.equal((await waiting).seq, 1);

  const secret = client.join('secret');
  server.say({ type: 'error', code: 'forbidden', message: 'private room', ref: 'join' });
  await assert.rejects(secret.joined, (e) => e.code === 'forbidden');
  assert.equal(client.room('secret'), undefined);
  const busy = client.join('busy');
  server.say({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'join' });
  const sentBefore = server.sent().length;
  clock.advance(4_000);
  assert.deepEqual(server.sent().slice(sentBefore), [{ type: 'join', room: 'busy', name: 'ada' }], 'asked again later');
  busy.leave();

  server.say({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'typing' });
  assert.deepEqual(errors, ['rate_limited']);
  const left = other.send('bye');
  other.leave();
  await assert.rejects(left, (e) => e.code === 'left');
  assert.deepEqual(server.sent().at(-1), { type: 'leave', room: 'x' });
  client.close();
});

test('signs in with the token getter when welcome asks, joins as the token user, and renews before expiry', async () => {
  let issued = 0;
  const { client, clock, server } = start({ name: null, token: async () => `token-${++issued}` });
  client.join('lobby');
  const signedIn = [];
  client.on('authenticated', (a) => signedIn.push(a.user));
  server.open({ auth: 'jwt' });
  await settled();
  assert.deepEqual(server.sent(), [{ type: 'auth', token: 'token-1' }]);

  const expires = new Date(clock.now() + 300_000).toISOString();
  server.say({ type: 'authenticated', user: 'carol', expires, rooms: {} });
  assert.deepEqual(server.sent()[1], { type: 'join', room: 'lobby', name: 'carol' });
  assert.equal(client.user, 'carol');

  for (let i = 0; i < 239; i++) { // the server answers the heartbeat's pings
    clock.advance(1_000);
    if (server.sent().at(-1).type === 'ping') server.say({ type: 'pong' });
  }
  await settled();
  const sentFrames = () => server.sent().filter((f) => f.type !== 'ping');
  assert.equal(sentFrames().length, 2, 'not yet: a minute before expiry');
  clock.advance(1_000);
  await settled();
  assert.deepEqual(sentFrames()[2], { type: 'auth', token: 'token-2' });
  server.say({ type: 'authenticated', user: 'carol', expires: new Date(clock.now() + 300_000).toISOString(), rooms: {} });
  assert.equal(sentFrames().length, 3, 'a renewal does not join again');
  assert.deepEqual(signedIn, ['carol', 'carol']);
  client.close();
});

test('a server that asks for a token from a client without one gets an error, and the client closes', async () => {
  const { client, server } = start();
  const errors = [];
  client.on('error', (e) => errors.push(e.code));
  server.open({ auth: 'jwt' });
  await settled();
  assert.deepEqual(errors, ['unauthorized']);
  assert.equal(server.socket.closed, true);
  assert.equal(client.status.state, 'offline');
});

test('in Node it sends the server origin (ws option and fallback fetch); given origin: null, none', async () => {
  const { client, platform } = start();
  assert.equal(platform.sockets[0].url, 'ws://chat.example:8080/chat');
  assert.deepEqual(platform.sockets[0].options, { origin: 'http://chat.example:8080' });
  platform.sockets[0].drop(); // refused before welcome: the fallback
  const [stream] = platform.streams;
  assert.equal(stream.url, 'http://chat.example:8080/fallback/stream');
  await stream.init.fetch('http://chat.example:8080/fallback/stream', { headers: { Accept: 'text/event-stream' } });
  stream.listeners.token({ data: 't1' });
  client.transport.send('{"type":"ping"}');
  await settled();
  const [opened, posted] = platform.posts;
  assert.equal(opened.init.headers.get('Origin'), 'http://chat.example:8080');
  assert.equal(opened.init.headers.get('Accept'), 'text/event-stream');
  assert.equal(posted.url, 'http://chat.example:8080/fallback/send');
  assert.equal(posted.init.headers.get('Origin'), 'http://chat.example:8080');
  assert.equal(posted.init.headers.get('Parley-Token'), 't1');
  client.close();
  const bare = start({ origin: null });
  assert.equal(bare.platform.sockets[0].options, undefined);
  bare.client.close();
});

test('a ws: or wss: address works as the http one', () => {
  const secure = fakePlatform();
  const client = connect('wss://chat.example/app/', { name: 'ada', WebSocket: secure.WebSocket });
  assert.equal(secure.sockets[0].url, 'wss://chat.example/app/chat');
  assert.deepEqual(secure.sockets[0].options, { origin: 'https://chat.example' });
  client.close();
});

test('loadEarlier asks for the page before the oldest message and resolves with it; presence and typing are events', async () => {
  const { client, server } = start();
  const room = client.join('lobby');
  const events = [];
  room.on('presence', (p) => events.push(`${p.event} ${p.user} ${p.members.join(',')}`));
  room.on('typing', (t) => events.push(`typing ${t.user}`));
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 6, epoch: 'e1', recovered: false, history: [message(5, 'bob', 'e'), message(6, 'bob', 'f')] });
  const earlier = room.loadEarlier();
  assert.deepEqual(server.sent().at(-1), { type: 'history', room: 'lobby', before: 5, limit: 50 });
  server.say({ type: 'history', room: 'lobby', messages: [message(3, 'bob', 'c'), message(4, 'bob', 'd')] });
  assert.deepEqual((await earlier).map((m) => m.seq), [3, 4]);
  assert.deepEqual(room.messages.map((m) => m.seq), [3, 4, 5, 6]);

  server.say({ type: 'presence', room: 'lobby', event: 'join', user: 'bob', members: 2 });
  server.say({ type: 'typing', room: 'lobby', user: 'bob' });
  server.say({ type: 'presence', room: 'lobby', event: 'leave', user: 'bob', members: 1 });
  assert.deepEqual(events, ['join bob ada,bob', 'typing bob', 'leave bob ada']);
  client.close();
});

test('search resolves with the search answer, fails with its error, and a ref named like an object key is no request', async () => {
  const { client, server } = start();
  const room = client.join('lobby');
  const errors = [];
  client.on('error', (e) => errors.push(e.ref));
  await assert.rejects(room.search('early'), (e) => e.code === 'not_joined');
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 9, epoch: 'e1', recovered: false, history: [] });
  const found = room.search('hello world', { before: 9, limit: 2 });
  assert.deepEqual(server.sent().at(-1), { type: 'search', room: 'lobby', q: 'hello world', before: 9, limit: 2 });
  server.say({ type: 'search', room: 'lobby', q: 'hello world', messages: [message(7, 'bob', 'hello world'), { junk: true }] });
  assert.deepEqual((await found).map((m) => m.seq), [7]);

  const refused = room.search('x');
  server.say({ type: 'error', code: 'bad_request', message: 'no archive', ref: 'search' });
  await assert.rejects(refused, (e) => e.code === 'bad_request');
  server.say({ type: 'error', code: 'bad_request', message: 'odd', ref: 'constructor' });
  assert.deepEqual(errors, ['constructor']);
  client.close();
});

test('direct asks once connected and resolves with the conversation; its refusal fails it; a drop fails what is unanswered', async () => {
  const { client, clock, server } = start({ name: null, token: () => 'token-1' });
  const found = client.direct('u-bob');
  const events = [];
  client.on('direct', (d) => events.push(d.room));
  server.open({ auth: 'jwt' });
  await settled();
  server.say({ type: 'authenticated', user: 'Ada', expires: new Date(clock.now() + 600_000).toISOString(), rooms: {} });
  assert.deepEqual(server.sent().at(-1), { type: 'direct', user: 'u-bob' }, 'sent after authenticated');
  server.say({ type: 'direct', user: 'u-bob', room: 'dm.0123' });
  assert.deepEqual(await found, { user: 'u-bob', room: 'dm.0123' });
  assert.deepEqual(events, ['dm.0123']);

  const refused = client.direct('u-bob\u0007');
  server.say({ type: 'error', code: 'bad_request', message: 'control characters', ref: 'direct' });
  await assert.rejects(refused, (e) => e instanceof ParleyError && e.code === 'bad_request' && e.ref === 'direct');

  const lost = client.direct('u-carol');
  server.socket.drop();
  await assert.rejects(lost, (e) => e.code === 'disconnected');
  client.close();
});

test('kick, ban, unban and role resolve with moderated, fail with forbidden, and a moderated is an event', async () => {
  const { client, server } = start();
  const room = client.join('staff');
  const done = [];
  client.on('moderated', (m) => done.push(`${m.action} ${m.user}`));
  server.open();
  server.say({
    type: 'joined', room: 'staff', user: 'ada', members: ['ada', 'eve'], seq: 0, epoch: 'e1', recovered: false,
    history: [], role: 'owner', users: [{ user: 'ada', sub: 'u-ada' }, { user: 'eve', sub: 'u-eve' }],
  });
  await room.joined;
  assert.equal(room.role, 'owner');

  const banned = client.ban('staff', 'u-eve');
  const kicked = client.kick('staff', 'u-mallory');
  assert.deepEqual(server.sent().slice(-2), [
    { type: 'ban', room: 'staff', user: 'u-eve' }, { type: 'kick', room: 'staff', user: 'u-mallory' }]);
  server.say({ type: 'error', code: 'forbidden', message: 'same role', ref: 'kick' });
  server.say({ type: 'moderated', action: 'ban', room: 'staff', user: 'u-eve' });
  assert.deepEqual(await banned, { action: 'ban', room: 'staff', user: 'u-eve' });
  await assert.rejects(kicked, (e) => e.code === 'forbidden' && e.ref === 'kick');

  const unbanned = client.unban('staff', 'u-eve');
  const made = client.role('staff', 'u-eve', 'moderator');
  const unmade = client.role('staff', 'u-bob', null);
  assert.deepEqual(server.sent().slice(-3), [
    { type: 'unban', room: 'staff', user: 'u-eve' },
    { type: 'role', room: 'staff', user: 'u-eve', role: 'moderator' },
    { type: 'role', room: 'staff', user: 'u-bob', role: null }]);
  server.say({ type: 'moderated', action: 'role', room: 'staff', user: 'u-bob' }); // answers in any order
  server.say({ type: 'moderated', action: 'unban', room: 'staff', user: 'u-eve' });
  server.say({ type: 'moderated', action: 'role', room: 'staff', user: 'u-eve' });
  assert.equal((await unbanned).action, 'unban');
  assert.equal((await made).user, 'u-eve');
  assert.equal((await unmade).user, 'u-bob');
  assert.deepEqual(done, ['ban u-eve', 'role u-bob', 'unban u-eve', 'role u-eve']);
  client.close();
});

test('users by subject: joined.users, presence and typing with sub; two users may share a name', async () => {
  const { client, server } = start({ name: 'Sam' });
  const room = client.join('lobby');
  const events = [];
  room.on('presence', (p) => events.push(`${p.event} ${p.user}/${p.sub} ${p.members.join(',')}`));
  room.on('typing', (t) => events.push(`typing ${t.user}/${t.sub}`));
  server.open();
  server.say({
    type: 'joined', room: 'lobby', user: 'Sam', members: ['Sam'], seq: 0, epoch: 'e1', recovered: false, history: [],
    users: [{ user: 'Sam', sub: 'u-1' }],
  });
  server.say({ type: 'presence', room: 'lobby', event: 'join', user: 'Sam', sub: 'u-2', members: 2 });
  assert.deepEqual(room.users, [{ user: 'Sam', sub: 'u-1' }, { user: 'Sam', sub: 'u-2' }]);
  assert.deepEqual(room.members, ['Sam', 'Sam']);
  server.say({ type: 'typing', room: 'lobby', user: 'Sam', sub: 'u-2' });
  server.say({ type: 'message', room: 'lobby', seq: 1, user: 'Sam', sub: 'u-2', text: 'the other Sam', ts: TS });
  server.say({ type: 'presence', room: 'lobby', event: 'leave', user: 'Sam', sub: 'u-2', members: 1 });
  assert.deepEqual(room.users, [{ user: 'Sam', sub: 'u-1' }]);
  assert.equal(room.messages[0].sub, 'u-2');
  // a server that sends names only (no sub): the name is the subject
  server.say({ type: 'presence', room: 'lobby', event: 'join', user: 'bob', members: 2 });
  assert.deepEqual(events, [
    'join Sam/u-2 Sam,Sam', 'typing Sam/u-2', 'leave Sam/u-2 Sam', 'join bob/bob Sam,bob']);
  client.close();
});

test('left with a reason: the room is left, its unconfirmed sends fail with the reason, and it can be joined again', async () => {
  const { client, server } = start();
  const room = client.join('staff');
  const reasons = [];
  room.on('left', (l) => reasons.push(l.reason));
  server.open();
  server.say({ type: 'joined', room: 'staff', user: 'ada', members: ['ada'], seq: 0, epoch: 'e1', recovered: false, history: [] });
  const unconfirmed = room.send('one more thing');
  server.say({ type: 'left', room: 'staff', reason: 'banned' });
  await assert.rejects(unconfirmed, (e) => e.code === 'banned');
  assert.deepEqual(reasons, ['banned']);
  assert.equal(client.room('staff'), undefined);
  const sent = server.sent().length;
  room.leave(); // nothing to leave: not sent
  assert.equal(server.sent().length, sent);

  const again = client.join('staff');
  assert.notEqual(again, room);
  assert.deepEqual(server.sent().at(-1), { type: 'join', room: 'staff', name: 'ada' });
  server.say({ type: 'joined', room: 'staff', user: 'ada', members: ['ada'], seq: 0, epoch: 'e1', recovered: false, history: [] });
  server.say({ type: 'left', room: 'staff', reason: 'revoked' });
  server.say({ type: 'left', room: 'staff' }); // a late answer to a leave: nothing happens
  assert.deepEqual(reasons, ['banned']);
  client.close();
});

test('send gives the client id at once; a message the server cannot take now is a pending event; client.search', async () => {
  const { client, server } = start();
  const room = client.join('lobby');
  const pending = [];
  room.on('pending', (p) => pending.push(p));
  server.open();
  server.say({ type: 'joined', room: 'lobby', user: 'ada', members: ['ada'], seq: 0, epoch: 'e1', recovered: false, history: [] });
  const ack = room.send('hi');
  assert.equal(ack.id, server.sent().at(-1).id);
  server.say({ type: 'error', code: 'unavailable', message: 'try later', ref: ack.id });
  assert.deepEqual(pending, [{ id: ack.id, state: 'waiting' }]);
  await assert.rejects(client.search('elsewhere', 'x'), (e) => e.code === 'not_joined');
  const found = client.search('lobby', 'hi');
  assert.deepEqual(server.sent().at(-1), { type: 'search', room: 'lobby', q: 'hi' });
  server.say({ type: 'search', room: 'lobby', q: 'hi', messages: [{ type: 'message', room: 'lobby', seq: 3, user: 'bob', text: 'hi', ts: TS }] });
  assert.deepEqual((await found).map((m) => m.seq), [3]);
  client.close();
  await assert.rejects(ack, (e) => e.code === 'closed');
});

/** A client joined to lobby (messages 1 by bob and 2 by ada), read up to 2. */
async function joinedLobby(options) {
  const started = start(options);
  const room = started.client.join('lobby');
  started.server.open();
  started.server.say({
    type: 'joined', room: 'lobby', user: 'ada', members: ['ada', 'bob'], seq: 2, epoch: 'e1', recovered: false,
    rev: 3, read: 2, unread: 0, history: [message(1, 'bob', 'hi'), message(2, 'ada', 'typo')],
  });
  await room.joined;
  return { ...started, room };
}

test('edit, delete and react send their frames and resolve with the answer to every connection', async () => {
  const { client, server, room } = await joinedLobby();
  const events = [];
  for (const type of ['edited', 'deleted', 'reaction']) room.on(type, (e) => events.push([type, e.seq, e.message]));
  const edit = client.edit('lobby', 2, 'fixed');
  const remove = client.delete('lobby', 1);
  const react = client.react('lobby', 2, ':tada:');
  assert.deepEqual(server.sent().slice(-3), [
    { type: 'edit', room: 'lobby', seq: 2, text: 'fixed' }, { type: 'delete', room: 'lobby', seq: 1 },
    { type: 'react', room: 'lobby', seq: 2, emoji: ':tada:' }]);
  // bob's reaction to the same message settles nothing of ada's
  server.say({ type: 'reaction', room: 'lobby', seq: 2, rev: 4, emoji: ':tada:', user: 'bob', sub: 'bob', on: true });
  server.say({ type: 'edited', room: 'lobby', seq: 2, rev: 5, text: 'fixed', editedAt: TS });
  server.say({ type: 'deleted', room: 'lobby', seq: 1, rev: 6 });
  server.say({ type: 'reaction', room: 'lobby', seq: 2, rev: 7, emoji: ':tada:', user: 'ada', sub: 'ada', on: true });
  assert.deepEqual(await edit, { room: 'lobby', seq: 2, rev: 5, text: 'fixed', editedAt: TS });
  assert.deepEqual(await remove, { room: 'lobby', seq: 1, rev: 6 });
  assert.equal((await react).sub, 'ada');
  assert.deepEqual(room.messages, [
    { type: 'message', room: 'lobby', seq: 1, deleted: true },
    { ...message(2, 'ada', 'fixed'), editedAt: TS, reactions: { ':tada:': ['bob', 'ada'] } }]);
  assert.deepEqual(events.map(([type, seq]) => `${type} ${seq}`), ['reaction 2', 'edited 2', 'deleted 1', 'reaction 2']);
  assert.deepEqual(events[1][2], { ...message(2, 'ada', 'fixed'), editedAt: TS, reactions: { ':tada:': ['bob'] } });
  client.close();
});

test('a refused edit fails with the server\'s code; a change in a room not joined fails at once', async () => {
  const { client, server } = await joinedLobby();
  const edit = client.edit('lobby', 1, 'not mine');
  server.say({ type: 'error', code: 'forbidden', message: 'only the author may edit', ref: 'edit' });
  await assert.rejects(edit, (e) => e instanceof ParleyError && e.code === 'forbidden');
  await assert.rejects(client.react('elsewhere', 1, ':eyes:'), (e) => e.code === 'not_joined');
  const pending = client.delete('lobby', 2);
  server.socket.drop();
  await assert.rejects(pending, (e) => e.code === 'disconnected');
  client.close();
});

test('reading sends read past the marker only; a read from another tab, messages and deletes move the count', async () => {
  const { client, server, room } = await joinedLobby();
  const seen = [];
  room.on('read', (state) => seen.push([state.read, state.unread]));
  const elsewhere = [];
  client.on('read', (e) => elsewhere.push(e));
  server.say(message(3, 'bob', 'one'));
  server.say(message(4, 'bob', 'two'));
  server.say(message(5, 'ada', 'mine'));
  assert.deepEqual(room.readState, { read: 2, unread: 2 });
  assert.equal(client.read('lobby', 3), true);
  assert.equal(client.read('lobby', 3), false);
  assert.deepEqual(server.sent().filter((f) => f.type === 'read'), [{ type: 'read', room: 'lobby', seq: 3 }]);
  server.say({ type: 'read', room: 'lobby', seq: 5, unread: 0 });
  assert.deepEqual(elsewhere, [{ room: 'lobby', seq: 5, unread: 0 }]);
  server.say(message(6, 'bob', 'three'));
  server.say({ type: 'deleted', room: 'lobby', seq: 6, rev: 4 });
  assert.deepEqual(seen, [[2, 1], [2, 2], [3, 1], [5, 0], [5, 1], [5, 0]]);
  client.close();
});

test('rooms resolves with the list and is an event; activity is an event of the client', async () => {
  const { client, server } = await joinedLobby();
  const heard = [];
  client.on('rooms', (e) => heard.push(e.rooms.length));
  client.on('activity', (e) => heard.push(e));
  const list = client.rooms();
  assert.deepEqual(server.sent().at(-1), { type: 'rooms' });
  const rooms = [{ room: 'lobby', seq: 2, read: 2, unread: 0, last: message(2, 'ada', 'typo') }, { room: 'dev', seq: 0, read: 0, unread: 0 }];
  server.say({ type: 'rooms', rooms });
  assert.deepEqual(await list, rooms);
  server.say({ type: 'activity', room: 'dev', seq: 1 });
  assert.deepEqual(heard, [2, { room: 'dev', seq: 1 }]);
  client.close();
  await assert.rejects(client.rooms(), (e) => e.code === 'disconnected');
});

test('signed in with a token, the user\'s subject is its sub: own reactions and messages are told by it', async () => {
  const claims = Buffer.from(JSON.stringify({ sub: 'u-1', name: 'Ada' })).toString('base64url');
  const { client, server } = start({ name: null, token: () => `h.${claims}.s` });
  const room = client.join('lobby');
  server.open({ auth: 'jwt' });
  await settled();
  server.say({ type: 'authenticated', user: 'Ada', expires: null, rooms: {} });
  assert.equal(client.sub, 'u-1');
  server.say({ type: 'joined', room: 'lobby', user: 'Ada', seq: 0, epoch: 'e1', rev: 0, read: 0, unread: 0, history: [] });
  server.say({ ...message(1, 'Ada', 'mine'), sub: 'u-1' });
  server.say({ ...message(2, 'Ada', 'another Ada'), sub: 'u-2' });
  assert.deepEqual(room.readState, { read: 0, unread: 1 });
  client.close();
});
