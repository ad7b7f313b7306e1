import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IssuerProcess } from '../src/issuer-process.js';
import { createClientKey, mintOnce } from '../src/load.js';
import { sleep } from '../src/scenario.js';

/** Slow-loris: connections trickling their headers must not stop a normal client from minting. */
describe('slow clients', () => {
  let dataDir: string;
  let issuer: IssuerProcess;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runid-faults-slow-'));
    issuer = await IssuerProcess.start({
      RUNID_DATA_DIR: dataDir,
      RUNID_HTTP_HEADERS_TIMEOUT: '2s',
      RUNID_HTTP_REQUEST_TIMEOUT: '5s',
      RUNID_HTTP_MAX_CONNECTIONS: '300',
    });
    key = await createClientKey(issuer.url);
  });

  afterAll(async () => {
    await issuer?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function trickler(closed: { n: number }): { socket: Socket; stop: () => void } {
    const socket = connect(issuer.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('close', () => closed.n++);
    socket.write('POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${i++}: y\r\n`);
    }, 300);
    const stop = () => {
      clearInterval(timer);
      socket.destroy();
    };
    return { socket, stop };
  }

  it('200 connections trickling headers: a normal client still mints, and they are cut after RUNID_HTTP_HEADERS_TIMEOUT', async () => {
    const closed = { n: 0 };
    const slow = Array.from({ length: 200 }, () => trickler(closed));
    try {
      await sleep(500);
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await mintOnce(issuer.url, key, 3_000));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2_000);
      // headersTimeout 2 s, checked every second: every trickler is closed by the server.
      await sleep(4_000);
      expect(closed.n).toBe(200);
      expect((await mintOnce(issuer.url, key)).status).toBe(201);
    } finally {
      for (const s of slow) s.stop();
    }
  });

  it('connections beyond RUNID_HTTP_MAX_CONNECTIONS are closed at once', async () => {
    const closed = { n: 0 };
    const sockets: Socket[] = [];
    for (let i = 0; i < 330; i++) {
      const socket = connect(issuer.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('close', () => closed.n++);
      sockets.push(socket);
    }
    try {
      await sleep(1_000);
      expect(closed.n).toBeGreaterThanOrEqual(30);
      for (const s of sockets) s.destroy();
      await sleep(200);
      expect((await mintOnce(issuer.url, key)).status).toBe(201);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});
