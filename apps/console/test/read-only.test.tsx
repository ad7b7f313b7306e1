import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/app.js';
import { fakeApi as fakeClient, resetConsole, sessionAs } from './helpers/fake-api.js';

afterEach(resetConsole);

const session = (role: 'admin' | 'auditor') => sessionAs(role);

const client = (id: string, name: string, disabled: boolean) => ({
  id,
  name,
  grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
  disabled,
  createdAt: '2026-01-15T12:00:00.000Z',
  keys: [{ id: 'ck_1', status: 'active', createdAt: '2026-01-15T12:00:00.000Z' }],
});

const run = {
  id: 'run_a',
  clientId: 'cl_bot',
  state: 'running',
  identity: { kind: 'deployment', org: 'acme', project: 'web', stack: 'prod', operation: 'update' },
  createdAt: '2026-01-15T12:00:00.000Z',
  deadline: '2026-01-15T13:00:00.000Z',
};

function fakeApi(role: 'admin' | 'auditor', calls: string[]) {
  const answers: Record<string, () => unknown> = {
    getSession: () => session(role),
    listKeys: () => ({
      items: [
        {
          issuer: 'v1',
          kid: 'kid-current',
          alg: 'RS256',
          state: 'current',
          createdAt: '2026-01-01T00:00:00.000Z',
          activatedAt: '2026-01-02T00:00:00.000Z',
        },
      ],
    }),
    listClients: () => ({ items: [client('cl_a', 'ci', false), client('cl_b', 'old', true)] }),
    listRuns: () => ({ items: [run], nextCursor: null }),
    getRun: () => ({ run, tokens: [] }),
  };
  return fakeClient(answers, (name, args) => calls.push(`${name} ${JSON.stringify(args)}`));
}

const open = (path: string, role: 'admin' | 'auditor', calls: string[] = []) => {
  window.history.replaceState(null, '', `/console/${path}`);
  render(<App origin="http://localhost" api={fakeApi(role, calls)} />);
};

describe('an auditor session is offered no change', () => {
  it('Keys: no emergency rotation', async () => {
    open('keys', 'auditor');
    expect(await screen.findByText('kid-current')).toBeTruthy();
    expect(screen.getByTestId('read-only').textContent).toMatch(/auditor role/);
    expect(screen.queryByRole('button', { name: /Emergency rotation/ })).toBeNull();
  });

  it('Clients: no create, rotate, disable or enable; the state in words', async () => {
    open('clients', 'auditor');
    const row = within(await screen.findByRole('row', { name: /cl_a/ }));
    expect(row.getByText('active')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /cl_b/ })).getByText('disabled')).toBeTruthy();
    expect(screen.getByTestId('read-only')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create client' })).toBeNull();
    expect(screen.queryByLabelText('May introspect these orgs’ tokens')).toBeNull();
    expect(screen.queryByRole('button', { name: /^(Rotate key of|Disable|Enable) / })).toBeNull();
  });

  it('Runs: the run opens without Revoke', async () => {
    const calls: string[] = [];
    open('runs', 'auditor', calls);
    fireEvent.click(await screen.findByRole('button', { name: 'run_a' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(await dialog.findByTestId('run-state')).toBeTruthy();
    expect(dialog.queryByRole('button', { name: 'Revoke…' })).toBeNull();
    expect(dialog.getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  it('an admin session still gets every control', async () => {
    open('clients', 'admin');
    expect(await screen.findByRole('button', { name: 'Disable ci' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enable old' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create client' })).toBeTruthy();
    expect(screen.queryByTestId('read-only')).toBeNull();
    cleanup();
    open('keys', 'admin');
    expect(await screen.findByRole('button', { name: 'Emergency rotation: v1' })).toBeTruthy();
    cleanup();
    open('runs', 'admin');
    fireEvent.click(await screen.findByRole('button', { name: 'run_a' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(await dialog.findByRole('button', { name: 'Revoke…' })).toBeTruthy();
  });
});
