// @parley/client against a real Parley (PARLEY_URL): two clients chatting, acks, a reconnect that recovers what was
// missed, and messages whose ack was lost to a cut, confirmed after the reconnect and shown once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { adaAndBob, client, closeAll, proxy, randomRoom, shown, waitFor, within } from './support.mjs';

after(closeAll);

test('two clients chat over parley.batch: the sender gets its ack, both show each message once, presence and typing arrive', async () => {
  const name = randomRoom();
  const adaClient = client('ada');
  const ada = adaClient.join(name);
  await ada.joined;
  assert.equal(adaClient.transport.socket.protocol, 'parley.batch', 'the server selected the offered subprotocol');
  const bob = client('bob').join(name);
  const adaSees = shown(ada);
  const bobSees = shown(bob);
  const presence = [];
  ada.on('presence', (p) => presence.push(`${p.event} ${p.user}`));
  const typing = [];
  ada.on('typing', (t) => typing.push(t.user));
  await bob.joined;
  await waitFor('bob in ada\'s members', () => ada.members.includes('bob'));
  assert.deepEqual(presence, ['join bob']);

  bob.typing();
  const ack = await ada.send('hello bob');
  assert.equal(ack.seq, 1);
  await bob.send('hello ada');
  await waitFor('both messages on both sides', () => adaSees.length === 2 && bobSees.length === 2);
  await waitFor('bob typing', () => typing.includes('bob'));
  assert.deepEqual(adaSees, ['ada: hello bob', 'bob: hello ada']);
  assert.deepEqual(bobSees, adaSees);
  assert.deepEqual(bob.messages.map((m) => m.seq), [1, 2]);
});

test('a client whose connection is cut reconnects, rejoins with since and epoch, and gets what it missed once', async () => {
  const cable = await proxy();
  try {
    const { ada, bob } = await adaAndBob({ bob: cable.url });
    await ada.room.send('before');
    await waitFor('bob sees "before"', () => bob.sees.length === 1);

    cable.cut();
    await waitFor('bob notices the cut', () => bob.client.status.state !== 'online');
    for (const text of ['while away 1', 'while away 2', 'while away 3']) await ada.room.send(text);

    await waitFor('bob rejoined', () => bob.joins.length === 2);
    assert.equal(bob.joins[1].recovered, true);
    assert.equal(bob.joins[1].reset, false);
    await waitFor('bob caught up', () => bob.sees.length === 4);
    assert.deepEqual(bob.sees, ['ada: before', 'ada: while away 1', 'ada: while away 2', 'ada: while away 3']);
    assert.deepEqual(bob.room.messages.map((m) => m.seq), [1, 2, 3, 4]);
  } finally {
    cable.close();
  }
});

test('a message the server took while its ack was lost to a cut is confirmed after the reconnect and shown once', async () => {
  const cable = await proxy();
  try {
    const { ada, bob } = await adaAndBob({ ada: cable.url });
    cable.hold(); // the server gets ada's message; its ack and echo do not reach her
    const ack = ada.room.send('only once');
    await waitFor('bob sees it: the server recorded it', () => bob.sees.length === 1);
    cable.cut();

    const { seq } = await within('the ack of "only once"', ack);
    assert.equal(seq, 1);
    await bob.room.send('and then');
    await waitFor('ada sees the next message', () => ada.sees.length === 2);
    assert.deepEqual(ada.sees, ['ada: only once', 'bob: and then']);
    assert.deepEqual(bob.sees, ['ada: only once', 'bob: and then']);
  } finally {
    cable.close();
  }
});

test('search finds a room\'s messages by their words, newest first (the server\'s archive)', async () => {
  const { ada } = await adaAndBob();
  for (const text of ['the quick brown fox', 'a lazy dog', 'another fox, quicker']) await ada.room.send(text);
  const found = await ada.room.search('fox');
  assert.deepEqual(found.map((m) => m.text), ['another fox, quicker', 'the quick brown fox']);
  assert.deepEqual(await ada.room.search('fox', { before: found[0].seq }), [found[1]]);
});
