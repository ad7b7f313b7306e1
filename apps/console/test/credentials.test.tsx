import { RunIdApiError } from '@runid/sdk';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/app.js';
import { fakeApi as fakeClient, resetConsole, sessionAs } from './helpers/fake-api.js';

afterEach(resetConsole);

const session = (role: 'admin' | 'auditor') => sessionAs(role);

const credential = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  role: 'admin',
  state: 'active',
  createdAt: '2026-01-15T12:00:00.000Z',
  ...extra,
});

/** The fake client of these tests: every call recorded in `calls`. */
function fakeApi(answers: Record<string, (...args: unknown[]) => unknown>, calls: string[]) {
  return fakeClient(answers, (name, args) => calls.push(`${name} ${JSON.stringify(args)}`));
}

describe('the Credentials page', () => {
  it('creates a credential (key shown once), revokes one after confirming, shows a refusal', async () => {
    window.history.replaceState(null, '', '/console/credentials');
    const calls: string[] = [];
    let items = [
      credential('adm_boot', 'bootstrap', { lastUsedAt: '2026-01-15T12:05:00.000Z' }),
      credential('adm_old', 'old', { state: 'revoked', revokedAt: '2026-01-15T12:01:00.000Z' }),
    ];
    const api = fakeApi(
      {
        getSession: () => session('admin'),
        listAdminCredentials: () => ({ items }),
        createAdminCredential: (request) => {
          const created = credential('adm_new', 'ci-reader', {
            role: 'auditor',
            expiresAt: '2026-02-14T12:00:00.000Z',
          });
          items = [...items, created];
          return { ...created, key: 'rid_admin_secret', ...(request as object) };
        },
        revokeAdminCredential: (id) => {
          if (id === 'adm_boot')
            throw new RunIdApiError({
              status: 409,
              code: 'last_admin_credential',
              detail: "'bootstrap' is the last admin credential",
            });
          items = items.map((c) => (c.id === id ? { ...c, state: 'revoked' } : c));
          return items.find((c) => c.id === id);
        },
      },
      calls,
    );
    render(<App origin="http://localhost" api={api} />);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Admin credentials' }),
    ).toBeTruthy();
    expect(await screen.findByText('adm_boot')).toBeTruthy();
    expect(screen.getByText('revoked')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ci-reader' } });
    fireEvent.change(screen.getByLabelText(/Expires in/), { target: { value: '30d' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create credential' }));
    expect((await screen.findByTestId('new-credential-key')).textContent).toBe('rid_admin_secret');
    expect(calls).toContain(
      'createAdminCredential [{"name":"ci-reader","role":"auditor","expiresIn":"30d"}]',
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Revoke ci-reader' }));
    const dialog = within(await screen.findByRole('dialog'));
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.startsWith('revokeAdminCredential'))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke ci-reader' }));
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke ci-reader' }),
    );
    await waitFor(() => expect(calls).toContain('revokeAdminCredential ["adm_new"]'));
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Revoke ci-reader' })).toBeNull(),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Revoke bootstrap' }));
    const last = within(await screen.findByRole('dialog'));
    fireEvent.click(last.getByRole('button', { name: 'Revoke bootstrap' }));
    expect(await last.findByText('last_admin_credential')).toBeTruthy();
  });

  it('an auditor session lists the credentials and is offered no change', async () => {
    window.history.replaceState(null, '', '/console/credentials');
    const calls: string[] = [];
    const api = fakeApi(
      {
        getSession: () => session('auditor'),
        listAdminCredentials: () => ({ items: [credential('adm_boot', 'bootstrap')] }),
      },
      calls,
    );
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText('adm_boot')).toBeTruthy();
    expect(screen.getByText(/auditor role: it reads everything and changes nothing/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create credential' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Revoke/ })).toBeNull();
  });
});
