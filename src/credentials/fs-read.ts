/**
 * Reading credential files without ever throwing and without ever echoing their contents. Every failure mode a
 * user's home can produce — a directory where a file was expected, a symlink loop, a dangling link, a FIFO, no
 * permission, a huge or binary file, a UTF-16 file — becomes a result the source turns into an item that says so.
 * Parser and schema errors are reported by line and field path only: their own messages can quote the text.
 */
import { promises as fsp, type Stats } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { redactName } from './redact-text';
import { decodeUtf8Lossy } from './text-bytes';

/** Config and credential files are small; anything bigger is not what the tool wrote. */
export const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

/** The filesystem calls the reader makes, injectable so tests can produce errors (EACCES) that root never gets. */
export interface ReaderFs {
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  /** At most `maxBytes` bytes from the start of the file. */
  readHead(path: string, maxBytes: number): Promise<Buffer>;
}

export const nodeReaderFs: ReaderFs = {
  lstat: (p) => fsp.lstat(p),
  stat: (p) => fsp.stat(p),
  async readHead(p, maxBytes) {
    const handle = await fsp.open(p, 'r');
    try {
      const buffer = Buffer.alloc(maxBytes);
      let filled = 0;
      while (filled < maxBytes) {
        const { bytesRead } = await handle.read(buffer, filled, maxBytes - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  },
};

export interface FileFacts {
  path: string;
  size: number;
  /** Permission bits of the file itself (after following a symlink). */
  mode: number;
  modifiedAt: string;
  isSymlink: boolean;
}

export interface ReadFailure {
  status: 'unreadable' | 'malformed';
  /** The path that was asked for. */
  path: string;
  /** Problem code: "permission-denied", "symlink-loop", "not-a-file", "too-large", "empty", "binary", … */
  code: string;
  /** One line, names the file, never its contents. */
  message: string;
  facts?: FileFacts;
}

export type Absent = { status: 'absent' };
/** `invalidBytes`: bytes that were not UTF-8, read as U+FFFD (only with `lossy`). */
export type TextRead = Absent | ReadFailure | { status: 'ok'; text: string; facts: FileFacts; invalidBytes?: number };
export type DataRead<T> = Absent | ReadFailure | { status: 'ok'; data: T; text: string; facts: FileFacts; invalidBytes?: number };

export interface ReadOptions {
  maxBytes?: number;
  /** An empty file is a valid state for some files (an rc file); for credential files it is a problem. */
  allowEmpty?: boolean;
  /**
   * Line-based files that other tools also read (.npmrc, .netrc, .git-credentials, rc files): a byte that is not
   * UTF-8 (a Latin-1 comment) does not make the whole file unreadable; it reads as U+FFFD and the rest as written.
   */
  lossy?: boolean;
  fs?: ReaderFs;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? 'EIO';
}

function failure(status: ReadFailure['status'], code: string, path: string, message: string, facts?: FileFacts): ReadFailure {
  return { status, path, code, message, facts };
}

function errnoFailure(path: string, err: unknown): ReadFailure | Absent {
  const code = errno(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'absent' };
  if (code === 'ELOOP') return failure('unreadable', 'symlink-loop', path, `${path} is a symlink loop`);
  if (code === 'EACCES' || code === 'EPERM') return failure('unreadable', 'permission-denied', path, `${path} cannot be read: permission denied`);
  if (code === 'EISDIR') return failure('unreadable', 'not-a-file', path, `${path} is a directory where a file was expected`);
  return failure('unreadable', 'unreadable', path, `${path} cannot be read (${code})`);
}

function factsOf(path: string, st: Stats, isSymlink: boolean): FileFacts {
  return { path, size: st.size, mode: st.mode & 0o777, modifiedAt: st.mtime.toISOString(), isSymlink };
}

/** lstat first, so a loop, a dangling link or a FIFO is named without ever being opened. */
export async function statFile(path: string, fs: ReaderFs = nodeReaderFs): Promise<Absent | ReadFailure | { status: 'ok'; facts: FileFacts; stats: Stats }> {
  let link: Stats;
  try {
    link = await fs.lstat(path);
  } catch (err) {
    return errnoFailure(path, err);
  }
  let st = link;
  if (link.isSymbolicLink()) {
    try {
      st = await fs.stat(path);
    } catch (err) {
      const code = errno(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return failure('unreadable', 'dangling-symlink', path, `${path} is a symlink to a file that does not exist`);
      return errnoFailure(path, err) as ReadFailure;
    }
  }
  const facts = factsOf(path, st, link.isSymbolicLink());
  if (st.isDirectory()) return failure('unreadable', 'not-a-file', path, `${path} is a directory where a file was expected`, facts);
  if (!st.isFile()) return failure('unreadable', 'not-a-file', path, `${path} is not a regular file (a FIFO, socket or device); not opened`, facts);
  return { status: 'ok', facts, stats: st };
}

/** UTF-8 text, or a failure that says why not. */
export function decodeText(path: string, bytes: Buffer, allowEmpty: boolean, facts?: FileFacts, lossy = false): { status: 'ok'; text: string; invalidBytes?: number } | ReadFailure {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return failure('malformed', 'encoding', path, `${path} is UTF-16 encoded; the tool expects UTF-8`, facts);
  }
  if (bytes.includes(0)) return failure('malformed', 'binary', path, `${path} is binary, not text`, facts);
  let text: string;
  let invalidBytes: number | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    if (!lossy) return failure('malformed', 'encoding', path, `${path} is not valid UTF-8 text`, facts);
    const decoded = decodeUtf8Lossy(bytes);
    text = decoded.text.replace(/^\uFEFF/, '');
    invalidBytes = decoded.invalidBytes;
  }
  if (!allowEmpty && text.trim() === '') return failure('malformed', 'empty', path, `${path} is empty`, facts);
  return invalidBytes ? { status: 'ok', text, invalidBytes } : { status: 'ok', text };
}

export async function readText(path: string, options: ReadOptions = {}): Promise<TextRead> {
  const fs = options.fs ?? nodeReaderFs;
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  const st = await statFile(path, fs);
  if (st.status !== 'ok') return st;
  if (st.facts.size > maxBytes) {
    return failure('unreadable', 'too-large', path, `${path} is ${formatBytes(st.facts.size)}; not read (limit ${formatBytes(maxBytes)})`, st.facts);
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readHead(path, maxBytes + 1);
  } catch (err) {
    const f = errnoFailure(path, err);
    return f.status === 'absent' ? f : { ...f, facts: st.facts };
  }
  // The file can grow between stat and read; never hand back more than the cap.
  if (bytes.length > maxBytes) return failure('unreadable', 'too-large', path, `${path} is larger than ${formatBytes(maxBytes)}; not read`, st.facts);
  const decoded = decodeText(path, bytes, options.allowEmpty ?? false, st.facts, options.lossy);
  if (decoded.status !== 'ok') return decoded;
  return decoded.invalidBytes ? { status: 'ok', text: decoded.text, facts: st.facts, invalidBytes: decoded.invalidBytes } : { status: 'ok', text: decoded.text, facts: st.facts };
}

/** Line (1-based) of a character offset, for parse errors that must not quote the text. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The field path of a schema error, each key redacted and bounded: keys come from the file, and a file can use a
 * secret as a key ("auths.<token>"), or a name full of terminal escapes.
 */
function schemaFailure(path: string, error: z.ZodError, facts: FileFacts): ReadFailure {
  const issue = error.issues[0];
  const key = (k: PropertyKey) => {
    const name = redactName(String(k));
    return name.length > 40 ? `${name.slice(0, 39)}…` : name;
  };
  const at = issue && issue.path.length ? issue.path.map(key).join('.') : '(top level)';
  return failure('malformed', 'unexpected-shape', path, `${path} has an unexpected shape at ${at}`, facts);
}

export function parseJsonText<T>(path: string, text: string, schema: z.ZodType<T>, facts: FileFacts): { status: 'ok'; data: T } | ReadFailure {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message);
    const where = position ? ` (line ${lineOf(text, Number(position[1]))})` : '';
    return failure('malformed', 'malformed-json', path, `${path} is not valid JSON${where}`, facts);
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { status: 'ok', data: parsed.data } : schemaFailure(path, parsed.error, facts);
}

export function parseTomlText<T>(path: string, text: string, schema: z.ZodType<T>, facts: FileFacts): { status: 'ok'; data: T } | ReadFailure {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (err) {
    const line = (err as { line?: unknown }).line;
    return failure('malformed', 'malformed-toml', path, `${path} is not valid TOML${typeof line === 'number' ? ` (line ${line})` : ''}`, facts);
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { status: 'ok', data: parsed.data } : schemaFailure(path, parsed.error, facts);
}

async function readParsed<T>(path: string, options: ReadOptions, parse: (text: string, facts: FileFacts) => { status: 'ok'; data: T } | ReadFailure): Promise<DataRead<T>> {
  const read = await readText(path, options);
  if (read.status !== 'ok') return read;
  const parsed = parse(read.text, read.facts);
  if (parsed.status !== 'ok') return parsed;
  return read.invalidBytes ? { status: 'ok', data: parsed.data, text: read.text, facts: read.facts, invalidBytes: read.invalidBytes } : { status: 'ok', data: parsed.data, text: read.text, facts: read.facts };
}

export function readJson<T>(path: string, schema: z.ZodType<T>, options: ReadOptions = {}): Promise<DataRead<T>> {
  return readParsed(path, options, (text, facts) => parseJsonText(path, text, schema, facts));
}

export function readToml<T>(path: string, schema: z.ZodType<T>, options: ReadOptions = {}): Promise<DataRead<T>> {
  return readParsed(path, options, (text, facts) => parseTomlText(path, text, schema, facts));
}

/** Text parsed by one of our small parsers (INI, netrc, YAML subset), then validated like everything else. */
export function readWith<T>(
  path: string,
  parse: (text: string) => { ok: true; value: unknown } | { ok: false; line: number; what: string },
  schema: z.ZodType<T>,
  options: ReadOptions = {},
): Promise<DataRead<T>> {
  return readParsed(path, options, (text, facts) => {
    const result = parse(text);
    if (!result.ok) return failure('malformed', `malformed-${result.what.toLowerCase().replace(/\s+/g, '-')}`, path, `${path} is not valid ${result.what} (line ${result.line})`, facts);
    const parsed = schema.safeParse(result.value);
    return parsed.success ? { status: 'ok', data: parsed.data } : schemaFailure(path, parsed.error, facts);
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

/** Directory entries, or why not: absent, not a directory, unreadable. */
export async function listDir(path: string): Promise<{ status: 'ok'; names: string[] } | Absent | ReadFailure> {
  let st: Stats;
  try {
    st = await fsp.stat(path);
  } catch (err) {
    return errnoFailure(path, err);
  }
  if (!st.isDirectory()) return failure('unreadable', 'not-a-directory', path, `${path} is a file where a folder was expected`);
  try {
    return { status: 'ok', names: (await fsp.readdir(path)).sort() };
  } catch (err) {
    return errnoFailure(path, err);
  }
}
