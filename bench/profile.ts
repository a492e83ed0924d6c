// Where Keysweep's time goes on the bench corpus, in one thread: walking, reading + decoding, the keyword prefilter,
// and each rule's regex (the rules that cost most, with how many files and MB their keywords sent them to).
// Bundled and run by bench/profile.mjs; reads the corpus bench/scan.mjs installs. Reports, never asserts.
import { defaultConfig } from '../src/config/keysweep-config';
import { buildRuleSet } from '../src/config/rule-set';
import { KeywordMatcher } from '../src/engine/keyword-matcher';
import { scanText } from '../src/engine/scan';
import { readForScan } from '../src/workspace/read-file';
import { emptySkipCounts, walk, type WalkedFile } from '../src/workspace/walk';

const root = process.argv[2]!;
const top = Number(process.argv[3] ?? 15);

async function main(): Promise<void> {
  let t = performance.now();
  const files: WalkedFile[] = [];
  for await (const f of walk(root, root, { skipDirs: new Set(['.git', 'node_modules']) }, emptySkipCounts())) files.push(f);
  const walkMs = performance.now() - t;

  t = performance.now();
  const texts: Array<{ path: string; text: string }> = [];
  let bytes = 0;
  for (const f of files) {
    const r = readForScan(f.path, 1024 ** 3);
    if ('text' in r) {
      texts.push({ path: f.relPath, text: r.text });
      bytes += r.bytes;
    }
  }
  const readMs = performance.now() - t;

  t = performance.now();
  const set = buildRuleSet(defaultConfig());
  const compileMs = performance.now() - t;

  // The prefilter as scan.ts runs it, keeping which rules each file triggers.
  const keywords = [...set.rulesByKeyword.keys()];
  const rulesOf = [...set.rulesByKeyword.values()];
  const matcher = KeywordMatcher.build(keywords);
  t = performance.now();
  const triggered: Uint8Array[] = [];
  for (const { text } of texts) {
    const hit = new Uint8Array(set.rules.length);
    if (matcher) {
      matcher.scan(text, (k) => {
        for (const i of rulesOf[k]!) hit[i] = 1;
        return false;
      });
    } else {
      const re = set.keywordRegex;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        for (const i of set.rulesByKeyword.get(m[0].toLowerCase()) ?? []) hit[i] = 1;
        re.lastIndex = m.index + 1;
      }
    }
    triggered.push(hit);
  }
  const prefilterMs = performance.now() - t;

  // The regex alternation the matcher replaced (still the fallback for non-ASCII keywords), for comparison.
  t = performance.now();
  for (const { text } of texts) {
    const re = set.keywordRegex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      void set.rulesByKeyword.get(m[0].toLowerCase());
      re.lastIndex = m.index + 1;
    }
  }
  const regexPrefilterMs = performance.now() - t;

  // Each triggered rule's regex alone (path-scoped rules only on their paths), as scanText runs it.
  const cost = new Float64Array(set.rules.length);
  const runs = new Int32Array(set.rules.length);
  const chars = new Float64Array(set.rules.length);
  texts.forEach(({ path, text }, f) => {
    set.rules.forEach((rule, i) => {
      if (!triggered[f]![i] || (rule.pathRegex && !rule.pathRegex.test(path))) return;
      const re = rule.regex;
      const started = performance.now();
      if (re instanceof RegExp) {
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(text)) !== null) if (m[0].length === 0) re.lastIndex++;
      } else {
        for (const _ of re.matches(text));
      }
      cost[i] = cost[i]! + performance.now() - started;
      runs[i] = runs[i]! + 1;
      chars[i] = chars[i]! + text.length;
    });
  });
  const rulesMs = cost.reduce((a, b) => a + b, 0);

  t = performance.now();
  let findings = 0;
  for (const { path, text } of texts) findings += scanText(text, path, set).length;
  const scanMs = performance.now() - t;

  const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
  console.log(`corpus ${root}: ${texts.length} text files, ${(bytes / 1e6).toFixed(1)} MB; ${set.rules.length} rules, ${keywords.length} keywords`);
  console.log(`${ms(walkMs)}  walk (${files.length} files)`);
  console.log(`${ms(readMs)}  read + decode`);
  console.log(`${ms(compileMs)}  compile the rule set (once per thread)`);
  console.log(`${ms(prefilterMs)}  keyword prefilter (${matcher ? 'Aho-Corasick' : 'regex alternation'})`);
  console.log(`${ms(regexPrefilterMs)}  (the same with the case-insensitive regex alternation it replaced)`);
  console.log(`${ms(rulesMs)}  rule regexes, all triggered rules`);
  console.log(`${ms(scanMs)}  scanText end to end (prefilter + regexes + filters + findings: ${findings})`);
  console.log(`\nrules by regex time (top ${top}):`);
  const order = [...cost.keys()].sort((a, b) => cost[b]! - cost[a]!).slice(0, top);
  for (const i of order) {
    const spec = set.rules[i]!.spec;
    console.log(
      `${ms(cost[i]!)}  ${spec.id.padEnd(34)} ${String(runs[i]).padStart(6)} files ${(chars[i]! / 1e6).toFixed(1).padStart(6)} MB` +
        `  keywords ${spec.keywords.slice(0, 4).join(' ')}${spec.keywords.length > 4 ? ' …' : ''}`,
    );
  }
}

void main();
