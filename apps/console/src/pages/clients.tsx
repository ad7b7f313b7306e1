import type { ApiClient, CreatedClient, Grant, RunIdClient } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { describeError, type ShownError } from '../api.js';
import { CopyButton } from '../components/copy-button.js';
import { DangerActions } from '../components/danger-actions.js';
import { Dialog } from '../components/dialog.js';
import { Empty, ErrorNotice, Loaded, ReadOnlyNote } from '../components/status.js';
import { describeGrant, parseList } from '../lib/grant-words.js';
import { useLoad } from '../lib/use-load.js';

const KINDS = ['deployment', 'environment', 'oidc'] as const;
const PLATFORMS = ['aws', 'azure', 'gcp', 'vault', 'doppler', 'infisical', 'snowflake'] as const;

export interface GrantDraft {
  kinds: string[];
  orgs: string;
  projects: string;
  stacks: string;
  environments: string;
  platforms: string[];
  audiences: string;
  maxDuration: string;
  /** `Grant.introspect`: the client may introspect these orgs' tokens. */
  introspect: boolean;
}

export const EMPTY_DRAFT: GrantDraft = {
  kinds: ['deployment'],
  orgs: '',
  projects: '',
  stacks: '',
  environments: '',
  platforms: [],
  audiences: '',
  maxDuration: '',
  introspect: false,
};

/** What the grant still lacks before the API would take it, in words; undefined when complete. */
export function grantMissing(grant: Grant): string | undefined {
  if (grant.orgs.length === 0)
    return grant.kinds.length === 0 && !grant.introspect
      ? 'Choose at least one organization, and a kind to mint or introspection.'
      : 'Choose at least one organization.';
  if (grant.kinds.length === 0 && !grant.introspect)
    return 'Choose a kind to mint, or let it introspect (an introspect-only grant).';
  return undefined;
}

/** The grant the API receives from the editor's fields (absent lists are left out). */
export function grantFromDraft(d: GrantDraft): Grant {
  const grant: Record<string, unknown> = {
    kinds: d.kinds,
    orgs: parseList(d.orgs) ?? [],
  };
  const add = (name: string, value: string[] | undefined) => {
    if (value !== undefined && value.length > 0) grant[name] = value;
  };
  add('projects', parseList(d.projects));
  add('stacks', parseList(d.stacks));
  add('environments', parseList(d.environments));
  add('platforms', d.platforms);
  add('audiences', parseList(d.audiences));
  if (d.maxDuration.trim() !== '') grant.maxDuration = d.maxDuration.trim();
  if (d.introspect) grant.introspect = true;
  return grant as unknown as Grant;
}

/** `2 active · one expires 2026-12-05 10:00`: how many keys work, and the first to stop. */
export function keysSummary(client: ApiClient): string {
  const active = client.keys.filter((k) => k.status === 'active');
  const first = active.flatMap((k) => (k.expiresAt === undefined ? [] : [k.expiresAt])).sort()[0];
  const when = first?.slice(0, 16).replace('T', ' ');
  return `${active.length} active${when === undefined ? '' : ` · one expires ${when}`}`;
}

export function Clients({ api, readOnly = false }: { api: RunIdClient; readOnly?: boolean }) {
  const [load, reload] = useLoad(() => api.listClients());
  /** A key shown once: of a new client, or a rotation's new key. */
  const [created, setCreated] = useState<{ name: string; key: string } | undefined>();
  const [rotating, setRotating] = useState<ApiClient | undefined>();
  const [disabling, setDisabling] = useState<ApiClient | undefined>();
  const [enableError, setEnableError] = useState<ShownError | undefined>();
  return (
    <>
      <h1>Clients</h1>
      {created && (
        <section className="notice" aria-labelledby="new-key" role="status">
          <h2 id="new-key">Key of {created.name} — shown once</h2>
          <p>Store it now: only its hash is kept, and it cannot be shown again.</p>
          <p>
            <code className="secret" data-testid="new-client-key">
              {created.key}
            </code>{' '}
            <CopyButton text={created.key} label="Copy key" />{' '}
            <button type="button" onClick={() => setCreated(undefined)}>
              I stored it
            </button>
          </p>
        </section>
      )}
      {readOnly ? (
        <ReadOnlyNote />
      ) : (
        <CreateClient
          api={api}
          onCreated={(client) => {
            setCreated(client);
            reload();
          }}
        />
      )}
      <h2>All clients</h2>
      <Loaded load={load} what="clients">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No clients yet: create one above.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">API clients, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Id</th>
                    <th scope="col">Grants</th>
                    <th scope="col">Created</th>
                    <th scope="col">Keys</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <td>{c.name}</td>
                      <td>
                        <code>{c.id}</code>
                      </td>
                      <td>
                        {c.grants.map((g, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: grants have no id
                          <ul key={i} className="grant-words">
                            {describeGrant(g).map((line) => (
                              <li key={line}>{line}</li>
                            ))}
                          </ul>
                        ))}
                      </td>
                      <td>{c.createdAt.slice(0, 16).replace('T', ' ')}</td>
                      <td>{keysSummary(c)}</td>
                      <td>
                        {readOnly ? (
                          <span className={c.disabled ? 'state state-removed' : 'state'}>
                            {c.disabled ? 'disabled' : 'active'}
                          </span>
                        ) : c.disabled ? (
                          <>
                            <span className="state state-removed">disabled</span>{' '}
                            <button
                              type="button"
                              onClick={() => {
                                setEnableError(undefined);
                                api
                                  .enableClient(c.id)
                                  .then(reload, (e: unknown) => setEnableError(describeError(e)));
                              }}
                            >
                              Enable {c.name}
                            </button>
                          </>
                        ) : (
                          <>
                            <button type="button" onClick={() => setRotating(c)}>
                              Rotate key of {c.name}
                            </button>{' '}
                            <button type="button" onClick={() => setDisabling(c)}>
                              Disable {c.name}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {enableError && <ErrorNotice error={enableError} />}
      {rotating && (
        <RotateDialog
          api={api}
          client={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(key) => {
            setCreated({ name: rotating.name, key });
            setRotating(undefined);
            reload();
          }}
        />
      )}
      {disabling && (
        <DisableDialog
          api={api}
          client={disabling}
          onClose={() => setDisabling(undefined)}
          onDisabled={() => {
            setDisabling(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}

function CreateClient({
  api,
  onCreated,
}: {
  api: RunIdClient;
  onCreated: (client: CreatedClient) => void;
}) {
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<GrantDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  const grant = grantFromDraft(draft);
  const missing = grantMissing(grant);
  const set = (patch: Partial<GrantDraft>) => setDraft({ ...draft, ...patch });
  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const client = await api.createApiClient({ name: name.trim(), grants: [grant] });
      setName('');
      setDraft(EMPTY_DRAFT);
      onCreated(client);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="create-client">
      <h2 id="create-client">Create a client</h2>
      <form onSubmit={submit} className="grant-editor">
        <div className="fields">
          <label htmlFor="client-name">Name</label>
          <input id="client-name" value={name} required onChange={(e) => setName(e.target.value)} />
          <fieldset>
            <legend>Token kinds</legend>
            {KINDS.map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  checked={draft.kinds.includes(k)}
                  onChange={() => set({ kinds: toggle(draft.kinds, k) })}
                />{' '}
                {k}
              </label>
            ))}
          </fieldset>
          <fieldset aria-describedby="grant-introspect-help">
            <legend>Introspection</legend>
            <label>
              <input
                type="checkbox"
                checked={draft.introspect}
                onChange={() => set({ introspect: !draft.introspect })}
              />{' '}
              May introspect these orgs’ tokens
            </label>
            <p id="grant-introspect-help" className="muted">
              Lets it ask the issuer’s introspection endpoint whether a token of these organizations
              is live, whoever minted it. With no kind checked it mints nothing: an introspect-only
              grant for a relying party.
            </p>
          </fieldset>
          {(
            [
              ['orgs', 'Organizations (required; comma-separated, * matches within a name)'],
              ['projects', 'Projects (empty: any)'],
              ['stacks', 'Stacks (empty: any)'],
              ['environments', 'Environments as project/env (empty: any)'],
              ['audiences', 'Audiences of OIDC tokens (empty: none)'],
              ['maxDuration', 'Longest lifetime, e.g. 15m (empty: the kind’s maximum)'],
            ] as const
          ).map(([field, label]) => (
            <div key={field} className="field">
              <label htmlFor={`grant-${field}`}>{label}</label>
              <input
                id={`grant-${field}`}
                value={draft[field]}
                onChange={(e) => set({ [field]: e.target.value })}
              />
            </div>
          ))}
          <fieldset>
            <legend>Platforms of environment tokens (none checked: any)</legend>
            {PLATFORMS.map((p) => (
              <label key={p}>
                <input
                  type="checkbox"
                  checked={draft.platforms.includes(p)}
                  onChange={() => set({ platforms: toggle(draft.platforms, p) })}
                />{' '}
                {p}
              </label>
            ))}
          </fieldset>
        </div>
        <div className="grant-summary" aria-live="polite">
          <h3>This grant allows</h3>
          {missing !== undefined ? (
            <p className="muted">{missing}</p>
          ) : (
            <ul data-testid="grant-words">
              {describeGrant(grant).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create client'}
          </button>
        </div>
      </form>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}

function DisableDialog({
  api,
  client,
  onClose,
  onDisabled,
}: {
  api: RunIdClient;
  client: ApiClient;
  onClose: () => void;
  onDisabled: () => void;
}) {
  return (
    <Dialog title={`Disable ${client.name}?`} open onClose={onClose}>
      <p>
        Its keys are refused from now on, on every replica. It stays listed for the audit trail and
        keeps its name and grants: enable it again to use them.
      </p>
      <DangerActions
        label={`Disable ${client.name}`}
        act={() => api.disableClient(client.id)}
        onDone={onDisabled}
        onCancel={onClose}
      />
    </Dialog>
  );
}

function RotateDialog({
  api,
  client,
  onClose,
  onRotated,
}: {
  api: RunIdClient;
  client: ApiClient;
  onClose: () => void;
  onRotated: (key: string) => void;
}) {
  const [overlap, setOverlap] = useState('24h');
  return (
    <Dialog title={`Rotate the key of ${client.name}?`} open onClose={onClose}>
      <p>
        A new key is shown once. The keys that work now keep working for the overlap (<code>0</code>
        : they stop at once) so callers can switch over; at most 720h.
      </p>
      <label htmlFor="rotate-overlap">Overlap</label>
      <input id="rotate-overlap" value={overlap} onChange={(e) => setOverlap(e.target.value)} />
      <DangerActions
        label={`Rotate the key of ${client.name}`}
        act={() => api.rotateClientKey(client.id, { overlap: overlap.trim() })}
        onDone={(rotated) => onRotated(rotated.key)}
        onCancel={onClose}
      />
    </Dialog>
  );
}
