/**
 * Quick fixes for a finding, as plain functions over the document text (tested without a client): ignore on this
 * line, add the file to .gitignore, move the value into .env and reference it, open the provider's revoke page,
 * add to the baseline.
 */
import { printable } from '../engine/printable';
import {
  CodeAction,
  CodeActionKind,
  CreateFile,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  TextEdit,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver/node';
import { IGNORE_DIRECTIVE } from '../engine/ignore';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../protocol';
import { envReference, ignoreComment, variableNameFor } from './language-syntax';

/** What a diagnostic carries in `data`, so a code action needs no second scan. */
export interface FindingData {
  ruleId: string;
  provider: string;
  revokeUrl: string;
  masked: string;
  fingerprint: string;
}

export interface SideFile {
  uri: string;
  /** Undefined when the file does not exist yet. */
  text: string | undefined;
}

export interface QuickFixInput {
  uri: string;
  languageId: string;
  /** Path relative to the workspace folder (forward slashes), or the file name when outside any folder. */
  relPath: string;
  text: string;
  diagnostic: Diagnostic;
  data: FindingData;
  /** The secret's offsets in `text`. */
  start: number;
  end: number;
  folderUri?: string;
  gitignore?: SideFile;
  envFile?: SideFile;
  /** Whether `.env` is already git-ignored (then "move to .env" does not touch .gitignore). */
  envIsIgnored: boolean;
}

function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function endOf(text: string): { line: number; character: number } {
  return positionAt(text, text.length);
}

/** Appends lines to a side file, creating it when missing. */
function appendToFile(file: SideFile, lines: string[]): Array<CreateFile | TextDocumentEdit> {
  const existing = file.text ?? '';
  const prefix = existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
  const edit = TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(file.uri, null), [
    TextEdit.insert(endOf(existing), `${prefix}${lines.join('\n')}\n`),
  ]);
  return file.text === undefined ? [CreateFile.create(file.uri, { ignoreIfExists: true }), edit] : [edit];
}

function gitignoreHas(text: string | undefined, entry: string): boolean {
  const wanted = entry.replace(/^\//, '');
  return (text ?? '').split(/\r?\n/).some((l) => l.trim().replace(/^\//, '') === wanted);
}

export function ignoreLineAction(input: QuickFixInput): CodeAction | undefined {
  const comment = ignoreComment(input.languageId, input.relPath, IGNORE_DIRECTIVE);
  if (!comment) return undefined;
  const { end } = lineBounds(input.text, input.start);
  const action = CodeAction.create(`Ignore this ${printable(input.data.provider)} finding on this line (${IGNORE_DIRECTIVE})`, CodeActionKind.QuickFix);
  action.diagnostics = [input.diagnostic];
  action.edit = { changes: { [input.uri]: [TextEdit.insert(positionAt(input.text, end), comment)] } };
  return action;
}

/**
 * The .gitignore line that ignores exactly this file: anchored at the root (so a leading `#` or `!` means nothing),
 * with git's wildcard characters and trailing spaces escaped, so a file named `*` or `[ab].env` ignores no other. A
 * name with a line break or another control character cannot be written as one line (it could add lines that
 * un-ignore others), so there is none.
 */
export function gitignoreLineFor(relPath: string): string | undefined {
  if (!relPath || relPath.startsWith('/') || relPath.split('/').includes('..') || /[\u0000-\u001f\u007f]/.test(relPath)) return undefined;
  const escaped = relPath.replace(/[\\*?[\]]/g, '\\$&').replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '));
  return `/${escaped}`;
}

export function addToGitignoreAction(input: QuickFixInput): CodeAction | undefined {
  if (!input.gitignore) return undefined;
  const entry = gitignoreLineFor(input.relPath);
  if (!entry) return undefined;
  if (gitignoreHas(input.gitignore.text, entry)) return undefined;
  const action = CodeAction.create(`Add ${printable(input.relPath)} to .gitignore`, CodeActionKind.QuickFix);
  action.diagnostics = [input.diagnostic];
  action.edit = { documentChanges: appendToFile(input.gitignore, [entry]) };
  return action;
}

function isEnvFile(relPath: string): boolean {
  const base = relPath.split('/').pop() ?? '';
  return /^\.env(\..+)?$/.test(base) || base.endsWith('.env');
}

function envNames(text: string | undefined): Set<string> {
  return new Set((text ?? '').split(/\r?\n/).map((l) => /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(l)?.[1]).filter((n): n is string => !!n));
}

export function moveToEnvAction(input: QuickFixInput): CodeAction | undefined {
  if (!input.envFile || !input.gitignore || isEnvFile(input.relPath)) return undefined;
  const { text, start, end } = input;
  const line = lineBounds(text, start);
  const name = variableNameFor(text.slice(line.start, line.end), start - line.start, input.data.provider, envNames(input.envFile.text));
  const reference = envReference(input.languageId, input.relPath, name);
  if (!reference) return undefined;
  const secret = text.slice(start, end);
  if (/[\r\n]/.test(secret)) return undefined; // a multi-line value (a PEM block) does not fit a .env line
  let from = start;
  let to = end;
  const quote = text[start - 1];
  if (reference.replacesQuotes && (quote === '"' || quote === "'" || quote === '`') && text[end] === quote) {
    from--;
    to++;
  }
  const edits: TextEdit[] = [TextEdit.replace({ start: positionAt(text, from), end: positionAt(text, to) }, reference.text)];
  if (reference.importLine && !new RegExp(`^${reference.importLine}\\s*$`, 'm').test(text)) {
    const firstImport = /^(?:import|from)\s/m.exec(text);
    const at = firstImport ? firstImport.index : text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
    edits.unshift(TextEdit.insert(positionAt(text, at), `${reference.importLine}\n`));
  }
  const action = CodeAction.create(`Move the ${printable(input.data.provider)} secret into .env as ${name} and reference it`, CodeActionKind.QuickFix);
  action.diagnostics = [input.diagnostic];
  action.isPreferred = true;
  const changes: Array<CreateFile | TextDocumentEdit> = [
    TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(input.uri, null), edits),
    ...appendToFile(input.envFile, [`${name}=${secret}`]),
  ];
  if (!input.envIsIgnored && !gitignoreHas(input.gitignore.text, '.env')) changes.push(...appendToFile(input.gitignore, ['.env']));
  action.edit = { documentChanges: changes };
  return action;
}

export function openRevokePageAction(input: QuickFixInput): CodeAction {
  const action = CodeAction.create(`Open ${printable(input.data.provider)}'s page to revoke this key`, CodeActionKind.QuickFix);
  action.diagnostics = [input.diagnostic];
  action.command = { title: action.title, command: CLIENT_COMMANDS.openUrl, arguments: [input.data.revokeUrl] };
  return action;
}

export function addToBaselineAction(input: QuickFixInput): CodeAction | undefined {
  if (!input.folderUri) return undefined;
  const action = CodeAction.create('Add this finding to the Keysweep baseline (accept it as known)', CodeActionKind.QuickFix);
  action.diagnostics = [input.diagnostic];
  action.command = { title: action.title, command: SERVER_COMMANDS.addToBaseline, arguments: [input.folderUri, input.uri, input.data.fingerprint] };
  return action;
}

export function quickFixes(input: QuickFixInput): CodeAction[] {
  return [moveToEnvAction(input), ignoreLineAction(input), addToGitignoreAction(input), openRevokePageAction(input), addToBaselineAction(input)].filter(
    (a): a is CodeAction => a !== undefined,
  );
}

export type { Range };
