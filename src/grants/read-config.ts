/**
 * Reads one MCP or app configuration file with the credential sources' safe reader (src/credentials/fs-read.ts):
 * absent is not an error; a directory, a symlink loop, an unreadable or oversized file, or text that is not
 * JSON/JSONC/TOML becomes a problem to show, never a throw; the value is validated by the caller's zod schema.
 */
import type { z } from 'zod';
import { readJson, readToml, readWith, type DataRead } from '../credentials/fs-read';
import type { CredentialProblem } from '../credentials/types';

export type ConfigRead<T> = { state: 'absent' } | { state: 'problem'; problem: CredentialProblem } | { state: 'ok'; data: T };

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

function parseJsonc(text: string): { ok: true; value: unknown } | { ok: false; line: number; what: string } {
  try {
    return { ok: true, value: JSON.parse(stripJsonComments(text.replace(/^\uFEFF/, ''))) };
  } catch {
    return { ok: false, line: 1, what: 'JSON' };
  }
}

export async function readConfig<T>(path: string, format: 'json' | 'jsonc' | 'toml', schema: z.ZodType<T>): Promise<ConfigRead<T>> {
  const read: DataRead<T> =
    format === 'toml' ? await readToml(path, schema) : format === 'json' ? await readJson(path, schema) : await readWith(path, parseJsonc, schema);
  if (read.status === 'absent') return { state: 'absent' };
  if (read.status === 'ok') return { state: 'ok', data: read.data };
  return { state: 'problem', problem: { code: read.code, severity: 'warning', message: read.message } };
}
