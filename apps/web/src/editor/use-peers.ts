import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useState } from 'react';
import { caretPosition } from './carets';
import type { CollabSession } from './collab';
import { onceAFrame } from './frame';
import type { OutlineEntry } from './outline';
import { type Peer, peersFrom, samePeers } from './presence';

/**
 * Everyone in the document, for the presence bar and the outline. Awareness changes arrive many
 * times a second in a crowd (every caret move): they are read at most once per animation frame,
 * and the editor re-renders only when who is here, where, or away changed.
 */
export function usePeers(session: CollabSession): Peer[] {
  const { awareness } = session.provider;
  const [peers, setPeers] = useState<Peer[]>(() =>
    peersFrom(awareness.getStates(), awareness.clientID),
  );
  useEffect(() => {
    const read = () => {
      const next = peersFrom(awareness.getStates(), awareness.clientID);
      setPeers((current) => (samePeers(current, next) ? current : next));
    };
    const frame = onceAFrame(read);
    awareness.on('change', frame.request);
    read();
    return () => {
      awareness.off('change', frame.request);
      frame.cancel();
    };
  }, [awareness]);
  return peers;
}

/**
 * The presence list's "go to": scroll to a peer's caret and flash it. Only carets near the
 * screen are drawn (carets.ts), so it scrolls to where the caret is and flashes it once drawn;
 * a peer without a caret is found by its section.
 */
export function useScrollToPeer({
  editor,
  session,
  outline,
  scrollToSection,
}: {
  editor: Editor;
  session: CollabSession;
  outline: OutlineEntry[];
  scrollToSection: (entry: OutlineEntry) => void;
}): (peer: Peer) => void {
  return useCallback(
    (peer: Peer) => {
      // Only carets near the screen are drawn (carets.ts): scroll to where the peer's caret is,
      // then flash it once it is drawn there.
      const pos = peer.isSelf
        ? null
        : caretPosition(editor.view, session.provider.awareness, peer.clientId);
      if (pos !== null) {
        const flash = (caret: HTMLElement) => {
          caret.classList.add('remote-caret--flash');
          window.setTimeout(() => caret.classList.remove('remote-caret--flash'), 1500);
        };
        // Carets are drawn in an overlay beside the document, in the editor's container.
        const find = () =>
          (editor.view.dom.parentElement ?? document).querySelector<HTMLElement>(
            `.remote-caret[data-client-id="${peer.clientId}"]`,
          );
        const drawn = find();
        if (drawn) {
          drawn.scrollIntoView({ block: 'center', behavior: 'smooth' });
          flash(drawn);
          return;
        }
        const { node } = editor.view.domAtPos(pos);
        const element = node instanceof Element ? node : node.parentElement;
        element?.scrollIntoView({ block: 'center' });
        // The scroll draws the carets now in range, in the next frame or two.
        let frames = 0;
        const wait = () => {
          const caret = find();
          if (caret) flash(caret);
          else if (++frames < 30) window.requestAnimationFrame(wait);
        };
        window.requestAnimationFrame(wait);
        return;
      }
      if (peer.isSelf) {
        editor.commands.focus(undefined, { scrollIntoView: true });
        return;
      }
      const entry = outline.find((e) => e.id === peer.sectionId);
      if (entry) scrollToSection(entry);
    },
    [editor, session, outline, scrollToSection],
  );
}
