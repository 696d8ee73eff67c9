// A message whose ack was lost and which the rejoin's history does not hold (the server keeps 5 messages a room:
// JsClientIT starts it with historySize 5) is sent again with its id: the server acks it with the original seq and
// shows it to nobody twice.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { client, closeAll, proxy, randomRoom, shown, waitFor } from './support.mjs';

after(closeAll);

test('a resend after a cut gets the original seq and is shown once on every client', async () => {
  const name = randomRoom();
  const cable = await proxy();
  try {
    const bob = client('bob').join(name);
    const bobSees = shown(bob);
    const adaClient = client('ada', {}, cable.url);
    const ada = adaClient.join(name);
    const adaSees = shown(ada);
    const adaJoins = [];
    ada.on('joined', (j) => adaJoins.push(j));
    await Promise.all([ada.joined, bob.joined]);

    cable.hold();
    const ack = ada.send('sent once, resent');
    await waitFor('bob sees it: the server recorded it as seq 1', () => bobSees.length === 1);
    cable.refuse(true);
    cable.cut();
    await waitFor('ada notices the cut', () => adaClient.status.state !== 'online');
    for (let i = 2; i <= 7; i++) await bob.send(`bob ${i}`); // pushes seq 1 out of the kept history
    cable.refuse(false);

    const { seq } = await ack;
    assert.equal(seq, 1, 'acked with the seq the first send got');
    assert.equal(adaJoins.at(-1).recovered, false, 'the history could not cover what ada missed');
    await ada.send('done');
    await waitFor('bob sees "done"', () => bobSees.includes('ada: done'));
    assert.deepEqual(bobSees, ['ada: sent once, resent', 'bob 2', 'bob 3', 'bob 4', 'bob 5', 'bob 6', 'bob 7', 'ada: done']
      .map((t) => (t.includes(':') ? t : `bob: ${t}`)));
    assert.equal(adaSees.filter((t) => t === 'ada: sent once, resent').length, 1);
    assert.deepEqual(ada.messages.map((m) => m.seq), [1, 3, 4, 5, 6, 7, 8]);
  } finally {
    cable.close();
  }
});
