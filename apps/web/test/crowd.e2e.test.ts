// A review with 200 people in it (simulated from Node, test/crowd.ts): the page still lists every
// one of them, finds anyone's caret, and takes this user's typing. No timing is asserted here;
// how fast it stays is the browser-crowd benchmark's job (apps/web/bench).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Crowd, crowdMembers, crowdName } from './crowd';
import {
  closeAll,
  createDocument,
  exportMarkdown,
  field,
  flashedCaretInView,
  hasChromium,
  newUser,
  openDocument,
  RESULTS_DIR,
  SLOW_MS,
  share,
  testOwner,
  useServerAndBrowser,
  waitForSaved,
} from './e2e-helpers';

const CROWD = 200;

describe.skipIf(!hasChromium)('a crowd in one review', () => {
  const env = useServerAndBrowser();

  it(`[CR1] with ${CROWD} collaborators in the document the presence list shows every one, finds anyone's caret, and typing still lands`, async () => {
    const baseURL = env.server.url;
    const id = await createDocument(baseURL);
    const owner = await testOwner(baseURL);
    const members = await crowdMembers(baseURL, owner.token, id, CROWD);
    const crowd = await Crowd.join({
      syncUrl: `${baseURL.replace('http', 'ws')}/sync`,
      docId: id,
      members,
      typists: 5,
    });
    const vera = await newUser(env.browser, baseURL, 'Vera');
    try {
      expect(crowd.openCount).toBe(CROWD);
      crowd.start();
      await share(baseURL, id, vera);
      const { page } = vera;
      await openDocument(page, id);

      // Everyone is counted, and the bar stays a handful of avatars and a "+n".
      const bar = page.locator('.presence-bar');
      await expect
        .poll(async () => Number(await bar.getAttribute('data-count')), {
          timeout: 60_000,
          message: `all ${CROWD} collaborators and Vera in the presence list`,
        })
        .toBe(CROWD + 1);
      expect(await page.locator('.presence > li').count()).toBe(8);
      const more = page.locator('.avatar--more');
      expect((await more.textContent())?.trim()).toMatch(new RegExp(`^\\+${CROWD + 1 - 8}`));

      // The list holds every one of them by name.
      await more.click();
      const rows = page.locator('.people__row');
      await expect.poll(() => rows.count(), { timeout: SLOW_MS }).toBe(CROWD + 1);
      const listed = await rows.evaluateAll((buttons) =>
        buttons.map((b) => (b as HTMLElement).dataset.peerName),
      );
      expect(new Set(listed)).toEqual(new Set(['Vera', ...members.map((m) => m.name)]));
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS_DIR, 'crowd-people-list.png') });

      // Anyone can be found: filter to one typist far down, go to their caret, see it flash.
      const target = crowdName(3);
      await page.getByPlaceholder('Find a person').fill(target);
      await expect.poll(() => rows.count(), { timeout: SLOW_MS }).toBe(1);
      await rows.first().click();
      await flashedCaretInView(page);
      expect(
        await page.locator('.remote-caret--flash .remote-caret__label').textContent(),
      ).toContain(target);

      // Vera's own typing lands, is saved, and reaches the server while the crowd types.
      const value = field(page, 'Availability targets').locator('.field__value');
      // Into the empty value, and the caret really there before typing (the page was scrolled
      // to someone's caret a moment ago).
      await expect
        .poll(
          async () => {
            await value.click();
            return value.evaluate((el) => {
              const selection = window.getSelection();
              return (
                !!selection?.anchorNode &&
                el.contains(selection.anchorNode) &&
                document.activeElement === el.closest('[contenteditable="true"]')
              );
            });
          },
          { timeout: SLOW_MS, message: "Vera's caret in the empty field value" },
        )
        .toBe(true);
      await page.keyboard.type('99.95% across two regions');
      await expect
        .poll(() => value.textContent(), { timeout: SLOW_MS })
        .toContain('99.95% across two regions');
      await waitForSaved(page, 30_000);
      const markdown = await (await exportMarkdown(baseURL, id)).text();
      expect(markdown).toContain('99.95% across two regions');
      expect(vera.errors).toEqual([]);
    } finally {
      crowd.close();
      await closeAll(vera.context);
    }
  }, 240_000);
});
