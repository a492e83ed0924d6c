/**
 * The git settings that make git run a program, and the value that turns each one off. A repository's own config
 * (`.git/config`, files it includes, the git dir a `.git` file points to) can set any of them, and git would run
 * the program as part of an ordinary `git status`. Sources: `git help config` (git 2.39), gitattributes(5) for
 * filter/diff/merge drivers, git-interpret-trailers(1), git-archive(1), and the config-based hooks of git 2.54
 * (`hook.<name>.*`), so a newer git on the user's machine is covered too.
 *
 * Keys with fixed names are overridden on every call. Keys with a repository-chosen middle part
 * (`filter.<driver>.clean`) cannot be named in advance, so the runner lists the keys the config defines and
 * overrides each one that belongs to a family below.
 *
 * Turned off, a diff driver or external diff is an empty command that git fails to start: callers that produce
 * diffs pass `--no-ext-diff --no-textconv` so they get git's own diff instead of an error.
 */
import { devNull } from 'node:os';

export type ConfigOverride = readonly [key: string, value: string];

/** Empty: "no program" for every string-valued key below (and it resets list-valued ones such as credential.helper). */
const OFF = '';

/** Transports git could use to fetch (a partial clone fetches missing objects on demand). Keysweep needs none. */
const PROTOCOLS = ['ext', 'file', 'git', 'ssh', 'http', 'https'];

export const FIXED_OVERRIDES: readonly ConfigOverride[] = [
  ['core.fsmonitor', 'false'],
  // Hooks (post-index-change runs when git writes the index) are looked up in a folder that cannot exist.
  ['core.hooksPath', devNull],
  ['core.pager', OFF],
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  ['core.askPass', OFF],
  ['core.sshCommand', OFF],
  ['core.alternateRefsCommand', OFF],
  ['credential.helper', OFF],
  ['diff.external', OFF],
  ['gpg.program', OFF],
  ['gpg.openpgp.program', OFF],
  ['gpg.x509.program', OFF],
  ['gpg.ssh.program', OFF],
  ['gpg.ssh.defaultKeyCommand', OFF],
  ['uploadpack.packObjectsHook', OFF],
  ['interactive.diffFilter', OFF],
  ['imap.tunnel', OFF],
  ['protocol.allow', 'never'],
  ...PROTOCOLS.map((p): ConfigOverride => [`protocol.${p}.allow`, 'never']),
  // `git status` would otherwise run `git status` inside each submodule, under the submodule's own config.
  ['submodule.recurse', 'false'],
  ['status.submoduleSummary', 'false'],
  ['diff.ignoreSubmodules', 'all'],
  // Automatic housekeeping runs hooks and subprocesses; a read-only query never needs it.
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

/**
 * A family of keys: a section, any subsection (or none), and the variables in it that name a program. Keys with a
 * fixed name (core.fsmonitor…) are in FIXED_OVERRIDES and need no family.
 */
interface Family {
  section: string;
  /** Lower-case variable names; `*` for every variable of the section. */
  variables: readonly string[] | '*';
  value: string;
}

const FAMILIES: readonly Family[] = [
  { section: 'alias', variables: '*', value: OFF }, // git never lets an alias replace a built-in; this covers a typo
  { section: 'pager', variables: '*', value: OFF }, // pager.<command>: a program, or a boolean ('' is false)
  { section: 'diff', variables: ['command', 'textconv'], value: OFF },
  { section: 'filter', variables: ['clean', 'smudge', 'process'], value: OFF },
  // A "required" filter that no longer runs would make git fail instead of answering.
  { section: 'filter', variables: ['required'], value: 'false' },
  { section: 'merge', variables: ['driver'], value: OFF },
  { section: 'credential', variables: ['helper'], value: OFF }, // credential.<url>.helper
  { section: 'gpg', variables: ['program'], value: OFF }, // gpg.<format>.program
  // remote.<name>.uploadpack/receivepack keep their first value whatever comes later, so no override can win;
  // they (and core.gitProxy, url.<base>.insteadOf) only matter to a transport, and the runner allows none.
  { section: 'remote', variables: ['vcs'], value: OFF },
  { section: 'protocol', variables: ['allow'], value: 'never' },
  ...['difftool', 'mergetool', 'man', 'browser', 'guitool'].map((section): Family => ({ section, variables: ['cmd', 'path'], value: OFF })),
  { section: 'tar', variables: ['command'], value: OFF },
  { section: 'trailer', variables: ['command', 'cmd'], value: OFF },
  { section: 'sendemail', variables: ['sendmailcmd', 'smtpserver', 'tocmd', 'cccmd', 'headercmd'], value: OFF },
  { section: 'hook', variables: ['command', 'event'], value: OFF }, // git 2.54 config-based hooks; '' resets the events
  { section: 'hook', variables: ['enabled'], value: 'false' },
  { section: 'submodule', variables: ['update'], value: 'none' }, // `!command` runs on `git submodule update`
  { section: 'web', variables: ['browser'], value: OFF },
  { section: 'help', variables: ['browser'], value: OFF },
  { section: 'instaweb', variables: ['browser', 'httpd'], value: OFF },
  { section: 'svn', variables: ['authorsprog'], value: OFF },
];

/** More program keys than any real configuration has: the command line would grow past what a process accepts. */
export const MAX_LISTED_OVERRIDES = 2000;

/** Splits `section.sub.section.variable`: the section is before the first dot, the variable after the last. */
function keyParts(key: string): { section: string; variable: string } | undefined {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first <= 0 || last === key.length - 1) return undefined;
  return { section: key.slice(0, first).toLowerCase(), variable: key.slice(last + 1).toLowerCase() };
}

function familyOf(key: string): Family | undefined {
  const parts = keyParts(key);
  if (!parts) return undefined;
  return FAMILIES.find((f) => f.section === parts.section && (f.variables === '*' || f.variables.includes(parts.variable)));
}

export type OverridePlan = { ok: true; overrides: ConfigOverride[] } | { ok: false; reason: string };

/**
 * The overrides for a configuration that defines `keys` (as `git config --list` prints them): the fixed ones, plus
 * one per defined key of a program family. Refused when a program key cannot be overridden on the command line
 * (`-c` splits at the first `=`, so a driver named `a=b` cannot be named there) or there are absurdly many.
 */
export function planOverrides(keys: Iterable<string>): OverridePlan {
  const byKey = new Map<string, string>(FIXED_OVERRIDES.map(([k, v]) => [canonicalKey(k), v]));
  const overrides: ConfigOverride[] = [...FIXED_OVERRIDES];
  for (const key of keys) {
    const family = familyOf(key);
    if (!family || byKey.has(canonicalKey(key))) continue;
    if (key.includes('=')) return { ok: false, reason: 'a setting that names a program has "=" in its name, which git cannot override' };
    byKey.set(canonicalKey(key), family.value);
    overrides.push([key, family.value]);
    if (overrides.length > FIXED_OVERRIDES.length + MAX_LISTED_OVERRIDES) return { ok: false, reason: 'too many settings that name programs' };
  }
  return { ok: true, overrides };
}

/** Section and variable names are case-insensitive; a subsection is not. */
export function canonicalKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}

/**
 * The keys in `git config --list --null` output: records end with NUL, a newline separates key and value (a key
 * with no value has no newline). Undefined when a key is not valid UTF-8: it could not be passed back to git as
 * the same bytes, so it could not be overridden.
 */
export function parseConfigKeys(output: Buffer): string[] | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const keys: string[] = [];
  let start = 0;
  while (start < output.length) {
    let end = output.indexOf(0, start);
    if (end < 0) end = output.length;
    const record = output.subarray(start, end);
    const newline = record.indexOf(0x0a);
    const keyBytes = newline < 0 ? record : record.subarray(0, newline);
    try {
      if (keyBytes.length) keys.push(decoder.decode(keyBytes));
    } catch {
      return undefined;
    }
    start = end + 1;
  }
  return keys;
}
