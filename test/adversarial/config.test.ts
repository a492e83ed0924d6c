/**
 * Hostile `.keysweep.json` files (issue 8, items 13–16 for the config): in CI the config can come with a pull
 * request, and a folder opened from a zip brings its own.
 *
 * - Size: a huge file is refused before it is read (a 100 MB one aborted Node with an out-of-memory trace), and every
 *   list in the schema is bounded, so a small file cannot explode either.
 * - Opening: a FIFO named `.keysweep.json` does not hang the CLI; a symlinked one is refused, not followed.
 * - Messages: a key the schema does not know is described, never quoted (it could be a token).
 * - What custom rules can reveal: a config that rebuilt a whole `ghp_` token from which of its 2,232 one-character
 *   rules fired where, and cleverer variants (mask tails of the config's choosing, positions that encode characters),
 *   must not let this test rebuild the token from the CLI's text, JSON or SARIF output.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { runCli, tempDir, writeTree } from '../support/cli';

const rand = seededRandom(15_2026);

function withFolder(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = tempDir();
  try {
    writeTree(dir, files);
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertOneLineError(r: { status: number | null; stderr: string }, expected: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, expected);
  assert.equal(r.stderr.trim().split('\n').length, 1, `not one line: ${r.stderr}`);
}

describe('.keysweep.json size and shape', () => {
  it('a 10 MB config is refused at once with one line, exit 2', () => {
    const big = JSON.stringify({ skipDirs: Array.from({ length: 600_000 }, (_, i) => `generated-${i}`) });
    assert.ok(big.length > 10_000_000);
    withFolder({ '.keysweep.json': big, 'a.txt': 'nothing\n' }, (dir) => {
      const started = Date.now();
      const r = runCli(['scan', '.'], { cwd: dir, timeoutMs: 60_000 });
      assertOneLineError(r, /cannot read config .*\.keysweep\.json: it is larger than 1048576 bytes, the limit for a config file/);
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    });
  });

  it('every list is bounded: a small file cannot ask for thousands of anything', () => {
    const rule = (i: number) => ({ id: `r${i}`, description: 'd', keywords: ['zz'], pattern: `zz${i}[a-z]{8}` });
    const cases: Array<[unknown, RegExp]> = [
      [{ rules: Array.from({ length: 51 }, (_, i) => rule(i)) }, /rules: at most 50 custom rules/],
      [{ allowlist: { regexes: Array.from({ length: 51 }, (_, i) => `^x${i}`) } }, /allowlist\.regexes: at most 50 allowlist regexes/],
      [{ skipDirs: Array.from({ length: 1001 }, (_, i) => `d${i}`) }, /skipDirs: at most 1000 entries/],
      [{ rules: [{ ...rule(0), keywords: Array.from({ length: 21 }, (_, i) => `kw${i}`) }] }, /rules\[0\]\.keywords: at most 20 keywords/],
      [{ rules: [{ ...rule(0), description: 'ok\u001b]52;c;cHduZWQ=\u0007' }] }, /rules\[0\]\.description: must be one line of printable text/],
    ];
    for (const [config, expected] of cases) {
      const text = JSON.stringify(config);
      assert.ok(text.length < 64 * 1024);
      withFolder({ '.keysweep.json': text }, (dir) => assertOneLineError(runCli(['scan', '.'], { cwd: dir }), expected));
    }
    // The caps leave room for real configs.
    withFolder({ '.keysweep.json': JSON.stringify({ rules: Array.from({ length: 50 }, (_, i) => rule(i)) }), 'a.txt': 'x\n' }, (dir) =>
      assert.equal(runCli(['scan', '.'], { cwd: dir }).status, 0),
    );
  });

  it('a FIFO named .keysweep.json does not hang the CLI', () => {
    withFolder({ 'a.txt': 'nothing\n' }, (dir) => {
      execFileSync('mkfifo', [join(dir, '.keysweep.json')]);
      const r = runCli(['scan', '.'], { cwd: dir, timeoutMs: 15_000 });
      assert.notEqual(r.status, null, 'the CLI hung on the FIFO');
      assertOneLineError(r, /cannot read config .*\.keysweep\.json: not a regular file/);
    });
  });

  it('a symlinked .keysweep.json is refused, not followed', () => {
    withFolder({ 'elsewhere/real.json': JSON.stringify({ disabledRules: ['openai-project-key'] }), 'a.txt': 'nothing\n' }, (dir) => {
      symlinkSync(join(dir, 'elsewhere', 'real.json'), join(dir, '.keysweep.json'));
      assertOneLineError(runCli(['scan', '.'], { cwd: dir }), /cannot read config .*\.keysweep\.json: it is a symlink, which Keysweep does not follow/);
    });
  });

  it('errors name where and what, never a key or value of the file', () => {
    const token = expandTemplate('{{gh:ghp}}', rand);
    const cases: Array<[unknown, RegExp]> = [
      [{ [token]: true }, /\.keysweep\.json: \(top level\): a key Keysweep does not know \(not repeated here: a key could be anything\); known keys: /],
      [{ allowlist: { [token]: [] } }, /allowlist: a key Keysweep does not know .*known keys: paths, regexes$/m],
      [{ rules: [{ id: 'a', description: 'd', keywords: ['zz'], pattern: 'zz', [token]: 1, [`${token}x`]: 2 }] }, /rules\[0\]: 2 keys Keysweep does not know/],
      [{ rules: [{ id: token, description: 'd', keywords: ['zz'], pattern: 'zz' }] }, /rules\[0\]\.id: must be kebab-case/],
      [{ disabledRules: token }, /disabledRules: Invalid input: expected array, received string/],
    ];
    for (const [config, expected] of cases) {
      withFolder({ '.keysweep.json': JSON.stringify(config) }, (dir) => {
        const r = runCli(['scan', '.'], { cwd: dir });
        assertOneLineError(r, expected);
        assert.ok(!r.stderr.includes(token.slice(4, 16)), `the token leaked: ${r.stderr}`);
      });
    }
  });
});

// ------------------------------------------------------------------------------------------------ what rules reveal

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const escapeChar = (c: string): string => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Seen {
  ruleId: string;
  line: number;
  column: number;
  masked: string;
}

/** The findings of one scan in each output format, reduced to what an attacker reads from them. */
function scanAllFormats(dir: string): Array<{ format: string; status: number | null; out: string; seen: Seen[] }> {
  const text = runCli(['scan', '.'], { cwd: dir });
  const json = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
  const sarif = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
  const parseJson = (out: string): Seen[] => (out ? (JSON.parse(out) as { findings: Seen[] }).findings : []);
  const parseSarif = (out: string): Seen[] =>
    out
      ? (
          JSON.parse(out) as {
            runs: Array<{ results: Array<{ ruleId: string; properties: { masked: string }; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }>;
          }
        ).runs[0]!.results.map((r) => ({
          ruleId: r.ruleId,
          masked: r.properties.masked,
          line: r.locations[0]!.physicalLocation.region.startLine,
          column: r.locations[0]!.physicalLocation.region.startColumn,
        }))
      : [];
  const parseText = (out: string): Seen[] =>
    [...out.matchAll(/^\S+?:(\d+):(\d+) {2}\S+ {2}.* {2}(\S+) {2}\[([a-z0-9-]+) · /gm)].map((m) => ({
      line: Number(m[1]),
      column: Number(m[2]),
      masked: m[3]!,
      ruleId: m[4]!,
    }));
  return [
    { format: 'text', status: text.status, out: text.stdout + text.stderr, seen: parseText(text.stdout) },
    { format: 'json', status: json.status, out: json.stdout + json.stderr, seen: parseJson(json.stdout) },
    { format: 'sarif', status: sarif.status, out: sarif.stdout + sarif.stderr, seen: parseSarif(sarif.stdout) },
  ];
}

/** Nothing of the token beyond what the built-in rule's own mask shows (`ghp_…` and its last 4) is in `out`. */
function assertNoWindowOfToken(token: string, out: string, what: string): void {
  for (let i = 0; i + 5 <= token.length; i++) {
    assert.ok(!out.includes(token.slice(i, i + 5)), `${what}: the output holds "${token.slice(i, i + 5)}" of the token`);
  }
}

describe('a hostile config cannot spell out a token through its custom rules', () => {
  const token = expandTemplate('{{gh:ghp}}', rand);
  const body = token.slice(4);
  const tokenLine = `GITHUB_TOKEN=${token}`;
  // After the token, lines where rules can place what they report according to what they read.
  const filler = Array.from({ length: 60 }, () => expandTemplate('{{alnum:40}}', rand)).join('\n');
  const envFile = `# deploy\n${tokenLine}\n${filler}\n`;

  function attack(rules: unknown[], decode: (seen: Seen[]) => Map<number, string>): Array<{ format: string; status: number | null; recovered: number }> {
    const outcomes: Array<{ format: string; status: number | null; recovered: number }> = [];
    withFolder({ '.env': envFile, '.keysweep.json': JSON.stringify({ rules }) }, (dir) => {
      for (const { format, status, out, seen } of scanAllFormats(dir)) {
        const recovered = decode(seen);
        const right = [...recovered].filter(([i, c]) => body[i] === c).length;
        assertNoWindowOfToken(token, out, format);
        outcomes.push({ format, status, recovered: right });
      }
    });
    return outcomes;
  }

  it("the issue's attack: 2,232 one-character rules whose ids name offset and character", () => {
    const rules = [...body].flatMap((_, k) =>
      [...ALPHABET].map((c) => ({ id: `p${k}-${c.charCodeAt(0)}`, description: 'x', keywords: ['ghp_'], pattern: `ghp_[A-Za-z0-9]{${k}}(?<secret>${escapeChar(c)})` })),
    );
    const decode = (seen: Seen[]) => {
      const out = new Map<number, string>();
      for (const s of seen) {
        const m = /^p(\d+)-(\d+)$/.exec(s.ruleId);
        if (m) out.set(Number(m[1]), String.fromCharCode(Number(m[2])));
      }
      return out;
    };
    for (const o of attack(rules, decode)) assert.equal(o.recovered, 0, `${o.format}: ${o.recovered} of ${body.length} characters recovered`);
    // The same within the rule-count limit: accepted, and still nothing.
    for (const o of attack(rules.slice(0, 50), decode)) {
      assert.equal(o.status, 1, `${o.format} (50 rules): the config is accepted`);
      assert.equal(o.recovered, 0, `${o.format} (50 rules): ${o.recovered} recovered`);
    }
  });

  it('eight-character secrets on lines of their own: which rule fired spells out the bits of each character', () => {
    // Rule b<i>-<bit> reads body character i and matches only if that character's index in ALPHABET has the bit set;
    // its secret sits on a line of its own (line 3 + i*6 + bit), so no two rules' findings overlap.
    const rules: unknown[] = [];
    for (let i = 0; i < 8; i++) {
      for (let bit = 0; bit < 6; bit++) {
        const chars = [...ALPHABET].filter((_, j) => j & (1 << bit)).join('');
        rules.push({ id: `b${i}-${bit}`, description: 'x', keywords: ['ghp_'], pattern: `ghp_[A-Za-z0-9]{${i}}[${chars}][^\n]*\n(?:[^\n]*\n){${i * 6 + bit}}(?<secret>[A-Za-z0-9]{8})` });
      }
    }
    const decode = (seen: Seen[]) => {
      const bits = new Map<number, number>();
      for (const s of seen) {
        const m = /^b(\d+)-(\d)$/.exec(s.ruleId);
        if (m) bits.set(Number(m[1]), (bits.get(Number(m[1])) ?? 0) | (1 << Number(m[2])));
      }
      return new Map([...bits].map(([i, b]) => [i, ALPHABET[b] ?? '?']));
    };
    for (const o of attack(rules, decode)) {
      assert.equal(o.status, 1, `${o.format}: the config is accepted (the defence is not a refusal)`);
      assert.equal(o.recovered, 0, `${o.format}: ${o.recovered} of 8 characters recovered`);
    }
  });

  it("masks of the config's choosing: secret groups that end four characters further each time", () => {
    // One rule per run (they would overlap each other): each run's mask tail would be the next 4 characters.
    const recovered = new Map<number, string>();
    for (let m = 4; m <= body.length; m += 4) {
      const rule = { id: `t${m}`, description: 'x', keywords: ['ghp_'], pattern: `(?<secret>GITHUB_TOKEN=ghp_[A-Za-z0-9]{${m}})` };
      withFolder({ '.env': envFile, '.keysweep.json': JSON.stringify({ rules: [rule] }) }, (dir) => {
        for (const { format, status, out, seen } of scanAllFormats(dir)) {
          assert.equal(status, 1, `${format}, t${m}: the config is accepted`);
          assertNoWindowOfToken(token, out, `${format}, t${m}`);
          for (const s of seen.filter((x) => x.ruleId === rule.id)) {
            const tail = s.masked.split('…')[1] ?? '';
            [...tail].forEach((c, k) => recovered.set(m - tail.length + k, c));
          }
        }
      });
    }
    const right = [...recovered].filter(([i, c]) => body[i] === c).length;
    assert.equal(right, 0, `${right} of ${body.length} characters recovered from masks`);
  });

  it('the token itself is still reported, by the built-in rule, with its usual mask', () => {
    withFolder({ '.env': envFile, '.keysweep.json': JSON.stringify({ rules: [{ id: 'mine', description: 'x', keywords: ['ghp_'], pattern: 'ghp_[A-Za-z0-9]{36}' }] }) }, (dir) => {
      const json = scanAllFormats(dir).find((f) => f.format === 'json')!;
      assert.deepEqual(json.seen.map((s) => [s.ruleId, s.line, s.masked]), [['github-pat-classic', 2, `ghp_…${token.slice(-4)}`]]);
    });
  });
});
