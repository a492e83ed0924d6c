/**
 * Keysweep's VS Code settings (`contributes.configuration`), the only definition of their shape. The extension reads
 * them through this schema and forwards them to the language server, which parses them again (never trusts input).
 */
import { z } from 'zod';

const level = z.enum(['error', 'warning', 'info', 'hint', 'off']);

export const settingsSchema = z.object({
  severity: z
    .object({
      tracked: level.default('warning'),
      untracked: level.default('warning'),
      ignored: level.default('info'),
      unknown: level.default('warning'),
    })
    .prefault({}),
  /** Glob patterns (gitignore syntax) of files never scanned. */
  exclude: z.array(z.string()).default([]),
  maxFileSize: z.number().int().positive().max(256 * 1024 * 1024).default(2 * 1024 * 1024),
  scanOnOpen: z.boolean().default(true),
  scanOnSave: z.boolean().default(true),
  scanOnType: z.boolean().default(true),
  /** Milliseconds between the last keystroke and a re-scan. */
  typingDelay: z.number().int().min(0).max(5000).default(150),
  /** Credential sources to check in "This Machine" (ids as in `keysweep creds`); empty = all. */
  credentialSources: z.array(z.string()).default([]),
  baselinePath: z.string().default('.keysweep-baseline.json'),
  reviewIntervalDays: z.number().int().positive().default(90),
});

export type KeysweepSettings = z.infer<typeof settingsSchema>;
export type SeverityLevel = z.infer<typeof level>;

export function parseSettings(raw: unknown): { settings: KeysweepSettings; error?: string } {
  const result = settingsSchema.safeParse(raw ?? {});
  if (result.success) return { settings: result.data };
  const issue = result.error.issues[0]!;
  return { settings: settingsSchema.parse({}), error: `keysweep.${issue.path.join('.')}: ${issue.message}` };
}
