import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const ISSUER_CLI = join(dirname(require.resolve('@runid/issuer/package.json')), 'dist', 'cli.js');
const CONSOLE_BUILD = join(dirname(require.resolve('@runid/console/package.json')), 'dist');
/** Screenshots of every page: test artifacts, not compared pixel by pixel (gitignored). */
const ARTIFACTS = fileURLToPath(new URL('../test-results/', import.meta.url));

// Under CI the browser must be there (.ci/run installs it); locally the suite says why it skips.
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(haveBrowser)('the operator console in a real browser', () => {
  const adminKey = `rid_admin_${randomBytes(32).toString('base64url')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'runid-console-e2e-'));
  const clockFile = join(dataDir, 'clock-offset');
  let issuer: ChildProcess;
  let output = '';
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  /** axe-core in the page (evaluated over the DevTools protocol, so the CSP stays on). */
  async function noSeriousViolations(where: string): Promise<void> {
    await page.evaluate(axe.source);
    const result = (await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        resultTypes: ['violations'],
      }),
    )) as axe.AxeResults;
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(serious).toEqual([]);
  }

  async function open(title: string): Promise<void> {
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }

  beforeAll(async () => {
    expect(existsSync(join(CONSOLE_BUILD, 'index.html')), 'the console is built').toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(clockFile, '0');
    const port = await freePort();
    base = `http://localhost:${port}`;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      RUNID_PORT: String(port),
      RUNID_DATA_DIR: dataDir,
      RUNID_BOOTSTRAP_ADMIN_KEY: adminKey,
      RUNID_LOG_LEVEL: 'info',
      // TEST-ONLY: the issuer's clock reads an offset from this file (expired-session step).
      RUNID_TEST_HOOKS: '1',
      RUNID_TEST_CLOCK_FILE: clockFile,
    };
    issuer = spawn(process.execPath, [ISSUER_CLI, 'serve'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    issuer.stdout?.on('data', (b) => {
      output += String(b);
    });
    issuer.stderr?.on('data', (b) => {
      output += String(b);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline || issuer.exitCode !== null)
        throw new Error(`issuer did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.on('console', (m) => {
      // The browser logs every 4xx answer as a failed load; those the UI shows are expected
      // (a refused key, confirmation_required). Anything else — a CSP violation, a script
      // error — is a problem.
      if (m.type() === 'error' && !/^Failed to load resource: .* status of 4\d\d/.test(m.text()))
        problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  afterAll(async () => {
    await browser?.close();
    issuer?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the banner prints the console URL', () => {
    expect(output).toContain(`console:`);
    expect(output).toContain(`${base}/console/`);
  });

  it('refuses a bad admin key at sign-in, with the API code', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Admin key').fill(`rid_admin_${'A'.repeat(43)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unauthorized');
    await shot('sign-in');
    await noSeriousViolations('sign-in');
  });

  it('signs in; the key is not stored in the browser; the overview shows issuers, readiness and the timeline', async () => {
    await page.getByLabel('Admin key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('heading', { name: 'Key timeline' }).waitFor();
    expect(await page.getByText('ready', { exact: true }).count()).toBeGreaterThan(0);
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([
      ['runid_session', true, 'Strict'],
    ]);
    const stored = await page.evaluate(() =>
      JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]),
    );
    expect(stored).not.toContain(adminKey);
    expect(stored).toBe('[{},{},""]');
    await shot('overview');
    await noSeriousViolations('overview');
    await page.setViewportSize({ width: 390, height: 800 });
    await shot('overview-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  let clientKey = '';
  let clientId = '';

  it('creates a client with the grant editor and shows its key once', async () => {
    await open('Clients');
    await page.getByLabel('Name', { exact: true }).fill('e2e-bot');
    await page.getByLabel(/^Organizations/).fill('acme');
    await page.getByLabel(/^Projects/).fill('web');
    await expect
      .poll(() => page.getByTestId('grant-words').textContent())
      .toContain('Only in project web.');
    await page.getByRole('button', { name: 'Create client' }).click();
    clientKey = (await page.getByTestId('new-client-key').textContent()) ?? '';
    expect(clientKey).toMatch(/^rid_client_[\w-]{43}$/);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await shot('clients');
    await noSeriousViolations('clients');
    await page.getByRole('button', { name: 'I stored it' }).click();
    await page.reload();
    await page.getByRole('cell', { name: 'e2e-bot', exact: true }).waitFor();
    expect(await page.content()).not.toContain(clientKey);
    clientId =
      (await page
        .getByRole('row', { name: /e2e-bot/ })
        .locator('code')
        .first()
        .textContent()) ?? '';
    expect(clientId).toMatch(/^cl_/);
  });

  let mintedToken = '';
  let mintedIssuer = '';

  it('a token minted through the API is found in the audit, and its row opens the full record', async () => {
    const minted = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'deployment',
        org: 'acme',
        project: 'web',
        stack: 'prod',
        operation: 'update',
        deployment: 1,
      }),
    });
    expect(minted.status).toBe(201);
    const answer = (await minted.json()) as {
      token: string;
      claims: { jti: string; sub: string; iss: string };
    };
    const { claims } = answer;
    mintedToken = answer.token;
    mintedIssuer = claims.iss;
    await open('Audit');
    await page.getByLabel('Client id').fill(clientId);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: claims.jti }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(claims.sub);
    await shot('audit-record');
    await noSeriousViolations('audit-record');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await shot('audit');
    await noSeriousViolations('audit');
  });

  it('creates an introspect-only client with the grant editor; its key introspects the minted token', async () => {
    await open('Clients');
    await page.getByLabel('Name', { exact: true }).fill('e2e-relying-party');
    await page.getByLabel(/^Organizations/).fill('acme');
    await page.getByLabel('deployment', { exact: true }).uncheck();
    await page.getByText(/an introspect-only grant\)/).waitFor();
    await page.getByLabel('May introspect these orgs’ tokens').check();
    await expect
      .poll(() => page.getByTestId('grant-words').textContent())
      .toBe('Mints nothing.May introspect the tokens of organization acme (any kind, any client).');
    await shot('clients-introspect-only');
    await noSeriousViolations('clients-introspect-only');
    await page.getByRole('button', { name: 'Create client' }).click();
    const key = (await page.getByTestId('new-client-key').textContent()) ?? '';
    expect(key).toMatch(/^rid_client_[\w-]{43}$/);
    await page.getByRole('button', { name: 'I stored it' }).click();
    await page
      .getByRole('row', { name: /e2e-relying-party/ })
      .getByText('Mints nothing.')
      .waitFor();
    const introspect = (bearer: string) =>
      fetch(`${mintedIssuer}/introspect`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token: mintedToken }),
      });
    const live = await introspect(key);
    expect(live.status).toBe(200);
    expect(((await live.json()) as { active: boolean }).active).toBe(true);
    // The minting client has no introspecting grant; the introspect-only one mints nothing.
    expect((await introspect(clientKey)).status).toBe(403);
    const mint = await fetch(`${base}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'deployment',
        org: 'acme',
        project: 'web',
        stack: 'prod',
        operation: 'update',
        deployment: 2,
      }),
    });
    expect(mint.status).toBe(403);
  });

  it('a run created through the API is on the Runs page; its dialog revokes it after a confirmation', async () => {
    const created = await fetch(`${base}/api/v1/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        identity: {
          kind: 'deployment',
          org: 'acme',
          project: 'web',
          stack: 'prod',
          operation: 'update',
        },
      }),
    });
    expect(created.status).toBe(201);
    const run = (await created.json()) as { id: string; credential: string };
    await open('Runs');
    await page.getByLabel('State').selectOption('running');
    await page.getByLabel('Stack').fill('prod');
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.getByRole('row', { name: new RegExp(run.id) });
    await row.waitFor();
    expect(await row.textContent()).toContain('running');
    expect(await page.content()).not.toContain(run.credential);
    await shot('runs');
    await noSeriousViolations('runs');
    await page.getByRole('button', { name: run.id }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('run-state').waitFor();
    expect(await dialog.getByTestId('run-state').textContent()).toBe('running');
    // An admin cannot finish a run (the API allows only its client or credential): not offered.
    expect(await dialog.getByRole('button', { name: /finish/i }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Revoke…' }).click();
    await shot('runs-revoke-confirm');
    await noSeriousViolations('runs-revoke-confirm');
    await dialog.getByRole('button', { name: 'Revoke run and its tokens' }).click();
    await expect.poll(() => dialog.getByTestId('run-state').textContent()).toBe('revoked');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // The list (filtered to running) no longer has it; revoked lists it.
    await expect.poll(() => page.getByRole('row', { name: new RegExp(run.id) }).count()).toBe(0);
    await page.getByLabel('State').selectOption('revoked');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('row', { name: new RegExp(run.id) }).waitFor();
    const answer = await fetch(`${base}/api/v1/admin/runs/${run.id}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(((await answer.json()) as { run: { state: string } }).run.state).toBe('revoked');
  });

  it('previews claims with the per-platform subject checks', async () => {
    await open('Preview');
    for (const kind of ['environment', 'oidc', 'deployment']) {
      await page.getByLabel(kind, { exact: true }).check();
      await page.getByRole('button', { name: 'Preview' }).click();
      await expect.poll(() => page.getByTestId('preview-claims').textContent()).toContain('"sub"');
    }
    expect(await page.getByTestId('preview-claims').textContent()).toContain('pulumi:deploy');
    expect(await page.getByText(/^aws/).count()).toBeGreaterThan(0);
    // The pasted relying-party configuration: its verdict and lint findings.
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('vault: accepted');
    const config = page.getByLabel(/^Relying-party configuration/);
    await config.fill((await config.inputValue()).replace('stack:prod', 'stack:dev'));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('vault: refused');
    await shot('preview');
    await noSeriousViolations('preview');
  });

  it('creates an auditor credential (key shown once), which only reads; revokes it through the dialog', async () => {
    await open('Credentials');
    await page.getByRole('cell', { name: 'bootstrap', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('e2e-auditor');
    await page.getByLabel('Role').selectOption('auditor');
    await page.getByLabel(/^Expires in/).fill('30d');
    await page.getByRole('button', { name: 'Create credential' }).click();
    const key = (await page.getByTestId('new-credential-key').textContent()) ?? '';
    expect(key).toMatch(/^rid_admin_[\w-]{43}$/);
    await shot('credentials');
    await noSeriousViolations('credentials');
    await page.getByRole('button', { name: 'I stored it' }).click();
    const asAuditor = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }).then((r) => r.status);
    expect(await asAuditor('GET', '/api/v1/admin/clients')).toBe(200);
    expect(
      await asAuditor('POST', '/api/v1/admin/clients', {
        name: 'by-auditor',
        grants: [{ kinds: ['oidc'], orgs: ['acme'] }],
      }),
    ).toBe(403);
    await page.getByRole('button', { name: 'Revoke e2e-auditor' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/console sessions end/).waitFor();
    await shot('credentials-revoke-dialog');
    await noSeriousViolations('credentials-revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke e2e-auditor' }).click();
    await page
      .getByRole('row', { name: /e2e-auditor/ })
      .getByText('revoked')
      .waitFor();
    expect(await asAuditor('GET', '/api/v1/admin/clients')).toBe(401);
    expect(await page.content()).not.toContain(key);
    // The last admin credential: the refusal in the API's words, and nothing revoked.
    await page.getByRole('button', { name: 'Revoke bootstrap' }).click();
    const last = page.getByRole('dialog');
    await last.getByRole('button', { name: 'Revoke bootstrap' }).click();
    const refusal = last.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(
      /last_admin_credential.*last admin credential.*create another admin credential/,
    );
    await last.getByRole('button', { name: 'Cancel' }).click();
    await last.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Revoke bootstrap' }).waitFor();
  });

  it("the Audit page's Events view lists the trail's events, filtered by type and by actor", async () => {
    await open('Audit');
    await page.getByRole('button', { name: 'Events' }).click();
    // The auditor's revoke, and the refused revoke of the last admin credential with its reason.
    await page.getByRole('row', { name: /admin_credential\.revoked.* success / }).waitFor();
    await page
      .getByRole('row', { name: /admin_credential\.revoked.* refused last_admin_credential / })
      .waitFor();
    await page.getByLabel('Event type').selectOption('admin_credential.created');
    await page.getByRole('button', { name: 'Filter events' }).click();
    const created = page.getByRole('row', { name: /admin_credential\.created/ });
    await created.waitFor();
    expect(await page.getByRole('row', { name: /admin_credential\.revoked/ }).count()).toBe(0);
    const text = (await created.textContent()) ?? '';
    expect(text).toMatch(/admin bootstrap \(/);
    expect(text).toContain('success');
    await created.getByRole('button').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('event-detail').textContent()).toContain('"role": "auditor"');
    expect(await dialog.textContent()).not.toMatch(/rid_admin_/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // By actor: the minting client's events (its token, its run), nobody else's.
    await page.getByLabel('Event type').selectOption('');
    await page.getByLabel(/^Actor id/).fill(clientId);
    await page.getByRole('button', { name: 'Filter events' }).click();
    await page.getByRole('row', { name: /token\.minted/ }).waitFor();
    await page.getByRole('row', { name: /run\.created/ }).waitFor();
    expect(await page.getByRole('row', { name: /admin_credential\./ }).count()).toBe(0);
    // A time range in the future: nothing yet.
    await page.getByLabel('From (UTC)').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Filter events' }).click();
    await page.getByText('No event matches.').waitFor();
    await page.getByLabel('From (UTC)').fill('');
    await page.getByRole('button', { name: 'Filter events' }).click();
    await page.getByRole('row', { name: /token\.minted/ }).waitFor();
    await shot('audit-events');
    await noSeriousViolations('audit-events');
    // The export downloads through the session cookie: every line JSON, the end line last.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the trail as NDJSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('runid-audit.ndjson');
    const lines = readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { recordType: string; count?: number });
    expect(parsed.at(-1)).toEqual({ recordType: 'end', count: lines.length - 1 });
    expect(parsed.some((l) => l.recordType === 'token')).toBe(true);
  });

  it('an auditor signed in to the console sees the credentials, clients and keys without their changes', async () => {
    const made = await fetch(`${base}/api/v1/admin/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e-reader', role: 'auditor' }),
    });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const reader = await other.newPage();
      reader.on('pageerror', (e) => problems.push(String(e)));
      await reader.goto(`${base}/console/credentials`);
      await reader.getByLabel('Admin key').fill(key);
      await reader.getByRole('button', { name: 'Sign in' }).click();
      await reader.getByRole('heading', { name: 'Admin credentials' }).waitFor();
      await reader.getByRole('cell', { name: 'e2e-reader', exact: true }).waitFor();
      expect(await reader.locator('header').textContent()).toContain('(auditor, read-only)');
      await reader.getByText(/auditor role: it reads everything and changes nothing/).waitFor();
      expect(await reader.getByRole('button', { name: 'Create credential' }).count()).toBe(0);
      expect(await reader.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
      expect(await reader.getByLabel('Name', { exact: true }).count()).toBe(0);
      await reader.screenshot({ path: join(ARTIFACTS, 'credentials-auditor.png'), fullPage: true });
      // The other pages leave out their changes too (the API would answer 403).
      await reader.getByRole('link', { name: 'Clients', exact: true }).click();
      await reader.getByRole('cell', { name: 'e2e-bot', exact: true }).waitFor();
      expect(await reader.getByRole('button', { name: 'Create client' }).count()).toBe(0);
      expect(await reader.getByRole('button', { name: /^(Disable|Rotate key of) / }).count()).toBe(
        0,
      );
      await reader.getByRole('link', { name: 'Keys', exact: true }).click();
      await reader.getByTestId('read-only').waitFor();
      expect(await reader.getByRole('button', { name: /Emergency rotation/ }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('rotates keys through the dialog, which needs the issuer name typed', async () => {
    await open('Keys');
    const before = await page.getByRole('row').count();
    await page.getByRole('button', { name: 'Emergency rotation: v1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/JWKS/).first().waitFor();
    const confirm = dialog.getByRole('button', { name: 'Rotate v1 now' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill('v1');
    await shot('keys-rotate-dialog');
    await noSeriousViolations('keys-rotate-dialog');
    await confirm.click();
    await page.getByText(/Rotated the v1 issuer/).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(before);
    await shot('keys');
    await noSeriousViolations('keys');
    // The overview again, now with a minted token and a rotation on the timeline.
    await open('Overview');
    await page.getByRole('heading', { name: 'Key timeline' }).waitFor();
    await page.getByText(/1 tokens in the audit/).waitFor();
    await shot('overview-after-rotation');
  });

  it('refuses a cross-origin POST carrying the session cookie', async () => {
    const [cookie] = await context.cookies();
    const answer = await fetch(`${base}/api/v1/admin/clients`, {
      method: 'POST',
      headers: {
        cookie: `${cookie?.name}=${cookie?.value}`,
        origin: 'https://evil.example',
        'x-runid-csrf': '1',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'evil', grants: [{ kinds: ['deployment'], orgs: ['*'] }] }),
    });
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { code: string }).code).toBe('csrf_refused');
  });

  it('signs out, and the old cookie is refused', async () => {
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Signed out.').waitFor();
    const after = await fetch(`${base}/api/v1/admin/session`, {
      headers: { cookie: `${cookie?.name}=${cookie?.value}` },
    });
    expect(after.status).toBe(401);
    await page.goto(`${base}/console/keys`);
    await page.getByLabel('Admin key').waitFor();
  });

  it('an expired session is refused and sends the operator back to sign-in', async () => {
    await page.getByLabel('Admin key').fill(adminKey);
    // The page's own session check must be answered before the clock moves: answered after, it
    // signs out before the test opens Clients (seen under load).
    const checked = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/admin/session') && r.request().method() === 'GET',
    );
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    expect((await checked).status()).toBe(200);
    // 31 minutes later (the default idle timeout is 30): the issuer's clock moves, not the test's.
    writeFileSync(clockFile, String(31 * 60_000));
    await new Promise((r) => setTimeout(r, 1_100));
    await open('Clients');
    await page.getByText('Your session ended; sign in again.').waitFor();
    const [cookie] = await context.cookies();
    const answer = await fetch(`${base}/api/v1/admin/session`, {
      headers: { cookie: `${cookie?.name}=${cookie?.value}` },
    });
    expect(answer.status).toBe(401);
  });

  it('logged no browser errors (CSP violations included)', () => {
    expect(problems).toEqual([]);
  });
});
