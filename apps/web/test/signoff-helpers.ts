// Helpers of signoff.e2e.test.ts: the test document, and reading the sign-off panel.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { apiFetch, RESULTS_DIR, SLOW_MS, type TestUser } from './e2e-helpers';

export const MARKDOWN = `# Payments platform review

## Context

We move card payments to the new platform.

## Decision

Use the managed queue for settlement.

## Risks

Vendor lock-in for the queue.

## Change log

| Date | Version | Changes | Approved By |
|---|---|---|---|
`;

export const TITLES = ['Payments platform review', 'Context', 'Decision', 'Risks', 'Change log'];

export const panel = (page: Page) => page.locator('#signoff-panel');
export const section = (page: Page, title: string) =>
  panel(page).locator('.signoff-section', {
    has: page.locator('.signoff-section__title', { hasText: title }),
  });

export async function openPanel(page: Page) {
  const toggle = page.getByRole('button', { name: /^Sign-off/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await panel(page).waitFor({ timeout: SLOW_MS });
  await panel(page).locator('.signoff-status__state', { hasNotText: 'Loading' }).waitFor();
}

/** Every section's sign-offs as [title, approved, [verdict/state per reviewer]]. */
const panelState = (page: Page) =>
  panel(page).evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>('.signoff-section')].map((s) => [
      s.querySelector('.signoff-section__title')?.firstChild?.textContent ?? '',
      s.dataset.approved,
      [...s.querySelectorAll<HTMLElement>('.signoff-reviewer')].map(
        (r) => `${r.dataset.verdict}/${r.dataset.state}`,
      ),
    ]),
  );

export const allApprovedCurrent = async (page: Page) => {
  const state = await panelState(page);
  return (
    state.length === TITLES.length &&
    state.every(
      ([, approved, reviewers]) =>
        approved === 'true' &&
        (reviewers as string[]).length === 2 &&
        (reviewers as string[]).every((r) => r === 'approve/current'),
    )
  );
};

/** The sign-off marker of each section heading in the document, in order. */
export const headingMarks = (page: Page) =>
  page
    .locator('.review-doc')
    .evaluate((doc) =>
      [...doc.querySelectorAll<HTMLElement>('h1, h2, h3, h4')].map((h) => h.dataset.signoff),
    );

export async function screenshot(page: Page, name: string) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await panel(page).screenshot({ path: path.join(RESULTS_DIR, `signoff-${name}.png`) });
}

/** Who the server says has the document open now. */
export async function presentNames(base: string, docId: string, as: TestUser): Promise<string[]> {
  const body = (await (await apiFetch(base, '/api/docs', { as })).json()) as {
    docs: { id: string; present?: { name: string }[] }[];
  };
  return (body.docs.find((d) => d.id === docId)?.present ?? []).map((p) => p.name);
}
