// The fault suite's TCP proxy, in a process of its own (see proxy.ts): argv[2] is the target
// port on 127.0.0.1. Prints `listening <port>`; on stdin, `reset` resets every open connection
// (answers `reset <n>`) and `close` resets them, closes and exits.
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';

const target = Number(process.argv[2]);
const sockets = new Set();
const track = (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
};
const server = createServer((client) => {
  const upstream = connect(target, '127.0.0.1');
  track(client);
  track(upstream);
  client.pipe(upstream);
  upstream.pipe(client);
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end).on('close', end);
  upstream.on('error', end).on('close', end);
});
const resetAll = () => {
  const n = sockets.size;
  for (const socket of sockets) socket.resetAndDestroy();
  return n;
};
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'reset') process.stdout.write(`reset ${resetAll()}\n`);
  else if (line === 'close') {
    resetAll();
    server.close(() => process.exit(0));
  }
});
// The test process went away: do not outlive it.
process.stdin.on('end', () => process.exit(0));
