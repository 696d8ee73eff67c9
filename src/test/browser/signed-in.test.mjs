// parley.auth=jwt through the example host application (examples/auth): two people sign in there, the page shows who
// they are instead of a name field, signs each connection in with `auth` before joining, chats, and renews the token
// before it expires without losing the connection. BrowserIT sets PARLEY_HOST (the host application, tokens of 20 s).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, randomRoom, say, screenshot, waitForMessage } from './support.mjs';

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
