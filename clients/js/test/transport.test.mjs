// The transport with fake sockets and a fake clock: WebSocket first, the fallback when it is refused, jittered
// backoff, the heartbeat that gives a silent connection up, and no reconnect once released.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Transport, urlsFor } from '../src/transport.js';
import { fakeClock, fakePlatform } from './fakes.mjs';

function makeTransport(extra = {}) {
  const clock = fakeClock();
  const platform = fakePlatform();
  const transport = new Transport({
    urls: urlsFor('https://chat.example/app/index.html?room=x'), WebSocket: platform.WebSocket,
    EventSource: platform.EventSource, fetch: platform.fetch, pingText: '{"type":"ping"}', timers: clock.timers,
    now: clock.now, random: () => 0.5, ...extra,
  });
  const log = [];
  transport.onOpen = () => log.push('open');
  transport.onText = (text) => log.push(`text ${text}`);
  transport.onDown = () => log.push('down');
  transport.onStatus = (s) => log.push(`${s.state} ${s.kind}`);
  return { transport, clock, platform, log };
}

/** The latest socket opens, the server welcomes, then the connection drops. */
function dropAfterWelcome({ transport, platform }) {
  const socket = platform.sockets.at(-1);
  socket.accept();
  transport.established();
  socket.drop();
}

test('urls follow the page: wss for https, under its context path', () => {
  assert.deepEqual(urlsFor('https://chat.example/app/index.html?room=x#y'), {
    socket: 'wss://chat.example/app/chat', stream: 'https://chat.example/app/fallback/stream',
    send: 'https://chat.example/app/fallback/send',
  });
  assert.equal(urlsFor('http://localhost:8080/').socket, 'ws://localhost:8080/chat');
});

test('connects over WebSocket offering parley.batch, delivers texts, sends while open', () => {
  const { transport, platform, log } = makeTransport();
  assert.equal(transport.send('x'), false, 'nothing open yet');
  transport.connect();
  const [ws] = platform.sockets;
  assert.equal(ws.url, 'wss://chat.example/app/chat');
  assert.deepEqual(ws.protocols, ['parley.batch']);
  assert.equal(typeof ws.onerror, 'function', 'listened to: the ws package throws an error nobody listens to');
  ws.accept();
  ws.say('{"type":"welcome"}');
  assert.equal(transport.send('{"type":"ping"}'), true);
  assert.deepEqual(ws.sent, ['{"type":"ping"}']);
  assert.deepEqual(log, ['connecting websocket', 'open', 'text {"type":"welcome"}']);
});

test('a WebSocket refused before welcome is followed at once by the fallback; its end, after backoff, by WebSocket', async () => {
  const { transport, clock, platform, log } = makeTransport();
  transport.connect();
  platform.sockets[0].drop(); // the upgrade refused
  assert.equal(platform.streams.length, 1, 'the fallback at once');
  const stream = platform.streams[0];
  assert.equal(stream.url, 'https://chat.example/app/fallback/stream');
  stream.listeners.token({ data: 'tok' });
  transport.established();
  stream.onmessage({ data: '{"type":"welcome"}' });
  assert.equal(transport.send('{"type":"join"}'), true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(platform.posts[0].init.headers['Parley-Token'], 'tok');
  assert.equal(platform.posts[0].init.body, '{"type":"join"}');
  stream.onerror(); // the stream ends after welcome
  assert.equal(stream.closed, true);
  assert.equal(transport.kind, 'websocket');
  assert.equal(platform.sockets.length, 1, 'not at once');
  clock.advance(250); // random 0.5 of the first ceiling, 500 ms
  assert.equal(platform.sockets.length, 2, 'WebSocket again after the backoff');
  assert.deepEqual(log.filter((l) => !l.startsWith('text')), ['connecting websocket', 'down', 'connecting fallback',
    'open', 'down', 'reconnecting websocket', 'connecting websocket']);
});

test('the backoff ceiling doubles per attempt up to the maximum, and starts over after resetBackoff', () => {
  const delays = [];
  const { transport, clock, platform } = makeTransport({ random: () => 0.999, EventSource: null });
  transport.connect();
  for (let i = 0; i < 7; i += 1) {
    dropAfterWelcome({ transport, platform });
    delays.push(Math.round(transport.retryAt - clock.now()));
    clock.advance(transport.retryAt - clock.now());
  }
  assert.deepEqual(delays, [500, 999, 1998, 3996, 7992, 14985, 14985]);
  transport.resetBackoff();
  dropAfterWelcome({ transport, platform });
  assert.equal(Math.round(transport.retryAt - clock.now()), 500);
});

test('full jitter: the delay is a random fraction of the ceiling', () => {
  const { transport, clock, platform } = makeTransport({ random: () => 0.1 });
  transport.connect();
  dropAfterWelcome({ transport, platform });
  assert.equal(transport.retryAt - clock.now(), 50);
});

test('a ping after pingEveryMs; silence for silenceLimitMs after it gives the connection up and reconnects', () => {
  const { transport, clock, platform, log } = makeTransport();
  transport.connect();
  const ws = platform.sockets[0];
  ws.accept();
  ws.say('{"type":"welcome"}');
  transport.established();
  clock.advance(20_000);
  assert.deepEqual(ws.sent, ['{"type":"ping"}']);
  ws.say('{"type":"pong"}'); // answered: alive
  clock.advance(20_000);
  assert.equal(ws.sent.length, 2);
  clock.advance(9_999);
  assert.equal(ws.closed, false, 'not yet');
  clock.advance(1);
  assert.equal(ws.closed, true, 'given up');
  assert.ok(log.includes('down'));
  assert.equal(log.at(-1), 'reconnecting websocket');
  clock.advance(250);
  assert.equal(platform.sockets.length, 2);
});

test('a connect that hangs is given up after silenceLimitMs, and the fallback tried', () => {
  const { transport, clock, platform } = makeTransport();
  transport.connect();
  clock.advance(10_000);
  assert.equal(platform.sockets[0].closed, true);
  assert.equal(platform.streams.length, 1);
});

test('released: the connection stays until it ends, then no reconnect; connect wants one again', () => {
  const { transport, clock, platform, log } = makeTransport();
  transport.connect();
  platform.sockets[0].accept();
  transport.established();
  transport.release();
  assert.equal(transport.open, true);
  platform.sockets[0].drop();
  assert.equal(log.at(-1), 'offline websocket');
  clock.advance(60_000);
  assert.equal(platform.sockets.length, 1);
  assert.equal(clock.pending(), 0, 'no timer left behind');
  transport.connect();
  assert.equal(platform.sockets.length, 2);
});

test('offline: no reconnect timer until reconnectNow', () => {
  let online = false;
  const { transport, clock, platform, log } = makeTransport({ isOnline: () => online });
  transport.connect();
  dropAfterWelcome({ transport, platform });
  assert.equal(log.at(-1), 'offline websocket');
  clock.advance(60_000);
  assert.equal(platform.sockets.length, 1);
  online = true;
  transport.reconnectNow();
  assert.equal(platform.sockets.length, 2);
});

test('restart gives the current connection up (its late events ignored) and opens a new one', () => {
  const { transport, platform, log } = makeTransport();
  transport.connect();
  const first = platform.sockets[0];
  first.accept();
  transport.restart();
  assert.equal(first.closed, true);
  assert.equal(platform.sockets.length, 2);
  first.onclose?.();
  first.say?.('late');
  assert.equal(log.filter((l) => l === 'down').length, 1);
  assert.ok(!log.includes('text late'));
});

test('retryNow during the backoff does nothing while a socket is opening, and connects at once when none is', () => {
  const { transport, clock, platform } = makeTransport({ random: () => 0.999 });
  transport.connect();
  dropAfterWelcome({ transport, platform });
  transport.retryNow();
  assert.equal(platform.sockets.length, 2, 'at once, not after the backoff');
  transport.retryNow();
  assert.equal(platform.sockets.length, 2);
  clock.advance(10_000);
  assert.equal(platform.streams.length, 1, 'the second socket never answered: given up, the fallback tried');
});

test('the fallback posts one frame per line, one POST at a time, and a refused POST ends the connection', async () => {
  const { transport, clock, platform, log } = makeTransport();
  transport.connect();
  platform.sockets[0].drop();
  const stream = platform.streams[0];
  stream.listeners.token({ data: 'tok' });
  transport.established();
  transport.send('a');
  transport.send('b'); // while the first POST is out
  transport.send('c');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(platform.posts.map((p) => p.init.body), ['a', 'b\nc']);
  platform.answers.push(403); // the token no longer valid, say
  transport.send('d');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stream.closed, true, 'frames may be lost: the connection ends, to be recovered after a reconnect');
  assert.equal(log.at(-1), 'reconnecting websocket');
  clock.advance(250);
  assert.equal(platform.sockets.length, 2);
});
