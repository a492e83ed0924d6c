/** `keysweep grants [--home DIR] [--format text|json]`: grants with local evidence, and the catalog with review ages. */
import { parseArgs } from 'node:util';
import { CATALOG } from '../grants/catalog';
import { readReviewState, reviewStatePath, reviewStatus } from '../grants/review-state';
import type { Grant } from '../grants/types';
import { loadInventory } from '../inventory';
import { formatOption, homeFrom, instant, printableText } from './common-options';
import { CliError, EXIT_OK, type CliIO } from './io';

function describeGrant(g: Grant, now: Date): string[] {
  const expiry = g.expiresAt ? (Date.parse(g.expiresAt) < now.getTime() ? `expired ${g.expiresAt.slice(0, 10)}` : `expires ${g.expiresAt.slice(0, 10)}`) : undefined;
  const head = `${g.client} → ${g.name}  [${g.kind === 'mcp-server' ? 'MCP server' : 'OAuth app'} · ${g.service} · token: ${g.store}${expiry ? ` · ${expiry}` : ''}]`;
  const lines = [head];
  if (g.url) lines.push(`    server: ${g.url}`);
  if (g.path) lines.push(`    where: ${g.path}`);
  if (g.scopes?.length) lines.push(`    scopes: ${g.scopes.join(', ')}`);
  for (const s of g.plaintextSecrets) lines.push(`    ! plain-text secret ${s.masked} at ${s.where}`);
  for (const p of g.problems) lines.push(`    ! ${p.message}`);
  for (const step of g.revokeSteps) {
    lines.push(`    revoke: ${step.kind === 'run' ? `${step.command} ${step.args.join(' ')}` : step.kind === 'open-url' ? step.url : step.kind === 'delete-entry' ? `remove ${step.select ? `${step.select.key}=${step.select.value}` : step.entry} from ${step.path}` : step.kind === 'delete-keychain' ? `keychain "${step.service}" ${step.account ?? ''}` : step.kind === 'delete-file' ? `delete ${step.path}` : ''}`);
  }
  return lines;
}

export async function runGrants(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { home: { type: 'string' }, format: { type: 'string' }, now: { type: 'string' }, workspace: { type: 'string', multiple: true } } }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const format = formatOption(values.format, ['text', 'json']);
  const home = homeFrom(values.home, io);
  const now = instant(values.now, '--now', new Date());
  const inventory = await loadInventory({ home, env: io.env, platform: process.platform, now, workspaceFolders: values.workspace ?? [io.cwd] });
  const { state, warning } = await readReviewState(reviewStatePath(home, io.env));
  if (warning) io.err(printableText([`keysweep: ${warning}`]));
  const catalog = CATALOG.map((e) => ({ ...e, ...reviewStatus(state, e.id, now) }));
  if (format === 'json') {
    const grants = inventory.grants.map((g) => ({ ...g, review: reviewStatus(state, g.id, now) }));
    io.out(`${JSON.stringify({ grants, catalog, problems: inventory.grantProblems }, null, 2)}\n`);
    return EXIT_OK;
  }
  const out: string[] = [`Grants on this machine (${inventory.grants.length})`];
  for (const g of inventory.grants) {
    const r = reviewStatus(state, g.id, now);
    out.push(...describeGrant(g, now).map((l, i) => (i === 0 ? `  ${l}  ${r.reviewedAt ? `reviewed ${r.ageDays} days ago` : 'never reviewed'}` : `  ${l}`)));
  }
  if (inventory.grants.length === 0) out.push('  none found');
  for (const p of inventory.grantProblems) out.push(`  ! ${p.client}: ${p.problem.message}`);
  out.push('', 'Connected-app pages to review (keysweep review ID)');
  for (const e of catalog) out.push(`  ${e.overdue ? '[ ]' : '[x]'} ${e.id.padEnd(26)} ${e.title} — ${e.url}${e.reviewedAt ? ` (reviewed ${e.ageDays} days ago)` : ''}`);
  io.out(printableText(out));
  return EXIT_OK;
}
