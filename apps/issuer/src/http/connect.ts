import { type IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Node hands a CONNECT request to the server's `connect` event instead of `request`, and with
 * no listener destroys the socket: the caller sees a dropped connection, not an answer. This
 * gives the request to the app like any other (the router answers 405 `method_not_allowed` with
 * `Allow`, through the one problem middleware, logged with its request id), then closes the
 * connection: no tunnel is ever opened and bytes after the request head are discarded.
 */
export function answerConnect(server: Server): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    (socket as Socket).setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as unknown as Parameters<ServerResponse['assignSocket']>[0]);
    res.on('finish', () => {
      res.detachSocket(socket as unknown as Parameters<ServerResponse['detachSocket']>[0]);
      socket.end();
    });
    server.emit('request', req, res);
  });
}
