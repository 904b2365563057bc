// Comment drafts (issue 15): what is typed in a comment box survives a reload, and comments
// written while offline are kept on the device, said to be waiting, and posted by themselves,
// once each, when the connection returns.
import { describe, expect, it } from 'vitest';
import { commentsPanel, doubleClickWord, openComments } from './comment-helpers';
import {
  apiFetch,
  caretAtEnd,
  closeAll,
  createDocument,
  hasChromium,
  newUser,
  openDocument,
  SLOW_MS,
  seriousAxeViolations,
  share,
  type TestUser,
  useServerAndBrowser,
  waitForConnection,
} from './e2e-helpers';

const MARKDOWN = `# Payments platform review

## Context

We move card payments to the new platform.

## Decision

Use the managed queue for settlement.
`;

describe.skipIf(!hasChromium)('comment drafts', () => {
  const env = useServerAndBrowser();

  it('keeps comments written offline as drafts, posts them when back online, and keeps typed text over a reload', async () => {
    const base = env.server.url;
    let owner: TestUser | undefined;
    let sam: TestUser | undefined;
    try {
      owner = await newUser(env.browser, base, 'Olivia');
      sam = await newUser(env.browser, base, 'Sam');
      const docId = await createDocument(base, { markdown: MARKDOWN }, owner);
      await share(base, docId, sam, 'commenter', owner);
      // The owner opens a thread on Context (over the API) for Sam to reply to.
      const sections = (
        (await (await apiFetch(base, `/api/docs/${docId}/sections`, { as: owner })).json()) as {
          sections: { id: string; title: string }[];
        }
      ).sections;
      const context = sections.find((s) => s.title === 'Context');
      if (!context) throw new Error('no Context section');
      const created = await apiFetch(base, `/api/docs/${docId}/comments`, {
        method: 'POST',
        as: owner,
        body: { sectionId: context.id, body: 'Is the platform ready?' },
      });
      expect(created.status).toBe(201);

      await openDocument(owner.page, docId);
      await openComments(owner.page);
      await sam.page.goto(`/d/${docId}`);
      await sam.page.locator('.review-doc').waitFor({ timeout: SLOW_MS });
      await waitForConnection(sam.page, 'live');

      // Half a reply and half a new comment, then a reload: both boxes come back with the text.
      await openComments(sam.page);
      const thread = commentsPanel(sam.page).locator('.comment-thread', {
        hasText: 'Is the platform ready?',
      });
      await thread.waitFor({ timeout: SLOW_MS });
      await thread.getByRole('textbox', { name: 'Reply' }).fill('Half a thought');
      const decision = sam.page.locator('.review-doc p', { hasText: 'Use the managed queue' });
      await doubleClickWord(sam.page, decision, 'queue');
      await sam.page.keyboard.press('Control+Alt+KeyM');
      const draft = commentsPanel(sam.page).getByRole('region', { name: 'New comment' });
      await draft.getByRole('textbox', { name: 'Your comment' }).fill('Which queue, exactly?');
      await sam.page.reload();
      await waitForConnection(sam.page, 'live');
      const newBox = commentsPanel(sam.page)
        .getByRole('region', { name: 'New comment' })
        .getByRole('textbox', { name: 'Your comment' });
      await expect
        .poll(() => newBox.inputValue(), { timeout: SLOW_MS })
        .toBe('Which queue, exactly?');
      const restored = commentsPanel(sam.page).getByRole('region', { name: 'New comment' });
      expect(await restored.textContent()).toContain('Decision');
      expect(await restored.locator('.comment-quote').textContent()).toBe('queue');
      const replyBox = thread.getByRole('textbox', { name: 'Reply' });
      await expect.poll(() => replyBox.inputValue(), { timeout: SLOW_MS }).toBe('Half a thought');

      // Offline: both are kept on this device, and say so.
      await sam.context.setOffline(true);
      await waitForConnection(sam.page, 'offline');
      await commentsPanel(sam.page)
        .getByRole('region', { name: 'New comment' })
        .getByRole('button', { name: 'Comment' })
        .click();
      await replyBox.fill('Half a thought, now whole.');
      await thread.getByRole('button', { name: 'Reply' }).click();
      const outbox = commentsPanel(sam.page).getByRole('region', { name: 'Not posted yet' });
      await outbox.waitFor({ timeout: SLOW_MS });
      expect(await outbox.textContent()).toContain('Which queue, exactly?');
      expect(await outbox.textContent()).toContain('Will be posted when you are back online');
      const pendingReply = thread.locator('.comment--draft');
      expect(await pendingReply.textContent()).toContain('Half a thought, now whole.');
      expect(await pendingReply.textContent()).toContain('Will be posted when you are back online');
      await expect
        .poll(() => sam?.page.locator('.comments-toggle').textContent())
        .toContain('2 drafts not posted yet');
      expect(await seriousAxeViolations(sam.page)).toEqual([]);

      // Back online: posted by themselves, once each, and the owner sees them live.
      await sam.context.setOffline(false);
      await waitForConnection(sam.page, 'live');
      await outbox.waitFor({ state: 'detached', timeout: SLOW_MS });
      await pendingReply.waitFor({ state: 'detached', timeout: SLOW_MS });
      const ownerThreads = commentsPanel(owner.page);
      const posted = ownerThreads.locator('.comment-thread', { hasText: 'Which queue, exactly?' });
      await posted.waitFor({ timeout: SLOW_MS });
      // Its anchor came along: the quote, highlighted in the owner's document.
      expect(await posted.locator('.comment-quote').textContent()).toBe('queue');
      await expect
        .poll(() => owner?.page.locator('.review-doc .comment-highlight').textContent(), {
          timeout: SLOW_MS,
        })
        .toBe('queue');
      await ownerThreads
        .locator('.comment', { hasText: 'Half a thought, now whole.' })
        .waitFor({ timeout: SLOW_MS });
      const stored = (await (
        await apiFetch(base, `/api/docs/${docId}/comments`, { as: owner })
      ).json()) as { threads: { comments: { body: string; authorId: string }[] }[] };
      const bySam = stored.threads
        .flatMap((t) => t.comments)
        .filter((c) => c.authorId === sam?.user.id);
      expect(bySam.map((c) => c.body).sort()).toEqual([
        'Half a thought, now whole.',
        'Which queue, exactly?',
      ]);
      // Nothing is left on the device.
      expect(
        await sam.page.evaluate(
          (key) => window.localStorage.getItem(key),
          `ratify:comment-drafts:${docId}:${sam.user.id}`,
        ),
      ).toBeNull();

      // The heading's thread count is no obstacle to typing at the end of the heading.
      const heading = owner.page.locator('.review-doc h2', { hasText: 'Context' });
      await expect
        .poll(() => heading.locator('.heading-threads').getAttribute('data-count'))
        .toBe('1');
      await caretAtEnd(heading);
      await owner.page.keyboard.type(' notes');
      await expect.poll(() => heading.textContent(), { timeout: SLOW_MS }).toBe('Context notes');
      expect(await heading.locator('.heading-threads').count()).toBe(1);

      expect(owner.errors).toEqual([]);
      expect(sam.errors).toEqual([]);
    } finally {
      await closeAll(owner?.context, sam?.context);
    }
  });
});
