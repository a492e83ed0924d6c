/**
 * A command line the runbook offers to type into a terminal. Its words can come from files (an MCP server's name), so
 * each word that is not plainly safe is single-quoted, and a word that could still change the command is refused:
 * a control or bidi character (a line break would run the command, or run another), or a single quote (quoted
 * differently by POSIX shells and PowerShell, the two terminals VS Code opens). Without a safe line there is no Run
 * action; the step's other action (the revoke flow, a page) remains.
 */
import { hasUnsafeCharacters } from '../engine/printable';

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function commandLine(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  const quoted: string[] = [];
  for (const word of words) {
    if (word === '' || hasUnsafeCharacters(word) || word.includes("'")) return undefined;
    quoted.push(PLAIN_WORD.test(word) ? word : `'${word}'`);
  }
  return quoted.join(' ');
}

/** The check the terminal command runs again on whatever it is handed: one line, nothing that acts on a terminal. */
export function isSafeToType(line: unknown): line is string {
  return typeof line === 'string' && line.length > 0 && line.length <= 4096 && !hasUnsafeCharacters(line);
}
