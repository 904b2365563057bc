import { type KeyboardEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useCommentBoxEnv } from './comment-box-context';
import type { TypedDraft } from './drafts';
import {
  decodeMentions,
  encodeMentions,
  insertMention,
  type MentionQuery,
  matchingMembers,
  mentionName,
  mentionQueryAt,
  type PickedMention,
} from './mentions';

/**
 * A comment box: a text area with @mention autocomplete and a submit button. With `draftKey`
 * what is typed is kept on this device as it is typed (a reload brings it back) until it is
 * sent or cancelled. Emptied after a successful submit.
 */
export function CommentForm({
  label,
  submit,
  initial = '',
  busy,
  autoFocus = false,
  draftKey,
  keepWith,
  onSubmit,
  onCancel,
}: {
  label: string;
  submit: string;
  /** A stored body (mentions as tokens) to start from. */
  initial?: string;
  busy: boolean;
  autoFocus?: boolean;
  draftKey?: string;
  /** Kept with the typed text (a new thread's target). */
  keepWith?: Partial<TypedDraft>;
  onSubmit: (body: string) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { drafts, members, selfId } = useCommentBoxEnv();
  const [start] = useState(() => {
    const saved = draftKey ? drafts.typed(draftKey) : null;
    return saved && saved.text !== '' ? saved : decodeMentions(initial);
  });
  const [text, setText] = useState(start.text);
  const [mentions, setMentions] = useState<PickedMention[]>(start.mentions);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const caretAfter = useRef<number | null>(null);
  const id = useId();
  const listId = `${id}-members`;

  const options = query ? matchingMembers(members, query.query, { exclude: selfId }) : [];
  const listOpen = options.length > 0;
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  const keep = (nextText: string, nextMentions: PickedMention[]) => {
    if (draftKey) {
      drafts.updateTyped(draftKey, { ...keepWith, text: nextText, mentions: nextMentions });
    }
  };

  // The caret after an inserted mention, once the text area shows the new text.
  useLayoutEffect(() => {
    const at = caretAfter.current;
    if (at === null || !inputRef.current) return;
    caretAfter.current = null;
    inputRef.current.setSelectionRange(at, at);
  });

  // A new query starts at its first match.
  const queryText = query?.query;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the query changes
  useEffect(() => setActive(0), [queryText]);

  const follow = (el: HTMLTextAreaElement) => {
    setQuery(
      el.selectionStart === el.selectionEnd ? mentionQueryAt(el.value, el.selectionStart) : null,
    );
  };

  const pick = (member: { userId: string; name: string }) => {
    if (!query) return;
    const next = insertMention(text, query, member);
    const picked = [...mentions, { name: mentionName(member.name), userId: member.userId }];
    caretAfter.current = next.caret;
    setText(next.text);
    setMentions(picked);
    setQuery(null);
    keep(next.text, picked);
  };

  const send = async () => {
    const trimmed = text.trim();
    if (busy || !trimmed) return;
    if (await onSubmit(encodeMentions(trimmed, mentions))) {
      if (draftKey) drafts.clearTyped(draftKey);
      setText('');
      setMentions([]);
    }
  };

  const cancel = () => {
    if (draftKey) drafts.clearTyped(draftKey);
    onCancel?.();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const option = options[activeIndex];
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + options.length) % options.length);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && option) {
        event.preventDefault();
        pick(option);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && onCancel) {
      event.stopPropagation();
      cancel();
    }
  };

  return (
    <form
      className="comment-form"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <div className="comment-form__box">
        <textarea
          ref={inputRef}
          id={id}
          className="comment-form__input"
          rows={2}
          value={text}
          placeholder={`${label}… (@ to mention)`}
          aria-autocomplete="list"
          aria-controls={listOpen ? listId : undefined}
          aria-activedescendant={listOpen ? `${listId}-${activeIndex}` : undefined}
          // biome-ignore lint/a11y/noAutofocus: the form opens on the user's request
          autoFocus={autoFocus}
          onChange={(event) => {
            setText(event.target.value);
            keep(event.target.value, mentions);
            follow(event.target);
          }}
          onSelect={(event) => follow(event.currentTarget)}
          onBlur={() => setQuery(null)}
          onKeyDown={onKeyDown}
        />
        {listOpen && (
          <div id={listId} className="mention-list" role="listbox" aria-label="Mention a member">
            {options.map((member, i) => (
              <div
                key={member.userId}
                id={`${listId}-${i}`}
                className="mention-list__option"
                role="option"
                tabIndex={-1}
                aria-selected={i === activeIndex}
                // Keep the focus (and the caret) in the text area.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(member);
                }}
              >
                {mentionName(member.name)}
              </div>
            ))}
          </div>
        )}
      </div>
      <div className="comment-form__buttons">
        <button type="submit" className="button button--small button--primary" disabled={busy}>
          {submit}
        </button>
        {onCancel && (
          <button type="button" className="button button--small" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
