import type { DeploymentTokenRequest, MintedToken } from '../../src/index.js';

let counter = 0;

/** A minted-token answer shaped like the contract's MintedToken (the JWT is opaque to the SDK). */
export function mintedToken(options: {
  iat: number;
  lifetimeSeconds: number;
  aud?: string;
  sub?: string;
}): MintedToken {
  counter++;
  const exp = options.iat + options.lifetimeSeconds;
  const claims = {
    iss: 'https://id.example.com/oidc',
    sub:
      options.sub ?? 'pulumi:deploy:org:acme:project:web:stack:prod:operation:update:scope:write',
    aud: options.aud ?? 'acme',
    iat: options.iat,
    nbf: options.iat,
    exp,
    jti: `jti${counter}`,
  };
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return {
    token: `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}.c2ln${counter}`,
    expiresAt: new Date(exp * 1000).toISOString(),
    claims,
  };
}

export const deploymentRequest: DeploymentTokenRequest = {
  kind: 'deployment',
  org: 'acme',
  project: 'web',
  stack: 'prod',
  operation: 'update',
  deployment: 42,
};
