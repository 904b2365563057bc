import type { AccountStore } from '../storage/accounts.js';
import { parseOr400 } from './errors.js';
import { AuditQuerySchema } from './schemas.js';

/**
 * One page of an audit trail (a document's, or the instance's for null), newest first, with the
 * cursor of the next page (null after the last).
 */
export async function auditPage(accounts: AccountStore, docId: string | null, query: unknown) {
  const page = parseOr400(AuditQuerySchema, query);
  const entries = await accounts.listAudit(docId, {
    limit: page.limit,
    ...(page.before !== undefined ? { before: page.before } : {}),
  });
  return {
    entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    nextBefore: entries.length === page.limit ? (entries.at(-1)?.seq ?? null) : null,
  };
}
