// Fakes of what the platform gives the client modules: timers on a clock that moves only when told, and WebSocket,
// EventSource and fetch whose server side a test plays.

/** Timers on a clock that moves only when told. */
export function fakeClock() {
  let now = 0;
  let next = 1;
  const due = new Map(); // id -> { at, fn, every }
  const set = (every) => (fn, ms) => { const id = next++; due.set(id, { at: now + ms, fn, every: every ? ms : 0 }); return id; };
  const clear = (id) => { due.delete(id); };
  return {
    timers: { setTimeout: set(false), clearTimeout: clear, setInterval: set(true), clearInterval: clear },
    now: () => now,
    pending: () => due.size,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const [id, timer] = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (!timer) break;
        now = timer.at;
        if (timer.every) timer.at += timer.every; else due.delete(id);
        timer.fn();
      }
      now = until;
    },
  };
}

export function fakePlatform() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url, protocols, options) {
      Object.assign(this, { url, protocols, options, readyState: 0, sent: [], closed: false });
      sockets.push(this);
    }
    send(text) { this.sent.push(text); }
    close() { this.closed = true; this.readyState = 3; }
    // what the server side does
    accept() { this.readyState = 1; this.onopen?.(); }
    say(text) { this.onmessage?.({ data: text }); }
    drop() { this.readyState = 3; this.onclose?.(); }
  }
  const streams = [];
  class FakeEventSource {
    constructor(url, init) { Object.assign(this, { url, init, listeners: {}, closed: false }); streams.push(this); }
    addEventListener(type, fn) { this.listeners[type] = fn; }
    close() { this.closed = true; }
  }
  const posts = [];
  const answers = []; // statuses the next POSTs get; 202 when none is left
  const fetch = async (url, init) => { posts.push({ url, init }); return { status: answers.shift() ?? 202 }; };
  return { sockets, streams, posts, answers, WebSocket: FakeWebSocket, EventSource: FakeEventSource, fetch };
}
