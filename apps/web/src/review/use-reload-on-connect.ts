import { useEffect } from 'react';
import type { CollabSession } from '../editor/collab';

/**
 * Load now, and again each time the live connection is (re)established: pushes sent while this
 * client was disconnected are not replayed, so what the server has is read afresh. Declare it
 * after the effect that subscribes to pushes, so nothing pushed during the load is missed.
 */
export function useReloadOnConnect(session: CollabSession, reload: () => Promise<void>): void {
  useEffect(() => {
    const onStatus = ({ status }: { status: string }) => {
      if (status === 'connected') void reload();
    };
    session.provider.on('status', onStatus);
    void reload();
    return () => session.provider.off('status', onStatus);
  }, [session, reload]);
}
