import { createContext, useContext } from 'react';
import { DraftStore } from './drafts';

export interface CommentBoxEnv {
  /** Where each box's text is kept on this device. */
  drafts: DraftStore;
  /** Who can be @mentioned (the document's members). */
  members: readonly { userId: string; name: string }[];
  selfId: string | null;
  /** A member's name now (mentions show it), undefined for someone who is not one. */
  nameOf: (userId: string) => string | undefined;
}

const fallback: CommentBoxEnv = {
  drafts: new DraftStore(null, 'ratify:comment-drafts:none'),
  members: [],
  selfId: null,
  nameOf: () => undefined,
};

/** What every comment box of a panel shares; the panel provides it. */
export const CommentBoxContext = createContext<CommentBoxEnv>(fallback);

export const useCommentBoxEnv = () => useContext(CommentBoxContext);
