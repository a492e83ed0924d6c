/**
 * `keysweep revoke SOURCE [--home DIR] [--dry-run] [--yes]`: prints the plan, carries it out only when confirmed
 * (--yes, or "y" at the prompt), then reads the source again and prints what is left. SOURCE is a source id
 * ("codex") or one credential's id ("codex:mcp:linear").
 */
import { parseArgs } from 'node:util';
import { createContext } from '../credentials/context';
import { credentialLines, loginSummary, stepText } from '../credentials/describe';
import { readSource, SOURCES } from '../credentials/registry';
import { executePlan } from '../credentials/revoke';
import type { CredentialSource, LocalCredential, SourceContext } from '../credentials/types';
import { homeFrom, instant, printableText } from './common-options';
import { printable } from '../engine/printable';
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIO } from './io';

const HELP = `Usage: keysweep revoke SOURCE [--home DIR] [--dry-run] [--yes]

Logs out of / removes one source's credentials, then checks again. SOURCE is one of
  ${SOURCES.map((s) => s.id).join(', ')}
or one credential's id as shown by \`keysweep creds --format json\` (e.g. codex:mcp:linear).
  --dry-run   print the plan; change nothing
  --yes       carry it out without asking
`;

function resolveTarget(arg: string): { source: CredentialSource; credentialId?: string } {
  const exact = SOURCES.find((s) => s.id === arg);
  if (exact) return { source: exact };
  const owner = SOURCES.find((s) => arg.startsWith(`${s.id}:`));
  if (owner) return { source: owner, credentialId: arg };
  throw new CliError(`unknown source "${printable(arg)}"; sources: ${SOURCES.map((s) => s.id).join(', ')}`);
}

function targets(items: LocalCredential[], credentialId: string | undefined): LocalCredential[] {
  return credentialId ? items.filter((c) => c.id === credentialId) : items;
}

function remainingText(source: CredentialSource, before: LocalCredential[], after: LocalCredential[], credentialId: string | undefined, now: Date): string[] {
  const lines = ['', 'Checked again:'];
  const left = targets(after, credentialId);
  const hadLogin = credentialId ? before.some((c) => c.isLogin && c.id === credentialId) : before.some((c) => c.isLogin);
  if (hadLogin) {
    const summary = loginSummary(source.tool, after);
    if (summary) lines.push(`  ${summary}`);
  }
  if (left.length === 0) lines.push(`  nothing left${credentialId ? ` for ${credentialId}` : ` for ${source.tool}`}`);
  else {
    lines.push(`  still on this machine (${left.length}):`);
    for (const c of left) lines.push(...credentialLines(c, now).map((l) => `  ${l}`));
  }
  return lines;
}

async function confirmed(io: CliIO, yes: boolean, count: number): Promise<boolean | 'no-prompt'> {
  if (yes) return true;
  if (!io.prompt) return 'no-prompt';
  const answer = await io.prompt(`Carry out ${count} local step${count === 1 ? '' : 's'}? [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

export async function runRevoke(argv: string[], io: CliIO): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { home: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one SOURCE (${SOURCES.map((s) => s.id).join(', ')})`);
  const { source, credentialId } = resolveTarget(positionals[0]!);
  const ctxOf = (): SourceContext => createContext({ home: homeFrom(values.home, io), env: io.env, now: instant(values.now, '--now', new Date()) });
  const ctx = ctxOf();
  const before = await readSource(source, ctx);
  const chosen = targets(before, credentialId);
  if (chosen.length === 0 && credentialId) {
    // A typo or a made-up id ("npm:../../x") is a usage error, not "nothing to do": say which ids there are.
    const ids = before.map((c) => c.id);
    const list = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
    throw new CliError(`no credential "${printable(credentialId)}" on this machine; ${ids.length ? `${source.id} has: ${printable(list)}` : `${source.tool} has none here`} (see keysweep creds)`);
  }
  if (chosen.length === 0) {
    io.out(`${source.tool}: nothing on this machine (not logged in).\n`);
    return EXIT_OK;
  }
  const plan = await source.revokePlan(chosen, ctx);
  const local = plan.steps.filter((s) => s.kind !== 'open-url');
  const pages = plan.steps.filter((s) => s.kind === 'open-url');
  const out: string[] = [`${source.tool}: ${chosen.length} item${chosen.length === 1 ? '' : 's'}`];
  for (const c of chosen) out.push(...credentialLines(c, ctx.now));
  out.push('', 'Plan:');
  if (local.length === 0) out.push('  no local step (nothing Keysweep can remove here)');
  local.forEach((s, i) => out.push(`  ${i + 1}. ${stepText(s)}`));
  if (pages.length) out.push('', 'Then, in a browser:', ...pages.map((s) => `  - ${stepText(s)}`));
  if (plan.doesNotCover.length) out.push('', 'This does not:', ...plan.doesNotCover.map((l) => `  - ${l}`));
  io.out(printableText(out));

  if (values['dry-run']) {
    io.out('\nDry run: nothing was changed.\n');
    return EXIT_OK;
  }
  // Nothing Keysweep may change here: a success only if the plan did not set out to end anything (pages only).
  if (local.length === 0) return plan.credentialIds.length ? EXIT_FINDINGS : EXIT_OK;
  const ok = await confirmed(io, Boolean(values.yes), local.length);
  if (ok === 'no-prompt') {
    io.err('keysweep revoke: not confirmed — stdin is not a terminal; re-run with --yes to carry out the plan\n');
    return EXIT_ERROR;
  }
  if (!ok) {
    io.out('Cancelled: nothing was changed.\n');
    return EXIT_FINDINGS;
  }
  const outcomes = await executePlan({ ...plan, steps: local }, ctx);
  const lines = ['', 'Done:'];
  for (const o of outcomes) lines.push(`  ${o.ok ? (o.status === 'skipped' ? '-' : '✓') : '✗'} ${stepText(o.step)}${o.message ? ` — ${o.message}` : ''}`);
  const after = await readSource(source, ctxOf());
  lines.push(...remainingText(source, before, after, credentialId, ctx.now));
  if (pages.length) lines.push('', 'Still to do in a browser:', ...pages.map((s) => `  - ${s.kind === 'open-url' ? `${s.url} — ${s.description}` : ''}`));
  io.out(printableText(lines));
  const failed = outcomes.some((o) => !o.ok);
  // Success: every step did its job and nothing the plan set out to end is still there.
  const stillThere = after.filter((c) => plan.credentialIds.includes(c.id) && c.state !== 'unknown');
  return failed || stillThere.length ? EXIT_FINDINGS : EXIT_OK;
}
