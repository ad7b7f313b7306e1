// pnpm bench: the issuer's mint path against oidc-provider 8.8.1 and raw jose RS256 signing, in
// one run. Every server is a fresh process of its own (RunID on a fresh embedded data directory,
// on a throwaway PostgreSQL database, two RunID processes on one database, oidc-provider), driven
// over real HTTP with keep-alive by this process. Per target: tokens/s at 32 connections, CPU per
// token (the server's /proc/<pid>/stat, plus PostgreSQL's backends), RSS after the run and its
// peak, p50/p99, and p99 of evenly spaced requests at half that maximum rate; each target is
// followed at once by raw signing, so every ratio to it is taken under the same load. Then the
// goals of issue 11, met or not. Rounds repeat the whole set; figures are medians over rounds.
//
// Before any target, the load generator itself is warmed against a local server (its JIT would
// otherwise steal more of the 2 cores from whichever target comes first). Each server process
// gets the warm-up (2 processes: twice as many requests, split over both). After the fresh figures
// (a just-started server: the issue's setup), BENCH_STEADY more requests and a second measured
// run give the steady state of the same process, with the goals checked on both.
//
// BENCH_ROUNDS (3), BENCH_WARMUP (300), BENCH_REQUESTS (3000), BENCH_PACED (2000, at most 5 s),
// BENCH_STEADY (3000),
// BENCH_TARGETS (comma list of ids), BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_JSON (a file for the raw figures).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { closedLoop, closePools, paced, percentile, pools, sendOnce } from './load.mjs';
import { backendPids, cleanup, cpuSeconds, memory } from './processes.mjs';
import { claims as rawClaims, rawSigning } from './raw-signing.mjs';
import { TARGETS } from './targets.mjs';

const CONNECTIONS = 32;
const number = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const ROUNDS = number('BENCH_ROUNDS', 3);
const WARMUP = number('BENCH_WARMUP', 300);
const REQUESTS = number('BENCH_REQUESTS', 3_000);
const PACED = number('BENCH_PACED', 2_000);
const STEADY = number('BENCH_STEADY', 3_000);
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ONLY = process.env.BENCH_TARGETS?.split(',').map((s) => s.trim());

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The token a target answered, decoded, so the bench never counts error pages as tokens. */
function checkToken(target, text) {
  const body = JSON.parse(text);
  const token = body.token ?? body.access_token;
  const [header, payload] = String(token)
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  if (header.alg !== 'RS256') throw new Error(`${target.id} signed with ${header.alg}`);
  if (target.id !== 'oidc-provider') {
    const want = Object.keys(rawClaims()).sort().join(',');
    const got = Object.keys(payload).sort().join(',');
    if (want !== got) console.warn(`warning: raw signing signs ${want}; RunID signed ${got}`);
  }
}

/** CPU seconds of PostgreSQL backends between two snapshots (a backend gone at the end counts 0). */
function backendCpu(before, after) {
  let total = 0;
  for (const [pid, end] of after) if (end > 0) total += end - (before.get(pid) ?? 0);
  return total;
}

async function snapshot(pids) {
  return new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));
}

async function measure(target) {
  const running = await target.start({ postgresUrl: POSTGRES_URL });
  const list = pools(running.origins, CONNECTIONS);
  try {
    checkToken(target, await sendOnce(list[0], running.request));
    await closedLoop(list, running.request, WARMUP * running.pids.length, CONNECTIONS);
    const pg = running.database ? await snapshot(await backendPids(running.database)) : new Map();
    const cpu = running.pids.map((pid) => cpuSeconds(pid));
    const mainCpu = running.pids.map((pid) => cpuSeconds(pid, true));
    const loadBefore = loadavg()[0];
    const max = await closedLoop(list, running.request, REQUESTS, CONNECTIONS);
    const serverCpu = running.pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpu[i], 0);
    const loopCpu = running.pids.reduce(
      (sum, pid, i) => sum + cpuSeconds(pid, true) - mainCpu[i],
      0,
    );
    const pgAfter = running.database
      ? await snapshot([...new Set([...pg.keys(), ...(await backendPids(running.database))])])
      : new Map();
    const rssMb = running.pids.map((pid) => memory(pid).rssMb);
    const rate = REQUESTS / max.seconds;
    const half = rate / 2;
    const pacedCount = Math.min(PACED, Math.max(100, Math.round(half * 5)));
    const slow = await paced(list, running.request, pacedCount, half);
    const peakMb = running.pids.map((pid) => memory(pid).peakMb);
    // The same process(es), warm: more requests, then a second measured run.
    await closedLoop(list, running.request, STEADY, CONNECTIONS);
    const steadyCpu = running.pids.map((pid) => cpuSeconds(pid));
    const steadyMain = running.pids.map((pid) => cpuSeconds(pid, true));
    const warm = await closedLoop(list, running.request, REQUESTS, CONNECTIONS);
    const cpuSince = (start, main) =>
      running.pids.reduce((sum, pid, i) => sum + cpuSeconds(pid, main) - start[i], 0);
    const steady = {
      perSecond: REQUESTS / warm.seconds,
      cpuMs: (cpuSince(steadyCpu, false) / REQUESTS) * 1000,
      mainCpuMs: (cpuSince(steadyMain, true) / REQUESTS) * 1000,
      p99: percentile(warm.latencies, 99),
    };
    return {
      steady,
      load: loadBefore,
      perSecond: rate,
      cpuMs: (serverCpu / REQUESTS) * 1000,
      mainCpuMs: (loopCpu / REQUESTS) * 1000,
      pgCpuMs: running.database ? (backendCpu(pg, pgAfter) / REQUESTS) * 1000 : undefined,
      rssMb,
      peakMb,
      p50: percentile(max.latencies, 50),
      p99: percentile(max.latencies, 99),
      halfRate: half,
      pacedCount,
      pacedP50: percentile(slow.latencies, 50),
      pacedP99: percentile(slow.latencies, 99),
      pacedLateMs: slow.lateMs,
    };
  } finally {
    await closePools(list);
    await running.stop();
  }
}

/**
 * Warms this process's HTTP client (undici) against a local server answering a token-sized
 * body, so every target is driven by the same warm load generator.
 */
async function warmLoadGenerator() {
  const body = JSON.stringify({ token: 'x'.repeat(700), expiresAt: new Date().toISOString() });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const list = pools([`http://127.0.0.1:${server.address().port}`], CONNECTIONS);
  const request = {
    status: 201,
    options: {
      path: '/api/v1/tokens',
      method: 'POST',
      headers: { authorization: 'Bearer warm-up', 'content-type': 'application/json' },
      body: '{"kind":"deployment"}',
    },
  };
  try {
    await closedLoop(list, request, 10_000, CONNECTIONS);
  } finally {
    await closePools(list);
    await new Promise((resolve) => server.close(resolve));
  }
}

async function measureRaw() {
  const run = await rawSigning(WARMUP, REQUESTS, CONNECTIONS);
  return {
    perSecond: REQUESTS / run.seconds,
    cpuMs: (run.cpuSeconds / REQUESTS) * 1000,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
  };
}

async function postgresReachable() {
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      connectionString: POSTGRES_URL,
      connectionTimeoutMillis: 3_000,
    });
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    console.warn(`PostgreSQL at ${POSTGRES_URL} is not reachable (${error.message}): skipping it`);
    return false;
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const int = (n) => (n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const ms = (n, digits = 2) => (n === undefined ? '–' : `${n.toFixed(digits)} ms`);
const mb = (n) => (n === undefined ? '–' : `${Math.round(n)} MB`);

async function main() {
  const startedAt = new Date();
  const loadAtStart = load();
  const withPostgres = await postgresReachable();
  const targets = TARGETS.filter(
    (t) => (ONLY === undefined || ONLY.includes(t.id)) && (withPostgres || !t.postgres),
  );
  console.log(
    `RunID mint benchmark, ${startedAt.toISOString()}: ${ROUNDS} round(s), ${CONNECTIONS} connections, ${WARMUP} warm-up requests a server process + ${REQUESTS} measured a target, then up to ${PACED} evenly spaced requests at half its maximum rate, then ${STEADY} more + ${REQUESTS} measured (steady state)`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; load average at start ${loadAtStart}\n`,
  );

  await warmLoadGenerator();
  const results = Object.fromEntries(targets.map((t) => [t.id, []]));
  const raws = Object.fromEntries(targets.map((t) => [t.id, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of targets) {
      const r = await measure(target);
      const raw = await measureRaw();
      results[target.id].push(r);
      raws[target.id].push(raw);
      console.log(
        `round ${round} ${target.id.padEnd(13)} ${int(r.perSecond).padStart(6)} tokens/s, ${ms(r.cpuMs)} CPU (${ms(r.mainCpuMs)} main thread)${r.pgCpuMs === undefined ? '' : ` + ${ms(r.pgCpuMs)} PostgreSQL`}, RSS ${r.rssMb.map(mb).join(' + ')} (peak ${r.peakMb.map(mb).join(' + ')}), p99 ${ms(r.p99, 1)}, p99 at ${int(r.halfRate)}/s ${ms(r.pacedP99, 1)}; steady ${int(r.steady.perSecond)} tokens/s, ${ms(r.steady.cpuMs)} CPU (${ms(r.steady.mainCpuMs)} main); raw signing next to it ${int(raw.perSecond)}/s; load ${r.load.toFixed(2)}`,
      );
    }
  }

  const summary = {};
  for (const target of targets) {
    const rs = results[target.id];
    const pick = (f) => median(rs.map(f));
    summary[target.id] = {
      label: target.label,
      perSecond: pick((r) => r.perSecond),
      cpuMs: pick((r) => r.cpuMs),
      mainCpuMs: pick((r) => r.mainCpuMs),
      pgCpuMs: pick((r) => r.pgCpuMs),
      rssMb: pick((r) => Math.max(...r.rssMb)),
      peakMb: pick((r) => Math.max(...r.peakMb)),
      processes: rs[0].rssMb.length,
      p50: pick((r) => r.p50),
      p99: pick((r) => r.p99),
      pacedP99: pick((r) => r.pacedP99),
      halfRate: pick((r) => r.halfRate),
      toRaw: median(rs.map((r, i) => r.perSecond / raws[target.id][i].perSecond)),
      steady: {
        perSecond: pick((r) => r.steady.perSecond),
        cpuMs: pick((r) => r.steady.cpuMs),
        mainCpuMs: pick((r) => r.steady.mainCpuMs),
        p99: pick((r) => r.steady.p99),
        toRaw: median(rs.map((r, i) => r.steady.perSecond / raws[target.id][i].perSecond)),
      },
    };
  }
  const allRaw = Object.values(raws).flat();
  const raw = {
    perSecond: median(allRaw.map((r) => r.perSecond)),
    cpuMs: median(allRaw.map((r) => r.cpuMs)),
    p50: median(allRaw.map((r) => r.p50)),
    p99: median(allRaw.map((r) => r.p99)),
  };

  console.log(
    `\nMedians of ${ROUNDS} round(s). CPU per token: the server process(es)' user + system time / tokens (+ the PostgreSQL backends'); of it main thread: the event loop's share (signing runs on the threadpool). RSS: after ${WARMUP + REQUESTS} mints a process, and the peak (VmHWM), per process. p99 at half max: evenly spaced requests at half the target's own maximum rate, timed from when each was due.\n`,
  );
  console.log(
    '| target | tokens/s | CPU per token | of it main thread | RSS after run (peak) | p50 | p99 | p99 at half max | / raw signing |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| raw jose RS256 signing (in-process, ${CONNECTIONS} in flight) | ${int(raw.perSecond)} | ${ms(raw.cpuMs)} | – | – | ${ms(raw.p50, 1)} | ${ms(raw.p99, 1)} | – | 100 % |`,
  );
  for (const target of targets) {
    const s = summary[target.id];
    const each = s.processes > 1 ? ' each' : '';
    console.log(
      `| ${s.label} | ${int(s.perSecond)} | ${ms(s.cpuMs)}${s.pgCpuMs === undefined ? '' : ` + ${ms(s.pgCpuMs)} in PostgreSQL`} | ${ms(s.mainCpuMs)} | ${mb(s.rssMb)} (${mb(s.peakMb)})${each} | ${ms(s.p50, 1)} | ${ms(s.p99, 1)} | ${ms(s.pacedP99, 1)} at ${int(s.halfRate)}/s | ${Math.round(s.toRaw * 100)} % |`,
    );
  }

  console.log(
    `\nSteady state: the same process(es) after ${STEADY} more requests, then ${REQUESTS} measured.\n`,
  );
  console.log('| target | tokens/s | CPU per token | of it main thread | p99 | / raw signing |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const target of targets) {
    const w = summary[target.id].steady;
    console.log(
      `| ${summary[target.id].label} | ${int(w.perSecond)} | ${ms(w.cpuMs)} | ${ms(w.mainCpuMs)} | ${ms(w.p99, 1)} | ${Math.round(w.toRaw * 100)} % |`,
    );
  }

  const goals = [];
  const goal = (name, value, target, met, shown) =>
    goals.push({ name, value, target, met, shown: shown ?? `${value?.toFixed(2)}×` });
  const op = summary['oidc-provider'];
  const emb = summary.embedded;
  const pg1 = summary.postgres;
  const pg2 = summary['postgres-2'];
  // The rate goals, on the fresh figures (the issue's setup) and on the steady state.
  for (const [phase, of] of [
    ['fresh', (t) => t],
    ['steady', (t) => t.steady],
  ]) {
    if (emb && op) {
      const v = of(emb).perSecond / of(op).perSecond;
      goal(`${phase}: embedded ≥ 1.3× oidc-provider tokens/s`, v, 1.3, v >= 1.3);
    }
    if (pg1 && op) {
      const v = of(pg1).perSecond / of(op).perSecond;
      goal(`${phase}: PostgreSQL ≥ 1.1× oidc-provider tokens/s`, v, 1.1, v >= 1.1);
    }
    if (emb)
      goal(`${phase}: embedded ≥ 0.5× raw signing`, of(emb).toRaw, 0.5, of(emb).toRaw >= 0.5);
    if (pg1)
      goal(`${phase}: PostgreSQL ≥ 0.5× raw signing`, of(pg1).toRaw, 0.5, of(pg1).toRaw >= 0.5);
    if (pg1 && pg2) {
      const v = of(pg2).perSecond / of(pg1).perSecond;
      goal(`${phase}: 2 processes on one PostgreSQL ≥ 0.95× one process`, v, 0.95, v >= 0.95);
    }
  }
  for (const [id, s] of [
    ['embedded', emb],
    ['PostgreSQL', pg1],
    ['2 processes on PostgreSQL', pg2],
  ]) {
    if (s)
      goal(`p99 at half max ≤ 10 ms (${id})`, s.pacedP99, 10, s.pacedP99 <= 10, ms(s.pacedP99, 1));
  }
  if (emb) {
    goal('embedded RSS ≤ 150 MB steady', emb.rssMb, 150, emb.rssMb <= 150, mb(emb.rssMb));
    goal('embedded RSS ≤ 200 MB peak', emb.peakMb, 200, emb.peakMb <= 200, mb(emb.peakMb));
  }
  console.log('\nGoals (issue 11):');
  for (const g of goals) console.log(`  ${g.met ? 'met    ' : 'NOT MET'}  ${g.name}: ${g.shown}`);
  const loadAtEnd = load();
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  console.log(
    `\nload average at start ${loadAtStart}, at end ${loadAtEnd} (1, 5, 15 min; ${cpus().length} cores, shared with this load generator and PostgreSQL); ${Math.round(seconds)} s`,
  );
  if (process.env.BENCH_JSON) {
    writeFileSync(
      process.env.BENCH_JSON,
      `${JSON.stringify({ startedAt, loadAtStart, loadAtEnd, seconds, results, raws, summary, raw, goals }, null, 2)}\n`,
    );
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
