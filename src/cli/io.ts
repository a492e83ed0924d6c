/** What a CLI command needs from the process, passed in so commands run the same in tests and in a terminal. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress lines are drawn only then). */
  stderrIsTTY: boolean;
  /** True when stdout is a terminal (colours only then). */
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Reads one line from stdin for interactive confirmations; undefined when stdin is not a terminal. */
  prompt?: (question: string) => Promise<string>;
}

/** A usage or runtime error: printed as one line on stderr, exit code 2. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
