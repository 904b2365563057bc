import { useCallback, useState } from 'react';
import { type CreateDocBody, createDoc } from '../api';
import { messageOf } from '../messages';
import { docPath, navigate } from '../router';

/**
 * Creating a review (from a template, a Markdown file or the sample) and opening it; `error`
 * is what the New review card shows when the server refused.
 */
export function useCreateReview() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = useCallback(async (body: CreateDocBody) => {
    setBusy(true);
    setError(null);
    try {
      const created = await createDoc(body);
      navigate(docPath(created.id));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, setError, create };
}

export type CreateReview = ReturnType<typeof useCreateReview>;
