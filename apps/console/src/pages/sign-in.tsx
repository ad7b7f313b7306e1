import type { AdminSession } from '@runid/sdk';
import { type FormEvent, useState } from 'react';
import { describeError, type ShownError, signIn } from '../api.js';
import { ErrorNotice } from '../components/status.js';

/** Paste the admin key once; it is exchanged for a session cookie and forgotten. */
export function SignIn({
  origin,
  onSignedIn,
  notice,
}: {
  origin: string;
  onSignedIn: (session: AdminSession) => void;
  notice?: string | undefined;
}) {
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const field = form.elements.namedItem('adminKey') as HTMLInputElement;
    const key = field.value.trim();
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(origin, key);
      field.value = '';
      onSignedIn(session);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="sign-in" id="main">
      <h1>RunID console</h1>
      <p>
        Paste an admin key. It is exchanged for a session cookie the browser keeps (HttpOnly,
        same-site only) and is never stored here.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="adminKey">Admin key</label>
        <input
          id="adminKey"
          name="adminKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          placeholder="rid_admin_…"
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
    </main>
  );
}
