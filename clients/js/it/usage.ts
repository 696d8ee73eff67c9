// A program written against @parley/client's types; pack.test.mjs compiles it with tsc --strict against the packed
// package. It is compiled, not run.
import { connect, ParleyError, type Ack, type Message, type Status } from '@parley/client';

export async function chat(url: string, token: () => Promise<string>): Promise<number> {
  const client = connect(url, { token, WebSocket: globalThis.WebSocket, transport: { backoffMaxMs: 5_000 } });
  client.on('status', (status: Status) => console.log(status.state, status.kind));
  client.on('authenticated', ({ user, expires, rooms }) => console.log(user, expires, Object.keys(rooms)));
  client.on('error', (error: ParleyError) => console.log(error.code, error.ref));
  const room = client.join('lobby');
  room.on('message', (m: Message) => console.log(m.seq, m.user, m.text.toUpperCase()));
  room.on('presence', ({ event, user, members }) => console.log(event === 'join' ? '+' : '-', user, members.length));
  room.on('joined', ({ recovered, reset, epoch }) => console.log(recovered, reset, epoch ?? 'none'));
  await room.joined;
  const earlier: Message[] = await room.loadEarlier();
  const found: Message[] = await room.search('hello', { limit: 10 });
  console.log(found.map((m) => m.seq));
  const ack: Ack = await room.send(`hello after ${earlier.length}`);
  room.leave();
  client.close();
  return ack.seq;
}
