/** `keysweep runbook [--home DIR] [--markdown]`: the incident-response checklist for this machine and workspace. */
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../config/keysweep-config';
import { loadConfig } from '../config/load-config';
import { readReviewState, reviewStatePath } from '../grants/review-state';
import { loadInventory } from '../inventory';
import { runbookMarkdown } from '../runbook/markdown';
import { buildRunbook, DEFAULT_INCIDENT_WINDOW_DAYS, runbookProgress } from '../runbook/runbook';
import { scanWorkspace } from '../workspace/scan-workspace';
import { homeFrom, instant, printableText } from './common-options';
import { CliError, EXIT_OK, type CliIO } from './io';

const MARK = { done: '[x]', 'not-done': '[ ]', 'not-applicable': '[-]' } as const;

export async function runRunbook(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { home: { type: 'string' }, markdown: { type: 'boolean', default: false }, workspace: { type: 'string' }, now: { type: 'string' }, since: { type: 'string' }, who: { type: 'string' } },
    }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const home = homeFrom(values.home, io);
  const now = instant(values.now, '--now', new Date());
  const since = instant(values.since, '--since', new Date(now.getTime() - DEFAULT_INCIDENT_WINDOW_DAYS * 86_400_000));
  const workspace = resolve(io.cwd, values.workspace ?? '.');
  const inventory = await loadInventory({ home, env: io.env, platform: process.platform, now, workspaceFolders: [workspace] });
  const config = await loadConfig({ searchDir: workspace }).then((c) => c.config, () => defaultConfig());
  const scan = await scanWorkspace({ roots: [workspace], base: workspace, config });
  const { state, warning } = await readReviewState(reviewStatePath(home, io.env));
  if (warning) io.err(printableText([`keysweep: ${warning}`]));
  const runbook = buildRunbook({ now, since, credentials: inventory.credentials, grants: inventory.grants, findings: scan.findings, reviews: state });
  if (values.markdown) {
    io.out(printableText(runbookMarkdown(runbook, { who: values.who ?? safeUser(), machine: hostname(), workspace }).replace(/\n$/, '').split('\n')));
    return EXIT_OK;
  }
  const p = runbookProgress(runbook);
  const out = [`Incident-response runbook — ${p.done} done, ${p.open} left, ${p.notApplicable} not applicable`];
  for (const row of runbook.rows) {
    out.push('', `${row.number}. ${row.title}`);
    for (const s of row.steps) {
      const action = s.action ? (s.action.kind === 'open-url' ? ` → ${s.action.url}` : s.action.kind === 'run' ? ` → run: ${s.action.command}` : ` → keysweep revoke ${s.action.sourceId}`) : '';
      out.push(`  ${MARK[s.state]} ${s.title}${action}`, ...s.details.map((d) => `      ${d}`), `      id: ${s.id}`);
    }
  }
  io.out(printableText(out));
  return EXIT_OK;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
