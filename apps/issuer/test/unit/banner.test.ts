import { describe, expect, it } from 'vitest';
import { startBanner } from '../../src/cli/banner.js';

describe('startBanner', () => {
  it("prints the tokens' iss and discovery from the issuer URL, curl lines from the listening URL", () => {
    const text = startBanner('http://127.0.0.1:8080', 'http://localhost:8080', 'rid_admin_x', true);
    expect(text).toContain('listening on http://127.0.0.1:8080');
    expect(text).toContain("issuer (v1, the tokens' iss): http://localhost:8080/oidc\n");
    expect(text).toContain("issuer (v2, the tokens' iss): http://localhost:8080/oidc/v2\n");
    expect(text).toContain(
      'discovery (v1): http://localhost:8080/oidc/.well-known/openid-configuration',
    );
    expect(text).not.toContain('http://127.0.0.1:8080/oidc');
    expect(text).toContain('curl -s -X POST http://127.0.0.1:8080/api/v1/tokens');
  });
});
