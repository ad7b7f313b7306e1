import type { AuditEvent, AuditEventQuery, AuditEventType, RunIdClient } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../components/dialog.js';
import { Pager } from '../components/pager.js';
import { Empty, Loaded } from '../components/status.js';
import { instant } from '../lib/instant.js';
import { useLoad } from '../lib/use-load.js';

/**
 * Every event type of the contract, in words (a `Record`, so a type added to the contract does
 * not compile here until it is named).
 */
export const EVENT_TYPES: Record<AuditEventType, string> = {
  'token.minted': 'token minted',
  'token.refused': 'mint refused',
  'client.created': 'client created',
  'client.disabled': 'client disabled',
  'client.enabled': 'client enabled',
  'client.grants_changed': 'client grants changed',
  'client.key_rotated': 'client key rotated',
  'client.key_revoked': 'client key revoked',
  'admin_credential.created': 'admin credential created',
  'admin_credential.revoked': 'admin credential revoked',
  'key.generated': 'signing key generated',
  'key.published': 'signing key published',
  'key.rotated': 'signing key rotated',
  'key.emergency_rotated': 'emergency rotation',
  'key.retired': 'signing key retired',
  'key.removed': 'signing key removed',
  'key.rekeyed': 'keys re-encrypted under a new KEK',
  'admin.signed_in': 'console sign-in',
  'admin.sign_in_refused': 'console sign-in refused',
  'admin.action_refused': 'admin action refused',
  'run.created': 'run created',
  'run.finished': 'run finished',
  'run.revoked': 'run revoked',
  'audit.purged': 'audit trail purged (retention)',
};

const time = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** `client ci (cl_…)`, `admin bootstrap (adm_…)`, `system rotator`, `anonymous`. */
export function actorWords(actor: AuditEvent['actor']): string {
  if (actor.type === 'anonymous') return 'anonymous';
  const name = actor.name !== undefined && actor.name !== actor.id ? `${actor.name} ` : '';
  return name === '' ? `${actor.type} ${actor.id}` : `${actor.type} ${name}(${actor.id})`;
}

/**
 * The export's address for the filter's time range: a plain same-origin GET, so the browser
 * downloads it with the session cookie (no CSRF header needed for a read).
 */
export function exportHref(query: AuditEventQuery): string {
  const params = new URLSearchParams();
  if (query.since) params.set('since', query.since);
  if (query.until) params.set('until', query.until);
  const qs = params.toString();
  return `/api/v1/admin/audit/export${qs === '' ? '' : `?${qs}`}`;
}

/** The Audit page's Events view: the audit trail's events, filtered by type and actor. */
export function AuditEvents({ api }: { api: RunIdClient }) {
  const [query, setQuery] = useState<AuditEventQuery>({ limit: 25 });
  const [cursors, setCursors] = useState<string[]>([]);
  const [open, setOpen] = useState<AuditEvent | undefined>();
  const cursor = cursors[cursors.length - 1];
  const [load] = useLoad(
    () => api.listAuditEvents(cursor === undefined ? query : { ...query, cursor }),
    [query, cursor],
  );
  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const next: AuditEventQuery = { limit: 25 };
    if (text('type')) next.type = text('type');
    if (text('actor')) next.actor = text('actor');
    const since = instant(text('since'));
    const until = instant(text('until'));
    if (since) next.since = since;
    if (until) next.until = until;
    setCursors([]);
    setQuery(next);
  }
  return (
    <>
      <form className="search" onSubmit={filter} aria-label="Filter the events">
        <div className="field">
          <label htmlFor="event-type">Event type</label>
          <select id="event-type" name="type" defaultValue="">
            <option value="">any</option>
            {Object.entries(EVENT_TYPES).map(([type, words]) => (
              <option key={type} value={type}>
                {type} — {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="event-actor">
            Actor id (cl_…, an admin credential's id, run_…, rotator, anonymous)
          </label>
          <input id="event-actor" name="actor" />
        </div>
        <div className="field">
          <label htmlFor="event-since">From (UTC)</label>
          <input id="event-since" name="since" type="datetime-local" />
        </div>
        <div className="field">
          <label htmlFor="event-until">Before (UTC)</label>
          <input id="event-until" name="until" type="datetime-local" />
        </div>
        <button type="submit">Filter events</button>
      </form>
      <p>
        <a href={exportHref(query)} download="runid-audit.ndjson">
          Download the trail as NDJSON
        </a>{' '}
        <span className="muted">
          (tokens and events of the time range above, oldest first; the last line,{' '}
          <code>{'{"recordType":"end"}'}</code>, says the export is complete)
        </span>
      </p>
      <Loaded load={load} what="audit events">
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <Empty>No event matches.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Audit events, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Type</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Request id</th>
                      <th scope="col">Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((e) => (
                      <tr key={`${e.type} ${e.id}`}>
                        <td>{time(e.at)}</td>
                        <td>
                          <button
                            type="button"
                            className="link"
                            aria-label={`${e.type} at ${time(e.at)}: details`}
                            onClick={() => setOpen(e)}
                          >
                            {e.type}
                          </button>
                        </td>
                        <td className="wrap">{actorWords(e.actor)}</td>
                        <td>
                          <span className={e.outcome === 'success' ? '' : 'bad'}>{e.outcome}</span>
                          {e.reason !== undefined && (
                            <>
                              {' '}
                              <code>{e.reason}</code>
                            </>
                          )}
                        </td>
                        <td>{e.requestId ? <code>{e.requestId}</code> : '—'}</td>
                        <td>{e.source ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              label="Event pages"
              cursors={cursors}
              nextCursor={page.nextCursor}
              onChange={setCursors}
            />
          </>
        )}
      </Loaded>
      {open && (
        <Dialog title={`${open.type} at ${time(open.at)}`} open onClose={() => setOpen(undefined)}>
          <dl className="facts">
            <div>
              <dt>event</dt>
              <dd>
                <code>{open.id}</code> ({EVENT_TYPES[open.type] ?? open.type})
              </dd>
            </div>
            <div>
              <dt>actor</dt>
              <dd>{actorWords(open.actor)}</dd>
            </div>
            {open.target && (
              <div>
                <dt>target</dt>
                <dd>
                  {open.target.type} <code>{open.target.id}</code>
                </dd>
              </div>
            )}
            <div>
              <dt>outcome</dt>
              <dd>
                {open.outcome}
                {open.reason !== undefined && ` (${open.reason})`}
              </dd>
            </div>
          </dl>
          <h3>Detail</h3>
          <pre data-testid="event-detail">{JSON.stringify(open.detail, null, 2)}</pre>
          <div className="actions">
            <button type="button" onClick={() => setOpen(undefined)}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
