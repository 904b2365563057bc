import { markdownToDoc, reviewSchema, sectionsOf } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { headingMark, headingMarks, markDecorations } from './heading-marks';
import { type ReviewerStatus, type SectionReview, sectionReviews } from './state';

const status = (over: Partial<ReviewerStatus>): ReviewerStatus => ({
  userId: 'ann',
  verdict: null,
  state: null,
  at: null,
  present: false,
  ...over,
});

const review = (reviewers: ReviewerStatus[], approved = false): SectionReview => ({
  id: 's',
  title: 'S',
  level: 2,
  contentHash: 'h',
  reviewers,
  approved,
  mine: false,
  myStatus: null,
});

describe('heading marks', () => {
  it('says approved, stale, changes requested, or how many signed', () => {
    expect(headingMark(review([]))).toBeNull();
    const approve = status({ verdict: 'approve', state: 'current' });
    expect(headingMark(review([approve], true))?.kind).toBe('approved');
    expect(headingMark(review([approve, status({ verdict: 'approve', state: 'stale' })]))).toEqual({
      kind: 'stale',
      label: 'Sign-off stale',
    });
    expect(
      headingMark(review([status({ verdict: 'changes_requested', state: 'current' })]))?.kind,
    ).toBe('changes');
    expect(headingMark(review([approve, status({ userId: 'bob' })]))).toEqual({
      kind: 'pending',
      label: '1 of 2 signed',
    });
  });

  it('decorates exactly the headings of sections someone must sign', () => {
    const json = markdownToDoc('# Title\n\n## Context\n\nText.\n\n## Risks\n\nMore.\n');
    const doc = reviewSchema.nodeFromJSON(json);
    const sections = sectionsOf(json);
    const reviews = sectionReviews({
      sections,
      reviewers: { document: ['ann'], sections: { [sections[0]?.id ?? '']: [] } },
      records: [],
      presentIds: new Set(),
      selfId: null,
    });
    const set = markDecorations(doc, headingMarks(reviews));
    const found = set.find().map((d) => doc.nodeAt(d.from)?.textContent);
    expect(found).toEqual(['Context', 'Risks']);
  });
});
