// parley.auth=jwt through the example host application (examples/auth): two people sign in there, the page shows who
// they are instead of a name field, signs each connection in with `auth` before joining, chats, and renews the token
// before it expires without losing the connection; then, in a private room their tokens grant, they open a direct
// conversation from the member list, and the moderator bans the other, who is told so and cannot join again.
// BrowserIT sets PARLEY_HOST (the host application, tokens of 20 s). The host signs tokens whose `sub` is the name
// typed, so subjects and names are equal here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, operator, randomRoom, say, screenshot, waitForMessage } from './support.mjs';

const host = process.env.PARLEY_HOST;
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('two people signed in at the host application chat, and a renewal keeps them connected', { timeout: 90_000 },
  async () => {
    assert.ok(host, 'PARLEY_HOST is not set: run this script through BrowserIT (mvn verify)');
    const room = randomRoom('signed');
    const ada = await openChat(browser, { name: 'Ada', room, host });
    const bob = await openChat(browser, { name: 'Bob', room, host });

    for (const person of [ada, bob]) {
      assert.equal(await person.page.textContent('#signed-in'), `Signed in as ${person.name}`);
      assert.ok(await person.page.$eval('#name-field', (field) => field.hidden), 'no name field when signed in');
      const out = person.frames.filter((entry) => entry.dir === 'out').map((entry) => entry.frame.type);
      assert.equal(out[0], 'auth', `the first frame is auth: ${out}`);
      const authenticated = await person.received((f) => f.type === 'authenticated');
      assert.equal(authenticated.user, person.name);
    }
    await screenshot(ada, 'signed-in-1-joined');

    await say(ada, 'Signed in, Bob?');
    await waitForMessage(bob, 'Signed in, Bob?');
    const atBob = await bob.received((f) => f.type === 'message' && f.text === 'Signed in, Bob?');
    assert.equal(atBob.user, 'Ada', 'the name comes from the token');

    // Tokens live 20 s; the page renews at 80% of that: a second auth, answered, on the same connection.
    const renewals = (person) => person.frames.filter((e) => e.dir === 'in' && e.frame.type === 'authenticated');
    await ada.received((f) => f.type === 'authenticated' && renewals(ada).length >= 2, 40_000);
    assert.deepEqual(await ada.page.evaluate(() => window.__closes), [], 'the connection stayed open');
    await say(ada, 'Still here');
    await waitForMessage(bob, 'Still here');
    await screenshot(bob, 'signed-in-2-after-renewal');
    assert.deepEqual([...ada.errors, ...bob.errors], []);
  });

const roomLinks = (person) => person.page.$$eval('#my-rooms .room-link', (items) => items.map((i) => i.textContent));
const title = (person, text) => person.page.waitForFunction(
  (wanted) => document.getElementById('room-title').textContent === wanted, text);

test('signed in: a private room, a direct conversation from the member list, and a moderator\'s ban', { timeout: 120_000 },
  async () => {
    assert.ok(host, 'PARLEY_HOST is not set: run this script through BrowserIT (mvn verify)');
    const room = randomRoom('priv');
    const id = room.slice(-8);
    await operator('PUT', `rooms/${room}`, { access: 'private' });
    const outsider = await openChat(browser, { name: `Eve-${id}`, room: 'lobby', host });
    await outsider.page.click('#leave');
    await outsider.page.waitForSelector('#join-view:not([hidden])');
    await outsider.page.fill('#room', room);
    await outsider.page.press('#room', 'Enter');
    const refused = await outsider.received((f) => f.type === 'error' && f.code === 'forbidden' && f.ref === 'join');
    assert.match(refused.message, /private/);
    await outsider.page.waitForFunction(() => document.getElementById('join-error').textContent.includes('private'));
    await screenshot(outsider, 'signed-in-3-private-refused');

    const ada = await openChat(browser, { name: `Ada-${id}`, room, host, grants: `${room}:moderator` });
    const bob = await openChat(browser, { name: `Bob-${id}`, room, host, grants: `${room}:member` });
    const joined = await ada.received((f) => f.type === 'joined' && f.room === room);
    assert.equal(joined.role, 'moderator');
    assert.deepEqual(await roomLinks(ada), [`#${room}`]);
    await say(bob, 'Only us two in here');
    await waitForMessage(ada, 'Only us two in here');

    // a direct conversation, opened from the member list by subject
    await ada.page.click(`#members button[aria-label="Message ${bob.name}"]`);
    const direct = await ada.received((f) => f.type === 'direct');
    assert.equal(direct.user, bob.name, 'asked by subject (the host makes it the name)');
    await title(ada, `@${bob.name}`);
    await ada.received((f) => f.type === 'joined' && f.room === direct.room);
    await say(ada, 'A word in private');
    await bob.page.fill('#direct-user', ada.name);
    await bob.page.press('#direct-user', 'Enter');
    const fromBob = await bob.received((f) => f.type === 'direct');
    assert.equal(fromBob.room, direct.room, 'both find the same conversation');
    await waitForMessage(bob, 'A word in private');
    assert.deepEqual(await roomLinks(ada), [`@${bob.name}`, `#${room}`]);
    await screenshot(bob, 'signed-in-4-direct');

    // back in the private room, the moderator bans the other
    await ada.page.click(`#my-rooms .room-link:text-is("#${room}")`);
    await bob.page.click(`#my-rooms .room-link:text-is("#${room}")`);
    await title(ada, `#${room}`);
    await ada.page.waitForSelector(`#members button[aria-label="Ban ${bob.name}"]`);
    assert.equal(await bob.page.$$eval('#members button.moderate', (b) => b.length), 0, 'a member moderates nobody');
    await screenshot(ada, 'signed-in-5-moderator');
    await ada.page.click(`#members button[aria-label="Ban ${bob.name}"]`);
    const left = await bob.received((f) => f.type === 'left' && f.room === room && f.reason); // not the answer to a leave
    assert.equal(left.reason, 'banned');
    await bob.page.waitForSelector('#join-view:not([hidden])');
    assert.equal(await bob.page.textContent('#join-error'), `You are banned from #${room}.`);
    await ada.received((f) => f.type === 'moderated' && f.action === 'ban' && f.user === bob.name);
    await ada.page.waitForFunction(() => document.querySelectorAll('#members .member-name').length === 1);

    await bob.page.fill('#room', room);
    await bob.page.press('#room', 'Enter');
    const banned = await bob.received((f) => f.type === 'error' && f.code === 'forbidden' && f.ref === 'join');
    assert.match(banned.message, /banned/);
    await bob.page.waitForFunction(() => document.getElementById('join-error').textContent.includes('banned'));
    assert.ok(!(await roomLinks(bob)).includes(`#${room}`), 'a room that banned the user is no longer listed');
    await screenshot(bob, 'signed-in-6-banned');
    assert.deepEqual([...outsider.errors, ...ada.errors, ...bob.errors], []);
  });
