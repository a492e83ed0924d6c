/** Shared pieces of the hostile-input tests: generated keys, deep trees past PATH_MAX, and the unsafe-output check. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expandTemplate, seededRandom } from '../../src/rules/example-template';
import { hasUnsafeCharacters } from '../../src/engine/printable';

const rand = seededRandom(8_0508);
export const openaiKey = (): string => expandTemplate('sk-proj-{{b64url:74}}T3BlbkFJ{{b64url:74}}', rand);
export const token = (n: number): string => expandTemplate(`{{alnum:${n}}}`, rand);

/** Lines of `text` (split on LF only) that hold a control, separator or bidi character: none may reach a terminal. */
export function unsafeLines(text: string): string[] {
  return text.split('\n').filter((line) => hasUnsafeCharacters(line));
}

/**
 * Creates `dirs` nested folders under `root` (one relative mkdir at a time, so the whole path may exceed PATH_MAX)
 * and `files` in the deepest one. Returns the relative path of the deepest folder.
 */
export function deepTree(root: string, dirs: string[], files: Record<string, string>): string {
  const cwd = process.cwd();
  try {
    process.chdir(root);
    for (const d of dirs) {
      mkdirSync(d, { recursive: true });
      process.chdir(d);
    }
    for (const [name, content] of Object.entries(files)) writeFileSync(name, content);
  } finally {
    process.chdir(cwd);
  }
  return dirs.join('/');
}

/** `rm -rf`: GNU rm walks with openat, so it removes trees deeper than PATH_MAX (Node's rmSync cannot). */
export function removeTree(path: string): void {
  spawnSync('rm', ['-rf', '--', path]);
}
