// A server that stops answering without closing the connection (SIGSTOP: a hung server, or a link that died without a
// FIN) is noticed by the page's heartbeat: a ping every 20 s, and a reconnect when nothing arrives for 10 s after it.
// The page's clock is Playwright's fake clock, so those 30 s pass at once while the server is frozen only briefly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, randomRoom, say, screenshot, server, waitForMessage, waitForStatus } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const PING_EVERY_MS = 20_000;
const SILENCE_LIMIT_MS = 10_000;

test('the page notices a silent server and reconnects once it answers again', { timeout: 120_000 }, async () => {
  const room = randomRoom();
  const ada = await openChat(browser, { name: 'ada', room, beforeLoad: (page) => page.clock.install() });
  await say(ada, 'before the freeze');
  await waitForMessage(ada, 'before the freeze');

  await server('freeze');
  try {
    // The next ping goes out, no pong comes back.
    await ada.page.clock.fastForward(PING_EVERY_MS);
    await ada.sent((f) => f.type === 'ping');
    assert.equal(await ada.page.getAttribute('#status', 'data-state'), 'online', 'one unanswered ping is not yet dead');
    // Silence for the limit after it: the page gives the socket up and reconnects.
    await ada.page.clock.fastForward(SILENCE_LIMIT_MS);
    await ada.page.waitForFunction(() => document.getElementById('status').dataset.state !== 'online');
    await screenshot(ada, 'dead-1-server-silent');
  } finally {
    await server('thaw');
  }

  // The new connection (or the one the page is still opening) gets through once the server runs again.
  await waitForStatus(ada, 'online', 45_000);
  const joins = ada.frames.filter((e) => e.dir === 'out' && e.frame.type === 'join');
  assert.equal(joins.length, 2, 'the page joined again on a new socket');
  assert.equal(joins[1].frame.since, 1, 'and asked for what it missed since its last seq');

  await say(ada, 'after the thaw');
  await waitForMessage(ada, 'after the thaw');
  await screenshot(ada, 'dead-2-reconnected');
  assert.deepEqual(ada.errors, []);
});
