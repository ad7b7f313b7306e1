import { RunIdApiError } from '@runid/sdk';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/app.js';
import { EMPTY_DRAFT, grantFromDraft, grantMissing } from '../src/pages/clients.js';
import { fakeApi as fakeClient, resetConsole, sessionAs } from './helpers/fake-api.js';

afterEach(resetConsole);

const session = sessionAs('admin');

/** The fake client of these tests: every call recorded in `calls`. */
function fakeApi(answers: Record<string, (...args: unknown[]) => unknown>, calls: unknown[][]) {
  return fakeClient(answers, (name, args) => calls.push([name, ...args]));
}

describe('the grant editor: introspection', () => {
  it('sends introspect only when checked, and says what is missing', () => {
    const base = { ...EMPTY_DRAFT, orgs: 'acme' };
    expect(grantFromDraft(base)).toEqual({ kinds: ['deployment'], orgs: ['acme'] });
    expect(grantFromDraft({ ...base, introspect: true })).toEqual({
      kinds: ['deployment'],
      orgs: ['acme'],
      introspect: true,
    });
    expect(grantMissing(grantFromDraft(base))).toBeUndefined();
    expect(grantMissing(grantFromDraft({ ...base, kinds: [] }))).toMatch(/introspect-only/);
    expect(grantMissing(grantFromDraft({ ...base, kinds: [], introspect: true }))).toBeUndefined();
    expect(grantMissing(grantFromDraft({ ...EMPTY_DRAFT, introspect: true }))).toBe(
      'Choose at least one organization.',
    );
    expect(grantMissing(grantFromDraft({ ...EMPTY_DRAFT, kinds: [] }))).toMatch(
      /organization, and a kind to mint or introspection/,
    );
  });

  it('creates an introspect-only client (no kinds + introspect) and lists it in words', async () => {
    window.history.replaceState(null, '', '/console/clients');
    const calls: unknown[][] = [];
    let items: unknown[] = [];
    const api = fakeApi(
      {
        getSession: () => session,
        listClients: () => ({ items }),
        createApiClient: (request) => {
          const { name, grants } = request as { name: string; grants: unknown[] };
          const client = {
            id: 'cl_rp',
            name,
            grants,
            disabled: false,
            createdAt: '2026-01-15T12:00:00.000Z',
            keys: [{ id: 'ck_1', status: 'active', createdAt: '2026-01-15T12:00:00.000Z' }],
          };
          items = [client];
          return { ...client, key: 'rid_client_secret', keyId: 'ck_1' };
        },
      },
      calls,
    );
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText(/No clients yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'vault-rp' } });
    fireEvent.change(screen.getByLabelText(/^Organizations/), { target: { value: 'acme' } });
    fireEvent.click(screen.getByLabelText('deployment'));
    // No kind and no introspection: the summary says what is missing instead of the words.
    expect(screen.queryByTestId('grant-words')).toBeNull();
    expect(screen.getByText(/let it introspect \(an introspect-only grant\)/)).toBeTruthy();

    const box = screen.getByLabelText('May introspect these orgs’ tokens') as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.closest('fieldset')?.getAttribute('aria-describedby')).toBe('grant-introspect-help');
    fireEvent.click(box);
    expect(box.checked).toBe(true);
    expect(screen.getByTestId('grant-words').textContent).toBe(
      'Mints nothing.May introspect the tokens of organization acme (any kind, any client).',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));
    expect((await screen.findByTestId('new-client-key')).textContent).toBe('rid_client_secret');
    expect(calls.filter(([name]) => name === 'createApiClient')).toEqual([
      [
        'createApiClient',
        { name: 'vault-rp', grants: [{ kinds: [], orgs: ['acme'], introspect: true }] },
      ],
    ]);
    const row = within(await screen.findByRole('row', { name: /vault-rp/ }));
    expect(row.getByText('Mints nothing.')).toBeTruthy();
    expect(row.getByText(/May introspect the tokens of organization acme/)).toBeTruthy();
    // The editor is reset: the box is unchecked again.
    expect(
      (screen.getByLabelText('May introspect these orgs’ tokens') as HTMLInputElement).checked,
    ).toBe(false);
  });

  it('a minting grant may also introspect', async () => {
    window.history.replaceState(null, '', '/console/clients');
    const calls: unknown[][] = [];
    const api = fakeApi(
      {
        getSession: () => session,
        listClients: () => ({ items: [] }),
        createApiClient: () => {
          throw new RunIdApiError({ status: 409, code: 'conflict', detail: 'taken' });
        },
      },
      calls,
    );
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByText(/No clients yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.change(screen.getByLabelText(/^Organizations/), { target: { value: 'acme' } });
    fireEvent.click(screen.getByLabelText('May introspect these orgs’ tokens'));
    const words = screen.getByTestId('grant-words').textContent ?? '';
    expect(words).toContain('May mint deployment tokens for organization acme.');
    expect(words).toContain('May introspect the tokens of organization acme');
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(calls.filter(([name]) => name === 'createApiClient')).toEqual([
      [
        'createApiClient',
        { name: 'ci', grants: [{ kinds: ['deployment'], orgs: ['acme'], introspect: true }] },
      ],
    ]);
  });
});
