/**
 * Reads one MCP or app configuration file defensively: absent is not an error; a directory, a symlink loop, an
 * unreadable or oversized file, or text that is not JSON/TOML becomes a problem to show, never a throw. The parsed
 * value is then validated by the caller's zod schema.
 */
import { readFile, stat } from 'node:fs/promises';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import type { CredentialProblem } from '../credentials/types';

const MAX_CONFIG_BYTES = 5 * 1024 * 1024;

export type ConfigRead<T> = { state: 'absent' } | { state: 'problem'; problem: CredentialProblem } | { state: 'ok'; data: T };

function problem(code: string, message: string): { state: 'problem'; problem: CredentialProblem } {
  return { state: 'problem', problem: { code, severity: 'warning', message } };
}

/** Strips `//` and block comments (VS Code's mcp.json and settings.json are JSONC) outside strings. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += ch;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

export async function readConfig<T>(path: string, format: 'json' | 'jsonc' | 'toml', schema: z.ZodType<T>): Promise<ConfigRead<T>> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) return problem('not-a-file', `${path} is a directory where a file was expected`);
    if (!st.isFile()) return problem('not-a-file', `${path} is not a regular file`);
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'absent' };
    if (code === 'ELOOP') return problem('symlink-loop', `${path} is a symlink loop`);
    return problem('unreadable', `${path} could not be read (${code ?? 'error'})`);
  }
  if (size > MAX_CONFIG_BYTES) return problem('too-large', `${path} is ${Math.round(size / 1024 / 1024)} MB; not read (limit 5 MB)`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return problem('unreadable', `${path} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.trim() === '') return problem('empty', `${path} is empty`);
  let raw: unknown;
  try {
    raw = format === 'toml' ? parseToml(text) : JSON.parse(format === 'jsonc' ? stripJsonComments(text) : text);
  } catch {
    return problem('malformed', `${path} is not valid ${format === 'toml' ? 'TOML' : 'JSON'}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return problem('malformed', `${path}: unexpected shape at ${issue.path.join('.') || '(top level)'}`);
  }
  return { state: 'ok', data: parsed.data };
}
