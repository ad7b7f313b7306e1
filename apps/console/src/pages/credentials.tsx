import type { AdminCredential, AdminRole, CreatedAdminCredential, RunIdClient } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { describeError, type ShownError } from '../api.js';
import { CopyButton } from '../components/copy-button.js';
import { DangerActions } from '../components/danger-actions.js';
import { Dialog } from '../components/dialog.js';
import { ErrorNotice, Loaded, ReadOnlyNote } from '../components/status.js';
import { useLoad } from '../lib/use-load.js';

const when = (iso: string | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

/**
 * Admin credentials: who may administer the issuer, with which role. An auditor's session sees
 * the list only (the API would refuse its changes with 403 anyway).
 */
export function Credentials({ api, role }: { api: RunIdClient; role: AdminRole }) {
  const [load, reload] = useLoad(() => api.listAdminCredentials());
  const [created, setCreated] = useState<CreatedAdminCredential | undefined>();
  const [revoking, setRevoking] = useState<AdminCredential | undefined>();
  const admin = role === 'admin';
  return (
    <>
      <h1>Admin credentials</h1>
      {!admin && <ReadOnlyNote />}
      {created && (
        <section className="notice" aria-labelledby="new-credential-key" role="status">
          <h2 id="new-credential-key">Key of {created.name} — shown once</h2>
          <p>Store it now: only its hash is kept, and it cannot be shown again.</p>
          <p>
            <code className="secret" data-testid="new-credential-key">
              {created.key}
            </code>{' '}
            <CopyButton text={created.key} label="Copy key" />{' '}
            <button type="button" onClick={() => setCreated(undefined)}>
              I stored it
            </button>
          </p>
        </section>
      )}
      {admin && (
        <CreateCredential
          api={api}
          onCreated={(credential) => {
            setCreated(credential);
            reload();
          }}
        />
      )}
      <h2>All credentials</h2>
      <Loaded load={load} what="admin credentials">
        {({ items }) => (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Admin credentials, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Id</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
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
                    <td>{c.role}</td>
                    <td>{when(c.createdAt)}</td>
                    <td>{c.expiresAt ? when(c.expiresAt) : 'never'}</td>
                    <td>{c.lastUsedAt ? when(c.lastUsedAt) : 'never'}</td>
                    <td>
                      {c.state === 'active' && admin ? (
                        <button type="button" onClick={() => setRevoking(c)}>
                          Revoke {c.name}
                        </button>
                      ) : (
                        <span className={c.state === 'active' ? 'state' : 'state state-removed'}>
                          {c.state}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      {revoking && (
        <RevokeDialog
          api={api}
          credential={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={() => {
            setRevoking(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}

function CreateCredential({
  api,
  onCreated,
}: {
  api: RunIdClient;
  onCreated: (credential: CreatedAdminCredential) => void;
}) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<AdminRole>('auditor');
  const [expiresIn, setExpiresIn] = useState('');
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const credential = await api.createAdminCredential({
        name: name.trim(),
        role,
        ...(expiresIn.trim() !== '' && { expiresIn: expiresIn.trim() }),
      });
      setName('');
      setExpiresIn('');
      onCreated(credential);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="create-credential">
      <h2 id="create-credential">Create a credential</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="credential-name">Name</label>
          <input
            id="credential-name"
            value={name}
            required
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="credential-role">Role</label>
          <select
            id="credential-role"
            value={role}
            onChange={(e) => setRole(e.target.value as AdminRole)}
          >
            <option value="auditor">auditor — reads everything, changes nothing</option>
            <option value="admin">admin — everything</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="credential-expires">Expires in, e.g. 30d or 12h (empty: never)</label>
          <input
            id="credential-expires"
            value={expiresIn}
            onChange={(e) => setExpiresIn(e.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create credential'}
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}

function RevokeDialog({
  api,
  credential,
  onClose,
  onRevoked,
}: {
  api: RunIdClient;
  credential: AdminCredential;
  onClose: () => void;
  onRevoked: () => void;
}) {
  return (
    <Dialog title={`Revoke ${credential.name}?`} open onClose={onClose}>
      <p>
        Its key is refused from now on and its console sessions end, on every replica. Revoking is
        permanent; the credential stays listed. The last admin credential cannot be revoked.
      </p>
      <DangerActions
        label={`Revoke ${credential.name}`}
        act={() => api.revokeAdminCredential(credential.id)}
        onDone={onRevoked}
        onCancel={onClose}
      />
    </Dialog>
  );
}
