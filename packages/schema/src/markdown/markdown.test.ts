import { readFileSync } from 'node:fs';
import type { JSONContent } from '@tiptap/core';
import { describe, expect, test } from 'vitest';
import { withoutNodeIds } from '../ids.js';
import { templateMarkdown } from '../templates/index.js';
import {
  docToMarkdown,
  MAX_MARKDOWN_BYTES,
  MarkdownImportError,
  markdownToDoc,
  normalizeMarkdownWhitespace,
} from './index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const TEMPLATE = templateMarkdown('technical-architecture-framework');
const DOCUMENTS: Record<string, string> = {
  'technical-architecture-framework': TEMPLATE,
  adr: fixture('adr.md'),
  'security-review': fixture('security-review.md'),
};

function blocks(md: string): JSONContent[] {
  return withoutNodeIds(markdownToDoc(md)).content ?? [];
}

describe('round trip', () => {
  for (const [name, md] of Object.entries(DOCUMENTS)) {
    test(`[MD1] ${name}: import → export → import gives the same document`, () => {
      const first = markdownToDoc(md);
      const again = markdownToDoc(docToMarkdown(first));
      expect(withoutNodeIds(again)).toEqual(withoutNodeIds(first));
    });

    test(`[MD2] ${name}: export(import(md)) equals md after whitespace normalisation`, () => {
      expect(docToMarkdown(markdownToDoc(md))).toBe(normalizeMarkdownWhitespace(md));
    });
  }
});

describe('checklist items', () => {
  test('[MD3] open, done and not-applicable items parse into one checklist', () => {
    expect(
      blocks('- [ ] Open item\n- [x] Done item\n- [X] Also done\n- [-] Not applicable\n'),
    ).toEqual([
      {
        type: 'checklist',
        content: [
          {
            type: 'checklistItem',
            attrs: { state: 'open', changedBy: null },
            content: [{ type: 'text', text: 'Open item' }],
          },
          {
            type: 'checklistItem',
            attrs: { state: 'done', changedBy: null },
            content: [{ type: 'text', text: 'Done item' }],
          },
          {
            type: 'checklistItem',
            attrs: { state: 'done', changedBy: null },
            content: [{ type: 'text', text: 'Also done' }],
          },
          {
            type: 'checklistItem',
            attrs: { state: 'not-applicable', changedBy: null },
            content: [{ type: 'text', text: 'Not applicable' }],
          },
        ],
      },
    ]);
  });

  test('[MD3] states serialise to their boxes, and inline marks survive', () => {
    const md = '- [ ] Open\n- [x] **Bold** done\n- [-] N/A with `code`\n';
    expect(docToMarkdown(markdownToDoc(md))).toBe(md);
  });

  test('[MD3] an empty item keeps its box', () => {
    const doc = markdownToDoc('- [ ] \n- [x] Done\n');
    expect(doc.content?.[0]?.content?.[0]?.content ?? []).toEqual([]);
    expect(docToMarkdown(doc)).toBe('- [ ]\n- [x] Done\n');
  });

  test('[MD3] an item with nested blocks stays an ordinary list item', () => {
    expect(blocks('- [ ] parent\n  - child\n')[0]?.type).toBe('bulletList');
  });
});

describe('fields', () => {
  test('[MD4] filled, empty and placeholder fields', () => {
    expect(
      blocks('- Scalability targets: 10k rps\n- Availability targets:\n- Last Review: [Date]\n'),
    ).toEqual([
      {
        type: 'field',
        attrs: { label: 'Scalability targets', placeholder: null },
        content: [{ type: 'text', text: '10k rps' }],
      },
      { type: 'field', attrs: { label: 'Availability targets', placeholder: null } },
      { type: 'field', attrs: { label: 'Last Review', placeholder: 'Date' } },
    ]);
  });

  test('[MD4] a field value keeps its marks and links', () => {
    const md = '- Framework: **React** with [TipTap](https://tiptap.dev)\n';
    expect(docToMarkdown(markdownToDoc(md))).toBe(md);
  });

  test('[MD4] a typed value that looks like a placeholder stays a value', () => {
    const doc: JSONContent = {
      type: 'doc',
      content: [
        {
          type: 'field',
          attrs: { label: 'Version', placeholder: 'Number' },
          content: [{ type: 'text', text: '[Number]' }],
        },
      ],
    };
    const md = docToMarkdown(doc);
    expect(md).toBe('- Version: \\[Number]\n');
    expect(blocks(md)[0]).toEqual({
      type: 'field',
      attrs: { label: 'Version', placeholder: null },
      content: [{ type: 'text', text: '[Number]' }],
    });
  });

  test('[MD4] the fenced block after "Architecture diagram:" stays in its section', () => {
    const parsed = blocks(
      '### Architecture Style\n- Architecture diagram:\n```\n[Insert architecture diagram here]\n```\n',
    );
    expect(parsed.map((block) => block.type)).toEqual(['heading', 'field', 'codeBlock']);
  });

  test('[MD4] mixed lists split into checklists, fields and bullet lists in order', () => {
    const parsed = blocks('- [ ] one\n- Label: value\n- plain item\n- [x] two\n');
    expect(parsed.map((block) => block.type)).toEqual([
      'checklist',
      'field',
      'bulletList',
      'checklist',
    ]);
  });

  test('[MD4] a URL is not mistaken for a label', () => {
    expect(blocks('- https://example.com/path\n')[0]?.type).toBe('bulletList');
  });
});

describe('change log', () => {
  test('[MD5] a Date | Version | Changes | Approved By table is a change log', () => {
    const parsed = blocks(
      '| Date | Version | Changes | Approved By |\n|---|---|---|---|\n| 2026-11-25 | 1.0 | First | Ana |\n',
    );
    expect(parsed).toEqual([
      {
        type: 'changeLog',
        content: [
          {
            type: 'changeLogRow',
            content: ['2026-11-25', '1.0', 'First', 'Ana'].map((text) => ({
              type: 'changeLogCell',
              content: [{ type: 'text', text }],
            })),
          },
        ],
      },
    ]);
  });

  test('[MD5] rows serialise padded to the widest cell, pipes escaped', () => {
    const md =
      '| Date | Version | Changes | Approved By |\n|---|---|---|---|\n| 2026-11-25 | 1.0 | a \\| b | Ana |\n';
    expect(docToMarkdown(markdownToDoc(md))).toBe(
      [
        '| Date       | Version | Changes | Approved By |',
        '|------------|---------|---------|-------------|',
        '| 2026-11-25 | 1.0     | a \\| b  | Ana         |',
        '',
      ].join('\n'),
    );
  });

  test('[MD5] an empty change log keeps its header', () => {
    const doc: JSONContent = { type: 'doc', content: [{ type: 'changeLog', content: [] }] };
    const md = docToMarkdown(doc);
    expect(md).toBe(
      '| Date | Version | Changes | Approved By |\n|------|---------|---------|-------------|\n',
    );
    expect(blocks(md)).toEqual([{ type: 'changeLog' }]);
  });

  test('[MD5] other tables stay ordinary tables', () => {
    expect(blocks('| A | B |\n|---|---|\n| 1 | 2 |\n')[0]?.type).toBe('table');
  });
});

describe('StarterKit content', () => {
  test('[MD6] code blocks, links, ordered lists, blockquotes and marks survive', () => {
    const md = [
      'Some **bold**, *italic*, `code` and [a link](https://example.com).',
      '',
      '1. first',
      '2. second',
      '',
      '> quoted',
      '',
      '```ts',
      'const x = 1;',
      '```',
      '',
    ].join('\n');
    expect(docToMarkdown(markdownToDoc(md))).toBe(md);
  });

  test('[MD7] links to javascript: and data: are dropped, their text kept', () => {
    const parsed = blocks(
      '[click](javascript:alert(1)) and [img](data:text/html,x) and [ok](mailto:a@b.c)\n',
    );
    const texts = parsed[0]?.content ?? [];
    expect(texts.map((node) => node.text).join('')).toBe('click and img and ok');
    expect(texts.flatMap((node) => node.marks ?? [])).toEqual([
      { type: 'link', attrs: expect.objectContaining({ href: 'mailto:a@b.c' }) },
    ]);
  });

  test('[MD7] raw HTML is kept as literal text, never as markup', () => {
    const parsed = blocks('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n');
    expect(JSON.stringify(parsed)).not.toContain('"type":"image"');
    expect(parsed.every((block) => block.type === 'paragraph')).toBe(true);
  });
});

describe('bad input', () => {
  test('[MD8] non-strings, NUL bytes and oversized input raise MarkdownImportError', () => {
    expect(() => markdownToDoc(42 as unknown as string)).toThrow(MarkdownImportError);
    expect(() => markdownToDoc('a\u0000b')).toThrow(/NUL characters/);
    expect(() => markdownToDoc('x'.repeat(MAX_MARKDOWN_BYTES + 1))).toThrow(/too large/);
  });

  test('[MD8] the empty string is an empty document', () => {
    const doc = markdownToDoc('');
    expect(doc.type).toBe('doc');
    expect(docToMarkdown(doc)).toBe('');
  });

  test('[MD8] lists nested 50 deep import; 200 deep are refused with the line that breaks the limit', () => {
    const nested = (depth: number) =>
      Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    expect(markdownToDoc(nested(50)).type).toBe('doc');
    expect(() => markdownToDoc(nested(200))).toThrow(
      new MarkdownImportError(
        'Markdown cannot be imported: line 102 is indented 202 columns (limit 200); it is nested too deeply',
      ),
    );
  });

  test('[MD8] unclosed fences still give a document', () => {
    expect(blocks('```\nnever closed\n- [ ] not a checklist')[0]?.type).toBe('codeBlock');
  });

  test('[MD8] a heading inside a list item is repaired, not rejected', () => {
    const md = '- # Heading in item\n- plain\n';
    const text = JSON.stringify(blocks(md));
    expect(text).toContain('Heading in item');
    expect(text).toContain('plain');
  });
});
