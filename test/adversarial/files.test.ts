/**
 * Hostile files on disk (issue 8, items 13 and 16): a file swapped for a symlink to a secret outside the tree, or for
 * a FIFO, between the walk and the read; UTF-16 text without a byte-order mark; folders past PATH_MAX or without
 * permission. The scan reads only regular files inside the tree, never hangs, scans UTF-16 with exact offsets, and
 * lists what it could not read with the reason.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { keysweep } from '../support/fake-home';
import { CLI, runCli, tempDir, writeTree } from '../support/cli';
import { deepTree, openaiKey, removeTree } from '../support/hostile-tree';

interface Report {
  findings: Array<{ path: string; line: number; column: number; start: number; end: number; fingerprint: string; masked: string }>;
  summary: { skipped: Record<string, number>; unreadable: Array<{ path: string; reason: string; errno?: string }> };
}

const ROOT = resolve(__dirname, '..', '..');

/** Runs the real reader in a child process, so a read that blocks (a FIFO opened without O_NONBLOCK) is a timeout here. */
function readForScanInChild(path: string): { result?: unknown; timedOut: boolean } {
  const script = `const { readForScan } = require(${JSON.stringify(join(ROOT, 'src/workspace/read-file.ts'))});
    process.stdout.write(JSON.stringify(readForScan(${JSON.stringify(path)}, 1 << 20)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
  return r.status === null ? { timedOut: true } : { result: JSON.parse(r.stdout), timedOut: false };
}

describe('a file swapped after the walk', () => {
  it('the reader refuses a symlink and does not wait on a FIFO', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.env'), `K=${openaiKey()}\n`);
    symlinkSync(join(dir, 'secret.env'), join(dir, 'link.env'));
    spawnSync('mkfifo', [join(dir, 'pipe.env')]);
    assert.deepEqual(readForScanInChild(join(dir, 'link.env')), { result: { skip: 'symlink' }, timedOut: false });
    assert.deepEqual(readForScanInChild(join(dir, 'pipe.env')), { result: { skip: 'special' }, timedOut: false });
    removeTree(dir);
  });

  it('race: a file swapped for a symlink to an outside secret, or for a FIFO, is never read and never hangs a scan', { timeout: 600_000 }, async (t) => {
    const tree = tempDir();
    const outside = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`pkg/f${String(i).padStart(3, '0')}.ts`] = `export const v${i} = ${i};\n`;
    writeTree(tree, { ...files, 'pkg/victim.env': 'NOTHING=here\n' });
    writeFileSync(join(outside, 'secret.env'), `OPENAI_API_KEY=${openaiKey()}\n`);
    spawnSync('mkfifo', [join(outside, 'fifo')]);
    const outsideScan = JSON.parse(runCli(['scan', join(outside, 'secret.env'), '--format', 'json']).stdout) as Report;
    const outsideFingerprint = outsideScan.findings[0]!.fingerprint;

    // The swapper: regular file, symlink to the secret, regular file, FIFO (a hard link to one made once), each put
    // in place with an atomic rename and left there for about a millisecond.
    const swapper = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs');
        const [victim, outside] = process.argv.slice(1);
        const cell = new Int32Array(new SharedArrayBuffer(4));
        const wait = (ms) => Atomics.wait(cell, 0, 0, ms);
        for (let i = 0; ; i++) {
          const tmp = outside + '/tmp' + (i % 2);
          fs.rmSync(tmp, { force: true });
          switch (i % 4) {
            case 0: case 2: fs.writeFileSync(tmp, 'NOTHING=here\\n'); break;
            case 1: fs.symlinkSync(outside + '/secret.env', tmp); break;
            case 3: fs.linkSync(outside + '/fifo', tmp); break;
          }
          fs.renameSync(tmp, victim);
          wait(1 + (i % 3));
        }`,
        join(tree, 'pkg', 'victim.env'),
        outside,
      ],
      { stdio: 'ignore' },
    );
    try {
      let hangs = 0;
      let leaks = 0;
      const counted = { symlink: 0, special: 0 };
      const iterations = 30;
      for (let i = 0; i < iterations; i++) {
        const workers = i % 2 === 0 ? '0' : '2';
        const r = await new Promise<{ status: number | null; stdout: string }>((done) => {
          const child = spawn(process.execPath, [CLI, 'scan', tree, '--format', 'json', '--workers', workers], { env: { ...process.env, NO_COLOR: '1' } });
          let stdout = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.on('close', (status) => {
            clearTimeout(timer);
            done({ status, stdout });
          });
        });
        if (r.status === null) {
          hangs++;
          continue;
        }
        const report = JSON.parse(r.stdout) as Report;
        if (report.findings.some((f) => f.fingerprint === outsideFingerprint)) leaks++;
        counted.symlink += report.summary.skipped.symlink ?? 0;
        counted.special += report.summary.skipped.special ?? 0;
      }
      t.diagnostic(`${iterations} scans: the victim was counted as a symlink ${counted.symlink} times, as special ${counted.special} times`);
      assert.equal(leaks, 0, `the secret outside the tree was read through a swapped-in symlink in ${leaks} of ${iterations} scans`);
      assert.equal(hangs, 0, `${hangs} of ${iterations} scans hung on a swapped-in FIFO`);
    } finally {
      swapper.kill('SIGKILL');
      removeTree(tree);
      removeTree(outside);
    }
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is scanned (little- and big-endian), with the same lines, columns and offsets as the decoded text', () => {
    const dir = tempDir();
    const key = openaiKey();
    const text = `# settings\r\nname = "café ✓"\r\n\r\n    OPENAI_API_KEY = "${key}"\r\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    writeTree(dir, {
      'le.txt': le,
      'be.txt': be,
      'bom-le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      // Binary data with NULs in both byte positions stays binary, even with a key inside.
      'blob.bin2': Buffer.concat([Buffer.from(`x ${openaiKey()} `), Buffer.from([0, 0, 1, 0, 0, 2, 0, 0, 0, 3, 0, 0])]),
      // Pairs of bytes that decode to control characters are not text either.
      'words.raw': Buffer.from(Array.from({ length: 400 }, (_, i) => [i % 20, 0]).flat()),
    });
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const start = text.indexOf(key);
    const expected = { line: 4, column: 23, start, end: start + key.length };
    for (const path of ['be.txt', 'bom-le.txt', 'le.txt']) {
      const f = report.findings.find((x) => x.path === path);
      assert.ok(f, `${path} not scanned: ${JSON.stringify(report.findings.map((x) => x.path))}`);
      assert.deepEqual({ line: f.line, column: f.column, start: f.start, end: f.end }, expected, path);
    }
    assert.equal(report.findings.length, 3);
    assert.equal(report.summary.skipped.binary, 2);
    removeTree(dir);
  });
});

describe('folders that cannot be read', () => {
  it('a folder past PATH_MAX is listed as "path too long" and the walk goes on with the rest of the tree', () => {
    const dir = tempDir();
    const chain = Array.from({ length: 21 }, (_, i) => `${i}`.padStart(3, '0') + 'd'.repeat(197));
    deepTree(dir, ['a-chain', ...chain], { 'k.env': `K=${openaiKey()}\n` });
    writeTree(dir, { 'a-chain/near.env': `K=${openaiKey()}\n`, 'z-after/key.env': `K=${openaiKey()}\n`, 'm.env': `K=${openaiKey()}\n` });
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.findings.map((f) => f.path).sort(), ['a-chain/near.env', 'm.env', 'z-after/key.env']);
    assert.equal(report.summary.unreadable.length, 1, JSON.stringify(report.summary.unreadable).slice(0, 500));
    const [u] = report.summary.unreadable;
    assert.deepEqual([u!.reason, u!.errno], ['path too long', 'ENAMETOOLONG']);
    assert.ok(u!.path.startsWith('a-chain/000d'), u!.path.slice(0, 40));
    const text = runCli(['scan', '.'], { cwd: dir });
    assert.match(text.stderr, /^keysweep: 1 file or folder could not be read: a-chain\/000d\S+ \(path too long\)$/m);
    removeTree(dir);
  });

  it('a folder without permission is listed as "permission denied" (run as an unprivileged user)', { skip: process.platform === 'win32' }, (t) => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeTree(dir, { 'open/a.env': `K=${openaiKey()}\n`, 'locked/b.env': `K=${openaiKey()}\n` });
    chmodSync(join(dir, 'open'), 0o755);
    chmodSync(join(dir, 'open', 'a.env'), 0o644);
    chmodSync(join(dir, 'locked'), 0o000);
    mkdirSync(join(dir, 'zz'), { mode: 0o755 });
    const asRoot = process.getuid?.() === 0;
    const r = asRoot ? keysweep(['scan', dir, '--format', 'json'], { uid: 65534 }) : runCli(['scan', dir, '--format', 'json']);
    if (asRoot && r.status === null) {
      t.skip('cannot run node as an unprivileged user here');
      return;
    }
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.findings.map((f) => f.path), ['open/a.env']);
    assert.deepEqual(report.summary.unreadable, [{ path: 'locked', reason: 'permission denied', errno: 'EACCES' }]);
    chmodSync(join(dir, 'locked'), 0o755);
    removeTree(dir);
  });
});
