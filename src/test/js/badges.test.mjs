// The sidebar's unread badges: exact from `rooms` and from the rooms joined here, moved by `activity` once per message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Badges } from '../../main/webapp/js/badges.js';

test('a rooms answer sets the counts and gives the rooms in the server\'s order', () => {
  const badges = new Badges();
  const order = badges.fromRooms([{ room: 'dev', seq: 9, unread: 2 }, { room: 'lobby', seq: 4, unread: 0 }, { seq: 1 }]);
  assert.deepEqual(order, ['dev', 'lobby']);
  assert.equal(badges.unread('dev'), 2);
  assert.equal(badges.unread('lobby'), 0);
  assert.equal(badges.unread('unknown'), 0);
});

test('activity counts each new seq once; an older or repeated one counts nothing', () => {
  const badges = new Badges();
  badges.fromRooms([{ room: 'dev', seq: 9, unread: 2 }]);
  assert.equal(badges.activity({ room: 'dev', seq: 10 }), true);
  assert.equal(badges.activity({ room: 'dev', seq: 10 }), false);
  assert.equal(badges.activity({ room: 'dev', seq: 8 }), false);
  assert.equal(badges.activity({ room: 'dev', seq: 'x' }), false);
  assert.equal(badges.unread('dev'), 3);
  assert.equal(badges.activity({ room: 'new', seq: 1 }), true, 'a room not listed yet starts at one');
  assert.equal(badges.unread('new'), 1);
});

test('an exact count replaces the one kept; a room forgotten shows none', () => {
  const badges = new Badges();
  badges.fromRooms([{ room: 'dev', seq: 9, unread: 5 }]);
  assert.equal(badges.set('dev', 0), true);
  assert.equal(badges.set('dev', 0), false, 'the same count: nothing to draw again');
  assert.equal(badges.activity({ room: 'dev', seq: 9 }), false, 'the seq is kept with the count');
  badges.forget('dev');
  assert.equal(badges.unread('dev'), 0);
});
