/** `keysweep scan [PATH…] [--format text|json|sarif] [--output FILE] [--baseline FILE]` (DESIGN.md contract). */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readBaseline, schemeForWriting, writeBaseline, type Baseline } from '../config/baseline';
import { loadConfig } from '../config/load-config';
import { buildRuleSet } from '../config/rule-set';
import { applyBaseline } from '../engine/ignore';
import { namedScheme, SESSION_SCHEME, type FingerprintScheme, type StableScheme } from '../engine/redact';
import { printable } from '../engine/printable';
import { toSarif } from '../engine/sarif';
import { scanWorkspace, type ScannedFinding, type WorkspaceScanResult } from '../workspace/scan-workspace';
import { CliError, EXIT_FINDINGS, EXIT_OK, type CliIO } from './io';
import { formatScanText, terminalSafeJson } from './scan-format';

const HELP = `Usage: keysweep scan [PATH...] [options]

Scans files and folders (default: .) for API keys and credentials. Exit 0: none found; 1: found; 2: error.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout
  --baseline FILE            do not report findings whose fingerprint is in FILE
  --write-baseline FILE      record the current findings' fingerprints in FILE (and exit 0)
  --config FILE              use FILE instead of .keysweep.json in the scanned folder
  --workers N                worker threads (default: one per core for large scans)
  --no-git                   run no git: every finding's git status is "unknown"
  --no-color                 plain text output
`;

const VERSION = process.env.KEYSWEEP_VERSION ?? 'dev';

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        config: { type: 'string' },
        workers: { type: 'string' },
        'no-git': { type: 'boolean', default: false },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message} (see keysweep scan --help)`);
  }
}

export async function runScan(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new CliError(`--format must be text, json or sarif, not "${printable(format)}"`);
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
    throw new CliError('--workers must be a whole number from 0 to 64');
  }
  const paths = positionals.length ? positionals : ['.'];
  const roots = paths.map((p) => resolve(io.cwd, p));
  roots.forEach((root, i) => {
    if (!existsSync(root)) throw new CliError(`path not found: ${printable(paths[i]!)}`);
  });
  // Report paths relative to the scanned folder when there is one (SARIF wants them relative to the scan root).
  const single = roots.length === 1 ? roots[0]! : undefined;
  const base = single && statSync(single).isDirectory() ? single : io.cwd;

  let config;
  let baseline: Baseline | undefined;
  const writeTo = values['write-baseline'] && resolve(io.cwd, values['write-baseline']);
  let scheme: FingerprintScheme;
  let writeScheme: StableScheme | undefined;
  try {
    ({ config } = await loadConfig({ explicitPath: values.config && resolve(io.cwd, values.config), searchDir: base }));
    if (values.baseline && !writeTo) baseline = await readBaseline(resolve(io.cwd, values.baseline));
    // Fingerprints are made with the baseline's own scheme; without one, for JSON and SARIF, with a salt named after the
    // project, so the same key has the same fingerprint in every run (SARIF alerts keep their identity in CI). Text
    // output shows none, so it does not pay for them.
    if (writeTo) scheme = writeScheme = await schemeForWriting(writeTo);
    else if (baseline?.scheme) scheme = baseline.scheme;
    else scheme = format === 'text' ? SESSION_SCHEME : namedScheme(basename(base));
    buildRuleSet(config); // fail fast, once, on a bad custom rule rather than in every worker
  } catch (err) {
    throw new CliError((err as Error).message);
  }

  const progress = io.stderrIsTTY ? progressLine(io) : undefined;
  const result = await scanWorkspace({
    roots,
    base,
    config,
    git: !values['no-git'],
    workers,
    workerScript: workerScriptPath(),
    fingerprints: { fingerprint: scheme, legacyFingerprints: baseline !== undefined && baseline.legacy.size > 0 },
    onProgress: progress?.update,
  });
  progress?.clear();

  if (writeTo && writeScheme) {
    try {
      await writeBaseline(writeTo, writeScheme, result.findings.map((f) => f.fingerprint));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    io.err(`keysweep: wrote ${result.findings.length} fingerprint(s) to ${printable(values['write-baseline']!)}\n`);
    return EXIT_OK;
  }

  const findings = applyBaseline(result.findings, baseline);
  const suppressed = result.findings.length - findings.length;
  const report = render(format, findings, result, suppressed, {
    color: format === 'text' && !values.output && io.stdoutIsTTY && !values['no-color'] && !io.env.NO_COLOR,
    displayPath: (f) => displayPath(io.cwd, join(base, f.path)),
    config,
  });
  if (values.output) await writeFile(resolve(io.cwd, values.output), report);
  else io.out(report);
  if (result.unreadable.length > 0) {
    const listed = result.unreadable.slice(0, 3).map((u) => `${printable(u.path)} (${printable(u.reason)})`).join(', ');
    const n = result.skipped.unreadable;
    io.err(`keysweep: ${n} ${n === 1 ? 'file or folder' : 'files or folders'} could not be read: ${listed}${n > 3 ? ', …' : ''}\n`);
  }
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function render(
  format: 'text' | 'json' | 'sarif',
  findings: ScannedFinding[],
  result: WorkspaceScanResult,
  suppressed: number,
  options: { color: boolean; displayPath: (f: ScannedFinding) => string; config: Parameters<typeof buildRuleSet>[0] },
): string {
  if (format === 'sarif') {
    const rules = buildRuleSet(options.config).rules.filter((r) => !r.shieldOnly).map((r) => r.spec);
    return terminalSafeJson(toSarif(findings, { toolVersion: VERSION, rules }));
  }
  if (format === 'json') {
    const { findings: _all, ...summary } = result;
    return terminalSafeJson({ version: 1, tool: 'keysweep', toolVersion: VERSION, findings, summary: { ...summary, suppressedByBaseline: suppressed } });
  }
  return formatScanText(findings, result, suppressed, options);
}

/** Relative to where the user stands when that is shorter, else absolute: both are clickable in terminals. */
function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function workerScriptPath(): string | undefined {
  const candidate = join(__dirname, 'scan-worker.js');
  return existsSync(candidate) ? candidate : undefined;
}

/** A single rewritten status line on a terminal; silent for short scans. */
function progressLine(io: CliIO) {
  const started = Date.now();
  let shown = false;
  return {
    update: (p: { filesDone: number; filesTotal: number; findings: number }) => {
      if (Date.now() - started < 400) return;
      shown = true;
      io.err(`\r\x1b[Kkeysweep: scanned ${p.filesDone}/${p.filesTotal} files, ${p.findings} finding(s)…`);
    },
    clear: () => {
      if (shown) io.err('\r\x1b[K');
    },
  };
}
