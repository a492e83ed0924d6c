/**
 * Files where a tool keeps what was typed and printed — prompt history, session transcripts, logs. Pasted keys end
 * up there. Each becomes one item with its size and the number of keys the engine finds (never the keys), scanned
 * newest first up to a byte budget that the item states.
 */
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { formatBytes, statFile } from './fs-read';
import { brokenItem, item, permissionProblems, type SourceInfo } from './item';
import { countKeys, countKeysInFiles, TRANSCRIPT_BUDGET, type KeyCount } from './secret-scan';
import type { CredentialProblem, LocalCredential, SourceContext } from './types';

export interface TranscriptSpec {
  id: string;
  kind: string;
  path: string;
  type: 'file' | 'dir';
}

/**
 * Binary databases that keep copies of a conversation (a SQLite file with its -wal/-shm/-journal companions), the
 * files in `dir` whose names match. Scanned as printable runs, since the engine skips binary files.
 */
export interface DatabaseTranscriptSpec {
  id: string;
  kind: string;
  dir: string;
  match: RegExp;
}

export async function databaseTranscriptItem(source: SourceInfo, spec: DatabaseTranscriptSpec, ctx: SourceContext): Promise<LocalCredential | undefined> {
  const names = (await fsp.readdir(spec.dir).catch(() => [] as string[])).filter((n) => spec.match.test(n)).sort();
  const problems: CredentialProblem[] = [];
  const paths: string[] = [];
  let modifiedAt: string | undefined;
  for (const name of names) {
    const path = join(spec.dir, name);
    const st = await statFile(path);
    // A symlink here is not the tool's own database: never followed, never counted.
    if (st.status !== 'ok' || st.facts.isSymlink || !st.stats.isFile()) continue;
    paths.push(path);
    problems.push(...permissionProblems(st.facts, ctx));
    if (!modifiedAt || st.facts.modifiedAt > modifiedAt) modifiedAt = st.facts.modifiedAt;
  }
  if (paths.length === 0) return undefined;
  const count = await countKeysInFiles(paths, { allowBinary: true });
  // The database itself (no -wal/-shm suffix) names the item; the companions are listed in details.
  const main = paths.find((p) => /\.sqlite$/.test(p)) ?? paths[0]!;
  const where = paths.length > 1 ? `${main} and its ${paths.length - 1} companion file${paths.length === 2 ? '' : 's'}` : main;
  return countedItem(source, { id: spec.id, kind: spec.kind, path: main, where, plural: paths.length > 1 }, count, problems, modifiedAt, { paths: paths.map((p) => basename(p)).join(', ') });
}

export async function transcriptItem(source: SourceInfo, spec: TranscriptSpec, ctx: SourceContext): Promise<LocalCredential | undefined> {
  let modifiedAt: string | undefined;
  const problems: CredentialProblem[] = [];
  if (spec.type === 'file') {
    const st = await statFile(spec.path);
    if (st.status === 'absent') return undefined;
    if (st.status !== 'ok') return brokenItem(source, spec.id, spec.kind, st);
    modifiedAt = st.facts.modifiedAt;
    problems.push(...permissionProblems(st.facts, ctx));
  } else {
    try {
      const st = await fsp.lstat(spec.path);
      if (st.isSymbolicLink()) {
        const target = await fsp.stat(spec.path).catch((err: NodeJS.ErrnoException) => err);
        if (target instanceof Error) {
          const loop = target.code === 'ELOOP';
          return brokenItem(source, spec.id, spec.kind, {
            status: 'unreadable',
            path: spec.path,
            code: loop ? 'symlink-loop' : 'dangling-symlink',
            message: loop ? `${spec.path} is a symlink loop` : `${spec.path} is a symlink to a folder that does not exist`,
          });
        }
        if (!target.isDirectory()) return brokenItem(source, spec.id, spec.kind, { status: 'unreadable', path: spec.path, code: 'not-a-directory', message: `${spec.path} is a file where a folder was expected` });
      } else if (!st.isDirectory()) {
        return brokenItem(source, spec.id, spec.kind, { status: 'unreadable', path: spec.path, code: 'not-a-directory', message: `${spec.path} is a file where a folder was expected` });
      }
      modifiedAt = st.mtime.toISOString();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      return brokenItem(source, spec.id, spec.kind, { status: 'unreadable', path: spec.path, code: 'unreadable', message: `${spec.path} cannot be read (${code ?? 'error'})` });
    }
  }
  const count = await countKeys(spec.path, spec.type === 'dir');
  if (spec.type === 'dir' && count.files === 0) return undefined;
  return countedItem(source, { id: spec.id, kind: spec.kind, path: spec.path, plural: spec.type === 'dir' }, count, problems, modifiedAt);
}

function countedItem(
  source: SourceInfo,
  spec: { id: string; kind: string; path: string; where?: string; plural: boolean },
  count: KeyCount,
  problems: CredentialProblem[],
  modifiedAt: string | undefined,
  extra: Record<string, string> = {},
): LocalCredential {
  if (count.keysFound > 0) {
    const scope = count.capped ? ` (in the ${formatBytes(count.bytesScanned)} scanned of ${formatBytes(count.bytes)})` : '';
    problems.push({
      code: 'keys-in-transcripts',
      severity: 'warning' as const,
      message: `${count.keysFound} key${count.keysFound === 1 ? '' : 's'} (${count.providers.join(', ')}) found in ${spec.where ?? spec.path}${scope}: revoke ${count.keysFound === 1 ? 'it' : 'them'}, then delete or redact the file${spec.plural ? 's' : ''}`,
    });
  }
  const sizeText = `${spec.plural ? `${count.files} file${count.files === 1 ? '' : 's'}, ` : ''}${formatBytes(count.bytes)}`;
  return item(source, {
    id: spec.id,
    kind: spec.kind,
    label: `${spec.kind} — ${sizeText}${count.keysFound ? `, ${count.keysFound} key${count.keysFound === 1 ? '' : 's'} found` : ', no keys found'}${count.capped ? ` (newest ${formatBytes(count.bytesScanned)} scanned)` : ''}`,
    location: { type: 'file', path: spec.path },
    modifiedAt,
    details: {
      bytes: count.bytes,
      files: count.files,
      keysFound: count.keysFound,
      providers: count.providers.join(', '),
      bytesScanned: count.bytesScanned,
      filesScanned: count.filesScanned,
      filesSkipped: count.filesSkipped,
      scanCapped: count.capped,
      scanBudget: TRANSCRIPT_BUDGET,
      ...extra,
    },
    problems,
  });
}
