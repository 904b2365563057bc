import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { ariaKeyShortcuts, formatKeys, isApplePlatform } from './keys';
import { normalizeLinkInput } from './links';

type Block = 'paragraph' | 'h1' | 'h2' | 'h3' | 'codeBlock' | 'other';

/**
 * Formatting for the review document: headings, lists, marks, links, code, undo/redo. Buttons
 * name their shortcut in the tooltip and in aria-keyshortcuts. `children` go first (the outline
 * button on narrow screens).
 */
export function Toolbar({
  editor,
  hidden = false,
  children,
}: {
  editor: Editor;
  /** Hidden while a past version or a diff is shown in the document's place. */
  hidden?: boolean;
  children?: ReactNode;
}) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const block: Block = e.isActive('heading', { level: 1 })
        ? 'h1'
        : e.isActive('heading', { level: 2 })
          ? 'h2'
          : e.isActive('heading', { level: 3 })
            ? 'h3'
            : e.isActive('codeBlock')
              ? 'codeBlock'
              : e.isActive('paragraph')
                ? 'paragraph'
                : 'other';
      return {
        editable: e.isEditable,
        block,
        bold: e.isActive('bold'),
        italic: e.isActive('italic'),
        code: e.isActive('code'),
        bulletList: e.isActive('bulletList'),
        orderedList: e.isActive('orderedList'),
        link: e.isActive('link'),
        linkHref: String(e.getAttributes('link').href ?? ''),
        canUndo: e.can().undo(),
        canRedo: e.can().redo(),
      };
    },
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkValue, setLinkValue] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const linkId = useId();

  const setBlock = (block: Block) => {
    const chain = editor.chain().focus();
    if (block === 'paragraph') chain.setNode('paragraph').run();
    else if (block === 'h1') chain.setNode('heading', { level: 1 }).run();
    else if (block === 'h2') chain.setNode('heading', { level: 2 }).run();
    else if (block === 'h3') chain.setNode('heading', { level: 3 }).run();
    else if (block === 'codeBlock') chain.setNode('codeBlock').run();
  };

  const openLink = () => {
    setLinkValue(state.linkHref);
    setLinkError(null);
    setLinkOpen(true);
    window.setTimeout(() => linkInput.current?.focus(), 0);
  };

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const href = normalizeLinkInput(linkValue);
    if (!href) {
      setLinkError('Use an http, https or mailto link.');
      return;
    }
    editor.chain().focus().extendMarkRange('link').setMark('link', { href }).run();
    setLinkOpen(false);
  };

  const removeLink = () => {
    editor.chain().focus().extendMarkRange('link').unsetMark('link').run();
    setLinkOpen(false);
  };

  const disabled = !state.editable;
  const apple = isApplePlatform();
  /** Tooltip and aria-keyshortcuts for a shortcut in `Mod+B` notation (see shortcuts.ts). */
  const keyProps = (label: string, keys?: string) =>
    keys
      ? {
          title: `${label} (${formatKeys(keys, apple)})`,
          'aria-keyshortcuts': ariaKeyShortcuts(keys, apple),
        }
      : { title: label };
  const toggle = (label: string, active: boolean, run: () => void, keys?: string) => (
    <button
      type="button"
      className="tool"
      aria-pressed={active}
      disabled={disabled}
      {...keyProps(label, keys)}
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting" hidden={hidden}>
      {children}
      <label className="visually-hidden" htmlFor={`${linkId}-block`}>
        Block type
      </label>
      <select
        id={`${linkId}-block`}
        className="tool tool--select"
        value={state.block}
        disabled={disabled}
        onChange={(event) => setBlock(event.target.value as Block)}
      >
        <option value="paragraph">Paragraph</option>
        <option value="h1">Heading 1</option>
        <option value="h2">Heading 2</option>
        <option value="h3">Heading 3</option>
        <option value="codeBlock">Code block</option>
        <option value="other" disabled>
          —
        </option>
      </select>
      <span className="toolbar__sep" />
      {toggle('Bold', state.bold, () => editor.chain().focus().toggleMark('bold').run(), 'Mod+B')}
      {toggle(
        'Italic',
        state.italic,
        () => editor.chain().focus().toggleMark('italic').run(),
        'Mod+I',
      )}
      {toggle('Code', state.code, () => editor.chain().focus().toggleMark('code').run(), 'Mod+E')}
      <span className="toolbar__sep" />
      {toggle(
        'Bullets',
        state.bulletList,
        () => editor.chain().focus().toggleList('bulletList', 'listItem').run(),
        'Mod+Shift+8',
      )}
      {toggle(
        'Numbered',
        state.orderedList,
        () => editor.chain().focus().toggleList('orderedList', 'listItem').run(),
        'Mod+Shift+7',
      )}
      {toggle(
        'Code block',
        state.block === 'codeBlock',
        () => editor.chain().focus().toggleNode('codeBlock', 'paragraph').run(),
        'Mod+Alt+C',
      )}
      {toggle('Link', state.link, openLink)}
      <span className="toolbar__sep" />
      <button
        type="button"
        className="tool"
        disabled={disabled || !state.canUndo}
        {...keyProps('Undo your last change', 'Mod+Z')}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => editor.chain().focus().undo().run()}
      >
        Undo
      </button>
      <button
        type="button"
        className="tool"
        disabled={disabled || !state.canRedo}
        {...keyProps('Redo', 'Mod+Shift+Z')}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => editor.chain().focus().redo().run()}
      >
        Redo
      </button>
      {linkOpen && (
        <form className="link-form" onSubmit={applyLink}>
          <label htmlFor={`${linkId}-href`}>Link</label>
          <input
            id={`${linkId}-href`}
            ref={linkInput}
            type="text"
            inputMode="url"
            placeholder="https://…"
            value={linkValue}
            aria-invalid={linkError ? 'true' : 'false'}
            aria-describedby={linkError ? `${linkId}-error` : undefined}
            onChange={(event) => setLinkValue(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setLinkOpen(false);
                editor.commands.focus();
              }
            }}
          />
          <button type="submit" className="button button--small button--primary">
            Apply
          </button>
          {state.link && (
            <button type="button" className="button button--small" onClick={removeLink}>
              Remove
            </button>
          )}
          <button type="button" className="button button--small" onClick={() => setLinkOpen(false)}>
            Cancel
          </button>
          {linkError && (
            <span className="error" id={`${linkId}-error`} role="alert">
              {linkError}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
