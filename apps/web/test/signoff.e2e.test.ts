// Per-section sign-off (issue 15) in three browsers: an owner names two reviewers and calls a
// round, both are prompted and approve, every window sees it live; an edit makes the sign-offs
// on that section stale everywhere; a reviewer who is offline cannot sign, in the UI or the API.
// One-word names: the presence avatars show initials, which axe wants inside their labels.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFetch,
  caretAtEnd,
  closeAll,
  createDocument,
  hasChromium,
  launchBrowser,
  newUser,
  openDocument,
  RESULTS_DIR,
  type RunningServer,
  SLOW_MS,
  seriousAxeViolations,
  share,
  startServer,
  type TestUser,
  waitForConnection,
} from './e2e-helpers';
import {
  allApprovedCurrent,
  headingMarks,
  MARKDOWN,
  openPanel,
  panel,
  presentNames,
  screenshot,
  section,
  TITLES,
} from './signoff-helpers';

describe.skipIf(!hasChromium)('per-section sign-off', () => {
  // A quick keep-alive, so the server finds a browser that went offline within a second or two.
  const env = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startServer({ env: { PING_INTERVAL_MS: '500' } });
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });

  it('names reviewers, runs a round, shows approvals and stale sign-offs live, refuses the absent', async () => {
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
      const docId = await createDocument(base, { markdown: MARKDOWN }, owner);
      await share(base, docId, [rita, sam], 'editor', owner);
      const everyone = [owner, rita, sam];
      for (const u of everyone) await openDocument(u.page, docId);

      // The owner names both reviewers for the whole document.
      await openPanel(owner.page);
      const status = panel(owner.page).locator('.signoff-status');
      expect(await status.getAttribute('data-state')).toBe('no_reviewers');
      for (const name of ['Rita', 'Sam']) {
        await panel(owner.page)
          .getByRole('checkbox', { name: new RegExp(name) })
          .check();
      }
      await panel(owner.page).getByRole('button', { name: 'Save reviewers' }).click();
      await expect
        .poll(() => status.getAttribute('data-state'), { timeout: SLOW_MS })
        .toBe('in_review');
      const reviewers = await (
        await apiFetch(base, `/api/docs/${docId}/reviewers`, { as: owner })
      ).json();
      expect(new Set(reviewers.document)).toEqual(new Set([rita.user.id, sam.user.id]));

      // The owner calls a round: both reviewers are prompted with their four sections.
      await panel(owner.page).getByRole('button', { name: 'Call a sign-off round' }).click();
      await panel(owner.page)
        .getByRole('button', { name: 'End round' })
        .waitFor({ timeout: SLOW_MS });
      await panel(owner.page).getByTestId('signoff-round').waitFor();
      for (const reviewer of [rita, sam]) {
        const prompt = reviewer.page.getByRole('region', { name: 'Sign-off round' });
        await prompt.waitFor({ timeout: SLOW_MS });
        const text = await prompt.textContent();
        for (const title of TITLES) {
          expect(text).toContain(title);
        }
      }
      expect(await seriousAxeViolations(rita.page)).toEqual([]);
      // The owner is no reviewer: no prompt there.
      expect(await owner.page.getByRole('region', { name: 'Sign-off round' }).count()).toBe(0);

      // Both approve every section from the prompt.
      for (const reviewer of [rita, sam]) {
        await reviewer.page
          .getByRole('region', { name: 'Sign-off round' })
          .getByRole('button', { name: 'Open sign-off' })
          .click();
        await panel(reviewer.page).waitFor();
        await panel(reviewer.page)
          .getByRole('button', { name: /^Approve all my sections/ })
          .click();
        await reviewer.page
          .getByRole('region', { name: 'Sign-off round' })
          .waitFor({ state: 'detached', timeout: SLOW_MS });
      }
      for (const u of everyone) {
        await openPanel(u.page);
        await expect.poll(() => allApprovedCurrent(u.page), { timeout: SLOW_MS }).toBe(true);
        // The headings in the document say so too.
        await expect
          .poll(() => headingMarks(u.page), { timeout: SLOW_MS })
          .toEqual(TITLES.map(() => 'approved'));
      }

      // The approval, when this server records one: "Approved vN by …" in every window, and a
      // change-log row the server wrote into the document.
      const approved = await expect
        .poll(() => status.getAttribute('data-state'), { timeout: SLOW_MS })
        .toBe('approved')
        .then(
          () => true,
          () => false,
        );
      if (!approved) {
        const endpoint = await apiFetch(base, `/api/docs/${docId}/approval`, { as: owner });
        expect(endpoint.status, 'the server has an approval endpoint but no approval').toBe(404);
        console.warn('[signoff e2e] this server records no approval yet: not checked');
      } else {
        for (const u of everyone) {
          const state = panel(u.page).locator('.signoff-status__state');
          await expect
            .poll(() => state.textContent(), { timeout: SLOW_MS })
            .toMatch(/^Approved v\S+ by (Rita, Sam|Sam, Rita)$/);
          const row = u.page.locator('.review-doc [data-type="change-log-row"]', {
            hasText: 'Rita',
          });
          await expect.poll(() => row.count(), { timeout: SLOW_MS }).toBe(1);
        }
        // The server's row did not make any sign-off stale.
        expect(await allApprovedCurrent(owner.page)).toBe(true);
      }
      expect(await seriousAxeViolations(owner.page)).toEqual([]);
      await screenshot(owner.page, 'approved');
      await owner.page.screenshot({ path: path.join(RESULTS_DIR, 'signoff-editor-1280.png') });

      // Rita edits the Context section: its sign-offs turn stale in every window, no reload.
      await caretAtEnd(rita.page.locator('.review-doc p', { hasText: 'We move card payments' }));
      await rita.page.keyboard.type(' Refunds too.');
      for (const u of everyone) {
        await expect
          .poll(
            () =>
              section(u.page, 'Context').locator('.signoff-reviewer[data-state="stale"]').count(),
            {
              timeout: SLOW_MS,
            },
          )
          .toBe(2);
        expect(
          await section(u.page, 'Context').locator('.signoff-stale').first().textContent(),
        ).toBe('stale');
        expect(await section(u.page, 'Decision').getAttribute('data-approved')).toBe('true');
        // The edited section and the title's section (which holds it) are stale in the document.
        await expect
          .poll(() => headingMarks(u.page), { timeout: SLOW_MS })
          .toEqual(['stale', 'stale', 'approved', 'approved', 'approved']);
        await expect
          .poll(() => panel(u.page).locator('.signoff-status').getAttribute('data-state'), {
            timeout: SLOW_MS,
          })
          .toBe('in_review');
      }
      await screenshot(owner.page, 'stale');

      // Sam may approve the changed section while connected, not once offline.
      const approve = section(sam.page, 'Context').getByRole('button', {
        name: 'Approve',
        exact: true,
      });
      await expect
        .poll(() => approve.getAttribute('aria-disabled'), { timeout: SLOW_MS })
        .toBe('false');
      await sam.context.setOffline(true);
      await waitForConnection(sam.page, 'offline');
      await expect
        .poll(() => approve.getAttribute('aria-disabled'), { timeout: SLOW_MS })
        .toBe('true');
      const reason = panel(sam.page).getByText('You must be connected to the review to sign off');
      await reason.waitFor();
      expect(await approve.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
      expect(await seriousAxeViolations(sam.page)).toEqual([]);
      await screenshot(sam.page, 'offline');

      // And the server refuses Sam's sign-off made around the UI: he is not present.
      const sections = (
        (await await apiFetch(base, `/api/docs/${docId}/sections`, { as: owner }).then((r) =>
          r.json(),
        )) as {
          sections: { id: string; title: string; contentHash: string }[];
        }
      ).sections;
      const context = sections.find((s) => s.title === 'Context');
      if (!context) throw new Error('no Context section');
      // The server notices the dead connection (no pong) and Sam is no longer present.
      await expect
        .poll(() => presentNames(base, docId, owner), { timeout: SLOW_MS })
        .not.toContain('Sam');
      const refused = await apiFetch(base, `/api/docs/${docId}/signoffs`, {
        method: 'POST',
        as: sam,
        body: { sectionId: context.id, verdict: 'approve', contentHash: context.contentHash },
      });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'not_present',
      );

      // Rita, still here, approves the changed section; a refusal would be shown as an alert.
      await section(rita.page, 'Context')
        .getByRole('button', { name: 'Approve', exact: true })
        .click();
      await expect
        .poll(
          () =>
            section(owner.page, 'Context')
              .locator('.signoff-reviewer[data-state="current"]')
              .count(),
          {
            timeout: SLOW_MS,
          },
        )
        .toBe(1);
      expect(await panel(rita.page).getByRole('alert').count()).toBe(0);

      for (const u of everyone) expect(u.errors).toEqual([]);
    } finally {
      await closeAll(...opened.map((u) => u.context));
    }
  });

  it('opens as a panel over the document on a phone, and closes with Escape', async () => {
    const base = env.server.url;
    const owner = await newUser(env.browser, base, 'Pat', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const docId = await createDocument(base, { markdown: MARKDOWN }, owner);
      await openDocument(owner.page, docId);
      await openPanel(owner.page);
      const box = await panel(owner.page).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      // Focus moved into the panel: its heading.
      expect(await owner.page.evaluate(() => document.activeElement?.textContent)).toBe('Sign-off');
      const everySection = panel(owner.page).getByRole('group', {
        name: 'Reviewers of every section',
      });
      await everySection.getByRole('checkbox', { name: /Pat/ }).check();
      // Risks names its own reviewers: nobody.
      await panel(owner.page).getByText('Per-section reviewers').click();
      await panel(owner.page)
        .getByRole('checkbox', { name: 'Risks: the reviewers of every section' })
        .uncheck();
      await panel(owner.page)
        .getByRole('group', { name: 'Reviewers of Risks' })
        .getByRole('checkbox', { name: /Pat/ })
        .uncheck();
      await panel(owner.page).getByRole('button', { name: 'Save reviewers' }).click();
      await section(owner.page, 'Context')
        .getByRole('button', { name: 'Approve', exact: true })
        .waitFor({ timeout: SLOW_MS });
      await section(owner.page, 'Risks').getByText('No reviewers named').waitFor();
      const saved = (await (
        await apiFetch(base, `/api/docs/${docId}/reviewers`, { as: owner })
      ).json()) as { document: string[]; sections: Record<string, string[]> };
      expect(saved.document).toEqual([owner.user.id]);
      expect(Object.values(saved.sections)).toEqual([[]]);
      expect(
        await panel(owner.page)
          .getByRole('button', { name: /^Approve all my sections/ })
          .textContent(),
      ).toBe('Approve all my sections (4)');
      expect(await seriousAxeViolations(owner.page)).toEqual([]);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await owner.page.screenshot({ path: path.join(RESULTS_DIR, 'signoff-phone.png') });
      await owner.page.keyboard.press('Escape');
      await panel(owner.page).waitFor({ state: 'detached' });
      expect(
        await owner.page.getByRole('button', { name: /^Sign-off/ }).getAttribute('aria-expanded'),
      ).toBe('false');
      expect(owner.errors).toEqual([]);
    } finally {
      await closeAll(owner.context);
    }
  });
});
