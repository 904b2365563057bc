import type { ReactNode } from 'react';
import { onLinkClick } from '../router';

/**
 * The bar above a document: a link back to the list, the title, then `children` on the right.
 * While the editor loads the title is plain text (the page has its own hidden heading); in the
 * editor it is the page's heading.
 */
export function DocumentBar({
  title,
  titleIsHeading = false,
  children,
}: {
  title: string | null;
  titleIsHeading?: boolean;
  children?: ReactNode;
}) {
  const TitleTag = titleIsHeading ? 'h1' : 'span';
  return (
    <header className="topbar">
      <a className="brand" href="/" onClick={onLinkClick}>
        Ratify
      </a>
      <TitleTag className="topbar__title">{title ?? 'Review'}</TitleTag>
      <span className="topbar__spacer" />
      {children}
    </header>
  );
}
