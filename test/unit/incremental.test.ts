/** Window re-scans after edits give the same findings as a full scan. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRuleSet, scanText } from '../../src/engine';
import type { Finding } from '../../src/engine/types';
import { builtinRules } from '../../src/rules';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { FindingTracker } from '../../src/server/incremental';
import { TextBuffer } from '../../src/server/text-buffer';

const set = compileRuleSet(builtinRules);
const rand = seededRandom(99);
const key = () => expandTemplate('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}', rand);

function windowScan(tracker: FindingTracker, text: string): void {
  const w = tracker.window(new TextBuffer(text))!;
  const found = scanText(text.slice(w.start, w.end), 'a.ts', set).map((f): Finding => ({ ...f, start: f.start + w.start, end: f.end + w.start }));
  tracker.merge(w, found);
}

const spans = (fs: Finding[]) => fs.map((f) => [f.start, f.end, f.ruleId]);

describe('incremental re-scan', () => {
  it('matches a full scan through random inserts and deletes', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 400 === 5 ? `const k${i} = "${key()}";` : `const v${i} = compute(${i}); // note`));
    let text = lines.join('\n');
    const tracker = new FindingTracker();
    tracker.reset(scanText(text, 'a.ts', set));
    assert.equal(tracker.findings.length, 8);
    for (let step = 0; step < 200; step++) {
      const at = Math.floor(rand() * text.length);
      const del = rand() < 0.3 ? Math.floor(rand() * 40) : 0;
      const insert = rand() < 0.1 ? `\nconst fresh = "${key()}";\n` : rand() < 0.5 ? 'x' : '\n';
      tracker.applyChange(at, Math.min(text.length, at + del), insert.length);
      text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + del));
      if (step % 3 === 0) {
        windowScan(tracker, text);
        assert.deepEqual(spans(tracker.findings), spans(scanText(text, 'a.ts', set)), `diverged at step ${step}`);
      }
    }
  });

  it('finds a multi-line private key edited in its middle', () => {
    const body = Array.from({ length: 40 }, () => expandTemplate('{{b64:64}}', rand)).join('\n');
    let text = `${'// filler\n'.repeat(500)}const pem = \`-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\`;\n${'// filler\n'.repeat(500)}`;
    const tracker = new FindingTracker();
    tracker.reset(scanText(text, 'a.ts', set));
    const mid = text.indexOf(body) + Math.floor(body.length / 2);
    tracker.applyChange(mid, mid + 1, 1);
    text = text.slice(0, mid) + 'Q' + text.slice(mid + 1);
    windowScan(tracker, text);
    assert.deepEqual(spans(tracker.findings), spans(scanText(text, 'a.ts', set)));
  });
});
