import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to a real server that a test can black-hole: while `blocked`, every open connection
 * is cut and new ones are accepted but never forwarded (a partitioned or paused database: the
 * client waits for an answer that never comes).
 */
export interface TcpProxy {
  port: number;
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let blocked = false;
  const server: Server = createServer((incoming) => {
    sockets.add(incoming);
    incoming.on('close', () => sockets.delete(incoming));
    incoming.on('error', () => incoming.destroy());
    if (blocked) return; // accepted, never answered
    const outgoing = connect(targetPort, targetHost);
    sockets.add(outgoing);
    outgoing.on('close', () => sockets.delete(outgoing));
    outgoing.on('error', () => incoming.destroy());
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
    incoming.pipe(outgoing);
    outgoing.pipe(incoming);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    block() {
      blocked = true;
      for (const socket of sockets) socket.destroy();
    },
    unblock() {
      blocked = false;
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
