import Koa from 'koa';
import { consoleAssets, loadConsoleAssets } from './http/console-assets.js';
import { observe } from './http/observe.js';
import { problemMiddleware } from './http/problem.js';
import { router } from './http/router.js';
import { routes } from './http/routes.js';
import { securityHeaders } from './http/security-headers.js';
import { sourceAddress } from './http/source-address.js';
import type { IssuerServices } from './services.js';

/** The Koa app over built services. No listen: callers (startIssuer, tests) own the server. */
export function createApp(services: IssuerServices): Koa {
  const app = new Koa({ proxy: false });
  // Errors are answered by the problem middleware and logged by `observe`; Koa's own
  // stderr printer would duplicate them without the request id.
  app.silent = true;
  app.use(observe(services.logger, services.metrics));
  app.use(sourceAddress(services.config.trustedProxies));
  app.use(securityHeaders);
  app.use(problemMiddleware);
  app.use(consoleAssets(loadConsoleAssets(services.config.consoleDir, services.logger)));
  app.use(router(routes(services)));
  return app;
}
