import { useCallback, useEffect, useState } from 'react';
import { describeError, type ShownError } from '../api.js';

export type Load<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ShownError }
  | { state: 'ready'; value: T };

/** Runs `load` on mount and on `reload()`; the page shows loading, error or the value. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers name what reloads it
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => live && setResult({ state: 'ready', value }),
      (error: unknown) => live && setResult({ state: 'error', error: describeError(error) }),
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [result, reload] as const;
}
