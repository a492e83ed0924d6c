/** Options shared by the machine-facing commands (creds, grants, review, runbook). */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { printable } from '../engine/printable';
import { CliError, type CliIO } from './io';

/** `--home DIR` must name a directory: a file (`--home /etc/passwd`) or nothing at all is a usage error. */
export function homeFrom(value: string | undefined, io: CliIO): string {
  if (!value) return io.env.HOME || homedir();
  const home = resolve(io.cwd, value);
  let isDir = false;
  try {
    isDir = statSync(home).isDirectory();
  } catch {
    throw new CliError(`--home must be a directory: ${printable(value)} does not exist`);
  }
  if (!isDir) throw new CliError(`--home must be a directory: ${printable(value)} is not one`);
  return home;
}

/**
 * Human-readable output: every line passed through `printable()`, so a file name, a key or a user name from a file
 * can neither drive the terminal (ESC, OSC 52) nor forge a line (a newline, U+2028) nor reorder one (U+202E).
 */
export function printableText(lines: readonly string[]): string {
  return `${lines.map((l) => printable(l)).join('\n')}\n`;
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
