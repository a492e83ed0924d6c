/**
 * Hostile repositories (issue 8, item 1): a folder from a zip can configure git to run its own programs, and
 * Keysweep runs git in every repository it finds. Each repository below is made at test time with real git and
 * configured with programs that append their name to a marker file outside the workspace; scanning it (built CLI,
 * real language server) must leave the marker absent and still give the right git status where git can answer.
 * In an untrusted workspace no git runs at all (a stand-in `git` first on PATH records every invocation).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { WHERE } from '../../src/server/presentation';
import { git, runCli, tempDir, writeTree } from '../support/cli';
import { LspSession } from '../support/lsp-client';

type Status = 'tracked' | 'untracked' | 'ignored' | 'unknown';

const rand = seededRandom(8_0001);
const openaiKey = () => expandTemplate('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}', rand);
const REAL_GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
const HOOK_NAMES = ['post-index-change', 'pre-commit', 'post-checkout', 'reference-transaction', 'pre-auto-gc', 'fsmonitor-watchman', 'post-commit'];

/** A shell command that records `label` in the marker file (and passes stdin through, so filters still work). */
const program = (marker: string, label: string) => `sh -c 'echo ${label} >> ${marker}; cat'`;
/** Settings that make git run a program of the repository's choosing, one per family, with the commands they need. */
function hostileConfig(repo: string, marker: string, driver: string): void {
  const set = (key: string, value: string) => git(repo, 'config', '--add', key, value);
  set('core.fsmonitor', `echo fsmonitor-${driver} >> ${marker}; false`);
  set(`filter.${driver}.clean`, program(marker, `clean-${driver}`));
  set(`filter.${driver}.smudge`, program(marker, `smudge-${driver}`));
  set(`filter.${driver}.process`, program(marker, `process-${driver}`));
  set(`filter.${driver}.required`, 'true');
  set(`diff.${driver}.textconv`, program(marker, `textconv-${driver}`));
  set(`diff.${driver}.command`, program(marker, `diffcommand-${driver}`));
  set('diff.external', program(marker, `external-${driver}`));
  set('core.pager', program(marker, `pager-${driver}`));
  set('pager.status', program(marker, `pager-status-${driver}`));
  set(`merge.${driver}.driver`, program(marker, `merge-${driver}`));
}

/** A repository with a tracked, an ignored and an untracked file, each holding a key; the tracked one touched after the commit. */
function repoWithFiles(repo: string, gitdir?: string): void {
  mkdirSync(repo, { recursive: true });
  writeTree(repo, {
    '.gitignore': 'ignored.py\n',
    'tracked.py': `KEY = "${openaiKey()}"\n`,
    'ignored.py': `KEY = "${openaiKey()}"\n`,
  });
  if (gitdir) git(repo, 'init', '-q', `--separate-git-dir=${gitdir}`);
  else git(repo, 'init', '-q');
  git(repo, 'add', '.gitignore', 'tracked.py');
  git(repo, '-c', 'user.email=t@t.invalid', '-c', 'user.name=t', 'commit', '-qm', 'init');
  writeTree(repo, { 'untracked.py': `KEY = "${openaiKey()}"\n` });
}

/** After the commit, the tracked file's stat no longer matches the index: `git status` must re-read it (through the clean filter). */
function touchTracked(repo: string): void {
  const later = new Date(Date.now() + 120_000);
  utimesSync(join(repo, 'tracked.py'), later, later);
}

function withAttributes(repo: string, driver: string): void {
  writeTree(repo, { '.gitattributes': `* filter=${driver} diff=${driver} merge=${driver}\n` });
  git(repo, 'add', '.gitattributes');
  git(repo, '-c', 'user.email=t@t.invalid', '-c', 'user.name=t', 'commit', '-qm', 'attributes');
}

interface HostileWorkspace {
  root: string;
  ws: string;
  marker: string;
  /** Workspace-relative path → the status git gives it. */
  expected: Record<string, Status>;
}

function buildHostileWorkspace(): HostileWorkspace {
  const root = tempDir('keysweep-hostile-git-');
  const ws = join(root, 'ws');
  const marker = join(root, 'marker');
  const outside = join(root, 'outside');
  mkdirSync(outside, { recursive: true });
  const repos: string[] = [];
  const make = (name: string, gitdir?: string) => {
    const repo = join(ws, name);
    repoWithFiles(repo, gitdir);
    repos.push(name);
    return repo;
  };

  // core.fsmonitor: `git status` runs it as a command.
  hostileConfig(make('fsmonitor'), marker, 'a');

  // A clean filter on every file, and a tracked file git must re-read: `git status` runs the filter.
  const filter = make('filter');
  withAttributes(filter, 'x');
  hostileConfig(filter, marker, 'x');
  git(filter, 'config', '--unset', 'filter.x.process'); // so the clean filter is the one git would run
  touchTracked(filter);

  // Hooks, both in the default folder and in a repository-chosen core.hooksPath.
  const hooks = make('hooks');
  const hooksDir = join(hooks, 'my-hooks');
  for (const dir of [hooksDir, join(hooks, '.git', 'hooks')]) {
    mkdirSync(dir, { recursive: true });
    for (const name of HOOK_NAMES) {
      writeFileSync(join(dir, name), `#!/bin/sh\necho hook-${name} >> ${marker}\n`);
      chmodSync(join(dir, name), 0o755);
    }
  }
  git(hooks, 'config', 'core.hooksPath', hooksDir);
  git(hooks, 'config', 'core.untrackedCache', 'true');
  git(hooks, 'config', 'core.splitIndex', 'true');
  touchTracked(hooks);

  // External diff, textconv and pagers, with a modified tracked file.
  const diff = make('diff-pager');
  withAttributes(diff, 'd');
  hostileConfig(diff, marker, 'd');
  writeFileSync(join(diff, 'tracked.py'), `${readFileSync(join(diff, 'tracked.py'), 'utf8')}# edited\n`);

  // The same settings reached through include.path and includeIf, from files in the workspace.
  const include = make('include');
  withAttributes(include, 'i');
  writeTree(include, { 'evil.inc': '' });
  const inc = join(include, 'evil.inc');
  spawnSync(REAL_GIT, ['config', '-f', inc, 'core.fsmonitor', `echo fsmonitor-include >> ${marker}; false`]);
  spawnSync(REAL_GIT, ['config', '-f', inc, 'filter.i.clean', program(marker, 'clean-include')]);
  git(include, 'config', 'include.path', '../evil.inc');
  writeTree(include, { 'evil-if.inc': '' });
  spawnSync(REAL_GIT, ['config', '-f', join(include, 'evil-if.inc'), 'filter.i.process', program(marker, 'process-includeif')]);
  git(include, 'config', `includeIf.gitdir:${join(include, '.git')}.path`, join(include, 'evil-if.inc'));
  touchTracked(include);

  // A `.git` file pointing to a git dir outside the workspace, which holds the hostile config.
  const gitfile = make('gitfile', join(outside, 'gitfile.git'));
  withAttributes(gitfile, 'g');
  hostileConfig(gitfile, marker, 'g');
  touchTracked(gitfile);

  // A clean repository with a hostile repository nested inside it (not a submodule).
  const nested = make('nested');
  const inner = join(nested, 'inner');
  repoWithFiles(inner);
  withAttributes(inner, 'n');
  hostileConfig(inner, marker, 'n');
  touchTracked(inner);
  repos.push('nested/inner');

  // A submodule-like nested repository: the superproject records it as a gitlink (and in .gitmodules), so
  // `git status` in the superproject looks inside it, with the submodule's own config and its own driver names.
  const sup = make('super');
  const sub = join(sup, 'sub');
  repoWithFiles(sub);
  withAttributes(sub, 's');
  writeTree(sup, { '.gitmodules': '[submodule "sub"]\n\tpath = sub\n\turl = ./sub\n' });
  git(sup, 'add', '.gitmodules', 'sub');
  git(sup, '-c', 'user.email=t@t.invalid', '-c', 'user.name=t', 'commit', '-qm', 'submodule');
  hostileConfig(sub, marker, 's');
  touchTracked(sub);
  repos.push('super/sub');

  const expected: Record<string, Status> = {};
  for (const repo of repos) {
    expected[`${repo}/tracked.py`] = 'tracked';
    expected[`${repo}/ignored.py`] = 'ignored';
    expected[`${repo}/untracked.py`] = 'untracked';
  }
  // Nothing above may have run a hostile program while the fixture was being made.
  rmSync(marker, { force: true });
  return { root, ws, marker, expected };
}

/** A `git` first on PATH that records each invocation, then runs the real one. */
function standInGit(root: string): { env: NodeJS.ProcessEnv; log: string } {
  const bin = join(root, 'stand-in-bin');
  const log = join(root, 'git-invocations.log');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$PWD: $*" >> ${log}\nexec ${REAL_GIT} "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return { env: { PATH: `${bin}${delimiter}${process.env.PATH}` }, log };
}

const markerText = (w: HostileWorkspace) => (existsSync(w.marker) ? readFileSync(w.marker, 'utf8') : '');

function assertNoProgramRan(w: HostileWorkspace): void {
  assert.equal(markerText(w), '', 'a repository-configured program ran');
}

function statusesOf(findings: Array<{ path: string; gitStatus: string }>): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.path, f.gitStatus]));
}

const allUnknown = (expected: Record<string, Status>) => Object.fromEntries(Object.keys(expected).map((p) => [p, 'unknown']));

describe('hostile repositories: keysweep scan', () => {
  let w: HostileWorkspace;
  before(() => (w = buildHostileWorkspace()));
  after(() => rmSync(w.root, { recursive: true, force: true }));

  it('runs no repository-configured program and still reports each file’s git status', () => {
    const r = runCli(['scan', w.ws, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    assertNoProgramRan(w);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; gitStatus: string }> };
    assert.deepEqual(statusesOf(report.findings), w.expected);
  });

  it('runs no git at all with --no-git: every status is unknown', () => {
    const standIn = standInGit(w.root);
    const r = runCli(['scan', w.ws, '--format', 'json', '--no-git'], { env: standIn.env });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(existsSync(standIn.log), false, 'git was run');
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; gitStatus: string }> };
    assert.deepEqual(statusesOf(report.findings), allUnknown(w.expected));
  });

  it('never runs a `git` that sits in the workspace, even with `.` or an empty entry on PATH', () => {
    const repo = join(w.ws, 'fsmonitor');
    writeFileSync(join(repo, 'git'), `#!/bin/sh\necho workspace-git >> ${w.marker}\n`);
    chmodSync(join(repo, 'git'), 0o755);
    try {
      const realDir = REAL_GIT.slice(0, REAL_GIT.lastIndexOf('/'));
      for (const path of [`.${delimiter}${realDir}`, `${delimiter}${realDir}`]) {
        const r = runCli(['scan', '.', '--format', 'json'], { cwd: repo, env: { PATH: `${path}${delimiter}${process.env.PATH}` } });
        assert.equal(r.status, 1, r.stderr);
        assertNoProgramRan(w);
        const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; gitStatus: string }> };
        assert.equal(statusesOf(report.findings)['tracked.py'], 'tracked');
      }
    } finally {
      rmSync(join(repo, 'git'));
    }
  });
});

describe('hostile repositories: language server', () => {
  let w: HostileWorkspace;
  before(() => (w = buildHostileWorkspace()));
  after(() => rmSync(w.root, { recursive: true, force: true }));

  const tracked = (w: HostileWorkspace) => Object.keys(w.expected).filter((p) => !p.endsWith('untracked.py'));
  const openAll = (lsp: LspSession, paths: string[]) =>
    paths.map((p) => ({ p, uri: lsp.open(join(w.ws, p), readFileSync(join(w.ws, p), 'utf8'), 'python') }));
  const waitForStatus = (lsp: LspSession, uri: string, status: Status) =>
    lsp.waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0]!.message.includes(WHERE[status]), 20_000, true);

  it('trusted: runs no repository-configured program, and statuses are right for open documents and the workspace scan', async () => {
    const lsp = await LspSession.start(w.ws, { trusted: true });
    try {
      const docs = openAll(lsp, tracked(w));
      for (const { p, uri } of docs) await waitForStatus(lsp, uri, w.expected[p]!);
      const summary = await lsp.request<{ findings: Array<{ path: string; gitStatus: string }> }>('keysweep/scanWorkspace', {});
      assert.deepEqual(statusesOf(summary.findings), w.expected);
      assertNoProgramRan(w);
    } finally {
      await lsp.stop();
    }
  });

  it('untrusted: spawns no git (statuses unknown) until trust is granted, then computes them without running repository programs', async () => {
    const standIn = standInGit(w.root);
    rmSync(standIn.log, { force: true });
    const lsp = await LspSession.start(w.ws, { trusted: false, env: standIn.env });
    try {
      const docs = openAll(lsp, tracked(w));
      for (const { uri } of docs) await waitForStatus(lsp, uri, 'unknown');
      const summary = await lsp.request<{ findings: Array<{ path: string; gitStatus: string }> }>('keysweep/scanWorkspace', {});
      assert.deepEqual(statusesOf(summary.findings), allUnknown(w.expected));
      assert.equal(existsSync(standIn.log), false, `git was run in an untrusted workspace:\n${existsSync(standIn.log) ? readFileSync(standIn.log, 'utf8') : ''}`);
      assertNoProgramRan(w);

      lsp.notify('keysweep/setTrusted', { trusted: true });
      for (const { p, uri } of docs) await waitForStatus(lsp, uri, w.expected[p]!);
      const trusted = await lsp.request<{ findings: Array<{ path: string; gitStatus: string }> }>('keysweep/scanWorkspace', {});
      assert.deepEqual(statusesOf(trusted.findings), w.expected);
      assert.ok(existsSync(standIn.log), 'the stand-in git records invocations once trust is granted');
      assertNoProgramRan(w);
    } finally {
      await lsp.stop();
    }
  });
});
