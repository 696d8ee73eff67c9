// A message whose ack was lost and which the rejoin's history does not hold (the server keeps 5 messages a room:
// JsClientIT starts it with historySize 5) is sent again with its id: the server acks it with the original seq and
// shows it to nobody twice.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { adaAndBob, closeAll, proxy, waitFor, within } from './support.mjs';

after(closeAll);

test('a resend after a cut gets the original seq and is shown once on every client', async () => {
  const cable = await proxy();
  try {
    const { ada, bob } = await adaAndBob({ ada: cable.url });
    cable.hold();
    const ack = ada.room.send('sent once, resent');
    await waitFor('bob sees it: the server recorded it as seq 1', () => bob.sees.length === 1);
    cable.refuse(true);
    cable.cut();
    await waitFor('ada notices the cut', () => ada.client.status.state !== 'online');
    for (let i = 2; i <= 7; i++) await bob.room.send(`bob ${i}`); // pushes seq 1 out of the kept history
    cable.refuse(false);

    const { seq } = await within('the ack of the resent message', ack);
    assert.equal(seq, 1, 'acked with the seq the first send got');
    assert.equal(ada.joins.at(-1).recovered, false, 'the history could not cover what ada missed');
    await ada.room.send('done');
    await waitFor('bob sees "done"', () => bob.sees.includes('ada: done'));
    assert.deepEqual(bob.sees, ['ada: sent once, resent', 'bob: bob 2', 'bob: bob 3', 'bob: bob 4', 'bob: bob 5',
      'bob: bob 6', 'bob: bob 7', 'ada: done']);
    assert.equal(ada.sees.filter((t) => t === 'ada: sent once, resent').length, 1);
    assert.deepEqual(ada.room.messages.map((m) => m.seq), [1, 3, 4, 5, 6, 7, 8]);
  } finally {
    cable.close();
  }
});
