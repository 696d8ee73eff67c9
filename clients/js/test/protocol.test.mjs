// The page's wire module: frames built as docs/protocol.md says, parley.batch messages read frame by frame.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  claimsOf, encode, frames, isMessage, nameProblem, readFrames, roomProblem, tokenName, tokenSubject,
} from '../src/protocol.js';

const b64 = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');
const token = (claims) => `${b64({ alg: 'HS256' })}.${b64(claims)}.sig`;

test('a first join carries no since; a rejoin carries since and the epoch it counts in', () => {
  assert.deepEqual(frames.join('lobby', 'ada'), { type: 'join', room: 'lobby', name: 'ada' });
  assert.deepEqual(frames.join('lobby', 'ada', { room: 'lobby', since: 7, epoch: 'e1' }),
    { type: 'join', room: 'lobby', name: 'ada', since: 7, epoch: 'e1' });
  assert.deepEqual(frames.join('lobby', 'ada', { room: 'lobby', since: 0, epoch: null }),
    { type: 'join', room: 'lobby', name: 'ada', since: 0 }, 'no epoch known: none sent');
});

test('the other client frames', () => {
  assert.deepEqual(frames.message('r', 'hi', 'id-1'), { type: 'message', room: 'r', text: 'hi', id: 'id-1' });
  assert.deepEqual(frames.history('r', 10, 5), { type: 'history', room: 'r', before: 10, limit: 5 });
  assert.deepEqual(frames.leave('r'), { type: 'leave', room: 'r' });
  assert.deepEqual(frames.typing('r'), { type: 'typing', room: 'r' });
  assert.equal(encode(frames.ping()), '{"type":"ping"}');
});

test('a parley.batch message is read as its frames, in order', () => {
  const text = [
    { type: 'ack', room: 'r', id: 'a', seq: 3 }, { type: 'message', room: 'r', seq: 3, user: 'ada', text: 'one\ntwo' },
  ].map((f) => JSON.stringify(f)).join('\n');
  const read = readFrames(text);
  assert.deepEqual(read.map((f) => f.type), ['ack', 'message']);
  assert.equal(read[1].text, 'one\ntwo', 'a newline inside a text is escaped in JSON, so it never splits a frame');
});

test('one frame per message (no batching) reads the same', () => {
  assert.deepEqual(readFrames('{"type":"pong"}'), [{ type: 'pong' }]);
});

test('lines that are not frames are skipped, the rest still read', () => {
  const read = readFrames(['not json', '42', 'null', '[]', '{"no":"type"}', '{"type":7}', '', '{"type":"pong"}'].join('\n'));
  assert.deepEqual(read, [{ type: 'pong' }]);
});

test('a shown message needs an integer seq, a user and a text', () => {
  assert.ok(isMessage({ seq: 1, user: 'ada', text: '' }));
  for (const bad of [null, undefined, {}, { seq: 1.5, user: 'a', text: 't' }, { seq: '1', user: 'a', text: 't' },
    { seq: 1, user: 2, text: 't' }, { seq: 1, user: 'a' }]) {
    assert.equal(isMessage(bad), false, JSON.stringify(bad));
  }
});

test('names: 1 to 32 UTF-16 units, no control or format characters', () => {
  assert.equal(nameProblem('ada'), '');
  assert.equal(nameProblem('x'.repeat(32)), '');
  assert.equal(nameProblem(''), 'Enter a name.');
  assert.match(nameProblem('x'.repeat(33)), /at most 32 .*33/);
  assert.match(nameProblem('😀'.repeat(17)), /this one has 34/, 'an emoji counts two, as on the server');
  for (const hidden of ['a\u0000b', 'a\u200bb', 'a\u2028b', 'a\tb', 'a\u202eb']) {
    assert.match(nameProblem(hidden), /invisible or control/, JSON.stringify(hidden));
  }
});

test('rooms: 1 to 64 of letters, digits, _ . -', () => {
  assert.equal(roomProblem('lobby-1_a.b'), '');
  assert.equal(roomProblem(''), 'Enter a room.');
  assert.match(roomProblem('r'.repeat(65)), /at most 64/);
  for (const bad of ['a b', 'a/b', 'ä', '#x', 'a\nb']) assert.match(roomProblem(bad), /only letters/, bad);
});

test('a token\'s name is its name, else its sub; its subject is its sub; read without checking', () => {
  assert.equal(tokenName(token({ sub: 'u-1', name: 'Ada' })), 'Ada');
  assert.equal(tokenName(token({ sub: 'bob' })), 'bob');
  assert.equal(tokenName(token({ sub: 'u-1', name: 'Zoë ✓' })), 'Zoë ✓', 'UTF-8 in the payload');
  assert.equal(tokenName('not-a-token'), '');
  assert.equal(tokenSubject(token({ sub: 'u-1', name: 'Ada' })), 'u-1');
  assert.equal(tokenSubject('not-a-token'), '');
  assert.equal(claimsOf('a.!!!.c'), null);
});

test('the conversation frames; a rejoin carries the rev seen; a tombstone is a message', () => {
  assert.deepEqual(frames.edit('r', 3, 'fixed'), { type: 'edit', room: 'r', seq: 3, text: 'fixed' });
  assert.deepEqual(frames.delete('r', 3), { type: 'delete', room: 'r', seq: 3 });
  assert.deepEqual(frames.react('r', 3, ':+1:'), { type: 'react', room: 'r', seq: 3, emoji: ':+1:' });
  assert.deepEqual(frames.read('r', 9), { type: 'read', room: 'r', seq: 9 });
  assert.deepEqual(frames.rooms(), { type: 'rooms' });
  assert.deepEqual(frames.join('r', 'ada', { room: 'r', since: 7, epoch: 'e1', rev: 0 }),
    { type: 'join', room: 'r', name: 'ada', since: 7, epoch: 'e1', rev: 0 });
  assert.equal(isMessage({ type: 'message', room: 'r', seq: 2, deleted: true }), true);
  assert.equal(isMessage({ type: 'message', room: 'r', seq: 2 }), false);
});
