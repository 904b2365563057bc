import type { Reviewers } from '@ratify/schema';
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Member } from '../api-sharing';
import type { ReviewModel } from './use-review';

function sameReviewers(a: Reviewers, b: Reviewers): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((id) => y.includes(id));
  const keys = new Set([...Object.keys(a.sections), ...Object.keys(b.sections)]);
  return (
    same(a.document, b.document) &&
    [...keys].every((key) => {
      const x = a.sections[key];
      const y = b.sections[key];
      return x !== undefined && y !== undefined && same(x, y);
    })
  );
}

const toggled = (ids: readonly string[], userId: string, on: boolean) =>
  on ? [...new Set([...ids, userId])] : ids.filter((id) => id !== userId);

/**
 * The owner's controls: who reviews every section (members as checkboxes), sections that name
 * their own reviewers instead, and calling or ending a sign-off round.
 */
export function ReviewersEditor({ model }: { model: ReviewModel }) {
  const headingId = useId();
  const [draft, setDraft] = useState<Reviewers>(model.reviewers);
  // The server's list replaces the draft whenever it changes (a save, another owner's push).
  useEffect(() => setDraft(model.reviewers), [model.reviewers]);
  const { refreshMembers } = model;
  useEffect(() => refreshMembers(), [refreshMembers]);
  const changed = !sameReviewers(draft, model.reviewers);
  const members = model.members;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!model.busy) void model.saveReviewers(draft);
  };

  const setSection = (sectionId: string, ids: string[] | null) =>
    setDraft((prev) => {
      const sections = { ...prev.sections };
      if (ids === null) delete sections[sectionId];
      else sections[sectionId] = ids;
      return { ...prev, sections };
    });

  return (
    <section className="signoff-owner" aria-labelledby={headingId}>
      <h3 id={headingId} className="signoff-owner__title">
        Reviewers and rounds
      </h3>
      <form onSubmit={save}>
        <MemberChecks
          legend="Reviewers of every section"
          members={members}
          chosen={draft.document}
          onToggle={(userId, on) =>
            setDraft((prev) => ({ ...prev, document: toggled(prev.document, userId, on) }))
          }
        />
        <details className="signoff-overrides">
          <summary>Per-section reviewers</summary>
          {model.sections.map((section) => {
            const own = draft.sections[section.id];
            const title = section.title || 'Untitled section';
            return (
              <div key={section.id} className="signoff-override">
                <label className="signoff-member">
                  <input
                    type="checkbox"
                    checked={own === undefined}
                    onChange={(event) =>
                      setSection(section.id, event.target.checked ? null : [...draft.document])
                    }
                  />
                  {title}: the reviewers of every section
                </label>
                {own !== undefined && (
                  <MemberChecks
                    legend={`Reviewers of ${title}`}
                    members={members}
                    chosen={own}
                    onToggle={(userId, on) => setSection(section.id, toggled(own, userId, on))}
                  />
                )}
              </div>
            );
          })}
        </details>
        {/* Never disabled: focus stays on it after saving. */}
        <button type="submit" className="button button--small">
          Save reviewers
        </button>
        {changed && <span className="muted small"> Not saved yet</span>}
      </form>
      <div className="signoff-owner__round">
        {/* One button whose label follows the round, so focus stays on it. */}
        <button
          type="button"
          className={`button button--small${model.round ? '' : ' button--primary'}`}
          aria-disabled={model.busy}
          onClick={() => {
            if (model.busy) return;
            void (model.round ? model.endRound() : model.callRound());
          }}
        >
          {model.round ? 'End round' : 'Call a sign-off round'}
        </button>
      </div>
    </section>
  );
}

function MemberChecks({
  legend,
  members,
  chosen,
  onToggle,
}: {
  legend: string;
  members: Member[] | null;
  chosen: readonly string[];
  onToggle: (userId: string, on: boolean) => void;
}) {
  return (
    <fieldset className="signoff-members">
      <legend>{legend}</legend>
      {members === null ? (
        <p className="muted small">Loading members…</p>
      ) : (
        members.map((member) => (
          <label key={member.userId} className="signoff-member">
            <input
              type="checkbox"
              checked={chosen.includes(member.userId)}
              onChange={(event) => onToggle(member.userId, event.target.checked)}
            />
            {member.name}
            <span className="muted small"> ({member.role})</span>
          </label>
        ))
      )}
    </fieldset>
  );
}
