import { reviewExtensions, YDOC_CONTENT_FIELD } from '@ratify/schema';
import type { AnyExtension, Node } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { ReactNodeViewRenderer } from '@tiptap/react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { CaretKeeper } from './caret-keeper';
import { Carets } from './carets';
import { codeBlockNodeView } from './diagrams/code-block-view';
import { ChecklistItemView } from './nodeviews/ChecklistItemView';
import { changeLogNodeView } from './nodeviews/change-log-view';
import { FieldView } from './nodeviews/FieldView';
import type { PresenceUser } from './presence';
import { TabNavigation } from './tab-navigation';

export interface RatifyNodeOptions {
  /** The display name recorded as `changedBy` when this user changes a checklist item. */
  currentUser: string;
}

type Extender = (node: Node) => AnyExtension;

/**
 * The schema's extensions with the web app's node views. The schema itself is unchanged: each
 * node keeps its name, attributes, parsing and commands; only its view differs. Also what a past
 * version is shown with (read-only, no collaboration).
 */
export function reviewNodeExtensions(userName: string): AnyExtension[] {
  const views: Record<string, Extender> = {
    checklistItem: (node) =>
      node.extend<RatifyNodeOptions>({
        addOptions() {
          return { ...this.parent?.(), currentUser: userName };
        },
        addNodeView() {
          return ReactNodeViewRenderer(ChecklistItemView, {
            as: 'li',
            className: 'checklist-item',
          });
        },
        addKeyboardShortcuts() {
          return {
            ...this.parent?.(),
            'Mod-Enter': () => this.editor.commands.cycleChecklistItemState(userName),
          };
        },
      }),
    field: (node) =>
      node.extend({
        addNodeView() {
          return ReactNodeViewRenderer(FieldView, { as: 'div', className: 'field-node' });
        },
      }),
    // Mermaid blocks also show their diagram (the mermaid chunk loads only when one exists).
    codeBlock: (node) =>
      node.extend({
        addNodeView() {
          return codeBlockNodeView;
        },
      }),
    changeLog: (node) =>
      node.extend({
        addNodeView() {
          return changeLogNodeView;
        },
      }),
  };

  return reviewExtensions.map((extension) => {
    const extend = views[extension.name];
    return extend && extension.type === 'node' ? extend(extension as Node) : extension;
  });
}

/** The document's extensions with its node views, plus collaboration and carets. */
export function buildExtensions(options: {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: PresenceUser;
}): AnyExtension[] {
  const { doc, provider, user } = options;
  return [
    ...reviewNodeExtensions(user.name),
    Collaboration.configure({ document: doc, field: YDOC_CONTENT_FIELD }),
    // After Collaboration: corrects the caret y-tiptap restores after a remote change.
    CaretKeeper,
    TabNavigation,
    Carets.configure({ awareness: provider.awareness, user, render: renderCaret }),
  ];
}

/** A remote caret: coloured bar and a name label; text only, never HTML from the peer. */
function renderCaret(peer: PresenceUser, clientId: number): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  const color = peer.color;
  caret.style.borderColor = color;
  // The account id (stamped by the server) and the connection's client id find a peer's caret.
  if (peer.id !== undefined) caret.dataset.userId = peer.id;
  caret.dataset.clientId = String(clientId);
  const label = document.createElement('span');
  label.className = 'remote-caret__label';
  label.style.backgroundColor = color;
  label.textContent = typeof peer.name === 'string' ? peer.name.slice(0, 40) : '';
  label.setAttribute('aria-hidden', 'true');
  caret.append(label);
  return caret;
}
