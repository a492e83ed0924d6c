/**
 * Files where a tool keeps what was typed and printed — prompt history, session transcripts, logs. Pasted keys end
 * up there. Each becomes one item with its size and the number of keys the engine finds (never the keys), scanned
 * newest first up to a byte budget that the item states.
 */
import { promises as fsp } from 'node:fs';
import { formatBytes, statFile } from './fs-read';
import { brokenItem, item, permissionProblems, type SourceInfo } from './item';
import { countKeys, TRANSCRIPT_BUDGET } from './secret-scan';
import type { LocalCredential, SourceContext } from './types';

export interface TranscriptSpec {
  id: string;
  kind: string;
  path: string;
  type: 'file' | 'dir';
}

export async function transcriptItem(source: SourceInfo, spec: TranscriptSpec, ctx: SourceContext): Promise<LocalCredential | undefined> {
  let modifiedAt: string | undefined;
  const problems = [];
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
  if (count.keysFound > 0) {
    const scope = count.capped ? ` (in the ${formatBytes(count.bytesScanned)} scanned of ${formatBytes(count.bytes)})` : '';
    problems.push({
      code: 'keys-in-transcripts',
      severity: 'warning' as const,
      message: `${count.keysFound} key${count.keysFound === 1 ? '' : 's'} (${count.providers.join(', ')}) found in ${spec.path}${scope}: revoke ${count.keysFound === 1 ? 'it' : 'them'}, then delete or redact the file${spec.type === 'dir' ? 's' : ''}`,
    });
  }
  const sizeText = `${spec.type === 'dir' ? `${count.files} file${count.files === 1 ? '' : 's'}, ` : ''}${formatBytes(count.bytes)}`;
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
    },
    problems,
  });
}
