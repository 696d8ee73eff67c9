'use strict';
// Parley's protocol subset on Node.js `ws`, written the way a Node developer would: one process, one event loop,
// a Map of rooms, JSON.stringify once per broadcast and the same string sent to every member.
// Spoken: welcome, join/joined (members, seq, last 50 messages), presence join/leave, message with per-room seq,
// ack, ping/pong, error. Not spoken: leave, typing, history, `since` recovery. No rate limit (Parley has one; the
// benchmark raises it out of the way). A member whose send buffer passes 4 MiB is dropped, as Parley drops a
// member whose outbox is full. Run: node [--expose-gc] server.js [port]   (GET /stats: memory, after a GC if exposed)
// It never selects a WebSocket subprotocol: a client offering `parley.batch` gets one frame per message.
const http = require('http');
const crypto = require('crypto');
const { WebSocketServer, WebSocket } = require('ws');

const PORT = Number(process.argv[2] || process.env.PORT || 8099);
const HOST = process.env.HOST || '127.0.0.1';
const MAX_TEXT = 4000;
const MAX_PAYLOAD = 65536;
const HISTORY = 500;
const JOIN_HISTORY = 50;
const MAX_BUFFERED = 4 * 1024 * 1024;
const ROOM_RE = /^[A-Za-z0-9_.-]{1,64}$/;

const rooms = new Map(); // name -> { members: Map<ws, user>, names: Map<user, count>, seq, history: [] }

const server = http.createServer((req, res) => {
  if (req.url === '/stats' || req.url === '/stats?nogc=1') {
    // ?nogc=1: the connection count without the collection (polled while a storm's clients disconnect)
    if (global.gc && req.url === '/stats') global.gc();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ...process.memoryUsage(), connections: wss.clients.size, rooms: rooms.size }));
    return;
  }
  res.statusCode = 404;
  res.end();
});

// handleProtocols: select no subprotocol. Left unset, ws selects the first one the client offers, so a client
// offering `parley.batch` would be told the baseline batches, which it does not: it sends one frame per message.
const wss = new WebSocketServer({ server, path: '/chat', maxPayload: MAX_PAYLOAD, handleProtocols: () => false });

function send(ws, frame) {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

function broadcast(room, data, except) {
  for (const member of room.members.keys()) {
    if (member === except || member.readyState !== WebSocket.OPEN) continue;
    if (member.bufferedAmount > MAX_BUFFERED) {
      member.terminate(); // too slow to keep up
      continue;
    }
    member.send(data);
  }
}

function error(ws, code, message, ref) {
  const frame = { type: 'error', code, message };
  if (ref !== undefined) frame.ref = String(ref).slice(0, 64);
  send(ws, frame);
}

function join(ws, msg) {
  if (typeof msg.room !== 'string' || !ROOM_RE.test(msg.room)) return error(ws, 'bad_request', 'bad room', 'join');
  if (ws.user === undefined) {
    if (typeof msg.name !== 'string' || msg.name.trim() === '' || msg.name.length > 32) {
      return error(ws, 'bad_request', 'name is required on the first join', 'join');
    }
    ws.user = msg.name;
  } else if (msg.name != null && msg.name !== ws.user) {
    return error(ws, 'bad_request', `this connection is already named '${ws.user}'`, 'join');
  }
  let room = rooms.get(msg.room);
  if (!room) {
    room = { name: msg.room, members: new Map(), names: new Map(), seq: 0, history: [] };
    rooms.set(msg.room, room);
  }
  const isNew = !room.members.has(ws);
  let arrives = false;
  if (isNew) {
    room.members.set(ws, ws.user);
    const count = (room.names.get(ws.user) || 0) + 1;
    room.names.set(ws.user, count);
    arrives = count === 1;
    ws.rooms.add(room);
  }
  send(ws, {
    type: 'joined', room: room.name, user: ws.user, members: [...room.names.keys()].sort(), seq: room.seq,
    history: room.history.slice(-JOIN_HISTORY), recovered: false,
  });
  if (arrives) {
    broadcast(room, JSON.stringify({ type: 'presence', room: room.name, event: 'join', user: ws.user,
      members: room.names.size }), ws);
  }
}

function leaveAll(ws) {
  for (const room of ws.rooms) {
    room.members.delete(ws);
    const count = room.names.get(ws.user) - 1;
    if (count === 0) {
      room.names.delete(ws.user);
      broadcast(room, JSON.stringify({ type: 'presence', room: room.name, event: 'leave', user: ws.user,
        members: room.names.size }));
    } else {
      room.names.set(ws.user, count);
    }
  }
  ws.rooms.clear();
}

function post(ws, msg) {
  const room = rooms.get(msg.room);
  if (!room || !room.members.has(ws)) return error(ws, 'not_joined', `not in room '${msg.room}'`, msg.id ?? 'message');
  if (typeof msg.text !== 'string' || msg.text.length === 0) return error(ws, 'bad_request', 'text is required', msg.id ?? 'message');
  if (msg.text.length > MAX_TEXT) return error(ws, 'too_large', `text is longer than ${MAX_TEXT} characters`, msg.id ?? 'message');
  const ts = new Date().toISOString();
  const seq = ++room.seq;
  const message = { type: 'message', room: room.name, seq };
  if (msg.id != null) message.id = String(msg.id);
  message.user = ws.user;
  message.text = msg.text;
  message.ts = ts;
  room.history.push(message);
  if (room.history.length > HISTORY) room.history.shift();
  const ack = { type: 'ack' };
  if (msg.id != null) ack.id = String(msg.id);
  ack.room = room.name;
  ack.seq = seq;
  ack.ts = ts;
  send(ws, ack);
  broadcast(room, JSON.stringify(message));
}

wss.on('connection', (ws) => {
  ws.rooms = new Set();
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('error', () => {});
  send(ws, {
    type: 'welcome', session: crypto.randomBytes(9).toString('base64url'),
    limits: { maxTextChars: MAX_TEXT, maxFrameBytes: MAX_PAYLOAD, messagesPerSecond: 0 },
  });
  ws.on('message', (data, isBinary) => {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return error(ws, 'bad_request', 'not JSON');
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return error(ws, 'bad_request', 'not an object');
    switch (msg.type) {
      case 'join': return join(ws, msg);
      case 'message': return post(ws, msg);
      case 'ping': return send(ws, { type: 'pong' });
      default: return error(ws, 'bad_request', `unknown type '${msg.type}'`, msg.type);
    }
  });
  ws.on('close', () => leaveAll(ws));
});

// Heartbeat as in the ws README: drop connections that did not answer the last ping.
const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 25000);
wss.on('close', () => clearInterval(heartbeat));

server.listen(PORT, HOST, () => console.log(`baseline listening on ws://${HOST}:${PORT}/chat`));
