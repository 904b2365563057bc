import type { JSONContent, MarkdownParseHelpers, MarkdownToken } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import { isAllowedImageSrc } from '../links.js';
import { escapeInlineText, linkDestination, linkTitle, UNKNOWN_BLOCK } from './inline-escape.js';
import { plainText } from './starter-kit.js';

/**
 * Images as in CommonMark: inline nodes in a paragraph, `![alt](src "title")`.
 * Only sources `isAllowedImageSrc` accepts are kept (http, https, relative,
 * raster `data:image/…`); any other image is reduced to its alt text on import,
 * is not parsed from pasted HTML, and is written as its alt text.
 */
export const ReviewImage = Image.extend({
  addAttributes() {
    const attributes = this.parent?.() ?? {};
    return {
      ...attributes,
      src: {
        default: null,
        parseHTML: (element: HTMLElement) => {
          const src = element.getAttribute('src');
          return isAllowedImageSrc(src) ? src : null;
        },
        renderHTML: (attrs: Record<string, unknown>) =>
          isAllowedImageSrc(attrs.src) ? { src: attrs.src } : {},
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'img[src]',
        getAttrs: (element: HTMLElement) =>
          isAllowedImageSrc(element.getAttribute('src')) ? null : false,
      },
    ];
  },

  // CommonMark's alt text is the plain text of the image description.
  parseMarkdown: (token: MarkdownToken, h: MarkdownParseHelpers): JSONContent => {
    const alt = plainText(h.parseInline(token.tokens ?? []));
    const src = typeof token.href === 'string' ? token.href : '';
    if (!isAllowedImageSrc(src)) return { type: 'text', text: alt };
    return {
      type: 'image',
      attrs: { src, alt: alt || null, title: token.title || null },
    };
  },

  renderMarkdown: (node: JSONContent) => {
    const alt = escapeInlineText(String(node.attrs?.alt ?? ''), UNKNOWN_BLOCK, {
      before: null,
      after: null,
    });
    const src = node.attrs?.src;
    if (typeof src !== 'string' || !isAllowedImageSrc(src)) return alt;
    const title = node.attrs?.title ? ` ${linkTitle(String(node.attrs.title))}` : '';
    const image = `![${alt}](${linkDestination(src)}${title})`;
    // TipTap closes marks around inline nodes, so a linked image writes its own link.
    const link = node.marks?.find((mark) => mark.type === 'link');
    if (!link) return image;
    const linkTitleText = link.attrs?.title ? ` ${linkTitle(String(link.attrs.title))}` : '';
    return `[${image}](${linkDestination(String(link.attrs?.href ?? ''))}${linkTitleText})`;
  },
}).configure({ inline: true, allowBase64: true });
