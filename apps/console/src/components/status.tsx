import type { ReactNode } from 'react';
import type { ShownError } from '../api.js';
import type { Load } from '../lib/use-load.js';

/** An API error as the operator needs it: the stable code, the message, the named fields. */
export function ErrorNotice({ error }: { error: ShownError }) {
  return (
    <div className="error" role="alert">
      <strong>
        <code>{error.code}</code>
      </strong>{' '}
      {error.message}
      {error.fields.length > 0 && (
        <ul>
          {error.fields.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Said on every page an auditor's session opens: the changes are not offered (the API answers 403). */
export function ReadOnlyNote() {
  return (
    <p className="muted" data-testid="read-only">
      Your credential has the auditor role: it reads everything and changes nothing.
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Loading, error or the content of one `useLoad` result. */
export function Loaded<T>({
  load,
  what,
  children,
}: {
  load: Load<T>;
  what: string;
  children: (value: T) => ReactNode;
}) {
  if (load.state === 'loading') return <Loading what={what} />;
  if (load.state === 'error') return <ErrorNotice error={load.error} />;
  return <>{children(load.value)}</>;
}
