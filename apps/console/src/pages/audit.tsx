import type { AuditQuery, AuditRecord, RunIdClient } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { Dialog } from '../components/dialog.js';
import { Pager } from '../components/pager.js';
import { Empty, Loaded } from '../components/status.js';
import { instant } from '../lib/instant.js';
import { useLoad } from '../lib/use-load.js';
import { AuditEvents } from './audit-events.js';

type Kind = NonNullable<AuditQuery['kind']>;

/** Two views: the minted tokens' records, and the audit trail's events. */
export function Audit({ api }: { api: RunIdClient }) {
  const [view, setView] = useState<'tokens' | 'events'>('tokens');
  return (
    <>
      <h1>Audit</h1>
      <fieldset className="views">
        <legend className="sr-only">Show</legend>
        <button type="button" aria-pressed={view === 'tokens'} onClick={() => setView('tokens')}>
          Minted tokens
        </button>
        <button type="button" aria-pressed={view === 'events'} onClick={() => setView('events')}>
          Events
        </button>
      </fieldset>
      {view === 'tokens' ? <AuditTokens api={api} /> : <AuditEvents api={api} />}
    </>
  );
}

function AuditTokens({ api }: { api: RunIdClient }) {
  const [query, setQuery] = useState<AuditQuery>({ limit: 25 });
  const [cursors, setCursors] = useState<string[]>([]);
  const [open, setOpen] = useState<AuditRecord | undefined>();
  const cursor = cursors[cursors.length - 1];
  const [load] = useLoad(
    () => api.listAudit(cursor === undefined ? query : { ...query, cursor }),
    [query, cursor],
  );
  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const next: AuditQuery = { limit: 25 };
    if (text('sub')) next.sub = text('sub');
    if (text('clientId')) next.clientId = text('clientId');
    if (text('jti')) next.jti = text('jti');
    if (text('kind')) next.kind = text('kind') as Kind;
    const since = instant(text('since'));
    const until = instant(text('until'));
    if (since) next.since = since;
    if (until) next.until = until;
    setCursors([]);
    setQuery(next);
  }
  return (
    <>
      <form className="search" onSubmit={search} aria-label="Search the audit">
        <div className="field">
          <label htmlFor="audit-sub">Subject</label>
          <input id="audit-sub" name="sub" />
        </div>
        <div className="field">
          <label htmlFor="audit-client">Client id</label>
          <input id="audit-client" name="clientId" />
        </div>
        <div className="field">
          <label htmlFor="audit-jti">Token id (jti)</label>
          <input id="audit-jti" name="jti" />
        </div>
        <div className="field">
          <label htmlFor="audit-kind">Kind</label>
          <select id="audit-kind" name="kind" defaultValue="">
            <option value="">any</option>
            <option value="deployment">deployment</option>
            <option value="environment">environment</option>
            <option value="oidc">oidc</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-since">Issued from (UTC)</label>
          <input id="audit-since" name="since" type="datetime-local" />
        </div>
        <div className="field">
          <label htmlFor="audit-until">Issued before (UTC)</label>
          <input id="audit-until" name="until" type="datetime-local" />
        </div>
        <button type="submit">Search</button>
      </form>
      <Loaded load={load} what="audit records">
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <Empty>No token matches.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Minted tokens, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Issued</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Subject</th>
                      <th scope="col">Client</th>
                      <th scope="col">Token id</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((r) => (
                      <tr key={r.jti}>
                        <td>{r.iat.slice(0, 19).replace('T', ' ')}</td>
                        <td>{r.kind}</td>
                        <td className="wrap">
                          <code>{r.sub}</code>
                        </td>
                        <td>
                          <code>{r.clientId}</code>
                        </td>
                        <td>
                          <button type="button" className="link" onClick={() => setOpen(r)}>
                            {r.jti}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              label="Audit pages"
              cursors={cursors}
              nextCursor={page.nextCursor}
              onChange={setCursors}
            />
          </>
        )}
      </Loaded>
      {open && (
        <Dialog title={`Token ${open.jti}`} open onClose={() => setOpen(undefined)}>
          <dl className="facts">
            {Object.entries(open).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>
                  <code>{String(v)}</code>
                </dd>
              </div>
            ))}
          </dl>
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
