import { useState } from 'react';

/**
 * One user action at a time on a page: `busy` disables the buttons, `error` holds the last failure
 * for an ErrorLine, and `after` (usually a reload) runs once the action succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(fn: () => Promise<void>, after?: () => void): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await fn();
      after?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
