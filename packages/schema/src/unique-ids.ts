import { combineTransactionSteps, Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ID_ATTR, ID_NODE_TYPES, newNodeId } from './ids.js';

const idTypes = new Set<string>(ID_NODE_TYPES);

function idsAt(doc: PMNode): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  doc.descendants((node, pos) => {
    const id = node.attrs[ID_ATTR];
    if (idTypes.has(node.type.name) && typeof id === 'string') {
      positions.set(id, [...(positions.get(id) ?? []), pos]);
    }
    return !node.isTextblock;
  });
  return positions;
}

/**
 * UniqueID re-issues ids on paste and split, but content inserted by a command
 * (or dropped from elsewhere) can still copy an id that is in use. After every
 * local change, a copy gets a fresh id and the node that had the id keeps it, so
 * comments and sign-offs stay on the original. Remote Yjs changes are left
 * alone: the sender already made its ids unique.
 */
export const UniqueIdGuard = Extension.create({
  name: 'uniqueIdGuard',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('uniqueIdGuard'),
        appendTransaction: (transactions, oldState, newState) => {
          if (!transactions.some((tr) => tr.docChanged)) return null;
          if (transactions.some((tr) => tr.getMeta('y-sync$'))) return null;
          const duplicates = [...idsAt(newState.doc)].filter(
            ([, positions]) => positions.length > 1,
          );
          if (duplicates.length === 0) return null;

          const back = combineTransactionSteps(oldState.doc, [...transactions]).mapping.invert();
          const tr = newState.tr;
          for (const [id, positions] of duplicates) {
            const original = positions.find((pos) => {
              const mapped = back.mapResult(pos);
              return !mapped.deleted && oldState.doc.nodeAt(mapped.pos)?.attrs[ID_ATTR] === id;
            });
            const keep = original ?? positions[0];
            for (const pos of positions) {
              if (pos === keep) continue;
              const node = tr.doc.nodeAt(pos);
              if (node) tr.setNodeMarkup(pos, undefined, { ...node.attrs, [ID_ATTR]: newNodeId() });
            }
          }
          return tr.setMeta('addToHistory', false);
        },
      }),
    ];
  },
});
