/**
 * Keychain probes, without any secret ever read: the commands each platform's probe runs (through a fake exec),
 * how their answers are understood, and — on this Linux machine, as on CI — the real D-Bus probe answering
 * "unknown" cleanly when there is no session bus or no gdbus at all. Plus the test-only file-backed keychain.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Exec, ExecResult } from '../../src/credentials/exec';
import { createKeychainProbe, parseCmdkeyTargets, parseSearchItemsReply, windowsTargetMatches } from '../../src/credentials/keychain';
import { fileKeychain } from '../../src/credentials/keychain-fake';
import { tempHome } from '../support/fake-home';

function scripted(answer: (file: string, args: string[]) => ExecResult): Exec & { calls: Array<[string, string[]]> } {
  const calls: Array<[string, string[]]> = [];
  const exec = (async (file: string, args: string[]) => {
    calls.push([file, args]);
    return answer(file, args);
  }) as Exec & { calls: Array<[string, string[]]> };
  exec.calls = calls;
  return exec;
}

describe('macOS: security find-generic-password, never -w', () => {
  it('exit 0 present, 44 absent, anything else unknown; the arguments never ask for the secret', async () => {
    for (const [code, want] of [[0, 'present'], [44, 'absent'], [51, 'unknown']] as const) {
      const exec = scripted(() => ({ code, stdout: 'keychain: "login.keychain-db"\nattributes:', stderr: '' }));
      assert.equal(await createKeychainProbe('darwin', {}, exec).has('Codex Auth', 'cli|0123456789abcdef'), want);
      assert.deepEqual(exec.calls[0], ['/usr/bin/security', ['find-generic-password', '-s', 'Codex Auth', '-a', 'cli|0123456789abcdef']]);
      assert.ok(!exec.calls[0]![1].includes('-w') && !exec.calls[0]![1].includes('-g'));
    }
    const missing = scripted(() => ({ error: 'ENOENT' }));
    assert.equal(await createKeychainProbe('darwin', {}, missing).has('copilot-cli'), 'unknown');
    assert.deepEqual(missing.calls[0]![1], ['find-generic-password', '-s', 'copilot-cli']);
  });

  it('delete loops until the item is gone (security deletes the first match only)', async () => {
    let left = 2;
    const exec = scripted(() => (left-- > 0 ? { code: 0, stdout: '', stderr: '' } : { code: 44, stdout: '', stderr: '' }));
    assert.equal(await createKeychainProbe('darwin', {}, exec).delete('gh:github.com', ''), 'deleted');
    assert.equal(exec.calls.length, 3);
    assert.equal(await createKeychainProbe('darwin', {}, scripted(() => ({ code: 44, stdout: '', stderr: '' }))).delete('x'), 'absent');
  });
});

describe('Windows: cmdkey /list', () => {
  const listing = [
    '',
    'Currently stored credentials:',
    '',
    '    Target: LegacyGeneric:target=gh:github.com:',
    '    Type: Generic ',
    '    User: ',
    '',
    '    Ziel: LegacyGeneric:target=cli|0123456789abcdef.Codex Auth',
    '    Target: LegacyGeneric:target=gemini-cli-oauth/main-account',
    '    Target: LegacyGeneric:target=git:https://github.com',
  ].join('\r\n');

  it('parses targets (any label language) and matches each writer\'s naming', async () => {
    assert.deepEqual(parseCmdkeyTargets(listing), ['gh:github.com:', 'cli|0123456789abcdef.Codex Auth', 'gemini-cli-oauth/main-account', 'git:https://github.com']);
    assert.ok(windowsTargetMatches('cli|0123456789abcdef.Codex Auth', 'Codex Auth', 'cli|0123456789abcdef'), 'keyring-rs: account.service');
    assert.ok(windowsTargetMatches('gh:github.com:', 'gh:github.com', ''), 'go-keyring: service:account');
    assert.ok(windowsTargetMatches('gemini-cli-oauth/main-account', 'gemini-cli-oauth', 'main-account'), 'keytar: service/account');
    const exec = scripted(() => ({ code: 0, stdout: listing, stderr: '' }));
    const probe = createKeychainProbe('win32', {}, exec);
    assert.equal(await probe.has('Codex Auth', 'cli|0123456789abcdef'), 'present');
    assert.equal(await probe.has('Codex Auth', 'cli|ffffffffffffffff'), 'absent');
    assert.equal(await probe.has('copilot-cli'), 'absent');
    assert.deepEqual(exec.calls[0], ['cmdkey', ['/list']]);
  });

  it('deletes by the matching target name', async () => {
    const exec = scripted((_f, args) => ({ code: 0, stdout: args[0] === '/list' ? listing : '', stderr: '' }));
    assert.equal(await createKeychainProbe('win32', {}, exec).delete('gh:github.com', ''), 'deleted');
    assert.deepEqual(exec.calls[1], ['cmdkey', ['/delete:gh:github.com:']]);
  });
});

describe('Linux: Secret Service SearchItems over D-Bus', () => {
  it('reads item paths from the reply; searches by username then account; a found item is present', async () => {
    assert.deepEqual(parseSearchItemsReply("([objectpath '/org/freedesktop/secrets/collection/login/3'], @ao [])"), ['/org/freedesktop/secrets/collection/login/3']);
    assert.deepEqual(parseSearchItemsReply('(@ao [], @ao [])'), []);
    const exec = scripted((_f, args) => ({ code: 0, stdout: args.at(-1)!.includes("'account'") ? "([], [objectpath '/org/freedesktop/secrets/collection/login/9'])" : '(@ao [], @ao [])', stderr: '' }));
    const probe = createKeychainProbe('linux', {}, exec);
    assert.equal(await probe.has('copilot-cli', 'monalisa'), 'present', 'a locked item still counts as present');
    assert.equal(exec.calls[0]![0], 'gdbus');
    assert.ok(exec.calls[0]![1].includes('org.freedesktop.Secret.Service.SearchItems'));
    assert.equal(exec.calls[0]![1].at(-1), "{'service': 'copilot-cli', 'username': 'monalisa'}");
    assert.equal(exec.calls[1]![1].at(-1), "{'service': 'copilot-cli', 'account': 'monalisa'}");
  });

  it('quotes attribute values safely', async () => {
    const exec = scripted(() => ({ code: 0, stdout: '(@ao [], @ao [])', stderr: '' }));
    await createKeychainProbe('linux', {}, exec).has("it's", 'a\\b');
    assert.equal(exec.calls[0]![1].at(-1), "{'service': 'it\\'s', 'username': 'a\\\\b'}");
  });

  it('no gdbus, or no session bus: "unknown", asked once, never a throw', async () => {
    const none = scripted(() => ({ error: 'ENOENT' }));
    const probe = createKeychainProbe('linux', {}, none);
    assert.equal(await probe.has('Codex Auth', 'cli|x'), 'unknown');
    assert.equal(await probe.has('gh:github.com', ''), 'unknown');
    assert.equal(none.calls.length, 1, 'an unreachable Secret Service is not asked again');
    assert.equal(await probe.delete('Codex Auth', 'cli|x'), 'failed');
    const noBus = scripted(() => ({ code: 1, stdout: '', stderr: 'Error connecting: Cannot autolaunch D-Bus without X11 $DISPLAY' }));
    assert.equal(await createKeychainProbe('linux', {}, noBus).has('Codex Auth', 'cli|x'), 'unknown');
  });

  it('the real probe on this machine answers cleanly (unknown without a Secret Service)', { skip: process.platform !== 'linux' }, async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: tempHome() };
    const started = Date.now();
    const answer = await createKeychainProbe('linux', env).has('Codex Auth', 'cli|0000000000000000');
    assert.ok(['unknown', 'absent', 'present'].includes(answer));
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) assert.equal(answer, 'unknown');
    assert.ok(Date.now() - started < 10_000);
    assert.equal(await createKeychainProbe('linux', { PATH: '' }).has('Codex Auth'), 'unknown', 'no gdbus on PATH');
  });
});

describe('the test-only file keychain (KEYSWEEP_FAKE_KEYCHAIN)', () => {
  it('answers from and deletes from its JSON file', async () => {
    const path = join(tempHome(), 'keychain.json');
    writeFileSync(path, JSON.stringify({ items: [{ service: 'Codex Auth', account: 'cli|a' }, { service: 'other' }] }));
    const k = fileKeychain(path);
    assert.equal(await k.has('Codex Auth', 'cli|a'), 'present');
    assert.equal(await k.delete('Codex Auth', 'cli|a'), 'deleted');
    assert.equal(await k.has('Codex Auth', 'cli|a'), 'absent');
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).items, [{ service: 'other' }]);
    writeFileSync(path, JSON.stringify({ unknown: true }));
    assert.equal(await k.has('other'), 'unknown');
  });
});
