import type { AdminRole, RunRecord } from '../store/records.js';
import type { CompiledGrant } from './grants.js';

/** Who is calling, after authentication. */
export type Principal =
  /** An admin credential, by key or through a console session it signed in. */
  | {
      readonly type: 'admin';
      readonly id: string;
      readonly name: string;
      readonly role: AdminRole;
    }
  | {
      readonly type: 'client';
      readonly id: string;
      readonly name: string;
      readonly grants: readonly CompiledGrant[];
    }
  /** A run credential: mints the run's tokens and finishes it, nothing else. */
  | {
      readonly type: 'run';
      /** The run's id. */
      readonly id: string;
      readonly name: string;
      /** The client that created the run. */
      readonly clientId: string;
      /** The run as read when the credential was checked (never cached). */
      readonly run: RunRecord;
    };

export type ClientPrincipal = Extract<Principal, { type: 'client' }>;
