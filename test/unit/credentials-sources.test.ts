/**
 * Every credential source in every state, read in-process: absent, healthy, expired, world- and group-readable,
 * malformed, empty, a directory where the file should be, a symlink loop. (Unreadable files are tested through
 * the CLI run as an unprivileged user in cli-creds-states.test.ts: root reads through chmod 000.)
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readAll, SOURCES } from '../../src/credentials/registry';
import type { LocalCredential } from '../../src/credentials/types';
import { generatedSecrets, testContext } from '../support/fake-home';
import { SOURCE_FIXTURES } from '../support/fake-home-sources';
import { expected, homeInState, STATE_PROBLEM, STATES, type HomeState } from '../support/fake-home-states';

function mainItem(items: LocalCredential[], sourceId: string, path: string): LocalCredential | undefined {
  return items.find((c) => c.sourceId === sourceId && ((c.location.type === 'file' && c.location.path === path) || (c.location.type === 'env' && c.location.path === path)));
}

describe('credential sources × states', () => {
  it('every source in the registry has a fixture, Codex CLI first', () => {
    assert.equal(SOURCES[0]!.id, 'codex');
    assert.deepEqual(
      SOURCES.map((s) => s.id).sort(),
      SOURCE_FIXTURES.map((f) => f.id).sort(),
    );
  });

  const inProcess: HomeState[] = STATES.filter((s) => s !== 'unreadable' || process.getuid?.() !== 0);
  for (const state of inProcess) {
    it(`state "${state}": each source reports it correctly and nothing throws`, async () => {
      const home = homeInState(state);
      const items = await readAll(testContext(home));
      for (const f of SOURCE_FIXTURES) {
        const mine = items.filter((c) => c.sourceId === f.id);
        const want = expected(f, state);
        const main = mainItem(items, f.id, join(home, f.main));
        const where = `${f.id} in state ${state}`;
        assert.ok(!mine.some((c) => c.id.endsWith(':error')), `${where}: the source failed outright`);
        if (want === 'none') {
          assert.deepEqual(mine, [], `${where}: expected nothing, got ${mine.map((c) => c.id).join(', ')}`);
          continue;
        }
        assert.ok(main, `${where}: no item for ${f.main} (got ${mine.map((c) => `${c.id}=${c.state}`).join(', ') || 'nothing'})`);
        assert.equal(main.state, want, `${where}: ${main.state} (${main.problems.map((p) => p.code).join(', ')})`);
        assert.ok(main.label.length > 0 && main.tool.length > 0);
        const code = STATE_PROBLEM[state];
        if (code && (state !== 'expired' || f.expired)) {
          assert.ok(main.problems.some((p) => p.code === code), `${where}: missing problem ${code} (has ${main.problems.map((p) => p.code).join(', ')})`);
        }
        if (want === 'present' && state !== 'expired') assert.ok(!main.problems.some((p) => p.code === 'expired'), `${where}: not expired`);
        if (want === 'present' && f.maskedPrefix) assert.ok(main.masked?.startsWith(f.maskedPrefix), `${where}: masked ${main.masked}`);
        if (want !== 'present') assert.ok(main.problems.length > 0 && main.problems[0]!.message.includes(f.main.split('/').pop()!), `${where}: the problem names the file`);
        if (state === 'healthy') assert.ok(!main.problems.some((p) => p.code === 'world-readable' || p.code === 'group-readable'), `${where}: 0600 is fine`);
      }
      const text = JSON.stringify(items);
      for (const secret of generatedSecrets) assert.ok(!text.includes(secret), 'no secret value in any item');
    });
  }
});
