// Rooms with access on the page: two people open a direct conversation by name and find the same room, which their
// rooms lists show as @name; a moderator (given the role through the operator API) sees Kick and Ban beside the
// others, bans one, whose page goes back to the join form saying so, and whose next join is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, operator, randomRoom, say, screenshot, waitForMessage } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const roomLinks = (person) => person.page.$$eval('#my-rooms .room-link', (items) => items.map((i) => i.textContent));

async function openDirect(person, other) {
  await person.page.fill('#direct-user', other);
  await person.page.press('#direct-user', 'Enter');
  const direct = await person.received((f) => f.type === 'direct' && f.user === other);
  await person.received((f) => f.type === 'joined' && f.room === direct.room);
  return direct.room;
}

test('two people find one direct conversation by name', { timeout: 60_000 }, async () => {
  const room = randomRoom();
  const ada = await openChat(browser, { name: `ada-${room}`, room });
  const bob = await openChat(browser, { name: `bob-${room}`, room });

  const fromAda = await openDirect(ada, bob.name);
  const fromBob = await openDirect(bob, ada.name);
  assert.equal(fromAda, fromBob, 'both ends find the same room');
  assert.match(fromAda, /^dm\.[0-9a-f]{40}$/);
  assert.equal(await ada.page.textContent('#room-title'), `@${bob.name}`);
  assert.deepEqual(await roomLinks(ada), [`@${bob.name}`, `#${room}`]);

  await say(ada, 'just us');
  await waitForMessage(bob, 'just us');
  await screenshot(bob, 'access-1-direct');

  // back to the shared room from the list
  await ada.page.click(`#my-rooms .room-link:text-is("#${room}")`);
  await ada.page.waitForFunction((r) => document.getElementById('room-title').textContent === `#${r}`, room);
  // the conversation stays joined in the background (a leave would take it off ada's rooms)
  assert.ok(!ada.frames.some(({ dir, frame }) => dir === 'out' && frame.type === 'leave'), 'switching rooms leaves none');
  // joined again, the room is first in the list (most recent first)
  await ada.page.waitForFunction((r) => document.querySelector('#my-rooms .room-link').textContent === `#${r}`, room);
  assert.deepEqual(await roomLinks(ada), [`#${room}`, `@${bob.name}`]);
  assert.deepEqual([...ada.errors, ...bob.errors], []);
});

test('a moderator bans someone, whose page says so and cannot join again', { timeout: 60_000 }, async () => {
  const room = randomRoom('mod');
  const mod = `mod-${room}`;
  await operator('PUT', `rooms/${room}/members/${mod}`, { role: 'moderator' });
  const moderator = await openChat(browser, { name: mod, room });
  const eve = await openChat(browser, { name: `eve-${room}`, room });

  const joined = await moderator.received((f) => f.type === 'joined' && f.room === room);
  assert.equal(joined.role, 'moderator');
  await moderator.page.waitForSelector(`#members button[aria-label="Ban ${eve.name}"]`);
  assert.equal(await moderator.page.$$eval('#members button.moderate', (b) => b.length), 2, 'not beside themselves');
  assert.equal(await eve.page.$$eval('#members button.moderate', (b) => b.length), 0, 'a member sees none');
  await screenshot(moderator, 'access-2-moderator');

  await moderator.page.click(`#members button[aria-label="Ban ${eve.name}"]`);
  const left = await eve.received((f) => f.type === 'left' && f.room === room);
  assert.equal(left.reason, 'banned');
  await eve.page.waitForSelector('#join-view:not([hidden])');
  assert.equal(await eve.page.textContent('#join-error'), `You are banned from #${room}.`);
  await moderator.page.waitForFunction(() => document.querySelectorAll('#members .member-name').length === 1);

  await eve.page.fill('#room', room);
  await eve.page.press('#room', 'Enter');
  const refused = await eve.received((f) => f.type === 'error' && f.code === 'forbidden');
  assert.equal(refused.ref, 'join');
  await eve.page.waitForFunction(() => document.getElementById('join-error').textContent.includes('banned'));
  await screenshot(eve, 'access-3-banned');
  assert.deepEqual([...moderator.errors, ...eve.errors], []);
});
