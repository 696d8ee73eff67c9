// Two people chat in one room over parley.batch: each sees the other join, typing shows, messages arrive in the same
// seq order on both pages, and a sent message leaves the pending state when the server acks it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, randomRoom, say, screenshot, shownMessages, waitForMessage } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const memberNames = (person) => person.page.$$eval('#members .member-name', (items) => items.map((i) => i.textContent));

test('two people chat in one room', { timeout: 60_000 }, async () => {
  const room = randomRoom();
  const ada = await openChat(browser, { name: 'ada', room });
  const bob = await openChat(browser, { name: 'bob', room });

  // The page offers parley.batch and the server selects it (frames then come several per message, split by support.mjs
  // as by the page).
  for (const person of [ada, bob]) {
    assert.deepEqual(await person.page.evaluate(() => window.__protocols), ['parley.batch']);
  }

  // Presence: ada learns that bob joined; both member lists show both names.
  const presence = await ada.received((f) => f.type === 'presence' && f.user === 'bob');
  assert.equal(presence.event, 'join');
  assert.equal(presence.members, 2);
  await ada.page.waitForFunction(() => document.querySelectorAll('#members .member-name').length === 2);
  assert.deepEqual(await memberNames(ada), ['ada', 'bob']);
  assert.deepEqual(await memberNames(bob), ['ada', 'bob']);
  assert.equal(await ada.page.textContent('#member-count'), '2');
  assert.equal(await ada.page.textContent('#room-title'), `#${room}`);

  // Typing: bob types, ada's page says so; bob's own page does not.
  await bob.page.type('#text', 'hel');
  await bob.sent((f) => f.type === 'typing' && f.room === room);
  await ada.page.waitForFunction(() => document.getElementById('typing').textContent === 'bob is typing');
  assert.ok(await ada.page.$eval('#typing', (p) => p.classList.contains('active')));
  assert.equal(await bob.page.textContent('#typing'), '');
  await screenshot(ada, 'chat-1-bob-typing');
  await bob.page.fill('#text', '');

  // ada sends: the page shows it at once as pending, the ack gives it its seq, bob gets the same seq.
  await say(ada, 'Hello bob');
  const sent = await ada.sent((f) => f.type === 'message' && f.text === 'Hello bob');
  assert.equal(sent.room, room);
  assert.ok(sent.id, 'the page gives each message a client id');
  const ack = await ada.received((f) => f.type === 'ack' && f.id === sent.id);
  await ada.page.waitForFunction((seq) => {
    const li = document.querySelector(`#messages li[data-seq="${seq}"]`);
    return li && !li.classList.contains('pending') && !li.querySelector('.msg-status');
  }, ack.seq);
  const atBob = await bob.received((f) => f.type === 'message' && f.id === sent.id);
  assert.equal(atBob.seq, ack.seq);
  assert.equal(atBob.user, 'ada');
  await waitForMessage(bob, 'Hello bob');

  // A message clears its author's typing indicator at once.
  await bob.page.type('#text', 'Hi');
  await ada.page.waitForFunction(() => document.getElementById('typing').textContent === 'bob is typing');
  await bob.page.press('#text', 'Enter');
  await waitForMessage(ada, 'Hi');
  assert.equal(await ada.page.textContent('#typing'), '');

  await say(bob, 'How are you?');
  await say(ada, 'Fine, thanks');
  for (const person of [ada, bob]) {
    await waitForMessage(person, 'How are you?');
    await waitForMessage(person, 'Fine, thanks');
    await person.page.waitForFunction(() => !document.querySelector('#messages li.pending'));
  }

  // Both pages list the same messages in the same seq order, with no gaps.
  const adaSees = await shownMessages(ada);
  const bobSees = await shownMessages(bob);
  assert.deepEqual(adaSees, bobSees);
  assert.deepEqual(adaSees.map((m) => [m.seq, m.user, m.text]), [
    [1, 'ada', 'Hello bob'], [2, 'bob', 'Hi'], [3, 'bob', 'How are you?'], [4, 'ada', 'Fine, thanks']]);
  assert.ok(await ada.page.$eval('#messages li[data-seq="1"]', (li) => li.classList.contains('own')));
  assert.ok(!(await bob.page.$eval('#messages li[data-seq="1"]', (li) => li.classList.contains('own'))));

  await screenshot(ada, 'chat-2-conversation');
  await screenshot(bob, 'chat-2-conversation');

  // bob leaves: ada gets a presence leave and her list shrinks.
  await bob.page.click('#leave');
  const left = await ada.received((f) => f.type === 'presence' && f.event === 'leave' && f.user === 'bob');
  assert.equal(left.members, 1);
  await ada.page.waitForFunction(() => document.getElementById('member-count').textContent === '1');
  assert.ok(await bob.page.isVisible('#join-view'));

  assert.deepEqual([...ada.errors, ...bob.errors], []);
});
