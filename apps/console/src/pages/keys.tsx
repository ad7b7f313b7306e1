import type { IssuerVersion, KeyRotation, RunIdClient } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { describeError, type ShownError } from '../api.js';
import { Dialog } from '../components/dialog.js';
import { Empty, ErrorNotice, Loaded, ReadOnlyNote } from '../components/status.js';
import { useLoad } from '../lib/use-load.js';

const when = (s: string | undefined) => (s ? s.slice(0, 16).replace('T', ' ') : '—');

/** The key list, and emergency rotation behind a dialog that needs the issuer's name typed. */
export function Keys({ api, readOnly = false }: { api: RunIdClient; readOnly?: boolean }) {
  const [load, reload] = useLoad(() => api.listKeys());
  const [rotating, setRotating] = useState<IssuerVersion | undefined>();
  const [done, setDone] = useState<KeyRotation | undefined>();
  return (
    <>
      <h1>Keys</h1>
      {done && (
        <div className="notice" role="status">
          <p>
            Rotated the {done.issuer} issuer. {done.explanation}
          </p>
        </div>
      )}
      {readOnly ? (
        <ReadOnlyNote />
      ) : (
        <p>
          <button type="button" className="danger" onClick={() => setRotating('v1')}>
            Emergency rotation: v1
          </button>{' '}
          <button type="button" className="danger" onClick={() => setRotating('v2')}>
            Emergency rotation: v2
          </button>
        </p>
      )}
      <Loaded load={load} what="keys">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No keys yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Signing keys of both issuers, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Issuer</th>
                    <th scope="col">Key id</th>
                    <th scope="col">Alg</th>
                    <th scope="col">State</th>
                    <th scope="col">Created</th>
                    <th scope="col">Published</th>
                    <th scope="col">Signing since</th>
                    <th scope="col">Retired</th>
                    <th scope="col">Leaves JWKS</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((k) => (
                    <tr key={`${k.issuer}-${k.kid}`}>
                      <td>{k.issuer}</td>
                      <td>
                        <code>{k.kid}</code>
                      </td>
                      <td>{k.alg}</td>
                      <td>
                        <span className={`state state-${k.state}`}>{k.state}</span>
                      </td>
                      <td>{when(k.createdAt)}</td>
                      <td>{when(k.publishedAt)}</td>
                      <td>{when(k.activatedAt)}</td>
                      <td>{when(k.retiredAt)}</td>
                      <td>{when(k.removedAt ?? k.publishUntil)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {rotating && (
        <RotateDialog
          api={api}
          issuer={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={(result) => {
            setRotating(undefined);
            setDone(result);
            reload();
          }}
        />
      )}
    </>
  );
}

function RotateDialog({
  api,
  issuer,
  onClose,
  onRotated,
}: {
  api: RunIdClient;
  issuer: IssuerVersion;
  onClose: () => void;
  onRotated: (result: KeyRotation) => void;
}) {
  // The API explains the consequences for the current key set when asked without confirm.
  const [consequences] = useLoad(async () => {
    try {
      await api.rotateKeys({ issuer });
      return 'The issuer rotated without asking for confirmation.';
    } catch (error) {
      const shown = describeError(error);
      if (shown.code === 'confirmation_required') return shown.message;
      throw error;
    }
  });
  const [typed, setTyped] = useState('');
  const [removeCompromised, setRemoveCompromised] = useState(false);
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      onRotated(await api.rotateKeys({ issuer, confirm: true, removeCompromised }));
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title={`Emergency rotation of the ${issuer} issuer`} open onClose={onClose}>
      <Loaded load={consequences} what="the consequences">
        {(text) => <p className="consequences">{text}</p>}
      </Loaded>
      <form onSubmit={submit}>
        <label>
          <input
            type="checkbox"
            checked={removeCompromised}
            onChange={(e) => setRemoveCompromised(e.target.checked)}
          />{' '}
          The signing key is compromised: remove it from the JWKS now
        </label>
        <label htmlFor="confirm-issuer">
          Type <code>{issuer}</code> to confirm
        </label>
        <input
          id="confirm-issuer"
          value={typed}
          autoComplete="off"
          onChange={(e) => setTyped(e.target.value)}
        />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={typed !== issuer || busy}>
            Rotate {issuer} now
          </button>
        </div>
      </form>
      {error && <ErrorNotice error={error} />}
    </Dialog>
  );
}
