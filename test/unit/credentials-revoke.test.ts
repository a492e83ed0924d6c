/**
 * Carrying out revoke plans: entry removal that leaves every other byte as it was (JSON members, lines, .netrc
 * machines, INI sections), atomic rewrites that keep the mode, deletes that never follow a symlink out of the
 * source's folder, logout commands run with their environment, fallbacks only when the logout failed.
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lineKey, removedOnly, removeIniSection, removeJsonKey, removeLines, removeNetrcMachine, toPointer } from '../../src/credentials/entry-edit';
import type { Exec } from '../../src/credentials/exec';
import { deleteEntry, deleteFile, executePlan } from '../../src/credentials/revoke';
import type { RevokePlan } from '../../src/credentials/types';
import { fake, makeSymlinkLoop, memoryKeychain, tempHome, testContext, writeFiles } from '../support/fake-home';

/** `after` must be `before` with exactly the bytes [from, to) cut out. */
function assertCut(before: string, after: string, removed: string): void {
  const at = before.indexOf(removed);
  assert.ok(at >= 0, `expected to remove ${JSON.stringify(removed)}`);
  assert.equal(after, before.slice(0, at) + before.slice(at + removed.length));
}

describe('removing one JSON member', () => {
  const doc = '{\n  "a|1": {"token": "x", "n": [1, {"b": 2}]},\n    "mid" : true ,\n  "last|2": "y"\n}\n';

  it('first, middle and last members, formatting of the rest untouched', () => {
    assertCut(doc, removeJsonKey(doc, '/a|1').text, '"a|1": {"token": "x", "n": [1, {"b": 2}]},\n    ');
    assertCut(doc, removeJsonKey(doc, '/mid').text, '"mid" : true ,\n  ');
    assertCut(doc, removeJsonKey(doc, '/last|2').text, ' ,\n  "last|2": "y"');
    for (const key of ['a|1', 'mid', 'last|2']) {
      const expected = JSON.parse(doc) as Record<string, unknown>;
      delete expected[key];
      assert.deepEqual(JSON.parse(removeJsonKey(doc, toPointer([key])).text), expected);
    }
  });

  it('the only member, a nested member by JSON Pointer, escaped keys, and a missing key', () => {
    assert.equal(removeJsonKey('{ "only": 1 }', '/only').text, '{}');
    const docker = '{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {"auth": "QQ=="},\n\t\t"ghcr.io": {}\n\t},\n\t"credsStore": "desktop"\n}';
    const out = removeJsonKey(docker, toPointer(['auths', 'https://index.docker.io/v1/'])).text;
    assertCut(docker, out, '"https://index.docker.io/v1/": {"auth": "QQ=="},\n\t\t');
    assert.equal(removeJsonKey('{"a\\"b": 1, "c": 2}', '/a"b').text, '{"c": 2}');
    assert.deepEqual(removeJsonKey(doc, '/nope'), { text: doc, removed: 0 });
    assert.throws(() => removeJsonKey('{"a": ', '/a'), /not valid JSON/);
    assert.throws(() => removeJsonKey(doc, 'mid'), /not a JSON Pointer/, 'an entry is always a pointer, never "a key unless it starts with /"');
  });
});

describe('removing lines, .netrc machines, INI sections', () => {
  it('line keys never contain the secret', () => {
    const t = fake.githubToken('ghp');
    assert.equal(lineKey(`https://monalisa:${t}@github.com`), 'https://monalisa@github.com');
    assert.equal(lineKey(`//registry.npmjs.org/:_authToken=${t}`), '//registry.npmjs.org/:_authToken');
    assert.equal(lineKey(`export OPENAI_API_KEY="${t}"`), 'export OPENAI_API_KEY');
    assert.equal(lineKey(`set -gx OPENAI_API_KEY ${t}`), 'set OPENAI_API_KEY');
    assert.equal(lineKey('# comment'), undefined);
  });

  it('removes exactly the matching lines, keeping CRLF endings and a missing final newline', () => {
    const t = fake.npmToken();
    const npmrc = `registry=https://registry.npmjs.org/\r\n//registry.npmjs.org/:_authToken=${t}\r\n//npm.pkg.github.com/:_authToken=\${GH}\r\nsave-exact=true`;
    const out = removeLines(npmrc, '//registry.npmjs.org/:_authToken');
    assert.equal(out.removed, 1);
    assertCut(npmrc, out.text, `//registry.npmjs.org/:_authToken=${t}\r\n`);
  });

  it('.netrc: a multi-line machine entry, a one-line one, and the default', () => {
    const netrc = 'machine a.example.com\n  login x\n  password p1\n\nmachine b.example.com login y password p2\ndefault login z password p3\n';
    assertCut(netrc, removeNetrcMachine(netrc, 'machine a.example.com').text, 'machine a.example.com\n  login x\n  password p1\n\n');
    assertCut(netrc, removeNetrcMachine(netrc, 'machine b.example.com').text, 'machine b.example.com login y password p2\n');
    assertCut(netrc, removeNetrcMachine(netrc, 'default').text, 'default login z password p3\n');
    assert.equal(removeNetrcMachine(netrc, 'machine c.example.com').removed, 0);
  });

  it('INI: one section, up to the next header', () => {
    const ini = '[default]\naws_access_key_id = A\n\n[work]\naws_access_key_id = B\n# note\n[other]\nx = 1\n';
    assertCut(ini, removeIniSection(ini, 'work').text, '[work]\naws_access_key_id = B\n# note\n');
  });
});

describe('checking an edit: "the rest of the file is unchanged" is verified, not assumed', () => {
  it('the exact cut passes; a file that lost or gained anything else, or still holds the entry, does not', () => {
    const netrc = 'machine a login x password p1\nmachine b login y password p2\n';
    const address = { entry: 'machine a', format: 'netrc-machine' as const };
    assert.equal(removedOnly(netrc, removeNetrcMachine(netrc, 'machine a').text, address), true);
    assert.equal(removedOnly(netrc, 'machine b login y password p2', address), false, 'the final newline went too');
    assert.equal(removedOnly(netrc, netrc, address), false, 'the entry is still there');
    const json = '{"a": 1, "b": {"c": 2}}';
    assert.equal(removedOnly(json, removeJsonKey(json, '/b/c').text, { entry: '/b/c', format: 'json-key' }), true);
    assert.equal(removedOnly(json, '{"b": {}}', { entry: '/b/c', format: 'json-key' }), false);
  });
});

describe('the executor', () => {
  it('delete-entry is atomic: same mode, no temp file left, other bytes intact', async () => {
    const home = tempHome();
    const t = fake.githubToken('ghp');
    const before = `https://a:${t}@github.com\nhttps://b:${fake.githubToken('ghp')}@gitlab.example.com\n`;
    writeFiles(home, { '.git-credentials': [before, 0o640] });
    const path = join(home, '.git-credentials');
    const r = await deleteEntry({ kind: 'delete-entry', path, entry: 'https://a@github.com', format: 'line', root: home, description: '' });
    assert.equal(r.status, 'done');
    assertCut(before, readFileSync(path, 'utf8'), `https://a:${t}@github.com\n`);
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(home), ['.git-credentials']);
    const again = await deleteEntry({ kind: 'delete-entry', path, entry: 'https://a@github.com', format: 'line', root: home, description: '' });
    assert.equal(again.status, 'already-absent');
  });

  it('never edits or deletes through a symlink that leads out of the source folder', async () => {
    const home = tempHome();
    const outside = tempHome('keysweep-outside-');
    writeFiles(outside, { 'npmrc': '//r/:_authToken=x\n', 'auth.json': '{}' });
    mkdirSync(join(home, '.codex'));
    symlinkSync(join(outside, 'npmrc'), join(home, '.npmrc'));
    symlinkSync(join(outside, 'auth.json'), join(home, '.codex', 'auth.json'));
    const edit = await deleteEntry({ kind: 'delete-entry', path: join(home, '.npmrc'), entry: '//r/:_authToken', format: 'line', root: home, description: '' });
    assert.equal(edit.ok, false);
    assert.match(edit.message!, /outside/);
    const del = await deleteFile(join(home, '.codex', 'auth.json'), join(home, '.codex'));
    assert.equal(del.ok, false);
    assert.equal(readFileSync(join(outside, 'npmrc'), 'utf8'), '//r/:_authToken=x\n');
    assert.equal(readFileSync(join(outside, 'auth.json'), 'utf8'), '{}');
    // A folder symlinked out of the root: the parent's real path is checked too.
    symlinkSync(outside, join(home, '.codex', 'linked'));
    assert.equal((await deleteFile(join(home, '.codex', 'linked', 'auth.json'), join(home, '.codex'))).ok, false);
    assert.equal(readFileSync(join(outside, 'auth.json'), 'utf8'), '{}');
  });

  it('a symlink inside the folder is edited at its target; a loop or a dangling link is removed as a link', async () => {
    const home = tempHome();
    writeFiles(home, { 'dotfiles/npmrc': '//r/:_authToken=x\nfoo=bar\n' });
    symlinkSync(join(home, 'dotfiles', 'npmrc'), join(home, '.npmrc'));
    assert.equal((await deleteEntry({ kind: 'delete-entry', path: join(home, '.npmrc'), entry: '//r/:_authToken', format: 'line', root: home, description: '' })).status, 'done');
    assert.equal(readFileSync(join(home, 'dotfiles', 'npmrc'), 'utf8'), 'foo=bar\n');
    assert.ok(lstatSync(join(home, '.npmrc')).isSymbolicLink(), 'the link itself is kept');
    makeSymlinkLoop(home, '.codex/auth.json');
    assert.equal((await deleteFile(join(home, '.codex', 'auth.json'), join(home, '.codex'))).status, 'done');
    assert.throws(() => lstatSync(join(home, '.codex', 'auth.json')));
    mkdirSync(join(home, 'adir'));
    assert.equal((await deleteFile(join(home, 'adir'), home)).ok, false, 'never a folder');
  });

  it('runs the logout with its env; fallbacks run only when it failed; pages are only reported', async () => {
    const home = tempHome();
    writeFiles(home, { 'auth.json': '{}' });
    const calls: Array<{ file: string; args: string[]; env?: NodeJS.ProcessEnv }> = [];
    const exec = (code: number): Exec => async (file, args, options) => {
      calls.push({ file, args, env: options?.env });
      return { code, stdout: '', stderr: '' };
    };
    const keychain = memoryKeychain([{ service: 'Codex Auth', account: 'cli|x' }]);
    const ctx = testContext(home, { which: { codex: '/opt/bin/codex' }, keychain, env: { HOME: home, PATH: '/opt/bin', KEEP: '1' } });
    const plan: RevokePlan = {
      sourceId: 'codex',
      credentialIds: ['codex:auth'],
      steps: [
        { kind: 'run', command: 'codex', args: ['logout'], env: { CODEX_HOME: home }, revokesServerSide: true, description: '' },
        { kind: 'delete-file', path: join(home, 'auth.json'), root: home, description: '', fallback: true },
        { kind: 'delete-keychain', service: 'Codex Auth', account: 'cli|x', description: '', fallback: true },
        { kind: 'open-url', url: 'https://platform.openai.com/api-keys', description: '' },
      ],
      doesNotCover: [],
    };
    const ok = await executePlan(plan, ctx, { exec: exec(0) });
    assert.deepEqual(ok.map((o) => o.status), ['done', 'skipped', 'skipped', 'reported']);
    assert.equal(calls[0]!.file, '/opt/bin/codex');
    assert.deepEqual(calls[0]!.args, ['logout']);
    assert.equal(calls[0]!.env?.CODEX_HOME, home);
    assert.equal(calls[0]!.env?.KEEP, '1', 'the rest of the environment is passed through');
    const failed = await executePlan(plan, ctx, { exec: exec(1) });
    assert.deepEqual(failed.map((o) => o.status), ['failed', 'done', 'done', 'reported']);
    assert.equal(failed[0]!.message, 'exit 1');
    assert.deepEqual(keychain.items, []);
    const notInstalled = await executePlan(plan, testContext(home, { keychain: memoryKeychain() }), { exec: exec(0) });
    assert.equal(notInstalled[0]!.message, 'codex is not installed');
    assert.deepEqual(notInstalled.slice(1, 3).map((o) => o.status), ['already-absent', 'already-absent']);
  });

  it('a keychain that cannot be reached makes the step fail, honestly', async () => {
    const plan: RevokePlan = { sourceId: 'x', credentialIds: [], steps: [{ kind: 'delete-keychain', service: 's', description: '' }], doesNotCover: [] };
    const [o] = await executePlan(plan, testContext(tempHome(), { keychain: memoryKeychain([], true) }));
    assert.equal(o!.ok, false);
  });
});
