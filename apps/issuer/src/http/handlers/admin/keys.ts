import type { Schemas } from '@runid/contract';
import type { Context } from 'koa';
import { describeKey } from '../../../keys/describe-key.js';
import type { IssuerServices } from '../../../services.js';
import { callerOf } from '../../request-context.js';
import { checkedBody, sendJson } from '../../steps.js';

export function listKeys(services: IssuerServices) {
  return async function list(ctx: Context): Promise<void> {
    const keys = await services.store.listKeys();
    sendJson(ctx, 200, { items: keys.map(describeKey) });
  };
}

/** Emergency rotation: refused with the consequences unless `confirm` is exactly `true`. */
export function rotateKeys(services: IssuerServices) {
  return async function rotate(ctx: Context): Promise<void> {
    const request = checkedBody(ctx, 'rotateKeys');
    const result = await services.rotator.emergency(
      request.issuer,
      {
        confirm: request.confirm === true,
        removeCompromised: request.removeCompromised === true,
      },
      callerOf(ctx),
    );
    // Serve the new key set from this replica at once; peers follow through NOTIFY or polling.
    await services.keyRing.refresh();
    services.logger.warn(
      { issuer: request.issuer, removeCompromised: request.removeCompromised === true },
      'emergency key rotation committed',
    );
    const answer: Schemas['KeyRotation'] = {
      issuer: request.issuer,
      explanation: result.explanation,
      consequences: [...result.consequences],
      keys: [...result.keys]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map(describeKey),
    };
    sendJson(ctx, 200, answer);
  };
}
