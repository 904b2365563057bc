/**
 * The editor's keyboard shortcuts, listed by the shortcuts dialog (ShortcutsHelp) and in the
 * README. `keys` use `Mod+Shift+Z` notation: "Mod" is Ctrl, or ⌘ on a Mac (keys.ts shows them
 * the platform's way). Each `keys` appears once.
 */
export interface Shortcut {
  keys: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Mod+B', description: 'Bold' },
  { keys: 'Mod+I', description: 'Italic' },
  { keys: 'Mod+E', description: 'Inline code' },
  { keys: 'Mod+Alt+0', description: 'Paragraph' },
  { keys: 'Mod+Alt+1', description: 'Heading 1' },
  { keys: 'Mod+Alt+2', description: 'Heading 2' },
  { keys: 'Mod+Alt+3', description: 'Heading 3' },
  { keys: 'Mod+Shift+8', description: 'Bulleted list' },
  { keys: 'Mod+Shift+7', description: 'Numbered list' },
  { keys: 'Mod+Alt+C', description: 'Code block' },
  { keys: 'Mod+Z', description: 'Undo your last change (never other people’s)' },
  { keys: 'Mod+Shift+Z', description: 'Redo' },
  {
    keys: 'Mod+Enter',
    description: 'In a checklist item: change its state (open → done → not applicable → open)',
  },
  {
    keys: 'Tab',
    description:
      'In a field: the next field. In the change log: the next cell; in the last, a new row',
  },
  {
    keys: 'Shift+Tab',
    description: 'In a field: the previous field. In the change log: the previous cell',
  },
  { keys: 'Enter', description: 'In a field: go on to the line after it' },
  { keys: 'Mod+Alt+M', description: 'Comment on the selected text (or on the section)' },
  { keys: 'Mod+K', description: 'Search all documents (anywhere in the app)' },
  { keys: 'Mod+/', description: 'Show the keyboard shortcuts (or ? outside the text)' },
];
