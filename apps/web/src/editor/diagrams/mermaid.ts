import { currentTheme } from '../../theme';

/**
 * Mermaid, loaded with a dynamic import the first time a document shows a `mermaid` code block:
 * it is a separate chunk, never part of the editor's own bundle. It always runs with
 * `securityLevel: 'strict'` (labels are text, no click handlers, the SVG is sanitized) and never
 * draws its own error diagram into the page.
 */
type Mermaid = typeof import('mermaid')['default'];

let loading: Promise<Mermaid> | null = null;
let configuredTheme: string | null = null;
let counter = 0;

export function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then((module) => module.default);
  // A failed download may succeed later (offline for a moment): do not cache the failure.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export type DiagramResult = { svg: string } | { error: string };

/** Whether a code block's language asks for a diagram. */
export function isMermaidLanguage(language: unknown): boolean {
  return typeof language === 'string' && language.trim().toLowerCase() === 'mermaid';
}

/** The first line of an error, without Mermaid's long parser dumps. */
export function diagramErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim()) ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export type DiagramTheme = 'default' | 'dark';

/** The Mermaid theme that matches the page's colour theme now. */
export function pageDiagramTheme(): DiagramTheme {
  return currentTheme() === 'dark' ? 'dark' : 'default';
}

export async function renderMermaid(
  source: string,
  theme: DiagramTheme = pageDiagramTheme(),
): Promise<DiagramResult> {
  let mermaid: Mermaid;
  try {
    mermaid = await loadMermaid();
  } catch {
    return { error: 'The diagram renderer could not be loaded (offline?).' };
  }
  if (configuredTheme !== theme) {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      suppressErrorRendering: true,
      theme,
    });
    configuredTheme = theme;
  }
  const id = `ratify-mermaid-${++counter}`;
  try {
    const { svg } = await mermaid.render(id, source);
    return { svg };
  } catch (error) {
    return { error: diagramErrorMessage(error) };
  } finally {
    // Mermaid measures in a temporary element it normally removes; make sure after an error.
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
  }
}
