/** Options shared by the machine-facing commands (creds, grants, review, runbook). */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { CliError, type CliIO } from './io';

export function homeFrom(value: string | undefined, io: CliIO): string {
  return value ? resolve(io.cwd, value) : io.env.HOME || homedir();
}

/** `--now`/`--since` make reports reproducible (tests, a report rebuilt later); default is the clock. */
export function instant(value: string | undefined, name: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CliError(`${name} must be an ISO 8601 date or instant, not "${value}"`);
  return new Date(ms);
}

export function formatOption(value: string | undefined, allowed: readonly string[]): string {
  const format = value ?? allowed[0]!;
  if (!allowed.includes(format)) throw new CliError(`--format must be ${allowed.join(' or ')}, not "${format}"`);
  return format;
}
