// @parley/client against the WAR deployed on an application server (PARLEY_URL, set by JsClientIT on a server): over
// WebSocket, over the fallback (Server-Sent Events and POSTs, with the `eventsource` package) when WebSocket is refused,
// and the page's copy of the client's modules as the WAR serves them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import { EventSource } from 'eventsource';
import { adaAndBob, client, closeAll, randomRoom, shown, url, waitFor } from './support.mjs';

after(closeAll);

/** A WebSocket that is refused at once, as behind a proxy that does not let the upgrade through. */
class RefusedWebSocket {
  constructor() {
    this.readyState = 0;
    setTimeout(() => { this.readyState = 3; this.onclose?.(); }, 0);
  }

  send() {}

  close() {}
}

test('two clients chat over WebSocket on the server', async () => {
  const { ada, bob } = await adaAndBob();
  const ack = await ada.room.send('hello from the WAR');
  await waitFor('bob sees it', () => bob.sees.length === 1);
  assert.deepEqual(bob.sees, [`ada: hello from the WAR`]);
  assert.equal(ack.seq, 1);
});

test('a client whose WebSocket is refused chats over the fallback with a WebSocket client', async () => {
  const name = randomRoom();
  const carolClient = client('carol', { WebSocket: RefusedWebSocket, EventSource });
  const carol = carolClient.join(name);
  const carolSees = shown(carol);
  const dave = client('dave').join(name);
  const daveSees = shown(dave);
  await Promise.all([carol.joined, dave.joined]);
  assert.equal(carolClient.status.kind, 'fallback');

  const ack = await carol.send('over SSE and POST');
  await dave.send('over WebSocket');
  await waitFor('both messages on both sides', () => carolSees.length === 2 && daveSees.length === 2);
  assert.deepEqual(carolSees, ['carol: over SSE and POST', 'dave: over WebSocket']);
  assert.deepEqual(daveSees, carolSees);
  assert.equal(ack.seq, 1);
});

test('the WAR serves the page the client library\'s modules, unchanged', async () => {
  for (const module of ['protocol.js', 'store.js', 'transport.js']) {
    const response = await fetch(new URL(`js/${module}`, url));
    assert.equal(response.status, 200, module);
    assert.match(response.headers.get('content-type') ?? '', /javascript/, module);
    const source = await readFile(new URL(`../src/${module}`, import.meta.url), 'utf8');
    assert.equal(await response.text(), source, module);
  }
});
