// The search box (the `search` frame over the server's archive): results apart from the live list, newest first,
// with a way back to the conversation; words match whole and in any case; a search that finds nothing says so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, randomRoom, say, screenshot, waitForMessage } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const results = (person) => person.page.$$eval('#search-results > li', (items) => items.map((li) => ({
  seq: Number(li.dataset.seq), user: li.querySelector('.author').textContent, text: li.querySelector('.text').textContent,
})));

test('the search box finds a room\'s messages, shows them apart from the live list, and goes back', { timeout: 60_000 },
  async () => {
    const room = randomRoom('search');
    const ada = await openChat(browser, { name: 'ada', room });
    const bob = await openChat(browser, { name: 'bob', room });
    for (const text of ['The blue whale surfaced', 'a red fox', 'Blue skies today', 'bluebird (not a match)']) {
      await say(ada, text);
      await waitForMessage(bob, text);
    }

    await bob.page.fill('#search-q', 'BLUE');
    await bob.page.press('#search-q', 'Enter');
    const asked = await bob.sent((f) => f.type === 'search');
    assert.deepEqual(asked, { type: 'search', room, q: 'BLUE', limit: 50 });
    await bob.page.waitForSelector('#search-view:not([hidden])');
    await bob.page.waitForFunction(() => document.querySelectorAll('#search-results > li').length === 2);
    const found = await results(bob);
    assert.deepEqual(found.map((r) => r.text), ['Blue skies today', 'The blue whale surfaced'], 'newest first, whole words');
    assert.ok(found.every((r) => r.user === 'ada'));
    assert.ok(await bob.page.$eval('#scroller', (s) => s.hidden), 'the live list is out of the way');
    assert.match(await bob.page.textContent('#search-title'), /2 messages with “BLUE”/);
    await screenshot(bob, 'search-1-results');

    // a message arriving meanwhile goes to the live list, not into the results
    await say(ada, 'blue again, live');
    await bob.received((f) => f.type === 'message' && f.text === 'blue again, live');
    assert.equal((await results(bob)).length, 2);

    await bob.page.click('#search-back');
    await bob.page.waitForSelector('#search-view', { state: 'hidden' });
    assert.equal(await bob.page.$eval('#scroller', (s) => s.hidden), false);
    await waitForMessage(bob, 'blue again, live');

    await bob.page.fill('#search-q', 'zebra');
    await bob.page.press('#search-q', 'Enter');
    await bob.page.waitForFunction(() => document.getElementById('search-title').textContent.startsWith('No messages'));
    assert.equal((await results(bob)).length, 0);
    await screenshot(bob, 'search-2-none');
    await bob.page.keyboard.press('Escape');
    await bob.page.waitForSelector('#search-view', { state: 'hidden' });
    assert.deepEqual([...ada.errors, ...bob.errors], []);
  });
