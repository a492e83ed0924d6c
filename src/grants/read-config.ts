/**
 * Reads one MCP or app configuration file with the credential sources' safe reader (src/credentials/fs-read.ts):
 * absent is not an error; a directory, a symlink loop, an unreadable or oversized file, or text that is not
 * JSON/JSONC/TOML becomes a problem to show, never a throw; the value is validated by the caller's zod schema.
 */
import type { z } from 'zod';
import { readJson, readToml, readWith, type DataRead } from '../credentials/fs-read';
import { parseJsonc } from '../credentials/jsonc';
import type { CredentialProblem } from '../credentials/types';

export type ConfigRead<T> = { state: 'absent' } | { state: 'problem'; problem: CredentialProblem } | { state: 'ok'; data: T };

export async function readConfig<T>(path: string, format: 'json' | 'jsonc' | 'toml', schema: z.ZodType<T>): Promise<ConfigRead<T>> {
  const read: DataRead<T> =
    format === 'toml' ? await readToml(path, schema) : format === 'json' ? await readJson(path, schema) : await readWith(path, parseJsonc, schema);
  if (read.status === 'absent') return { state: 'absent' };
  if (read.status === 'ok') return { state: 'ok', data: read.data };
  return { state: 'problem', problem: { code: read.code, severity: 'warning', message: read.message } };
}
