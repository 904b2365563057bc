import { useEffect, useState } from 'react';
import * as api from './api';
import { type ChangeLine, isChangeLines } from './diff-view';
import type { SectionReview } from './state';
import type { SectionStatus } from './types';

/** Section id → signer → the lines changed since that signer's (stale) sign-off. */
export type ChangesBySection = ReadonlyMap<string, ReadonlyMap<string, ChangeLine[]>>;

/** Asked this long after the stale sign-offs changed (the edit reaches the server first). */
const ASK_AFTER_MS = 300;
/** While the server's answer is older than this tab's content, ask again this often, … */
const RETRY_MS = 700;
/** … this many times at most. */
const MAX_TRIES = 8;

interface StaleEntry {
  sectionId: string;
  contentHash: string;
  signer: string;
}

function staleEntries(reviews: readonly SectionReview[]): StaleEntry[] {
  return reviews.flatMap((section) =>
    section.reviewers
      .filter((status) => status.state === 'stale')
      .map((status) => ({
        sectionId: section.id,
        contentHash: section.contentHash,
        signer: status.userId,
      })),
  );
}

/** The changes the answer holds, and whether it covers every stale sign-off shown here. */
export function changesFrom(
  answer: readonly SectionStatus[],
  wanted: readonly StaleEntry[],
): { changes: Map<string, Map<string, ChangeLine[]>>; complete: boolean } {
  const changes = new Map<string, Map<string, ChangeLine[]>>();
  for (const section of answer) {
    for (const signoff of section.signoffs) {
      if (signoff.state !== 'stale' || !isChangeLines(signoff.changes)) continue;
      let bySigner = changes.get(section.id);
      if (!bySigner) {
        bySigner = new Map();
        changes.set(section.id, bySigner);
      }
      bySigner.set(signoff.signer, signoff.changes);
    }
  }
  const complete = wanted.every((entry) => {
    const section = answer.find((s) => s.id === entry.sectionId);
    return (
      section?.contentHash === entry.contentHash && changes.get(entry.sectionId)?.has(entry.signer)
    );
  });
  return { changes, complete };
}

/**
 * What changed since each stale sign-off, from the server (it keeps what was signed). Asked
 * whenever the stale sign-offs shown here change; asked again, a few times, while the server
 * has not yet seen the content this tab shows.
 */
export function useStaleChanges(
  docId: string,
  reviews: readonly SectionReview[],
): ChangesBySection {
  const [changes, setChanges] = useState<ChangesBySection>(new Map());
  const entries = staleEntries(reviews);
  const key = JSON.stringify(entries);
  useEffect(() => {
    const wanted = JSON.parse(key) as StaleEntry[];
    if (wanted.length === 0) return;
    let stopped = false;
    let timer: number | undefined;
    const ask = async (tries: number) => {
      try {
        const answer = await api.getSections(docId);
        if (stopped) return;
        const found = changesFrom(answer, wanted);
        setChanges(found.changes);
        if (found.complete || tries + 1 >= MAX_TRIES) return;
      } catch {
        if (stopped || tries + 1 >= MAX_TRIES) return;
      }
      timer = window.setTimeout(() => void ask(tries + 1), RETRY_MS);
    };
    timer = window.setTimeout(() => void ask(0), ASK_AFTER_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [docId, key]);
  return changes;
}
