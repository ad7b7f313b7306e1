/**
 * Turns a failure to open PostgreSQL into a sentence an operator can act on, with the server's
 * (or the socket's) own message and SQLSTATE. The URL is shown as host, port, database and role
 * only: never its password.
 */
export function describePostgresFailure(error: unknown, databaseUrl: string): string {
  const where = target(databaseUrl);
  const root = rootCause(error);
  const code = typeof root.code === 'string' ? root.code : undefined;
  const said = `${root.message || String(root)}${code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? ` (SQLSTATE ${code})` : ''}`;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return `Cannot reach PostgreSQL at ${where.server} (DATABASE_URL): ${said}. Check the host and port, and that the server runs and accepts TCP connections from here.`;
    case '3D000':
      return `PostgreSQL at ${where.server} has no database "${where.database}" (DATABASE_URL): ${said}. Create it (e.g. \`createdb ${where.database}\`) or fix the database name.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where.server} refused role "${where.user}" (DATABASE_URL): ${said}. Check the user name and password, and pg_hba.conf.`;
    case '42501':
      return `Role "${where.user}" may not create or change the issuer's tables in database "${where.database}" at ${where.server} (DATABASE_URL): ${said}. Grant it CREATE on the database's schema, or run \`runid-issuer migrate\` once as a role that may.`;
    default:
      if (/timeout|timed out/i.test(root.message ?? '')) {
        return `PostgreSQL at ${where.server} did not answer in time (DATABASE_URL, RUNID_STORE_ACQUIRE_TIMEOUT): ${said}. Check the server is up and reachable.`;
      }
      return `PostgreSQL at ${where.server}, database "${where.database}" (DATABASE_URL) failed: ${said}.`;
  }
}

function target(databaseUrl: string): { server: string; database: string; user: string } {
  try {
    const url = new URL(databaseUrl);
    return {
      server: `${url.hostname || 'localhost'}:${url.port || '5432'}`,
      database: decodeURIComponent(url.pathname.slice(1)) || '(default)',
      user: decodeURIComponent(url.username) || '(default)',
    };
  } catch {
    return { server: '(unparsable DATABASE_URL)', database: '?', user: '?' };
  }
}

interface Failure {
  message?: string;
  code?: unknown;
}

/** The innermost cause; an AggregateError (both of localhost's addresses refused) gives its first. */
function rootCause(error: unknown): Failure {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth += 1) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      current = current.errors[0];
      continue;
    }
    const cause = (current as { cause?: unknown } | undefined)?.cause;
    if (cause === undefined || cause === null) break;
    current = cause;
  }
  return typeof current === 'object' && current !== null
    ? (current as Failure)
    : { message: String(current) };
}
