import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  caretAtEnd,
  checklistItem,
  closeAll,
  createDocument,
  field,
  hasChromium,
  newUser,
  openDocument,
  PROPAGATION_MS,
  SLOW_MS,
  share,
  useServerAndBrowser,
} from './e2e-helpers';

/** Human typing speed: a delay per key, different per person so their keys interleave. */
const KEY_DELAY_MS = [40, 47, 53] as const;
const NAMES = ['Alice', 'Bob', 'Carol'] as const;

/** The text of an element without remote carets' labels. */
function textOf(locator: Locator): Promise<string> {
  return locator.evaluate(
    (el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll('.remote-caret')) caret.remove();
      return copy.textContent ?? '';
    },
    undefined,
    { timeout: 1_000 },
  );
}

/** Whether this page's caret (DOM selection, collapsed) is inside the element. */
function caretInside(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const selection = window.getSelection();
    return (
      selection?.isCollapsed === true && !!selection.anchorNode && el.contains(selection.anchorNode)
    );
  });
}

async function expectCaretInside(locator: Locator, who: string, where: string): Promise<void> {
  await expect
    .poll(() => caretInside(locator), {
      timeout: PROPAGATION_MS,
      message: `${who}'s caret to stay in ${where}`,
    })
    .toBe(true);
}

/** Click near the left edge of an (empty) text block, clear of any remote caret label. */
async function clickInto(locator: Locator, who: string, where: string): Promise<void> {
  // Playwright's click waits for the element and retries when a remote change re-renders it.
  await locator.click({ position: { x: 3, y: 8 }, timeout: SLOW_MS });
  await expectCaretInside(locator, who, where);
}

/** Each scenario: an empty node (made by the first user if the template has none) and the node after it. */
interface EmptyNodeCase {
  kind: string;
  prepare?: (page: Page) => Promise<void>;
  target: (page: Page) => Locator;
  next: (page: Page) => Locator;
  nextText: string;
}

const checklistOf = (page: Page) => page.locator('.review-doc ul[data-type="checklist"]').first();
const paragraphs = (page: Page) => page.locator('.review-doc > p');
const logCell = (page: Page, row: number, column: number) =>
  page.locator('.change-log tbody tr').nth(row).locator('td').nth(column);

/** Every checklist toggle's state, in document order. */
const checklistStates = (page: Page) =>
  page
    .locator('.review-doc .check-button')
    .evaluateAll((buttons) => buttons.map((button) => (button as HTMLElement).dataset.state));

/** Text with runs of whitespace (typed spaces may be non-breaking) as one space, trimmed. */
const normalized = async (locator: Locator) => (await textOf(locator)).replace(/\s+/g, ' ').trim();

/** Focus is in the document text (not on a control), and the page is not back at the top. */
async function expectStillEditing(page: Page, scrolledTo: number): Promise<void> {
  const focus = await page.evaluate(() => ({
    inDocument: document.activeElement?.classList.contains('review-doc') ?? false,
    tag: document.activeElement?.tagName,
    scrollY: window.scrollY,
  }));
  expect(focus.tag).not.toBe('BUTTON');
  expect(focus.inDocument).toBe(true);
  expect(Math.abs(focus.scrollY - scrolledTo)).toBeLessThan(300);
}

const CASES: EmptyNodeCase[] = [
  {
    kind: 'field value',
    target: (page) => field(page, 'Availability targets').locator('.field__value'),
    next: (page) => field(page, 'Performance targets').locator('.field__value'),
    nextText: '',
  },
  {
    kind: 'checklist item text',
    // A new, empty item between "Serverless" and "Hybrid".
    prepare: async (page) => {
      await caretAtEnd(checklistItem(page, 'Serverless').locator('.checklist-item__text'));
      await page.keyboard.press('Enter');
    },
    target: (page) =>
      checklistOf(page).locator('li.checklist-item').nth(3).locator('.checklist-item__text'),
    next: (page) =>
      checklistOf(page).locator('li.checklist-item').nth(4).locator('.checklist-item__text'),
    nextText: 'Hybrid',
  },
  {
    kind: 'change-log cell',
    target: (page) => logCell(page, 0, 2),
    next: (page) => logCell(page, 0, 3),
    nextText: '',
  },
  {
    kind: 'paragraph',
    // Two empty paragraphs under the title.
    prepare: async (page) => {
      await caretAtEnd(page.locator('.review-doc h1'));
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
    },
    target: (page) => paragraphs(page).nth(0),
    next: (page) => paragraphs(page).nth(1),
    nextText: '',
  },
];

describe.skipIf(!hasChromium)('editing: carets, Tab and checklist attribution', () => {
  const env = useServerAndBrowser();

  for (const users of [2, 3] as const) {
    for (const scenario of CASES) {
      it(`${users} people typing into the same empty ${scenario.kind} keep their carets and their text there`, async () => {
        const id = await createDocument(env.server.url);
        const people = await Promise.all(
          NAMES.slice(0, users).map((name) => newUser(env.browser, env.server.url, name)),
        );
        await share(env.server.url, id, people);
        try {
          for (const person of people) await openDocument(person.page, id);
          const [alice, ...others] = people;
          if (!alice) throw new Error('no users');
          await scenario.prepare?.(alice.page);
          for (const { page } of people) {
            await expect
              .poll(
                () => Promise.all([textOf(scenario.target(page)), textOf(scenario.next(page))]),
                {
                  timeout: SLOW_MS,
                  message: `the empty ${scenario.kind} to be there on every page`,
                },
              )
              .toEqual(['', scenario.nextText]);
          }
          for (const [i, { page }] of people.entries()) {
            await clickInto(
              scenario.target(page),
              NAMES[i] as string,
              `the empty ${scenario.kind}`,
            );
          }

          // Alice types while everyone else waits with their caret in the same empty node.
          await alice.page.keyboard.type('99.95%', { delay: KEY_DELAY_MS[0] });
          for (const [i, { page }] of others.entries()) {
            await expect
              .poll(() => textOf(scenario.target(page)), {
                timeout: PROPAGATION_MS,
                message: `Alice's text to reach ${NAMES[i + 1]}`,
              })
              .toBe('99.95%');
            await expectCaretInside(scenario.target(page), NAMES[i + 1] as string, scenario.kind);
          }

          // Now everyone types at once, at human speed.
          const typed = [' SLA', '[Bob]', '(Carol)'];
          await Promise.all(
            people.map(({ page }, i) =>
              page.keyboard.type(typed[i] as string, { delay: KEY_DELAY_MS[i] }),
            ),
          );
          const expectedLength = '99.95%'.length + typed.slice(0, users).join('').length;
          for (const { page } of people) {
            await expect
              .poll(async () => (await textOf(scenario.target(page))).length, {
                timeout: SLOW_MS,
                message: `every keystroke to land in the ${scenario.kind}`,
              })
              .toBe(expectedLength);
          }
          const final = await textOf(scenario.target(alice.page));
          // Each person's text is whole and in the node they typed in; the next node is untouched.
          expect(final).toContain('99.95% SLA');
          for (const text of typed.slice(1, users)) expect(final).toContain(text);
          for (const { page } of people) {
            expect(await textOf(scenario.target(page))).toBe(final);
            expect(await textOf(scenario.next(page))).toBe(scenario.nextText);
          }
          expect(people.flatMap((person) => person.errors)).toEqual([]);
        } finally {
          await closeAll(...people.map((person) => person.context));
        }
      });
    }
  }

  it('a caret in text stays after its word when someone types before it', async () => {
    const id = await createDocument(env.server.url);
    const people = await Promise.all(
      NAMES.slice(0, 2).map((name) => newUser(env.browser, env.server.url, name)),
    );
    await share(env.server.url, id, people);
    const [alice, bob] = people;
    if (!alice || !bob) throw new Error('no users');
    try {
      for (const person of people) await openDocument(person.page, id);
      const value = (page: Page) => field(page, 'Scalability targets').locator('.field__value');
      await clickInto(value(alice.page), 'Alice', 'Scalability targets');
      await alice.page.keyboard.type('rps', { delay: KEY_DELAY_MS[0] });
      await expect
        .poll(() => textOf(value(bob.page)), { timeout: PROPAGATION_MS, message: 'rps for Bob' })
        .toBe('rps');
      await caretAtEnd(value(bob.page));
      await alice.page.keyboard.press('Home');
      // Type only once the caret is at the start (the browser moves it, and the editor reads
      // the move a moment later; keys typed before that would land at the old place).
      await expect
        .poll(
          () =>
            value(alice.page).evaluate((el) => {
              const selection = window.getSelection();
              if (!selection?.isCollapsed || !selection.focusNode) return false;
              if (!el.contains(selection.focusNode)) return false;
              const range = document.createRange();
              range.selectNodeContents(el);
              range.setEnd(selection.focusNode, selection.focusOffset);
              return range.toString() === '';
            }),
          { timeout: SLOW_MS, message: "Alice's caret at the start of the value" },
        )
        .toBe(true);
      await alice.page.keyboard.type('10k ', { delay: KEY_DELAY_MS[0] });
      await expect
        .poll(() => textOf(value(bob.page)), { timeout: PROPAGATION_MS, message: '10k for Bob' })
        .toBe('10k rps');
      await bob.page.keyboard.type(' peak', { delay: KEY_DELAY_MS[1] });
      for (const { page } of people) {
        await expect
          .poll(() => normalized(value(page)), { timeout: SLOW_MS, message: 'both edits' })
          .toBe('10k rps peak');
      }
    } finally {
      await closeAll(...people.map((person) => person.context));
    }
  });

  it('Tab and Shift+Tab move between change-log cells, Tab in the last cell adds a row, Space types', async () => {
    const id = await createDocument(env.server.url);
    const dana = await newUser(env.browser, env.server.url, 'Dana');
    await share(env.server.url, id, [dana]);
    try {
      const { page } = dana;
      await openDocument(page, id);
      const states = await checklistStates(page);
      await clickInto(logCell(page, 0, 0), 'Dana', 'the Date cell');
      await page.keyboard.type('2026-01-05', { delay: 20 });
      const scrolledTo = await page.evaluate(() => window.scrollY);
      expect(scrolledTo, 'the change log is below the fold').toBeGreaterThan(0);

      // Tab, then Space and text: they land in the Version cell, not on a checklist toggle.
      await page.keyboard.press('Tab');
      await expectStillEditing(page, scrolledTo);
      await page.keyboard.press('Space');
      await page.keyboard.type('1.0', { delay: 20 });
      await page.keyboard.press('Tab');
      await page.keyboard.type('First draft', { delay: 20 });
      await page.keyboard.press('Shift+Tab');
      await expectCaretInside(logCell(page, 0, 1), 'Dana', 'the Version cell');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Ann', { delay: 20 });
      // The last cell: a new row (today, next version), the caret in its "Changes" cell.
      await page.keyboard.press('Tab');
      await expect
        .poll(() => page.locator('.change-log tbody tr').count(), {
          timeout: SLOW_MS,
          message: 'Tab in the last cell to add a row',
        })
        .toBe(2);
      await page.keyboard.type('Second pass', { delay: 20 });
      await expectStillEditing(page, scrolledTo);

      const row = async (index: number) =>
        Promise.all([0, 1, 2, 3].map((column) => normalized(logCell(page, index, column))));
      expect(await row(0)).toEqual(['2026-01-05', '1.0', 'First draft', 'Ann']);
      const second = await row(1);
      expect(second.slice(1)).toEqual(['1.1', 'Second pass', '']);
      expect(second[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await checklistStates(page)).toEqual(states);
      expect(dana.errors).toEqual([]);
    } finally {
      await closeAll(dana.context);
    }
  });

  it('Tab in a field value goes to the next field value and Shift+Tab to the previous; Space types', async () => {
    const id = await createDocument(env.server.url);
    const eli = await newUser(env.browser, env.server.url, 'Eli');
    await share(env.server.url, id, [eli]);
    try {
      const { page } = eli;
      await openDocument(page, id);
      const states = await checklistStates(page);
      const value = (label: string) => field(page, label).locator('.field__value');
      await clickInto(value('API integration'), 'Eli', 'API integration');
      await page.keyboard.type('REST', { delay: 20 });
      const scrolledTo = await page.evaluate(() => window.scrollY);
      expect(scrolledTo, 'the field is below the fold').toBeGreaterThan(0);

      await page.keyboard.press('Tab');
      await expectStillEditing(page, scrolledTo);
      await page.keyboard.press('Space');
      await page.keyboard.type('Lazy loading', { delay: 20 });
      // Across the "Backend" heading, to the next field.
      await page.keyboard.press('Tab');
      await page.keyboard.type('TypeScript', { delay: 20 });
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await expectCaretInside(value('API integration'), 'Eli', 'API integration');
      await page.keyboard.type(' + SSE', { delay: 20 });
      await expectStillEditing(page, scrolledTo);

      expect(await normalized(value('API integration'))).toBe('REST + SSE');
      expect(await normalized(value('Performance optimization'))).toBe('Lazy loading');
      expect(await normalized(value('Programming language'))).toBe('TypeScript');
      expect(await checklistStates(page)).toEqual(states);
      expect(eli.errors).toEqual([]);
    } finally {
      await closeAll(eli.context);
    }
  });

  it('checklist toggles are out of the Tab order; Mod+Enter in the item changes its state', async () => {
    const id = await createDocument(env.server.url);
    const fay = await newUser(env.browser, env.server.url, 'Fay');
    await share(env.server.url, id, [fay]);
    try {
      const { page } = fay;
      await openDocument(page, id);
      const tabIndexes = await page
        .locator('.review-doc button')
        .evaluateAll((buttons) => buttons.map((button) => (button as HTMLElement).tabIndex));
      expect(tabIndexes.length).toBeGreaterThan(0);
      expect(new Set(tabIndexes)).toEqual(new Set([-1]));

      const item = checklistItem(page, 'Microservices');
      await caretAtEnd(item.locator('.checklist-item__text'));
      await page.keyboard.press('ControlOrMeta+Enter');
      await item.locator('.check-button[data-state="done"]').waitFor({ timeout: SLOW_MS });
      expect(await normalized(item.locator('.checklist-item__meta'))).toBe('Done · Fay');
      expect(await normalized(item.locator('.checklist-item__text'))).toBe('Microservices');
    } finally {
      await closeAll(fay.context);
    }
  });

  it('an item cycled back to Open shows no attribution', async () => {
    const id = await createDocument(env.server.url);
    const gus = await newUser(env.browser, env.server.url, 'Gus');
    await share(env.server.url, id, [gus]);
    try {
      const { page } = gus;
      await openDocument(page, id);
      const item = checklistItem(page, 'Monolithic');
      const meta = item.locator('.checklist-item__meta');
      const steps = [
        ['done', 'Done · Gus'],
        ['not-applicable', 'Not applicable · Gus'],
        ['open', ''],
      ] as const;
      for (const [state, label] of steps) {
        await item.locator('.check-button').click();
        await item.locator(`.check-button[data-state="${state}"]`).waitFor({ timeout: SLOW_MS });
        expect(await normalized(meta)).toBe(label);
      }
      expect(await item.locator('.checklist-item__by').count()).toBe(0);
    } finally {
      await closeAll(gus.context);
    }
  });
});
