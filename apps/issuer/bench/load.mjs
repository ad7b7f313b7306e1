// The bench's load generator: undici pools (keep-alive, no pipelining) over real HTTP.
// `closedLoop` keeps N requests in flight (the maximum rate); `paced` sends evenly spaced
// requests at a fixed rate and times each from the moment it was due (no coordinated omission).
import { Pool } from 'undici';

/** One target = one or more origins; connections are split evenly across them. */
export function pools(origins, connections) {
  const per = Math.max(1, Math.floor(connections / origins.length));
  return origins.map((origin) => new Pool(origin, { connections: per, pipelining: 1 }));
}

export async function closePools(list) {
  await Promise.all(list.map((pool) => pool.close()));
}

async function send(pool, request) {
  const response = await pool.request(request.options);
  const text = await response.body.text();
  if (response.statusCode !== request.status) {
    throw new Error(
      `${request.options.path} answered ${response.statusCode}: ${text.slice(0, 300)}`,
    );
  }
  return text;
}

export async function sendOnce(pool, request) {
  return send(pool, request);
}

/** `total` requests with `concurrency` in flight, round-robin over the pools. */
export async function closedLoop(list, request, total, concurrency) {
  const latencies = new Float64Array(total);
  let issued = 0;
  const worker = async (w) => {
    const pool = list[w % list.length];
    while (issued < total) {
      const i = issued++;
      const started = performance.now();
      await send(pool, request);
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** `total` requests at `rate` a second, evenly spaced, round-robin over the pools. */
export function paced(list, request, total, rate) {
  const latencies = new Float64Array(total);
  const interval = 1000 / rate;
  const begin = performance.now() + 5;
  let next = 0;
  let done = 0;
  let lateMs = 0;
  return new Promise((resolve, reject) => {
    const fire = (i, due) => {
      send(list[i % list.length], request).then(() => {
        latencies[i] = performance.now() - due;
        if (++done === total) resolve({ latencies, lateMs });
      }, reject);
    };
    const tick = () => {
      const now = performance.now();
      while (next < total && begin + next * interval <= now) {
        const due = begin + next * interval;
        lateMs = Math.max(lateMs, now - due);
        fire(next, due);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, begin + next * interval - performance.now()));
    };
    setTimeout(tick, 5);
  });
}

export function percentile(latencies, p) {
  const sorted = Float64Array.from(latencies).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
