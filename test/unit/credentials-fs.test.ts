/**
 * The shared reader: every way a credential path can be wrong becomes a result, never a throw, and no message
 * quotes the file. EACCES is produced two honest ways: an injected filesystem that fails like a real one (works
 * as root), and — when the tests run as root — a child process run as "nobody" against a chmod 000 file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { z } from 'zod';
import { nodeReaderFs, readJson, readText, readToml, type ReaderFs } from '../../src/credentials/fs-read';
import { permissionProblems } from '../../src/credentials/item';
import { parseIni } from '../../src/credentials/ini';
import { parseNetrc } from '../../src/credentials/sources/netrc';
import { parseYamlLite } from '../../src/credentials/yaml-lite';
import { fake, makeSymlinkLoop, tempHome } from '../support/fake-home';
import { makeTempDir } from '../support/temp';

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('readText', () => {
  it('absent, a directory, a symlink loop, a dangling link, a FIFO-like special file, too large', async () => {
    const home = tempHome();
    assert.deepEqual(await readText(join(home, 'nope')), { status: 'absent' });
    assert.deepEqual(await readText(join(home, 'nope', 'deeper')), { status: 'absent' });
    mkdirSync(join(home, 'dir'));
    assert.equal((await readText(join(home, 'dir'))).status, 'unreadable');
    assert.equal(((await readText(join(home, 'dir'))) as { code: string }).code, 'not-a-file');
    makeSymlinkLoop(home, 'loop');
    assert.equal(((await readText(join(home, 'loop'))) as { code: string }).code, 'symlink-loop');
    symlinkSync(join(home, 'missing'), join(home, 'dangling'));
    assert.equal(((await readText(join(home, 'dangling'))) as { code: string }).code, 'dangling-symlink');
    const fifo = spawnSync('mkfifo', [join(home, 'fifo')]);
    if (fifo.status === 0) assert.equal(((await readText(join(home, 'fifo'))) as { code: string }).code, 'not-a-file', 'a FIFO is never opened (it would block)');
    writeFileSync(join(home, 'big'), 'x'.repeat(2048));
    const big = await readText(join(home, 'big'), { maxBytes: 1024 });
    assert.equal((big as { code: string }).code, 'too-large');
  });

  it('binary, UTF-16, invalid UTF-8 and empty files are malformed; a UTF-8 BOM is fine', async () => {
    const home = tempHome();
    const cases: Array<[string, Buffer | string, string | undefined]> = [
      ['bin', Buffer.from([0x7b, 0x00, 0x7d]), 'binary'],
      ['utf16', Buffer.from('\uFEFF{}', 'utf16le'), 'encoding'],
      ['latin1', Buffer.from([0x7b, 0xe9, 0x7d]), 'encoding'],
      ['empty', '', 'empty'],
      ['blank', '  \n\t\n', 'empty'],
    ];
    for (const [name, content, code] of cases) {
      writeFileSync(join(home, name), content);
      const r = await readText(join(home, name));
      assert.equal(r.status, 'malformed', name);
      assert.equal((r as { code: string }).code, code, name);
    }
    assert.equal((await readText(join(home, 'empty'), { allowEmpty: true })).status, 'ok');
    writeFileSync(join(home, 'bom.json'), '\uFEFF{"a": 1}');
    const bom = await readJson(join(home, 'bom.json'), z.looseObject({ a: z.number() }));
    assert.equal(bom.status === 'ok' && bom.data.a, 1);
  });

  it('EACCES from the filesystem (injected) is "permission-denied", on stat and on read', async () => {
    const denyRead: ReaderFs = { ...nodeReaderFs, readHead: async () => Promise.reject(errnoError('EACCES')) };
    const denyStat: ReaderFs = { ...nodeReaderFs, lstat: async () => Promise.reject(errnoError('EACCES')) };
    const home = tempHome();
    writeFileSync(join(home, 'f'), 'text');
    for (const fs of [denyRead, denyStat]) {
      const r = await readText(join(home, 'f'), { fs });
      assert.equal(r.status, 'unreadable');
      assert.equal((r as { code: string }).code, 'permission-denied');
      assert.match((r as { message: string }).message, /cannot be read: permission denied/);
    }
    const eio: ReaderFs = { ...nodeReaderFs, readHead: async () => Promise.reject(errnoError('EIO')) };
    assert.equal(((await readText(join(home, 'f'), { fs: eio })) as { code: string }).code, 'unreadable');
  });

  it('EACCES for real: an unprivileged process reading a chmod 000 file', { skip: process.platform === 'win32' }, (t) => {
    const home = tempHome();
    chmodSync(home, 0o755);
    writeFileSync(join(home, 'secret.json'), '{}');
    chmodSync(join(home, 'secret.json'), 0o000);
    // The reader bundled into a world-readable folder: the checkout may sit under a folder "nobody" cannot enter.
    const bundleDir = makeTempDir('keysweep-fsread-');
    chmodSync(bundleDir, 0o755);
    const bundle = join(bundleDir, 'fs-read.cjs');
    buildSync({ entryPoints: [resolve(__dirname, '../../src/credentials/fs-read.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
    chmodSync(bundle, 0o644);
    const script = `require(${JSON.stringify(bundle)}).readText(process.argv[1]).then((r) => console.log(JSON.stringify(r)))`;
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, ['-e', script, join(home, 'secret.json')], {
      encoding: 'utf8',
      cwd: bundleDir,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      env: { ...process.env, HOME: home },
    });
    if (r.status !== 0 && asRoot && /EACCES|EPERM/.test(r.stderr)) {
      t.skip('cannot run node as an unprivileged user here; the injected EACCES test stands');
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim()) as { status: string; code: string };
    assert.deepEqual([out.status, out.code], ['unreadable', 'permission-denied']);
  });
});

describe('parsers never quote the text they reject', () => {
  it('JSON and TOML errors give a line, not the content', async () => {
    const home = tempHome();
    const secret = fake.openaiKey();
    writeFileSync(join(home, 'a.json'), `{\n "k": "${secret}",,\n}`);
    const j = await readJson(join(home, 'a.json'), z.unknown());
    assert.equal(j.status, 'malformed');
    assert.match((j as { message: string }).message, /not valid JSON \(line 2\)/);
    assert.ok(!(j as { message: string }).message.includes(secret.slice(10, 30)));
    writeFileSync(join(home, 'a.toml'), `k = "${secret}"\nbroken = = 1\n`);
    const t = await readToml(join(home, 'a.toml'), z.unknown());
    assert.match((t as { message: string }).message, /not valid TOML \(line 2\)/);
    assert.ok(!(t as { message: string }).message.includes(secret.slice(10, 30)));
    writeFileSync(join(home, 'shape.json'), JSON.stringify({ tokens: secret }));
    const s = await readJson(join(home, 'shape.json'), z.looseObject({ tokens: z.object({}) }));
    assert.equal((s as { message: string }).message, `${join(home, 'shape.json')} has an unexpected shape at tokens`);
  });

  it('INI, netrc and the YAML subset report the offending line', () => {
    assert.deepEqual(parseIni('k = v\n'), { ok: false, line: 1, what: 'INI' });
    assert.deepEqual(parseIni('[a]\nk = v\n  nested = 1\n; c\n[b]\nx: y\n'), { ok: true, value: { a: { k: 'v\nnested = 1' }, b: { x: 'y' } } });
    assert.deepEqual(parseNetrc('machine a login b password'), { ok: false, line: 1 });
    assert.deepEqual(parseNetrc('# c\nmachine a login b password "p w"\nmacdef init\n  cd x\n\ndefault password q\n'), { ok: true, entries: [{ machine: 'a', login: 'b', password: 'p w' }, { machine: 'default', password: 'q' }] });
    assert.deepEqual(parseYamlLite('a:\n  - x\n  - y: 1\n    z: "q#"  # c\n'), { ok: true, value: { a: ['x', { y: '1', z: 'q#' }] } });
    assert.deepEqual(parseYamlLite('a: 1\n b: 2\n'), { ok: false, line: 2, what: 'YAML' });
    assert.deepEqual(parseYamlLite('a: &anchor x\n'), { ok: false, line: 1, what: 'YAML' });
  });
});

describe('permissions', () => {
  it('world-readable is an error, group-readable a warning, 0600 and Windows nothing', () => {
    const facts = (mode: number) => ({ path: '/h/f', size: 1, mode, modifiedAt: '', isSymlink: false });
    assert.equal(permissionProblems(facts(0o644), { platform: 'linux' })[0]!.code, 'world-readable');
    assert.equal(permissionProblems(facts(0o604), { platform: 'darwin' })[0]!.severity, 'error');
    assert.equal(permissionProblems(facts(0o640), { platform: 'linux' })[0]!.code, 'group-readable');
    assert.deepEqual(permissionProblems(facts(0o600), { platform: 'linux' }), []);
    assert.deepEqual(permissionProblems(facts(0o644), { platform: 'win32' }), []);
  });
});
