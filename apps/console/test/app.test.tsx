import { RunIdApiError, type RunIdClient } from '@runid/sdk';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App, pageOf } from '../src/app.js';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/console/');
});

const session = {
  admin: 'bootstrap',
  role: 'admin' as const,
  createdAt: '2026-01-15T12:00:00.000Z',
  idleExpiresAt: '2026-01-15T12:30:00.000Z',
  expiresAt: '2026-01-16T00:00:00.000Z',
  idleTimeoutSeconds: 1800,
  absoluteTimeoutSeconds: 43200,
};

const refused = (code: string, status: number, detail: string) =>
  new RunIdApiError({ status, code: code as never, detail });

/** An injected client (the SDK's interface) answering what each test needs; the rest refuses. */
function fakeApi(overrides: Partial<Record<keyof RunIdClient, unknown>>): RunIdClient {
  const calls: string[] = [];
  const api = new Proxy(
    {},
    {
      get(_target, name: string) {
        if (name === 'calls') return calls;
        const answer = overrides[name as keyof RunIdClient];
        return async (...args: unknown[]) => {
          calls.push(`${name} ${JSON.stringify(args)}`);
          if (typeof answer === 'function')
            return (answer as (...a: unknown[]) => unknown)(...args);
          if (answer instanceof Error) throw answer;
          if (answer !== undefined) return answer;
          throw refused('not_found', 404, `${name} is not part of this test`);
        };
      },
    },
  );
  return api as RunIdClient;
}

describe('routing', () => {
  it('maps locations to pages', () => {
    expect(pageOf('/console/')).toBe('');
    expect(pageOf('/console/keys')).toBe('keys');
    expect(pageOf('/console/clients/')).toBe('clients');
    expect(pageOf('/console/nope')).toBe('');
  });
});

describe('the console app', () => {
  it('asks for the admin key when there is no session', async () => {
    render(
      <App
        origin="http://localhost"
        api={fakeApi({ getSession: refused('unauthorized', 401, 'No console session.') })}
      />,
    );
    expect(await screen.findByLabelText('Admin key')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('shows the API error code and message when the session check fails otherwise', async () => {
    render(
      <App
        origin="http://localhost"
        api={fakeApi({
          getSession: refused('store_unavailable', 503, 'The store is unavailable.'),
        })}
      />,
    );
    expect(await screen.findByText('The store is unavailable.')).toBeTruthy();
  });

  it('lists keys, and the rotation dialog rotates only once the issuer name is typed', async () => {
    window.history.replaceState(null, '', '/console/keys');
    const rotated: unknown[] = [];
    const api = fakeApi({
      getSession: session,
      listKeys: {
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
      },
      rotateKeys: (request: { confirm?: boolean }) => {
        if (request.confirm !== true) {
          throw refused('confirmation_required', 400, 'Relying parties must refetch the JWKS.');
        }
        rotated.push(request);
        return { issuer: 'v1', explanation: 'Promoted the next key.', consequences: [], keys: [] };
      },
    });
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText('kid-current')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Emergency rotation: v1' }));
    expect(await screen.findByText('Relying parties must refetch the JWKS.')).toBeTruthy();
    const confirm = screen.getByRole('button', { name: 'Rotate v1 now' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/to confirm/), { target: { value: 'v2' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/to confirm/), { target: { value: 'v1' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(await screen.findByText(/Promoted the next key/)).toBeTruthy();
    expect(rotated).toEqual([{ issuer: 'v1', confirm: true, removeCompromised: false }]);
  });

  it('creates a client from the grant editor, says what it allows, shows the key once', async () => {
    window.history.replaceState(null, '', '/console/clients');
    const created: unknown[] = [];
    const api = fakeApi({
      getSession: session,
      listClients: { items: [] },
      createApiClient: (request: unknown) => {
        created.push(request);
        return {
          id: 'cl_1',
          name: 'ci',
          key: 'rid_client_secret',
          grants: [],
          disabled: false,
          createdAt: '2026-01-15T12:00:00.000Z',
        };
      },
    });
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText(/No clients yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.change(screen.getByLabelText(/^Organizations/), { target: { value: 'acme' } });
    fireEvent.change(screen.getByLabelText(/^Stacks/), { target: { value: 'prod' } });
    expect(screen.getByTestId('grant-words').textContent).toContain('Only on stack prod.');
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));
    expect((await screen.findByTestId('new-client-key')).textContent).toBe('rid_client_secret');
    expect(created).toEqual([
      { name: 'ci', grants: [{ kinds: ['deployment'], orgs: ['acme'], stacks: ['prod'] }] },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'I stored it' }));
    await waitFor(() => expect(screen.queryByTestId('new-client-key')).toBeNull());
  });

  it('lists how many keys work and re-enables a disabled client', async () => {
    window.history.replaceState(null, '', '/console/clients');
    const client = {
      id: 'cl_1',
      name: 'ci',
      grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
      createdAt: '2026-01-15T12:00:00.000Z',
      keys: [
        {
          id: 'ck_2',
          status: 'active',
          createdAt: '2026-01-15T12:00:00.000Z',
          expiresAt: '2026-02-14T12:00:00.000Z',
        },
        {
          id: 'ck_1',
          status: 'revoked',
          createdAt: '2026-01-15T11:00:00.000Z',
          revokedAt: '2026-01-15T12:00:00.000Z',
        },
      ],
    };
    let disabled = true;
    const api = fakeApi({
      getSession: session,
      listClients: () => ({ items: [{ ...client, disabled }] }),
      enableClient: () => {
        disabled = false;
        return { ...client, disabled };
      },
    });
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText('1 active · one expires 2026-02-14 12:00')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Enable ci' }));
    expect(await screen.findByRole('button', { name: 'Disable ci' })).toBeTruthy();
    expect((api as unknown as { calls: string[] }).calls).toContain('enableClient ["cl_1"]');
  });

  it('rotates a key with the overlap typed and shows the new key once', async () => {
    window.history.replaceState(null, '', '/console/clients');
    const rotations: unknown[] = [];
    const api = fakeApi({
      getSession: session,
      listClients: {
        items: [
          {
            id: 'cl_1',
            name: 'ci',
            grants: [{ kinds: ['deployment'], orgs: ['acme'] }],
            disabled: false,
            createdAt: '2026-01-15T12:00:00.000Z',
            keys: [{ id: 'ck_1', status: 'active', createdAt: '2026-01-15T12:00:00.000Z' }],
          },
        ],
      },
      rotateClientKey: (id: unknown, request: unknown) => {
        rotations.push([id, request]);
        return { clientId: 'cl_1', keyId: 'ck_2', key: 'rid_client_new', createdAt: '', keys: [] };
      },
    });
    render(<App origin="http://localhost" api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Rotate key of ci' }));
    fireEvent.change(screen.getByLabelText('Overlap'), { target: { value: '1h' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rotate the key of ci' }));
    expect((await screen.findByTestId('new-client-key')).textContent).toBe('rid_client_new');
    expect(rotations).toEqual([['cl_1', { overlap: '1h' }]]);
  });

  it('shows a refused create with the code and the fields the API named', async () => {
    window.history.replaceState(null, '', '/console/clients');
    const api = fakeApi({
      getSession: session,
      listClients: { items: [] },
      createApiClient: new RunIdApiError({
        status: 400,
        code: 'invalid_request',
        detail: 'The request does not match the contract; see errors.',
        errors: [{ path: 'grants/0/orgs', code: 'too_small', message: 'must have 1 item' }],
      }),
    });
    render(<App origin="http://localhost" api={api} />);
    await screen.findByText(/No clients yet/);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('invalid_request');
    expect(alert.textContent).toContain('grants/0/orgs: must have 1 item');
  });

  it('signs out through the API and returns to the sign-in form', async () => {
    const api = fakeApi({
      getSession: session,
      deleteSession: { ended: true },
      getDiscovery: new Promise(() => undefined),
    });
    render(<App origin="http://localhost" api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('Signed out.')).toBeTruthy();
    expect(screen.getByLabelText('Admin key')).toBeTruthy();
  });

  it('names the role of an auditor session (read-only) beside its name', async () => {
    const api = fakeApi({
      getSession: { ...session, admin: 'ci-reader', role: 'auditor' },
      getDiscovery: new Promise(() => undefined),
    });
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText(/ci-reader \(auditor, read-only\)/)).toBeTruthy();
  });

  it('navigates between pages through links without reloading', async () => {
    const api = fakeApi({
      getSession: session,
      getDiscovery: new Promise(() => undefined),
      listAudit: { items: [], nextCursor: null },
    });
    render(<App origin="http://localhost" api={api} />);
    fireEvent.click(await screen.findByRole('link', { name: 'Audit' }));
    expect(window.location.pathname).toBe('/console/audit');
    expect(await screen.findByText('No token matches.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Audit' }).getAttribute('aria-current')).toBe('page');
  });
});
