/**
 * Hostile file names (issue 8, items 5 and 16): names that carry terminal escape sequences (OSC 52 writes the
 * clipboard, CSI repaints the screen), a newline followed by a forged finding line, a right-to-left override or a C1
 * control must reach the terminal as visible escapes — in the findings, in the unreadable-files list and in error
 * messages — while JSON keeps them exact and SARIF encodes them as URIs any parser reads back.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { printable } from '../../src/engine/printable';
import { runCli, tempDir, writeTree } from '../support/cli';
import { deepTree, openaiKey, removeTree, token, unsafeLines } from '../support/hostile-tree';

const FORGED = 'forged.ts:1:1  warning  OpenAI project API key  sk-proj-…AAAA  [openai-project-key · OpenAI · tracked]';
const HOSTILE = {
  osc52: 'osc52-\u001b]52;c;cHduZWQ=\u0007.env',
  csi: 'csi-\u001b[2J\u001b[31mred.env',
  newline: `nl.env\n${FORGED}`,
  bidi: 'invoice-\u202etxt.env',
  c1: 'c1-\u009b31m.env',
  lineSeparator: 'ls-\u2028x.env',
  carriageReturn: 'cr-\rfake.env',
};

describe('hostile file names in human-readable output', () => {
  let dir: string;
  const keys: string[] = [];
  const deepName = 'deep-\u001b]52;c;ZGVlcA==\u0007-\u202e.env';
  const deepDirName = 'dir-\u001b[31m\nforged.ts:9:9  warning';

  before(() => {
    dir = tempDir();
    for (const name of Object.values(HOSTILE)) {
      const key = openaiKey();
      keys.push(key);
      writeFileSync(join(dir, name), `OPENAI_API_KEY=${key}\n`);
    }
    // Unreadable for root too: the file's path is longer than PATH_MAX (4096), its folder's is not; and a folder
    // past PATH_MAX that cannot even be listed. Both have hostile names.
    const chain = Array.from({ length: 20 }, (_, i) => `${i}`.padStart(3, '0') + 'd'.repeat(197));
    deepTree(dir, chain, { [`${deepName}${'n'.repeat(120)}`]: `K=${openaiKey()}\n` });
    deepTree(dir, [...chain, `${deepDirName}${'e'.repeat(100)}`], {});
  });
  after(() => removeTree(dir));

  it('text output: every name escaped, exactly one line per finding, nothing raw on stdout or stderr', () => {
    const r = runCli(['scan', '.'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(unsafeLines(r.stdout), [], 'a control or bidi character reached stdout');
    assert.deepEqual(unsafeLines(r.stderr), [], 'a control or bidi character reached stderr');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, Object.keys(HOSTILE).length + 1, `one line per finding plus the summary:\n${r.stdout}`);
    for (const name of Object.values(HOSTILE)) {
      assert.equal(lines.filter((l) => l.startsWith(`${printable(name)}:1:16  warning  `)).length, 1, `no line for ${printable(name)}`);
    }
    assert.ok(!lines.some((l) => l.startsWith('forged.ts')), 'a forged finding line was printed');
    assert.match(lines.at(-1)!, /^7 keys in 7 files/);
    // The unreadable files and folders are listed, escaped, with the reason.
    assert.match(r.stderr, /could not be read/);
    assert.ok(r.stderr.includes(printable(deepName)), r.stderr);
    assert.ok(r.stderr.includes(printable(deepDirName)), r.stderr);
    assert.match(r.stderr, /path too long/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    for (const key of keys) assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key));
  });

  it('JSON keeps every name exact (JSON escapes on its own) and lists unreadable paths with a reason', () => {
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(unsafeLines(r.stdout), []);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string }>; summary: { unreadable: Array<{ path: string; reason: string }> } };
    assert.deepEqual(report.findings.map((f) => f.path).sort(), Object.values(HOSTILE).sort());
    const unreadable = report.summary.unreadable;
    assert.equal(unreadable.length, 2, JSON.stringify(unreadable));
    assert.ok(unreadable.some((u) => u.path.includes(deepName) && u.reason === 'path too long'), JSON.stringify(unreadable));
    assert.ok(unreadable.some((u) => u.path.includes(deepDirName) && u.reason === 'path too long'), JSON.stringify(unreadable));
  });

  it('a custom rule whose description and provider carry escapes is refused in one escaped line', () => {
    const d = tempDir();
    writeTree(d, {
      'deploy.sh': `export ACME=acme_${token(32)}\n`,
      '.keysweep.json': JSON.stringify({
        rules: [{ id: 'acme-token', description: 'ACME \u001b]52;c;eA==\u0007token\nforged.ts:1:1  warning', provider: 'Ac\u202eme', keywords: ['acme_'], pattern: '\\bacme_[A-Za-z0-9]{32}\\b' }],
      }),
    });
    const r = runCli(['scan', '.'], { cwd: d });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.deepEqual(unsafeLines(r.stdout + r.stderr), []);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /rules\[0\]\.description: must be one line of printable text/);
    removeTree(d);
  });

  it('error messages escape the names they quote', () => {
    const d = tempDir();
    const cases = [
      ['scan', `missing-\u001b]52;c;eA==\u0007\n${FORGED}`],
      ['scan', `--\u001b[31mevil`],
      ['scan', '.', '--format', 'x\u202eml'],
      [`sc\u001b[2Jan`],
      ['scan', '.', '--config', `cfg-\u001b]0;title\u0007.json`],
    ];
    for (const args of cases) {
      const r = runCli(args, { cwd: d });
      assert.equal(r.status, 2, `${printable(args.join(' '))}: ${r.stdout}${r.stderr}`);
      assert.deepEqual(unsafeLines(r.stderr), [], printable(r.stderr));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, printable(r.stderr));
    }
    assert.match(runCli(cases[0]!, { cwd: d }).stderr, /path not found: missing-\\x1b\]52;c;eA==\\x07\\nforged\.ts/);
    removeTree(d);
  });
});

describe('names that are not valid UTF-8', () => {
  it('do not hide a file from the scan (in one thread and in workers)', () => {
    const dir = tempDir();
    // Written by bytes: the string a readdir gives back shows U+FFFD and names no file.
    const badDir = Buffer.concat([Buffer.from(dir), Buffer.from('/sub'), Buffer.from([0xfe])]);
    mkdirSync(badDir);
    writeFileSync(Buffer.concat([Buffer.from(dir), Buffer.from('/bad'), Buffer.from([0xff]), Buffer.from('.env')]), `K=${openaiKey()}\n`);
    writeFileSync(Buffer.concat([badDir, Buffer.from('/in'), Buffer.from([0xc3, 0x28]), Buffer.from('.env')]), `K=${openaiKey()}\n`);
    writeFileSync(join(dir, 'plain.env'), `K=${openaiKey()}\n`);
    for (const workers of ['0', '2']) {
      const r = runCli(['scan', '.', '--format', 'json', '--workers', workers], { cwd: dir });
      assert.equal(r.status, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: Array<{ path: string }>; summary: { unreadable: unknown[] } };
      assert.deepEqual(report.findings.map((f) => f.path).sort(), ['bad\ufffd.env', 'plain.env', 'sub\ufffd/in\ufffd(.env']);
      assert.deepEqual(report.summary.unreadable, []);
    }
    removeTree(dir);
  });
});

describe('SARIF artifact URIs', () => {
  it('percent-encode each path segment, so a URI parser gives back the path', () => {
    const dir = tempDir();
    const names = ['hash#frag.env', 'query?x=1.env', 'percent%41.env', 'space name.env', 'café/clé.env', '密钥/配置 #1?.env', 'c:colon.env', 'semi;colon&amp.env', "quote'paren(1).env", 'back\\slash.env', 'sub/[brackets]@at.env'];
    for (const name of names) writeTree(dir, { [name]: `OPENAI_API_KEY=${openaiKey()}\n` });
    writeTree(dir, {
      '.keysweep.json': JSON.stringify({
        rules: [{ id: 'acme-token', description: 'ACME token', keywords: ['acme_'], pattern: '\\bacme_[A-Za-z0-9]{32}\\b', revokeUrl: 'https://acme.example/tokens page?a=b c#x y' }],
      }),
      'acme.sh': `ACME=acme_${token(32)}\n`,
    });
    const r = runCli(['scan', '.', '--format', 'sarif'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const sarif = JSON.parse(r.stdout) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    };
    const uris = sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    const decoded = uris.map((uri) => {
      // RFC 3986: only unreserved characters, sub-delims, ":" and "@" may appear raw in a path; everything else is encoded.
      assert.match(uri, /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+$/, uri);
      const url = new URL(uri, 'file:///root/');
      assert.equal(url.protocol, 'file:', `${uri} parsed as another scheme`);
      assert.equal(url.search + url.hash, '', `${uri} has a query or fragment`);
      return decodeURIComponent(url.pathname).slice('/root/'.length);
    });
    assert.deepEqual(decoded.sort(), [...names, 'acme.sh'].sort());
    const acme = sarif.runs[0]!.tool.driver.rules.find((x) => x.id === 'acme-token')!;
    assert.equal(acme.helpUri, new URL(acme.helpUri).href, 'helpUri is a normalised, encoded URL');
    assert.ok(!/\s/.test(acme.helpUri), acme.helpUri);
    removeTree(dir);
  });
});
