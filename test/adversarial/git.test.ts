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
import { devNull } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canonicalKey, parseConfigKeys, planOverrides } from '../../src/git/program-keys';
import { overridesFor, runGit } from '../../src/git/run';
import { fileStatus } from '../../src/git/status';
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

  // Names that are pathspec magic or globs: `[ab].py` is tracked even though `a.py`, which the glob matches, is not.
  const names = make('names');
  writeTree(names, { '[ab].py': `KEY = "${openaiKey()}"\n` });
  git(names, 'add', '[ab].py');
  git(names, '-c', 'user.email=t@t.invalid', '-c', 'user.name=t', 'commit', '-qm', 'glob-like name');
  writeTree(names, { 'a.py': `KEY = "${openaiKey()}"\n` });

  const expected: Record<string, Status> = { 'names/[ab].py': 'tracked', 'names/a.py': 'untracked' };
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

const markerText = (w: Pick<HostileWorkspace, 'marker'>) => (existsSync(w.marker) ? readFileSync(w.marker, 'utf8') : '');

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

describe('a repository that moves its work tree (core.worktree)', () => {
  it('is asked about its own folder, not the whole disk the setting names', async () => {
    const root = tempDir();
    try {
      const repo = join(root, 'repo');
      writeTree(repo, { 'tracked.py': `KEY = "${openaiKey()}"\n`, '.gitignore': 'local.env\n', 'local.env': `KEY=${openaiKey()}\n` });
      git(repo, 'init', '-q');
      git(repo, 'add', 'tracked.py', '.gitignore');
      git(repo, 'commit', '-qm', 'x');
      writeTree(repo, { 'new.py': `KEY = "${openaiKey()}"\n` });
      git(repo, 'config', 'core.worktree', '/');
      const r = runCli(['scan', repo, '--format', 'json']);
      assert.equal(r.status, 1, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; gitStatus: string }> };
      assert.deepEqual(statusesOf(report.findings), { 'tracked.py': 'tracked', 'local.env': 'ignored', 'new.py': 'untracked' });
      assert.equal(await fileStatus(repo, join(repo, 'new.py')), 'untracked');
    } finally {
      rmSync(root, { recursive: true, force: true });
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

/**
 * One setting per program family: [key, value the repository sets, override the runner must add (null: cannot be
 * overridden, and only a transport would use it; the runner allows none)].
 */
function familySettings(marker: string, hooksDir: string, binDir: string): Array<[string, string, string | null]> {
  const p = (label: string) => program(marker, label);
  const bang = (label: string) => `!echo ${label} >> ${marker}; true`;
  // Some settings name an executable that git runs without a shell.
  const exe = (label: string) => {
    const path = join(binDir, label);
    writeFileSync(path, `#!/bin/sh\necho ${label} >> ${marker}\ncat\n`);
    chmodSync(path, 0o755);
    return path;
  };
  return [
    ['core.fsmonitor', `echo fsmonitor >> ${marker}; false`, 'false'],
    ['core.hooksPath', hooksDir, devNull],
    ['core.pager', p('pager'), ''],
    ['pager.log', p('pager-log'), ''],
    ['core.editor', p('editor'), ':'],
    ['sequence.editor', p('sequence-editor'), ':'],
    ['core.askPass', exe('askpass'), ''],
    ['core.sshCommand', p('ssh'), ''],
    ['core.alternateRefsCommand', p('alternate-refs'), ''],
    ['credential.helper', bang('credential'), ''],
    ['credential.https://example.com.helper', bang('credential-url'), ''],
    ['diff.external', p('diff-external'), ''],
    ['diff.Tc.textconv', p('textconv'), ''],
    ['diff.Tc.command', p('diff-command'), ''],
    ['filter.Fx.clean', p('clean'), ''],
    ['filter.Fx.smudge', p('smudge'), ''],
    ['filter.Px.process', p('process'), ''], // a driver no file uses: a process filter that fails would stop the commands below early
    ['filter.Fx.required', 'true', 'false'],
    ['merge.Mx.driver', p('merge-driver'), ''],
    ['gpg.program', exe('gpg'), ''],
    ['gpg.ssh.program', exe('gpg-ssh'), ''],
    ['gpg.mine.program', exe('gpg-mine'), ''],
    ['gpg.ssh.defaultKeyCommand', p('gpg-default-key'), ''],
    ['commit.gpgSign', 'true', null],
    ['uploadpack.packObjectsHook', p('pack-objects-hook'), ''],
    ['interactive.diffFilter', p('diff-filter'), ''],
    ['imap.tunnel', p('imap'), ''],
    ['difftool.t.cmd', p('difftool'), ''],
    ['mergetool.t.cmd', p('mergetool'), ''],
    ['mergetool.t.path', exe('mergetool-path'), ''],
    ['man.t.cmd', p('man'), ''],
    ['browser.t.cmd', p('browser'), ''],
    ['guitool.t.cmd', p('guitool'), ''],
    ['web.browser', 't', ''],
    ['instaweb.httpd', p('httpd'), ''],
    ['tar.evil.command', p('tar'), ''],
    ['trailer.sign.command', p('trailer'), ''],
    ['trailer.sign.cmd', p('trailer-cmd'), ''],
    ['sendemail.sendmailCmd', p('sendmail'), ''],
    ['sendemail.work.smtpServer', p('smtp'), ''],
    ['hook.mine.command', p('config-hook'), ''],
    ['hook.mine.event', 'pre-commit', ''],
    ['submodule.s.update', bang('submodule-update'), 'none'],
    ['alias.st', bang('alias'), ''],
    ['svn.authorsProg', p('svn-authors'), ''],
    ['remote.o5.vcs', 'evil', ''],
    ['protocol.allow', 'always', 'never'],
    ['protocol.ext.allow', 'always', 'never'],
    ['protocol.mine.allow', 'always', 'never'],
    ['remote.origin.url', `ext::sh -c echo% ext-remote>>${marker}`, null], // `% ` is a space in an ext:: URL
    ['remote.o2.url', 'ssh://example.invalid/x', null],
    ['remote.o3.url', '/nonexistent/repo', null],
    ['remote.o3.uploadpack', p('uploadpack'), null],
    ['remote.o3.receivepack', p('receivepack'), null],
    ['remote.o4.url', 'git://example.invalid/x', null],
    ['core.gitProxy', p('git-proxy'), null],
  ];
}

/** A repository with a merge to make, hooks everywhere, and every family of program settings (some through includes). */
function buildFamilyRepo(root: string, marker: string): { repo: string; settings: Array<[string, string, string | null]> } {
  const repo = join(root, 'families');
  const hooksDir = join(root, 'families-hooks');
  repoWithFiles(repo);
  writeTree(repo, { '.gitattributes': '*.py filter=Fx diff=Tc merge=Mx\n' });
  const g = (...args: string[]) => git(repo, '-c', 'user.email=t@t.invalid', '-c', 'user.name=t', ...args);
  g('add', '.gitattributes');
  g('commit', '-qm', 'attributes');
  g('checkout', '-qb', 'other');
  writeFileSync(join(repo, 'tracked.py'), 'KEY = "other"\n');
  g('commit', '-qam', 'other');
  g('checkout', '-q', '-');
  writeFileSync(join(repo, 'tracked.py'), 'KEY = "main"\n');
  g('commit', '-qam', 'main');
  for (const dir of [hooksDir, join(repo, '.git', 'hooks')]) {
    mkdirSync(dir, { recursive: true });
    for (const name of [...HOOK_NAMES, 'commit-msg', 'prepare-commit-msg', 'pre-merge-commit', 'post-merge', 'pre-push', 'pre-rebase']) {
      writeFileSync(join(dir, name), `#!/bin/sh\necho hook-${name} >> ${marker}\n`);
      chmodSync(join(dir, name), 0o755);
    }
  }
  const binDir = join(root, 'families-bin');
  mkdirSync(binDir, { recursive: true });
  const settings = familySettings(marker, hooksDir, binDir);
  // The first half goes in .git/config, the rest in a file it includes: both must be seen.
  const included = join(root, 'families.inc');
  writeFileSync(included, '');
  settings.forEach(([key, value], i) => spawnSync(REAL_GIT, ['config', '-f', i % 2 ? included : join(repo, '.git', 'config'), '--add', key, value]));
  git(repo, 'config', 'include.path', included);
  git(repo, 'config', 'user.name', 't');
  git(repo, 'config', 'user.email', 't@t.invalid');
  writeFileSync(join(repo, 'tracked.py'), 'KEY = "edited"\n');
  return { repo, settings };
}

describe('the git runner (src/git/run.ts)', () => {
  let root: string;
  let marker: string;
  let families: { repo: string; settings: Array<[string, string, string | null]> };
  before(() => {
    root = tempDir('keysweep-git-runner-');
    marker = join(root, 'marker');
    families = buildFamilyRepo(root, marker);
    rmSync(marker, { force: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists the keys the repository config defines (includes too) and overrides every program family', async () => {
    const plan = await overridesFor(families.repo);
    assert.ok(plan.ok, JSON.stringify(plan));
    const overrides = new Map(plan.overrides.map(([k, v]) => [canonicalKey(k), v]));
    for (const [key, , expected] of families.settings) {
      if (expected !== null) assert.equal(overrides.get(canonicalKey(key)), expected, key);
    }
    for (const key of ['user.name', 'core.bare', 'filter.Fx.other', 'remote.o3.url', 'include.path']) assert.equal(overrides.has(canonicalKey(key)), false, key);
    assert.equal(overrides.get('filter.fx.clean'), undefined, 'a subsection keeps its case');
  });

  it('planOverrides: fixed keys always, listed keys once, a name git cannot override refused', () => {
    const plan = planOverrides(['filter.x.clean', 'FILTER.x.CLEAN', 'core.fsmonitor', 'user.name']);
    assert.ok(plan.ok);
    assert.deepEqual(plan.overrides.filter(([k]) => k.toLowerCase().startsWith('filter.')), [['filter.x.clean', '']]);
    assert.deepEqual(plan.overrides.filter(([k]) => k === 'core.fsmonitor'), [['core.fsmonitor', 'false']]);
    assert.equal(planOverrides(['filter.a=b.clean']).ok, false);
    assert.equal(planOverrides(Array.from({ length: 3000 }, (_, i) => `filter.d${i}.clean`)).ok, false);
    assert.deepEqual(parseConfigKeys(Buffer.from('a.b\nvalue\0c.d\0e.f\nmulti\nline\0')), ['a.b', 'c.d', 'e.f']);
    assert.equal(parseConfigKeys(Buffer.from([0x66, 0x2e, 0xff, 0x2e, 0x63, 0x0a, 0x78, 0x00])), undefined);
  });

  it('commands that would use each family run none of its programs', async () => {
    const commands = [
      ['status', '--porcelain'],
      ['diff'],
      ['log', '-p', '-2'],
      ['show', 'HEAD'],
      ['add', 'tracked.py'],
      ['commit', '-m', 'x'],
      ['commit', '--allow-empty'],
      ['hook', 'run', 'pre-commit'],
      ['merge', 'other'],
      ['merge', '--abort'],
      ['checkout', '-qb', 'third'],
      ['fetch', 'origin'],
      ['fetch', 'o2'],
      ['fetch', 'o3'],
      ['fetch', 'o4'],
      ['push', 'o3', 'HEAD'],
      ['ls-remote', `ext::sh -c echo% ext-url>>${marker}`],
      ['archive', '--format=evil', 'HEAD'],
      ['interpret-trailers', '--trailer', 'sign=x'],
      ['st'],
      ['gc', '--auto'],
    ];
    const ran: string[] = [];
    for (const args of commands) {
      const before = markerText({ marker });
      const r = await runGit(families.repo, args, { timeoutMs: 10_000 });
      const added = markerText({ marker }).slice(before.length);
      if (added) ran.push(`git ${args.join(' ')}: ${added.trim().split('\n').join(', ')}`);
      if (r.failure === 'timeout') ran.push(`git ${args.join(' ')}: timed out`);
    }
    assert.deepEqual(ran, []);
  });

  it('drops inherited GIT_* variables that redirect git or name programs', async () => {
    const other = join(root, 'other');
    repoWithFiles(other);
    const saved = { ...process.env };
    Object.assign(process.env, {
      GIT_DIR: join(other, '.git'),
      GIT_WORK_TREE: other,
      GIT_EXTERNAL_DIFF: program(marker, 'env-external-diff'),
      GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='echo env-parameters >> ${marker}; false'`,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.pager',
      GIT_CONFIG_VALUE_0: program(marker, 'env-count'),
      GIT_SSH_COMMAND: program(marker, 'env-ssh'),
      GIT_ASKPASS: program(marker, 'env-askpass'),
      SSH_ASKPASS: program(marker, 'env-ssh-askpass'),
    });
    try {
      const top = await runGit(families.repo, ['rev-parse', '--show-toplevel']);
      assert.equal(top.stdout.toString().trim(), families.repo);
      await runGit(families.repo, ['diff']);
      await runGit(families.repo, ['status']);
      await runGit(families.repo, ['fetch', 'o2']);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    assert.equal(markerText({ marker }), '');
  });

  it('a driver name git cannot override, or a setting name that is not UTF-8: no answer, and nothing runs', async () => {
    const eq = join(root, 'equals');
    repoWithFiles(eq);
    withAttributes(eq, 'a=b');
    git(eq, 'config', 'filter.a=b.clean', program(marker, 'clean-a=b'));
    touchTracked(eq);
    const r = await runGit(eq, ['status', '--porcelain']);
    assert.equal(r.failure, 'unsafe-config');
    assert.equal(await fileStatus(eq, join(eq, 'tracked.py')), 'unknown');

    const latin = join(root, 'latin1');
    repoWithFiles(latin);
    withAttributes(latin, 'l\xe9');
    const config = join(latin, '.git', 'config');
    writeFileSync(config, Buffer.concat([readFileSync(config), Buffer.from('[filter "l'), Buffer.from([0xe9]), Buffer.from(`"]\n\tclean = ${program(marker, 'clean-latin1')}\n`)]));
    touchTracked(latin);
    assert.equal((await runGit(latin, ['status', '--porcelain'])).failure, 'unsafe-config');
    assert.equal(markerText({ marker }), '');
  });

  it('a hung git (an include path that is a FIFO) times out; too much output is a failure, not a truncated answer', async () => {
    const hung = join(root, 'hung');
    repoWithFiles(hung);
    const fifo = join(root, 'config-fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    git(hung, 'config', 'include.path', fifo);
    const started = Date.now();
    const r = await runGit(hung, ['status'], { timeoutMs: 500 });
    assert.equal(r.failure, 'timeout');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);

    const big = await runGit(families.repo, ['ls-files'], { maxOutputBytes: 8 });
    assert.equal(big.failure, 'output-limit');
    assert.equal(big.stdout.length, 0);
  });

  it('a repository owned by another user is refused by git (safe.directory is never widened): status unknown, and the scan goes on', { skip: process.getuid?.() !== 0 && 'needs root to give a repository to another user' }, async () => {
    const foreign = join(root, 'foreign');
    repoWithFiles(foreign);
    hostileConfig(foreign, marker, 'o');
    assert.equal(spawnSync('chown', ['-R', 'nobody', foreign]).status, 0);
    assert.equal((await runGit(foreign, ['status', '--porcelain'])).failure, 'dubious-ownership');
    assert.equal(await fileStatus(foreign, join(foreign, 'tracked.py')), 'unknown');
    const r = runCli(['scan', foreign, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<{ path: string; gitStatus: string }> };
    assert.deepEqual(new Set(report.findings.map((f) => f.gitStatus)), new Set(['unknown']));
    assert.equal(markerText({ marker }), '');
  });
});
