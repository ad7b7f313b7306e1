import { useState } from 'react';
import { describeError, type ShownError } from '../api.js';
import { ErrorNotice } from './status.js';

/**
 * The buttons of a dialog that confirms a dangerous change: Cancel, and the change named in
 * full (`label`); the API's refusal is shown under them in its own words, and the dialog stays.
 */
export function DangerActions<T>({
  label,
  act,
  onDone,
  onCancel,
}: {
  label: string;
  act: () => Promise<T>;
  onDone: (value: T) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<ShownError | undefined>();
  return (
    <>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => act().then(onDone, (e: unknown) => setError(describeError(e)))}
        >
          {label}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
    </>
  );
}
