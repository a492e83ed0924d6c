/**
 * Times user-supplied patterns as Keysweep runs them, in a worker (see worker-timeout.ts) so that a pattern that
 * backtracks forever is reported instead of hanging the test run.
 *
 * A case is a pattern and the alphabet it is fed: as a custom rule of a `.keysweep.json`, its rule set is built with
 * `buildRuleSet` and it scans `size` characters of the alphabet (one line, then short lines), without and with the
 * pattern's final character at the very end — the classic way to make a backtracking engine try every split before
 * failing. As an allowlist regex, it is tested against a secret of the alphabet. Only the public config path is
 * used (schema -> buildRuleSet -> scanText), so the same cases run against any version of the engine.
 */
import { performance } from 'node:perf_hooks';
import { keysweepConfigSchema } from '../../src/config/keysweep-config';
import { buildRuleSet } from '../../src/config/rule-set';
import { scanText } from '../../src/engine';
import type { CompiledRuleSet } from '../../src/engine/types';
import { seedFrom, seededRandom } from '../../src/rules/example-template';
import { postResult, runEachInWorker, workerItems } from './worker-timeout';

export interface PatternCase {
  pattern: string;
  /** Characters of the adversarial input. */
  alphabet: string;
  /** Appended once at the end of one input (the character the pattern needs last, or one that breaks it). */
  final: string;
  as: 'rule' | 'allowlist';
  /** Characters of input (default 64 KB). */
  size?: number;
}

export interface PatternTiming {
  pattern: string;
  as: PatternCase['as'];
  /** The config was refused (the message shown to the user). */
  error?: string;
  /** Milliseconds per input kind. */
  runs: Record<string, number>;
}

/** Every custom rule is triggered by this keyword, put at the start of each input. */
export const FUZZ_KEYWORD = 'zq';

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function timeCase(c: PatternCase): PatternTiming {
  const size = c.size ?? 64 * 1024;
  const rand = seededRandom(seedFrom(`${c.as}:${c.pattern}`));
  const run = Array.from({ length: size }, () => c.alphabet[Math.floor(rand() * c.alphabet.length)]).join('');
  const result: PatternTiming = { pattern: c.pattern, as: c.as, runs: {} };
  let set: CompiledRuleSet;
  try {
    const config = keysweepConfigSchema.parse(
      c.as === 'rule'
        ? { rules: [{ id: 'fuzzed', description: 'fuzzed', keywords: [FUZZ_KEYWORD], pattern: c.pattern }] }
        : { allowlist: { regexes: [c.pattern] } },
    );
    set = buildRuleSet(config);
  } catch (err) {
    result.error = (err as Error).message;
    return result;
  }
  if (c.as === 'rule') {
    let lines = '';
    for (let i = 0; i < run.length; ) {
      const n = 20 + Math.floor(rand() * 180);
      lines += `${run.slice(i, i + n)}\n`;
      i += n;
    }
    result.runs['one line'] = time(() => scanText(`${FUZZ_KEYWORD} ${run}`, 'fuzz.txt', set));
    result.runs['one line + final'] = time(() => scanText(`${FUZZ_KEYWORD} ${run}${c.final}`, 'fuzz.txt', set));
    result.runs['short lines + final'] = time(() => scanText(`${FUZZ_KEYWORD} ${lines}${c.final}`, 'fuzz.txt', set));
  } else {
    // Older engines appended allowlist regexes to every rule's allow list; newer ones keep them on the set.
    const allow = (set as { allowlist?: Array<{ test(s: string): boolean }> }).allowlist?.[0] ?? set.rules[0]!.allow.at(-1)!;
    const secret = run.slice(0, Math.min(size, 4096));
    result.runs['secret'] = time(() => allow.test(secret));
    result.runs['secret + final'] = time(() => allow.test(`${secret}${c.final}`));
  }
  return result;
}

/** Times each case in a worker; a case with no answer within `perCaseMs` is in `hung`. */
export function timePatterns(cases: readonly PatternCase[], perCaseMs: number): Promise<{ results: PatternTiming[]; hung: string[] }> {
  return runEachInWorker<PatternCase, PatternTiming>(__filename, cases, perCaseMs, (c) => `${c.as} ${JSON.stringify(c.pattern)}`);
}

for (const c of workerItems<PatternCase>(__filename) ?? []) postResult(timeCase(c));
