// Parley browser client: one WebSocket per tab (or, where WebSocket cannot get through, the HTTP fallback),
// protocol in docs/protocol.md.
'use strict';

(() => {
  const NAME_MAX = 32;
  const ROOM_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
  const NAME_FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
  const TYPING_SEND_EVERY_MS = 2500;
  const TYPING_SHOW_MS = 5000;
  const PING_EVERY_MS = 20000;
  const SILENCE_LIMIT_MS = 10000;
  const BACKOFF_BASE_MS = 500;
  const BACKOFF_MAX_MS = 15000;
  const HISTORY_PAGE = 50;
  const HISTORY_MAX = 200;
  const GROUP_WITHIN_MS = 5 * 60 * 1000;
  const NEAR_BOTTOM_PX = 80;
  const STORAGE_KEYS = { name: 'parley.name', room: 'parley.room' };
  // Several frames per message, one per line: fewer messages in busy rooms (docs/protocol.md, Batching).
  const SUBPROTOCOL = 'parley.batch';

  const els = {};

  const state = {
    socket: null,         // a WebSocket, or a FallbackSocket that behaves like one
    transport: 'websocket', // what the next connect uses; see nextTransport
    connection: 0,        // counts sockets, so a pending message knows whether it went out on this one
    welcomed: false,
    sentName: null,       // the server binds the first joined name to the socket
    status: 'offline',
    connectionLost: false,
    limits: { maxTextChars: 4000 },
    name: '',
    room: null,           // the room the user wants to be in; null while on the join form
    inRoom: false,        // a `joined` arrived on the current socket
    rooms: new Map(),     // room -> { lastSeq, messages: Map<seq, message>, joinedOnce, exhausted }
    pending: new Map(),   // client id -> { id, room, text, el, sentOn, failed }
    historyRequests: [],  // 'earlier' | 'gap', answered in order by `history` frames
    members: new Set(),
    typers: new Map(),    // name -> timer that hides the indicator
    lastTypingSent: 0,
    attempt: 0,
    retryAt: 0,
    unread: 0,
    idCounter: 0,
    timers: { retry: 0, countdown: 0, ping: 0, silence: 0, toast: 0, unavailable: 0 },
  };

  // ---- connection -------------------------------------------------------

  function socketUrl() {
    // Relative to the page, so the client also works under a non-root context path.
    const url = new URL('chat', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '';
    url.hash = '';
    return url.href;
  }

  function connect() {
    stopTimer('retry');
    stopTimer('countdown');
    const ws = state.transport === 'fallback' ? new FallbackSocket() : new WebSocket(socketUrl(), [SUBPROTOCOL]);
    Object.assign(state, { socket: ws, welcomed: false, sentName: null, inRoom: false, historyRequests: [] });
    state.connection += 1;
    setStatus('connecting');
    watchSilence(); // also bounds a connect that hangs
    ws.onopen = () => { if (ws === state.socket) startHeartbeat(); };
    ws.onmessage = (event) => { if (ws === state.socket) receive(event.data); };
    ws.onclose = () => { if (ws === state.socket) onDisconnected(); };
  }

  function abandonSocket() {
    const ws = state.socket;
    if (!ws) return;
    state.socket = null;
    stopTimer('ping');
    stopTimer('silence');
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.close();
  }

  function onDisconnected() {
    const fallBackNow = nextTransport();
    Object.assign(state, { socket: null, welcomed: false, inRoom: false });
    stopTimer('ping');
    stopTimer('silence');
    clearTypers();
    if (fallBackNow) connect();
    else if (state.room) scheduleReconnect(); else setStatus('offline');
  }

  // WebSocket first. A WebSocket that ends before `welcome` (the upgrade refused, or an open socket that stays silent
  // for SILENCE_LIMIT_MS) is followed at once by the fallback; any connection that ends is followed by WebSocket again,
  // after the usual backoff, since the network may have changed. Returns whether to connect over the fallback now.
  function nextTransport() {
    const refused = state.transport === 'websocket' && !state.welcomed;
    state.transport = refused ? 'fallback' : 'websocket';
    return refused && Boolean(state.room);
  }

  function scheduleReconnect() {
    if (!navigator.onLine) { setStatus('offline'); return; } // the `online` event reconnects
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** state.attempt);
    const delay = Math.random() * ceiling; // full jitter: clients dropped together do not return together
    state.attempt += 1;
    state.retryAt = Date.now() + delay;
    state.timers.retry = setTimeout(connect, delay);
    state.timers.countdown = setInterval(renderStatus, 1000);
    setStatus('reconnecting');
  }

  function reconnectNow() {
    if (state.room && !state.socket) connect();
  }

  function startHeartbeat() {
    stopTimer('ping');
    state.timers.ping = setInterval(() => {
      send({ type: 'ping' });
      if (!state.timers.silence) watchSilence();
    }, PING_EVERY_MS);
  }

  function watchSilence() {
    stopTimer('silence');
    state.timers.silence = setTimeout(() => { abandonSocket(); onDisconnected(); }, SILENCE_LIMIT_MS);
  }

  function stopTimer(key) {
    clearTimeout(state.timers[key]);
    clearInterval(state.timers[key]);
    state.timers[key] = 0;
  }

  function send(frame) {
    const ws = state.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  // With parley.batch a message holds frames separated by newlines; no frame contains a raw one, so a server that
  // did not select it (one frame per message) is read the same way.
  function receive(data) {
    stopTimer('silence');
    for (const line of data.split('\n')) {
      let frame;
      try { frame = JSON.parse(line); } catch { continue; }
      if (frame && typeof frame.type === 'string') handleFrame(frame);
    }
  }

  // ---- fallback transport -----------------------------------------------

  // Where WebSocket cannot get through, the same frames go over HTTP (docs/protocol.md, Fallback transport): an
  // EventSource brings the server's, POSTs carry ours with the stream's token. It looks like a WebSocket to the rest of
  // this file: readyState, send, close, onopen, onmessage, onclose.
  class FallbackSocket {
    constructor() {
      this.readyState = WebSocket.CONNECTING;
      this.onopen = this.onmessage = this.onclose = null;
      this.token = null;
      this.outgoing = [];
      this.posting = false;
      this.source = new EventSource(new URL('fallback/stream', location.href));
      this.source.addEventListener('token', (event) => {
        this.token = event.data;
        this.readyState = WebSocket.OPEN;
        if (this.onopen) this.onopen();
      });
      this.source.onmessage = (event) => { if (this.onmessage) this.onmessage({ data: event.data }); };
      this.source.addEventListener('close', () => this.close());
      this.source.onerror = () => this.close(); // a new stream is a new connection: no silent EventSource retry
    }

    send(text) {
      if (this.readyState !== WebSocket.OPEN) return;
      this.outgoing.push(text);
      this.post();
    }

    // One POST at a time keeps our frames in order; what is sent meanwhile goes in the next one, one frame per line.
    async post() {
      if (this.posting || !this.outgoing.length || this.readyState !== WebSocket.OPEN) return;
      this.posting = true;
      const body = this.outgoing.join('\n');
      this.outgoing = [];
      try {
        const response = await fetch(new URL('fallback/send', location.href), {
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
      if (this.readyState === WebSocket.CLOSED) return;
      this.readyState = WebSocket.CLOSED;
      this.source.close();
      if (this.onclose) this.onclose();
    }
  }

  // ---- frames -----------------------------------------------------------

  function handleFrame(frame) {
    if (frame.room !== undefined && frame.room !== state.room) return; // late frame for a room we left
    switch (frame.type) {
      case 'welcome': onWelcome(frame); break;
      case 'joined': onJoined(frame); break;
      case 'message': onMessage(frame); break;
      case 'ack': onAck(frame); break;
      case 'history': onHistory(frame); break;
      case 'presence': onPresence(frame); break;
      case 'typing': showTyper(frame.user); break;
      case 'error': onError(frame); break;
      default: break; // left, pong, and frame types newer than this client
    }
  }

  function onWelcome(frame) {
    state.welcomed = true;
    // A server that signed the user in names them; any other name would be refused.
    if (typeof frame.user === 'string' && frame.user) state.name = frame.user;
    const max = frame.limits && frame.limits.maxTextChars;
    if (Number.isInteger(max) && max > 0) state.limits.maxTextChars = max;
    els.text.maxLength = state.limits.maxTextChars;
    updateCounter();
    if (state.room) sendJoin();
  }

  function sendJoin() {
    const store = roomStore(state.room);
    const frame = { type: 'join', room: state.room, name: state.name };
    if (store.joinedOnce) {
      frame.since = store.lastSeq;
      if (store.epoch) frame.epoch = store.epoch; // a restarted server or a freed room has another epoch
    }
    state.sentName = state.name;
    setStatus('connecting');
    send(frame);
  }

  function onJoined(frame) {
    const store = roomStore(frame.room);
    const history = Array.isArray(frame.history) ? frame.history : [];
    const members = Array.isArray(frame.members) ? frame.members : [];
    Object.assign(state, { inRoom: true, attempt: 0, members: new Set(members) });
    keepPinned(() => {
      if (store.joinedOnce && !frame.recovered) startNewEpoch(store);
      history.forEach((message) => addMessage(store, message));
    });
    store.lastSeq = Number.isInteger(frame.seq) ? frame.seq : store.lastSeq;
    store.epoch = typeof frame.epoch === 'string' ? frame.epoch : null;
    store.joinedOnce = true;
    setStatus('online');
    renderMembers();
    updateHistoryStart();
    flushPending();
  }

  function onMessage(message) {
    const store = roomStore(message.room);
    if (!Number.isInteger(message.seq) || message.seq <= store.lastSeq) return; // duplicate
    if (message.seq > store.lastSeq + 1) requestGap(store, message.seq);
    store.lastSeq = message.seq;
    const pinned = isNearBottom();
    addMessage(store, message);
    hideTyper(message.user);
    if (pinned) scrollToBottom(); else els.jump.hidden = false;
    if (message.user !== state.sentName) {
      announce(`${message.user}: ${message.text}`);
      if (document.hidden) { state.unread += 1; updateTitle(); }
    }
  }

  function onAck(frame) {
    const pending = state.pending.get(frame.id);
    if (!pending || !Number.isInteger(frame.seq)) return;
    keepPinned(() => addMessage(roomStore(frame.room), {
      type: 'message', room: frame.room, seq: frame.seq, id: frame.id, user: state.sentName, text: pending.text, ts: frame.ts,
    }));
  }

  function requestGap(store, seq) {
    const missing = seq - store.lastSeq - 1;
    state.historyRequests.push('gap');
    send({ type: 'history', room: state.room, before: seq, limit: Math.min(HISTORY_MAX, missing) });
  }

  function loadEarlier() {
    if (state.historyRequests.includes('earlier') || !state.inRoom) return;
    state.historyRequests.push('earlier');
    els.loadEarlier.setAttribute('aria-busy', 'true');
    send({ type: 'history', room: state.room, before: oldestSeq(roomStore(state.room)), limit: HISTORY_PAGE });
  }

  function onHistory(frame) {
    const store = roomStore(frame.room);
    const messages = Array.isArray(frame.messages) ? frame.messages : [];
    const add = () => messages.forEach((message) => addMessage(store, message));
    if (state.historyRequests.shift() === 'earlier') {
      store.exhausted = messages.length < HISTORY_PAGE;
      keepOffsetFromBottom(add);
      els.loadEarlier.removeAttribute('aria-busy');
    } else {
      keepPinned(add);
    }
    updateHistoryStart();
  }

  function onPresence(frame) {
    if (frame.event === 'join') state.members.add(frame.user);
    if (frame.event === 'leave') { state.members.delete(frame.user); hideTyper(frame.user); }
    renderMembers();
  }

  function onError(frame) {
    const text = errorText(frame);
    if (frame.ref === 'join' && frame.code === 'bad_request') { leaveRoom(text); return; }
    if (frame.ref === 'history') {
      state.historyRequests.shift();
      els.loadEarlier.removeAttribute('aria-busy');
    }
    const pending = state.pending.get(frame.ref);
    if (frame.code === 'unavailable') {
      // The server could not reach its store: nothing is wrong with the frame. A message stays pending and goes out
      // again with its id (shown once either way), a join is asked again; the connection stays.
      if (pending) {
        pending.sentOn = 0;
        setPendingStatus(pending, el('span', null, 'Waiting for the server…'));
      }
      if (frame.ref === 'join') state.inRoom = false;
      retryWhenAvailable();
      return;
    }
    if (frame.code === 'not_joined') {
      if (pending) pending.sentOn = 0; // goes out again after the rejoin
      if (state.inRoom) { state.inRoom = false; sendJoin(); }
    } else if (pending) {
      markFailed(pending, text); // shown on the message itself, no toast needed
      return;
    }
    showToast(text);
  }

  function retryWhenAvailable() {
    if (state.timers.unavailable) return;
    state.timers.unavailable = setTimeout(() => {
      state.timers.unavailable = 0;
      if (!state.socket || !state.welcomed) return; // a reconnect rejoins and resends by itself
      if (!state.inRoom) sendJoin(); else flushPending();
    }, 2000 + Math.random() * 2000);
  }

  function errorText(frame) {
    switch (frame.code) {
      case 'rate_limited': return 'You are sending messages too fast. Wait a moment, then retry.';
      case 'too_large': return `That message is too long (at most ${state.limits.maxTextChars} characters).`;
      case 'not_joined': return 'You were not in the room any more. Rejoining…';
      default: return typeof frame.message === 'string' && frame.message ? frame.message : 'Something went wrong.';
    }
  }

  // ---- messages ---------------------------------------------------------

  function roomStore(room) {
    if (!state.rooms.has(room)) {
      state.rooms.set(room, { lastSeq: 0, messages: new Map(), joinedOnce: false, exhausted: false });
    }
    return state.rooms.get(room);
  }

  function oldestSeq(store) {
    return store.messages.size ? Math.min(...store.messages.keys()) : Infinity;
  }

  function isMessage(m) {
    return m && Number.isInteger(m.seq) && typeof m.user === 'string' && typeof m.text === 'string';
  }

  function addMessage(store, message) {
    if (!isMessage(message) || store.messages.has(message.seq)) return;
    store.messages.set(message.seq, message);
    const pending = message.user === state.sentName && state.pending.get(message.id);
    if (pending && pending.room === message.room) {
      state.pending.delete(message.id);
      fillMessage(pending.el, message);
      place(pending.el, message.seq);
    } else {
      place(buildMessage(message), message.seq);
    }
  }

  // After a non-recovered rejoin the seq numbers may have restarted (server restart), so the messages on
  // screen keep their place but leave the seq order, and a separator marks the possible hole.
  function startNewEpoch(store) {
    for (const li of els.messages.querySelectorAll('li[data-seq]')) {
      delete li.dataset.seq;
      li.classList.add('stale');
    }
    store.messages.clear();
    store.exhausted = false;
    const separator = el('li', 'separator', 'Some earlier messages may be missing');
    place(separator, Infinity);
  }

  // Keeps the list sorted by seq; pending messages stay at the end, older epochs at the top.
  function place(li, seq) {
    const oldNext = li.parentNode ? li.nextElementSibling : null;
    let node = els.messages.lastElementChild;
    while (node && (node === li || node.classList.contains('pending') || Number(node.dataset.seq) > seq)) {
      node = node.previousElementSibling;
    }
    els.messages.insertBefore(li, node ? node.nextElementSibling : els.messages.firstElementChild);
    [li, li.nextElementSibling, oldNext].forEach(regroup);
  }

  function regroup(li) {
    if (!li || !li.classList.contains('msg')) return;
    const prev = li.previousElementSibling;
    const continued = Boolean(prev && prev.classList.contains('msg') && prev.dataset.user === li.dataset.user
      && Math.abs(Number(li.dataset.time) - Number(prev.dataset.time)) < GROUP_WITHIN_MS);
    li.classList.toggle('cont', continued);
  }

  function buildMessage(message) {
    const li = el('li', 'msg');
    const avatar = el('span', 'avatar', initial(message.user));
    avatar.setAttribute('aria-hidden', 'true');
    const meta = el('p', 'meta');
    meta.append(el('span', 'author', message.user), el('time'));
    const body = el('div', 'body');
    body.append(meta, el('p', 'text', message.text));
    li.append(avatar, body);
    fillMessage(li, message);
    return li;
  }

  function fillMessage(li, message) {
    const when = message.ts ? new Date(message.ts) : new Date();
    li.dataset.user = message.user;
    li.dataset.time = String(when.getTime());
    if (message.seq !== undefined) li.dataset.seq = String(message.seq);
    li.classList.toggle('own', message.user === (state.sentName || state.name));
    li.style.setProperty('--hue', String(hue(message.user)));
    const time = li.querySelector('time');
    time.textContent = message.ts ? formatTime(when) : '';
    if (message.ts) {
      time.dateTime = message.ts;
      time.title = when.toLocaleString();
    }
    if (message.seq !== undefined) {
      li.classList.remove('pending', 'failed');
      li.querySelector('.msg-status')?.remove();
    }
  }

  function formatTime(date) {
    if (Number.isNaN(date.getTime())) return '';
    const sameDay = date.toDateString() === new Date().toDateString();
    const options = sameDay ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
    return date.toLocaleString([], options);
  }

  function renderRoom() {
    const store = roomStore(state.room);
    els.messages.replaceChildren();
    [...store.messages.values()].sort((a, b) => a.seq - b.seq).forEach((m) => place(buildMessage(m), m.seq));
    updateHistoryStart();
    scrollToBottom();
  }

  function updateHistoryStart() {
    const store = roomStore(state.room);
    const oldest = oldestSeq(store);
    const more = state.inRoom && oldest > 1 && oldest !== Infinity && !store.exhausted;
    let note = '';
    if (!more && state.inRoom && !els.messages.querySelector('.stale')) {
      note = oldest <= 1 || oldest === Infinity ? `This is the beginning of #${state.room}.` : 'Earlier messages are no longer kept.';
    }
    if (!more && document.activeElement === els.loadEarlier) els.scroller.focus();
    els.loadEarlier.hidden = !more;
    els.historyNote.textContent = note;
    els.historyNote.hidden = !note;
  }

  // ---- sending ----------------------------------------------------------

  function sendMessage() {
    const text = els.text.value.trim();
    if (!text || !state.room) return;
    if (text.length > state.limits.maxTextChars) { showToast(errorText({ code: 'too_large' })); return; }
    const pending = { id: newId(), room: state.room, text, sentOn: 0, failed: false, el: null };
    pending.el = buildMessage({ user: state.name, text });
    pending.el.classList.add('pending');
    state.pending.set(pending.id, pending);
    els.messages.append(pending.el);
    regroup(pending.el);
    transmit(pending);
    els.text.value = '';
    state.lastTypingSent = 0;
    onComposerChange();
    scrollToBottom();
  }

  function transmit(pending) {
    pending.failed = false;
    pending.el.classList.remove('failed');
    setPendingStatus(pending, el('span', null, 'Sending…'));
    if (state.inRoom && send({ type: 'message', room: pending.room, text: pending.text, id: pending.id })) {
      pending.sentOn = state.connection;
    }
  }

  // Sent on an earlier socket and not in the rejoin history: send it again with the same id. If the server did
  // record it before the drop, the resend only brings back its ack, and the room shows it once (protocol: Resending).
  function flushPending() {
    for (const pending of state.pending.values()) {
      if (pending.room === state.room && !pending.failed && pending.sentOn !== state.connection) transmit(pending);
    }
  }

  function markFailed(pending, reason) {
    pending.failed = true;
    pending.el.classList.add('failed');
    const retry = el('button', 'link-button', 'Retry');
    retry.type = 'button';
    retry.addEventListener('click', () => transmit(pending));
    const discard = el('button', 'link-button', 'Delete');
    discard.type = 'button';
    discard.addEventListener('click', () => discardPending(pending));
    setPendingStatus(pending, el('span', null, `Not sent: ${reason}`), retry, discard);
  }

  function discardPending(pending) {
    const next = pending.el.nextElementSibling;
    pending.el.remove();
    state.pending.delete(pending.id);
    regroup(next);
    els.text.focus();
  }

  function setPendingStatus(pending, ...parts) {
    pending.el.querySelector('.msg-status')?.remove();
    const status = el('p', 'msg-status');
    status.append(...parts);
    pending.el.querySelector('.body').append(status);
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID(); // missing outside secure contexts (plain http)
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    state.idCounter += 1;
    return `c${state.idCounter}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  function onComposerChange() {
    els.text.style.height = 'auto';
    els.text.style.height = `${els.text.scrollHeight}px`;
    updateCounter();
  }

  function onComposerInput() {
    onComposerChange();
    const now = Date.now();
    if (state.inRoom && els.text.value.trim() && now - state.lastTypingSent >= TYPING_SEND_EVERY_MS) {
      state.lastTypingSent = now;
      send({ type: 'typing', room: state.room });
    }
  }

  function onComposerKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendMessage();
    }
  }

  function updateCounter() {
    const used = els.text.value.length;
    const max = state.limits.maxTextChars;
    els.counter.textContent = used ? `${used} / ${max}` : '';
    els.counter.classList.toggle('near', used > max * 0.9);
  }

  // ---- typing, members, status -----------------------------------------

  function showTyper(user) {
    if (typeof user !== 'string' || user === state.sentName) return;
    clearTimeout(state.typers.get(user));
    state.typers.set(user, setTimeout(() => hideTyper(user), TYPING_SHOW_MS));
    renderTypers();
  }

  function hideTyper(user) {
    if (!state.typers.has(user)) return;
    clearTimeout(state.typers.get(user));
    state.typers.delete(user);
    renderTypers();
  }

  function clearTypers() {
    state.typers.forEach((timer) => clearTimeout(timer));
    state.typers.clear();
    renderTypers();
  }

  function renderTypers() {
    const names = [...state.typers.keys()];
    const text = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing`
        : names.length === 2 ? `${names[0]} and ${names[1]} are typing`
          : `${names[0]}, ${names[1]} and ${names.length - 2} more are typing`;
    els.typing.textContent = text;
    els.typing.classList.toggle('active', Boolean(text));
  }

  function renderMembers() {
    const names = [...state.members].filter((n) => typeof n === 'string').sort((a, b) => a.localeCompare(b));
    els.members.replaceChildren(...names.map((name) => {
      const li = el('li', 'member');
      const avatar = el('span', 'avatar', initial(name));
      avatar.setAttribute('aria-hidden', 'true');
      li.style.setProperty('--hue', String(hue(name)));
      li.append(avatar, el('span', 'member-name', name));
      if (name === state.sentName) li.append(el('span', 'you', 'you'));
      return li;
    }));
    els.memberCount.textContent = String(names.length);
    els.memberBadge.textContent = String(names.length);
  }

  function setStatus(status) {
    if ((status === 'reconnecting' || status === 'offline') && state.room && !state.connectionLost) {
      announce('Connection lost. Reconnecting…');
      state.connectionLost = true;
    }
    if (status === 'online' && state.connectionLost) {
      announce('Reconnected.');
      state.connectionLost = false;
    }
    if (status !== 'reconnecting') stopTimer('countdown');
    state.status = status;
    renderStatus();
  }

  function renderStatus() {
    const online = state.transport === 'fallback' ? 'Online · via HTTP' : 'Online';
    const labels = { connecting: 'Connecting…', online, offline: 'Offline' };
    const seconds = Math.max(1, Math.ceil((state.retryAt - Date.now()) / 1000));
    els.status.dataset.state = state.status;
    els.status.dataset.transport = state.transport;
    els.status.title = state.transport === 'fallback' ? 'WebSocket is blocked on this network: using plain HTTP' : '';
    els.chatView.dataset.online = String(state.status === 'online');
    els.statusText.textContent = labels[state.status] || `Reconnecting in ${seconds}s`;
    els.retryNow.hidden = !state.room || !['reconnecting', 'offline'].includes(state.status);
  }

  // ---- views ------------------------------------------------------------

  function joinRoom(name, room) {
    if (state.sentName && state.sentName !== name) abandonSocket(); // a socket keeps its first name
    Object.assign(state, { name, room, inRoom: false, unread: 0 });
    showChatView();
    renderRoom();
    if (!state.socket) connect();
    else if (state.welcomed) sendJoin();
  }

  function leaveRoom(error) {
    if (state.inRoom) send({ type: 'leave', room: state.room });
    for (const pending of state.pending.values()) if (pending.room === state.room) state.pending.delete(pending.id);
    Object.assign(state, { room: null, inRoom: false, members: new Set() });
    clearTypers();
    stopTimer('retry');
    stopTimer('countdown');
    if (!state.socket) setStatus('offline');
    showJoinView(error);
  }

  function showChatView() {
    els.joinView.hidden = true;
    els.chatView.hidden = false;
    els.roomBar.hidden = false;
    els.roomTitle.textContent = `#${state.room}`;
    history.replaceState(null, '', `?room=${encodeURIComponent(state.room)}`);
    toggleMembers(false);
    updateTitle();
    els.text.focus();
  }

  function showJoinView(error) {
    els.chatView.hidden = true;
    els.roomBar.hidden = true;
    els.joinView.hidden = false;
    els.joinError.textContent = error || '';
    els.joinError.hidden = !error;
    updateTitle();
    els.name.focus();
  }

  function updateTitle() {
    const base = state.room ? `#${state.room} · Parley` : 'Parley';
    document.title = state.unread ? `(${state.unread}) ${base}` : base;
  }

  function toggleMembers(open) {
    els.chatView.classList.toggle('show-members', open);
    els.membersToggle.setAttribute('aria-expanded', String(open));
  }

  function showToast(text) {
    els.toast.textContent = text;
    els.toast.hidden = false;
    stopTimer('toast');
    state.timers.toast = setTimeout(() => { els.toast.hidden = true; }, 6000);
  }

  function announce(text) {
    els.announcer.textContent = text;
  }

  // ---- join form --------------------------------------------------------

  function nameProblem(name) {
    const length = name.length; // the server counts UTF-16 units too
    if (length === 0) return 'Enter a name.';
    if (length > NAME_MAX) return `Use at most ${NAME_MAX} characters (this one has ${length}).`;
    if (NAME_FORBIDDEN.test(name)) return 'The name contains invisible or control characters.';
    return '';
  }

  function roomProblem(room) {
    if (!room) return 'Enter a room.';
    if (room.length > 64) return 'Use at most 64 characters.';
    if (!ROOM_PATTERN.test(room)) return 'Use only letters, digits, _ . and - (no spaces).';
    return '';
  }

  function validateJoinForm(focusProblem) {
    const checks = [
      [els.name, els.nameError, nameProblem(els.name.value.trim())],
      [els.room, els.roomError, roomProblem(els.room.value.trim())],
    ];
    for (const [input, message, problem] of checks) {
      message.textContent = problem;
      input.setAttribute('aria-invalid', String(Boolean(problem)));
    }
    const firstBad = checks.find(([, , problem]) => problem);
    if (firstBad && focusProblem) firstBad[0].focus();
    return !firstBad;
  }

  function onJoinSubmit(event) {
    event.preventDefault();
    els.joinForm.dataset.submitted = 'true';
    if (!validateJoinForm(true)) return;
    const name = els.name.value.trim();
    const room = els.room.value.trim();
    try {
      localStorage.setItem(STORAGE_KEYS.name, name);
      localStorage.setItem(STORAGE_KEYS.room, room);
    } catch { /* storage disabled: joining still works */ }
    joinRoom(name, room);
  }

  function prefillJoinForm() {
    const stored = (key) => { try { return localStorage.getItem(key) || ''; } catch { return ''; } };
    const fromUrl = new URLSearchParams(location.search).get('room');
    els.name.value = stored(STORAGE_KEYS.name);
    els.room.value = (fromUrl && !roomProblem(fromUrl) ? fromUrl : stored(STORAGE_KEYS.room)) || 'lobby';
  }

  // ---- helpers ----------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function initial(name) {
    return ([...name.trim()][0] || '?').toUpperCase();
  }

  function hue(name) {
    let h = 0;
    for (const ch of name) h = (h * 31 + ch.codePointAt(0)) % 360;
    return h;
  }

  function isNearBottom() {
    const s = els.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    els.scroller.scrollTop = els.scroller.scrollHeight;
    els.jump.hidden = true;
  }

  function keepPinned(change) {
    const pinned = isNearBottom();
    change();
    if (pinned) scrollToBottom();
  }

  function keepOffsetFromBottom(change) {
    const fromBottom = els.scroller.scrollHeight - els.scroller.scrollTop;
    change();
    els.scroller.scrollTop = els.scroller.scrollHeight - fromBottom;
  }

  // ---- start ------------------------------------------------------------

  function init() {
    for (const id of ['join-view', 'join-form', 'join-error', 'name', 'name-error', 'room', 'room-error', 'chat-view',
      'room-bar', 'room-title', 'status', 'status-text', 'retry-now', 'members-toggle', 'member-badge', 'leave',
      'scroller', 'load-earlier', 'history-note', 'messages', 'jump', 'typing', 'toast', 'composer', 'text',
      'counter', 'members-panel', 'member-count', 'members', 'announcer']) {
      els[id.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = document.getElementById(id);
    }
    prefillJoinForm();
    els.joinForm.addEventListener('submit', onJoinSubmit);
    els.joinForm.addEventListener('input', () => { if (els.joinForm.dataset.submitted) validateJoinForm(); });
    els.composer.addEventListener('submit', (event) => { event.preventDefault(); sendMessage(); els.text.focus(); });
    els.text.addEventListener('keydown', onComposerKey);
    els.text.addEventListener('input', onComposerInput);
    els.loadEarlier.addEventListener('click', loadEarlier);
    els.leave.addEventListener('click', () => leaveRoom());
    els.retryNow.addEventListener('click', () => { if (!state.socket) { state.attempt = 0; connect(); } });
    els.jump.addEventListener('click', () => { scrollToBottom(); els.text.focus(); });
    els.scroller.addEventListener('scroll', () => { if (isNearBottom()) els.jump.hidden = true; });
    els.membersToggle.addEventListener('click', () => toggleMembers(!els.chatView.classList.contains('show-members')));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && els.chatView.classList.contains('show-members')) {
        toggleMembers(false);
        els.membersToggle.focus();
      }
    });
    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) return;
      state.unread = 0;
      updateTitle();
      reconnectNow();
    });
    (els.name.value ? els.joinForm.querySelector('button[type=submit]') : els.name).focus();
    window.parley = { state };
  }

  init();
})();
