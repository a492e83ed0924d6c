/** Baseline files: fingerprints of accepted findings, never values or line numbers (so moving code keeps them). */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

export const baselineSchema = z.strictObject({
  version: z.literal(1),
  fingerprints: z.array(z.string().regex(/^[0-9a-f]{16}$/, 'a fingerprint is 16 hex characters')),
});

export type Baseline = z.infer<typeof baselineSchema>;

export async function readBaseline(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read baseline ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`baseline ${path} is not valid JSON`);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`baseline ${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return new Set(parsed.data.fingerprints);
}

/** Writes atomically (temp file + rename) so a crash never leaves half a baseline. */
export async function writeBaseline(path: string, fingerprints: Iterable<string>): Promise<void> {
  const baseline: Baseline = { version: 1, fingerprints: [...new Set(fingerprints)].sort() };
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(baseline, null, 2)}\n`);
  await rename(tmp, path);
}
