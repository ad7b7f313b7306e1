import type { Context, Next } from 'koa';

/**
 * The console's policy: its own scripts, styles and images only (no inline script, no eval),
 * calls to this origin only, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Every other answer is data, never a document to render. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Security headers on every answer (errors included: this wraps the problem middleware): a
 * strict Content-Security-Policy, no framing, no MIME sniffing, no referrer; and `no-store` on
 * the API's answers, which carry keys, tokens and audit records. Discovery and JWKS keep their
 * own public caching.
 */
export async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } finally {
    // A CONNECT to an authority has no path at all.
    const path: string = typeof ctx.path === 'string' ? ctx.path : '';
    const isConsole = path === '/console' || path.startsWith('/console/');
    ctx.set('Content-Security-Policy', isConsole ? CONSOLE_CSP : API_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
  }
}
