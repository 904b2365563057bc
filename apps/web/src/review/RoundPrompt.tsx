import { waitingForMe } from './state';
import type { ReviewModel } from './use-review';

/**
 * While a sign-off round is open, a reviewer who is here sees which of their sections wait for
 * them. The live region is always in the page, so the prompt is announced when it appears.
 */
export function RoundPrompt({ model, onOpen }: { model: ReviewModel; onOpen: () => void }) {
  const waiting = model.round && model.connected ? waitingForMe(model.sections) : [];
  return (
    <div aria-live="polite">
      {waiting.length > 0 && (
        <section className="round-prompt" aria-label="Sign-off round">
          <p className="round-prompt__text">
            <strong>A sign-off round is open.</strong>{' '}
            {waiting.length === 1 ? '1 section waits' : `${waiting.length} sections wait`} for your
            sign-off:{' '}
            <span className="round-prompt__sections">
              {waiting.map((s) => s.title || 'Untitled section').join(', ')}
            </span>
          </p>
          <button type="button" className="button button--small" onClick={onOpen}>
            Open sign-off
          </button>
        </section>
      )}
    </div>
  );
}

/** The document bar's button that shows or hides the sign-off panel. */
export function SignoffToggle({
  model,
  open,
  controls,
  onToggle,
}: {
  model: ReviewModel;
  open: boolean;
  controls: string;
  onToggle: () => void;
}) {
  const waiting = waitingForMe(model.sections).length;
  return (
    <button
      type="button"
      className="button button--small signoff-toggle"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      Sign-off
      {waiting > 0 && (
        <span className="signoff-toggle__count">
          <span aria-hidden="true"> {waiting}</span>
          <span className="visually-hidden">, {waiting} waiting for you</span>
        </span>
      )}
    </button>
  );
}
