// Two people in one room, as issue 21 asks: the sidebar's unread badges (a room joined in the background, and after a
// reload from the `rooms` answer kept current by `activity`), the "New messages" line at the read marker, reading
// that clears the badge, an edit (ArrowUp in the empty composer, as in Slack), a delete (a tombstone for everyone,
// one fewer unread) and a reaction toggled from the picker and from its chip.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, randomRoom, say, screenshot, waitForMessage } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The unread badge beside a room in the sidebar, '' when none. */
const badge = (person, room) => person.page.$eval('#my-rooms', (ul, r) => ul.querySelector(`li[data-room="${r}"] .unread`)?.textContent ?? '', room);
const waitForBadge = (person, room, text) => person.page.waitForFunction(([r, t]) =>
  (document.querySelector(`#my-rooms li[data-room="${r}"] .unread`)?.textContent ?? '') === t, [room, text]);
const item = (person, seq) => person.page.locator(`#messages li[data-seq="${seq}"]`);

test('badges, the marker line, edit, delete and a reaction between two people', { timeout: 120_000 }, async () => {
  const room = randomRoom('conv');
  const ada = await openChat(browser, { name: `ada-${room}`, room });
  const bob = await openChat(browser, { name: `bob-${room}`, room });
  await say(ada, 'hello');
  await waitForMessage(bob, 'hello');

  // bob opens a direct conversation with ada; the room stays joined behind it and counts what ada says there.
  await bob.page.fill('#direct-user', ada.name);
  await bob.page.press('#direct-user', 'Enter');
  const direct = await bob.received((f) => f.type === 'direct');
  await bob.page.waitForFunction((n) => document.getElementById('room-title').textContent === `@${n}`, ada.name);
  for (const text of ['one', 'two', 'thrre']) await say(ada, text);
  await waitForMessage(ada, 'thrre');
  await waitForBadge(bob, room, '3');
  await screenshot(bob, 'conv-1-badge');

  // ada fixes her typo: ArrowUp in the empty composer opens the editor on her last message, Enter saves.
  await ada.page.focus('#text');
  await ada.page.keyboard.press('ArrowUp');
  const editor = item(ada, 4).locator('textarea.editor');
  await editor.waitFor();
  await editor.fill('three');
  await editor.press('Enter');
  const edited = await ada.received((f) => f.type === 'edited' && f.seq === 4);
  assert.equal(edited.text, 'three');
  await item(ada, 4).locator('.edited').waitFor();
  assert.equal(await item(ada, 4).locator('.text').textContent(), 'three');

  // ada deletes "two" (a second click confirms); everyone gets a tombstone, and bob one fewer unread.
  await item(ada, 3).hover();
  await item(ada, 3).locator('.msg-actions .delete').click();
  await item(ada, 3).locator('.msg-actions .delete').click();
  await ada.received((f) => f.type === 'deleted' && f.seq === 3);
  await ada.page.waitForFunction(() => document.querySelector('#messages li[data-seq="3"] .text').textContent === 'message deleted');
  await waitForBadge(bob, room, '2');

  // bob goes back to the room: the line sits before the first message he has not read, the deleted one is a
  // tombstone, the edit is marked; seen in a focused window, they are read and the badge goes.
  await bob.page.click(`#my-rooms .room-link:text-is("#${room}")`);
  await bob.page.waitForSelector('#messages .new-line');
  const order = await bob.page.$$eval('#messages > li', (items) => items.map((li) => (li.classList.contains('new-line')
    ? '--' : `${li.dataset.seq}:${li.querySelector('.text').textContent}${li.querySelector('.edited') ? '*' : ''}`)));
  assert.deepEqual(order, ['1:hello', '--', '2:one', '3:message deleted', '4:three*']);
  await screenshot(bob, 'conv-2-marker-line');
  const read = await bob.sent((f) => f.type === 'read' && f.room === room && f.seq === 4);
  assert.equal(read.seq, 4);
  await waitForBadge(bob, room, '');

  // bob reacts from the picker; ada sees the chip and adds hers by clicking it.
  await item(bob, 4).hover();
  await item(bob, 4).locator('.msg-actions .react').click();
  await item(bob, 4).locator('.picker button[data-emoji=":tada:"]').click();
  await ada.received((f) => f.type === 'reaction' && f.seq === 4 && f.emoji === ':tada:' && f.on === true);
  const chip = item(ada, 4).locator('.reactions .reaction[data-emoji=":tada:"]');
  await chip.waitFor();
  assert.match(await chip.textContent(), / 1$/);
  await chip.click();
  await ada.page.waitForFunction(() => /\s2$/.test(document.querySelector('#messages li[data-seq="4"] .reaction').textContent));
  assert.equal(await chip.getAttribute('aria-pressed'), 'true');
  await bob.page.waitForFunction(() => {
    const mine = document.querySelector('#messages li[data-seq="4"] .reaction[aria-pressed="true"]');
    return mine && /\s2$/.test(mine.textContent);
  });
  await screenshot(ada, 'conv-3-reactions');

  // bob writes in the direct conversation, which ada has not opened. ada reloads: her rooms come from the server, the
  // conversation among them (named after bob) with his message unread; the next one arrives as activity.
  await bob.page.click(`#my-rooms .room-link:text-is("@${ada.name}")`);
  await bob.page.waitForFunction((n) => document.getElementById('room-title').textContent === `@${n}`, ada.name);
  await say(bob, 'psst');
  await bob.received((f) => f.type === 'message' && f.room === direct.room && f.text === 'psst');
  await ada.page.reload();
  await ada.page.fill('#name', ada.name);
  await ada.page.press('#name', 'Enter');
  await ada.page.waitForFunction(() => document.getElementById('status').dataset.state === 'online');
  const listed = await ada.received((f) => f.type === 'rooms' && f.rooms.some((r) => r.room === direct.room));
  assert.equal(listed.rooms.find((r) => r.room === direct.room).unread, 1);
  await waitForBadge(ada, direct.room, '1');
  assert.equal(await ada.page.textContent(`#my-rooms li[data-room="${direct.room}"] .room-link`), `@${bob.name}`);
  await say(bob, 'are you there?');
  await ada.received((f) => f.type === 'activity' && f.room === direct.room);
  await waitForBadge(ada, direct.room, '2');
  assert.equal(await badge(ada, room), '');
  await screenshot(ada, 'conv-4-activity');

  assert.deepEqual([...ada.errors, ...bob.errors], []);
});
