// @vitest-environment happy-dom
import type { JSONContent } from '@tiptap/core';
import { describe, expect, test } from 'vitest';
import { reviewSchema } from '../extensions.js';
import { withoutNodeIds } from '../ids.js';
import { editorFor } from '../testing/editor.js';
import { docToMarkdown, markdownToDoc } from './index.js';

const roundTrip = (md: string) => docToMarkdown(markdownToDoc(md));
const inline = (md: string): JSONContent[] =>
  withoutNodeIds(markdownToDoc(md)).content?.[0]?.content ?? [];

describe('[MD14] links keep their destination and title', () => {
  test.each([
    '[design](</docs/my design.md>)',
    '[fn](/call(a)b)',
    '[odd](<a\\)b>)',
    '[x](/u "title with \\"quotes\\"")',
    '[p95 < 200 ms & more](https://x.io/slo?a=1&b=2)',
    '[entity-like](/a?x=1\\&copy;=2)',
    '[none]()',
  ])('%s comes back as written', (md) => {
    expect(roundTrip(`${md}\n`)).toBe(`${md}\n`);
  });

  test('the destination and title are held without Markdown syntax', () => {
    expect(inline('[d](</my uri> "t")')[0]?.marks?.[0]?.attrs).toMatchObject({
      href: '/my uri',
      title: 't',
    });
    expect(inline('[x](/a?x=1\\&copy;=2)')[0]?.marks?.[0]?.attrs?.href).toBe('/a?x=1&copy;=2');
  });

  test('other title quotes are written with double quotes', () => {
    expect(roundTrip("[x](/u 'single')\n")).toBe('[x](/u "single")\n');
    expect(roundTrip('[x](/u (paren))\n')).toBe('[x](/u "paren")\n');
  });
});

describe('[MD14] images', () => {
  test('![alt](src "title") is an inline image node and comes back as written', () => {
    const md = '![diagram](/arch.png "title")\n';
    expect(withoutNodeIds(markdownToDoc(md)).content).toEqual([
      {
        type: 'paragraph',
        content: [
          {
            type: 'image',
            attrs: { src: '/arch.png', alt: 'diagram', title: 'title', width: null, height: null },
          },
        ],
      },
    ]);
    expect(roundTrip(md)).toBe(md);
    expect(reviewSchema.nodes.image?.isInline).toBe(true);
  });

  test.each([
    'See ![the diagram](</img/arch v2.png>) and ![](/b.png).',
    '[![moon](moon.jpg)](/uri "The moon")',
    '![p95 < 200 ms \\[chart\\]](https://x.io/c.png)',
    '![inline](data:image/png;base64,iVBORw0KGgo=)',
  ])('%s comes back as written', (md) => {
    expect(roundTrip(`${md}\n`)).toBe(`${md}\n`);
  });

  test('the alt text is the plain text of the description', () => {
    expect(inline('![foo *bar* ![baz](/b.png)](/a.png)')[0]?.attrs?.alt).toBe('foo bar baz');
  });

  test('an image with an unsafe source keeps only its alt text', () => {
    for (const src of ['javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', 'vbscript:x']) {
      expect(inline(`a ![chart](${src}) b`)).toEqual([{ type: 'text', text: 'a chart b' }]);
    }
    const doc: JSONContent = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'image', attrs: { src: 'javascript:alert(1)', alt: 'chart' } }],
        },
      ],
    };
    expect(docToMarkdown(doc)).toBe('chart\n');
  });

  test('the editor takes images from the schema and refuses unsafe ones in pasted HTML', () => {
    const editor = editorFor('![a](/a.png)');
    editor.commands.setContent(
      '<p><img src="javascript:alert(1)" alt="x"><img src="/b.png" alt="b"></p>',
    );
    const images: JSONContent[] = editor.getJSON().content?.[0]?.content ?? [];
    expect(images.map((node) => node.attrs?.src)).toEqual(['/b.png']);
    expect(editor.getHTML()).toContain('<img src="/b.png" alt="b">');
    editor.destroy();
  });

  test('raw HTML stays literal text where there is a DOM too', () => {
    expect(inline('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
    expect(inline('a <b>bold</b> c')).toEqual([{ type: 'text', text: 'a <b>bold</b> c' }]);
  });
});
