// One page cannot open a WebSocket (Playwright refuses /chat for it, as a proxy that blocks the upgrade would): it
// switches to the HTTP fallback by itself, says so in its status line, and chats with a page on WebSocket as usual:
// presence, typing, messages both ways; then it survives a server restart over the fallback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  launchBrowser, openChat, randomRoom, RECONNECT_TIMEOUT, say, screenshot, server, shownMessages, waitForMessage,
  waitForStatus,
} from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Opens the chat for someone whose network lets no WebSocket through; counts the page's fallback POSTs. */
async function openBlocked(options) {
  const counts = { refused: 0, posts: 0 };
  const person = await openChat(browser, {
    ...options,
    beforeLoad: async (page) => {
      await page.routeWebSocket(/\/chat$/, (ws) => { counts.refused += 1; ws.close(); });
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/fallback/send')) counts.posts += 1;
      });
    },
  });
  return Object.assign(person, { counts });
}

const transport = (person) => person.page.getAttribute('#status', 'data-transport');
const statusText = (person) => person.page.textContent('#status-text');
const members = (person) => person.page.$$eval('#members .member-name', (names) => names.map((n) => n.textContent));

test('a page without WebSocket chats over the fallback with a page on WebSocket', { timeout: 120_000 }, async () => {
  const room = randomRoom('fb');
  const ada = await openBlocked({ name: 'ada', room });
  assert.equal(await transport(ada), 'fallback');
  assert.equal(await statusText(ada), 'Online · via HTTP');
  assert.ok(ada.counts.refused >= 1, 'the page tried WebSocket first');

  const bob = await openChat(browser, { name: 'bob', room });
  assert.equal(await transport(bob), 'websocket');
  assert.equal(await statusText(bob), 'Online');
  await ada.page.waitForFunction(() => [...document.querySelectorAll('#members .member-name')]
    .some((n) => n.textContent === 'bob'));
  assert.deepEqual(await members(bob), ['ada', 'bob']);

  await say(ada, 'hello from plain HTTP');
  await waitForMessage(bob, 'hello from plain HTTP');
  await waitForMessage(ada, 'hello from plain HTTP');
  await say(bob, 'hello from a WebSocket');
  await waitForMessage(ada, 'hello from a WebSocket');

  await bob.page.fill('#text', 'still typ');
  await bob.page.type('#text', 'ing');
  await ada.page.waitForFunction(() => document.getElementById('typing').textContent === 'bob is typing');
  await ada.page.fill('#text', 'my tur');
  await ada.page.type('#text', 'n');
  await bob.page.waitForFunction(() => document.getElementById('typing').textContent === 'ada is typing');

  for (const person of [ada, bob]) {
    await person.page.waitForFunction(() => !document.querySelector('#messages li.pending'));
    const shown = (await shownMessages(person)).map((m) => [m.seq, m.user, m.text]);
    assert.deepEqual(shown, [[1, 'ada', 'hello from plain HTTP'], [2, 'bob', 'hello from a WebSocket']], person.name);
  }
  assert.ok(ada.counts.posts >= 3, `the page posted its frames (${ada.counts.posts} POSTs)`);
  await screenshot(ada, 'fallback-1-chatting');

  await bob.context.close();
  await ada.page.waitForFunction(() => ![...document.querySelectorAll('#members .member-name')]
    .some((n) => n.textContent === 'bob'));
  assert.deepEqual([...ada.errors, ...bob.errors], []);
  await ada.context.close();
});

test('a page on the fallback survives a server restart and sends what was written meanwhile', { timeout: 300_000 },
  async () => {
    const room = randomRoom('fb');
    const ada = await openBlocked({ name: 'ada', room });
    const bob = await openChat(browser, { name: 'bob', room });
    await say(ada, 'before the restart');
    await waitForMessage(bob, 'before the restart');

    await server('stop');
    await ada.page.waitForFunction(() => /^Reconnecting in \d+s$/.test(document.getElementById('status-text').textContent));
    await say(ada, 'written while the server was down');
    await ada.page.locator('#messages li.pending').waitFor();
    await server('start');

    for (const person of [ada, bob]) {
      await waitForStatus(person, 'online', RECONNECT_TIMEOUT);
      await waitForMessage(person, 'written while the server was down', RECONNECT_TIMEOUT);
      await person.page.waitForFunction(() => !document.querySelector('#messages li.pending'));
    }
    assert.equal(await transport(ada), 'fallback', 'WebSocket was tried again and refused again');
    await say(bob, 'after the restart');
    await waitForMessage(ada, 'after the restart');

    // The server kept the room in its archive: one unbroken room, numbered on from before the restart.
    const shown = await shownMessages(ada);
    assert.deepEqual(shown.map((m) => [m.kind, m.seq, m.text]), [['message', 1, 'before the restart'],
      ['message', 2, 'written while the server was down'], ['message', 3, 'after the restart']], JSON.stringify(shown));
    assert.equal(new Set(shown.map((m) => m.text)).size, shown.length, 'nothing shown twice');
    await screenshot(ada, 'fallback-2-after-restart');
    assert.deepEqual([...ada.errors, ...bob.errors], []);
    await ada.context.close();
    await bob.context.close();
  });
