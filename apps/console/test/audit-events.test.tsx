import { RunIdApiError } from '@runid/sdk';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/app.js';
import { actorWords, exportHref } from '../src/pages/audit-events.js';
import { fakeApi as fakeClient, resetConsole, sessionAs } from './helpers/fake-api.js';

afterEach(resetConsole);

const session = sessionAs('auditor');

/** The fake client of these tests: every call recorded in `calls`. */
function fakeApi(answers: Record<string, (...args: unknown[]) => unknown>, calls: unknown[][]) {
  return fakeClient(answers, (name, args) => calls.push([name, ...args]));
}

const refusal = {
  id: 'ev_2',
  at: '2026-01-15T12:02:03.000Z',
  type: 'token.refused',
  actor: { type: 'client', id: 'cl_1', name: 'ci' },
  requestId: 'req-abc',
  source: '203.0.113.7',
  outcome: 'refused',
  reason: 'grant_denied',
  detail: { status: 403, fields: [{ path: 'org', code: 'grant_denied' }] },
};
const created = {
  id: 'ev_1',
  at: '2026-01-15T12:01:00.000Z',
  type: 'client.created',
  actor: { type: 'admin', id: 'adm_boot', name: 'bootstrap' },
  target: { type: 'client', id: 'cl_1' },
  requestId: 'req-def',
  source: '127.0.0.1',
  outcome: 'success',
  detail: { name: 'ci' },
};
const rotation = {
  id: 'ev_0',
  at: '2026-01-15T12:00:00.000Z',
  type: 'key.rotated',
  actor: { type: 'system', id: 'rotator' },
  outcome: 'success',
  detail: {},
};

describe('the Audit page: Events view', () => {
  it('lists events with type, actor, outcome, request id and source; filters; pages; opens one', async () => {
    window.history.replaceState(null, '', '/console/audit');
    const calls: unknown[][] = [];
    const api = fakeApi(
      {
        getSession: () => session,
        listAudit: () => ({ items: [], nextCursor: null }),
        listAuditEvents: (query) => {
          const q = query as { type?: string; cursor?: string };
          if (q.type === 'run.revoked') return { items: [], nextCursor: null };
          if (q.cursor === 'c2') return { items: [rotation], nextCursor: null };
          return { items: [refusal, created], nextCursor: 'c2' };
        },
      },
      calls,
    );
    render(<App origin="http://localhost" api={api} />);
    // The tokens view is the default; the events are one press away.
    expect(await screen.findByText('No token matches.')).toBeTruthy();
    const tokens = screen.getByRole('button', { name: 'Minted tokens' });
    expect(tokens.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Events' }));
    expect(screen.getByRole('button', { name: 'Events' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const row = within(await screen.findByRole('row', { name: /req-abc/ }));
    expect(row.getByText('token.refused')).toBeTruthy();
    expect(row.getByText('client ci (cl_1)')).toBeTruthy();
    expect(row.getByText('refused')).toBeTruthy();
    expect(row.getByText('grant_denied')).toBeTruthy();
    expect(row.getByText('203.0.113.7')).toBeTruthy();
    expect(screen.getByRole('row', { name: /req-def/ }).textContent).toContain(
      'admin bootstrap (adm_boot)',
    );
    expect(calls).toContainEqual(['listAuditEvents', { limit: 25 }]);

    // Older, then the system event without request id or source.
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    const system = within(await screen.findByRole('row', { name: /key\.rotated/ }));
    expect(system.getByText('system rotator')).toBeTruthy();
    expect(system.getAllByText('—')).toHaveLength(2);
    expect(calls).toContainEqual(['listAuditEvents', { limit: 25, cursor: 'c2' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    await screen.findByRole('row', { name: /req-abc/ });

    // A row opens the event with its target and detail.
    fireEvent.click(
      screen.getByRole('button', { name: 'client.created at 2026-01-15 12:01:00: details' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText('cl_1')).toBeTruthy();
    expect(dialog.getByTestId('event-detail').textContent).toContain('"name": "ci"');
    fireEvent.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // Filter by type and actor: a new query from the first page.
    fireEvent.change(screen.getByLabelText('Event type'), { target: { value: 'run.revoked' } });
    fireEvent.change(screen.getByLabelText(/^Actor id/), { target: { value: 'adm_boot' } });
    fireEvent.change(screen.getByLabelText('From (UTC)'), {
      target: { value: '2026-01-15T12:00' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Filter events' }));
    expect(await screen.findByText('No event matches.')).toBeTruthy();
    expect(calls).toContainEqual([
      'listAuditEvents',
      { limit: 25, type: 'run.revoked', actor: 'adm_boot', since: '2026-01-15T12:00:00.000Z' },
    ]);
    expect(
      screen.getByRole('link', { name: 'Download the trail as NDJSON' }).getAttribute('href'),
    ).toBe('/api/v1/admin/audit/export?since=2026-01-15T12%3A00%3A00.000Z');
  });

  it('shows a refused query with its code', async () => {
    window.history.replaceState(null, '', '/console/audit');
    const api = fakeApi(
      {
        getSession: () => session,
        listAudit: () => ({ items: [], nextCursor: null }),
        listAuditEvents: () => {
          throw new RunIdApiError({ status: 400, code: 'invalid_request', detail: 'bad cursor' });
        },
      },
      [],
    );
    render(<App origin="http://localhost" api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Events' }));
    expect((await screen.findByRole('alert')).textContent).toContain('invalid_request');
  });

  it('links the NDJSON export for the time range (type and actor do not apply to it)', () => {
    expect(exportHref({ limit: 25 })).toBe('/api/v1/admin/audit/export');
    expect(
      exportHref({
        limit: 25,
        type: 'run.created',
        actor: 'cl_1',
        since: '2026-01-15T12:00:00.000Z',
        until: '2026-01-16T00:00:00.000Z',
      }),
    ).toBe(
      '/api/v1/admin/audit/export?since=2026-01-15T12%3A00%3A00.000Z&until=2026-01-16T00%3A00%3A00.000Z',
    );
  });

  it('names actors in words', () => {
    expect(actorWords({ type: 'anonymous', id: 'anonymous' })).toBe('anonymous');
    expect(actorWords({ type: 'run', id: 'run_1' })).toBe('run run_1');
    expect(actorWords({ type: 'system', id: 'rotator', name: 'rotator' })).toBe('system rotator');
  });
});
