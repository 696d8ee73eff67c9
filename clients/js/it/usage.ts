// A program written against @parley/client's types; pack.test.mjs compiles it with tsc --strict against the packed
// package. It is compiled, not run.
import {
  connect, ParleyError, type Ack, type Direct, type Edited, type Message, type Moderated, type ReadState, type RoomView,
  type Status, type User,
} from '@parley/client';

export async function chat(url: string, token: () => Promise<string>): Promise<number> {
  const client = connect(url, { token, WebSocket: globalThis.WebSocket, transport: { backoffMaxMs: 5_000 } });
  client.on('status', (status: Status) => console.log(status.state, status.kind));
  client.on('authenticated', ({ user, expires, rooms }) => console.log(user, expires, Object.keys(rooms)));
  client.on('error', (error: ParleyError) => console.log(error.code, error.ref));
  const room = client.join('lobby');
  room.on('message', (m: Message) => console.log(m.seq, m.deleted ? 'deleted' : `${m.user}: ${m.text.toUpperCase()}`));
  room.on('edited', ({ seq, text, editedAt, message }) => console.log(seq, text, editedAt, message?.seq));
  room.on('reaction', ({ emoji, sub, on }) => console.log(emoji, sub, on));
  room.on('read', ({ read, unread }: ReadState) => console.log(read, unread));
  client.on('activity', ({ room: name, seq }) => console.log(name, seq));
  room.on('presence', ({ event, user, members }) => console.log(event === 'join' ? '+' : '-', user, members.length));
  room.on('joined', ({ recovered, reset, epoch }) => console.log(recovered, reset, epoch ?? 'none'));
  await room.joined;
  const earlier: Message[] = await room.loadEarlier();
  const found: Message[] = await room.search('hello', { limit: 10 });
  console.log(found.map((m) => m.seq));
  const sending = room.send(`hello after ${earlier.length}`);
  console.log(sending.id.length);
  const ack: Ack = await sending;
  room.on('typing', ({ user, sub }) => console.log(user, sub));
  room.on('left', ({ reason }) => console.log(reason));
  room.on('pending', ({ id, state }) => console.log(id, state));
  const others: User[] = room.users.filter((u) => u.sub !== 'me');
  if (room.role === 'moderator' || room.role === 'owner') {
    const done: Moderated = await client.ban('lobby', others[0].sub);
    console.log(done.action, done.room, done.user);
    await client.kick('lobby', 'eve');
    await client.unban('lobby', 'eve');
  }
  await client.role('lobby', 'eve', null);
  const direct: Direct = await client.direct(others[0]?.sub ?? 'bob');
  client.join(direct.room).on('joined', ({ users, role }) => console.log(users.length, role));
  client.on('moderated', ({ action }) => console.log(action));
  const more: Message[] = await client.search('lobby', 'hello', { before: 10 });
  console.log(more.map((m) => (m.deleted ? m.seq : m.sub ?? m.user)));
  const fixed: Edited = await client.edit('lobby', ack.seq, 'hello, fixed');
  await client.react('lobby', fixed.seq, ':+1:');
  await client.delete('lobby', fixed.seq);
  room.read(fixed.seq);
  const rooms: RoomView[] = await client.rooms();
  console.log(rooms.map((r) => `${r.room} ${r.unread} ${r.last && !r.last.deleted ? r.last.text : ''}`), room.readState.unread);
  room.leave();
  client.close();
  return ack.seq;
}
