// Where a target's main thread goes per token: runs one bench target under `node --cpu-prof`
// (BENCH_PROFILE_TARGET: embedded, postgres; default embedded), drives it with the bench's
// load (300 warm-up + BENCH_REQUESTS measured, 32 connections), stops it, and prints the self
// time of the measured window by package and by function, in µs per token.
// `node bench/profile.mjs` after `pnpm run build`; the .cpuprofile stays in the printed directory.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop, closePools, pools } from './load.mjs';
import { cleanup, serverNodeArgs } from './processes.mjs';
import { TARGETS } from './targets.mjs';

const id = process.env.BENCH_PROFILE_TARGET ?? 'embedded';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3_000);
const target = TARGETS.find((t) => t.id === id);
if (target === undefined || id === 'oidc-provider') throw new Error(`no RunID target ${id}`);
const dir = mkdtempSync(join(tmpdir(), 'runid-profile-'));
serverNodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`);

let window;
try {
  const running = await target.start({
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  const list = pools(running.origins, 32);
  try {
    await closedLoop(list, running.request, 300, 32);
    // CLOCK_MONOTONIC in µs, the clock of the profile's sample timestamps.
    const from = Number(process.hrtime.bigint() / 1000n);
    const run = await closedLoop(list, running.request, REQUESTS, 32);
    window = { from, to: Number(process.hrtime.bigint() / 1000n), seconds: run.seconds };
  } finally {
    await closePools(list);
    await running.stop();
  }
} finally {
  await cleanup();
}

// The issuer's profile is the one whose samples cover the measured window.
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
const profile = profiles.sort((a, b) => b.samples.length - a.samples.length)[0];
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

// Sample timestamps are µs on the monotonic clock; map the window by its share of the run.
const times = [];
let t = profile.startTime;
for (const delta of profile.timeDeltas) {
  t += delta;
  times.push(t);
}
const total = profile.endTime - profile.startTime;
const { from, to } = window;
if (from < profile.startTime || to > profile.endTime) {
  throw new Error('the profile does not cover the measured window (another clock?)');
}

const byPackage = new Map();
const byFunction = new Map();
let counted = 0;
for (let i = 0; i < profile.samples.length; i++) {
  if (times[i] < from || times[i] > to) continue;
  const node = nodes.get(profile.samples[i]);
  const delta = profile.timeDeltas[i + 1] ?? 0;
  counted += delta;
  const { url, functionName, lineNumber } = node.callFrame;
  const pkg =
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.includes('/apps/issuer/dist/') ? `issuer:${url.split('/dist/')[1]}` : null) ??
    (url.startsWith('node:') ? url : null) ??
    (url === '' ? `(${functionName || 'native'})` : url.replace(/^.*\/packages\//, ''));
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
  const fn = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
}
const perToken = (us) => (us / REQUESTS).toFixed(1).padStart(7);
console.log(
  `${id}: ${REQUESTS} tokens in ${window.seconds.toFixed(2)} s; main-thread samples in the window ${(counted / 1e3).toFixed(0)} ms of ${(total / 1e3).toFixed(0)} ms profiled = ${perToken(counted)} µs a token (idle included)\n`,
);
const top = (map, n) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => `${perToken(us)} µs  ${name}`)
    .join('\n');
console.log(`by package / file (µs per token):\n${top(byPackage, 30)}\n`);
console.log(`by function (self, µs per token):\n${top(byFunction, 40)}\n`);
console.log(`profile: ${dir}`);
