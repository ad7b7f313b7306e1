import type { Context } from 'koa';
import type { IssuerServices } from '../../../services.js';
import type { SigningKeyRecord } from '../../../store/records.js';
import { sendJson } from '../../steps.js';

/** A key as the admin API shows it: metadata only, never private material. */
export function describeKey(key: SigningKeyRecord) {
  return {
    issuer: key.issuer,
    kid: key.kid,
    alg: key.alg,
    state: key.state,
    createdAt: key.createdAt.toISOString(),
    ...(key.activatedAt && { activatedAt: key.activatedAt.toISOString() }),
    ...(key.retiredAt && { retiredAt: key.retiredAt.toISOString() }),
    ...(key.removedAt && { removedAt: key.removedAt.toISOString() }),
  };
}

export function listKeys(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    const keys = await services.store.listKeys();
    sendJson(ctx, 200, { items: keys.map(describeKey) });
  };
}
