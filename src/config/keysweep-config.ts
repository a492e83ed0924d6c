/**
 * `.keysweep.json` — the only definition of its shape. A workspace file is untrusted input (in CI it may come with a
 * pull request): it is size-capped when read (load-config.ts), parsed with zod with every list bounded, and its custom
 * rules go through the defensive compiler (src/engine/compile.ts). Error messages name where the problem is and what
 * kind it is, never a key or value from the file: a key could be anything, a token included.
 */
import { z } from 'zod';
import { hasUnsafeCharacters } from '../engine/printable';

/** The file itself (load-config.ts refuses a larger one before reading it). */
export const CONFIG_MAX_BYTES = 1024 * 1024;
/**
 * Custom rules and allowlist regexes each decide, per secret, whether something is reported: a hostile config (a pull
 * request's, in CI) could use many of them as questions about a token. These caps bound how much it can ask.
 */
export const MAX_CUSTOM_RULES = 50;
export const MAX_ALLOWLIST_REGEXES = 50;
/** Lists of plain names or globs, and any string: enough for real configs, small enough that no file explodes. */
const MAX_LIST = 1000;
const MAX_STRING = 4096;

const text = (max = MAX_STRING) => z.string().max(max);
/** Shown in every output face as is: one line, no control or bidi characters. */
const label = (max: number) => z.string().min(1).max(max).refine((s) => !hasUnsafeCharacters(s), 'must be one line of printable text');
const list = <T extends z.ZodType>(item: T, max = MAX_LIST, what = 'entries') => z.array(item).max(max, `at most ${max} ${what}`);

const customRule = z.strictObject({
  id: text(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case (a-z, 0-9, -)'),
  description: label(200),
  provider: label(80).default('Custom'),
  revokeUrl: z.url({ protocol: /^https?$/ }).max(2048).default('https://example.invalid/'),
  keywords: list(z.string().min(2).max(64), 20, 'keywords').min(1),
  pattern: text().min(1),
  flags: z.string().regex(/^[is]*$/, 'may only contain "i" and "s"').optional(),
  path: text().optional(),
  entropy: z.number().min(0).max(8).optional(),
  allow: list(text(), 20, 'allow patterns').optional(),
});

const allowlist = z.strictObject({
  /** gitignore-style patterns of files never reported. */
  paths: list(text()).default([]),
  /** Regexes tested against the secret; a match is not reported. */
  regexes: list(text(), MAX_ALLOWLIST_REGEXES, `allowlist regexes (each one can hide findings; see README)`).default([]),
});

export const keysweepConfigSchema = z.strictObject({
  /** Rule ids to turn off. */
  disabledRules: list(text(100)).default([]),
  allowlist: allowlist.default({ paths: [], regexes: [] }),
  rules: list(customRule, MAX_CUSTOM_RULES, 'custom rules (each one can probe what it matches; see README)').default([]),
  /** Folder names skipped while walking, in addition to (or, with `replaceDefaultSkips`, instead of) the defaults. */
  skipDirs: list(text(255)).default([]),
  replaceDefaultSkips: z.boolean().default(false),
  /** Files larger than this are skipped (and counted). */
  maxFileSize: z.number().int().positive().max(1024 * 1024 * 1024).default(2 * 1024 * 1024),
});

export type KeysweepConfig = z.infer<typeof keysweepConfigSchema>;
export type CustomRuleConfig = z.infer<typeof customRule>;

export const CONFIG_FILE_NAME = '.keysweep.json';

export const defaultConfig = (): KeysweepConfig => keysweepConfigSchema.parse({});

/** The keys an object at `path` may have, to say what is allowed without repeating what was found. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(keysweepConfigSchema.shape);
  if (path.length === 1 && path[0] === 'allowlist') return Object.keys(allowlist.shape);
  if (path.length === 2 && path[0] === 'rules') return Object.keys(customRule.shape);
  return [];
}

/** Where, from the schema's own keys and array indexes (never a key of the file: objects are strict). */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/**
 * One issue as "where: what kind of problem". zod's own wording is kept only for issue kinds whose message is made
 * from the schema (expected types, limits, our patterns); an unknown key is described, never quoted.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const n = issue.keys.length;
      const known = knownKeys(issue.path);
      return `${where}: ${n === 1 ? 'a key' : `${n} keys`} Keysweep does not know (not repeated here: a key could be anything)${known.length ? `; known keys: ${known.join(', ')}` : ''}`;
    }
    case 'invalid_type':
    case 'too_big':
    case 'too_small':
    case 'invalid_format':
    case 'invalid_value':
    case 'not_multiple_of':
    case 'custom': // our refinements' own messages
      return `${where}: ${issue.message}`;
    default:
      return `${where}: not valid here (${issue.code})`;
  }
}

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
  if (!result.success) throw new Error(`${source}: ${describeIssue(result.error.issues[0]!)}`);
  return result.data;
}
