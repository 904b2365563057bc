import type { JSONContent } from '@tiptap/core';
import { describe, expect, test } from 'vitest';
import { withoutNodeIds } from '../ids.js';
import { docToMarkdown, markdownToDoc } from './index.js';

const text = (value: string, marks?: JSONContent['marks']): JSONContent =>
  marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const roundTrip = (md: string) => docToMarkdown(markdownToDoc(md));
const blocks = (md: string) => withoutNodeIds(markdownToDoc(md)).content ?? [];

/** Each node that holds text, and how a text is written in it. */
const CONTAINERS: Record<string, [(value: string) => JSONContent, (value: string) => string]> = {
  paragraph: [(v) => doc(paragraph(text(v))), (v) => `${v}\n`],
  heading: [
    (v) => doc({ type: 'heading', attrs: { level: 2 }, content: [text(v)] }),
    (v) => `## ${v}\n`,
  ],
  field: [
    (v) =>
      doc({ type: 'field', attrs: { label: 'Target', placeholder: null }, content: [text(v)] }),
    (v) => `- Target: ${v}\n`,
  ],
  'checklist item': [
    (v) =>
      doc({
        type: 'checklist',
        content: [{ type: 'checklistItem', attrs: { state: 'open' }, content: [text(v)] }],
      }),
    (v) => `- [ ] ${v}\n`,
  ],
  'list item': [
    (v) =>
      doc({ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text(v))] }] }),
    (v) => `- ${v}\n`,
  ],
  'change-log cell': [
    (v) =>
      doc({
        type: 'changeLog',
        content: [
          {
            type: 'changeLogRow',
            content: ['2026-01-05', '1.1', v, 'Ana'].map((cell) => ({
              type: 'changeLogCell',
              content: [text(cell)],
            })),
          },
        ],
      }),
    (v) => `| 2026-01-05 | 1.1     | ${v} | Ana         |`,
  ],
};

describe('[MD12] text is written as typed, escaped only where Markdown would misread it', () => {
  const asTyped = [
    'p95 < 200 ms',
    'gateway & services',
    '~21.9 min',
    'a > b, c >= d',
    'R&D and AT&T',
    '2 * 3 = 6',
    'snake_case_name',
    'C:\\Users\\ana',
    'x = a[0]',
    '100% of ~40 ms & <1 s',
    '&foo; is no entity',
  ];
  for (const [name, [build, written]] of Object.entries(CONTAINERS)) {
    test(`in a ${name}`, () => {
      for (const value of asTyped) {
        const md = docToMarkdown(build(value));
        if (name === 'change-log cell') {
          expect(md.split('\n')[2]?.replace(/ +\|/g, ' |')).toBe(
            written(value).replace(/ +\|/g, ' |'),
          );
        } else {
          expect(md).toBe(written(value));
        }
        expect(docToMarkdown(markdownToDoc(md))).toBe(md);
      }
    });
  }

  test.each([
    ['*not emphasis*', '\\*not emphasis\\*'],
    ['__init__', '\\_\\_init\\_\\_'],
    ['~~not struck~~', '\\~\\~not struck\\~\\~'],
    ['`not code`', '\\`not code\\`'],
    ['[Date] and a[0]', '[Date] and a[0]'],
    ['[ref]: /url', '\\[ref\\]: /url'],
    ['[text](url)', '\\[text\\](url)'],
    ['a <b> c', 'a \\<b> c'],
    ['<https://x.io>', '\\<https\\://x.io>'],
    ['see https://x.io or www.x.io or ana@x.io', 'see https\\://x.io or www\\.x.io or ana\\@x.io'],
    ['&copy; &#169; &#xA9;', '\\&copy; \\&#169; \\&#xA9;'],
    ['a\\*b', 'a\\\\*b'],
    ['ends with \\', 'ends with \\\\'],
    ['!', '!'],
  ])('paragraph %j is written %j and reads back', (value, written) => {
    const md = docToMarkdown(doc(paragraph(text(value))));
    expect(md).toBe(`${written}\n`);
    expect(blocks(md)).toEqual([{ type: 'paragraph', content: [text(value)] }]);
  });

  test.each([
    ['# not a heading', '\\# not a heading'],
    ['1. not a list', '1\\. not a list'],
    ['2) not a list', '2\\) not a list'],
    ['- not a list', '\\- not a list'],
    ['+ not a list', '\\+ not a list'],
    ['> not a quote', '\\> not a quote'],
    ['---', '\\---'],
    ['* * *', '\\* * *'],
    ['```js', '\\`\\`\\`js'],
    ['~~~', '\\~\\~\\~'],
    ['    four spaces', '&#32;   four spaces'],
    ['first\n===', 'first\n\\==='],
    ['first\n- second', 'first\n\\- second'],
    ['a. b', 'a. b'],
  ])('a paragraph starting a line with %j writes %j', (value, written) => {
    const md = docToMarkdown(doc(paragraph(text(value))));
    expect(md).toBe(`${written}\n`);
    expect(blocks(md)).toEqual([{ type: 'paragraph', content: [text(value)] }]);
  });

  test('the examples of the issue come back as written', () => {
    expect(roundTrip('\\# not a heading\n')).toBe('\\# not a heading\n');
    expect(roundTrip('1\\. not a list\n')).toBe('1\\. not a list\n');
    expect(roundTrip('p95 < 200 ms, gateway & services, ~21.9 min\n')).toBe(
      'p95 < 200 ms, gateway & services, ~21.9 min\n',
    );
    expect(roundTrip('- Latency: p95 < 200 ms\n- [ ] gateway & services\n')).toBe(
      '- Latency: p95 < 200 ms\n- [ ] gateway & services\n',
    );
  });

  test('a list item that would read as a checklist box or a field is escaped', () => {
    const item = (value: string) =>
      doc({
        type: 'bulletList',
        content: [{ type: 'listItem', content: [paragraph(text(value))] }],
      });
    expect(docToMarkdown(item('[ ] not a box'))).toBe('- \\[ ] not a box\n');
    expect(docToMarkdown(item('Note: not a field'))).toBe('- Note\\: not a field\n');
    const field = doc({
      type: 'field',
      attrs: { label: 'Due', placeholder: null },
      content: [text('[Date]')],
    });
    expect(docToMarkdown(field)).toBe('- Due: \\[Date]\n');
    for (const md of [docToMarkdown(item('[ ] not a box')), docToMarkdown(field)]) {
      expect(roundTrip(md)).toBe(md);
    }
  });

  test('marks around special characters', () => {
    const md = docToMarkdown(
      doc(paragraph(text('p95 '), text('< 200 ms', [{ type: 'bold' }]), text(' & ~1 s'))),
    );
    expect(md).toBe('p95 **< 200 ms** & ~1 s\n');
    expect(roundTrip(md)).toBe(md);
  });
});

describe('[MD12] entity and numeric character references are decoded on import', () => {
  test('&nbsp; &copy; &amp; and numeric references become their characters', () => {
    expect(blocks('a&nbsp;b &copy; 2026 &amp; &#35; &#x1F600; &bogus;\n')).toEqual([
      paragraph(text('a\u00a0b © 2026 & # 😀 &bogus;')),
    ]);
    expect(roundTrip('a&nbsp;b &copy; 2026\n')).toBe('a\u00a0b © 2026\n');
  });

  test('a written reference stays text', () => {
    expect(blocks('\\&copy; and &amp;copy;\n')).toEqual([paragraph(text('&copy; and &copy;'))]);
    expect(roundTrip('&amp;copy;\n')).toBe('\\&copy;\n');
  });

  test('in link destinations, titles, code block info strings and field labels', () => {
    const [link] = blocks('[a](/f&ouml;&ouml; "t&ouml;")\n')[0]?.content ?? [];
    expect(link?.marks?.[0]?.attrs).toMatchObject({ href: '/föö', title: 'tö' });
    expect(blocks('```f&ouml;&ouml;\nx\n```\n')[0]?.attrs).toEqual({ language: 'föö' });
    expect(blocks('- R&amp;D: x\n')[0]?.attrs).toMatchObject({ label: 'R&D' });
  });
});

describe('[MD13] code spans and code blocks', () => {
  test.each([
    ['a`b', '``a`b``'],
    ['`', '`` ` ``'],
    ['``x``', '` ``x`` `'],
    [' padded ', '`  padded  `'],
    ['  ', '`  `'],
    ['a < b && c', '`a < b && c`'],
  ])('code %j is written %j and reads back', (code, written) => {
    const md = docToMarkdown(doc(paragraph(text(code, [{ type: 'code' }]))));
    expect(md).toBe(`${written}\n`);
    expect(blocks(md)).toEqual([paragraph(text(code, [{ type: 'code' }]))]);
  });

  test('a code block holding a fence gets a longer fence', () => {
    const code = 'before\n```\ninner\n```\nafter';
    const md = docToMarkdown(
      doc({ type: 'codeBlock', attrs: { language: 'md' }, content: [text(code)] }),
    );
    expect(md).toBe(`\`\`\`\`md\n${code}\n\`\`\`\`\n`);
    expect(blocks(md)).toEqual([
      { type: 'codeBlock', attrs: { language: 'md' }, content: [text(code)] },
    ]);
  });

  test('a mermaid block comes back exactly as written', () => {
    const md =
      '```mermaid\ngraph TD\n  A[Client] -->|HTTPS| B(Gateway & API)\n  B --> C{{"p95 < 200 ms"}}\n```\n';
    expect(blocks(md)).toEqual([
      {
        type: 'codeBlock',
        attrs: { language: 'mermaid' },
        content: [
          text('graph TD\n  A[Client] -->|HTTPS| B(Gateway & API)\n  B --> C{{"p95 < 200 ms"}}'),
        ],
      },
    ]);
    expect(roundTrip(md)).toBe(md);
  });

  test('info strings, tilde fences and fences indented up to three spaces', () => {
    expect(roundTrip('~~~ ruby startline=3\nputs 1\n~~~\n')).toBe(
      '```ruby startline=3\nputs 1\n```\n',
    );
    expect(roundTrip('~~~ a`b\nx\n~~~\n')).toBe('~~~a`b\nx\n~~~\n');
    expect(roundTrip('  ```\n  a\n b\n  ```\n')).toBe('```\na\nb\n```\n');
    expect(roundTrip('```\n```\n')).toBe('```\n```\n');
  });

  test('code can be linked and emphasised', () => {
    expect(roundTrip('[`ledger.v2`](https://x.io/ledger) and **`bold code`**\n')).toBe(
      '[`ledger.v2`](https://x.io/ledger) and **`bold code`**\n',
    );
  });
});
