import { describe, expect, it } from 'vitest';
import {
  chooseDroppedFile,
  dragHint,
  emptyFileMessage,
  isMarkdownFile,
  NOTHING_DROPPED,
  notMarkdownMessage,
} from './markdown-file';

const file = (name: string, type = '') => ({ name, type });

describe('which files a Markdown import takes', () => {
  it('takes Markdown and text files by extension or by type', () => {
    expect(isMarkdownFile(file('notes.md'))).toBe(true);
    expect(isMarkdownFile(file('NOTES.MARKDOWN'))).toBe(true);
    expect(isMarkdownFile(file('notes.txt'))).toBe(true);
    expect(isMarkdownFile(file('review', 'text/markdown'))).toBe(true);
    expect(isMarkdownFile(file('review', 'text/plain;charset=utf-8'))).toBe(true);
    expect(isMarkdownFile(file('diagram.png', 'image/png'))).toBe(false);
    expect(isMarkdownFile(file('review.docx', 'application/vnd.openxmlformats'))).toBe(false);
    expect(isMarkdownFile(file('data.json', 'application/json'))).toBe(false);
    expect(isMarkdownFile(file('README'))).toBe(false);
    // Only the last extension counts.
    expect(isMarkdownFile(file('notes.md.zip', 'application/zip'))).toBe(false);
  });

  it('imports the first dropped file, and says so when several were dropped', () => {
    const one = chooseDroppedFile([file('a.md')]);
    expect(one).toEqual({ ok: true, file: file('a.md'), note: null });

    const several = chooseDroppedFile([file('a.md'), file('b.md'), file('c.txt')]);
    expect(several.ok && several.file.name).toBe('a.md');
    expect(several.ok && several.note).toBe(
      '3 files were dropped: only the first, “a.md”, is imported.',
    );
  });

  it('refuses a first file that is not Markdown, and a drop without files', () => {
    expect(chooseDroppedFile([file('photo.jpg', 'image/jpeg'), file('b.md')])).toEqual({
      ok: false,
      error: notMarkdownMessage('photo.jpg'),
    });
    expect(notMarkdownMessage('photo.jpg')).toBe(
      '“photo.jpg” is not a Markdown file: import a .md, .markdown or .txt file.',
    );
    expect(chooseDroppedFile([])).toEqual({ ok: false, error: NOTHING_DROPPED });
  });

  it('names the file in its messages and tells how many files are dragged', () => {
    expect(emptyFileMessage('empty.md')).toBe('“empty.md” is empty: there is nothing to import.');
    expect(dragHint(0)).toBe('Drop the Markdown file to import it');
    expect(dragHint(1)).toBe('Drop the Markdown file to import it');
    expect(dragHint(4)).toBe('Drop to import the first of these 4 files');
  });
});
