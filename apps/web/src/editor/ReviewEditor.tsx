import { docToMarkdown, type Role, writeTitle } from '@ratify/schema';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AccountMenu } from '../auth/AccountMenu';
import { HistoryButtons, HistoryMain, HistoryToast } from '../history/HistoryButtons';
import { HistoryPanel } from '../history/HistoryPanel';
import { useHistory } from '../history/use-history';
import { NotificationsBell } from '../notifications/NotificationsBell';
import { CommentsPanel, CommentsToggle, CommentTool } from '../review/CommentsPanel';
import { RoundPrompt, SignoffToggle } from '../review/RoundPrompt';
import { SIGNOFF_PANEL_ID, SignoffPanel } from '../review/SignoffPanel';
import { useCommentsUi } from '../review/use-comments-ui';
import { useReview } from '../review/use-review';
import { hashTarget, onLocationChange } from '../router';
import { ThemeToggle } from '../ThemeToggle';
import type { CollabSession } from './collab';
import { DocumentBar } from './DocumentBar';
import { buildExtensions } from './extensions';
import { Outline } from './Outline';
import { OutlineDrawer, type OutlineDrawerHandle } from './OutlineDrawer';
import { type OutlineEntry, outlineOf, sectionIdAt } from './outline';
import { PresenceBar } from './PresenceBar';
import { ProgressSummary } from './ProgressSummary';
import { ActivityTracker, type PresenceUser } from './presence';
import { ShortcutsHelp } from './ShortcutsHelp';
import { SyncStatus } from './SyncStatus';
import { useStickyOffsets } from './sticky';
import { Toolbar } from './Toolbar';
import { usePeers, useScrollToPeer } from './use-peers';
import { useChecklistProgress } from './use-progress';

interface Props {
  session: CollabSession;
  docId: string;
  title: string | null;
  user: PresenceUser;
  /** Set: the editor is read-only, and the document bar says why (a role, a closed connection). */
  readOnlyReason: string | null;
  /** A notice above the toolbar (access removed, a refused change). */
  banner?: ReactNode;
  /** More buttons for the document bar (the owner's Members). */
  actions?: ReactNode;
  /** The user owns the document: names reviewers and calls sign-off rounds. */
  isOwner?: boolean;
  /** The user's role (null: not known yet); commenting needs more than viewer. */
  role?: Role | null;
}

function sameOutline(a: OutlineEntry[], b: OutlineEntry[] | null): boolean {
  if (!b || a.length !== b.length) return false;
  return a.every((entry, i) => {
    const other = b[i];
    return (
      other !== undefined &&
      entry.id === other.id &&
      entry.title === other.title &&
      entry.level === other.level &&
      entry.pos === other.pos
    );
  });
}

function fileNameFor(title: string | null, docId: string): string {
  const base = (title ?? docId)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || docId}.md`;
}

export function ReviewEditor({
  session,
  docId,
  title,
  user,
  readOnlyReason,
  banner = null,
  actions = null,
  isOwner = false,
  role = null,
}: Props) {
  const extensions = useMemo(
    () => buildExtensions({ doc: session.doc, provider: session.provider, user }),
    [session, user],
  );
  const editor = useEditor({
    extensions,
    editable: readOnlyReason === null,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        class: 'review-doc',
        'aria-label': `${title ?? 'Review'} document`,
        spellcheck: 'true',
      },
    },
  });

  useEffect(() => {
    editor.setEditable(readOnlyReason === null);
  }, [editor, readOnlyReason]);

  const outline = useEditorState({
    editor,
    selector: ({ editor: current }) => outlineOf(current.state.doc),
    equalityFn: sameOutline,
  });

  const peers = usePeers(session);
  const progress = useChecklistProgress(editor);
  const layoutRef = useRef<HTMLDivElement>(null);
  useStickyOffsets(layoutRef);
  const drawerRef = useRef<OutlineDrawerHandle>(null);
  const selfId = user.id ?? null;
  const review = useReview({ docId, session, editor, peers, selfId });
  const [signoffOpen, setSignoffOpenState] = useState(false);
  const comments = useCommentsUi({ docId, session, editor, role, selfId });
  const approvals = review.approval;
  const history = useHistory({
    docId,
    tracker: session.tracker,
    canSave: readOnlyReason === null,
    canRestore: isOwner,
    approvalKey: `${approvals?.history?.length ?? 0}:${approvals?.current?.version ?? ''}`,
  });
  // One panel at a time beside the document.
  const { setOpen: setCommentsOpen } = comments;
  const { setPanelOpen: setHistoryOpen } = history;
  const setSignoffOpen = useCallback(
    (open: boolean) => {
      setSignoffOpenState(open);
      if (open) {
        setCommentsOpen(false);
        setHistoryOpen(false);
      }
    },
    [setCommentsOpen, setHistoryOpen],
  );
  const toggleHistory = () => {
    const open = !history.panelOpen;
    setHistoryOpen(open);
    if (open) {
      setSignoffOpenState(false);
      setCommentsOpen(false);
    }
  };
  const commentsOpen = comments.open;
  useEffect(() => {
    if (commentsOpen) {
      setSignoffOpenState(false);
      setHistoryOpen(false);
    }
  }, [commentsOpen, setHistoryOpen]);
  const rename = useCallback((next: string) => writeTitle(session.doc, next), [session]);

  // `#signoff` in the address (a sign-off request's or an approval's notification) opens the
  // sign-off panel.
  useEffect(() => {
    const check = () => {
      if (hashTarget(window.location.hash)?.kind === 'signoff') setSignoffOpen(true);
    };
    check();
    return onLocationChange(check);
  }, [setSignoffOpen]);

  // Publish which section this user is in, and whether they are active.
  const activity = useRef<ActivityTracker | null>(null);
  useEffect(() => {
    const { awareness } = session.provider;
    activity.current = new ActivityTracker(Date.now(), ({ lastActiveAt, away }) => {
      awareness.setLocalStateField('lastActiveAt', lastActiveAt);
      awareness.setLocalStateField('away', away);
    });
    const onInput = () => activity.current?.markActive(Date.now());
    const events = ['keydown', 'pointerdown', 'wheel', 'focusin'] as const;
    for (const type of events) window.addEventListener(type, onInput, { passive: true });
    const timer = window.setInterval(() => activity.current?.check(Date.now()), 5_000);

    let lastSection: string | null | undefined;
    const onSelection = () => {
      const section = sectionIdAt(editor.state.doc, editor.state.selection.head);
      if (section !== lastSection) {
        lastSection = section;
        awareness.setLocalStateField('sectionId', section);
      }
    };
    editor.on('selectionUpdate', onSelection);
    editor.on('update', onSelection);
    onSelection();
    return () => {
      for (const type of events) window.removeEventListener(type, onInput);
      window.clearInterval(timer);
      editor.off('selectionUpdate', onSelection);
      editor.off('update', onSelection);
    };
  }, [editor, session]);

  const { view: historyView, closeView: closeHistoryView } = history;
  const scrollToLive = useCallback(
    (entry: OutlineEntry) => {
      const current = outlineOf(editor.state.doc).find((e) => e.id === entry.id);
      if (!current) return;
      editor.commands.focus(current.pos + 1, { scrollIntoView: false });
      const dom = editor.view.nodeDOM(current.pos);
      if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' });
    },
    [editor],
  );
  // From a past version or a diff, the outline leads back to the live document.
  const scrollToSection = useCallback(
    (entry: OutlineEntry) => {
      if (historyView === null) return scrollToLive(entry);
      closeHistoryView();
      window.requestAnimationFrame(() => scrollToLive(entry));
    },
    [historyView, closeHistoryView, scrollToLive],
  );

  // `#section-<id>` in the address (a search hit's link) scrolls to that section, once the
  // synced document has it.
  const [wantedSection, setWantedSection] = useState<string | null>(null);
  useEffect(() => {
    const check = () => {
      const target = hashTarget(window.location.hash);
      if (target?.kind === 'section') setWantedSection(target.sectionId);
    };
    check();
    return onLocationChange(check);
  }, []);
  useEffect(() => {
    const entry = wantedSection ? outline.find((e) => e.id === wantedSection) : undefined;
    if (!entry) return;
    setWantedSection(null);
    scrollToSection(entry);
  }, [wantedSection, outline, scrollToSection]);

  const scrollToPeer = useScrollToPeer({ editor, session, outline, scrollToSection });

  const exportMarkdown = () => {
    const markdown = docToMarkdown(editor.getJSON());
    const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileNameFor(title, docId);
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="editor-layout" ref={layoutRef}>
      <DocumentBar
        title={title}
        titleIsHeading
        onRename={readOnlyReason === null ? rename : undefined}
      >
        {readOnlyReason && (
          <span className="read-only-badge" data-testid="read-only-badge" role="status">
            {readOnlyReason}
          </span>
        )}
        <ProgressSummary counts={progress.document} />
        <PresenceBar peers={peers} onSelect={scrollToPeer} />
        <SyncStatus tracker={session.tracker} />
        {actions}
        <HistoryButtons ui={history} onToggle={toggleHistory} />
        <SignoffToggle
          model={review}
          open={signoffOpen}
          controls={SIGNOFF_PANEL_ID}
          onToggle={() => setSignoffOpen(!signoffOpen)}
        />
        <CommentsToggle
          open={comments.open}
          openCount={comments.openCount}
          unread={comments.model.unread.size}
          drafts={comments.model.outbox.length}
          onToggle={() => comments.setOpen(!comments.open)}
        />
        <button type="button" className="button button--small" onClick={exportMarkdown}>
          Export Markdown
        </button>
        <button
          type="button"
          className="button button--small"
          title="Print, or save as PDF from the print dialog"
          onClick={() => window.print()}
        >
          Print
        </button>
        <ShortcutsHelp />
        <ThemeToggle />
        <NotificationsBell />
        <AccountMenu />
      </DocumentBar>
      {banner && (
        <p className="banner" role="alert">
          {banner}
        </p>
      )}
      <RoundPrompt model={review} onOpen={() => setSignoffOpen(true)} />
      <Toolbar editor={editor} hidden={historyView !== null}>
        <button
          type="button"
          className="tool outline-toggle"
          aria-haspopup="dialog"
          onClick={() => drawerRef.current?.open()}
        >
          ☰ Outline
        </button>
        <CommentTool ui={comments} />
      </Toolbar>
      <div className="editor-body">
        <Outline
          entries={outline}
          peers={peers}
          progress={progress.sections}
          openThreads={comments.model.openCounts}
          onSelect={scrollToSection}
        />
        <main className="editor-main">
          <EditorContent editor={editor} className="editor-content" hidden={historyView !== null} />
          <HistoryMain ui={history} />
        </main>
        {signoffOpen && (
          <SignoffPanel
            model={review}
            isOwner={isOwner}
            selfId={selfId}
            drafts={comments.model.drafts}
            onClose={() => setSignoffOpen(false)}
          />
        )}
        {comments.open && (
          <CommentsPanel
            ui={comments}
            sections={review.sections}
            memberName={review.memberName}
            members={review.members}
          />
        )}
        {history.panelOpen && <HistoryPanel ui={history} />}
      </div>
      <HistoryToast ui={history} />
      <OutlineDrawer
        ref={drawerRef}
        entries={outline}
        peers={peers}
        progress={progress.sections}
        openThreads={comments.model.openCounts}
        onSelect={scrollToSection}
      />
    </div>
  );
}
