import { type JSONContent, mergeAttributes, Node } from '@tiptap/core';

/** The fixed columns of a change log, in order; also its Markdown header. */
export const CHANGE_LOG_COLUMNS = ['Date', 'Version', 'Changes', 'Approved By'] as const;

export interface ChangeLogEntry {
  date?: string;
  version?: string;
  changes?: string;
  approvedBy?: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    changeLog: {
      /**
       * Appends a row to the change log that holds the selection, or else to the
       * first change log in the document. Fails when there is none.
       */
      addChangeLogRow: (entry?: ChangeLogEntry) => ReturnType;
    };
  }
}

function cell(text: string | undefined): JSONContent {
  return text
    ? { type: 'changeLogCell', content: [{ type: 'text', text }] }
    : { type: 'changeLogCell' };
}

/** A change-log row as JSON, cells in column order. */
export function changeLogRowJSON(entry: ChangeLogEntry = {}): JSONContent {
  return {
    type: 'changeLogRow',
    content: [cell(entry.date), cell(entry.version), cell(entry.changes), cell(entry.approvedBy)],
  };
}

/**
 * The version that follows the highest one in the log: "1.2" → "1.3", "v2" → "v3";
 * "1.0" when no row has a version yet. A major step moves the first number and zeroes the
 * rest: "1.2" → "2.0", "v2" → "v3".
 */
export function nextChangeLogVersion(
  versions: readonly string[],
  step: 'minor' | 'major' = 'minor',
): string {
  let best: { parts: number[]; prefix: string } | null = null;
  for (const raw of versions) {
    const match = /^\s*(v?)(\d+(?:\.\d+)*)\s*$/i.exec(raw);
    if (!match) continue;
    const parts = (match[2] as string).split('.').map(Number);
    if (!best || compareVersions(parts, best.parts) > 0) best = { parts, prefix: match[1] ?? '' };
  }
  if (!best) return '1.0';
  const parts = [...best.parts];
  if (step === 'major') {
    return `${best.prefix}${parts.map((part, i) => (i === 0 ? part + 1 : 0)).join('.')}`;
  }
  const last = parts.length - 1;
  parts[last] = (parts[last] as number) + 1;
  return `${best.prefix}${parts.join('.')}`;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The change-log table: a fixed header (not content) and rows of four cells. */
export const ChangeLog = Node.create({
  name: 'changeLog',
  group: 'block',
  content: 'changeLogRow*',
  isolating: true,

  parseHTML() {
    return [{ tag: 'table[data-type="change-log"]', contentElement: 'tbody', priority: 60 }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      'table',
      mergeAttributes(HTMLAttributes, { 'data-type': 'change-log' }),
      ['thead', ['tr', ...CHANGE_LOG_COLUMNS.map((column) => ['th', column])]],
      ['tbody', 0],
    ];
  },

  renderMarkdown: (node, h) => {
    const rows = (node.content ?? []).map((row) =>
      CHANGE_LOG_COLUMNS.map((_, i) => {
        const cellNode = row.content?.[i] ?? { type: 'changeLogCell' };
        // Rendered through the cell, so its text is escaped knowing its neighbours.
        return h.renderChildren([cellNode]).replace(/\|/g, '\\|');
      }),
    );
    const widths = CHANGE_LOG_COLUMNS.map((column, i) =>
      Math.max(column.length, ...rows.map((cells) => (cells[i] as string).length)),
    );
    const line = (cells: readonly string[]) =>
      `|${cells.map((text, i) => ` ${text.padEnd(widths[i] as number)} `).join('|')}|`;
    const separator = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
    return [line(CHANGE_LOG_COLUMNS), separator, ...rows.map(line)].join('\n');
  },

  addCommands() {
    return {
      addChangeLogRow:
        (entry = {}) =>
        ({ state, tr, dispatch }) => {
          let logPos: number | null = null;
          const { $from } = state.selection;
          for (let depth = $from.depth; depth > 0; depth--) {
            if ($from.node(depth).type.name === this.name) {
              logPos = $from.before(depth);
              break;
            }
          }
          if (logPos === null) {
            state.doc.descendants((node, pos) => {
              if (logPos !== null) return false;
              if (node.type.name === this.name) logPos = pos;
              return logPos === null;
            });
          }
          if (logPos === null) return false;
          const log = state.doc.nodeAt(logPos);
          if (!log) return false;
          const row = state.schema.nodeFromJSON(changeLogRowJSON(entry));
          if (dispatch) tr.insert(logPos + log.nodeSize - 1, row);
          return true;
        },
    };
  },
});

export const ChangeLogRow = Node.create({
  name: 'changeLogRow',
  content: 'changeLogCell{4}',

  parseHTML() {
    return [{ tag: 'tr[data-type="change-log-row"]', priority: 60 }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['tr', mergeAttributes(HTMLAttributes, { 'data-type': 'change-log-row' }), 0];
  },
});

export const ChangeLogCell = Node.create({
  name: 'changeLogCell',
  content: 'inline*',
  isolating: true,

  // A cell is one line of a table row.
  renderMarkdown: (node, h) => h.renderChildren(node.content ?? []).replace(/\\?\n/g, ' '),

  parseHTML() {
    return [{ tag: 'td[data-type="change-log-cell"]', priority: 60 }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['td', mergeAttributes(HTMLAttributes, { 'data-type': 'change-log-cell' }), 0];
  },
});
