import {
  type Reviewers,
  type ReviewRound,
  type SectionInfo,
  type SignoffRecord,
  sectionsOf,
  type Verdict,
  type VersionStep,
} from '@ratify/schema';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { listMembers, type Member } from '../api-sharing';
import type { CollabSession } from '../editor/collab';
import type { Peer } from '../editor/presence';
import { messageOf } from '../messages';
import * as api from './api';
import { headingMarks, installHeadingMarks } from './heading-marks';
import { mergeRecords, type SectionReview, sameSections, sectionReviews } from './state';
import { type Approval, approvalFromPush, type NextVersion } from './types';
import { useReloadOnConnect } from './use-reload-on-connect';
import { type ChangesBySection, useStaleChanges } from './use-stale-changes';

/** Hashing the document runs this long after the last change (typing stays smooth). */
const SECTIONS_DEBOUNCE_MS = 200;

export interface ReviewModel {
  loaded: boolean;
  reviewers: Reviewers;
  round: ReviewRound | null;
  /** Null: not known (the server has no approval endpoint, or it is still loading). */
  approval: Approval | null;
  members: Member[] | null;
  sections: SectionReview[];
  /** What changed since each stale sign-off (section id → signer → lines). */
  changes: ChangesBySection;
  /** What the next approval will be; null when this server does not say. */
  nextVersion: NextVersion | null;
  /** This tab has a live connection to the document (the server requires one to sign off). */
  connected: boolean;
  busy: boolean;
  /** The last refusal or failure, in the server's words. */
  error: string | null;
  /** The last thing done, for the live region. */
  notice: string | null;
  /** `comment` (with changes requested) opens a thread on each section. */
  signOff(verdict: Verdict, sectionIds: string[], comment?: string): Promise<boolean>;
  setNextStep(step: VersionStep): Promise<boolean>;
  saveReviewers(reviewers: Reviewers): Promise<boolean>;
  callRound(): Promise<boolean>;
  endRound(): Promise<boolean>;
  memberName(userId: string): string;
  /** Ask the server for the members again (the owner may have added someone). */
  refreshMembers(): void;
}

/** The sections of the live document, recomputed shortly after each change. */
function useLiveSections(editor: Editor): SectionInfo[] {
  const [sections, setSections] = useState<SectionInfo[]>(() => sectionsOf(editor.getJSON()));
  useEffect(() => {
    let timer: number | undefined;
    const compute = () => {
      timer = undefined;
      if (editor.isDestroyed) return;
      const next = sectionsOf(editor.getJSON());
      setSections((prev) => (sameSections(prev, next) ? prev : next));
    };
    const schedule = () => {
      if (timer === undefined) timer = window.setTimeout(compute, SECTIONS_DEBOUNCE_MS);
    };
    editor.on('update', schedule);
    compute();
    return () => {
      editor.off('update', schedule);
      window.clearTimeout(timer);
    };
  }, [editor]);
  return sections;
}

export function useReview({
  docId,
  session,
  editor,
  peers,
  selfId,
}: {
  docId: string;
  session: CollabSession;
  editor: Editor;
  peers: Peer[];
  selfId: string | null;
}): ReviewModel {
  const [loaded, setLoaded] = useState(false);
  const [reviewers, setReviewers] = useState<Reviewers>({ document: [], sections: {} });
  const [records, setRecords] = useState<SignoffRecord[]>([]);
  const [round, setRound] = useState<ReviewRound | null>(null);
  const [approval, setApproval] = useState<Approval | null>(null);
  const [nextVersion, setNextVersion] = useState<NextVersion | null>(null);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // What a push set while a load was in flight is newer than what the load returns.
  const pushed = useRef({ reviewers: false, round: false, approval: false });
  const approvalKnown = useRef(true);

  // Counts approval pushes: an answer asked for before the latest push is older than it.
  const approvalPushes = useRef(0);

  const refreshApproval = useCallback(async () => {
    if (!approvalKnown.current) return;
    const pushesBefore = approvalPushes.current;
    try {
      const next = await api.getApproval(docId);
      if (next === null) approvalKnown.current = false;
      else if (approvalPushes.current === pushesBefore) {
        setApproval(next);
        setNextVersion(nextVersionOf(next));
      }
    } catch {
      // keep what is shown
    }
  }, [docId]);

  const reload = useCallback(async () => {
    pushed.current = { reviewers: false, round: false, approval: false };
    try {
      const [nextReviewers, nextRecords, nextRound, nextApproval] = await Promise.all([
        api.getReviewers(docId),
        api.listSignoffs(docId),
        api.getCurrentRound(docId).catch(() => undefined),
        api.getApproval(docId).catch(() => null),
      ]);
      if (!pushed.current.reviewers) setReviewers(nextReviewers);
      setRecords((known) => mergeRecords(known, nextRecords));
      // Undefined: the server cannot say; what the pushes said stands.
      if (!pushed.current.round && nextRound !== undefined) setRound(nextRound);
      approvalKnown.current = nextApproval !== null;
      if (!pushed.current.approval) {
        setApproval(nextApproval);
        setNextVersion(nextApproval ? nextVersionOf(nextApproval) : null);
      }
      setLoaded(true);
      setError(null);
    } catch (caught) {
      setError(messageOf(caught));
    }
    listMembers(docId).then(setMembers, () => {});
  }, [docId]);

  useEffect(() => {
    const off = session.onReview((event) => {
      if (event.kind === 'signoffs') {
        setRecords((known) => mergeRecords(known, event.records));
        void refreshApproval();
      } else if (event.kind === 'reviewers') {
        pushed.current.reviewers = true;
        setReviewers(event.reviewers);
        void refreshApproval();
      } else if (event.kind === 'round') {
        pushed.current.round = true;
        setRound(event.round && event.round.endedAt === null ? event.round : null);
      } else if (event.kind === 'approval') {
        pushed.current.approval = true;
        approvalPushes.current++;
        approvalKnown.current = true;
        setApproval(approvalFromPush(event.approval));
        // The push is the approval just recorded; the whole state (the next version: back to a
        // minor step) is read again.
        void refreshApproval();
      } else if (event.kind === 'versionStep') {
        setNextVersion({ step: event.step, version: event.nextVersion });
      }
    });
    return off;
  }, [session, refreshApproval]);
  // Pushes missed while disconnected: load everything again on each (re)connection.
  useReloadOnConnect(session, reload);

  const sections = useLiveSections(editor);
  const { connection } = useSyncExternalStore(
    session.tracker.subscribe,
    session.tracker.getSnapshot,
  );
  const connected = connection === 'live';
  const presentIds = useMemo(() => {
    const ids = new Set<string>();
    for (const peer of peers) {
      if (peer.userId && (!peer.isSelf || connected)) ids.add(peer.userId);
    }
    if (selfId && connected) ids.add(selfId);
    return ids;
  }, [peers, selfId, connected]);

  const reviews = useMemo(
    () => sectionReviews({ sections, reviewers, records, presentIds, selfId }),
    [sections, reviewers, records, presentIds, selfId],
  );

  // Each section heading in the document shows its sign-off state too (changes only).
  const marksView = useRef<ReturnType<typeof installHeadingMarks> | null>(null);
  useEffect(() => {
    const installed = installHeadingMarks(editor);
    marksView.current = installed;
    return () => installed.remove();
  }, [editor]);
  const marks = useMemo(() => headingMarks(reviews), [reviews]);
  const marksKey = JSON.stringify([...marks]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: marksKey stands for marks
  useEffect(() => marksView.current?.show(marks), [marksKey]);

  const changes = useStaleChanges(docId, reviews);

  const run = useCallback(async (work: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
      return true;
    } catch (caught) {
      setError(messageOf(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const signOff = useCallback(
    (verdict: Verdict, sectionIds: string[], comment?: string) =>
      run(async () => {
        // The hashes of the content as it is now, not as last computed.
        const now = sectionsOf(editor.getJSON());
        const targets = sectionIds.flatMap((id) => {
          const section = now.find((s) => s.id === id);
          return section ? [{ sectionId: id, contentHash: section.contentHash }] : [];
        });
        if (targets.length === 0) return 'Nothing to sign.';
        const added = await api.postSignoffs(docId, verdict, targets, comment);
        setRecords((known) => mergeRecords(known, added));
        const what = verdict === 'approve' ? 'Approved' : 'Requested changes on';
        return `${what} ${targets.length === 1 ? '1 section' : `${targets.length} sections`}.`;
      }),
    [docId, editor, run],
  );

  const setNextStep = useCallback(
    (step: VersionStep) =>
      run(async () => {
        const answer = await api.putNextStep(docId, step);
        setNextVersion({ step: answer.nextStep, version: answer.nextVersion });
        return `The next approval will be v${answer.nextVersion}.`;
      }),
    [docId, run],
  );

  const saveReviewers = useCallback(
    (next: Reviewers) =>
      run(async () => {
        setReviewers(await api.putReviewers(docId, next));
        return 'Reviewers saved.';
      }),
    [docId, run],
  );

  const callRound = useCallback(
    () =>
      run(async () => {
        setRound(await api.startRound(docId));
        return 'Sign-off round called.';
      }),
    [docId, run],
  );

  const endRound = useCallback(
    () =>
      run(async () => {
        await api.endRound(docId);
        setRound(null);
        return 'Sign-off round ended.';
      }),
    [docId, run],
  );

  const refreshMembers = useCallback(() => {
    listMembers(docId).then(setMembers, () => {});
  }, [docId]);

  const memberName = useCallback(
    (userId: string) =>
      members?.find((m) => m.userId === userId)?.name ??
      peers.find((p) => p.userId === userId)?.name ??
      'A former member',
    [members, peers],
  );

  return {
    loaded,
    reviewers,
    round,
    approval,
    members,
    sections: reviews,
    changes,
    nextVersion,
    connected,
    busy,
    error,
    notice,
    signOff,
    setNextStep,
    saveReviewers,
    callRound,
    endRound,
    memberName,
    refreshMembers,
  };
}

function nextVersionOf(approval: Approval): NextVersion | null {
  return approval.nextStep && approval.nextVersion
    ? { step: approval.nextStep, version: approval.nextVersion }
    : null;
}
