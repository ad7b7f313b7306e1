import type { AuditRecord, RunIdClient } from '@runid/sdk';
import { Loaded } from '../components/status.js';
import { keyTimeline, tokensPerHour } from '../lib/key-timeline.js';
import { useLoad } from '../lib/use-load.js';

const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

async function loadOverview(api: RunIdClient) {
  const since = new Date(Date.now() - 24 * 3_600_000).toISOString();
  const [v1, v2, readiness, keys] = await Promise.all([
    api.getDiscovery('v1'),
    api.getDiscovery('v2'),
    api.readiness(),
    api.listKeys(),
  ]);
  const iats: string[] = [];
  let truncated = false;
  let page = await api.listAudit({ since, limit: 500 });
  for (let i = 0; ; i++) {
    iats.push(...page.items.map((r: AuditRecord) => r.iat));
    if (page.nextCursor === null) break;
    if (i >= 9) {
      truncated = true;
      break;
    }
    page = await api.listAudit({ since, limit: 500, cursor: page.nextCursor });
  }
  return { v1, v2, readiness, keys: keys.items, iats, truncated };
}

export function Overview({ api, origin }: { api: RunIdClient; origin: string }) {
  const [load] = useLoad(() => loadOverview(api));
  return (
    <>
      <h1>Overview</h1>
      <Loaded load={load} what="the issuer's state">
        {({ v1, v2, readiness, keys, iats, truncated }) => {
          const now = Date.now();
          const hourly = tokensPerHour(iats, now);
          return (
            <>
              <section aria-labelledby="issuers">
                <h2 id="issuers">Issuers</h2>
                <dl className="facts">
                  <dt>v1 (deployment, environment)</dt>
                  <dd>
                    <code>{v1.issuer}</code> ·{' '}
                    <a href={`${origin}/oidc/.well-known/openid-configuration`}>discovery</a> ·{' '}
                    <a href={v1.jwks_uri}>JWKS</a>
                  </dd>
                  <dt>v2 (oidc)</dt>
                  <dd>
                    <code>{v2.issuer}</code> ·{' '}
                    <a href={`${origin}/oidc/v2/.well-known/openid-configuration`}>discovery</a> ·{' '}
                    <a href={v2.jwks_uri}>JWKS</a>
                  </dd>
                  <dt>Readiness</dt>
                  <dd>
                    <span className={readiness.status === 'ready' ? 'ok' : 'bad'}>
                      {readiness.status}
                    </span>
                  </dd>
                  <dt>Store</dt>
                  <dd>
                    {readiness.checks.store.ok ? 'answering' : 'not answering'}
                    {readiness.checks.store.detail ? ` — ${readiness.checks.store.detail}` : ''}
                  </dd>
                  <dt>Signing keys</dt>
                  <dd>{readiness.checks.keys.ok ? 'every issuer has one' : 'missing'}</dd>
                </dl>
              </section>
              <section aria-labelledby="timeline">
                <h2 id="timeline">Key timeline</h2>
                <KeyTimelineChart keys={keys} now={now} />
              </section>
              <section aria-labelledby="hourly">
                <h2 id="hourly">Tokens minted per hour (last 24 h)</h2>
                <HourlyChart counts={hourly} now={now} />
                <p className="muted">
                  {iats.length} tokens in the audit over the last 24 hours
                  {truncated ? ' (first 5000 shown)' : ''}.
                </p>
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function KeyTimelineChart({ keys, now }: { keys: Parameters<typeof keyTimeline>[0]; now: number }) {
  const t = keyTimeline(keys, now);
  if (t.windows.length === 0) return <p className="empty">No keys yet.</p>;
  const width = 1000;
  const row = 28;
  const left = 150;
  const x = (ms: number) => left + ((ms - t.start) / (t.end - t.start)) * (width - left - 10);
  const height = t.windows.length * row + 40;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Key timeline from ${fmt(t.start)} to ${fmt(t.end)}; today is marked`}
        className="chart"
      >
        {t.windows.map((w, i) => {
          const y = 10 + i * row;
          return (
            <g key={`${w.issuer}-${w.kid}`}>
              <text x={0} y={y + 14} className="label">
                {w.issuer} {w.kid.slice(0, 12)}
              </text>
              <rect
                x={x(w.published.from)}
                y={y}
                width={Math.max(2, x(w.published.to) - x(w.published.from))}
                height={18}
                className="published"
              />
              {w.signing && (
                <rect
                  x={x(w.signing.from)}
                  y={y + 4}
                  width={Math.max(2, x(w.signing.to) - x(w.signing.from))}
                  height={10}
                  className="signing"
                />
              )}
              {w.retired && (
                <rect
                  x={x(w.retired.from)}
                  y={y + 4}
                  width={Math.max(2, x(w.retired.to) - x(w.retired.from))}
                  height={10}
                  className="retired"
                />
              )}
            </g>
          );
        })}
        <line x1={x(now)} x2={x(now)} y1={0} y2={height - 20} className="today" />
        <text x={x(now) + 4} y={height - 6} className="label">
          today
        </text>
        {t.next && (
          <line x1={x(t.next.at)} x2={x(t.next.at)} y1={0} y2={height - 20} className="next" />
        )}
      </svg>
      <figcaption>
        <span className="swatch published" /> published in the JWKS{' '}
        <span className="swatch signing" /> signing <span className="swatch retired" /> retired ·
        today {fmt(now)} UTC
        {t.next ? ` · next planned change: ${t.next.what} at ${fmt(t.next.at)} UTC` : ''}
      </figcaption>
      <table className="sr-only">
        <caption>Key windows</caption>
        <thead>
          <tr>
            <th>Key</th>
            <th>State</th>
            <th>Published</th>
            <th>Signing</th>
          </tr>
        </thead>
        <tbody>
          {t.windows.map((w) => (
            <tr key={`${w.issuer}-${w.kid}`}>
              <td>
                {w.issuer} {w.kid}
              </td>
              <td>{w.state}</td>
              <td>
                {fmt(w.published.from)} – {fmt(w.published.to)}
              </td>
              <td>{w.signing ? `${fmt(w.signing.from)} – ${fmt(w.signing.to)}` : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function HourlyChart({ counts, now }: { counts: number[]; now: number }) {
  const max = Math.max(1, ...counts);
  const width = 960;
  const height = 120;
  const bar = width / counts.length;
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 20}`}
      role="img"
      aria-label={`Tokens per hour, last 24 hours up to ${fmt(now)}: ${counts.join(', ')}`}
      className="chart"
    >
      {counts.map((n, i) => {
        const h = (n / max) * height;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: one bar per hour, fixed order
          <g key={i}>
            <rect x={i * bar + 2} y={height - h} width={bar - 4} height={h} className="bar" />
            {n > 0 && (
              <text x={i * bar + bar / 2} y={height - h - 2} className="count">
                {n}
              </text>
            )}
          </g>
        );
      })}
      <text x={0} y={height + 16} className="label">
        24 h ago
      </text>
      <text x={width - 40} y={height + 16} className="label">
        now
      </text>
    </svg>
  );
}
