import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lowerHelperThreads } from '../../src/observability/thread-priority.js';

const MODULE = fileURLToPath(
  new URL('../../dist/observability/thread-priority.js', import.meta.url),
);

/** Runs `lowerHelperThreads(nice)` in a fresh Node process; answers its result and every thread's nice. */
function inFreshProcess(nice: number): { result: unknown; main: number; helpers: number[] } {
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { lowerHelperThreads } from ${JSON.stringify(MODULE)};
    const result = await lowerHelperThreads(${nice});
    const niceOf = (tid) => {
      const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tids = readdirSync('/proc/self/task').map(Number);
    console.log(JSON.stringify({
      result,
      main: niceOf(process.pid),
      helpers: tids.filter((t) => t !== process.pid).map(niceOf),
    }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('lowerHelperThreads (RUNID_HELPER_THREAD_NICE)', () => {
  it('0 leaves every thread as it is', async () => {
    expect(await lowerHelperThreads(0)).toEqual({ lowered: 0, skipped: 'disabled' });
  });

  it.runIf(process.platform === 'linux')(
    'lowers every thread but the event loop, the threadpool included, and only those',
    () => {
      const { result, main, helpers } = inFreshProcess(7);
      // The 4 threadpool threads (started by the call) and V8's platform workers at least.
      expect(helpers.length).toBeGreaterThanOrEqual(5);
      expect(result).toEqual({ lowered: helpers.length, nice: 7 });
      expect(main).toBe(0);
      expect(helpers).toEqual(helpers.map(() => 7));
    },
  );
});
