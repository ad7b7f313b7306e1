import type { VaultTarget } from '../vault/config.js';
import { hcl, type Intent, intendedTokens, shellQuote } from './intent.js';

export interface VaultGenerateOptions {
  issuerBase: string;
  /** The auth mount path; default `runid`. */
  mount?: string;
  roleName: string;
  policies: readonly string[];
  /** Seconds; defaults 900 and 3600. */
  tokenTtl?: number;
  tokenMaxTtl?: number;
}

export interface VaultGenerated {
  target: VaultTarget;
  terraform: string;
  native: string;
  notes: string[];
}

/** A `jwt` role bound to the exact audiences and subjects (string match, no globs). */
export function generateVault(intent: Intent, options: VaultGenerateOptions): VaultGenerated {
  const t = intendedTokens(intent, options.issuerBase, 'vault');
  const mount = options.mount ?? 'runid';
  const ttl = options.tokenTtl ?? 900;
  const maxTtl = options.tokenMaxTtl ?? 3600;
  const role = {
    role_type: 'jwt',
    user_claim: 'sub',
    bound_audiences: t.audiences,
    bound_claims_type: 'string',
    bound_claims: { sub: t.subjects },
    token_policies: [...options.policies],
    token_ttl: ttl,
    token_max_ttl: maxTtl,
  };
  const terraform = [
    `resource "vault_jwt_auth_backend" "runid" {`,
    `  path               = ${hcl(mount)}`,
    `  oidc_discovery_url = ${hcl(t.issuer)}`,
    `  bound_issuer       = ${hcl(t.issuer)}`,
    `}`,
    '',
    `resource "vault_jwt_auth_backend_role" ${hcl(options.roleName.replace(/[^A-Za-z0-9_]/g, '_'))} {`,
    `  backend           = vault_jwt_auth_backend.runid.path`,
    `  role_name         = ${hcl(options.roleName)}`,
    `  role_type         = "jwt"`,
    `  user_claim        = "sub"`,
    `  bound_audiences   = ${hcl(t.audiences)}`,
    `  bound_claims_type = "string"`,
    `  bound_claims      = { sub = ${hcl(t.subjects.join(','))} }`,
    `  token_policies    = ${hcl(options.policies)}`,
    `  token_ttl         = ${ttl}`,
    `  token_max_ttl     = ${maxTtl}`,
    `}`,
  ].join('\n');
  const native = [
    `vault auth enable -path=${mount} jwt`,
    `vault write auth/${mount}/config oidc_discovery_url=${t.issuer} bound_issuer=${t.issuer}`,
    `vault write auth/${mount}/role/${shellQuote(options.roleName)} role_type=jwt user_claim=sub bound_audiences=${shellQuote(t.audiences.join(','))} bound_claims_type=string bound_claims=${shellQuote(JSON.stringify({ sub: t.subjects }))} token_policies=${shellQuote(options.policies.join(','))} token_ttl=${ttl} token_max_ttl=${maxTtl}`,
  ].join('\n');
  return {
    target: { role, mount: { bound_issuer: t.issuer } },
    terraform: `${terraform}\n`,
    native: `${native}\n`,
    notes: [
      "Terraform's bound_claims map holds strings: a comma-separated value is a list of exact subjects to Vault.",
    ],
  };
}
