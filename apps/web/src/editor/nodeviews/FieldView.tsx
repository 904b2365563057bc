import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';

/** A labelled field: the label is fixed (not editable text); the value is the node's content. */
export function FieldView({ node }: ReactNodeViewProps) {
  const label = typeof node.attrs.label === 'string' ? node.attrs.label : '';
  const placeholder =
    typeof node.attrs.placeholder === 'string' && node.attrs.placeholder
      ? node.attrs.placeholder
      : 'Add a value';
  const empty = node.content.size === 0;
  return (
    <NodeViewWrapper className="field" data-empty={empty ? 'true' : 'false'}>
      <span className="field__label" contentEditable={false}>
        {label}:
      </span>
      <NodeViewContent className="field__value" data-placeholder={placeholder} />
    </NodeViewWrapper>
  );
}
