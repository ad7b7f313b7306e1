import type { Context } from 'koa';
import { IssuerError } from '../../errors.js';
import type { IssuerServices } from '../../services.js';
import type { IssuerVersion } from '../../store/records.js';
import { readFormBody } from '../read-body.js';
import { principalOf, sendJson } from '../steps.js';

/** RFC 7662 `POST <iss>/introspect`: a form body with `token`; the answer is never cached. */
export function introspectToken(services: IssuerServices, issuer: IssuerVersion) {
  return async function introspect(ctx: Context): Promise<void> {
    const form = await readFormBody(ctx.req);
    const token = form.get('token');
    if (token === undefined || token === '') {
      const message =
        token === undefined
          ? 'The form parameter `token` is required: token=<jwt>.'
          : 'The form parameter `token` is empty.';
      throw new IssuerError('invalid_request', message, {
        errors: [{ path: 'token', code: token === undefined ? 'required' : 'empty', message }],
      });
    }
    // `token_type_hint` and unknown parameters are ignored (RFC 7662 section 2.1, RFC 6749 3.2).
    const answer = await services.introspection.introspect(
      principalOf(ctx, 'client'),
      issuer,
      token,
    );
    sendJson(ctx, 200, answer, { noStore: true });
  };
}
