/**
 * `.keysweep.json` — the only definition of its shape. A workspace file is untrusted input: parsed with zod, and
 * its custom rules go through the defensive compiler (src/engine/compile.ts).
 */
import { z } from 'zod';

const customRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)'),
  description: z.string().min(1).max(200),
  provider: z.string().min(1).max(80).default('Custom'),
  revokeUrl: z.url({ protocol: /^https?$/ }).default('https://example.invalid/'),
  keywords: z.array(z.string().min(2).max(64)).min(1),
  pattern: z.string().min(1),
  flags: z.string().regex(/^[is]*$/, 'may only contain "i" and "s"').optional(),
  path: z.string().optional(),
  entropy: z.number().min(0).max(8).optional(),
  allow: z.array(z.string()).optional(),
});

export const keysweepConfigSchema = z.strictObject({
  /** Rule ids to turn off. */
  disabledRules: z.array(z.string()).default([]),
  allowlist: z
    .strictObject({
      /** gitignore-style patterns of files never reported. */
      paths: z.array(z.string()).default([]),
      /** Regexes tested against the secret; a match is not reported. */
      regexes: z.array(z.string()).default([]),
    })
    .default({ paths: [], regexes: [] }),
  rules: z.array(customRule).default([]),
  /** Folder names skipped while walking, in addition to (or, with `replaceDefaultSkips`, instead of) the defaults. */
  skipDirs: z.array(z.string()).default([]),
  replaceDefaultSkips: z.boolean().default(false),
  /** Files larger than this are skipped (and counted). */
  maxFileSize: z.number().int().positive().max(1024 * 1024 * 1024).default(2 * 1024 * 1024),
});

export type KeysweepConfig = z.infer<typeof keysweepConfigSchema>;
export type CustomRuleConfig = z.infer<typeof customRule>;

export const CONFIG_FILE_NAME = '.keysweep.json';

export const defaultConfig = (): KeysweepConfig => keysweepConfigSchema.parse({});

/** Parses the text of a `.keysweep.json`; throws an Error whose message is one readable line. */
export function parseConfig(text: string, source = CONFIG_FILE_NAME): KeysweepConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // Node's JSON errors quote the text around the problem; only the position is repeated, never the content.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new Error(`${source} is not valid JSON${at ? ` (at character ${at})` : ''}`);
  }
  const result = keysweepConfigSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new Error(`${source}: ${where}: ${issue.message}`);
  }
  return result.data;
}
