export type { JSONContent } from '@tiptap/core';
export * from './diff.js';
export { reviewExtensions, reviewSchema } from './extensions.js';
export { ID_ATTR, ID_NODE_TYPES, newNodeId, withNodeIds, withoutNodeIds } from './ids.js';
export {
  ALLOWED_IMAGE_PROTOCOLS,
  ALLOWED_LINK_PROTOCOLS,
  isAllowedImageSrc,
  isAllowedLinkHref,
} from './links.js';
export {
  docToMarkdown,
  MAX_MARKDOWN_BYTES,
  MarkdownImportError,
  markdownToDoc,
  normalizeMarkdownWhitespace,
} from './markdown/index.js';
export { docTitle, markdownTitle } from './markdown/title.js';
export {
  CHANGE_LOG_COLUMNS,
  type ChangeLogEntry,
  changeLogRowJSON,
  nextChangeLogVersion,
} from './nodes/change-log.js';
export {
  CHECKLIST_MARKERS,
  CHECKLIST_STATES,
  type ChecklistState,
  isChecklistState,
  nextChecklistState,
} from './nodes/checklist.js';
export { placeholderMarkdown } from './nodes/field.js';
export * from './notifications.js';
export * from './protocol.js';
export {
  type ApprovalSummary,
  type ChainCheck,
  type CommentThreadView,
  GENESIS_HASH,
  isVerdict,
  latestSignoffs,
  NO_REVIEWERS,
  type ReviewEvent,
  type Reviewers,
  type ReviewRound,
  reviewersOf,
  type SignoffFields,
  type SignoffRecord,
  type SignoffState,
  signoffHash,
  signoffState,
  VERDICTS,
  type Verdict,
  verifySignoffChain,
} from './review.js';
export * from './roles.js';
export { sectionMarkdown } from './section-markdown.js';
export {
  canonicalSectionContent,
  type SectionInfo,
  type SectionRange,
  sectionRange,
  sectionsOf,
  sha256Hex,
} from './sections.js';
export {
  createFromTemplate,
  type ExampleName,
  exampleMarkdown,
  exampleNames,
  isExampleName,
  isTemplateName,
  type TemplateName,
  templateMarkdown,
  templateNames,
} from './templates/index.js';
export * from './title.js';
export {
  appendChangeLogRow,
  changeLogVersions,
  contentFragment,
  jsonToYDoc,
  jsonToYUpdate,
  replaceContent,
  yDocToJSON,
  yDocToMarkdown,
} from './yjs.js';
