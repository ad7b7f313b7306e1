import type { Context } from 'koa';
import type { IssuerKeys } from '../../keys/key-ring.js';
import type { StaticDocument } from '../../keys/static-document.js';
import type { IssuerServices } from '../../services.js';
import type { IssuerVersion } from '../../store/records.js';
import { matchesIfNoneMatch } from '../if-none-match.js';

/**
 * Discovery and JWKS: pre-serialised bytes and ETag, the same for every request. No request
 * header other than If-None-Match is read, so Host or X-Forwarded-* cannot change them.
 */
export function publishedDocument(
  services: IssuerServices,
  issuer: IssuerVersion,
  pick: (keys: IssuerKeys) => StaticDocument,
) {
  return async function sendPublished(ctx: Context): Promise<void> {
    // One read of the view: bytes, ETag and max-age always come from the same key set.
    const keys = services.keyRing.get(issuer);
    const document = pick(keys);
    ctx.set('ETag', document.etag);
    ctx.set('Cache-Control', keys.cacheControl);
    if (matchesIfNoneMatch(ctx.get('If-None-Match') || undefined, document.etag)) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = document.body;
  };
}
