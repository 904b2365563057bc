// The browser-crowd benchmark: one real Chromium page (the built app, signed in, 1440×900) with
// the template document open while N simulated collaborators are in it (test/crowd.ts): what
// does the reviewer's browser feel? Measured in the page: keystroke to next paint (Event Timing),
// long tasks, how long a remote edit takes to appear, scrolling frame rate, JS heap; plus the
// server's CPU time.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Crowd, crowdMembers } from '../test/crowd';
import { type RunningServer, startServer } from '../test/harness';
import { installProbes, type ProbeState, scrollThrough } from './crowd-probes';

export interface CrowdFigures {
  collaborators: number;
  /** Own keystroke to next paint, Event Timing; keystrokes it did not report count as 16 ms. */
  keyP50Ms: number;
  keyP95Ms: number;
  /** Keystrokes the API reported (the others painted within 16 ms). */
  keysOver16: number;
  longTasksPerMin: number;
  longestTaskMs: number;
  /** A remote edit typed by a collaborator until the frame that drew it. */
  remoteP50Ms: number;
  remoteP95Ms: number;
  /** Share of the remote edits sent in the window that appeared in the page within it. */
  remoteSeenPct: number;
  /**
   * The same edits reaching another simulated client (the last typist) instead: the server's
   * and the machine's part of the delay, no browser involved.
   */
  relayP50Ms: number;
  relayP95Ms: number;
  scrollFps: number;
  heapMb: number;
  serverCpuSeconds: number;
  comments: number;
  signoffs: number;
}

export interface CrowdOptions {
  keystrokes: number;
  /** Length of the measured window after the keystrokes (remote edits keep coming). */
  settleMs: number;
  scrollMs: number;
  typists: number;
  /**
   * Record a CPU profile of the page over the measured window (Chromium's profiler through
   * Playwright's CDP session) to `<profileTo>-n<N>.cpuprofile`, for DevTools or a summary.
   */
  profileTo?: string;
}

const quantile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function api<T>(
  server: RunningServer,
  method: string,
  path: string,
  token: string,
  body?: unknown,
) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Review traffic while the page is measured: a comment every 2 s by one of the crowd, and a
 * sign-off every 5 s by the crowd's reviewer (on the current content of a section in turn).
 */
function reviewTraffic(server: RunningServer, docId: string, crowd: Crowd) {
  const counts = { comments: 0, signoffs: 0 };
  const members = crowd.collaborators.map((c) => c.member);
  const reviewer = members[0];
  let sectionTurn = 0;
  const comment = setInterval(() => {
    const author = members[Math.floor(Math.random() * members.length)];
    if (!author) return;
    void api<{ sections: Array<{ id: string }> }>(
      server,
      'GET',
      `/docs/${docId}/sections`,
      author.token,
    )
      .then(({ sections }) => {
        const section = sections[Math.floor(Math.random() * sections.length)];
        return api(server, 'POST', `/docs/${docId}/comments`, author.token, {
          sectionId: section?.id,
          body: `A remark from ${author.name}`,
        });
      })
      .then(() => counts.comments++)
      .catch(() => {});
  }, 2_000);
  const signoff = setInterval(() => {
    if (!reviewer) return;
    void api<{ sections: Array<{ id: string; contentHash: string }> }>(
      server,
      'GET',
      `/docs/${docId}/sections`,
      reviewer.token,
    )
      .then(({ sections }) => {
        const section = sections[sectionTurn++ % sections.length];
        return api(server, 'POST', `/docs/${docId}/signoffs`, reviewer.token, {
          sectionId: section?.id,
          verdict: sectionTurn % 3 === 0 ? 'changes_requested' : 'approve',
          contentHash: section?.contentHash,
          ...(sectionTurn % 3 === 0 ? { comment: 'Needs another look' } : {}),
        });
      })
      .then(() => counts.signoffs++)
      // A typist changed the section between the read and the sign-off: refused as stale.
      .catch(() => {});
  }, 5_000);
  return {
    counts,
    stop() {
      clearInterval(comment);
      clearInterval(signoff);
    },
  };
}

/** The keystroke latencies: per interaction the longest entry; unreported ones as 16 ms. */
function keystrokeLatencies(state: ProbeState, keystrokes: number, from: number): number[] {
  const byInteraction = new Map<number, number>();
  for (const event of state.events) {
    if (event.start < from || !event.name.startsWith('key')) continue;
    byInteraction.set(event.id, Math.max(byInteraction.get(event.id) ?? 0, event.duration));
  }
  const reported = [...byInteraction.values()].slice(0, keystrokes);
  return [...reported, ...new Array(Math.max(0, keystrokes - reported.length)).fill(16)];
}

/** One measurement with `n` collaborators on a fresh server. */
export async function crowdCase(
  browser: Browser,
  n: number,
  options: CrowdOptions,
): Promise<CrowdFigures> {
  // BENCH_CROWD_WEB_DIST: another build of the app (e.g. `vite build --minify false` for
  // readable profiles).
  const webDist = process.env.BENCH_CROWD_WEB_DIST;
  const server = await startServer(webDist ? { env: { WEB_DIST_DIR: webDist } } : {});
  let crowd: Crowd | null = null;
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1440, height: 900 },
  });
  try {
    const owner = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'reviewer@bench.test',
        password: 'plum-lantern-harbour-42',
        name: 'Bench Reviewer',
      }),
    }).then((r) => r.json() as Promise<{ token: string; user: { id: string } }>);
    const { id: docId } = await api<{ id: string }>(server, 'POST', '/docs', owner.token, {
      template: 'technical-architecture-framework',
      title: 'Payments platform review',
    });
    const members = await crowdMembers(server.url, owner.token, docId, n);
    await api(server, 'PUT', `/docs/${docId}/reviewers`, owner.token, {
      document: [members[0]?.id],
      sections: {},
    });

    await context.addCookies([
      { name: 'ratify_session', value: owner.token, url: server.url, httpOnly: true },
    ]);
    // tsx compiles the functions handed to the page with esbuild's keepNames, which wraps named
    // functions in a `__name` helper the page does not have: give it one that changes nothing.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await context.addInitScript(installProbes);
    const page = await context.newPage();
    await page.goto(`/d/${docId}`);
    await page.locator('.review-doc[contenteditable="true"]').waitFor({ timeout: 30_000 });
    await page.locator('.sync-status[data-connection="live"]').waitFor({ timeout: 30_000 });

    crowd = await Crowd.join({
      syncUrl: `${server.url.replace('http', 'ws')}/sync`,
      docId,
      members,
      typists: options.typists,
    });
    crowd.start();
    // Everyone is in the page's presence list before anything is measured.
    const presenceBar = page.locator('.presence-bar');
    await until(`${n} collaborators in the presence list`, 60_000, async () => {
      // Builds before the "+n" list (a --web-dist of an earlier commit) show one avatar each.
      const count =
        (await presenceBar.count()) > 0
          ? Number(await presenceBar.getAttribute('data-count'))
          : await page.locator('.presence > li').count();
      return count >= n + 1;
    });
    const cdp = await context.newCDPSession(page);
    if (options.profileTo !== undefined) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const traffic = reviewTraffic(server, docId, crowd);
    const cpuBefore = cpuSeconds(server.pid);
    const from = await page.evaluate(() => performance.now());
    const sentFrom = Date.now();
    const windowStart = Date.now();

    // The page's own typing: into a field, as a reviewer fills it in.
    await ownTyping(page, options.keystrokes);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    const scroll = await page.evaluate(scrollThrough, options.scrollMs);
    const sentUntil = Date.now() - 1_000;
    // Give the last edits a moment to arrive (bounded: what is not there then counts as missed).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    traffic.stop();
    const windowMs = Date.now() - windowStart;
    const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore;
    const state = (await page.evaluate(() => window.__crowdProbes)) as ProbeState;
    if (options.profileTo !== undefined) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(`${options.profileTo}-n${n}.cpuprofile`, JSON.stringify(profile));
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

    const keys = keystrokeLatencies(state, options.keystrokes, from);
    const longTasks = state.longTasks.filter((t) => t.start >= from);
    const remote: number[] = [];
    const relay: number[] = [];
    let sent = 0;
    for (const [seq, at] of crowd.sentAt) {
      if (at < sentFrom || at > sentUntil) continue;
      sent++;
      const seen = state.seen[seq];
      if (seen !== undefined) remote.push(Math.max(0, seen - at));
      const relayed = crowd.relayedAt.get(seq);
      if (relayed !== undefined) relay.push(Math.max(0, relayed - at));
    }
    return {
      collaborators: n,
      keyP50Ms: quantile(keys, 0.5),
      keyP95Ms: quantile(keys, 0.95),
      keysOver16: new Set(
        state.events.filter((e) => e.start >= from && e.name.startsWith('key')).map((e) => e.id),
      ).size,
      longTasksPerMin: (longTasks.length * 60_000) / windowMs,
      longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)),
      remoteP50Ms: quantile(remote, 0.5),
      remoteP95Ms: quantile(remote, 0.95),
      remoteSeenPct: sent === 0 ? Number.NaN : (100 * remote.length) / sent,
      relayP50Ms: quantile(relay, 0.5),
      relayP95Ms: quantile(relay, 0.95),
      scrollFps: scroll.fps,
      heapMb: heap.usedSize / 2 ** 20,
      serverCpuSeconds,
      comments: traffic.counts.comments,
      signoffs: traffic.counts.signoffs,
    };
  } finally {
    crowd?.close();
    await context.close();
    await server.stop();
  }
}

/** Type `keystrokes` characters into a field of the document, at a typist's pace. */
async function ownTyping(page: Page, keystrokes: number): Promise<void> {
  const value = page.locator('.field .field__value').first();
  await value.scrollIntoViewIfNeeded();
  await value.click();
  const text = 'the quick brown fox jumps over the lazy dog '.repeat(10).slice(0, keystrokes);
  await page.keyboard.type(text, { delay: 60 });
}
