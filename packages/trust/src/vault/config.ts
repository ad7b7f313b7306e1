import { TrustInputError } from '../errors.js';
import { isPlainObject, parseJson } from '../json.js';

/** A JWT auth role, as `vault read -format=json auth/<mount>/role/<name>` prints it (its `data`). */
export interface VaultRole {
  name?: string;
  role_type?: string;
  bound_audiences?: string[];
  bound_subject?: string;
  bound_claims?: Record<string, unknown>;
  bound_claims_type?: string;
  user_claim?: string;
  user_claim_json_pointer?: boolean;
  clock_skew_leeway?: number;
  token_bound_cidrs?: string[];
  token_policies?: string[];
  [key: string]: unknown;
}

/** The mount's config (`vault read auth/<mount>/config`): only what login checks. */
export interface VaultMountConfig {
  bound_issuer?: string;
  jwt_supported_algs?: string[];
}

export interface VaultTarget {
  role: VaultRole;
  mount?: VaultMountConfig;
}

export function readVaultRole(text: string, source = 'vault role'): VaultRole {
  const { value } = parseJson(text, source);
  if (!isPlainObject(value))
    throw new TrustInputError('invalid_config', source, '', 'expected an object');
  const data = isPlainObject(value.data) ? value.data : value;
  const at = (key: string) => `${data === value ? '' : '/data'}/${key}`;
  for (const key of ['bound_audiences', 'token_policies', 'token_bound_cidrs']) {
    const v = data[key];
    if (
      v !== undefined &&
      v !== null &&
      !(Array.isArray(v) && v.every((x) => typeof x === 'string')) &&
      typeof v !== 'string'
    ) {
      throw new TrustInputError('invalid_config', source, at(key), 'expected a list of strings');
    }
  }
  // What `vault read` prints for these is always of one type; anything else is not a role.
  const types = {
    role_type: 'string',
    bound_subject: 'string',
    bound_claims_type: 'string',
    user_claim: 'string',
    user_claim_json_pointer: 'boolean',
    clock_skew_leeway: 'number',
  } as const;
  for (const [key, type] of Object.entries(types)) {
    const v = data[key];
    if (v !== undefined && v !== null && typeof v !== type) {
      throw new TrustInputError('invalid_config', source, at(key), `expected a ${type}`);
    }
  }
  const role: VaultRole = { ...data };
  for (const key of Object.keys(types)) if (data[key] === null) delete role[key];
  for (const key of ['bound_audiences', 'token_policies', 'token_bound_cidrs'] as const) {
    const v = data[key];
    if (typeof v === 'string') role[key] = v === '' ? [] : v.split(',');
    else if (v === null) delete role[key];
  }
  if (data.bound_claims === null) delete role.bound_claims;
  else if (data.bound_claims !== undefined && !isPlainObject(data.bound_claims)) {
    throw new TrustInputError('invalid_config', source, at('bound_claims'), 'expected an object');
  }
  return role;
}
