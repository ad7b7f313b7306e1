import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./proxy-process.mjs', import.meta.url));

/**
 * A TCP proxy between the issuer and PostgreSQL that a test can cut (RST) at will. It runs in a
 * process of its own: in the test process it shared an event loop with the mint load, which lags
 * hundreds of ms on a loaded 2-core machine, and every PostgreSQL round trip of every replica
 * waited for it twice (a handshake took seconds) — the rig's latency, not the issuer's.
 */
export class TcpProxy {
  readonly #targetPort: number;
  #child: ChildProcess | undefined;
  /** Answers of `reset` requests, in order. */
  readonly #pending: Array<(n: number) => void> = [];
  port = 0;

  constructor(targetPort: number) {
    this.#targetPort = targetPort;
  }

  async listen(): Promise<void> {
    const child = spawn(process.execPath, [SCRIPT, String(this.#targetPort)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.#child = child;
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    this.port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the proxy exited (${code}) at start`)));
      lines.on('line', (line) => {
        const [what, value] = line.split(' ');
        if (what === 'listening') resolve(Number(value));
        else if (what === 'reset') this.#pending.shift()?.(Number(value));
      });
    });
  }

  /** Resets every open connection (RST, as a failover or a middlebox would); how many. */
  resetAll(): Promise<number> {
    return new Promise<number>((resolve) => {
      this.#pending.push(resolve);
      this.#child?.stdin?.write('reset\n');
    });
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.write('close\n');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
