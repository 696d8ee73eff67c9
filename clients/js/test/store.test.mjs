// A room as the page keeps it: gaps, duplicates, reordered frames, a new epoch, pending messages resent after a
// rejoin and shown once. The frames are what docs/protocol.md says the server sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFrames } from '../src/protocol.js';
import { RoomStore } from '../src/store.js';

const ROOM = 'lobby';
const msg = (seq, user = 'bob', extra = {}) => ({ type: 'message', room: ROOM, seq, user, text: `m${seq}`, ...extra });
const joined = (seq, extra = {}) => ({ type: 'joined', room: ROOM, seq, epoch: 'e1', history: [], members: ['ada'], ...extra });
const seqs = (store) => store.sorted().map((m) => m.seq);

/** A store joined as ada at `seq`, with messages 1..seq in its history. */
function joinedStore(seq = 0) {
  const store = new RoomStore(ROOM);
  store.join('ada');
  store.onJoined(joined(seq, { history: Array.from({ length: seq }, (_, i) => msg(i + 1)) }));
  return store;
}

test('the first join asks for no since; after joined, a rejoin resumes from the last seq in its epoch', () => {
  const store = new RoomStore(ROOM);
  assert.deepEqual(store.join('ada'), { type: 'join', room: ROOM, name: 'ada' });
  store.onJoined(joined(3));
  store.onMessage(msg(4));
  store.disconnected();
  assert.deepEqual(store.join('ada'), { type: 'join', room: ROOM, name: 'ada', since: 4, epoch: 'e1' });
});

test('messages in order are added; the same seq again is a duplicate and changes nothing', () => {
  const store = joinedStore(2);
  const third = store.onMessage(msg(3));
  assert.equal(third.duplicate, false);
  assert.equal(third.gap, null);
  assert.equal(third.added.message.seq, 3);
  for (const again of [msg(3), msg(2), msg(1, 'eve', { text: 'forged' })]) {
    assert.deepEqual(store.onMessage(again), { duplicate: true, added: null, gap: null });
  }
  assert.deepEqual(seqs(store), [1, 2, 3]);
  assert.equal(store.sorted()[0].text, 'm1', 'a duplicate does not replace what is held');
});

test('a message past a hole asks for exactly the missing ones, and their history fills it', () => {
  const store = joinedStore(2);
  const { gap, added } = store.onMessage(msg(6));
  assert.deepEqual(gap, { type: 'history', room: ROOM, before: 6, limit: 3 });
  assert.equal(added.message.seq, 6);
  assert.equal(store.lastSeq, 6);
  const filled = store.onHistory({ type: 'history', room: ROOM, messages: [msg(3), msg(4), msg(5)] });
  assert.equal(filled.kind, 'gap');
  assert.deepEqual(filled.added.map((a) => a.message.seq), [3, 4, 5]);
  assert.deepEqual(seqs(store), [1, 2, 3, 4, 5, 6]);
});

test('a hole wider than a history page asks for at most historyMax', () => {
  const store = new RoomStore(ROOM, { historyMax: 200 });
  store.join('ada');
  store.onJoined(joined(0));
  assert.equal(store.onMessage(msg(1000)).gap.limit, 200);
});

test('reordered frames: a late one below the last seq is dropped, as the gap history brings it', () => {
  const store = joinedStore(1);
  store.onMessage(msg(3)); // 2 overtaken
  assert.equal(store.onMessage(msg(2)).duplicate, true, 'live frames are in seq order; an older one is late');
  store.onHistory({ type: 'history', room: ROOM, messages: [msg(2)] });
  assert.deepEqual(seqs(store), [1, 2, 3]);
  assert.equal(store.onHistory({ type: 'history', room: ROOM, messages: [msg(2), msg(3)] }).added.length, 0,
    'history that overlaps adds nothing twice');
});

test('history answers are matched to their requests in order (a gap and an earlier page)', () => {
  const store = joinedStore(0);
  store.onJoined(joined(120, { history: [msg(100), msg(101)] }));
  const earlier = store.loadEarlier();
  assert.deepEqual(earlier, { type: 'history', room: ROOM, before: 100, limit: 50 });
  assert.equal(store.loadEarlier(), null, 'one earlier page at a time');
  store.onMessage(msg(123)); // asks for 121..122
  const page = Array.from({ length: 50 }, (_, i) => msg(50 + i));
  assert.equal(store.onHistory({ type: 'history', room: ROOM, messages: page }).kind, 'earlier');
  assert.equal(store.exhausted, false, 'a full page: there may be more');
  assert.equal(store.onHistory({ type: 'history', room: ROOM, messages: [msg(121), msg(122)] }).kind, 'gap');
  store.loadEarlier();
  store.onHistory({ type: 'history', room: ROOM, messages: [msg(49)] });
  assert.equal(store.exhausted, true, 'a short page: nothing older is kept');
  assert.equal(store.hasEarlier(), false);
});

test('a history error answers its request; a new connection forgets unanswered ones', () => {
  const store = joinedStore(0);
  store.onJoined(joined(80, { history: [msg(60)] }));
  store.loadEarlier();
  assert.equal(store.onError({ type: 'error', code: 'rate_limited', ref: 'history' }).history, 'earlier');
  store.loadEarlier();
  store.disconnected();
  assert.deepEqual(store.requests, []);
  assert.equal(store.loadEarlier(), null, 'not joined on the new connection yet');
});

test('an own message: pending until its ack gives it a seq; the echo after it is not added again', () => {
  const store = joinedStore(4);
  const pending = store.post('hello', 'id-1');
  assert.deepEqual(store.outgoing(), [{ type: 'message', room: ROOM, text: 'hello', id: 'id-1' }]);
  assert.equal(pending.state, 'sent');
  assert.deepEqual(store.outgoing(), [], 'sent once per connection');
  const { added } = store.onAck({ type: 'ack', room: ROOM, id: 'id-1', seq: 5, ts: '2026-01-01T00:00:00Z' });
  assert.equal(added.pending, pending);
  assert.deepEqual(added.message, { type: 'message', room: ROOM, seq: 5, id: 'id-1', user: 'ada', text: 'hello',
    ts: '2026-01-01T00:00:00Z' });
  assert.equal(store.pending.size, 0);
  const echo = store.onMessage(msg(5, 'ada', { id: 'id-1', text: 'hello' }));
  assert.equal(echo.duplicate, false, 'the echo moves lastSeq on');
  assert.equal(echo.added, null, 'but the message is held already');
  assert.equal(store.lastSeq, 5);
});

test('nothing is sent while not joined; a message posted meanwhile goes out after joined', () => {
  const store = new RoomStore(ROOM);
  store.join('ada');
  store.post('early', 'id-1');
  assert.deepEqual(store.outgoing('id-1'), []);
  store.onJoined(joined(0));
  assert.deepEqual(store.outgoing().map((f) => f.id), ['id-1']);
});

test('after a drop, a message sent but not acked goes out again with the same id', () => {
  const store = joinedStore(2);
  store.post('one', 'id-1');
  store.post('two', 'id-2');
  store.outgoing();
  store.disconnected();
  assert.deepEqual(store.outgoing(), [], 'not before the rejoin');
  store.join('ada');
  store.onJoined(joined(2, { recovered: true }));
  assert.deepEqual(store.outgoing().map((f) => [f.id, f.text]), [['id-1', 'one'], ['id-2', 'two']]);
});

test('a message recorded before the drop comes back in the rejoin history: confirmed, not resent', () => {
  const store = joinedStore(2);
  const pending = store.post('one', 'id-1');
  store.outgoing();
  store.disconnected();
  store.join('ada');
  const { added } = store.onJoined(joined(3, { recovered: true, history: [msg(3, 'ada', { id: 'id-1', text: 'one' })] }));
  assert.equal(added[0].pending, pending, 'the history message takes the pending one\'s place');
  assert.deepEqual(store.outgoing(), []);
  assert.deepEqual(seqs(store), [1, 2, 3]);
});

test('someone else\'s message with an own pending id does not confirm it', () => {
  const store = joinedStore(0);
  store.post('mine', 'id-1');
  store.outgoing();
  const { added } = store.onMessage(msg(1, 'eve', { id: 'id-1', text: 'not yours' }));
  assert.equal(added.pending, null);
  assert.equal(store.pending.get('id-1').state, 'sent');
});

test('a resend the server had recorded is acked with the original seq and shown once, at that seq', () => {
  const store = joinedStore(3);
  const pending = store.post('one', 'id-1');
  store.outgoing(); // recorded as seq 4; the connection drops before the ack and the echo
  store.disconnected();
  store.join('ada');
  // Not recovered (the room kept too little): the latest messages come without seq 4.
  store.onJoined(joined(60, { epoch: 'e1', recovered: false, history: [msg(59), msg(60)] }));
  assert.deepEqual(store.outgoing().map((f) => f.id), ['id-1'], 'resent with the same id');
  const { added } = store.onAck({ type: 'ack', room: ROOM, id: 'id-1', seq: 4 }); // dedupe: the original seq
  assert.equal(added.pending, pending);
  assert.equal(added.message.seq, 4);
  assert.deepEqual(seqs(store), [4, 59, 60]);
  assert.equal(store.onMessage(msg(4, 'ada', { id: 'id-1', text: 'one' })).duplicate, true, 'a late echo is dropped');
  assert.equal(store.lastSeq, 60);
});

test('an ack whose seq is held already (its message came without the id) drops the pending copy', () => {
  const store = joinedStore(2);
  const pending = store.post('two', 'id-2');
  store.outgoing();
  store.onMessage(msg(3, 'ada', { text: 'two' }));
  assert.deepEqual(store.onAck({ type: 'ack', room: ROOM, id: 'id-2', seq: 3 }), { added: null, duplicate: pending });
  assert.equal(store.pending.size, 0);
  assert.deepEqual(seqs(store), [1, 2, 3]);
});

test('an ack for no pending message, or without a seq, is ignored', () => {
  const store = joinedStore(0);
  store.post('x', 'id-1');
  assert.deepEqual(store.onAck({ type: 'ack', room: ROOM, id: 'other', seq: 1 }), { added: null, duplicate: null });
  assert.deepEqual(store.onAck({ type: 'ack', room: ROOM, id: 'id-1' }), { added: null, duplicate: null });
  assert.deepEqual(store.onAck({ type: 'ack', room: ROOM, id: 'id-1', seq: '1' }), { added: null, duplicate: null });
  assert.equal(store.pending.size, 1);
});

test('a rejoin that is not recovered starts a new epoch: held messages go, numbering restarts', () => {
  const store = joinedStore(5);
  store.post('written while away', 'id-1');
  store.disconnected();
  assert.deepEqual(store.join('ada'), { type: 'join', room: ROOM, name: 'ada', since: 5, epoch: 'e1' });
  const { reset, added } = store.onJoined(joined(2, { epoch: 'e2', recovered: false, history: [msg(1), msg(2)] }));
  assert.equal(reset, true);
  assert.deepEqual(added.map((a) => a.message.seq), [1, 2]);
  assert.deepEqual(seqs(store), [1, 2]);
  assert.equal(store.epoch, 'e2');
  assert.equal(store.onMessage(msg(3)).duplicate, false, 'seq 3 of the new epoch is new');
  assert.deepEqual(store.outgoing().map((f) => f.id), ['id-1'], 'the pending message goes out in the new epoch');
  store.disconnected();
  assert.deepEqual(store.join('ada'), { type: 'join', room: ROOM, name: 'ada', since: 3, epoch: 'e2' });
});

test('a recovered rejoin keeps what is held and adds what was missed', () => {
  const store = joinedStore(3);
  store.disconnected();
  store.join('ada');
  const { reset } = store.onJoined(joined(5, { recovered: true, history: [msg(4), msg(5)] }));
  assert.equal(reset, false);
  assert.deepEqual(seqs(store), [1, 2, 3, 4, 5]);
});

test('unavailable leaves a message waiting for a later try; not_joined queues it and asks for a rejoin', () => {
  const store = joinedStore(0);
  const a = store.post('a', 'id-a');
  const b = store.post('b', 'id-b');
  store.outgoing();
  assert.deepEqual(store.onError({ type: 'error', code: 'unavailable', ref: 'id-a' }), { pending: a, rejoin: false, history: null });
  assert.equal(a.state, 'waiting');
  assert.deepEqual(store.outgoing().map((f) => f.id), ['id-a'], 'sent again with the same id');
  const notJoined = store.onError({ type: 'error', code: 'not_joined', ref: 'id-b' });
  assert.deepEqual(notJoined, { pending: b, rejoin: true, history: null });
  assert.equal(store.joined, false);
  assert.deepEqual(store.outgoing(), []);
  store.join('ada');
  store.onJoined(joined(0, { recovered: true }));
  assert.deepEqual(store.outgoing().map((f) => f.id), ['id-b']);
});

test('unavailable for the join: not joined, so a later try sends join again', () => {
  const store = new RoomStore(ROOM);
  store.join('ada');
  store.joined = true; // as if joined on this connection
  store.onError({ type: 'error', code: 'unavailable', ref: 'join' });
  assert.equal(store.joined, false);
});

test('any other error fails the message; it goes out again only when retried', () => {
  const store = joinedStore(0);
  const pending = store.post('x'.repeat(10), 'id-1');
  store.outgoing();
  store.onError({ type: 'error', code: 'too_large', ref: 'id-1' });
  assert.deepEqual([pending.state, pending.error], ['failed', 'too_large']);
  store.disconnected();
  store.join('ada');
  store.onJoined(joined(0, { recovered: true }));
  assert.deepEqual(store.outgoing(), [], 'a failed message is not resent by itself');
  store.retry('id-1');
  assert.deepEqual(store.outgoing('id-1').map((f) => f.id), ['id-1']);
  assert.equal(store.discard('id-1'), true);
  assert.equal(store.retry('id-1'), null);
});

test('an error about something else concerns no message', () => {
  const store = joinedStore(0);
  assert.deepEqual(store.onError({ type: 'error', code: 'rate_limited', ref: 'typing' }),
    { pending: null, rejoin: false, history: null });
  assert.deepEqual(store.onError({ type: 'error', code: 'bad_request' }), { pending: null, rejoin: false, history: null });
});

test('leaving drops pending messages and members and says whether to send leave', () => {
  const store = joinedStore(1);
  store.post('x', 'id-1');
  assert.deepEqual(store.leave(), { type: 'leave', room: ROOM });
  assert.equal(store.pending.size, 0);
  assert.equal(store.members.size, 0);
  assert.equal(store.leave(), null, 'not joined any more: nothing to send');
});

test('presence: members from joined, then joins and leaves; malformed ones ignored', () => {
  const store = joinedStore(0);
  assert.deepEqual([...store.members], ['ada']);
  assert.equal(store.onPresence({ type: 'presence', event: 'join', user: 'bob' }), true);
  assert.equal(store.onPresence({ type: 'presence', event: 'join', user: 'bob' }), false);
  assert.equal(store.onPresence({ type: 'presence', event: 'join', user: 7 }), false);
  assert.equal(store.onPresence({ type: 'presence', event: 'leave', user: 'ada' }), true);
  assert.deepEqual([...store.members], ['bob']);
});

test('users by subject: joined.users and presence with sub; two users of one name; names only when no sub comes', () => {
  const store = new RoomStore(ROOM);
  store.join('Sam');
  store.onJoined(joined(0, { members: ['Sam'], users: [{ user: 'Sam', sub: 'u-1' }, { user: 'Sam', sub: 'u-2' }, { sub: 'x' }] }));
  assert.deepEqual([...store.users], [['u-1', 'Sam'], ['u-2', 'Sam']]);
  assert.deepEqual([...store.members], ['Sam'], 'members are names');
  assert.equal(store.onPresence({ type: 'presence', event: 'join', user: 'Sam', sub: 'u-2' }), false, 'already there');
  assert.equal(store.onPresence({ type: 'presence', event: 'leave', user: 'Sam', sub: 'u-1' }), true);
  assert.deepEqual([...store.users], [['u-2', 'Sam']]);
  assert.equal(store.onPresence({ type: 'presence', event: 'join', user: 'Bob', sub: 'u-3' }), true);
  assert.equal(store.onPresence({ type: 'presence', event: 'leave', user: 'Bob' }), false, 'by name: not the subject u-3');
  store.onJoined(joined(0, { members: ['ada', 'bob'] }));
  assert.deepEqual([...store.users], [['ada', 'ada'], ['bob', 'bob']], 'a server without subjects');
});

test('malformed messages and history are skipped without breaking the order', () => {
  const store = joinedStore(1);
  assert.equal(store.onMessage({ type: 'message', room: ROOM, seq: 'x', user: 'bob', text: 't' }).duplicate, true);
  const noText = store.onMessage({ type: 'message', room: ROOM, seq: 2, user: 'bob' });
  assert.equal(noText.added, null);
  assert.equal(store.onHistory({ type: 'history', room: ROOM, messages: 'nope' }).added.length, 0);
  store.onJoined({ type: 'joined', room: ROOM, history: [null, 5, msg(2)], recovered: true });
  assert.deepEqual(seqs(store), [1, 2]);
});

test('a parley.batch message read frame by frame: ack, echo and a later message, in one go', () => {
  const store = joinedStore(0);
  store.post('hi', 'id-1');
  store.outgoing();
  const batch = [
    { type: 'ack', room: ROOM, id: 'id-1', seq: 1 },
    msg(1, 'ada', { id: 'id-1', text: 'hi' }),
    msg(2),
    msg(2),
  ].map((f) => JSON.stringify(f)).join('\n');
  const shown = [];
  for (const frame of readFrames(batch)) {
    const result = frame.type === 'ack' ? store.onAck(frame) : store.onMessage(frame);
    if (result.added) shown.push(result.added.message.seq);
  }
  assert.deepEqual(shown, [1, 2], 'each message shown once');
  assert.equal(store.lastSeq, 2);
  assert.equal(store.pending.size, 0);
});
