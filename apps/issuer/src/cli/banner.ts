/**
 * The first-start help printed by `serve`: how to create a client and mint a first token.
 * `url` is where the socket listens (for the curl lines); `issuerUrl` is the configured base of
 * `iss`, which is what a verifier must be given — the two differ (`127.0.0.1` vs `localhost`, or a
 * proxy's https URL), and a verifier configured from the listening address refuses every token.
 */
export function startBanner(
  url: string,
  issuerUrl: string,
  adminKey: string,
  generated: boolean,
): string {
  const lines = [
    '',
    `RunID issuer listening on ${url}`,
    `  issuer (v1, the tokens' iss): ${issuerUrl}/oidc`,
    `  issuer (v2, the tokens' iss): ${issuerUrl}/oidc/v2`,
    `  discovery (v1): ${issuerUrl}/oidc/.well-known/openid-configuration`,
    `  discovery (v2): ${issuerUrl}/oidc/v2/.well-known/openid-configuration`,
  ];
  if (adminKey !== '') {
    lines.push(
      '',
      generated
        ? 'A bootstrap admin key was generated. It is shown ONCE; store it now (or set RUNID_BOOTSTRAP_ADMIN_KEY):'
        : 'Admin key: from RUNID_BOOTSTRAP_ADMIN_KEY.',
      ...(generated ? [`  ${adminKey}`] : []),
      '',
      'Mint a first token:',
      `  ADMIN_KEY=${generated ? adminKey : '"$RUNID_BOOTSTRAP_ADMIN_KEY"'}`,
      `  CLIENT_KEY=$(curl -s -X POST ${url}/api/v1/admin/clients \\`,
      `    -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \\`,
      `    -d '{"name":"first-client","grants":[{"kinds":["deployment"],"orgs":["acme"]}]}' \\`,
      `    | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).key')`,
      `  curl -s -X POST ${url}/api/v1/tokens \\`,
      `    -H "Authorization: Bearer $CLIENT_KEY" -H 'Content-Type: application/json' \\`,
      `    -d '{"kind":"deployment","org":"acme","project":"web","stack":"dev","operation":"update","deployment":1}'`,
    );
  } else {
    lines.push(
      '',
      'Use your admin key to create clients: POST /api/v1/admin/clients (see README.md).',
    );
  }
  lines.push('');
  return lines.join('\n');
}
