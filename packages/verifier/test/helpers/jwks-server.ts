import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 (port 0) whose routes a test swaps at will, counting every hit
 * per path. Handlers for misbehaviour: status codes, stalls, redirects, junk, huge bodies.
 */
export class TestServer {
  readonly hits = new Map<string, number>();
  private readonly routes = new Map<string, Handler>();
  private server: Server | undefined;
  origin = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const handler = this.routes.get(path);
      if (handler === undefined) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  route(path: string, handler: Handler): void {
    this.routes.set(path, handler);
  }

  count(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const value of this.hits.values()) sum += value;
    return sum;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function json(body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

export function status(code: number): Handler {
  return (_req, res) => {
    res.statusCode = code;
    res.end('{"error":"boom"}');
  };
}

/** Accepts the request and never answers. */
export function stall(): Handler {
  return () => {};
}

/** Sends headers and part of a body, then never finishes. */
export function stallMidBody(): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"keys":[');
  };
}

export function redirect(location: string, code = 302): Handler {
  return (_req, res) => {
    res.writeHead(code, { location });
    res.end();
  };
}

/** A body of `bytes` bytes, with or without Content-Length (chunked). */
export function huge(bytes: number, declareLength: boolean): Handler {
  return (_req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = String(bytes);
    res.writeHead(200, headers);
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!res.write(chunk.subarray(0, size))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
  };
}
