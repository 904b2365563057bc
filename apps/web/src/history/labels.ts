/** How versions read in the History panel and the diff view. Pure, so tested on their own. */
import type { DiffRef, Person, VersionInfo } from './api';

/** A version's title: its name, "Automatic", or the approval it records ("Approved 1.1"). */
export function versionTitle(version: Pick<VersionInfo, 'n' | 'name' | 'kind'>): string {
  if (version.kind === 'auto') return 'Automatic';
  if (version.kind === 'approval') return version.name ? `Approved ${version.name}` : 'Approved';
  return version.name ?? `Version ${version.n}`;
}

/** The marker beside the title (null: none, an automatic or hand-named version). */
export function kindMarker(kind: VersionInfo['kind']): string | null {
  if (kind === 'approval') return 'Approval';
  if (kind === 'restore') return 'Restore';
  return null;
}

/**
 * When, as briefly as is unambiguous: the time today, the day and time this year, the full
 * date otherwise. `locale` is for tests; the browser's language by default.
 */
export function formatWhen(iso: string, now: Date = new Date(), locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  const sameYear = at.getFullYear() === now.getFullYear();
  if (sameYear && at.getMonth() === now.getMonth() && at.getDate() === now.getDate()) {
    return at.toLocaleTimeString(locale, time);
  }
  return at.toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    ...time,
  });
}

/** "Ada", "Ada and Bob", "Ada, Bob and Cy"; null for nobody. */
export function namesOf(people: readonly Person[]): string | null {
  const names = [...new Set(people.map((p) => p.name))];
  if (names.length === 0) return null;
  if (names.length === 1) return names[0] ?? null;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Newest first (the server lists oldest first). */
export const newestFirst = (versions: readonly VersionInfo[]): VersionInfo[] =>
  [...versions].sort((a, b) => b.n - a.n);

/** The document has been approved since versions were kept (a last-approval diff exists). */
export const hasApproval = (versions: readonly VersionInfo[] | null): boolean =>
  versions?.some((v) => v.kind === 'approval') ?? false;

/** "Version 3 · Before launch", "Version 4 · Automatic, 16:20". */
export function versionLabel(version: VersionInfo, now?: Date, locale?: string): string {
  const title = versionTitle(version);
  const when = version.kind === 'auto' ? `, ${formatWhen(version.at, now, locale)}` : '';
  return `Version ${version.n} · ${title}${when}`;
}

/** One side of a diff, for its heading; `serverLabel` is what the server called it. */
export function refLabel(
  ref: DiffRef,
  versions: readonly VersionInfo[] | null,
  serverLabel?: string,
): string {
  if (ref === 'current') return 'the live document';
  if (ref === 'last-approval')
    return serverLabel ? `the last approval (${serverLabel})` : 'the last approval';
  if (ref === 'last-visit')
    return serverLabel ? `your last visit (${serverLabel})` : 'your last visit';
  const version = versions?.find((v) => v.n === ref);
  return version ? versionLabel(version) : `Version ${ref}`;
}

/** A `<select>`'s value back to a diff side. */
export function parseRef(value: string): DiffRef {
  if (value === 'current' || value === 'last-approval' || value === 'last-visit') return value;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 'current';
}

/** What a 404 on a diff side means, in words (the shortcuts ask for sides that may not exist). */
export function missingRefText(from: DiffRef): string {
  if (from === 'last-visit') {
    return 'Nothing to compare yet: there is no version from before you last closed this document. Versions are taken as the document is edited, so come back after your next visit.';
  }
  if (from === 'last-approval') {
    return 'Nothing to compare yet: the document has not been approved since versions were kept.';
  }
  return 'That version does not exist (any more).';
}
