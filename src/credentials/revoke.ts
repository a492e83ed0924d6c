/**
 * Carrying out a revoke plan's local steps, one by one, each with its outcome. Deletes never leave the source's
 * folder: a path (or the real path of a file to edit) that resolves outside `root` is refused, and a symlink is
 * removed itself, never followed. Entry edits hold a lock beside the file, re-read it under the lock and compute the
 * edit from that text (concurrent revokes lose nothing), cut only the entry's bytes, write atomically (temp file in
 * the same folder, same mode, rename) — or in place when the file has other hard links, so every link sees the edit
 * — and read the file back: "done" only when it reads as the old file minus the entry.
 * Pages (open-url) are only reported: opening a browser is the face's decision.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsp, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { readRegularFile } from '../workspace/read-regular';
import { EditRefused, findEntry, removedOnly, type EntryAddress } from './entry-edit';
import { realExec, type Exec } from './exec';
import { LockTimeout, withFileLock } from './file-lock';
import { MAX_CONFIG_BYTES } from './fs-read';
import { cutBytes, decodeUtf8Lossy } from './text-bytes';
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

type Outcome = Omit<StepOutcome, 'step'>;

/** The lock beside a file being edited (in its real folder, so every path to it takes the same lock). */
export function editLockPath(realPath: string): string {
  const name = basename(realPath);
  return join(dirname(realPath), `${name.startsWith('.') ? '' : '.'}${name}.keysweep-lock`);
}

export async function deleteEntry(step: Extract<RevokeStep, { kind: 'delete-entry' }>): Promise<Outcome> {
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
  const address: EntryAddress = { entry: step.entry, format: step.format, select: step.select };
  try {
    return await withFileLock(editLockPath(real), () => editUnderLock(real, address));
  } catch (err) {
    if (err instanceof LockTimeout) return { ok: false, status: 'failed', message: 'another process kept the file locked; not edited' };
    return { ok: false, status: 'failed', message: `not edited (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** Everything from the read to the check, under the file's lock: the edit is computed from what is read here. */
async function editUnderLock(real: string, address: EntryAddress): Promise<Outcome> {
  const read = await readRegularFile(real, MAX_CONFIG_BYTES);
  if (!read.ok) {
    if (read.code === 'absent') return { ok: true, status: 'already-absent', message: 'the file is already gone' };
    return { ok: false, status: 'failed', message: read.code === 'too-large' ? 'is too large to edit safely; not edited' : `${read.reason}; not edited` };
  }
  const bytes = read.bytes;
  // Decoded leniently: a byte that is not UTF-8 (a Latin-1 comment) is kept as it is, never re-encoded.
  const decoded = decodeUtf8Lossy(bytes);
  let found;
  try {
    found = findEntry(decoded.text, address);
  } catch (err) {
    if (err instanceof EditRefused) return { ok: false, status: 'failed', message: err.message };
    throw err;
  }
  if (found.removed === 0) return { ok: true, status: 'already-absent', message: 'the entry is already gone' };
  const edited = cutBytes(bytes, decoded, found.spans);
  const st = await fsp.stat(real);
  if (st.nlink > 1) await writeInPlace(real, edited);
  else await writeAtomically(real, edited, st);
  // Read back what is on disk now: the claim below is checked, not assumed.
  const back = await readRegularFile(real, MAX_CONFIG_BYTES);
  const removed = found.removed === 1 ? 'the entry' : `${found.removed} entries`;
  if (!back.ok || !back.bytes.equals(edited) || !removedOnly(decoded.text, decodeUtf8Lossy(back.bytes).text, address)) {
    return { ok: false, status: 'failed', message: `removed ${removed}, but the file does not read back as expected; check ${real}` };
  }
  const links = st.nlink > 1 ? ` (edited in place: all ${st.nlink} hard links see it)` : '';
  return { ok: true, status: 'done', message: `removed ${removed}; the rest of the file reads back unchanged${links}` };
}

/** Temp file in the same folder, same mode and owner, flushed, then renamed over the file. */
async function writeAtomically(real: string, bytes: Buffer, st: Stats): Promise<void> {
  const temp = join(dirname(real), `.${basename(real)}.keysweep-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temp, 'wx', st.mode & 0o777);
    try {
      await handle.writeFile(bytes);
      await handle.chmod(st.mode & 0o777);
      await handle.chown(st.uid, st.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, real);
  } catch (err) {
    await fsp.unlink(temp).catch(() => undefined);
    throw err;
  }
}

/**
 * A file with other hard links: a rename would give this name a new inode and leave the token in every other link.
 * It is rewritten in place instead (shorter, then truncated), under the same lock.
 */
async function writeInPlace(real: string, bytes: Buffer): Promise<void> {
  const handle = await fsp.open(real, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
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
      outcome = await runStep(step, ctx, exec, step.timeoutMs ?? options.runTimeoutMs ?? 60_000);
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
