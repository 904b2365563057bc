import { useId, useRef, useState } from 'react';
import { useAuth } from '../auth/context';
import { messageOf } from '../messages';
import { ConfirmActions, keepKeys, useModal } from '../modal';
import { deleteTemplate, type TemplateInfo } from './api-templates';
import { authorLabel, canDeleteTemplate, countsLabel, outlineDepths } from './template-model';

/**
 * The New review card's choice of template: one radio per template (arrow keys move between
 * them), each with who saved it and what it holds, a Preview disclosure (its sections and the
 * start of its Markdown), and Delete for whoever saved it or the administrator.
 */
export function TemplatePicker({
  templates,
  loadError,
  chosenId,
  disabled,
  onChoose,
  onDeleted,
  onError,
}: {
  templates: TemplateInfo[] | null;
  loadError: string | null;
  /** The checked template (null while none is listed). */
  chosenId: string | null;
  disabled: boolean;
  onChoose: (id: string) => void;
  /** A template was deleted (or was gone already): the list should be asked for again. */
  onDeleted: () => Promise<void>;
  onError: (message: string) => void;
}) {
  const { user } = useAuth();
  const legendId = useId();
  const groupRef = useRef<HTMLDivElement>(null);
  const [pendingDelete, setPendingDelete] = useState<TemplateInfo | null>(null);

  const deleted = async (error: unknown) => {
    if (error !== null) onError(messageOf(error));
    await onDeleted();
    // The Delete button that had the focus is gone: the choice takes it.
    groupRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  };

  return (
    <>
      <div ref={groupRef} className="template-picker" role="radiogroup" aria-labelledby={legendId}>
        <span id={legendId} className="template-picker__label">
          Template
        </span>
        {loadError && (
          <p className="muted small">
            The list of templates could not be loaded ({loadError}): reviews start from the
            Technical Architecture Framework.
          </p>
        )}
        {templates === null && !loadError && <p className="muted small">Loading templates…</p>}
        {templates && (
          <ul className="template-list">
            {templates.map((template) => (
              <TemplateOption
                key={template.id}
                template={template}
                checked={template.id === chosenId}
                disabled={disabled}
                deletable={canDeleteTemplate(template, user)}
                onChoose={() => onChoose(template.id)}
                onDelete={() => setPendingDelete(template)}
              />
            ))}
          </ul>
        )}
      </div>
      {pendingDelete && (
        <DeleteTemplateDialog
          template={pendingDelete}
          onClose={() => setPendingDelete(null)}
          onDone={(error) => void deleted(error)}
        />
      )}
    </>
  );
}

function TemplateOption({
  template,
  checked,
  disabled,
  deletable,
  onChoose,
  onDelete,
}: {
  template: TemplateInfo;
  checked: boolean;
  disabled: boolean;
  deletable: boolean;
  onChoose: () => void;
  onDelete: () => void;
}) {
  const id = useId();
  const [previewOpen, setPreviewOpen] = useState(false);
  const previewId = `${id}-preview`;
  return (
    <li
      className={`template-option${checked ? ' template-option--chosen' : ''}`}
      data-template-id={template.id}
    >
      <div className="template-option__row">
        <label className="template-option__choice">
          <input
            type="radio"
            name="template"
            value={template.id}
            checked={checked}
            disabled={disabled}
            onChange={onChoose}
            aria-labelledby={`${id}-name`}
            aria-describedby={`${id}-meta`}
          />
          <span className="template-option__text">
            <span id={`${id}-name`} className="template-option__name">
              {template.name}
            </span>
            <span id={`${id}-meta`} className="template-option__meta">
              <span className="template-option__author">{authorLabel(template)}</span>
              {' · '}
              <span className="template-option__counts">{countsLabel(template.preview)}</span>
            </span>
          </span>
        </label>
        <span className="template-option__actions">
          <button
            type="button"
            className="button button--small"
            aria-expanded={previewOpen}
            aria-controls={previewId}
            onClick={() => setPreviewOpen(!previewOpen)}
          >
            Preview<span className="visually-hidden"> {template.name}</span>
          </button>
          {deletable && (
            <button
              type="button"
              className="button button--small button--danger"
              aria-haspopup="dialog"
              onClick={onDelete}
            >
              Delete<span className="visually-hidden"> template {template.name}</span>
            </button>
          )}
        </span>
      </div>
      <TemplatePreviewPane id={previewId} template={template} hidden={!previewOpen} />
    </li>
  );
}

function TemplatePreviewPane({
  id,
  template,
  hidden,
}: {
  id: string;
  template: TemplateInfo;
  hidden: boolean;
}) {
  const { sections, excerpt } = template.preview;
  const depths = outlineDepths(sections);
  return (
    <section
      id={id}
      className="template-preview"
      aria-label={`Preview of ${template.name}`}
      hidden={hidden}
    >
      {!hidden && (
        <>
          <div className="template-preview__part">
            <h3 className="template-preview__heading">Sections</h3>
            {sections.length === 0 ? (
              <p className="muted small">No headings.</p>
            ) : (
              <ol className="template-preview__sections">
                {sections.map((section, index) => (
                  <li
                    // Titles may repeat ("Notes" under several sections): the position is the key.
                    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
                    key={index}
                    className="template-preview__section"
                    data-depth={depths[index]}
                    style={{ paddingInlineStart: `${(depths[index] ?? 0) * 1.25}rem` }}
                  >
                    {section.title || <span className="muted">(untitled)</span>}
                  </li>
                ))}
              </ol>
            )}
          </div>
          <div className="template-preview__part">
            <h3 className="template-preview__heading">Start of the Markdown</h3>
            <pre className="template-preview__excerpt">{excerpt}</pre>
          </div>
        </>
      )}
    </section>
  );
}

/** "Delete this template?", confirmed; `onDone` gets the error when the server refused. */
function DeleteTemplateDialog({
  template,
  onClose,
  onDone,
}: {
  template: TemplateInfo;
  onClose: () => void;
  onDone: (error: unknown) => void;
}) {
  const ref = useModal();
  const titleId = useId();
  const textId = useId();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    let failure: unknown = null;
    try {
      await deleteTemplate(template.id);
    } catch (caught) {
      failure = caught;
    }
    ref.current?.close();
    onDone(failure);
  };
  return (
    <dialog
      ref={ref}
      className="dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onClose={onClose}
      onKeyDown={keepKeys}
    >
      <h2 id={titleId}>Delete this template?</h2>
      <p id={textId}>
        “{template.name}” will no longer be offered for new reviews, to anyone. Reviews already
        created from it are not changed.
      </p>
      <ConfirmActions
        dialog={ref}
        busy={busy}
        label="Delete template"
        busyLabel="Deleting…"
        onConfirm={() => void confirm()}
      />
    </dialog>
  );
}
