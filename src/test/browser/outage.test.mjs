// A cluster node loses its Redis (frozen: no answer, no TCP reset) while ada sends. Her page must keep the message
// pending, send it again with the same id once Redis answers, and both pages must show it exactly once.
// BrowserIT runs this against a node of its own whose PARLEY_CONTROL freezes and thaws that node's Redis.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openChat, randomRoom, say, server, shownMessages, waitForMessage, screenshot } from './support.mjs';

let browser;
const sends = (person) => person.frames.filter((e) => e.dir === 'out' && e.frame.type === 'message'
  && e.frame.text === 'during the outage');
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a message sent while Redis is frozen goes out again and is shown once', { timeout: 180_000 }, async () => {
  const room = randomRoom('outage');
  const ada = await openChat(browser, { name: 'ada', room });
  const bob = await openChat(browser, { name: 'bob', room });
  await say(ada, 'before');
  await waitForMessage(bob, 'before');

  await server('redis-freeze');
  let thawed = false;
  try {
    await say(ada, 'during the outage');
    const refused = await ada.received((f) => f.type === 'error' && f.code === 'unavailable', 30_000);
    assert.ok(refused.ref, 'the error names the message');
    assert.ok((await shownMessages(ada)).some((m) => m.text === 'during the outage' && m.pending),
      'the message stays pending on the page');
    await screenshot(ada, 'outage-pending');
    // Still frozen: the page tries again (2-4 s later, with the same id). The first try is queued in Redis too, so
    // both run when it wakes: one is recorded, the other answered with the original ack (dedupe).
    const deadline = Date.now() + 30_000;
    while (sends(ada).length < 2) {
      assert.ok(Date.now() < deadline, 'the page did not send the message again within 30 s');
      await ada.page.waitForTimeout(100);
    }
    await server('redis-thaw');
    thawed = true;
  } finally {
    if (!thawed) await server('redis-thaw');
  }

  for (const person of [ada, bob]) {
    await waitForMessage(person, 'during the outage', 60_000);
    await person.page.waitForFunction(() => !document.querySelector('#messages li.pending'), null, { timeout: 60_000 });
    const shown = (await shownMessages(person)).filter((m) => m.text === 'during the outage');
    assert.equal(shown.length, 1, `${person.name} shows the message once: ${JSON.stringify(shown)}`);
  }
  assert.equal(new Set(sends(ada).map((e) => e.frame.id)).size, 1, 'sent again with the same id each time');
  for (const person of [ada, bob]) assert.deepEqual(person.errors, [], `${person.name}: no page errors`);
  await screenshot(ada, 'outage-after');
});
