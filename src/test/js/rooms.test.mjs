// The rooms list and the access frames of the page (docs/protocol.md, Rooms and access).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RoomList } from '../../main/webapp/js/rooms.js';
import { frames, moderates, removalText } from '../../../clients/js/src/protocol.js';

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)) };
}

test('rooms are listed most recent first, a direct conversation by the other user', () => {
  const list = new RoomList(memoryStorage());
  list.use({ room: 'lobby' });
  list.use({ room: 'dm.abc', with: 'bob' });
  list.use({ room: 'lobby' });
  assert.deepEqual(list.entries.map((e) => e.room), ['lobby', 'dm.abc']);
  assert.equal(list.label('dm.abc'), '@bob');
  assert.equal(list.label('lobby'), '#lobby');
  list.use({ room: 'dm.abc' });
  assert.equal(list.label('dm.abc'), '@bob', 'joined again without a name, it keeps its label');
});

test('the list survives a reload and forgets a room that refused the user', () => {
  const storage = memoryStorage();
  const first = new RoomList(storage);
  first.use({ room: 'staff' });
  first.use({ room: 'lobby' });
  first.forget('staff');
  assert.deepEqual(new RoomList(storage).entries, [{ room: 'lobby' }]);
});

test('rooms a token grants are listed after those used, without moving them', () => {
  const list = new RoomList(memoryStorage());
  list.use({ room: 'lobby' });
  list.use({ room: 'dm.abc', with: 'bob' });
  list.know(['ops', 'lobby', 'staff']);
  assert.deepEqual(list.entries.map((e) => e.room), ['dm.abc', 'lobby', 'ops', 'staff']);
  list.know(['ops']);
  assert.deepEqual(list.entries.map((e) => e.room), ['dm.abc', 'lobby', 'ops', 'staff']);
  list.forget('ops');
  list.know(['ops']);
  assert.deepEqual(list.entries.map((e) => e.room), ['dm.abc', 'lobby', 'staff'], 'a room that refused the user stays off');
  list.use({ room: 'ops' });
  assert.equal(list.entries[0].room, 'ops', 'until the user joins it again');
});

test('a damaged or missing store starts an empty list', () => {
  const storage = memoryStorage();
  storage.setItem('parley.rooms', '{not json');
  assert.deepEqual(new RoomList(storage).entries, []);
  assert.deepEqual(new RoomList(null).entries, []);
  const throwing = { getItem() { throw new Error('disabled'); }, setItem() { throw new Error('disabled'); } };
  const list = new RoomList(throwing);
  list.use({ room: 'lobby' });
  assert.deepEqual(list.entries, [{ room: 'lobby' }]);
});

test('direct and moderation frames, who moderates, what a removal says', () => {
  assert.deepEqual(frames.direct('bob'), { type: 'direct', user: 'bob' });
  assert.deepEqual(frames.moderate('ban', 'staff', 'eve'), { type: 'ban', room: 'staff', user: 'eve' });
  assert.equal(moderates('moderator'), true);
  assert.equal(moderates('owner'), true);
  assert.equal(moderates('member'), false);
  assert.equal(moderates(undefined), false);
  assert.match(removalText('kicked', 'staff'), /join it again/);
  assert.match(removalText('banned', 'staff'), /banned from #staff/);
  assert.match(removalText('revoked', 'staff'), /access to #staff was taken away/);
  assert.equal(removalText(undefined, 'staff'), '');
});

test('a direct conversation listed by the server gets its other user\'s name once, in its place', () => {
  const list = new RoomList(memoryStorage());
  list.use({ room: 'lobby' });
  list.know(['dm.abc']);
  list.name('dm.abc', 'bob');
  list.name('dm.abc', 'eve');
  list.name('unlisted', 'eve');
  assert.deepEqual(list.entries, [{ room: 'lobby' }, { room: 'dm.abc', with: 'bob' }]);
  assert.equal(list.label('dm.abc'), '@bob');
});
