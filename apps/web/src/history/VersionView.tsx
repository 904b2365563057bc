import type { JSONContent } from '@ratify/schema';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { reviewNodeExtensions } from '../editor/extensions';
import { messageOf } from '../messages';
import { getVersion, type VersionDetail, versionExportUrl } from './api';
import { RestoreDialog } from './dialogs';
import { formatWhen, kindMarker, namesOf, versionTitle } from './labels';
import type { HistoryUi } from './use-history';
import './history.css';

/**
 * A past version, read-only, in place of the live document: the same node views in an editor
 * that cannot be edited, under a bar saying which version it is, with the way back.
 */
export function VersionView({ ui, n }: { ui: HistoryUi; n: number }) {
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { docId } = ui;

  useEffect(() => {
    let active = true;
    setDetail(null);
    setError(null);
    getVersion(docId, n).then(
      (loaded) => {
        if (active) setDetail(loaded);
      },
      (caught: unknown) => {
        if (active) setError(messageOf(caught));
      },
    );
    return () => {
      active = false;
    };
  }, [docId, n]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each version shown takes the focus
  useEffect(() => headingRef.current?.focus(), [n]);

  const version = detail?.version ?? ui.versions?.find((v) => v.n === n) ?? null;
  const marker = version ? kindMarker(version.kind) : null;
  const editedBy = version ? namesOf(version.contributors) : null;
  return (
    <section className="history-view" aria-labelledby={headingId} data-version={n}>
      <div className="history-view__bar">
        <div className="history-view__what">
          <p className="history-view__eyebrow">Past version · read-only</p>
          <h2 id={headingId} className="history-view__title" ref={headingRef} tabIndex={-1}>
            Version {n}
            {version && `: ${versionTitle(version)}`}
            {marker && (
              <span className="version-kind" data-kind={version?.kind}>
                {marker}
              </span>
            )}
          </h2>
          {version && (
            <p className="history-view__meta">
              {formatWhen(version.at)}
              {version.createdBy ? ` · by ${version.createdBy.name}` : ' · taken automatically'}
              {editedBy && ` · edited by ${editedBy}`}
            </p>
          )}
        </div>
        <div className="history-view__actions">
          <button
            type="button"
            className="button button--small"
            onClick={() => ui.openView({ kind: 'diff', from: n, to: 'current' })}
          >
            Compare with the live document
          </button>
          <a className="button button--small" href={versionExportUrl(docId, n)} download>
            Export Markdown
          </a>
          {ui.canRestore && version && (
            <button
              type="button"
              className="button button--small"
              aria-haspopup="dialog"
              onClick={() => setRestoring(true)}
            >
              Restore this version…
            </button>
          )}
          <button
            type="button"
            className="button button--small button--primary"
            onClick={ui.closeView}
          >
            Back to the live document
          </button>
        </div>
      </div>
      {error && (
        <p className="error history-view__message" role="alert">
          {error}
        </p>
      )}
      {!error && !detail && <p className="muted history-view__message">Loading version {n}…</p>}
      {detail && (
        <ReadOnlyDocument key={n} content={detail.content} label={`Version ${n} (read-only)`} />
      )}
      {restoring && version && (
        <RestoreDialog ui={ui} version={version} onClose={() => setRestoring(false)} />
      )}
    </section>
  );
}

function ReadOnlyDocument({ content, label }: { content: JSONContent; label: string }) {
  const extensions = useMemo(() => reviewNodeExtensions(''), []);
  const editor = useEditor({
    extensions,
    content,
    editable: false,
    editorProps: {
      attributes: {
        class: 'review-doc review-doc--past',
        // Not editable, so not a text box: a document of its own, named as a past version.
        role: 'document',
        'aria-label': label,
      },
    },
  });
  return <EditorContent editor={editor} className="editor-content history-view__doc" />;
}
