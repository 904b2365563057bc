import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  caretAtEnd,
  checklistItem,
  closeAll,
  createDocument,
  documentText,
  exportMarkdown,
  field,
  flashedCaretInView,
  flushIndexedDb,
  hasChromium,
  newUser,
  openDocument,
  PROPAGATION_MS,
  RESULTS_DIR,
  SLOW_MS,
  share,
  useServerAndBrowser,
  waitForConnection,
  waitForSaved,
} from './e2e-helpers';

function todayISO(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function exportedMarkdown(baseURL: string, id: string): Promise<string> {
  const response = await exportMarkdown(baseURL, id);
  expect(response.status).toBe(200);
  return response.text();
}

describe.skipIf(!hasChromium)('collaboration in a real browser', () => {
  const env = useServerAndBrowser();

  it('two users see each other within a second; avatars, carets, reload and a fresh browser keep everything', async () => {
    const id = await createDocument(env.server.url);
    const alice = await newUser(env.browser, env.server.url, 'Alice');
    const bob = await newUser(env.browser, env.server.url, 'Bob');
    await share(env.server.url, id, [alice, bob]);
    try {
      await openDocument(alice.page, id);
      await openDocument(bob.page, id);

      // Both avatars, in both windows.
      for (const { page } of [alice, bob]) {
        await page.locator('.presence [data-peer-name="Alice"]').waitFor({ timeout: SLOW_MS });
        await page.locator('.presence [data-peer-name="Bob"]').waitFor({ timeout: SLOW_MS });
      }

      // Typing.
      await caretAtEnd(alice.page.locator('.review-doc h1'));
      await alice.page.keyboard.type(' (draft)');
      await bob.page
        .locator('.review-doc h1', { hasText: 'Technical Architecture Framework (draft)' })
        .waitFor({ timeout: PROPAGATION_MS });

      // A checklist toggle, with who changed it.
      await checklistItem(alice.page, 'Monolithic').locator('.check-button').click();
      const bobsItem = checklistItem(bob.page, 'Monolithic');
      await bobsItem
        .locator('.check-button[data-state="done"]')
        .waitFor({ timeout: PROPAGATION_MS });
      await bobsItem
        .locator('.checklist-item__by', { hasText: 'Alice' })
        .waitFor({ timeout: PROPAGATION_MS });

      // The keyboard works too: focus the control, Space cycles, arrows step.
      const control = checklistItem(alice.page, 'Serverless').locator('.check-button');
      await control.focus();
      await alice.page.keyboard.press('Space');
      await alice.page.keyboard.press('ArrowRight');
      await checklistItem(bob.page, 'Serverless')
        .locator('.check-button[data-state="not-applicable"]')
        .waitFor({ timeout: PROPAGATION_MS });

      // A field edit: the value changes, the label does not.
      await field(alice.page, 'Scalability targets').locator('.field__value').click();
      await alice.page.keyboard.type('10k rps');
      await field(bob.page, 'Scalability targets')
        .locator('.field__value', { hasText: '10k rps' })
        .waitFor({ timeout: PROPAGATION_MS });
      await bob.page
        .locator('[data-empty="false"]', {
          has: bob.page.locator('.field__value', { hasText: '10k rps' }),
        })
        .waitFor({ timeout: PROPAGATION_MS });

      // A new change-log row from Bob: today's date and the next version.
      const rows = (page: typeof alice.page) => page.locator('.change-log tbody tr');
      expect(await rows(alice.page).count()).toBe(1);
      await bob.page.locator('.change-log button', { hasText: 'Add row' }).click();
      await alice.page.waitForFunction(
        () => document.querySelectorAll('.change-log tbody tr').length === 2,
        undefined,
        { timeout: PROPAGATION_MS },
      );
      const newRow = rows(alice.page).nth(1).locator('td');
      expect(await newRow.nth(0).textContent()).toBe(todayISO());
      expect(await newRow.nth(1).textContent()).toBe('1.0');
      await bob.page.keyboard.type('Initial review');
      await rows(alice.page)
        .nth(1)
        .locator('td', { hasText: 'Initial review' })
        .waitFor({ timeout: PROPAGATION_MS });

      // Bob moves into "Key Requirements": Alice sees his caret and the outline shows him there.
      await field(bob.page, 'Availability targets').locator('.field__value').click();
      await bob.page.keyboard.type('99.9%');
      await field(alice.page, 'Availability targets')
        .locator('.field__value', { hasText: '99.9%' })
        .waitFor({ timeout: PROPAGATION_MS });
      await alice.page
        .locator('.remote-caret', { hasText: 'Bob' })
        .waitFor({ timeout: PROPAGATION_MS });
      await alice.page
        .locator('.outline__item', { hasText: 'Key Requirements' })
        .locator('.outline__dot[data-peer-name="Bob"]')
        .waitFor({ timeout: PROPAGATION_MS });

      await waitForSaved(alice.page);
      await waitForSaved(bob.page);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await alice.page.screenshot({ path: path.join(RESULTS_DIR, 'editor-two-users.png') });

      // Undo is per user: Alice's undo removes her last typing, not Bob's.
      await caretAtEnd(alice.page.locator('.review-doc h1'));
      await alice.page.keyboard.type(' v2');
      await bob.page
        .locator('.review-doc h1', { hasText: '(draft) v2' })
        .waitFor({ timeout: PROPAGATION_MS });
      await alice.page.keyboard.press('Control+z');
      await bob.page.waitForFunction(
        () => !document.querySelector('.review-doc h1')?.textContent?.includes(' v2'),
        undefined,
        { timeout: PROPAGATION_MS },
      );
      expect(await field(alice.page, 'Availability targets').textContent()).toContain('99.9%');

      // A reload keeps everything, and so does a browser that never saw the document.
      await bob.page.reload();
      await waitForConnection(bob.page, 'live');
      const carol = await newUser(env.browser, env.server.url, 'Carol');
      await share(env.server.url, id, carol);
      try {
        await openDocument(carol.page, id);
        for (const page of [bob.page, carol.page]) {
          await page
            .locator('.review-doc h1', { hasText: 'Framework (draft)' })
            .waitFor({ timeout: SLOW_MS });
          expect(await field(page, 'Scalability targets').textContent()).toContain('10k rps');
          expect(
            await checklistItem(page, 'Monolithic')
              .locator('.check-button')
              .getAttribute('data-state'),
          ).toBe('done');
          expect(await rows(page).count()).toBe(2);
          expect(await rows(page).nth(1).textContent()).toContain('Initial review');
        }
        // The editor's own export (works offline too) matches the server's.
        const [download] = await Promise.all([
          carol.page.waitForEvent('download', { timeout: SLOW_MS }),
          carol.page.getByRole('button', { name: 'Export Markdown' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.md$/);
        const downloaded = readFileSync(await download.path(), 'utf8');
        const markdown = await exportedMarkdown(env.server.url, id);
        expect(downloaded).toBe(markdown);
        expect(markdown).toContain('- [x] Monolithic');
        expect(markdown).toContain('- [-] Serverless');
        expect(markdown).toContain('- Scalability targets: 10k rps');
      } finally {
        await closeAll(carol.context);
      }
      expect([...alice.errors, ...bob.errors]).toEqual([]);
    } finally {
      await closeAll(alice.context, bob.context);
    }
  });

  it('clicking an avatar scrolls to that cursor; a minute without input shows as away', async () => {
    const id = await createDocument(env.server.url);
    const kim = await newUser(env.browser, env.server.url, 'Kim');
    const lou = await newUser(env.browser, env.server.url, 'Lou');
    await share(env.server.url, id, [kim, lou]);
    try {
      // Kim's page runs on a controllable clock (it still ticks in real time until told).
      await kim.context.clock.install();
      await openDocument(kim.page, id);
      await openDocument(lou.page, id);
      const kimForLou = lou.page.locator('.presence [data-peer-name="Kim"]');
      await kimForLou.waitFor({ timeout: SLOW_MS });
      expect(await kimForLou.getAttribute('data-away')).toBe('false');

      // Kim works far down the document; Lou clicks Kim's avatar and lands on Kim's caret.
      await caretAtEnd(checklistItem(kim.page, 'Budget planning').locator('.checklist-item__text'));
      await kim.page.keyboard.type('!');
      await lou.page
        .locator('.outline__item', { hasText: 'Scaling Economics' })
        .locator('.outline__dot[data-peer-name="Kim"]')
        .waitFor({ timeout: PROPAGATION_MS });
      // Only carets near the screen are drawn: Kim's, screens away, is not (yet).
      const caret = lou.page.locator('.remote-caret', { hasText: 'Kim' });
      expect(await caret.count()).toBe(0);
      await kimForLou.click();
      await flashedCaretInView(lou.page);

      // No input for a minute: away, for Lou and for Kim.
      await kim.page.clock.fastForward(61_000);
      await lou.page
        .locator('.presence [data-peer-name="Kim"][data-away="true"]')
        .waitFor({ timeout: SLOW_MS });
      await kim.page
        .locator('.presence [data-peer-name="Kim"][data-away="true"]')
        .waitFor({ timeout: SLOW_MS });
      expect(await kimForLou.textContent()).toContain('away');

      // Any input brings Kim back.
      await kim.page.keyboard.press('ArrowLeft');
      await lou.page
        .locator('.presence [data-peer-name="Kim"][data-away="false"]')
        .waitFor({ timeout: SLOW_MS });
    } finally {
      await closeAll(kim.context, lou.context);
    }
  });

  it('shows "Saved" only after the server acknowledged durability', async () => {
    const id = await createDocument(env.server.url);
    const dana = await newUser(env.browser, env.server.url, 'Dana');
    const erin = await newUser(env.browser, env.server.url, 'Erin');
    await share(env.server.url, id, [dana, erin]);
    let holdAcks = false;
    const held: (() => void)[] = [];
    // Dana's socket goes through a relay that can hold back the server's saved-ack frames.
    await dana.context.routeWebSocket(/\/sync\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => {
        const isAck = typeof message !== 'string' && message[0] === 100;
        if (isAck && holdAcks) held.push(() => ws.send(message));
        else ws.send(message);
      });
    });
    try {
      await openDocument(dana.page, id);
      await openDocument(erin.page, id);
      await waitForSaved(dana.page);

      holdAcks = true;
      await field(dana.page, 'Compliance needs').locator('.field__value').click();
      await dana.page.keyboard.type('SOC 2');
      // The server broadcasts only durable updates: Erin seeing it means it is committed...
      await field(erin.page, 'Compliance needs')
        .locator('.field__value', { hasText: 'SOC 2' })
        .waitFor({ timeout: PROPAGATION_MS });
      await expect.poll(() => held.length, { timeout: SLOW_MS }).toBeGreaterThanOrEqual(5);
      // ...but Dana has not been told, so she must not claim it is saved.
      const status = dana.page.locator('.sync-status');
      expect(await status.getAttribute('data-connection')).toBe('live');
      expect(await status.getAttribute('data-save')).toBe('saving');
      expect(await status.textContent()).not.toContain('Saved');

      // Deliver all but the last ack: still not saved.
      holdAcks = false;
      const last = held.pop();
      for (const deliver of held.splice(0)) deliver();
      await dana.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      expect(await status.getAttribute('data-save')).toBe('saving');
      last?.();
      await waitForSaved(dana.page, PROPAGATION_MS);
      expect(await status.textContent()).toContain('Saved');
    } finally {
      await closeAll(dana.context, erin.context);
    }
  });

  it('offline edits survive a reload (IndexedDB) and merge when the connection returns', async () => {
    const id = await createDocument(env.server.url);
    const frank = await newUser(env.browser, env.server.url, 'Frank');
    const gina = await newUser(env.browser, env.server.url, 'Gina');
    await share(env.server.url, id, [frank, gina]);
    let blocked = false;
    const open = new Set<WebSocketRoute>();
    // Frank's sync socket can be cut while pages still load over HTTP.
    await frank.context.routeWebSocket(/\/sync\//, (ws) => {
      if (blocked) {
        ws.close({ code: 4500, reason: 'blocked by the test' });
        return;
      }
      const upstream = ws.connectToServer();
      open.add(ws);
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => ws.send(message));
      ws.onClose(() => open.delete(ws));
    });
    try {
      await openDocument(frank.page, id);
      await openDocument(gina.page, id);
      await waitForSaved(frank.page);

      blocked = true;
      for (const ws of open) await ws.close({ code: 4500, reason: 'cut by the test' });
      await waitForConnection(frank.page, 'offline');

      await field(frank.page, 'Framework').first().locator('.field__value').click();
      await frank.page.keyboard.type('React offline');
      await frank.page.locator('.sync-status[data-save="unsaved"]').waitFor({ timeout: SLOW_MS });
      await flushIndexedDb(frank.page, id);
      expect(await exportedMarkdown(env.server.url, id)).not.toContain('React offline');

      // Reload while the sync server is unreachable: the edit comes back from IndexedDB.
      await frank.page.reload();
      await field(frank.page, 'Framework')
        .first()
        .locator('.field__value', { hasText: 'React offline' })
        .waitFor({ timeout: SLOW_MS });
      await waitForConnection(frank.page, 'offline');

      // Meanwhile Gina edits online.
      await field(gina.page, 'State management').locator('.field__value').click();
      await gina.page.keyboard.type('Redux online');

      blocked = false;
      await field(gina.page, 'Framework')
        .first()
        .locator('.field__value', { hasText: 'React offline' })
        .waitFor({ timeout: SLOW_MS });
      await field(frank.page, 'State management')
        .locator('.field__value', { hasText: 'Redux online' })
        .waitFor({ timeout: SLOW_MS });
      await waitForSaved(frank.page);
      // Both pages converge: compare until they agree (each applies the other's edits in its own time).
      await expect
        .poll(async () => (await documentText(frank.page)) === (await documentText(gina.page)), {
          timeout: SLOW_MS,
          message: 'both pages to show the same document',
        })
        .toBe(true);
      expect(await exportedMarkdown(env.server.url, id)).toContain('- Framework: React offline');
    } finally {
      await closeAll(frank.context, gina.context);
    }
  });

  it('context.setOffline: nothing is sent while offline, both edit, and they converge when back online', async () => {
    const id = await createDocument(env.server.url);
    const hal = await newUser(env.browser, env.server.url, 'Hal');
    const ivy = await newUser(env.browser, env.server.url, 'Ivy');
    await share(env.server.url, id, [hal, ivy]);
    try {
      // Record what Hal's page sends on its sync sockets once the network is gone.
      let offline = false;
      const sentWhileOffline: string[] = [];
      let sockets = 0;
      hal.page.on('websocket', (ws) => {
        if (!ws.url().includes('/sync/')) return;
        sockets++;
        ws.on('framesent', (frame) => {
          if (offline) sentWhileOffline.push(frame.payload.toString('hex'));
        });
      });
      await openDocument(hal.page, id);
      await openDocument(ivy.page, id);
      await waitForSaved(hal.page);
      expect(sockets).toBeGreaterThan(0);

      // Chromium fires "offline"; the client drops its socket at once (the close handshake
      // itself only completes once the network is back, so the server still lists Hal).
      await hal.context.setOffline(true);
      offline = true;
      await waitForConnection(hal.page, 'offline');
      expect(await hal.page.locator('.sync-status').textContent()).toContain('Offline');

      await field(hal.page, 'Type').locator('.field__value').click();
      await hal.page.keyboard.type('PostgreSQL');
      await field(ivy.page, 'Schema design').locator('.field__value').click();
      await ivy.page.keyboard.type('Normalised');
      await checklistItem(ivy.page, 'Hybrid').locator('.check-button').click();
      expect(await exportedMarkdown(env.server.url, id)).not.toContain('PostgreSQL');
      expect(await hal.page.locator('.sync-status').getAttribute('data-save')).toBe('unsaved');
      await flushIndexedDb(hal.page, id);
      // No document update left while offline (y-websocket's goodbye awareness frame may try).
      expect(sentWhileOffline.filter((hex) => /^00(01|02)/.test(hex))).toEqual([]);

      offline = false;
      await hal.context.setOffline(false);
      await field(ivy.page, 'Type')
        .locator('.field__value', { hasText: 'PostgreSQL' })
        .waitFor({ timeout: SLOW_MS });
      await field(hal.page, 'Schema design')
        .locator('.field__value', { hasText: 'Normalised' })
        .waitFor({ timeout: SLOW_MS });
      await checklistItem(hal.page, 'Hybrid')
        .locator('.check-button[data-state="done"]')
        .waitFor({ timeout: SLOW_MS });
      await waitForSaved(hal.page);
      // Both pages converge: compare until they agree (each applies the other's edits in its own time).
      await expect
        .poll(async () => (await documentText(hal.page)) === (await documentText(ivy.page)), {
          timeout: SLOW_MS,
          message: 'both pages to show the same document',
        })
        .toBe(true);
      expect(await exportedMarkdown(env.server.url, id)).toContain('- Type: PostgreSQL');
    } finally {
      await closeAll(hal.context, ivy.context);
    }
  });
});
