import { MAX_TITLE_LENGTH, normalizeTitle } from '@ratify/schema';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

/**
 * The review's title as the page heading, with a Rename button when the user may edit. The
 * new title is written into the document (see doc-title.ts), so everyone sees it at once.
 */
export function TitleHeading({
  title,
  titleIsHeading,
  onRename,
}: {
  title: string | null;
  titleIsHeading: boolean;
  onRename?: (title: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const TitleTag = titleIsHeading ? 'h1' : 'span';

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  if (editing && onRename) {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      const next = normalizeTitle(value);
      if (next) onRename(next);
      setEditing(false);
    };
    return (
      <form className="title-form" onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          Review title
        </label>
        <input
          id={id}
          ref={input}
          className="title-form__input"
          value={value}
          maxLength={MAX_TITLE_LENGTH}
          required
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setEditing(false);
            }
          }}
        />
        <button type="submit" className="button button--small button--primary">
          Save
        </button>
        <button type="button" className="button button--small" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </form>
    );
  }

  return (
    <>
      <TitleTag className="topbar__title" title={title ?? undefined}>
        {title ?? 'Review'}
      </TitleTag>
      {onRename && (
        <button
          type="button"
          className="button button--small title-rename"
          onClick={() => {
            setValue(title ?? '');
            setEditing(true);
          }}
        >
          Rename
        </button>
      )}
    </>
  );
}
