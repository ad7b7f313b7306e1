import { randomFill } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** What `lowerHelperThreads` did: the threads it lowered, or why it left them. */
export type HelperPriority =
  | { lowered: number; nice: number }
  | { lowered: number; skipped: 'disabled' | 'not_linux' | 'refused'; reason?: string };

/**
 * The event loop first: every other thread of this process — the libuv threadpool that signs
 * (RSA/ECDSA), V8's GC and compiler helpers — gets nice `nice`, so on a busy machine the one
 * thread that parses requests, checks grants and answers never waits behind a signature. The
 * signatures still use every core the event loop leaves (measured in `pnpm bench`: with 2 cores
 * and 32 clients the event loop otherwise gets a third of a core at times and the machine idles).
 * Linux only, where nice is per thread; raising a nice value needs no privilege. Threads started
 * later by the event loop inherit its priority (the embedded store's audit thread lowers its own).
 */
export async function lowerHelperThreads(nice: number): Promise<HelperPriority> {
  if (nice === 0) return { lowered: 0, skipped: 'disabled' };
  if (process.platform !== 'linux') return { lowered: 0, skipped: 'not_linux' };
  // libuv starts all threadpool threads at its first job: make sure they exist before listing.
  await new Promise((resolve) => randomFill(Buffer.alloc(1), resolve));
  let lowered = 0;
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch (error) {
    return { lowered: 0, skipped: 'refused', reason: (error as Error).message };
  }
  for (const entry of tasks) {
    const tid = Number(entry);
    if (tid === process.pid || !Number.isInteger(tid)) continue;
    try {
      if (getPriority(tid) >= nice) continue;
      setPriority(tid, nice);
      lowered++;
    } catch (error) {
      // A thread that ended since the listing is no reason to stop; anything else (a sandbox
      // that refuses setpriority) is reported, and the threads keep the event loop's priority.
      if ((error as { info?: { code?: string } }).info?.code === 'ESRCH') continue;
      return { lowered, skipped: 'refused', reason: (error as Error).message };
    }
  }
  return { lowered, nice };
}
