import type { Store } from '../store/store.js';
import type { IssuerMetrics } from './metrics.js';

/** The store operations that are timed: every one that answers a promise, except close. */
const TIMED = new Set<string>([
  'migrate',
  'ping',
  'readDeployment',
  'recordDeployment',
  'replaceDeployment',
  'withKeyLock',
  'tryKeyLock',
  'listTransitions',
  'listKeys',
  'insertClient',
  'listClients',
  'getClient',
  'getClientFields',
  'disableClient',
  'enableClient',
  'replaceClientGrants',
  'rotateClientKey',
  'revokeClientKey',
  'findClientByKeyHash',
  'putAdminKey',
  'findAdminKeyByHash',
  'countAdminKeys',
  'insertAdminKey',
  'listAdminKeys',
  'getAdminKey',
  'revokeAdminKey',
  'touchAdminKey',
  'insertAudit',
  'queryAudit',
  'countAudit',
  'insertEvents',
  'queryEvents',
  'purgeEvents',
  'purgeTokens',
  'findIssuedToken',
]);

/**
 * The store with each operation's latency observed (`runid_store_operation_duration_seconds`),
 * for both backends in one place. Methods run on the real store (its private state intact);
 * an operation the port gains later is simply not timed until it is listed here.
 */
export function timedStore<S extends Store>(store: S, metrics: IssuerMetrics): S {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !TIMED.has(property)) return value.bind(target);
      return (...args: unknown[]) => {
        const end = metrics.storeDuration.startTimer({ operation: property });
        let result: Promise<unknown>;
        try {
          result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          end({ outcome: 'error' });
          throw error;
        }
        return result.then(
          (answer) => {
            end({ outcome: 'ok' });
            return answer;
          },
          (error: unknown) => {
            end({ outcome: 'error' });
            throw error;
          },
        );
      };
    },
  });
}
