/**
 * `keysweep scan | creds | revoke | grants | review | runbook` (DESIGN.md, "Contracts"). Each command is its own
 * module under src/cli/ and returns an exit code; this file only dispatches and turns errors into one line.
 */
import { createInterface } from 'node:readline/promises';
import { CliError, EXIT_ERROR, type CliIO } from './cli/io';
import { printable } from './engine/printable';
import { runCreds } from './cli/creds-command';
import { runRevoke } from './cli/revoke-command';
import { runGrants } from './cli/grants-command';
import { runReview } from './cli/review-command';
import { runRunbook } from './cli/runbook-command';
import { runScan } from './cli/scan-command';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: runScan,
  creds: runCreds,
  revoke: runRevoke,
  grants: runGrants,
  review: runReview,
  runbook: runRunbook,
};

const USAGE = `Usage: keysweep <command> [options]

Commands:
  scan [PATH...] [--format text|json|sarif] [--output FILE] [--baseline FILE] [--write-baseline FILE]
                 find API keys and credentials in files; exit 0 none, 1 found, 2 error
  creds [--home DIR] [--format text|json]
                 the credentials this machine holds for coding agents and developer tools
  revoke SOURCE [--home DIR] [--dry-run] [--yes]
                 log out of / remove one source's credentials, then re-check
  grants [--home DIR] [--format text|json]
                 connected-app grants with local evidence (MCP servers, OAuth apps), and the pages to review
  review ID...   record that a grant, catalog page or runbook step was reviewed today
  runbook [--home DIR] [--markdown]
                 the incident-response checklist for this machine and workspace

Run "keysweep <command> --help" for a command's options.`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${USAGE}\n`);
    return name ? 0 : EXIT_ERROR;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${process.env.KEYSWEEP_VERSION ?? 'dev'}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`keysweep: unknown command "${printable(name)}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return EXIT_ERROR;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    // Errors never echo file contents, so a secret cannot leak through a message; only our own text is printed. A
    // message may still quote a name from the command line or the scanned tree: printable() keeps it on its line.
    const message = err instanceof CliError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    io.err(`keysweep ${name}: ${printable(message.split('\n')[0]!)}\n`);
    return EXIT_ERROR;
  }
}

function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    prompt: process.stdin.isTTY
      ? async (question) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        }
      : undefined,
  };
}

if (require.main === module) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`keysweep: ${printable(String((err as Error)?.message ?? err).split('\n')[0]!)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
