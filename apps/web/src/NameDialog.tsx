import { type FormEvent, useId, useState } from 'react';
import { colorForName, initialsOf, normalizeName } from './identity';

/** Asked once: the display name other reviewers see next to your caret and changes. */
export function NameForm({ onDone }: { onDone: (name: string) => void }) {
  const [value, setValue] = useState('');
  const id = useId();
  const name = normalizeName(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name) onDone(name);
  };
  return (
    <main className="page page--narrow">
      <h1>Who is reviewing?</h1>
      <form className="card name-form" onSubmit={submit}>
        <label htmlFor={id}>Your display name</label>
        <p className="muted small" id={`${id}-hint`}>
          Shown to the other reviewers next to your cursor and your checklist changes. Kept in this
          browser only.
        </p>
        <div className="name-form__row">
          <span
            className="avatar"
            aria-hidden="true"
            style={{ backgroundColor: name ? colorForName(name) : '#555555' }}
          >
            {initialsOf(name)}
          </span>
          <input
            id={id}
            name="displayName"
            autoComplete="name"
            // biome-ignore lint/a11y/noAutofocus: the only input on the page, asked before anything else
            autoFocus
            maxLength={40}
            aria-describedby={`${id}-hint`}
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!name}>
            Continue
          </button>
        </div>
      </form>
    </main>
  );
}
