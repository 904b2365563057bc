import type { Role } from '@ratify/schema';

/**
 * Who a websocket connection acts for, fixed when it opens: the account (its presence is
 * stamped with this name and colour), the role it had on the document then, and the credential
 * it came in with (ending that credential ends the connection).
 */
export interface Principal {
  userId: string;
  name: string;
  color: string;
  role: Role;
  credentialId: string;
  /** When that credential expires (ms since the epoch; null: never): the connection ends then. */
  credentialExpiresAt: number | null;
}
