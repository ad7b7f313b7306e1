import { describe, expect, it } from 'vitest';
import { startBanner } from '../../src/cli/banner.js';

const base = {
  url: 'http://127.0.0.1:8080',
  issuerUrl: 'http://localhost:8080',
  adminKey: 'rid_admin_x',
  generated: true,
  firstToken: true,
};

describe('startBanner', () => {
  it("prints the tokens' iss and discovery from the issuer URL, curl lines from the listening URL", () => {
    const text = startBanner(base);
    expect(text).toContain('listening on http://127.0.0.1:8080');
    expect(text).toContain("issuer (v1, the tokens' iss): http://localhost:8080/oidc\n");
    expect(text).toContain("issuer (v2, the tokens' iss): http://localhost:8080/oidc/v2\n");
    expect(text).toContain(
      'discovery (v1): http://localhost:8080/oidc/.well-known/openid-configuration',
    );
    expect(text).not.toContain('http://127.0.0.1:8080/oidc');
    expect(text).toContain(
      '  console: http://localhost:8080/console/ (sign in with an admin key)\n',
    );
    expect(text).toContain('curl -s -X POST http://127.0.0.1:8080/api/v1/tokens');
  });

  it('prints a generated admin key but no first-token walkthrough when the store is not a fresh embedded one', () => {
    const text = startBanner({ ...base, firstToken: false });
    expect(text).toContain('  rid_admin_x\n');
    expect(text).not.toContain('Mint a first token');
    expect(text).not.toContain('curl');
  });

  it('never prints a configured admin key', () => {
    const text = startBanner({ ...base, generated: false, adminKey: 'rid_admin_configured' });
    expect(text).not.toContain('rid_admin_configured');
    expect(text).toContain('ADMIN_KEY="$RUNID_BOOTSTRAP_ADMIN_KEY"');
  });
});
