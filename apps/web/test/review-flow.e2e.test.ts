// A whole review in three browsers (issue 15): the owner names two reviewers and calls a round;
// one reviewer comments on a word and @mentions the other, who gets the bell notification live,
// follows it to the thread and replies; the thread is read and resolved; the owner makes the
// next approval a major version; both approve every section and the document turns Approved
// with its change-log row in every window; an edit makes the sign-offs on that section stale
// everywhere with what changed shown; the owner's bell has the approval.
// One-word names: the presence avatars show initials, which axe wants inside their labels.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  bellButton,
  bellItem,
  bellPanel,
  bellUnread,
  commentsPanel,
  doubleClickWord,
  openBell,
  threadOf,
} from './comment-helpers';
import {
  apiFetch,
  caretAtEnd,
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  RESULTS_DIR,
  SLOW_MS,
  seriousAxeViolations,
  share,
  type TestUser,
  useServerAndBrowser,
  waitForConnection,
} from './e2e-helpers';
import { openPanel, panel, section } from './signoff-helpers';

// A change log that already has a 1.0: the next approval is 1.1, or 2.0 as a major step.
const MARKDOWN = `# Payments platform review

## Context

We move card payments to the new platform.

## Decision

Use the managed queue for settlement.

## Change log

| Date | Version | Changes | Approved By |
|---|---|---|---|
| 2026-01-10 | 1.0 | First draft | Olivia |
`;

const TITLES = ['Payments platform review', 'Context', 'Decision', 'Change log'];

async function shot(locator: ReturnType<Page['locator']>, name: string) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await locator.screenshot({ path: path.join(RESULTS_DIR, name) });
}

/** Every section approved, with both reviewers' approvals current. */
const allApproved = (page: Page) =>
  panel(page).evaluate((root, titles) => {
    const sections = [...root.querySelectorAll<HTMLElement>('.signoff-section')];
    return (
      sections.length === titles.length &&
      sections.every(
        (s) =>
          s.dataset.approved === 'true' &&
          [...s.querySelectorAll<HTMLElement>('.signoff-reviewer')].every(
            (r) => r.dataset.verdict === 'approve' && r.dataset.state === 'current',
          ),
      )
    );
  }, TITLES);

describe.skipIf(!hasChromium)('a review from round to approval', () => {
  const env = useServerAndBrowser();

  it('rounds, comments with a mention, notifications, approval, a major version and stale diffs', async () => {
    const base = env.server.url;
    const opened: TestUser[] = [];
    const user = async (name: string) => {
      const u = await newUser(env.browser, base, name);
      opened.push(u);
      return u;
    };
    try {
      const owner = await user('Olivia');
      const rita = await user('Rita');
      const sam = await user('Sam');
      const everyone = [owner, rita, sam];
      const docId = await createDocument(base, { markdown: MARKDOWN }, owner);
      await share(base, docId, [rita, sam], 'editor', owner);
      for (const u of everyone) await openDocument(u.page, docId);

      // The owner names both reviewers and calls a round; both reviewers are prompted.
      await openPanel(owner.page);
      for (const name of ['Rita', 'Sam']) {
        await panel(owner.page)
          .getByRole('checkbox', { name: new RegExp(name) })
          .check();
      }
      await panel(owner.page).getByRole('button', { name: 'Save reviewers' }).click();
      await expect
        .poll(() => panel(owner.page).locator('.signoff-status').getAttribute('data-state'), {
          timeout: SLOW_MS,
        })
        .toBe('in_review');
      await panel(owner.page).getByRole('button', { name: 'Call a sign-off round' }).click();
      for (const reviewer of [rita, sam]) {
        const prompt = reviewer.page.getByRole('region', { name: 'Sign-off round' });
        await prompt.waitFor({ timeout: SLOW_MS });
        for (const title of TITLES) expect(await prompt.textContent()).toContain(title);
        // Being named a reviewer (and the round) reached the bell too.
        await openBell(reviewer.page);
        await bellItem(reviewer.page, 'signoff_request', 'called a sign-off round').waitFor({
          timeout: SLOW_MS,
        });
        await reviewer.page.keyboard.press('Escape');
        await bellPanel(reviewer.page).waitFor({ state: 'hidden' });
      }
      // Rita follows the round's notification: it opens the sign-off panel.
      await openBell(rita.page);
      await bellItem(rita.page, 'signoff_request', 'called a sign-off round')
        .getByRole('link')
        .click();
      await panel(rita.page).waitFor({ timeout: SLOW_MS });
      expect(rita.page.url()).toMatch(/#signoff$/);
      await expect
        .poll(
          () =>
            bellItem(rita.page, 'signoff_request', 'called a sign-off round').getAttribute(
              'data-read',
            ),
          { timeout: SLOW_MS },
        )
        .toBe('true');

      // Rita comments on "card" and mentions Sam through the autocomplete.
      const ritaParagraph = rita.page.locator('.review-doc p', { hasText: 'card payments' });
      await doubleClickWord(rita.page, ritaParagraph, 'card');
      await rita.page.keyboard.press('Control+Alt+KeyM');
      const draft = commentsPanel(rita.page).getByRole('region', { name: 'New comment' });
      await draft.waitFor({ timeout: SLOW_MS });
      const box = draft.getByRole('textbox', { name: 'Your comment' });
      await box.pressSequentially('Does this cover refunds, @Sa');
      const option = commentsPanel(rita.page).getByRole('option', { name: 'Sam' });
      await option.waitFor({ timeout: SLOW_MS });
      expect(await seriousAxeViolations(rita.page)).toEqual([]);
      await rita.page.keyboard.press('Enter');
      await option.waitFor({ state: 'detached' });
      await box.pressSequentially('?');
      expect(await box.inputValue()).toBe('Does this cover refunds, @Sam ?');
      await draft.getByRole('button', { name: 'Comment' }).click();
      const ritaThread = threadOf(rita.page, 'card');
      await ritaThread.waitFor({ timeout: SLOW_MS });
      const chip = ritaThread.locator('.comment__body .mention');
      expect(await chip.textContent()).toBe('@Sam');
      expect(await chip.getAttribute('data-user-id')).toBe(sam.user.id);

      // The open thread is counted beside the heading and in the outline, in every window.
      for (const u of everyone) {
        const heading = u.page.locator('.review-doc h2', { hasText: 'Context' });
        await expect
          .poll(() => heading.locator('.heading-threads').getAttribute('data-count'), {
            timeout: SLOW_MS,
          })
          .toBe('1');
        // A decoration: the heading's text is unchanged.
        expect(await heading.textContent()).toBe('Context');
        await expect
          .poll(() => u.page.locator('.outline .outline__threads').textContent(), {
            timeout: SLOW_MS,
          })
          .toContain('1 open comment thread');
      }

      mkdirSync(RESULTS_DIR, { recursive: true });
      await rita.page.screenshot({ path: path.join(RESULTS_DIR, 'review-flow-editor.png') });

      // Sam's bell says so at once; he follows the notification to the thread and replies.
      await expect.poll(() => bellItemCount(sam.page, 'mention'), { timeout: SLOW_MS }).toBe(1);
      await expect
        .poll(() => sam.page.locator('.comments-toggle').textContent(), { timeout: SLOW_MS })
        .toContain('1 unread');
      await openBell(sam.page);
      const mention = bellItem(sam.page, 'mention', 'Rita');
      await mention.waitFor({ timeout: SLOW_MS });
      expect(await mention.getAttribute('data-read')).toBe('false');
      expect(await mention.textContent()).toContain('mentioned you');
      expect(await mention.textContent()).toContain('@Sam');
      expect(await seriousAxeViolations(sam.page)).toEqual([]);
      await shot(bellPanel(sam.page), 'notifications-popover.png');
      const unreadBefore = await bellUnread(sam.page);
      await mention.getByRole('link').click();
      await expect.poll(() => sam.page.url()).toMatch(/#thread-/);
      const samThread = threadOf(sam.page, 'card');
      await samThread.waitFor({ timeout: SLOW_MS });
      await expect
        .poll(() => samThread.getAttribute('data-focused'), { timeout: SLOW_MS })
        .toBe('true');
      // Opening it read it: the thread and the notification.
      await expect
        .poll(() => samThread.getAttribute('data-unread'), { timeout: SLOW_MS })
        .toBeNull();
      await expect.poll(() => bellUnread(sam.page), { timeout: SLOW_MS }).toBe(unreadBefore - 1);
      await samThread.getByRole('textbox', { name: 'Reply' }).fill('Yes, refunds are in scope.');
      await samThread.getByRole('button', { name: 'Reply' }).click();

      // Rita sees the reply live, unread until she opens the thread; then she resolves it.
      const reply = ritaThread.locator('.comment').nth(1);
      await reply.waitFor({ timeout: SLOW_MS });
      expect(await reply.locator('.comment__author').textContent()).toBe('Sam');
      await expect
        .poll(() => ritaThread.getAttribute('data-unread'), { timeout: SLOW_MS })
        .toBe('true');
      expect(await commentsPanel(rita.page).locator('h2').textContent()).toContain('1 unread');
      await expect.poll(() => bellItemCount(rita.page, 'reply'), { timeout: SLOW_MS }).toBe(1);
      expect(await seriousAxeViolations(rita.page)).toEqual([]);
      await shot(commentsPanel(rita.page), 'review-flow-comments-panel.png');
      await ritaThread.locator('.comment__body').first().click();
      await expect.poll(() => ritaThread.getAttribute('data-unread')).toBeNull();
      expect(await commentsPanel(rita.page).locator('h2').textContent()).toBe('Comments');
      // The server keeps it read: a fresh load agrees.
      const comments = (await (
        await apiFetch(base, `/api/docs/${docId}/comments`, { as: rita })
      ).json()) as { threads: { id: string }[]; reads: Record<string, string> };
      const threadId = comments.threads[0]?.id ?? '';
      expect(Object.keys(comments.reads)).toContain(threadId);
      await ritaThread.getByRole('button', { name: 'Resolve' }).click();
      for (const u of everyone) {
        await expect
          .poll(() => u.page.locator('.review-doc .heading-threads').count(), {
            timeout: SLOW_MS,
          })
          .toBe(0);
      }

      // The owner makes the next approval a major version; everyone sees it.
      await openPanel(owner.page);
      const next = (page: Page) => panel(page).getByTestId('next-version');
      expect(await next(owner.page).textContent()).toBe('Next approval: v1.1');
      for (const reviewer of [rita, sam]) await openPanel(reviewer.page);
      await panel(owner.page).getByRole('checkbox', { name: 'Major version' }).check();
      for (const u of everyone) {
        await expect
          .poll(() => next(u.page).textContent(), { timeout: SLOW_MS })
          .toBe('Next approval: v2.0');
      }
      expect(await panel(rita.page).getByRole('checkbox', { name: 'Major version' }).count()).toBe(
        0,
      );

      // Sam requests changes on the Decision, with a comment: it opens a thread there.
      await section(sam.page, 'Decision').getByRole('button', { name: 'Request changes' }).click();
      const dialog = sam.page.getByRole('dialog', { name: 'Request changes on “Decision”' });
      await dialog.waitFor({ timeout: SLOW_MS });
      await dialog.getByRole('textbox', { name: 'What should change?' }).fill('Name the queue.');
      expect(await seriousAxeViolations(sam.page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Request changes' }).click();
      await dialog.waitFor({ state: 'detached', timeout: SLOW_MS });
      for (const u of everyone) {
        await expect
          .poll(
            () =>
              section(u.page, 'Decision')
                .locator(`.signoff-reviewer[data-user-id="${sam.user.id}"]`)
                .getAttribute('data-verdict'),
            { timeout: SLOW_MS },
          )
          .toBe('changes_requested');
        await expect
          .poll(
            () =>
              u.page
                .locator('.review-doc h2', { hasText: 'Decision' })
                .locator('.heading-threads')
                .getAttribute('data-count'),
            { timeout: SLOW_MS },
          )
          .toBe('1');
      }
      const requested = (await (
        await apiFetch(base, `/api/docs/${docId}/comments`, { as: owner })
      ).json()) as { threads: { authorId: string; comments: { body: string }[] }[] };
      expect(
        requested.threads
          .filter((t) => t.authorId === sam.user.id)
          .map((t) => t.comments.map((c) => c.body)),
      ).toEqual([['Name the queue.']]);

      // Both approve every section: Approved v2.0, and the change-log row, in all three windows.
      for (const reviewer of [rita, sam]) {
        await openPanel(reviewer.page);
        await panel(reviewer.page)
          .getByRole('button', { name: /^Approve all my sections/ })
          .click();
        await panel(reviewer.page)
          .getByRole('button', { name: /^Approve all my sections/ })
          .waitFor({ state: 'detached', timeout: SLOW_MS });
      }
      for (const u of everyone) {
        await openPanel(u.page);
        await expect.poll(() => allApproved(u.page), { timeout: SLOW_MS }).toBe(true);
        await expect
          .poll(() => panel(u.page).locator('.signoff-status__state').textContent(), {
            timeout: SLOW_MS,
          })
          .toMatch(/^Approved v2\.0 by (Rita, Sam|Sam, Rita)$/);
        const row = u.page.locator('.review-doc [data-type="change-log-row"]', {
          hasText: '2.0',
        });
        await expect.poll(() => row.count(), { timeout: SLOW_MS }).toBe(1);
        expect(await row.textContent()).toMatch(/Rita/);
        // Back to a minor step after the approval.
        await expect
          .poll(() => next(u.page).textContent(), { timeout: SLOW_MS })
          .toBe('Next approval: v2.1');
      }

      // Sam edits the Decision: its sign-offs go stale in every window, with what changed.
      await caretAtEnd(sam.page.locator('.review-doc p', { hasText: 'Use the managed queue' }));
      await sam.page.keyboard.type(' With retries.');
      for (const u of everyone) {
        const decision = section(u.page, 'Decision');
        await expect
          .poll(() => decision.locator('.signoff-reviewer[data-state="stale"]').count(), {
            timeout: SLOW_MS,
          })
          .toBe(2);
        const added = decision.locator('.signoff-diff__line[data-kind="added"]');
        await expect
          .poll(() => added.allTextContents(), { timeout: SLOW_MS })
          .toEqual(['+Added: Use the managed queue for settlement. With retries.']);
        expect(
          await decision.locator('.signoff-diff__line[data-kind="removed"]').allTextContents(),
        ).toEqual(['−Removed: Use the managed queue for settlement.']);
        expect(await decision.locator('.signoff-changes summary').textContent()).toMatch(
          /^Changed since (Rita, Sam|Sam, Rita) signed/,
        );
        expect(await section(u.page, 'Context').getAttribute('data-approved')).toBe('true');
        await expect
          .poll(() => panel(u.page).locator('.signoff-status').getAttribute('data-state'), {
            timeout: SLOW_MS,
          })
          .toBe('in_review');
      }
      expect(await seriousAxeViolations(owner.page)).toEqual([]);
      await shot(panel(owner.page), 'review-flow-signoff-panel.png');

      // The owner's bell has the approval, kept until read (a reload still shows it).
      await expect.poll(() => bellItemCount(owner.page, 'approval'), { timeout: SLOW_MS }).toBe(1);
      await owner.page.reload();
      await waitForConnection(owner.page, 'live');
      await openBell(owner.page);
      const approval = bellItem(owner.page, 'approval', 'Approved as v2.0 by');
      await approval.waitFor({ timeout: SLOW_MS });
      expect(await approval.getAttribute('data-read')).toBe('false');
      expect(await seriousAxeViolations(owner.page)).toEqual([]);
      await shot(bellPanel(owner.page), 'review-flow-bell-owner.png');
      await bellPanel(owner.page).getByRole('button', { name: 'Mark all read' }).click();
      await expect.poll(() => bellUnread(owner.page), { timeout: SLOW_MS }).toBe(0);
      expect(await bellButton(owner.page).getAttribute('aria-label')).toBe('Notifications');
      const after = (await (
        await apiFetch(base, '/api/notifications?unread=1', { as: owner })
      ).json()) as { unread: number };
      expect(after.unread).toBe(0);

      for (const u of everyone) expect(u.errors).toEqual([]);
    } finally {
      await closeAll(...opened.map((u) => u.context));
    }
  });
});

/** How many of the bell's notifications of this kind the page has (the popover may be shut). */
function bellItemCount(page: Page, kind: string): Promise<number> {
  return page.locator(`.bell__item[data-kind="${kind}"]`).count();
}
