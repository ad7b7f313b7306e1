import { RunIdApiError } from '@runid/sdk';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/app.js';
import { fakeApi as fakeClient, resetConsole, sessionAs } from './helpers/fake-api.js';

afterEach(resetConsole);

const session = sessionAs('admin');

const run = (id: string, state: string) => ({
  id,
  clientId: 'cl_bot',
  state,
  identity: {
    kind: 'deployment',
    org: 'acme',
    project: 'web',
    stack: 'prod',
    operation: 'update',
    deployment: 7,
  },
  createdAt: '2026-01-15T12:00:00.000Z',
  deadline: '2026-01-15T13:00:00.000Z',
});

/** The fake client of these tests: every call recorded in `calls`. */
function fakeApi(answers: Record<string, (...args: unknown[]) => unknown>, calls: string[]) {
  return fakeClient(answers, (name, args) => calls.push(`${name} ${JSON.stringify(args)}`));
}

describe('the Runs page', () => {
  it('filters and pages runs, opens one with its tokens, revokes it only after confirming', async () => {
    window.history.replaceState(null, '', '/console/runs');
    const calls: string[] = [];
    let state = 'running';
    const api = fakeApi(
      {
        getSession: () => session,
        listRuns: (query) =>
          (query as { cursor?: string }).cursor === 'c2'
            ? { items: [run('run_old', 'succeeded')], nextCursor: null }
            : { items: [run('run_a', state)], nextCursor: 'c2' },
        getRun: () => ({
          run: run('run_a', state),
          tokens: [
            {
              jti: 'jti-1',
              kind: 'deployment',
              iss: 'https://issuer/v1',
              sub: 'pulumi:deploy:acme:web:prod:update',
              aud: 'aud',
              clientId: 'cl_bot',
              kid: 'k',
              iat: '2026-01-15T12:01:00.000Z',
              exp: '2026-01-15T13:01:00.000Z',
              runId: 'run_a',
            },
          ],
        }),
        revokeRun: () => {
          state = 'revoked';
          return run('run_a', state);
        },
      },
      calls,
    );
    render(<App origin="http://localhost" api={api} />);
    expect(await screen.findByRole('button', { name: 'run_a' })).toBeTruthy();
    expect(screen.getByText('acme/web/prod update #7')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'running' } });
    fireEvent.change(screen.getByLabelText('Stack'), { target: { value: 'prod' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() =>
      expect(calls).toContain('listRuns [{"limit":25,"state":"running","stack":"prod"}]'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Older' }));
    expect(await screen.findByRole('button', { name: 'run_old' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));

    fireEvent.click(await screen.findByRole('button', { name: 'run_a' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(await dialog.findByText('jti-1')).toBeTruthy();
    expect(dialog.getByTestId('run-state').textContent).toBe('running');
    expect(dialog.queryByRole('button', { name: /finish/i })).toBeNull();
    fireEvent.click(dialog.getByRole('button', { name: 'Revoke…' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Keep it' }));
    expect(calls.some((c) => c.startsWith('revokeRun'))).toBe(false);
    fireEvent.click(dialog.getByRole('button', { name: 'Revoke…' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Revoke run and its tokens' }));
    await waitFor(() => expect(dialog.getByTestId('run-state').textContent).toBe('revoked'));
    expect(calls).toContain('revokeRun ["run_a"]');
    expect(dialog.queryByRole('button', { name: 'Revoke…' })).toBeNull();
  });

  it('shows the API code and message when the list is refused, and an empty list as such', async () => {
    window.history.replaceState(null, '', '/console/runs');
    let fail = true;
    const api = fakeApi(
      {
        getSession: () => session,
        listRuns: () => {
          if (fail)
            throw new RunIdApiError({
              status: 400,
              code: 'invalid_request',
              detail: 'cursor is not one this issuer returned',
            });
          return { items: [], nextCursor: null };
        },
      },
      [],
    );
    render(<App origin="http://localhost" api={api} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('invalid_request');
    expect(alert.textContent).toContain('cursor is not one this issuer returned');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByText('No run matches.')).toBeTruthy();
  });
});
