// Markup in messages and in names is shown as text: no element is injected into the page and no script runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openChat, randomRoom, say, screenshot, waitForMessage } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload=window.__pwned=3>',
];
// A legal name (at most 32 characters) that is also markup.
const MARKUP_NAME = '<img src=x onerror=__pwned=4>';

// Elements the payloads would create, anywhere the page shows someone else's text.
const INJECTED = ['#messages', '#members', '#typing', '#announcer', '#toast']
  .flatMap((area) => ['img', 'script', 'svg', 'iframe'].map((tag) => `${area} ${tag}`)).join(', ');

async function assertNothingInjected(person) {
  // Control: markup really injected with innerHTML runs its onerror. Once it has, an injected payload would have run too.
  await person.page.evaluate(() => {
    document.createElement('div').innerHTML = '<img src=x onerror="window.__control=1">';
  });
  await person.page.waitForFunction(() => window.__control === 1);
  assert.equal(await person.page.locator(INJECTED).count(), 0, `${person.name}: markup became elements`);
  assert.equal(await person.page.evaluate(() => window.__pwned), undefined, `${person.name}: injected script ran`);
}

test('markup in messages is displayed literally', { timeout: 60_000 }, async () => {
  const room = randomRoom();
  const ada = await openChat(browser, { name: 'ada', room });
  const bob = await openChat(browser, { name: 'bob', room });

  for (const payload of PAYLOADS) await say(bob, payload);
  for (const payload of PAYLOADS) {
    const frame = await ada.received((f) => f.type === 'message' && f.user === 'bob' && f.text === payload);
    assert.equal(frame.text, payload, 'the server relays the text unchanged');
    await waitForMessage(ada, payload);
    await waitForMessage(bob, payload);
  }
  const texts = await ada.page.$$eval('#messages li[data-seq] .text', (items) => items.map((p) => p.textContent));
  assert.deepEqual(texts, PAYLOADS);
  // The announcer for screen readers got the last one as text too.
  assert.equal(await ada.page.textContent('#announcer'), `bob: ${PAYLOADS.at(-1)}`);

  // Give an injected onerror/onload the chance to run (an img with src=x fails to load quickly) before checking.
  await assertNothingInjected(ada);
  await assertNothingInjected(bob);
  await screenshot(ada, 'xss-1-messages');
  assert.deepEqual([...ada.errors, ...bob.errors], []);
});

test('a name that is markup is displayed literally', { timeout: 60_000 }, async () => {
  const room = randomRoom();
  const ada = await openChat(browser, { name: 'ada', room });
  const eve = await openChat(browser, { name: MARKUP_NAME, room });

  await ada.page.waitForFunction((name) => [...document.querySelectorAll('#members .member-name')]
    .some((span) => span.textContent === name), MARKUP_NAME);
  await eve.page.type('#text', 'x');
  await ada.page.waitForFunction((name) => document.getElementById('typing').textContent === `${name} is typing`,
    MARKUP_NAME);
  await eve.page.fill('#text', '');
  await say(eve, 'hello from eve');
  await waitForMessage(ada, 'hello from eve');
  assert.equal(await ada.page.textContent('#messages li[data-seq] .author'), MARKUP_NAME);
  assert.equal(await ada.page.getAttribute('#messages li[data-seq]', 'data-user'), MARKUP_NAME);

  await assertNothingInjected(ada);
  await assertNothingInjected(eve);
  await screenshot(ada, 'xss-2-markup-name');
  assert.deepEqual([...ada.errors, ...eve.errors], []);
});
