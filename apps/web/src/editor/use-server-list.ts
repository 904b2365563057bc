import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../messages';

/**
 * A list the server owns (members, share links), shown as the server has it: loaded on mount,
 * and after each change made through `act`, which also reports a refused change as `error`
 * (the list then stays as the server kept it). `load` must be stable (useCallback).
 */
export function useServerList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setItems(await load());
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [load]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(messageOf(caught));
    }
    await refresh();
    setBusy(false);
  };

  return { items, error, busy, act };
}
