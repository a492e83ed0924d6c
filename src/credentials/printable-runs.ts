/**
 * The readable text inside a binary file (a SQLite database, its -wal journal): a typed key is stored there as
 * plain bytes between page structures, so the engine, which skips files with NUL bytes, can scan these runs instead.
 * Only for counting and fingerprinting: the runs are file contents and are never shown.
 */

/** Shorter runs cannot hold a key and are mostly page bookkeeping. */
export const MIN_RUN = 8;

/** Runs of printable ASCII (and tabs) at least `minLength` long, one per line. */
export function printableRuns(bytes: Buffer, minLength = MIN_RUN): string {
  const runs = bytes.toString('latin1').match(new RegExp(`[\\x20-\\x7e\\t]{${minLength},}`, 'g'));
  return runs ? runs.join('\n') : '';
}
