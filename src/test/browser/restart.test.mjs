// The server restarts: the pages say they are reconnecting, a message written meanwhile waits as pending, the pages
// come back by themselves (jittered backoff) and show what was sent while they were away. The server keeps its rooms
// in its archive (the default), so the room goes on in its epoch and numbering: the pages rejoin with since and
// epoch, recover exactly what they missed, and show one unbroken room.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  launchBrowser, openChat, randomRoom, RECONNECT_TIMEOUT, say, screenshot, server, shownMessages, waitForMessage,
  waitForStatus,
} from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('pages reconnect after a server restart and show the messages sent meanwhile', { timeout: 300_000 }, async () => {
  const room = randomRoom();
  // ada's page runs on Playwright's clock, so the test can hold her reconnect timer while cy posts (see below).
  const ada = await openChat(browser, { name: 'ada', room, beforeLoad: (page) => page.clock.install() });
  const bob = await openChat(browser, { name: 'bob', room });

  const before = ['one', 'two', 'three', 'four', 'five'];
  // Each waits for the last one's ack: two pages' sends have no order of their own across the network.
  for (const [i, text] of before.entries()) {
    const speaker = i % 2 ? bob : ada;
    await say(speaker, text);
    await waitForMessage(speaker, text);
  }
  for (const person of [ada, bob]) {
    await waitForMessage(person, 'five');
    await person.page.waitForFunction(() => !document.querySelector('#messages li.pending'));
    assert.deepEqual((await shownMessages(person)).map((m) => [m.seq, m.text]), before.map((text, i) => [i + 1, text]),
      `${person.name}: before the restart`);
  }

  await server('stop');
  for (const person of [ada, bob]) {
    // Read in one go: bob's page runs on the real clock, and its jittered first retry may start (hiding the button)
    // between two separate looks.
    const shown = await person.page.waitForFunction(() => {
      const reconnecting = /^Reconnecting in \d+s$/.test(document.getElementById('status-text').textContent);
      return reconnecting && { retryOffered: !document.getElementById('retry-now').hidden };
    });
    assert.ok((await shown.jsonValue()).retryOffered, 'the page offers to retry now');
  }
  const closes = await ada.page.evaluate(() => window.__closes);
  console.log(`close events seen by ada's page when the server stopped: ${JSON.stringify(closes)}`);
  assert.ok(closes.length >= 1, 'the socket closed');

  // bob writes while the server is down: the message waits, marked as sending.
  await say(bob, 'written while the server was down');
  const pending = bob.page.locator('#messages li.pending');
  await pending.waitFor();
  assert.equal(await pending.locator('.text').textContent(), 'written while the server was down');
  assert.equal(await pending.locator('.msg-status').textContent(), 'Sending…');
  await screenshot(ada, 'restart-1-server-down');
  await screenshot(bob, 'restart-1-server-down');

  // Time stands still in ada's page: her backoff timer cannot fire, so she stays away until the clock resumes.
  // pauseAt needs a time still ahead of the page's clock when the call arrives, and that clock runs until then: aim
  // two seconds ahead, not one millisecond (under load the round trip took longer: "Cannot fast-forward to the past").
  // A reconnect timer falling due in those two seconds fires against the stopped server and fails, harmlessly.
  await ada.page.clock.pauseAt(await ada.page.evaluate(() => Date.now() + 2_000));
  await server('start');
  // A third person posts while ada's page is still waiting to reconnect.
  const cy = await openChat(browser, { name: 'cy', room });
  await say(cy, 'posted right after the restart');
  await say(cy, 'and one more');
  await waitForMessage(cy, 'and one more');
  assert.equal(await ada.page.getAttribute('#status', 'data-state'), 'reconnecting');
  await ada.page.clock.resume(); // from here on ada's page reconnects by itself, with its own backoff

  for (const person of [ada, bob]) {
    await waitForStatus(person, 'online', RECONNECT_TIMEOUT);
    for (const text of ['posted right after the restart', 'and one more', 'written while the server was down']) {
      await waitForMessage(person, text, RECONNECT_TIMEOUT);
    }
    await person.page.waitForFunction(() => !document.querySelector('#messages li.pending'));
    assert.equal(await person.page.isVisible('#retry-now'), false);
  }
  await waitForMessage(cy, 'written while the server was down');

  // The room went on across the restart: no separator, seqs 1.. without gaps, the old messages first, nothing twice.
  for (const person of [ada, bob]) {
    const shown = await shownMessages(person);
    const frames = JSON.stringify(person.frames.map(({ dir, frame }) => [dir, frame.type, frame.seq ?? frame.event ?? '',
      frame.text ?? frame.recovered ?? '']));
    assert.equal(shown.findIndex((m) => m.kind === 'separator'), -1, `${person.name}: no hole: ${JSON.stringify(shown)}`);
    assert.deepEqual(shown.map((m) => m.seq), shown.map((_, i) => i + 1), `${person.name}: seqs from 1, no gaps`
      + `\nframes: ${frames}`);
    assert.deepEqual(shown.slice(0, before.length).map((m) => m.text), before, `${person.name}: the old messages`);
    assert.deepEqual(new Set(shown.slice(before.length).map((m) => m.text)), new Set(['posted right after the restart',
      'and one more', 'written while the server was down']));
    assert.equal(new Set(shown.map((m) => m.text)).size, shown.length, `${person.name}: nothing shown twice`);
  }
  // All three pages agree on the room's order.
  const order = async (person) => (await shownMessages(person)).filter((m) => m.seq !== null).map((m) => m.text);
  assert.deepEqual(await order(ada), await order(cy));
  assert.deepEqual(await order(bob), await order(cy));

  await screenshot(ada, 'restart-2-reconnected');
  await screenshot(bob, 'restart-2-reconnected');
  assert.deepEqual([...ada.errors, ...bob.errors, ...cy.errors], []);
});
