/**
 * The soak mode of the fault harness: one real `runid-issuer serve` per store (embedded SQLite in
 * a temp dir; PostgreSQL on a throwaway cluster of our own, fsync on), a steady bounded mint load
 * for SOAK_MINUTES, and one report line per window: answers by status/code, errors, client
 * latency, and the issuer's own RSS, CPU and event-loop delay (from its /metrics). Ends with the
 * fault suite's checks (alive, documented answers only, unique jtis, every token audited, JWKS
 * unchanged); exit 1 when one fails. Loopback only; stops by itself.
 *
 *   pnpm --filter @runid/fault-tests soak                       # 5 min at 200/s on each store
 *   SOAK_MINUTES=1 SOAK_RATE=100 SOAK_STORES=sqlite pnpm --filter @runid/fault-tests soak
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { faultSuiteAvailable, PgCluster } from '../src/cluster.js';
import { IssuerProcess } from '../src/issuer-process.js';
import { auditedJtis, createClientKey, jwks, MintLoad, mintOnce } from '../src/load.js';
import {
  EVENT_LOOP_SAMPLING_MS,
  formatWindow,
  type ProcessFigures,
  processFigures,
  type WindowSummary,
  windowSummary,
} from '../src/soak-window.js';

type StoreName = 'sqlite' | 'postgres';

interface Settings {
  minutes: number;
  rate: number;
  windowSeconds: number;
  stores: StoreName[];
}

function settings(): Settings {
  const problems: string[] = [];
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const text = process.env[name];
    const value = text === undefined || text === '' ? fallback : Number(text);
    if (!Number.isFinite(value) || value < min || value > max)
      problems.push(`${name} must be a number between ${min} and ${max} (got ${text})`);
    return value;
  };
  const minutes = number('SOAK_MINUTES', 5, 0.1, 60);
  const rate = number('SOAK_RATE', 200, 1, 2_000);
  const windowSeconds = number('SOAK_WINDOW_SECONDS', 60, 5, 3_600);
  const stores = (process.env.SOAK_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  for (const s of stores)
    if (s !== 'sqlite' && s !== 'postgres')
      problems.push(`SOAK_STORES lists sqlite and/or postgres (got ${s})`);
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    process.exit(2);
  }
  return { minutes, rate, windowSeconds, stores: stores as StoreName[] };
}

interface Result {
  store: StoreName;
  seconds: number;
  total: WindowSummary;
  rssMb: { first: number; last: number; max: number };
  eventLoopP99MaxMs: number;
  eventLoopMaxMs: number;
  load: { first: number[]; last: number[] };
  failures: string[];
}

const cleanups: Array<() => Promise<unknown>> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0)
    await cleanups
      .pop()?.()
      .catch(() => undefined);
}
process.once('SIGINT', () => {
  console.error('interrupted: stopping the issuer and the cluster');
  void cleanUp().then(() => process.exit(130));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function scrape(url: string): Promise<ProcessFigures> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return processFigures(await res.text());
}

async function soak(store: StoreName, s: Settings): Promise<Result> {
  let env: Record<string, string>;
  if (store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'runid-soak-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    env = { RUNID_DATA_DIR: dir };
  } else {
    if (!faultSuiteAvailable()) throw new Error('the PostgreSQL soak needs initdb/pg_ctl');
    const cluster = await PgCluster.create({ fsync: true });
    cleanups.push(() => cluster.destroy());
    env = { DATABASE_URL: cluster.url };
  }
  // The product's default bounds, not the fault suite's shorter ones.
  const issuer = await IssuerProcess.start({
    ...env,
    RUNID_STORE_ACQUIRE_TIMEOUT: '2s',
    RUNID_STORE_STATEMENT_TIMEOUT: '5s',
  });
  cleanups.push(() => issuer.kill('SIGTERM'));
  const key = await createClientKey(issuer.url);
  const keysBefore = await jwks(issuer.url);
  for (let i = 0; i < 50; i++) await mintOnce(issuer.url, key);

  let before = await scrape(issuer.url); // also starts the issuer's event-loop window
  let beforeAt = Date.now();
  const load = new MintLoad(() => [issuer.url], key, s.rate);
  const loadFirst = loadavg();
  console.log(
    `${store}: ${s.rate} mints/s for ${s.minutes} min, one issuer (pid ${issuer.child?.pid}) at ${issuer.url}, loadavg ${loadFirst.map((l) => l.toFixed(2)).join(' ')}`,
  );
  load.start();
  const started = Date.now();
  const end = started + s.minutes * 60_000;
  const rss: number[] = [];
  const eventLoopP99: number[] = [];
  const eventLoopMax: number[] = [];
  let from = 0;
  let skipped = 0;
  let loadLast = loadFirst;
  for (let n = 1; Date.now() < end && issuer.alive; n++) {
    await sleep(Math.min(end, started + n * s.windowSeconds * 1_000) - Date.now());
    const to = load.answers.length;
    const window = windowSummary(load.answers.slice(from, to));
    from = to;
    const now = await scrape(issuer.url);
    const nowAt = Date.now();
    const cpuPercent = ((now.cpuSeconds - before.cpuSeconds) / ((nowAt - beforeAt) / 1_000)) * 100;
    before = now;
    beforeAt = nowAt;
    rss.push(now.rssBytes / 1_048_576);
    eventLoopP99.push(now.eventLoopP99Ms);
    eventLoopMax.push(now.eventLoopMaxMs);
    loadLast = loadavg();
    const label = `${store} ${s.windowSeconds === 60 ? 'min' : 'window'} ${n}`;
    console.log(
      formatWindow(label, window, now, {
        cpuPercent,
        load: loadLast,
        skipped: load.skipped - skipped,
      }),
    );
    skipped = load.skipped;
  }
  await load.stop();
  const seconds = (Date.now() - started) / 1_000;

  const failures: string[] = [];
  const total = windowSummary(load.answers);
  if (!issuer.alive) failures.push(`the issuer died:\n${issuer.output}`);
  if (total.errors > 0) failures.push(`${total.errors} undocumented answers`);
  if (total.total < s.rate * seconds * 0.95)
    failures.push(`the rate was not held: ${total.total} answers in ${seconds.toFixed(0)} s`);
  const jtis = load.answers.flatMap((a) => (a.status === 201 && a.jti ? [a.jti] : []));
  if (new Set(jtis).size !== jtis.length) failures.push('a jti repeats');
  if (issuer.alive) {
    const audited = await auditedJtis(issuer.url);
    const missing = jtis.filter((jti) => !audited.has(jti)).length;
    if (missing > 0) failures.push(`${missing} tokens have no audit row`);
    if ((await jwks(issuer.url)) !== keysBefore) failures.push('the JWKS changed');
  }
  const clientLoopP99 = Math.max(0, load.delay.percentile(99) / 1e6 - EVENT_LOOP_SAMPLING_MS);
  console.log(
    `${store} total | answers ${total.total} in ${seconds.toFixed(0)} s (${(total.total / seconds).toFixed(0)}/s) ${JSON.stringify(total.byStatus)} | errors ${total.errors} | p50 ${total.p50} ms p99 ${total.p99} ms max ${total.max} ms | ${jtis.length} tokens, all audited: ${!failures.some((f) => f.includes('audit'))} | load generator's own event-loop lag p99 ${clientLoopP99.toFixed(1)} ms | ${failures.length === 0 ? 'OK' : `FAILED: ${failures.join('; ')}`}`,
  );
  await cleanUp();
  return {
    store,
    seconds,
    total,
    rssMb: { first: rss[0] ?? 0, last: rss.at(-1) ?? 0, max: Math.max(0, ...rss) },
    eventLoopP99MaxMs: Math.max(0, ...eventLoopP99),
    eventLoopMaxMs: Math.max(0, ...eventLoopMax),
    load: { first: loadFirst, last: loadLast },
    failures,
  };
}

const s = settings();
console.log(
  `soak ${new Date().toISOString()} | node ${process.version} | ${cpus().length} cores | loadavg ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} | SOAK_MINUTES=${s.minutes} SOAK_RATE=${s.rate} SOAK_STORES=${s.stores.join(',')}`,
);
const results: Result[] = [];
try {
  for (const store of s.stores) results.push(await soak(store, s));
} finally {
  await cleanUp();
}
console.log(
  '\n| store | answers | non-201 | p50 / p99 / max | RSS first → last (max) | event-loop lag p99 (worst window) / max | loadavg (1 min) |',
);
console.log('| --- | ---: | --- | --- | --- | --- | --- |');
for (const r of results) {
  const non201 = Object.entries(r.total.byStatus).filter(([k]) => k !== '201');
  console.log(
    `| ${r.store} | ${r.total.total} | ${non201.length === 0 ? '0' : non201.map(([k, v]) => `${v} × ${k}`).join(', ')} | ${r.total.p50} / ${r.total.p99} / ${r.total.max} ms | ${r.rssMb.first.toFixed(0)} → ${r.rssMb.last.toFixed(0)} (${r.rssMb.max.toFixed(0)}) MB | ${r.eventLoopP99MaxMs.toFixed(1)} / ${r.eventLoopMaxMs.toFixed(1)} ms | ${r.load.first[0]?.toFixed(2)} → ${r.load.last[0]?.toFixed(2)} |`,
  );
}
const failed = results.filter((r) => r.failures.length > 0);
if (failed.length > 0) {
  console.error(`soak FAILED on ${failed.map((r) => r.store).join(', ')}`);
  process.exit(1);
}
console.log('soak OK');
