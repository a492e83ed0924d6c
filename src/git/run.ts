/**
 * The one way Keysweep runs git. A repository is workspace content, and its config can name programs that git runs
 * during an ordinary `git status` (core.fsmonitor, clean filters, hooks…). Every call therefore:
 * - runs the git found on PATH's absolute entries (never one in the workspace: no `.` or relative entries), with
 *   an argument array and no shell;
 * - overrides every program-naming setting (program-keys.ts): the fixed ones, plus each key of a program family
 *   that the config in `cwd` defines, listed first with `git config --list` (reading config runs nothing);
 * - drops inherited GIT_* variables that redirect git (GIT_DIR, GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND,
 *   GIT_CONFIG_PARAMETERS…), allows no transport, never prompts, takes no optional locks, and reads paths literally
 *   (`--literal-pathspecs`: a file named `*` is that file, not a glob);
 * - keeps git's own safe.directory check: a repository owned by someone else is refused by git and reported as
 *   `dubious-ownership`, never allowed;
 * - is bounded in time and output, and never throws: the result says why git gave no answer.
 * Callers put workspace paths after `--` (and refs after `--end-of-options`) so none is read as an option.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { whichOnPath } from '../credentials/which';
import { FIXED_OVERRIDES, parseConfigKeys, planOverrides, type ConfigOverride } from './program-keys';

export type GitFailure =
  /** No git on PATH. */
  | 'no-git'
  /** git could not be started. */
  | 'spawn-failed'
  | 'timeout'
  | 'output-limit'
  /** git refused the repository: its owner is not the current user (safe.directory). */
  | 'dubious-ownership'
  /** The repository's config could not be listed, or names a program in a way that cannot be overridden. */
  | 'unsafe-config';

export interface GitResult {
  /** git's exit code; null when it did not exit on its own. */
  code: number | null;
  stdout: Buffer;
  /** The first few KB of git's messages (English: LC_ALL=C). */
  stderr: string;
  /** Set when git gave no answer; `code` is then not git's verdict on the question. */
  failure?: GitFailure;
}

export interface GitRunOptions {
  /** Default 30 s: a hung git (a FIFO in an include path, a slow network disk) cannot hang a scan. */
  timeoutMs?: number;
  /** Default 64 MiB of stdout; more is a failure, not a truncated answer. */
  maxOutputBytes?: number;
  /**
   * Default true. False only for a command that takes paths but no pathspecs and so rejects the flag
   * (`check-ignore`): its paths are never globs anyway.
   */
  literalPathspecs?: boolean;
  /**
   * The work tree, given to git explicitly: a repository's `core.worktree` (say `/`) would otherwise turn one status
   * into a listing of the whole disk.
   */
  workTree?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
const MAX_STDERR = 4096;
const CONFIG_LIST_MAX_OUTPUT = 4 * 1024 * 1024;
const CONFIG_LIST_TIMEOUT_MS = 10_000;
/** A repository's key listing is reused this long: long enough for one scan's calls, short enough to see edits. */
const CONFIG_CACHE_MS = 5_000;

/** True when git ran and answered with exit code 0. */
export function succeeded(result: GitResult): boolean {
  return !result.failure && result.code === 0;
}

export async function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const git = await gitExecutable();
  if (!git) return noAnswer('no-git');
  const plan = await repositoryOverrides(git, cwd, options.timeoutMs);
  if (!plan.ok) return { ...noAnswer(plan.failure), stderr: plan.reason };
  return spawnGit(git, cwd, args, plan.overrides, options);
}

type RepositoryPlan = { ok: true; overrides: ConfigOverride[] } | { ok: false; failure: GitFailure; reason: string };

/** The overrides for the config that applies in `cwd` (exported for tests). */
export async function overridesFor(cwd: string): Promise<RepositoryPlan> {
  const git = await gitExecutable();
  return git ? repositoryOverrides(git, cwd) : { ok: false, failure: 'no-git', reason: 'git is not installed' };
}

const configCache = new Map<string, { at: number; plan: Promise<RepositoryPlan> }>();

function repositoryOverrides(git: string, cwd: string, timeoutMs = CONFIG_LIST_TIMEOUT_MS): Promise<RepositoryPlan> {
  const key = `${git}\0${resolve(cwd)}`;
  const now = Date.now();
  const cached = configCache.get(key);
  if (cached && now - cached.at < CONFIG_CACHE_MS) return cached.plan;
  for (const [k, v] of configCache) if (now - v.at >= CONFIG_CACHE_MS) configCache.delete(k);
  const plan = listAndPlan(git, cwd, Math.min(timeoutMs, CONFIG_LIST_TIMEOUT_MS));
  configCache.set(key, { at: now, plan });
  return plan;
}

async function listAndPlan(git: string, cwd: string, timeoutMs: number): Promise<RepositoryPlan> {
  // Under the fixed overrides only: listing config follows includes but runs no program.
  const listed = await spawnGit(git, cwd, ['config', '--list', '--null'], FIXED_OVERRIDES, { maxOutputBytes: CONFIG_LIST_MAX_OUTPUT, timeoutMs });
  if (listed.failure) return { ok: false, failure: listed.failure, reason: `git config --list: ${listed.failure}` };
  if (listed.code !== 0) return { ok: false, failure: 'unsafe-config', reason: `git config --list failed: ${listed.stderr.split('\n')[0]}` };
  const keys = parseConfigKeys(listed.stdout);
  if (!keys) return { ok: false, failure: 'unsafe-config', reason: 'a setting name is not valid UTF-8' };
  const plan = planOverrides(keys);
  return plan.ok ? plan : { ok: false, failure: 'unsafe-config', reason: plan.reason };
}

function noAnswer(failure: GitFailure): GitResult {
  return { code: null, stdout: Buffer.alloc(0), stderr: '', failure };
}

function spawnGit(git: string, cwd: string, args: readonly string[], overrides: readonly ConfigOverride[], options: GitRunOptions): Promise<GitResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const literal = (options.literalPathspecs ?? true) ? ['--literal-pathspecs'] : [];
  const workTree = options.workTree ? [`--work-tree=${options.workTree}`] : [];
  const argv = ['--no-pager', ...workTree, ...literal, ...overrides.flatMap(([k, v]) => ['-c', `${k}=${v}`]), ...args];
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: GitFailure | undefined;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(git, argv, { cwd, env: neutralEnvironment(process.env), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch {
      done(noAnswer('spawn-failed'));
      return;
    }
    const stop = (why: GitFailure) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    child.stdout!.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxOutput) stop('output-limit');
      else chunks.push(c);
    });
    child.stderr!.on('data', (c: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += c.toString('utf8').slice(0, MAX_STDERR - stderr.length);
    });
    child.on('error', () => {
      clearTimeout(timer);
      done(noAnswer(failure ?? 'spawn-failed'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!failure && code === 128 && /dubious ownership/.test(stderr)) failure = 'dubious-ownership';
      done({ code: failure ? null : code, stdout: failure ? Buffer.alloc(0) : Buffer.concat(chunks), stderr, failure });
    });
  });
}

/** Inherited variables that only say where the user's own config lives, or where discovery stops: kept. */
const KEPT_GIT_VARIABLES = new Set(['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM']);
const DROPPED_VARIABLES = new Set(['SSH_ASKPASS', 'PAGER', 'EDITOR', 'VISUAL']);

/** The environment git runs in: the caller's, minus what redirects or extends git, plus settings that run nothing. */
function neutralEnvironment(inherited: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(inherited)) {
    const upper = name.toUpperCase();
    if ((upper.startsWith('GIT_') && !KEPT_GIT_VARIABLES.has(upper)) || DROPPED_VARIABLES.has(upper)) continue;
    env[name] = value;
  }
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    GIT_OPTIONAL_LOCKS: '0',
    // Set and empty: no transport is allowed, whatever protocol.* the repository configures.
    GIT_ALLOW_PROTOCOL: '',
    // Set and empty: core.gitProxy is ignored (its first match would win over any override).
    GIT_PROXY_COMMAND: '',
    GIT_NO_LAZY_FETCH: '1',
    LC_ALL: 'C',
  };
}

let resolved: { path: string; git: Promise<string | undefined> } | undefined;

/** git from PATH's absolute entries only (whichOnPath): `.` or a relative entry would find a `git` in the workspace. */
function gitExecutable(): Promise<string | undefined> {
  const path = process.env.PATH ?? process.env.Path ?? '';
  if (resolved?.path !== path) {
    const git = whichOnPath('git', { PATH: path, PATHEXT: process.env.PATHEXT }, process.platform);
    resolved = { path, git };
    // Not found is not remembered: git installed while the language server runs is found on the next call.
    void git.then((found) => {
      if (!found && resolved?.git === git) resolved = undefined;
    });
  }
  return resolved.git;
}
