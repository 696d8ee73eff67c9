// What the live tests share: the server under test (PARLEY_URL, started by JsClientIT), clients on the `ws` package,
// waiting with a deadline, and a TCP proxy that can hold back what the server sends and cut connections.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { connect } from '../src/index.js';

export const url = process.env.PARLEY_URL;
if (!url) throw new Error('PARLEY_URL names the Parley to test, e.g. http://127.0.0.1:8080/ (JsClientIT sets it)');

const clients = [];

/** A client on the `ws` package; closed by closeAll. */
export function client(name, options = {}, address = url) {
  const c = connect(address, { name, WebSocket, ...options });
  clients.push(c);
  return c;
}

export function closeAll() {
  clients.splice(0).forEach((c) => c.close());
}

export function randomRoom() {
  return `it-${randomBytes(6).toString('hex')}`;
}

/** Resolves once `check()` is true; fails with `what` after the timeout. */
export async function waitFor(what, check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves as `promise` does; fails with `what` if it has not settled within the timeout. */
export async function within(what, promise, timeoutMs = 10_000) {
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every message a room reports, as "user: text". */
export function shown(room) {
  const seen = [];
  room.on('message', (m) => seen.push(`${m.user}: ${m.text}`));
  return seen;
}

/**
 * ada and bob in a new room, each at `address` (the server, or a proxy in front of it), joined; for each, the client,
 * the room, what the room shows (`sees`) and its `joined` events (`joins`).
 */
export async function adaAndBob({ ada = url, bob = url } = {}) {
  const room = randomRoom();
  const [a, b] = [['ada', ada], ['bob', bob]].map(([name, address]) => {
    const c = client(name, {}, address);
    const r = c.join(room);
    const joins = [];
    r.on('joined', (j) => joins.push(j));
    return { client: c, room: r, sees: shown(r), joins };
  });
  await within('ada and bob joined', Promise.all([a.room.joined, b.room.joined]));
  return { ada: a, bob: b };
}

/**
 * A TCP proxy in front of the server, at the server's path (a WAR is not always at the root: GlassFish serves an
 * autodeployed one at /parley/). `hold()` keeps what the server sends from reaching the clients (the server
 * took the frame, its answer is lost); `cut()` ends every connection through it, as a network failure does;
 * `refuse(true)` ends every new connection at once, until `refuse(false)`.
 */
export async function proxy() {
  const target = new URL(url);
  const pairs = new Set();
  let holding = false;
  let refusing = false;
  const server = net.createServer((downstream) => {
    if (refusing) { downstream.destroy(); return; }
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair = { downstream, upstream };
    pairs.add(pair);
    downstream.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => { if (!holding) downstream.write(data); });
    const end = () => { pairs.delete(pair); downstream.destroy(); upstream.destroy(); };
    downstream.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${target.pathname}`,
    hold() { holding = true; },
    refuse(on) { refusing = on; },
    cut() {
      holding = false;
      for (const { downstream, upstream } of pairs) { downstream.destroy(); upstream.destroy(); }
      pairs.clear();
    },
    close() { this.cut(); server.close(); },
  };
}
