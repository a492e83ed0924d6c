/**
 * Finding one named entry in a file's text so that it, and nothing else, can be removed: a member of a JSON object
 * or an element of an array (found by a tiny position-keeping scanner, so formatting and key order survive), the
 * lines with a given key, a `.netrc` entry (through the reader's own tokenizer), an INI section. The result is a
 * list of text ranges; the executor cuts the matching bytes, so every other byte stays as it was.
 *
 * Entries are addressed by their redacted names (`redactName`): an address never holds a secret, even when a file
 * uses one as a key or a user name, and the editor redacts what it reads the same way to find the entry again. Two
 * different names that redact alike are ambiguous: the edit is refused rather than guessed.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseIni } from './ini';
import { stripJsonComments } from './jsonc';
import { netrcEntrySpan, netrcMeaning, parseNetrcSyntax } from './netrc-syntax';
import { redactName } from './redact-text';
import { cutText } from './text-bytes';

export type EntryFormat = 'json-key' | 'line' | 'netrc-machine' | 'ini-section';

export interface EntryAddress {
  /**
   * json-key: an RFC 6901 JSON Pointer, always (`/primaryApiKey`, `/auths/ghcr.io`, `/~1linear|ab12`); line: the
   * line's key; netrc-machine: `machine NAME` or `default`; ini-section: the section name. Names are redacted.
   */
  entry: string;
  format: EntryFormat;
  /** json-key only: the pointer names an array, and the elements removed are those whose `key` member is `value`. */
  select?: { key: string; value: string };
}

export interface EntryEdit {
  text: string;
  /** How many entries were removed; 0 means the entry was not there. */
  removed: number;
}

export interface EntrySpans {
  spans: Array<[number, number]>;
  removed: number;
}

/** The file is not in a shape the entry can be found in safely: nothing is edited, and the message says why. */
export class EditRefused extends Error {}

// ---- JSON ---------------------------------------------------------------------------------------------------

interface JsonNode {
  start: number;
  end: number;
  members?: Array<{ key: string; keyStart: number; value: JsonNode }>;
  elements?: JsonNode[];
}

class JsonScanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): JsonNode {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    const node = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new Error('trailing text');
    return node;
  }

  /** White space and comments: JSONC files (Copilot CLI's config.json opens with `//`) keep their comments. */
  private ws(): void {
    for (;;) {
      while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i]!)) this.i++;
      if (this.s.startsWith('//', this.i)) {
        const eol = this.s.indexOf('\n', this.i);
        this.i = eol === -1 ? this.s.length : eol + 1;
      } else if (this.s.startsWith('/*', this.i)) {
        const end = this.s.indexOf('*/', this.i + 2);
        if (end === -1) throw new Error('unterminated comment');
        this.i = end + 2;
      } else {
        return;
      }
    }
  }

  private value(): JsonNode {
    this.ws();
    const start = this.i;
    const ch = this.s[this.i];
    if (ch === '{') return this.object(start);
    if (ch === '[') return this.array(start);
    if (ch === '"') {
      this.string();
      return { start, end: this.i };
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) throw new Error('bad value');
    this.i += m[0].length;
    return { start, end: this.i };
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === '\\') this.i++;
      else if (c === '"') return JSON.parse(this.s.slice(start, this.i)) as string;
    }
    throw new Error('unterminated string');
  }

  private array(start: number): JsonNode {
    this.i++;
    const elements: JsonNode[] = [];
    this.ws();
    if (this.s[this.i] === ']') return { start, end: ++this.i, elements };
    for (;;) {
      elements.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return { start, end: this.i, elements };
      if (c !== ',') throw new Error('bad array');
    }
  }

  private object(start: number): JsonNode {
    this.i++;
    const members: NonNullable<JsonNode['members']> = [];
    this.ws();
    if (this.s[this.i] === '}') return { start, end: ++this.i, members };
    for (;;) {
      this.ws();
      const keyStart = this.i;
      if (this.s[this.i] !== '"') throw new Error('bad key');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') throw new Error('missing colon');
      const value = this.value();
      members.push({ key, keyStart, value });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return { start, end: this.i, members };
      if (c !== ',') throw new Error('bad object');
    }
  }
}

/** RFC 6901: "" is the whole document, "/a/b~1c" is ["a", "b/c"]. Anything else is not a pointer. */
export function pointerSegments(entry: string): string[] {
  if (entry === '') return [];
  if (!entry.startsWith('/')) throw new EditRefused(`"${redactName(entry)}" is not a JSON Pointer; not edited`);
  return entry
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The JSON Pointer of a path of keys as read from a file, each key redacted (an address never holds a secret). */
export function toPointer(segments: readonly string[]): string {
  return segments.map((s) => `/${redactName(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Raw keys (or indexes) that a redacted segment names: one name, or refused. */
function matchingKeys(keys: readonly string[], segment: string, where: string): Set<string> {
  const raw = new Set(keys.filter((k) => redactName(k) === segment));
  if (raw.size > 1) throw new EditRefused(`${raw.size} different keys at ${where || 'the top level'} read as "${segment}"; not edited`);
  return raw;
}

/** Ranges that remove children `remove` (indexes, ascending) of a container, commas included, JSON still valid. */
function childSpans(node: JsonNode, children: Array<{ start: number; end: number }>, remove: number[]): Array<[number, number]> {
  if (remove.length === children.length) return [[node.start + 1, node.end - 1]];
  const spans: Array<[number, number]> = [];
  const set = new Set(remove);
  for (let i = 0; i < children.length; i++) {
    if (!set.has(i)) continue;
    let j = i;
    while (set.has(j + 1)) j++;
    // A run of removed children: up to the next kept one, or (at the end) from the last kept one's end.
    spans.push(j < children.length - 1 ? [children[i]!.start, children[j + 1]!.start] : [children[i - 1]!.end, children[j]!.end]);
    i = j;
  }
  return spans;
}

function stringMember(node: JsonNode, text: string, key: string): string | undefined {
  const m = [...(node.members ?? [])].reverse().find((x) => x.key === key);
  if (!m || text[m.value.start] !== '"') return undefined;
  return JSON.parse(text.slice(m.value.start, m.value.end)) as string;
}

function jsonSpans(text: string, address: EntryAddress): EntrySpans {
  let root: JsonNode;
  try {
    root = new JsonScanner(text).document();
  } catch {
    throw new EditRefused('the file is not valid JSON; not edited');
  }
  const segments = pointerSegments(address.entry);
  const parents = address.select ? segments : segments.slice(0, -1);
  let node: JsonNode | undefined = root;
  let where = '';
  for (const seg of parents) {
    if (node?.members) {
      const keys = matchingKeys(node.members.map((m) => m.key), seg, where);
      // Duplicate keys: JSON.parse keeps the last, and so does this.
      node = [...node.members].reverse().find((m) => keys.has(m.key))?.value;
    } else if (node?.elements && /^\d+$/.test(seg)) {
      node = node.elements[Number(seg)];
    } else {
      node = undefined;
    }
    where = `${where}/${seg}`;
    if (!node) return { spans: [], removed: 0 };
  }
  if (address.select) {
    const { key, value } = address.select;
    if (!node.elements) return { spans: [], removed: 0 };
    const names = node.elements.map((e) => (e.members ? stringMember(e, text, key) : undefined));
    const matching = matchingKeys(names.filter((n): n is string => n !== undefined), value, `${where} (${key})`);
    const remove = names.flatMap((n, i) => (n !== undefined && matching.has(n) ? [i] : []));
    return remove.length ? { spans: childSpans(node, node.elements, remove), removed: remove.length } : { spans: [], removed: 0 };
  }
  const last = segments[segments.length - 1];
  if (last === undefined) throw new EditRefused('the whole document is not an entry; not edited');
  if (node.members) {
    const keys = matchingKeys(node.members.map((m) => m.key), last, where);
    const children = node.members.map((m) => ({ start: m.keyStart, end: m.value.end }));
    const remove = node.members.flatMap((m, i) => (keys.has(m.key) ? [i] : []));
    return remove.length ? { spans: childSpans(node, children, remove), removed: 1 } : { spans: [], removed: 0 };
  }
  if (node.elements && /^\d+$/.test(last) && Number(last) < node.elements.length) {
    return { spans: childSpans(node, node.elements, [Number(last)]), removed: 1 };
  }
  return { spans: [], removed: 0 };
}

/** What a JSON document means once the entry is gone (for checking the file that was written). */
function jsonMeaningWithout(text: string, address: EntryAddress): unknown {
  const doc = JSON.parse(stripJsonComments(text.replace(/^\uFEFF/, ''))) as unknown;
  const segments = pointerSegments(address.entry);
  const parents = address.select ? segments : segments.slice(0, -1);
  let node: unknown = doc;
  for (const seg of parents) {
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (node && typeof node === 'object') node = (node as Record<string, unknown>)[Object.keys(node).find((k) => redactName(k) === seg) ?? ''];
    else return doc;
  }
  if (address.select && Array.isArray(node)) {
    const { key, value } = address.select;
    const kept = node.filter((e) => !(e && typeof e === 'object' && typeof (e as Record<string, unknown>)[key] === 'string' && redactName((e as Record<string, string>)[key]!) === value));
    node.splice(0, node.length, ...kept);
  } else if (Array.isArray(node)) {
    node.splice(Number(segments[segments.length - 1]), 1);
  } else if (node && typeof node === 'object') {
    for (const k of Object.keys(node)) if (redactName(k) === segments[segments.length - 1]) delete (node as Record<string, unknown>)[k];
  }
  return doc;
}

export function removeJsonKey(text: string, pointer: string, select?: EntryAddress['select']): EntryEdit {
  return apply(text, jsonSpans(text, { entry: pointer, format: 'json-key', select }));
}

// ---- lines --------------------------------------------------------------------------------------------------

/**
 * The name of a line, without its password: the URL without the password ("https://user@host"), the fish variable
 * ("set OPENAI_API_KEY"), or what stands before "=" ("//registry.npmjs.org/:_authToken", "export OPENAI_API_KEY").
 * As written: use `lineEntry` for an address (a user name can be a token).
 */
export function lineKey(line: string): string | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#') || t.startsWith(';')) return undefined;
  const url = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*)(?::[^@/\s]*)?@(\S+)$/i.exec(t);
  if (url) return `${url[1]}${url[2]}@${url[3]}`;
  const fish = /^set\s+(?:-[a-zA-Z-]+\s+)*([A-Za-z_][A-Za-z0-9_]*)(\s|$)/.exec(t);
  if (fish) return `set ${fish[1]}`;
  const eq = t.indexOf('=');
  if (eq > 0) return t.slice(0, eq).trim().replace(/\s+/g, ' ');
  return undefined;
}

/** The address of a line: its key, redacted. */
export function lineEntry(line: string): string | undefined {
  const key = lineKey(line);
  return key === undefined ? undefined : redactName(key);
}

/** Lines with their offsets; `text` of each is without its line ending. */
function lines(text: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  for (const m of text.matchAll(/[^\n]*\n|[^\n]+$/g)) out.push({ text: m[0].replace(/\r?\n$/, ''), start: m.index!, end: m.index! + m[0].length });
  return out;
}

function lineSpans(text: string, entry: string): EntrySpans {
  const all = lines(text);
  const matching = all.filter((l) => lineEntry(l.text) === entry);
  const raw = new Set(matching.map((l) => lineKey(l.text)));
  if (raw.size > 1) throw new EditRefused(`${raw.size} different lines read as "${entry}"; not edited`);
  return { spans: matching.map((l) => [l.start, l.end] as [number, number]), removed: matching.length };
}

export function removeLines(text: string, entry: string): EntryEdit {
  return apply(text, lineSpans(text, entry));
}

// ---- .netrc -------------------------------------------------------------------------------------------------

/** The address of a `.netrc` entry: `machine NAME` (redacted) or `default`. */
export function netrcEntryName(machine: string, isDefault: boolean): string {
  return isDefault ? 'default' : `machine ${redactName(machine)}`;
}

function netrcSpans(text: string, entry: string): EntrySpans {
  const parsed = parseNetrcSyntax(text);
  if (!parsed.ok) throw new EditRefused(`the file is not valid .netrc (line ${parsed.line}); not edited`);
  const matching = parsed.entries.filter((e) => netrcEntryName(e.machine, e.isDefault) === entry);
  const raw = new Set(matching.map((e) => e.machine));
  if (raw.size > 1) throw new EditRefused(`${raw.size} different machines read as "${entry}"; not edited`);
  return { spans: mergeSpans(matching.map((e) => netrcEntrySpan(text, e))), removed: matching.length };
}

export function removeNetrcMachine(text: string, entry: string): EntryEdit {
  return apply(text, netrcSpans(text, entry));
}

// ---- INI ----------------------------------------------------------------------------------------------------

function iniSpans(text: string, section: string): EntrySpans {
  const spans: Array<[number, number]> = [];
  const raw = new Set<string>();
  let open: [number, number] | undefined;
  for (const l of lines(text)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(l.text);
    if (header) {
      if (open) spans.push(open);
      const name = header[1]!.trim();
      open = redactName(name) === section ? [l.start, l.end] : undefined;
      if (open) raw.add(name);
    } else if (open) {
      open[1] = l.end;
    }
  }
  if (open) spans.push(open);
  if (raw.size > 1) throw new EditRefused(`${raw.size} different sections read as "${section}"; not edited`);
  return { spans, removed: spans.length };
}

export function removeIniSection(text: string, section: string): EntryEdit {
  return apply(text, iniSpans(text, section));
}

// ---- any format ---------------------------------------------------------------------------------------------

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  return out;
}

function apply(text: string, found: EntrySpans): EntryEdit {
  return { text: cutText(text, found.spans), removed: found.removed };
}

/** The ranges of `text` that hold the entry; none when it is not there. Throws EditRefused when it cannot tell. */
export function findEntry(text: string, address: EntryAddress): EntrySpans {
  switch (address.format) {
    case 'json-key':
      return jsonSpans(text, address);
    case 'line':
      return lineSpans(text, address.entry);
    case 'netrc-machine':
      return netrcSpans(text, address.entry);
    case 'ini-section':
      return iniSpans(text, address.entry);
  }
}

export function removeEntry(text: string, entry: string, format: EntryFormat, select?: EntryAddress['select']): EntryEdit {
  return apply(text, findEntry(text, { entry, format, select }));
}

/**
 * True when `after` is `before` with exactly the entry's ranges cut out, and means what `before` meant minus the
 * entry: the same JSON value without that member, the same `.netrc` entries without that machine, the same INI
 * sections without that one, the same lines without those. This is what lets the executor say "the rest of the
 * file is unchanged" — it checks, it does not assume.
 */
export function removedOnly(before: string, after: string, address: EntryAddress): boolean {
  try {
    if (after !== cutText(before, findEntry(before, address).spans)) return false;
    if (findEntry(after, address).removed !== 0) return false;
    switch (address.format) {
      case 'json-key':
        return isDeepStrictEqual(JSON.parse(stripJsonComments(after.replace(/^\uFEFF/, ''))), jsonMeaningWithout(before, address));
      case 'netrc-machine': {
        const b = parseNetrcSyntax(before);
        const a = parseNetrcSyntax(after);
        return a.ok && b.ok && isDeepStrictEqual(netrcMeaning(a.entries), netrcMeaning(b.entries.filter((e) => netrcEntryName(e.machine, e.isDefault) !== address.entry)));
      }
      case 'ini-section': {
        const b = parseIni(before);
        const a = parseIni(after);
        // A file configparser would reject is still edited line by line; the exact cut was checked above.
        if (!b.ok) return true;
        return a.ok && isDeepStrictEqual(a.value, Object.fromEntries(Object.entries(b.value).filter(([k]) => redactName(k) !== address.entry)));
      }
      case 'line': {
        const kept = lines(before).map((l) => l.text).filter((t) => lineEntry(t) !== address.entry);
        return isDeepStrictEqual(lines(after).map((l) => l.text), kept);
      }
    }
  } catch {
    return false;
  }
}
