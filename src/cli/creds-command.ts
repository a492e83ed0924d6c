/** `keysweep creds [--home DIR] [--format text|json]`: the credentials this machine holds, Codex CLI first. */
import { parseArgs } from 'node:util';
import { createContext } from '../credentials/context';
import { printable } from '../engine/printable';
import { credentialLines } from '../credentials/describe';
import { readAll, SOURCES } from '../credentials/registry';
import type { LocalCredential } from '../credentials/types';
import { formatOption, homeFrom, instant, printableText } from './common-options';
import { CliError, EXIT_OK, type CliIO } from './io';

const HELP = `Usage: keysweep creds [--home DIR] [--format text|json] [--source ID]...

The credentials coding agents and developer tools keep on this machine, what is wrong with each, masked.
  --home DIR        read DIR as the home directory (a copied profile, tests); CODEX_HOME etc. still apply
  --format FORMAT   text (default) or json (the LocalCredential objects)
  --source ID       only these sources (${SOURCES.map((s) => s.id).join(', ')})
`;

export function textReport(items: readonly LocalCredential[], now: Date): string {
  const out: string[] = [];
  for (const source of SOURCES) {
    const mine = items.filter((c) => c.sourceId === source.id);
    if (mine.length === 0) continue;
    out.push(`${source.tool} (${source.id})`);
    for (const c of mine) out.push(...credentialLines(c, now));
    out.push('');
  }
  const problems = items.reduce((n, c) => n + c.problems.length, 0);
  const tools = new Set(items.map((c) => c.sourceId)).size;
  out.push(
    items.length === 0
      ? 'No credentials from coding agents or developer tools found.'
      : `${items.length} item${items.length === 1 ? '' : 's'} from ${tools} tool${tools === 1 ? '' : 's'}; ${problems} problem${problems === 1 ? '' : 's'}. Revoke with: keysweep revoke <source>`,
  );
  return printableText(out);
}

export async function runCreds(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { home: { type: 'string' }, format: { type: 'string' }, now: { type: 'string' }, source: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  const format = formatOption(values.format, ['text', 'json']);
  const unknown = (values.source ?? []).filter((id) => !SOURCES.some((s) => s.id === id));
  if (unknown.length) throw new CliError(`unknown source "${printable(unknown[0]!)}"; sources: ${SOURCES.map((s) => s.id).join(', ')}`);
  const ctx = createContext({ home: homeFrom(values.home, io), env: io.env, now: instant(values.now, '--now', new Date()) });
  const items = await readAll(ctx, values.source);
  if (format === 'json') {
    io.out(`${JSON.stringify({ home: ctx.home, now: ctx.now.toISOString(), credentials: items }, null, 2)}\n`);
  } else {
    io.out(textReport(items, ctx.now));
  }
  return EXIT_OK;
}
