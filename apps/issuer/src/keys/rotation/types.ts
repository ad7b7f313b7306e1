/**
 * Pure key-rotation model. Every time is epoch milliseconds (a `number`), injected by the caller:
 * nothing in this module reads the clock or touches the store.
 */

/** `next` = published, not signing; `current` = signing; `retired` = published, not signing. */
export type KeyState = 'next' | 'current' | 'retired' | 'removed';

/**
 * Why a key became `current`. Only `scheduled` activations honour the publish lead; `bootstrap`
 * (the very first key of an issuer, when no token can exist yet) and `emergency` (an operator's
 * confirmed rotation) are the two deliberate exceptions.
 */
export type ActivationMode = 'scheduled' | 'bootstrap' | 'emergency';

export interface RotationKey {
  /** Store identifier (row id). */
  readonly id: string;
  /** JWK `kid` as published. */
  readonly kid: string;
  readonly state: KeyState;
  readonly createdAt: number;
  /** First time the key appeared in the JWKS. Missing = generated but never published (a crash). */
  readonly publishedAt?: number;
  readonly activatedAt?: number;
  readonly activation?: ActivationMode;
  readonly retiredAt?: number;
  /**
   * Last signature, when the store tracks it. Without it `retiredAt + replicaLagMs` bounds the last
   * signature (replicas refresh their key view at least that often).
   */
  readonly lastSignedAt?: number;
  /** Planned removal, written at retirement: the earliest time the key may leave the JWKS. */
  readonly removeAfter?: number;
  readonly removedAt?: number;
  /** Removed early by an emergency rotation: its retention was deliberately cut short. */
  readonly compromised?: boolean;
}

export interface RotationState {
  readonly keys: readonly RotationKey[];
}

export interface RotationSettings {
  /** How long a key signs before the next one takes over. Default 30 days. */
  readonly rotationPeriodMs: number;
  /** How long a key is published before it may sign. Default 24 h; must exceed `jwksMaxAgeMs`. */
  readonly publishLeadMs: number;
  /** Longest token lifetime this issuer mints (2 h for v1 kinds, 1 h for v2). */
  readonly maxTokenLifetimeMs: number;
  /** Clock skew relying parties allow. Default 5 min. */
  readonly clockSkewMs: number;
  /** The JWKS `Cache-Control: max-age` (300–900 s, whole seconds). */
  readonly jwksMaxAgeMs: number;
  /**
   * Longest time a replica may keep signing with a key after another replica retired it (its
   * state refresh bound). Default 60 s. A replica whose key view is older must stop minting.
   */
  readonly replicaLagMs: number;
  /** The JWKS never holds more keys than this (3–5, default 5). */
  readonly maxPublishedKeys: number;
}

/** What happens to the key that was `current` when another key is activated. */
export interface PreviousKeyAction {
  readonly keyId: string;
  /** `remove` only in an emergency rotation that declares the key compromised. */
  readonly action: 'retire' | 'remove';
}

/**
 * One transition = one store transaction. Each carries what `applyTransition` needs to check its
 * preconditions again, so a stale or repeated transition is a no-op rather than a second change.
 */
export type RotationTransition =
  | {
      readonly type: 'generate-next';
      /** The key limit the planner checked; applying past it is refused. */
      readonly maxPublishedKeys: number;
      readonly reason: string;
    }
  | {
      /** Generate a key and make it sign at once: only for bootstrap or an emergency without a next key. */
      readonly type: 'generate-current';
      readonly mode: 'bootstrap' | 'emergency';
      readonly previous: PreviousKeyAction | null;
      readonly retentionMs: number;
      readonly maxPublishedKeys: number;
      readonly reason: string;
    }
  | { readonly type: 'publish'; readonly keyId: string; readonly reason: string }
  | {
      readonly type: 'activate';
      readonly keyId: string;
      readonly mode: ActivationMode;
      /** Earliest activation time (publishedAt + publish lead) for a scheduled activation. */
      readonly notBefore: number;
      readonly previous: PreviousKeyAction | null;
      /** Retention written on the retired key: maxTokenLifetime + skew + jwksMaxAge. */
      readonly retentionMs: number;
      readonly reason: string;
    }
  | {
      /** Repair: two `current` keys after a crash; the newest activation is kept. */
      readonly type: 'retire';
      readonly keyId: string;
      readonly keepKeyId: string;
      readonly retentionMs: number;
      readonly reason: string;
    }
  | {
      readonly type: 'remove';
      readonly keyId: string;
      /** Earliest removal time; ignored only for a compromised key. */
      readonly notBefore: number;
      readonly compromised: boolean;
      readonly reason: string;
    };

export type RotationTransitionType = RotationTransition['type'];

export type RotationWaitCode =
  /** The issuer has no key it may sign with; minting answers `no_signing_key` until `until`. */
  | 'no_signing_key'
  /** The current key is due for rotation but the next key has not been published long enough. */
  | 'next_key_too_young'
  /** A key cannot be generated without exceeding `maxPublishedKeys`. */
  | 'key_limit';

export interface RotationWait {
  readonly code: RotationWaitCode;
  readonly message: string;
  /** When the situation resolves by itself, if known. */
  readonly until: number | null;
  readonly keyId?: string;
}

export interface RotationPlan {
  /** In order; apply each in its own transaction, stopping at the first failure. */
  readonly transitions: readonly RotationTransition[];
  readonly waits: readonly RotationWait[];
  /** Whether a key may sign once every transition is applied. */
  readonly canSign: boolean;
}

/** `applyTransition` id source: a plain id (used as `kid` too) or both. */
export type GenerateKeyId = () => string | { readonly id: string; readonly kid: string };
