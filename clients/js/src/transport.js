// The connection to Parley: a WebSocket, or where WebSocket cannot get through the HTTP fallback (docs/protocol.md,
// Fallback transport); a heartbeat that notices a silent server; reconnects with jittered backoff. It carries text
// and knows nothing of frames beyond the ping it is given. Everything from the platform is injected (WebSocket,
// EventSource, fetch, timers, clock, randomness), so it runs in browsers and in Node 20.
import { SUBPROTOCOL } from './protocol.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * @typedef {'websocket' | 'fallback'} Kind
 * @typedef {{state: 'connecting' | 'reconnecting' | 'offline', kind: Kind, retryAt: number}} Status what the
 *   transport is doing; `retryAt` (ms since the epoch) is when a reconnect starts, while `reconnecting`
 * @typedef {{setTimeout: Function, clearTimeout: Function, setInterval: Function, clearInterval: Function}} Timers
 * @typedef {{socket: string, stream: string, send: string}} Urls the WebSocket endpoint and the fallback's stream
 *   and send URLs
 */

/** @param {string} page the page's address (location.href) @returns {Urls} Parley's URLs relative to it */
export function urlsFor(page) {
  // Relative to the page, so a client also works under a non-root context path.
  const socket = new URL('chat', page);
  socket.protocol = socket.protocol === 'https:' ? 'wss:' : 'ws:';
  socket.search = '';
  socket.hash = '';
  return { socket: socket.href, stream: new URL('fallback/stream', page).href, send: new URL('fallback/send', page).href };
}

/**
 * The fallback as a socket: an EventSource brings the server's frames, POSTs carry ours with the stream's token. It
 * has what Transport uses of a WebSocket: readyState, send, close, onopen, onmessage, onclose.
 */
export class FallbackSocket {
  /** @param {{urls: Urls, EventSource: Function, fetch: Function}} platform */
  constructor({ urls, EventSource, fetch }) {
    this.readyState = CONNECTING;
    this.onopen = this.onmessage = this.onclose = null;
    this.urls = urls;
    this.fetch = (...args) => fetch(...args); // called as a plain function: window.fetch refuses another `this`
    this.token = null;
    this.outgoing = [];
    this.posting = false;
    this.source = new EventSource(urls.stream);
    this.source.addEventListener('token', (event) => {
      this.token = event.data;
      this.readyState = OPEN;
      if (this.onopen) this.onopen();
    });
    this.source.onmessage = (event) => { if (this.onmessage) this.onmessage({ data: event.data }); };
    this.source.addEventListener('close', () => this.close());
    this.source.onerror = () => this.close(); // a new stream is a new connection: no silent EventSource retry
  }

  /** @param {string} text one frame */
  send(text) {
    if (this.readyState !== OPEN) return;
    this.outgoing.push(text);
    this.post();
  }

  // One POST at a time keeps our frames in order; what is sent meanwhile goes in the next one, one frame per line.
  async post() {
    if (this.posting || !this.outgoing.length || this.readyState !== OPEN) return;
    this.posting = true;
    const body = this.outgoing.join('\n');
    this.outgoing = [];
    try {
      const response = await this.fetch(this.urls.send, {
        method: 'POST', body, cache: 'no-store',
        headers: { 'Parley-Token': this.token, 'Content-Type': 'text/plain;charset=UTF-8' },
      });
      if (response.status !== 202) throw new Error(`fallback send answered ${response.status}`);
    } catch {
      this.posting = false;
      this.close(); // frames may be lost: reconnect and recover, as after a WebSocket drop
      return;
    }
    this.posting = false;
    this.post();
  }

  close() {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.source.close();
    if (this.onclose) this.onclose();
  }
}

const browserTimers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t),
  setInterval: (f, ms) => setInterval(f, ms),
  clearInterval: (t) => clearInterval(t),
};

/**
 * One connection at a time, kept open while wanted. WebSocket first; a WebSocket that ends before the caller calls
 * {@link Transport#established} (the upgrade refused, or an open socket that stays silent) is followed at once by the
 * fallback; any connection that ends after it is followed by WebSocket again, after the backoff, since the network
 * may have changed. The backoff is full jitter (a random delay up to a ceiling that doubles per attempt), so clients
 * dropped together do not return together.
 *
 * Events, set as properties: `onOpen()` the connection can carry frames (send what comes before `join` here);
 * `onText(text)` a message from the server; `onDown()` the connection is over (it was closed, fell silent or was
 * given up), before any reconnect starts; `onStatus(status)` see {@link Status}.
 */
export class Transport {
  /**
   * @param {object} options
   * @param {Urls} options.urls
   * @param {Function} options.WebSocket the WebSocket constructor
   * @param {Function} [options.EventSource] the EventSource constructor; without it there is no fallback
   * @param {Function} [options.fetch]
   * @param {string} options.pingText the frame the heartbeat sends
   * @param {Timers} [options.timers]
   * @param {() => number} [options.now]
   * @param {() => number} [options.random] in [0, 1)
   * @param {() => boolean} [options.isOnline] false holds reconnects until {@link Transport#reconnectNow}
   * @param {number} [options.pingEveryMs] a ping after this long
   * @param {number} [options.silenceLimitMs] a connection given up after this long without a word after a ping (or
   *   while connecting)
   * @param {number} [options.backoffBaseMs]
   * @param {number} [options.backoffMaxMs]
   */
  constructor({
    urls, WebSocket, EventSource = null, fetch = null, pingText, timers = browserTimers, now = () => Date.now(),
    random = Math.random, isOnline = () => true, pingEveryMs = 20_000, silenceLimitMs = 10_000, backoffBaseMs = 500,
    backoffMaxMs = 15_000,
  }) {
    Object.assign(this, { urls, WebSocket, EventSource, fetch, pingText, timers, now, random, isOnline });
    Object.assign(this, { pingEveryMs, silenceLimitMs, backoffBaseMs, backoffMaxMs });
    this.onOpen = this.onText = this.onDown = this.onStatus = () => {};
    this.socket = null;
    /** @type {Kind} what the next connection uses */
    this.kind = 'websocket';
    this.wanted = false;
    this.welcomed = false;
    this.attempt = 0;
    this.retryAt = 0;
    this.timer = { retry: 0, ping: 0, silence: 0 };
  }

  /** @returns {boolean} whether a connection is open (frames can be sent) */
  get open() {
    return Boolean(this.socket) && this.socket.readyState === OPEN;
  }

  /** Keeps a connection open from now on: opens one unless there is one. */
  connect() {
    this.wanted = true;
    if (!this.socket) this.#open();
  }

  /** No reconnect once this connection ends (it stays open meanwhile); a waiting reconnect is cancelled. */
  release() {
    this.wanted = false;
    this.#stop('retry');
    if (!this.socket) this.#status('offline');
  }

  /** Ends the connection for good: no reconnect, the current connection closed now (`onDown` follows). */
  close() {
    this.release();
    if (this.socket) {
      this.#abandon();
      this.#status('offline');
    }
  }

  /** Gives the current connection up and opens a new one (a connection keeps its first name). */
  restart() {
    this.wanted = true;
    if (this.socket) this.#abandon();
    this.#open();
  }

  /** Reconnects now if a connection is wanted and none is open or opening (the network is back, the tab is shown). */
  reconnectNow() {
    if (this.wanted && !this.socket) this.#open();
  }

  /** The user asks to retry: as {@link Transport#reconnectNow}, with the backoff started over. */
  retryNow() {
    if (this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  /** The server answered on this connection (`welcome`): it is no reason to fall back when it ends. */
  established() {
    this.welcomed = true;
  }

  /** The connection does what it is for (`joined`): the next reconnect starts from the shortest delay. */
  resetBackoff() {
    this.attempt = 0;
  }

  /** @param {string} text @returns {boolean} whether it was handed to an open connection */
  send(text) {
    if (!this.open) return false;
    this.socket.send(text);
    return true;
  }

  #open() {
    this.#stop('retry');
    const socket = this.kind === 'fallback' && this.EventSource
      ? new FallbackSocket({ urls: this.urls, EventSource: this.EventSource, fetch: this.fetch })
      : new this.WebSocket(this.urls.socket, [SUBPROTOCOL]);
    this.socket = socket;
    this.welcomed = false;
    this.#status('connecting');
    this.#watchSilence(); // also bounds a connect that hangs
    socket.onopen = () => { if (socket === this.socket) { this.#startHeartbeat(); this.onOpen(); } };
    socket.onmessage = (event) => { if (socket === this.socket) { this.#stop('silence'); this.onText(event.data); } };
    socket.onclose = () => { if (socket === this.socket) this.#ended(); };
    // A close follows every error and is what counts; the `ws` package throws an error nobody listens to.
    socket.onerror = () => {};
  }

  #abandon() {
    const socket = this.socket;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close();
    this.#down();
  }

  #down() {
    this.socket = null;
    this.#stop('ping');
    this.#stop('silence');
    this.onDown();
  }

  #ended() {
    const refused = this.kind === 'websocket' && !this.welcomed;
    this.kind = refused && this.EventSource ? 'fallback' : 'websocket';
    this.#down();
    if (!this.wanted) this.#status('offline');
    else if (this.kind === 'fallback' && refused) this.#open();
    else this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    if (!this.isOnline()) { this.#status('offline'); return; } // reconnectNow when the network is back
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** this.attempt);
    const delay = this.random() * ceiling;
    this.attempt += 1;
    this.retryAt = this.now() + delay;
    this.timer.retry = this.timers.setTimeout(() => { this.timer.retry = 0; this.#open(); }, delay);
    this.#status('reconnecting');
  }

  #startHeartbeat() {
    this.#stop('ping');
    this.timer.ping = this.timers.setInterval(() => {
      this.send(this.pingText);
      if (!this.timer.silence) this.#watchSilence();
    }, this.pingEveryMs);
  }

  #watchSilence() {
    this.#stop('silence');
    this.timer.silence = this.timers.setTimeout(() => {
      this.timer.silence = 0;
      const socket = this.socket;
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close();
      this.#ended();
    }, this.silenceLimitMs);
  }

  #stop(name) {
    if (!this.timer[name]) return;
    if (name === 'ping') this.timers.clearInterval(this.timer[name]);
    else this.timers.clearTimeout(this.timer[name]);
    this.timer[name] = 0;
  }

  #status(state) {
    this.onStatus({ state, kind: this.kind, retryAt: this.retryAt });
  }
}
