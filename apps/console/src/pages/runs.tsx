import type { Run, RunDetail, RunIdClient, RunQuery, RunState } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { describeError, type ShownError } from '../api.js';
import { Dialog } from '../components/dialog.js';
import { Pager } from '../components/pager.js';
import { Empty, ErrorNotice, Loaded } from '../components/status.js';
import { useLoad } from '../lib/use-load.js';

const STATES: RunState[] = ['running', 'succeeded', 'failed', 'cancelled', 'expired', 'revoked'];

/** What a run is for, in one line: `org/project/stack operation #n`, or the environment/actor. */
export function runName(run: Run): string {
  const id = run.identity;
  if (id.kind === 'deployment') {
    const n = id.deployment === undefined ? '' : ` #${id.deployment}`;
    return `${id.org}/${id.project}/${id.stack} ${id.operation}${n}`;
  }
  if (id.kind === 'environment') return `${id.org} ${id.currentEnvironment} (${id.user})`;
  return `${id.org} ${id.currentEnvironment} (${id.actor.login})`;
}

const when = (t: string | undefined) => (t === undefined ? '—' : t.slice(0, 19).replace('T', ' '));

/**
 * Runs, newest first: filters by state and org/project/stack, cursor paging; a row opens the
 * run with the tokens it minted; revoke is behind a confirmation. Finishing is not offered: the
 * API lets only the run's client (or its credential) finish it, never an admin.
 */
export function Runs({ api, readOnly = false }: { api: RunIdClient; readOnly?: boolean }) {
  const [query, setQuery] = useState<RunQuery>({ limit: 25 });
  const [cursors, setCursors] = useState<string[]>([]);
  const [openId, setOpenId] = useState<string | undefined>();
  const cursor = cursors[cursors.length - 1];
  const [load, reload] = useLoad(
    () => api.listRuns(cursor === undefined ? query : { ...query, cursor }),
    [query, cursor],
  );
  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const next: RunQuery = { limit: 25 };
    if (text('state')) next.state = text('state') as RunState;
    if (text('org')) next.org = text('org');
    if (text('project')) next.project = text('project');
    if (text('stack')) next.stack = text('stack');
    setCursors([]);
    setQuery(next);
  }
  return (
    <>
      <h1>Runs</h1>
      <form className="search" onSubmit={search} aria-label="Filter the runs">
        <div className="field">
          <label htmlFor="runs-state">State</label>
          <select id="runs-state" name="state" defaultValue="">
            <option value="">any</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="runs-org">Org</label>
          <input id="runs-org" name="org" />
        </div>
        <div className="field">
          <label htmlFor="runs-project">Project</label>
          <input id="runs-project" name="project" />
        </div>
        <div className="field">
          <label htmlFor="runs-stack">Stack</label>
          <input id="runs-stack" name="stack" />
        </div>
        <button type="submit">Filter</button>
      </form>
      <Loaded load={load} what="runs">
        {(page) => (
          <>
            {page.items.length === 0 ? (
              <Empty>No run matches.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Runs, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Run</th>
                      <th scope="col">State</th>
                      <th scope="col">Kind</th>
                      <th scope="col">What</th>
                      <th scope="col">Client</th>
                      <th scope="col">Created</th>
                      <th scope="col">Deadline</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((r) => (
                      <tr key={r.id}>
                        <td>
                          <button type="button" className="link" onClick={() => setOpenId(r.id)}>
                            {r.id}
                          </button>
                        </td>
                        <td>
                          <span className={`state state-${r.state}`}>{r.state}</span>
                        </td>
                        <td>{r.identity.kind}</td>
                        <td className="wrap">{runName(r)}</td>
                        <td>
                          <code>{r.clientId}</code>
                        </td>
                        <td>{when(r.createdAt)}</td>
                        <td>{when(r.deadline)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              label="Run pages"
              cursors={cursors}
              nextCursor={page.nextCursor}
              onChange={setCursors}
            />
          </>
        )}
      </Loaded>
      {openId !== undefined && (
        <RunDialog
          readOnly={readOnly}
          api={api}
          runId={openId}
          onClose={() => setOpenId(undefined)}
          onRevoked={reload}
        />
      )}
    </>
  );
}

/** One run and its tokens (getRun); revoke asks first (revokeRun). */
function RunDialog({
  api,
  readOnly,
  runId,
  onClose,
  onRevoked,
}: {
  api: RunIdClient;
  readOnly: boolean;
  runId: string;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const [load, reload] = useLoad<RunDetail>(() => api.getRun(runId), [runId]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | undefined>();
  async function revoke() {
    setBusy(true);
    setError(undefined);
    try {
      await api.revokeRun(runId);
      setConfirming(false);
      reload();
      onRevoked();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title={`Run ${runId}`} open onClose={onClose}>
      <Loaded load={load} what="the run">
        {({ run, tokens }) => (
          <>
            <dl className="facts">
              <div>
                <dt>state</dt>
                <dd>
                  <span className={`state state-${run.state}`} data-testid="run-state">
                    {run.state}
                  </span>
                </dd>
              </div>
              <div>
                <dt>what</dt>
                <dd>{runName(run)}</dd>
              </div>
              <div>
                <dt>client</dt>
                <dd>
                  <code>{run.clientId}</code>
                </dd>
              </div>
              <div>
                <dt>created</dt>
                <dd>{when(run.createdAt)}</dd>
              </div>
              <div>
                <dt>deadline</dt>
                <dd>{when(run.deadline)}</dd>
              </div>
              <div>
                <dt>ended</dt>
                <dd>{when(run.endedAt)}</dd>
              </div>
              {run.audiences && (
                <div>
                  <dt>audiences</dt>
                  <dd>{run.audiences.join(', ')}</dd>
                </div>
              )}
              {run.platforms && (
                <div>
                  <dt>platforms</dt>
                  <dd>{run.platforms.join(', ')}</dd>
                </div>
              )}
            </dl>
            <h3>Tokens</h3>
            {tokens.length === 0 ? (
              <Empty>This run has minted no token.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Tokens this run minted, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Issued</th>
                      <th scope="col">Token id</th>
                      <th scope="col">Subject</th>
                      <th scope="col">Expires</th>
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.map((t) => (
                      <tr key={t.jti}>
                        <td>{when(t.iat)}</td>
                        <td>
                          <code>{t.jti}</code>
                        </td>
                        <td className="wrap">
                          <code>{t.sub}</code>
                        </td>
                        <td>{when(t.exp)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {error && <ErrorNotice error={error} />}
            {confirming ? (
              <fieldset className="confirm">
                <legend>Confirm revoking</legend>
                <p>
                  Revoke run <code>{run.id}</code>? It mints nothing more, and every token it minted
                  ({tokens.length}) is marked revoked. This cannot be undone.
                </p>
                <div className="actions">
                  <button type="button" className="danger" disabled={busy} onClick={revoke}>
                    Revoke run and its tokens
                  </button>
                  <button type="button" onClick={() => setConfirming(false)}>
                    Keep it
                  </button>
                </div>
              </fieldset>
            ) : (
              <div className="actions">
                {run.state !== 'revoked' && !readOnly && (
                  <button type="button" className="danger" onClick={() => setConfirming(true)}>
                    Revoke…
                  </button>
                )}
                <button type="button" onClick={onClose}>
                  Close
                </button>
              </div>
            )}
          </>
        )}
      </Loaded>
    </Dialog>
  );
}
