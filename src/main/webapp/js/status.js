// Operator view: polls GET api/rooms and api/connections with the bearer token typed into the page (kept in memory, never stored).
(() => {
  'use strict';

  const POLL_MS = 5000;
  const els = {
    form: document.getElementById('token-form'),
    token: document.getElementById('token'),
    error: document.getElementById('status-error'),
    table: document.getElementById('rooms'),
    caption: document.getElementById('rooms-caption'),
    body: document.getElementById('rooms-body'),
    connections: document.getElementById('connections'),
  };
  const TRANSPORT_NAMES = { websocket: 'WebSocket', fallback: 'HTTP fallback' };
  let token = null;
  let timer = null;

  async function poll() {
    try {
      const response = await fetch('api/rooms', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        showError(`${response.status}: ${body.message || response.statusText}`);
        if (response.status === 401 || response.status === 404) return stop();
      } else {
        els.error.hidden = true;
        render(Array.isArray(body.rooms) ? body.rooms : []);
        await pollConnections();
      }
    } catch (failure) {
      showError(`Could not reach the server: ${failure.message}`);
    }
    timer = setTimeout(poll, POLL_MS);
  }

  async function pollConnections() {
    const response = await fetch('api/connections', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || !body.transports) return;
    const parts = Object.entries(body.transports).map(([name, open]) => `${TRANSPORT_NAMES[name] || name} ${open}`);
    els.connections.textContent = `${body.total} connection${body.total === 1 ? '' : 's'} open: ${parts.join(', ')}`;
    els.connections.hidden = false;
  }

  function render(rooms) {
    els.body.replaceChildren(...rooms.map((room) => {
      const row = document.createElement('tr');
      for (const value of [room.room, room.members, room.seq]) {
        const cell = document.createElement('td');
        cell.textContent = String(value);
        row.append(cell);
      }
      return row;
    }));
    els.caption.textContent = `${rooms.length} room${rooms.length === 1 ? '' : 's'}, updated ${new Date().toLocaleTimeString()}`;
    els.table.hidden = false;
  }

  function showError(text) {
    els.error.textContent = text;
    els.error.hidden = false;
  }

  function stop() {
    clearTimeout(timer);
    timer = null;
  }

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    token = els.token.value.trim();
    els.token.value = '';
    if (!token) return;
    stop();
    poll();
  });
})();
