import type { Env } from '../aws/endpoint.js';
import { RunIdArgumentError } from '../errors.js';

export const DEFAULT_AZURE_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

/** `<authority>/<tenant>/oauth2/v2.0/token`; the authority is an option, else `AZURE_AUTHORITY_HOST`. */
export function azureTokenEndpoint(
  tenantId: string,
  options: { authorityHost?: string | undefined; env?: Env | undefined } = {},
): string {
  if (!TENANT_PATTERN.test(tenantId)) {
    throw new RunIdArgumentError(
      'tenantId',
      `must be a tenant id (GUID) or domain name, got ${JSON.stringify(tenantId)}`,
    );
  }
  const env = options.env ?? process.env;
  const configured = options.authorityHost ?? env.AZURE_AUTHORITY_HOST?.trim();
  const host = configured ? configured : DEFAULT_AZURE_AUTHORITY_HOST;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new RunIdArgumentError('authorityHost', `not a URL: ${JSON.stringify(host)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RunIdArgumentError('authorityHost', `must be https, got ${url.protocol}`);
  }
  return `${url.href.replace(/\/+$/, '')}/${tenantId}/oauth2/v2.0/token`;
}
