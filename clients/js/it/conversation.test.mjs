// @parley/client's conversations against a real Parley (PARLEY_URL): an edit, a reaction and a delete reach both
// clients and change the messages they hold; a refusal is the server's code; an edit made while a client was away
// comes back with its rejoin (`rev`); read markers, unread counts, another tab's `read`, and the room list.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ParleyError } from '../src/index.js';
import { adaAndBob, client, closeAll, proxy, waitFor } from './support.mjs';

after(closeAll);

const held = (room, seq) => room.messages.find((m) => m.seq === seq);

test('an edit, a reaction and a delete reach both clients; the room keeps a tombstone', async () => {
  const { ada, bob } = await adaAndBob();
  const { seq } = await ada.room.send('helo');
  await waitFor('bob has the message', () => bob.sees.length === 1);
  const edits = [];
  bob.room.on('edited', (e) => edits.push(e.text));

  const edited = await ada.client.edit(ada.room.name, seq, 'hello');
  assert.equal(edited.text, 'hello');
  assert.ok(edited.rev >= 1 && edited.editedAt);
  await waitFor('bob sees the edit', () => held(bob.room, seq).text === 'hello');
  assert.deepEqual(edits, ['hello']);

  const reaction = await bob.client.react(bob.room.name, seq, ':+1:');
  assert.equal(reaction.on, true);
  assert.ok(reaction.rev > edited.rev);
  await waitFor('ada sees the reaction', () => held(ada.room, seq).reactions?.[':+1:']?.length === 1);

  await assert.rejects(bob.client.edit(bob.room.name, seq, 'mine now'), (e) => e instanceof ParleyError && e.code === 'forbidden');
  await assert.rejects(bob.client.delete(bob.room.name, seq), (e) => e.code === 'forbidden');
  await assert.rejects(ada.client.react(ada.room.name, seq, 'not an emoji'), (e) => e.code === 'bad_request');

  await ada.client.delete(ada.room.name, seq);
  await waitFor('bob holds a tombstone', () => held(bob.room, seq).deleted === true);
  assert.deepEqual(held(bob.room, seq), { type: 'message', room: bob.room.name, seq, deleted: true });
  await assert.rejects(ada.client.edit(ada.room.name, seq, 'again'), (e) => e.code === 'bad_request');
});

test('an edit of an older message made while a client was away comes with its rejoin', async () => {
  const cable = await proxy();
  try {
    const { ada, bob } = await adaAndBob({ bob: cable.url });
    const first = await ada.room.send('first');
    await ada.room.send('second');
    await waitFor('bob has both', () => bob.sees.length === 2);
    cable.refuse(true); // bob stays away until the edit and the third message are made
    cable.cut();
    await waitFor('bob notices the cut', () => bob.client.status.state !== 'online');
    await ada.client.edit(ada.room.name, first.seq, 'first, fixed');
    await ada.room.send('third');
    cable.refuse(false);
    await waitFor('bob rejoined', () => bob.joins.length === 2);
    assert.equal(bob.joins[1].recovered, true);
    assert.deepEqual(bob.joins[1].changed.map((m) => m.text), ['first, fixed']);
    assert.deepEqual(bob.room.messages.map((m) => m.text), ['first, fixed', 'second', 'third']);
  } finally {
    cable.close();
  }
});

test('unread counts messages by others after the marker; reading clears it in every tab; rooms lists the room', async () => {
  const { ada, bob } = await adaAndBob();
  const name = ada.room.name;
  const otherTab = client('bob').join(name);
  await otherTab.joined;
  await ada.room.send('one');
  await ada.room.send('two');
  await bob.room.send('mine');
  await waitFor('bob counts two unread', () => bob.room.readState.unread === 2);
  await waitFor('the other tab too', () => otherTab.readState.unread === 2);

  const listed = (await bob.client.rooms()).find((r) => r.room === name);
  assert.equal(listed.unread, 2);
  assert.equal(listed.last.text, 'mine');

  assert.equal(bob.room.read(bob.room.store.lastSeq), true);
  assert.deepEqual(bob.room.readState, { read: 3, unread: 0 });
  await waitFor('the other tab hears the read', () => otherTab.readState.unread === 0 && otherTab.readState.read === 3);
  const again = (await bob.client.rooms()).find((r) => r.room === name);
  assert.deepEqual([again.read, again.unread], [3, 0]);
});
