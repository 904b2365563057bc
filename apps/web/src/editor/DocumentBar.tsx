import type { ReactNode } from 'react';
import { onLinkClick } from '../router';
import { TitleHeading } from './TitleHeading';

/**
 * The bar above a document: a link back to the list, the title, then `children` on the right.
 * While the editor loads the title is plain text (the page has its own hidden heading); in the
 * editor it is the page's heading, with a Rename button when `onRename` is given.
 */
export function DocumentBar({
  title,
  titleIsHeading = false,
  onRename,
  children,
}: {
  title: string | null;
  titleIsHeading?: boolean;
  onRename?: (title: string) => void;
  children?: ReactNode;
}) {
  return (
    <header className="topbar">
      <a className="brand" href="/" onClick={onLinkClick}>
        Ratify
      </a>
      <TitleHeading title={title} titleIsHeading={titleIsHeading} onRename={onRename} />
      <span className="topbar__spacer" />
      {children}
    </header>
  );
}
