// @parley/client signing in to a Parley with parley.auth=jwt (PARLEY_URL), with tokens from a host application's token
// endpoint (PARLEY_TOKEN_URL?sub=NAME&ttl=SECONDS, played by JsClientIT): joined as the token's user, renewed before
// the token expires without a reconnect, and a refused token followed by a reconnect that asks the getter again.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { client, closeAll, randomRoom, shown, waitFor } from './support.mjs';

after(closeAll);

const tokenUrl = process.env.PARLEY_TOKEN_URL;
if (!tokenUrl) throw new Error('PARLEY_TOKEN_URL names the token endpoint (JsClientIT sets it)');

async function tokenFor(sub, ttl) {
  const response = await fetch(`${tokenUrl}?sub=${encodeURIComponent(sub)}&ttl=${ttl}`);
  assert.equal(response.status, 200);
  return response.text();
}

test('signs in with the getter, joins as the token user, and renews before expiry on the same connection', async () => {
  let asked = 0;
  const ada = client(null, { token: () => { asked += 1; return tokenFor('ada', 4); } });
  const signedIn = [];
  ada.on('authenticated', (a) => signedIn.push(a));
  const statuses = [];
  ada.on('status', (s) => statuses.push(s.state));
  const room = ada.join(randomRoom());
  const seen = shown(room);
  await room.joined;
  assert.equal(ada.user, 'ada');
  assert.equal(signedIn[0].user, 'ada');

  // A 4-second token is renewed after four fifths of its life; the server would cut the connection at expiry.
  await waitFor('a renewal', () => signedIn.length >= 3, 15_000);
  assert.ok(asked >= 3);
  assert.ok(Date.parse(signedIn[2].expires) > Date.parse(signedIn[0].expires));
  const ack = await room.send('still signed in');
  assert.equal(ack.seq, 1);
  assert.deepEqual(seen, ['ada: still signed in']);
  assert.deepEqual(statuses.filter((s) => s === 'connecting'), [], 'never reconnected');
});

test('a refused token is an error; the reconnect asks the getter again and signs in', async () => {
  let asked = 0;
  const bob = client(null, {
    token: async () => { asked += 1; return asked === 1 ? 'not.a-token.at-all' : tokenFor('bob', 60); },
  });
  const errors = [];
  bob.on('error', (e) => errors.push(`${e.code} ${e.ref}`));
  const room = bob.join(randomRoom());
  await room.joined;
  assert.deepEqual(errors, ['unauthorized auth']);
  assert.equal(asked, 2);
  assert.equal(bob.user, 'bob');
});
