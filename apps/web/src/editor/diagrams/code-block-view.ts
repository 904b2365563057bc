import type { NodeViewRendererProps } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import { subscribeTheme } from '../../theme';
import { isMermaidLanguage, pageDiagramTheme, renderMermaid } from './mermaid';

/** Re-render this long after the last change to a diagram's source. */
export const DIAGRAM_DEBOUNCE_MS = 400;

/**
 * A code block. In `mermaid` it also shows the drawn diagram beside its source, which stays the
 * editable text (the document keeps the source only). The diagram is redrawn a moment after the
 * source stops changing, and when the colour theme changes; a source Mermaid cannot draw shows
 * the reason instead of a diagram. In the dark theme it is also drawn in the light one, for
 * printing (print.css shows that copy on paper).
 */
export function codeBlockNodeView({ node: initial }: NodeViewRendererProps): NodeView {
  let node = initial;
  const dom = document.createElement('div');
  dom.className = 'code-block';
  const pre = document.createElement('pre');
  pre.className = 'code-block__source';
  const code = document.createElement('code');
  pre.append(code);
  dom.append(pre);

  let diagram: HTMLElement | null = null;
  let renderedSource: string | null = null;
  let timer: number | undefined;
  let generation = 0;
  let unsubscribeTheme: (() => void) | null = null;

  const render = async () => {
    timer = undefined;
    const target = diagram;
    if (!target) return;
    const source = node.textContent;
    renderedSource = source;
    const mine = ++generation;
    if (!source.trim()) {
      show(target, 'empty', 'Type a Mermaid diagram in the block to see it drawn here.');
      return;
    }
    target.setAttribute('aria-busy', 'true');
    const theme = pageDiagramTheme();
    const result = await renderMermaid(source, theme);
    const forPrint =
      theme === 'dark' && 'svg' in result ? await renderMermaid(source, 'default') : null;
    // A newer source (or a destroyed view) wins over a render that finished late.
    if (mine !== generation || diagram !== target) return;
    target.removeAttribute('aria-busy');
    if ('svg' in result) {
      const figure = target.querySelector('.mermaid-block__diagram') as HTMLElement;
      const screen = document.createElement('div');
      screen.className = 'mermaid-block__screen';
      // Mermaid's own output in strict mode: sanitized SVG, no scripts or event handlers.
      screen.innerHTML = result.svg;
      figure.replaceChildren(screen);
      if (forPrint && 'svg' in forPrint) {
        const paper = document.createElement('div');
        paper.className = 'mermaid-block__print';
        paper.innerHTML = forPrint.svg;
        figure.append(paper);
      }
      target.querySelector('.mermaid-block__message')?.replaceChildren();
      dom.dataset.diagram = 'ok';
    } else {
      show(target, 'error', `The diagram cannot be drawn: ${result.error}`);
    }
  };

  const show = (target: HTMLElement, state: 'empty' | 'error', text: string) => {
    target.querySelector('.mermaid-block__diagram')?.replaceChildren();
    const message = target.querySelector('.mermaid-block__message');
    if (message) message.textContent = text;
    dom.dataset.diagram = state;
  };

  const schedule = (delay: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void render(), delay);
  };

  const sync = () => {
    const language = typeof node.attrs.language === 'string' ? node.attrs.language : '';
    const className = language ? `language-${language}` : '';
    if (code.className !== className) code.className = className;
    if (isMermaidLanguage(language)) {
      if (!diagram) {
        dom.classList.add('mermaid-block');
        diagram = document.createElement('div');
        diagram.className = 'mermaid-block__preview';
        diagram.contentEditable = 'false';
        diagram.setAttribute('role', 'figure');
        diagram.setAttribute('aria-label', 'Diagram drawn from the Mermaid source');
        const figure = document.createElement('div');
        figure.className = 'mermaid-block__diagram';
        const message = document.createElement('p');
        message.className = 'mermaid-block__message';
        message.setAttribute('role', 'status');
        diagram.append(figure, message);
        dom.append(diagram);
        unsubscribeTheme = subscribeTheme(() => schedule(0));
        schedule(0);
      } else if (node.textContent !== renderedSource) {
        schedule(DIAGRAM_DEBOUNCE_MS);
      }
    } else if (diagram) {
      diagram.remove();
      diagram = null;
      generation++;
      window.clearTimeout(timer);
      unsubscribeTheme?.();
      unsubscribeTheme = null;
      dom.classList.remove('mermaid-block');
      delete dom.dataset.diagram;
    }
  };
  sync();

  return {
    dom,
    contentDOM: code,
    update(next: PMNode) {
      if (next.type !== node.type) return false;
      node = next;
      sync();
      return true;
    },
    ignoreMutation(mutation: ViewMutationRecord) {
      if (mutation.type === 'selection') return false;
      if (diagram?.contains(mutation.target)) return true;
      return mutation.target === dom && mutation.type === 'attributes';
    },
    stopEvent(event: Event) {
      return !!diagram && event.target instanceof Node && diagram.contains(event.target);
    },
    destroy() {
      window.clearTimeout(timer);
      generation++;
      unsubscribeTheme?.();
      diagram = null;
    },
  };
}
