import { type AnyExtension, getSchema } from '@tiptap/core';
import { TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import UniqueID from '@tiptap/extension-unique-id';
import StarterKit from '@tiptap/starter-kit';
import { ID_ATTR, ID_NODE_TYPES, newNodeId } from './ids.js';
import { isAllowedLinkHref } from './links.js';
import { ReviewImage } from './markdown/image.js';
import { ReviewBulletList, ReviewListItem, ReviewOrderedList } from './markdown/lists.js';
import {
  RawHtmlAsText,
  ReviewDocument,
  ReviewParagraph,
  ReviewTable,
} from './markdown/review-markdown.js';
import {
  ReviewCode,
  ReviewCodeBlock,
  ReviewHardBreak,
  ReviewHeading,
  ReviewLink,
} from './markdown/starter-kit.js';
import { ChangeLog, ChangeLogCell, ChangeLogRow } from './nodes/change-log.js';
import { Checklist, ChecklistItem } from './nodes/checklist.js';
import { Field } from './nodes/field.js';
import { UniqueIdGuard } from './unique-ids.js';

/**
 * The one extension list that defines a review document. The server uses it
 * headless; the web app adds editor-only extensions (collaboration, carets).
 * Undo/redo is left out: with Yjs it must come from the Collaboration extension.
 */
export const reviewExtensions: AnyExtension[] = [
  StarterKit.configure({
    document: false,
    bulletList: false,
    orderedList: false,
    listItem: false,
    paragraph: false,
    undoRedo: false,
    underline: false,
    trailingNode: false,
    // Replaced below by the same extensions with Markdown that keeps what was written.
    code: false,
    codeBlock: false,
    hardBreak: false,
    heading: false,
    link: false,
  }),
  ReviewCode,
  ReviewCodeBlock,
  ReviewHardBreak,
  ReviewHeading,
  ReviewLink.configure({
    openOnClick: false,
    autolink: true,
    defaultProtocol: 'https',
    isAllowedUri: (url: string) => isAllowedLinkHref(url),
  }),
  ReviewImage,
  ReviewDocument,
  ReviewParagraph,
  ReviewBulletList,
  ReviewOrderedList,
  ReviewListItem,
  ReviewTable,
  RawHtmlAsText,
  TableRow,
  TableHeader,
  TableCell,
  Checklist,
  ChecklistItem,
  Field,
  ChangeLog,
  ChangeLogRow,
  ChangeLogCell,
  UniqueID.configure({
    attributeName: ID_ATTR,
    types: [...ID_NODE_TYPES],
    generateID: () => newNodeId(),
  }),
  UniqueIdGuard,
];

/** The ProseMirror schema of a review document. */
export const reviewSchema = getSchema(reviewExtensions);
