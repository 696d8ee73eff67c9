// A room's conversation as the store keeps it: edits, deletes and reactions applied in rev order and once, the rev sent
// back with `since` on a rejoin and `joined.changes` applied, and the read marker with an unread count that follows
// joined, read frames, messages by others and deletes. Frames as docs/protocol.md says the server sends them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changed } from '../src/conversation.js';
import { RoomStore } from '../src/store.js';

const ROOM = 'lobby';
const msg = (seq, user = 'bob', extra = {}) => ({ type: 'message', room: ROOM, seq, user, text: `m${seq}`, ...extra });
const tombstone = (seq) => ({ type: 'message', room: ROOM, seq, deleted: true });
const joined = (seq, extra = {}) => ({
  type: 'joined', room: ROOM, seq, epoch: 'e1', rev: 0, read: seq, unread: 0, members: ['ada'],
  history: Array.from({ length: seq }, (_, i) => msg(i + 1)), ...extra,
});
const edited = (seq, rev, text) => ({ type: 'edited', room: ROOM, seq, rev, text, editedAt: '2026-12-07T14:00:00.000Z' });
const deleted = (seq, rev) => ({ type: 'deleted', room: ROOM, seq, rev });
const reaction = (seq, rev, emoji, user, on) => ({ type: 'reaction', room: ROOM, seq, rev, emoji, user, sub: user, on });

/** A store joined as ada (subject `ada`) with bob's messages 1..seq, read up to `read`. */
function joinedStore(seq, extra = {}) {
  const store = new RoomStore(ROOM);
  store.join('ada', 'ada');
  store.onJoined(joined(seq, extra));
  return store;
}

test('an edit replaces the text and sets editedAt; a delete leaves a tombstone; the rev follows', () => {
  const store = joinedStore(3);
  const edit = store.onChange(edited(2, 1, 'fixed'));
  assert.equal(edit.message.text, 'fixed');
  assert.equal(edit.message.editedAt, '2026-12-07T14:00:00.000Z');
  assert.equal(store.messages.get(2).text, 'fixed');
  const gone = store.onChange(deleted(3, 2));
  assert.deepEqual(gone.message, tombstone(3));
  assert.deepEqual(store.messages.get(3), tombstone(3));
  assert.equal(store.conversation.rev, 2);
  assert.deepEqual(store.sorted().map((m) => m.seq), [1, 2, 3], 'numbering stays gapless');
});

test('a change at or below the rev seen is a repeat and changes nothing (a delete answered again)', () => {
  const store = joinedStore(2);
  store.onChange(deleted(1, 1));
  store.onChange(edited(2, 2, 'new'));
  assert.equal(store.onChange(deleted(1, 1)), null);
  assert.equal(store.onChange(edited(2, 2, 'older')), null);
  assert.equal(store.messages.get(2).text, 'new');
  assert.equal(store.onChange({ type: 'edited', room: ROOM, seq: 2, text: 'no rev' }), null, 'malformed: ignored');
});

test('a change of a message not held moves the rev and says so with no message', () => {
  const store = joinedStore(0, { seq: 90, read: 90 });
  assert.deepEqual(store.onChange(edited(7, 4, 'far back')), { message: null, rev: 4 });
  assert.equal(store.conversation.rev, 4);
});

test('reactions toggle per subject: emoji in order of first reaction, subjects in order of reacting', () => {
  let m = msg(1);
  m = changed(m, reaction(1, 1, ':+1:', 'bob', true));
  m = changed(m, reaction(1, 2, '🎉', 'ada', true));
  m = changed(m, reaction(1, 3, ':+1:', 'ada', true));
  assert.deepEqual(m.reactions, { ':+1:': ['bob', 'ada'], '🎉': ['ada'] });
  assert.deepEqual(Object.keys(m.reactions), [':+1:', '🎉']);
  m = changed(m, reaction(1, 4, ':+1:', 'bob', false));
  assert.deepEqual(m.reactions, { ':+1:': ['ada'], '🎉': ['ada'] });
  m = changed(m, reaction(1, 5, ':+1:', 'ada', false));
  m = changed(m, reaction(1, 6, '🎉', 'ada', false));
  assert.equal(m.reactions, undefined, 'no reactions left: the field goes');
  assert.equal(changed(tombstone(1), reaction(1, 7, ':+1:', 'ada', true)).reactions, undefined);
  assert.deepEqual(changed(tombstone(1), edited(1, 8, 'x')), tombstone(1), 'a tombstone stays one');
});

test('a reaction names its user by sub, else by name', () => {
  const m = changed(msg(1), { type: 'reaction', room: ROOM, seq: 1, rev: 1, emoji: ':eyes:', user: 'Ada', on: true });
  assert.deepEqual(m.reactions, { ':eyes:': ['Ada'] });
  const n = changed(msg(1), { ...reaction(1, 1, ':eyes:', 'Ada', true), sub: 'u-17' });
  assert.deepEqual(n.reactions, { ':eyes:': ['u-17'] });
});

test('a rejoin sends since, epoch and the rev seen; joined.changes replaces the held messages that changed', () => {
  const store = joinedStore(3, { rev: 5 });
  store.onChange(edited(1, 6, 'one'));
  store.disconnected();
  assert.deepEqual(store.join('ada', 'ada'), { type: 'join', room: ROOM, name: 'ada', since: 3, epoch: 'e1', rev: 6 });
  const now2 = { ...msg(2), text: 'two', editedAt: '2026-12-07T14:01:00.000Z' };
  const result = store.onJoined(joined(4, {
    rev: 8, recovered: true, history: [msg(4)], changes: [now2, tombstone(3), msg(99)],
  }));
  assert.deepEqual(result.changed, [now2, tombstone(3)], 'a change of a message not held is not added');
  assert.equal(result.reset, false);
  assert.deepEqual(store.sorted().map((m) => m.text ?? 'deleted'), ['one', 'two', 'deleted', 'm4']);
  assert.equal(store.conversation.rev, 8);
  assert.equal(store.onChange(edited(1, 8, 'repeat')), null, 'changes up to joined.rev are in');
});

test('a server that sends no rev gets none back; a new epoch starts the rev over', () => {
  const store = new RoomStore(ROOM);
  store.join('ada');
  store.onJoined({ type: 'joined', room: ROOM, seq: 2, epoch: 'e1', history: [msg(1), msg(2)] });
  store.disconnected();
  assert.deepEqual(store.join('ada'), { type: 'join', room: ROOM, name: 'ada', since: 2, epoch: 'e1' });
  const fresh = joinedStore(2, { rev: 9 });
  fresh.disconnected();
  fresh.join('ada', 'ada');
  fresh.onJoined(joined(1, { epoch: 'e2', rev: 1, recovered: false }));
  assert.equal(fresh.conversation.rev, 1);
});

test('joined gives the marker and unread count; later messages by others count, the user\'s own do not', () => {
  const store = joinedStore(5, { read: 3, unread: 2 });
  assert.deepEqual([store.conversation.read, store.conversation.unread], [3, 2]);
  store.onMessage(msg(6));
  store.onMessage(msg(7, 'ada'));
  store.onMessage(msg(8, 'Ada', { sub: 'ada' }));
  assert.equal(store.conversation.unread, 3);
  store.onMessage(msg(6)); // a duplicate
  assert.equal(store.conversation.unread, 3);
});

test('messages of the history and gap fills count once; earlier pages not at all', () => {
  const store = joinedStore(0, { seq: 10, read: 10, unread: 0, history: [msg(9), msg(10)] });
  assert.equal(store.conversation.unread, 0, 'joined.unread already counts its history');
  const { gap } = store.onMessage(msg(13));
  assert.ok(gap);
  store.onHistory({ type: 'history', room: ROOM, messages: [msg(11), msg(12)] });
  assert.equal(store.conversation.unread, 3);
  store.loadEarlier();
  store.onHistory({ type: 'history', room: ROOM, messages: [msg(7), msg(8)] });
  assert.equal(store.conversation.unread, 3);
});

test('reading moves the marker forward only, and the count drops by what it passes', () => {
  const store = joinedStore(2, { read: 2, unread: 0 });
  for (const m of [msg(3), msg(4, 'ada'), msg(5), msg(6)]) store.onMessage(m);
  assert.equal(store.conversation.unread, 3);
  assert.deepEqual(store.markRead(4), { type: 'read', room: ROOM, seq: 4 });
  assert.deepEqual([store.conversation.read, store.conversation.unread], [4, 2]);
  assert.equal(store.markRead(4), null, 'not past the marker: nothing to send');
  assert.equal(store.markRead(3), null, 'never back');
  assert.deepEqual(store.markRead(1000), { type: 'read', room: ROOM, seq: 6 }, 'no further than the latest');
  assert.deepEqual([store.conversation.read, store.conversation.unread], [6, 0]);
  store.disconnected();
  store.onMessage(msg(7));
  assert.equal(store.markRead(7), null, 'not joined on this connection: nothing sent');
});

test('a read from another tab sets the marker and the server\'s count; an older one is ignored', () => {
  const store = joinedStore(2);
  store.onMessage(msg(3));
  store.onMessage(msg(4));
  assert.equal(store.onRead({ type: 'read', room: ROOM, seq: 3, unread: 1 }), true);
  assert.deepEqual([store.conversation.read, store.conversation.unread], [3, 1]);
  assert.equal(store.onRead({ type: 'read', room: ROOM, seq: 2, unread: 2 }), false);
  assert.deepEqual([store.conversation.read, store.conversation.unread], [3, 1]);
});

test('deleting an unread message by someone else lowers the count; a read, own or deleted one does not', () => {
  const store = joinedStore(2, { read: 2 });
  for (const m of [msg(3), msg(4, 'ada'), msg(5)]) store.onMessage(m);
  assert.equal(store.conversation.unread, 2);
  store.onChange(deleted(5, 1));
  assert.equal(store.conversation.unread, 1);
  store.onChange(deleted(4, 2));
  store.onChange(deleted(1, 3));
  assert.equal(store.conversation.unread, 1);
  store.onChange(deleted(5, 4));
  assert.equal(store.conversation.unread, 1, 'a tombstone deleted again counts nothing');
});

test('tombstones in the history are held, in their place', () => {
  const store = joinedStore(0, { seq: 3, history: [msg(1), tombstone(2), msg(3)] });
  assert.deepEqual(store.sorted().map((m) => Boolean(m.deleted)), [false, true, false]);
});
