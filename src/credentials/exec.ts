/**
 * Running a helper program (security, cmdkey, gdbus, a tool's logout) without a shell, with a timeout, and with its
 * output kept in memory: callers decide what, if anything, to show. Output may hold secrets; it is never printed
 * as is.
 */
import { execFile } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { whichOnPath } from './which';

export type ExecResult = { code: number; stdout: string; stderr: string } | { error: string };

export type Exec = (file: string, args: string[], options?: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string }) => Promise<ExecResult>;

/**
 * A bare name (`gdbus`, `cmdkey`) is resolved here through PATH's absolute entries only: execvp would honour an empty
 * or `.` entry, and Windows searches the current folder first — which may be a workspace with its own `gdbus.exe`.
 */
export const realExec: Exec = async (file, args, options = {}) => {
  const bin = isAbsolute(file) ? file : await whichOnPath(file, options.env ?? process.env, process.platform);
  if (!bin) return { error: 'ENOENT' };
  return execResolved(bin, args, options);
};

function execResolved(file: string, args: string[], options: Parameters<Exec>[2] = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { timeout: options.timeoutMs ?? 10_000, env: options.env, windowsHide: true, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          resolve({ error: (err as NodeJS.ErrnoException).code as string });
        } else if (err && (err as { killed?: boolean }).killed) {
          resolve({ error: 'ETIMEDOUT' });
        } else {
          const code = err ? ((err as { code?: number }).code ?? 1) : 0;
          resolve({ code: typeof code === 'number' ? code : 1, stdout: String(stdout), stderr: String(stderr) });
        }
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}
