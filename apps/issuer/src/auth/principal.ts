import type { CompiledGrant } from './grants.js';

/** Who is calling, after authentication. */
export type Principal =
  | { readonly type: 'admin'; readonly id: string; readonly name: string }
  | {
      readonly type: 'client';
      readonly id: string;
      readonly name: string;
      readonly grants: readonly CompiledGrant[];
    }
  /** The local `runid-issuer mint` command: trusted like an admin, recorded as client `cli`. */
  | { readonly type: 'cli'; readonly id: 'cli'; readonly name: 'cli' };

export const CLI_PRINCIPAL: Principal = Object.freeze({ type: 'cli', id: 'cli', name: 'cli' });
