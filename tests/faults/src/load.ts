import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ADMIN_KEY } from './issuer-process.js';

export const MINT_BODY = JSON.stringify({
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 1,
});

/** Creates a client allowed to mint deployment tokens for `acme`; returns its key. */
export async function createClientKey(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/admin/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `faults-${Date.now()}`,
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
    }),
  });
  const body = (await res.json()) as { key?: string };
  if (res.status !== 201 || body.key === undefined)
    throw new Error(`creating a client failed: ${res.status} ${JSON.stringify(body)}`);
  return body.key;
}

export interface Answer {
  at: number;
  ms: number;
  /** HTTP status, or 0 when no answer arrived (refused, reset, timed out). */
  status: number;
  code?: string;
  retryAfter?: string | null;
  jti?: string;
  kid?: string;
  error?: string;
}

/**
 * The documented answers of POST /api/v1/tokens under a store fault; `issuer_starting` from a
 * replica the test restarted (it answers so between binding its port and being ready).
 */
export function isDocumentedFailure(a: Answer): boolean {
  return (
    a.status === 503 &&
    (a.code === 'store_unavailable' ||
      a.code === 'no_signing_key' ||
      a.code === 'issuer_starting') &&
    typeof a.retryAfter === 'string' &&
    /^\d+$/.test(a.retryAfter)
  );
}

export async function mintOnce(baseUrl: string, key: string, timeoutMs = 15_000): Promise<Answer> {
  const at = Date.now();
  try {
    const res = await fetch(`${baseUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: MINT_BODY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const answer: Answer = {
      at,
      ms: Date.now() - at,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
    };
    try {
      const body = JSON.parse(text) as { token?: string; code?: string };
      if (body.code !== undefined) answer.code = body.code;
      if (typeof body.token === 'string') {
        const [header, payload] = body.token.split('.');
        answer.jti = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()).jti;
        answer.kid = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()).kid;
      }
    } catch {}
    return answer;
  } catch (error) {
    return { at, ms: Date.now() - at, status: 0, error: String((error as Error).cause ?? error) };
  }
}

/** A steady, bounded mint load: `rate` requests per second, at most `maxInFlight` at once. */
export class MintLoad {
  readonly answers: Answer[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight = new Set<Promise<void>>();
  skipped = 0;
  readonly delay = monitorEventLoopDelay({ resolution: 10 });

  constructor(
    readonly targets: () => string[],
    readonly key: string,
    readonly rate = 150,
    readonly maxInFlight = 256,
  ) {}

  start(): void {
    this.delay.enable();
    const tick = 10;
    let debt = 0;
    let i = 0;
    let last = performance.now();
    this.#timer = setInterval(() => {
      // From the time elapsed, not the tick count: late ticks (a busy machine) keep the rate;
      // a stall of the load generator adds at most 100 ms of requests at once.
      const now = performance.now();
      debt = Math.min(debt + ((now - last) * this.rate) / 1000, Math.max(1, this.rate / 10));
      last = now;
      while (debt >= 1) {
        debt -= 1;
        if (this.#inFlight.size >= this.maxInFlight) {
          this.skipped++;
          continue;
        }
        const targets = this.targets();
        const target = targets[i++ % targets.length] as string;
        const p = mintOnce(target, this.key).then((a) => {
          this.answers.push(a);
          this.#inFlight.delete(p);
        });
        this.#inFlight.add(p);
      }
    }, tick);
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await Promise.all(this.#inFlight);
    this.delay.disable();
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Every audited jti, read through the admin API (all pages). */
export async function auditedJtis(baseUrl: string): Promise<Set<string>> {
  const jtis = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const url = new URL(`${baseUrl}/api/v1/admin/audit`);
    url.searchParams.set('limit', '500');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const body = (await res.json()) as {
      items?: Array<{ jti: string }>;
      nextCursor?: string | null;
    };
    if (res.status !== 200) throw new Error(`audit query failed: ${res.status}`);
    for (const item of body.items ?? []) jtis.add(item.jti);
    if (!body.nextCursor) return jtis;
    cursor = body.nextCursor;
  }
}

export async function jwks(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/oidc/.well-known/jwks`);
  return res.text();
}
