import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `runid-issuer <args>` as a real child process to its end (a refused start, a one-shot). */
export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
  cwd?: string,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', RUNID_LOG_LEVEL: 'warn', ...env },
      ...(cwd === undefined ? {} : { cwd }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runid-issuer ${args.join(' ')} did not finish: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Serving {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `runid-issuer serve` and resolves once it logs "issuer listening". */
export function serveCli(env: Record<string, string>): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { PATH: process.env.PATH ?? '', RUNID_PORT: '0', RUNID_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    // Ready once it logged "issuer listening" and printed its banner: the banner is written in
    // the same tick as the SIGTERM/SIGINT handlers are registered, so stop() is then graceful.
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"issuer listening"/.exec(stdout);
      if (match && stderr.includes('RunID issuer listening on')) {
        resolve({
          child,
          url: match[1] as string,
          stdout: () => stdout,
          stderr: () => stderr,
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exit;
          },
        });
      }
    };
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      check();
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      check();
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}
