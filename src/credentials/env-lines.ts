/**
 * Variable assignments in shell rc files, fish config and .env files: `export NAME=value`, `NAME="value"`,
 * `set -gx NAME value`. Values that are references (`$OTHER`, `$(op read …)`, `${{ secrets.X }}`) are not secrets.
 */
import { z } from 'zod';
import { lineEntry } from './entry-edit';
import { isReference, SECRET_NAME } from './item';
import { findSecrets } from './secret-scan';

export interface Assignment {
  name: string;
  value: string;
  /** 1-based. */
  line: number;
  /** The line's address for delete-entry ("export OPENAI_API_KEY", "set OPENAI_API_KEY"), redacted. */
  key: string;
}

function unquote(raw: string): string {
  const t = raw.trim();
  if ((t.startsWith('"') && t.lastIndexOf('"') > 0) || (t.startsWith("'") && t.lastIndexOf("'") > 0)) return t.slice(1, t.lastIndexOf(t[0]!));
  return t.split(/\s+#|\s/)[0] ?? '';
}

export function assignments(text: string, dialect: 'sh' | 'fish'): Assignment[] {
  const out: Assignment[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m =
      dialect === 'fish'
        ? /^\s*set\s+(?:-[a-zA-Z-]+\s+)*([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(line)
        : /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const key = lineEntry(line);
    if (!key) continue;
    out.push({ name: m[1]!, value: unquote(m[2]!), line: i + 1, key });
  }
  return out;
}

export const assignmentsSchema = z.array(z.object({ name: z.string(), value: z.string(), line: z.number().int().positive(), key: z.string() }));

/** `assignments` in the shape `readWith` takes: these formats have no syntax errors, only lines that assign or not. */
export function assignmentParser(dialect: 'sh' | 'fish'): (text: string) => { ok: true; value: Assignment[] } {
  return (text) => ({ ok: true, value: assignments(text, dialect) });
}

/** A literal secret: the engine recognises it, or the name says secret and the value is not a path or a reference. */
export function isSecretAssignment(a: Assignment, path: string): { secret: boolean; revokeUrl?: string; masked?: string } {
  if (!a.value || isReference(a.value)) return { secret: false };
  // The value's finding, not one in the name (a name can itself look like a token).
  const hit = findSecrets(`${a.name}=${a.value}\n`, path).find((f) => f.start > a.name.length);
  if (hit) return { secret: true, revokeUrl: hit.revokeUrl, masked: hit.masked };
  if (SECRET_NAME.test(a.name) && a.value.length >= 8 && !/^[~/.]|^https?:\/\/[^@]*$/.test(a.value) && !/\s/.test(a.value)) return { secret: true };
  return { secret: false };
}
