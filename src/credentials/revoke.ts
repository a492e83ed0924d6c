/**
 * Carrying out a revoke plan's local steps, one by one, each with its outcome. Deletes never leave the source's
 * folder: a path (or the real path of a file to edit) that resolves outside `root` is refused, and a symlink is
 * removed itself, never followed. Entry edits are atomic (temp file in the same folder, same mode, rename).
 * Pages (open-url) are only reported: opening a browser is the face's decision.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { removeEntry } from './entry-edit';
import { realExec, type Exec } from './exec';
import { MAX_CONFIG_BYTES } from './fs-read';
import type { RevokePlan, RevokeStep, SourceContext } from './types';

export type StepStatus = 'done' | 'already-absent' | 'skipped' | 'failed' | 'reported';

export interface StepOutcome {
  step: RevokeStep;
  /** False only when the step was attempted and did not do its job. */
  ok: boolean;
  status: StepStatus;
  /** One line, ours: never the tool's output (it may echo a token). */
  message?: string;
}

export interface ExecuteOptions {
  exec?: Exec;
  /** Progress lines for logs. */
  log?: (line: string) => void;
  /** A logout that talks to a server can take a while; never forever. */
  runTimeoutMs?: number;
}

function within(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function realOrResolved(path: string): Promise<string> {
  try {
    return await fsp.realpath(path);
  } catch {
    return resolve(path);
  }
}

async function outsideRoot(realPath: string, root: string | undefined): Promise<string | undefined> {
  if (!root) return undefined;
  const realRoot = await realOrResolved(root);
  return within(realPath, realRoot) ? undefined : realRoot;
}

export async function deleteFile(path: string, root?: string): Promise<Omit<StepOutcome, 'step'>> {
  let st;
  try {
    st = await fsp.lstat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: true, status: 'already-absent', message: 'already gone' };
    return { ok: false, status: 'failed', message: `cannot inspect (${code ?? 'error'})` };
  }
  if (st.isDirectory()) return { ok: false, status: 'failed', message: 'is a folder, not a file; not deleted' };
  const parentReal = await realOrResolved(dirname(path));
  const parentOutside = await outsideRoot(parentReal, root);
  if (parentOutside) return { ok: false, status: 'failed', message: `resolves outside ${parentOutside} through a symlinked folder; not deleted` };
  let note = '';
  if (st.isSymbolicLink()) {
    const target = await fsp.realpath(path).catch(() => undefined);
    if (target && (await outsideRoot(target, root))) {
      return { ok: false, status: 'failed', message: `is a symlink to ${target}, outside ${root}; not deleted — remove the link and the file yourself` };
    }
    note = target ? ` (the symlink only; ${target} is left)` : ' (a broken symlink)';
  }
  try {
    await fsp.unlink(join(parentReal, basename(path)));
  } catch (err) {
    return { ok: false, status: 'failed', message: `not deleted (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return { ok: true, status: 'done', message: `deleted${note}` };
}

export async function deleteEntry(step: Extract<RevokeStep, { kind: 'delete-entry' }>): Promise<Omit<StepOutcome, 'step'>> {
  try {
    await fsp.lstat(step.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: true, status: 'already-absent', message: 'the file is already gone' };
    return { ok: false, status: 'failed', message: `cannot inspect (${code ?? 'error'})` };
  }
  let real: string;
  try {
    real = await fsp.realpath(step.path);
  } catch (err) {
    return { ok: false, status: 'failed', message: `cannot resolve (${(err as NodeJS.ErrnoException).code ?? 'error'}); not edited` };
  }
  const outside = await outsideRoot(real, step.root);
  if (outside) return { ok: false, status: 'failed', message: `resolves to ${real}, outside ${outside}; not edited` };
  const st = await fsp.stat(real);
  if (!st.isFile()) return { ok: false, status: 'failed', message: 'is not a regular file; not edited' };
  if (st.size > MAX_CONFIG_BYTES) return { ok: false, status: 'failed', message: 'is too large to edit safely; not edited' };
  const bytes = await fsp.readFile(real);
  const text = bytes.toString('utf8');
  // Only text that round-trips exactly can be edited without touching other bytes.
  if (!Buffer.from(text, 'utf8').equals(bytes)) return { ok: false, status: 'failed', message: 'is not plain UTF-8 text; not edited' };
  let edit;
  try {
    edit = removeEntry(text, step.entry, step.format);
  } catch (err) {
    return { ok: false, status: 'failed', message: (err as Error).message };
  }
  if (edit.removed === 0) return { ok: true, status: 'already-absent', message: 'the entry is already gone' };
  const temp = join(dirname(real), `.${basename(real)}.keysweep-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temp, 'wx', st.mode & 0o777);
    try {
      await handle.writeFile(edit.text, 'utf8');
      await handle.chmod(st.mode & 0o777);
      await handle.chown(st.uid, st.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, real);
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined);
    return { ok: false, status: 'failed', message: `not edited (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return { ok: true, status: 'done', message: `removed ${edit.removed === 1 ? 'the entry' : `${edit.removed} entries`}; the rest of the file is unchanged` };
}

async function runStep(step: Extract<RevokeStep, { kind: 'run' }>, ctx: SourceContext, exec: Exec, timeoutMs: number): Promise<Omit<StepOutcome, 'step'>> {
  const bin = await ctx.which(step.command);
  if (!bin) return { ok: false, status: 'failed', message: `${step.command} is not installed` };
  const r = await exec(bin, step.args, { env: { ...ctx.env, ...step.env }, timeoutMs });
  if ('error' in r) return { ok: false, status: 'failed', message: r.error === 'ETIMEDOUT' ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `could not start (${r.error})` };
  return r.code === 0 ? { ok: true, status: 'done', message: 'exit 0' } : { ok: false, status: 'failed', message: `exit ${r.code}` };
}

/** `options` may be just a log callback. */
export async function executePlan(plan: RevokePlan, ctx: SourceContext, optionsOrLog: ExecuteOptions | ((line: string) => void) = {}): Promise<StepOutcome[]> {
  const options: ExecuteOptions = typeof optionsOrLog === 'function' ? { log: optionsOrLog } : optionsOrLog;
  const exec = options.exec ?? realExec;
  const outcomes: StepOutcome[] = [];
  let lastRunOk: boolean | undefined;
  for (const step of plan.steps) {
    let outcome: Omit<StepOutcome, 'step'>;
    if (step.kind === 'open-url') {
      outcome = { ok: true, status: 'reported', message: 'open it in a browser' };
    } else if (step.kind !== 'run' && step.fallback && lastRunOk === true) {
      outcome = { ok: true, status: 'skipped', message: 'not needed: the logout ran' };
    } else if (step.kind === 'run') {
      outcome = await runStep(step, ctx, exec, options.runTimeoutMs ?? 60_000);
      lastRunOk = outcome.ok;
    } else if (step.kind === 'delete-file') {
      outcome = await deleteFile(step.path, step.root);
    } else if (step.kind === 'delete-entry') {
      outcome = await deleteEntry(step);
    } else {
      const answer = await ctx.keychain.delete(step.service, step.account);
      outcome =
        answer === 'deleted'
          ? { ok: true, status: 'done', message: 'deleted' }
          : answer === 'absent'
            ? { ok: true, status: 'already-absent', message: 'already gone' }
            : { ok: false, status: 'failed', message: 'the keychain could not be reached or refused' };
    }
    outcomes.push({ step, ...outcome });
    options.log?.(`${step.kind}: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}`);
  }
  return outcomes;
}
