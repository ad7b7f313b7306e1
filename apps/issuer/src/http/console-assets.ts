import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

export interface ConsoleAssets {
  /** Where the build was looked for. */
  readonly dir: string | undefined;
  /** Relative paths (`index.html`, `assets/index-<hash>.js`) → bytes; empty when not built. */
  readonly files: ReadonlyMap<string, Asset>;
}

/** The `@runid/console` build next to the issuer (a workspace dependency), if it resolves. */
function defaultConsoleDir(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@runid/console/package.json');
    return join(dirname(manifest), 'dist');
  } catch {
    return undefined;
  }
}

/**
 * Reads the console's build output once, at start: only files that exist then are ever served,
 * so no request path reaches the file system. A missing build is logged, not fatal.
 */
export function loadConsoleAssets(configured: string | undefined, logger: Logger): ConsoleAssets {
  const dir = configured ?? defaultConsoleDir();
  const files = new Map<string, Asset>();
  if (dir === undefined || !existsSync(join(dir, 'index.html'))) {
    logger.warn(
      { consoleDir: dir ?? null },
      'console not served: no build output (index.html) found; build it with `pnpm --filter @runid/console build` or set RUNID_CONSOLE_DIR. /console/ answers 404',
    );
    return { dir, files };
  }
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const body = readFileSync(path);
        files.set(relative(dir, path).split(sep).join('/'), {
          body,
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        });
      }
    }
  };
  walk(dir);
  logger.info({ consoleDir: dir, files: files.size }, 'console served at /console/');
  return { dir, files };
}

/**
 * Middleware: GET/HEAD under `/console/`. Built files by exact path (hashed `assets/` names are
 * immutable); any other path without a file extension is a page of the single-page app and gets
 * `index.html`. Everything else falls through to the router (404 problem document).
 */
export function consoleAssets(assets: ConsoleAssets) {
  const index = assets.files.get('index.html');
  return async function serveConsole(ctx: Context, next: Next): Promise<void> {
    if (index === undefined || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (ctx.path === '/console') {
      ctx.status = 308;
      ctx.redirect('/console/');
      return;
    }
    if (typeof ctx.path !== 'string' || !ctx.path.startsWith('/console/')) return next();
    const relativePath = ctx.path.slice('/console/'.length);
    let asset = assets.files.get(relativePath);
    if (asset === undefined && extname(relativePath) === '' && !relativePath.includes('..')) {
      asset = index;
    }
    if (asset === undefined) return next();
    ctx.state.route = '/console/';
    ctx.set('ETag', asset.etag);
    ctx.set(
      'Cache-Control',
      relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (ctx.get('if-none-match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    ctx.type = asset.type;
    ctx.body = asset.body;
  };
}
