// docs/alerts.yaml, the Prometheus alert rules: promtool checks them where it is installed
// (Debian's prometheus package ships it), and everywhere their shape is checked here and every
// metric they use must be one this server exports (its own or prom-client's process metrics).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createMetrics } from '../src/metrics.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const rulesFile = path.join(root, 'docs/alerts.yaml');

const hasPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).error === undefined;

const RuleSchema = z
  .object({
    alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an alert name'),
    expr: z.string().min(1),
    for: z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'a Prometheus duration'),
    labels: z.object({ severity: z.enum(['warning', 'critical']) }).catchall(z.string()),
    annotations: z
      .object({ summary: z.string().min(1), description: z.string().min(1) })
      .catchall(z.string()),
  })
  .strict();

const RulesSchema = z
  .object({
    groups: z
      .array(z.object({ name: z.string().min(1), rules: z.array(RuleSchema).min(1) }).strict())
      .min(1),
  })
  .strict();

/** Series the rules may use that no Ratify process exports: Prometheus's own and the probe's. */
const EXTERNAL_SERIES = new Set(['up', 'probe_success']);

const PROMQL_WORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** The metric names an expression selects: identifiers that are not functions, words or labels. */
function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/(?<![A-Za-z0-9_:])\d[\d.]*(e[+-]?\d+)?/gi, '0') // numbers such as 2.8e9
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const after = stripped.slice((match.index ?? 0) + word.length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

async function exportedSeries(): Promise<Set<string>> {
  const metrics = createMetrics({ defaultMetrics: true });
  const series = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    series.add(metric.name);
    if (['histogram', 'summary'].includes(String(metric.type))) {
      for (const suffix of ['_bucket', '_sum', '_count']) series.add(`${metric.name}${suffix}`);
    }
  }
  metrics.registry.clear();
  return series;
}

describe('docs/alerts.yaml', () => {
  const rules = RulesSchema.parse(parse(readFileSync(rulesFile, 'utf8')));
  const all = rules.groups.flatMap((group) => group.rules);

  it.skipIf(!hasPromtool)('[OP1] promtool check rules accepts the file', () => {
    const result = spawnSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it('[OP1] every rule has a unique alert name, expr, for, a severity and a summary', () => {
    expect(all.length).toBeGreaterThan(0);
    const names = all.map((rule) => rule.alert);
    expect(new Set(names).size, `duplicate alert names in ${names.join(', ')}`).toBe(names.length);
    expect(new Set(all.map((rule) => rule.labels.severity))).toEqual(
      new Set(['warning', 'critical']),
    );
  });

  it('[OP1] every metric an expression uses is one Ratify exports', async () => {
    const series = await exportedSeries();
    const unknown = all.flatMap((rule) =>
      metricNamesIn(rule.expr)
        .filter((name) => !series.has(name) && !EXTERNAL_SERIES.has(name))
        .map((name) => `${rule.alert}: ${name}`),
    );
    expect(unknown, 'metrics not exported by apps/server/src/metrics.ts').toEqual([]);
    const used = new Set(all.flatMap((rule) => metricNamesIn(rule.expr)));
    for (const name of [
      'ratify_persist_seconds_bucket',
      'ratify_broadcast_seconds_bucket',
      'ratify_rejected_messages_total',
      'ratify_connections',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(used.has(name), `no rule uses ${name}`).toBe(true);
    }
  });

  it('[OP1] the metric-name check sees through PromQL syntax', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (instance, le) (rate(ratify_persist_seconds_bucket{job="ratify", reason=~"a|b"}[5m]))) > 0.1 and on(instance) up == 1',
      ).sort(),
    ).toEqual(['ratify_persist_seconds_bucket', 'up']);
    expect(metricNamesIn('ratify_typo_total > 2.8e9')).toEqual(['ratify_typo_total']);
  });
});
