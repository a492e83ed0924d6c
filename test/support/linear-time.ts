/**
 * Linear-time measurement of rules, run in a worker thread so that a rule with catastrophic backtracking (which no
 * synchronous code can interrupt) is reported by id instead of hanging the test run: the test terminates the worker
 * when one rule takes too long, and starts a new one at the next rule.
 *
 * For each rule, adversarial inputs are built from the rule itself: its keyword in the example's own casing, its
 * first positive example cut just before the end of the secret or in its middle (flattened to one line, and raw),
 * the secret's alphabet run on to the end of the input, the keyword packed back to back (alone and with half a
 * secret). Each is scanned at 100 KB and 1 MB with only that rule compiled (default scan options, as users run
 * it). A backtracking blow-up is quadratic or worse, so it shows as a 1 MB / 100 KB ratio near 100, not 10.
 */
import { performance } from 'node:perf_hooks';
import { compileRuleSet, scanText } from '../../src/engine';
import type { CompiledRuleSet, RuleSpec } from '../../src/engine/types';
import { expandTemplate, seedFrom, seededRandom } from '../../src/rules/example-template';
import { concreteExample } from './rule-examples';
import { postResult, runEachInWorker, workerItems } from './worker-timeout';

export const KB100 = 100 * 1024;
export const MB1 = 1024 * 1024;

export interface LinearResult {
  id: string;
  /** The input kind with the worst ratio. */
  input: string;
  t100k: number;
  t1m: number;
  ratio: number;
  /** 1 MB time over the allowed bound (25 x the 100 KB time + 50 ms) for some input. */
  over: boolean;
}

/** Adversarial inputs for one rule: each a function of the wanted size (mostly one unit repeated). */
export function adversarialInputs(rule: RuleSpec): { path: string; inputs: Record<string, (size: number) => string> } {
  const rand = seededRandom(seedFrom(`linear:${rule.id}`));
  const { path, text } = concreteExample(rule, rule.examples.positive[0]!, 0, 'positive');
  const found = scanText(text, path, compileRuleSet([rule]))[0];
  const [start, end] = found ? [found.start, found.end] : [0, text.length];
  const secret = text.slice(start, end);
  // The secret's characters, without those it ends with: a run of them keeps the pattern going without completing it.
  const tail = new Set(secret.slice(-2));
  const chars = [...new Set(secret.replace(/\s/g, ''))];
  const alphabet = chars.filter((c) => !tail.has(c)).join('') || chars.join('') || 'a';
  const run = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const filler = (n: number): string => expandTemplate(`{{alnum:${n}}}`, rand);
  const flat = (s: string): string => s.replace(/[\r\n]+/g, ' ');
  // The keyword as the example spells it (keywords are lowercase, patterns often are not).
  const lowered = text.toLowerCase();
  const kw = rule.keywords.find((k) => lowered.includes(k)) ?? rule.keywords[0]!;
  const at = lowered.indexOf(kw);
  const keyword = at >= 0 ? text.slice(at, at + kw.length) : kw;
  const nearEnd = text.slice(0, Math.max(start + 1, end - 2));
  const half = text.slice(0, start + Math.ceil(secret.length / 2));
  const repeated = (unit: string) => (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const runOnUnit = run(1 << 20);
  return {
    path,
    inputs: {
      'example cut near its end + filler': repeated(`${keyword} ${flat(nearEnd)} ${filler(1 + Math.floor(rand() * 20))} `),
      'example cut near its end, raw': repeated(`${keyword}\n${nearEnd}\n`),
      'example cut in the middle of the secret': repeated(`${keyword} ${flat(half)} `),
      // The keyword (so the prefilter lets the rule run), one start, then the secret's alphabet to the end of the
      // input: a run that grows with the input.
      'secret alphabet run-on': (size) =>
        `${keyword} ${flat(text.slice(0, start + Math.min(12, secret.length)))}${runOnUnit}`.slice(0, size),
      'keyword repeated': repeated(keyword),
      'keyword + half secret': repeated(`${keyword}${secret.slice(0, Math.ceil(secret.length / 2))}`),
    },
  };
}

function timeScan(text: string, path: string, set: CompiledRuleSet): number {
  const t0 = performance.now();
  scanText(text, path, set);
  return performance.now() - t0;
}

function best(n: number, f: () => number): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, f());
  return min;
}

/** Measures one rule on each adversarial input; best of 3 at 100 KB, and at 1 MB whenever the first run is over. */
export function measureRule(rule: RuleSpec): LinearResult {
  const set = compileRuleSet([rule]);
  const { path, inputs } = adversarialInputs(rule);
  let worst: LinearResult = { id: rule.id, input: '', t100k: 0, t1m: 0, ratio: 0, over: false };
  for (const [name, input] of Object.entries(inputs)) {
    const small = input(KB100);
    const large = input(MB1);
    timeScan(small.slice(0, 4096), path, set); // warm up: V8 tiers a regex up from its interpreter to native code
    const t100k = best(3, () => timeScan(small, path, set));
    const limit = 25 * t100k + 50;
    let t1m = timeScan(large, path, set);
    if (t1m > limit) t1m = Math.min(t1m, best(2, () => timeScan(large, path, set)));
    const over = t1m > limit;
    const ratio = t1m / Math.max(t100k, 0.05);
    if (over || (!worst.over && ratio > worst.ratio)) worst = { id: rule.id, input: name, t100k, t1m, ratio, over };
  }
  return worst;
}

/**
 * Measures every rule in a worker; a rule that does not finish within `perRuleMs` is reported in `hung` and the
 * worker is replaced.
 */
export async function measureRules(
  rules: readonly RuleSpec[],
  perRuleMs: number,
): Promise<{ results: LinearResult[]; hung: string[] }> {
  const { results, hung } = await runEachInWorker<RuleSpec, LinearResult>(__filename, rules, perRuleMs, (r) => r.id);
  return { results, hung: hung.map((h) => (h.endsWith(' ms') ? `${h} (catastrophic backtracking?)` : h)) };
}

for (const rule of workerItems<RuleSpec>(__filename) ?? []) postResult(measureRule(rule));
