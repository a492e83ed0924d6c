/** `keysweep review ID…`: record that a grant, catalog entry or runbook step was reviewed today. */
import { parseArgs } from 'node:util';
import { printable } from '../engine/printable';
import { markReviewed, reviewStatePath } from '../grants/review-state';
import { homeFrom, instant, printableText } from './common-options';
import { CliError, EXIT_OK, type CliIO } from './io';

export async function runReview(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { home: { type: 'string' }, now: { type: 'string' } } });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const ids = parsed.positionals;
  if (ids.length === 0) throw new CliError('name what you reviewed: keysweep review ID (ids are listed by keysweep grants and keysweep runbook)');
  const bad = ids.find((id) => !/^[\w:./|@-]{1,200}$/.test(id));
  if (bad) throw new CliError(`"${printable(bad)}" is not a review id`);
  const home = homeFrom(parsed.values.home, io);
  const when = instant(parsed.values.now, '--now', new Date());
  const path = reviewStatePath(home, io.env);
  const { warning } = await markReviewed(path, ids, when);
  if (warning) io.err(printableText([`keysweep: ${warning}`]));
  io.out(printableText([`Reviewed ${ids.join(', ')} on ${when.toISOString().slice(0, 10)} (${path})`]));
  return EXIT_OK;
}
