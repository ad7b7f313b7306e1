import { createServer, type Server } from 'node:http';
import type { IssuerMetrics } from './metrics.js';

export interface MetricsListener {
  readonly server: Server;
  /** Starts answering scrapes from this registry (before it, 503 with Retry-After). */
  attach(metrics: IssuerMetrics): void;
}

/**
 * The separate `/metrics` listener of RUNID_METRICS_PORT: the Prometheus exposition and nothing
 * else, so it can stay inside the cluster while the public port faces the load balancer.
 */
export function createMetricsListener(): MetricsListener {
  let registry: IssuerMetrics['registry'] | undefined;
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    req.resume();
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('This listener serves GET /metrics only.\n');
      return;
    }
    if (registry === undefined) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('The issuer is starting.\n');
      return;
    }
    const { contentType } = registry;
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Collecting the metrics failed.\n');
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  return {
    server,
    attach(metrics) {
      registry = metrics.registry;
    },
  };
}
