/**
 * Which file a Markdown import takes (from the file button or dropped on the New review card),
 * and what the user is told when it cannot be imported. Pure: files are described by name and
 * type only, so this runs without a browser.
 */

/** What the file button offers (the same files a drop accepts). */
export const MARKDOWN_ACCEPT = '.md,.markdown,.txt,text/markdown,text/plain';

const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkd', '.txt'];
const MARKDOWN_TYPES = ['text/markdown', 'text/x-markdown', 'text/plain'];

export interface FileLike {
  name: string;
  /** The MIME type the browser guessed; often empty for .md files. */
  type: string;
}

/** A Markdown or plain-text file, by its extension or its type. */
export function isMarkdownFile(file: FileLike): boolean {
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase().split(';')[0]?.trim() ?? '';
  return MARKDOWN_EXTENSIONS.some((ext) => name.endsWith(ext)) || MARKDOWN_TYPES.includes(type);
}

export const notMarkdownMessage = (name: string) =>
  `“${name}” is not a Markdown file: import a .md, .markdown or .txt file.`;

export const emptyFileMessage = (name: string) => `“${name}” is empty: there is nothing to import.`;

export const NOTHING_DROPPED = 'Nothing to import: drop a Markdown file (.md) here.';

export type DroppedChoice<F extends FileLike> =
  | {
      ok: true;
      file: F;
      /** Set when several files were dropped: only the first is imported, and the user is told. */
      note: string | null;
    }
  | { ok: false; error: string };

/** One review per drop: the first file, if it is Markdown. */
export function chooseDroppedFile<F extends FileLike>(files: readonly F[]): DroppedChoice<F> {
  const [file] = files;
  if (file === undefined) return { ok: false, error: NOTHING_DROPPED };
  if (!isMarkdownFile(file)) return { ok: false, error: notMarkdownMessage(file.name) };
  const note =
    files.length > 1
      ? `${files.length} files were dropped: only the first, “${file.name}”, is imported.`
      : null;
  return { ok: true, file, note };
}

/** What the highlighted drop zone says while files are dragged over it (0: count unknown). */
export function dragHint(count: number): string {
  return count > 1
    ? `Drop to import the first of these ${count} files`
    : 'Drop the Markdown file to import it';
}
