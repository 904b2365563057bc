import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import { TEMPLATE_NAME } from '../api';
import { SAMPLE_EXAMPLE } from './api-templates';
import { DropOverlay, useFileDrop } from './MarkdownDrop';
import {
  chooseDroppedFile,
  emptyFileMessage,
  isMarkdownFile,
  MARKDOWN_ACCEPT,
  notMarkdownMessage,
} from './markdown-file';
import { TemplatePicker } from './TemplatePicker';
import { chosenTemplate } from './template-model';
import type { CreateReview } from './use-create-review';
import { useTemplates } from './use-templates';
import './templates.css';

export const SAMPLE_OFFER = "Open the sample review — Ratify's own architecture, filled in";

/** Opens the sample review (a filled-in demo); `long` says what it is in the label itself. */
export function SampleButton({
  creating,
  long = false,
}: {
  creating: CreateReview;
  long?: boolean;
}) {
  return (
    <button
      type="button"
      className="button sample-button"
      disabled={creating.busy}
      title={long ? undefined : "Ratify's own architecture, filled in"}
      onClick={() => void creating.create({ example: SAMPLE_EXAMPLE })}
    >
      {long ? SAMPLE_OFFER : 'Open the sample review'}
    </button>
  );
}

/**
 * "New review": a title, a template to start from, Markdown to import (with the button or
 * dropped anywhere on the card), or the sample. What went wrong shows in its alert area.
 */
export function NewReviewCard({ creating }: { creating: CreateReview }) {
  const { busy, error, setError, create } = creating;
  const [title, setTitle] = useState('');
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const { templates, error: templatesError, refresh } = useTemplates();
  const chosen = templates ? chosenTemplate(templates, chosenId, TEMPLATE_NAME) : null;

  const titled = () => {
    const trimmed = title.trim();
    return trimmed ? { title: trimmed } : {};
  };

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    setNote(null);
    void create({ ...titled(), template: chosen?.id ?? TEMPLATE_NAME });
  };

  /** The file button and a drop both end here. */
  const importFile = async (file: File, dropNote: string | null = null) => {
    setNote(dropNote);
    if (!isMarkdownFile(file)) {
      setError(notMarkdownMessage(file.name));
      return;
    }
    const markdown = await file.text();
    if (!markdown.trim()) {
      setError(emptyFileMessage(file.name));
      return;
    }
    // The title comes from the file's `#` heading unless one was typed; the server refuses a
    // file with neither, with a message that says so.
    await create({ ...titled(), markdown });
  };

  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void importFile(file);
  };

  const drop = useFileDrop((files) => {
    const choice = chooseDroppedFile(files);
    if (choice.ok) void importFile(choice.file, choice.note);
    else {
      setNote(null);
      setError(choice.error);
    }
  }, !busy);

  return (
    <section
      className={`card new-review-card${drop.dragging ? ' new-review-card--dragging' : ''}`}
      aria-labelledby="new-review-heading"
      data-dragging={drop.dragging}
      {...drop.handlers}
    >
      <h2 id="new-review-heading">New review</h2>
      <form className="new-review-form" onSubmit={onCreate}>
        <div className="new-review">
          <label className="field-input">
            <span>Title</span>
            <input
              name="title"
              value={title}
              maxLength={200}
              placeholder="Payments platform review"
              onChange={(event) => setTitle(event.target.value)}
            />
          </label>
        </div>
        <TemplatePicker
          templates={templates}
          loadError={templatesError}
          chosenId={chosen?.id ?? null}
          disabled={busy}
          onChoose={setChosenId}
          onDeleted={refresh}
          onError={setError}
        />
        <div className="new-review__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Create review
          </button>
          <SampleButton creating={creating} />
        </div>
      </form>
      <div className="markdown-drop">
        <div className="markdown-drop__row">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => fileRef.current?.click()}
          >
            Import Markdown…
          </button>
          <span className="markdown-drop__hint">or drop a .md file anywhere on this card</span>
        </div>
        <input
          ref={fileRef}
          className="visually-hidden"
          type="file"
          accept={MARKDOWN_ACCEPT}
          aria-label="Markdown file to import"
          tabIndex={-1}
          onChange={onPicked}
        />
        <p className="muted small">
          Imported Markdown keeps checklists (<code>- [ ]</code>), fields (
          <code>- Label: value</code>), change logs, images and Mermaid diagrams; the review is
          named after the file's <code># heading</code> unless you type a title. One file makes one
          review.
        </p>
      </div>
      <p className="muted small new-review__note" role="status">
        {note}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {drop.dragging && <DropOverlay count={drop.count} />}
    </section>
  );
}
