import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';
import { useAuth } from '../auth/context';
import { messageOf } from '../messages';
import { listTemplates, type TemplateInfo } from './api-templates';

/** Every template the server offers, loaded on mount and again on `refresh`. */
export function useTemplates() {
  const { signedOut } = useAuth();
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setTemplates(await listTemplates());
      setError(null);
    } catch (caught) {
      // The session ended: the app sends this page to sign-in.
      if (caught instanceof ApiError && caught.status === 401) signedOut();
      else setError(messageOf(caught));
    }
  }, [signedOut]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { templates, error, refresh };
}
