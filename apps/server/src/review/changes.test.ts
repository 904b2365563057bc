import { describe, expect, it } from 'vitest';
import { sectionChanges } from './changes.js';

describe('what changed in a section', () => {
  it('[SEC9] lines added and removed; a changed table cell is one changed row, not the whole table', () => {
    expect(sectionChanges('## Context\nThe ledger.\n', '## Context\nNot the ledger.\n')).toEqual([
      { kind: 'same', text: '## Context' },
      { kind: 'removed', text: 'The ledger.' },
      { kind: 'added', text: 'Not the ledger.' },
    ]);
    const before = '| Item | Value |\n| ---- | ----- |\n| a    | 1     |\n| b    | 2     |\n';
    // A longer cell re-pads every row of the table.
    const after =
      '| Item        | Value |\n| ----------- | ----- |\n| a           | 1     |\n| b, and more | 2     |\n';
    expect(sectionChanges(before, after)).toEqual([
      { kind: 'same', text: '| Item | Value |' },
      { kind: 'same', text: '| --- | --- |' },
      { kind: 'same', text: '| a | 1 |' },
      { kind: 'removed', text: '| b | 2 |' },
      { kind: 'added', text: '| b, and more | 2 |' },
    ]);
    // An escaped pipe stays inside its cell.
    expect(sectionChanges('| x \\| y | 1 |\n', '| x \\| y | 2 |\n')).toEqual([
      { kind: 'removed', text: '| x \\| y | 1 |' },
      { kind: 'added', text: '| x \\| y | 2 |' },
    ]);
  });
});
