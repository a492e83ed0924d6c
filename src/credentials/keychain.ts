/**
 * Is there a keychain item for (service, account)? Asked without reading any secret:
 * - macOS: `security find-generic-password -s S [-a A]` without `-w`/`-g` (those print the secret and prompt);
 *   exit 0 = present, 44 = errSecItemNotFound.
 * - Windows: `cmdkey /list`, matching the target names each writer uses (keyring-rs "A.S", go-keyring "S:A",
 *   keytar "S/A"); output labels are localized, so only the `target=` part is parsed.
 * - Linux: the Secret Service's SearchItems over D-Bus (`gdbus call --session`), by {service, username} (keyring-rs,
 *   go-keyring) then {service, account} (keytar). No gdbus, no session bus or no Secret Service → "unknown".
 */
import type { KeychainProbe } from './types';
import { realExec, type Exec } from './exec';

const TIMEOUT_MS = 5_000;
const MAC_NOT_FOUND = 44;

function macProbe(exec: Exec): KeychainProbe {
  const args = (verb: string, service: string, account?: string) => [verb, '-s', service, ...(account !== undefined ? ['-a', account] : [])];
  return {
    async has(service, account) {
      const r = await exec('/usr/bin/security', args('find-generic-password', service, account), { timeoutMs: TIMEOUT_MS });
      if ('error' in r) return 'unknown';
      return r.code === 0 ? 'present' : r.code === MAC_NOT_FOUND ? 'absent' : 'unknown';
    },
    async delete(service, account) {
      // delete-generic-password removes the first match only: loop until none is left (bounded).
      let deleted = false;
      for (let i = 0; i < 8; i++) {
        const r = await exec('/usr/bin/security', args('delete-generic-password', service, account), { timeoutMs: TIMEOUT_MS });
        if ('error' in r) return 'failed';
        if (r.code === MAC_NOT_FOUND) return deleted ? 'deleted' : 'absent';
        if (r.code !== 0) return 'failed';
        deleted = true;
      }
      return 'deleted';
    },
  };
}

/** Target names in `cmdkey /list` output ("    Target: LegacyGeneric:target=gh:github.com:"). */
export function parseCmdkeyTargets(output: string): string[] {
  const targets: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /target=(.+?)\s*$/i.exec(line);
    if (m?.[1]) targets.push(m[1]);
  }
  return targets;
}

export function windowsTargetMatches(target: string, service: string, account?: string): boolean {
  if (account === undefined) return target === service || target.endsWith(`.${service}`) || target.startsWith(`${service}:`) || target.startsWith(`${service}/`);
  return target === `${account}.${service}` || target === `${service}:${account}` || target === `${service}/${account}`;
}

function windowsProbe(exec: Exec): KeychainProbe {
  const targets = async (): Promise<string[] | undefined> => {
    const r = await exec('cmdkey', ['/list'], { timeoutMs: TIMEOUT_MS });
    return 'error' in r || r.code !== 0 ? undefined : parseCmdkeyTargets(r.stdout);
  };
  return {
    async has(service, account) {
      const list = await targets();
      if (!list) return 'unknown';
      return list.some((t) => windowsTargetMatches(t, service, account)) ? 'present' : 'absent';
    },
    async delete(service, account) {
      const list = await targets();
      if (!list) return 'failed';
      const matching = list.filter((t) => windowsTargetMatches(t, service, account));
      if (matching.length === 0) return 'absent';
      for (const t of matching) {
        const r = await exec('cmdkey', [`/delete:${t}`], { timeoutMs: TIMEOUT_MS });
        if ('error' in r || r.code !== 0) return 'failed';
      }
      return 'deleted';
    },
  };
}

/** A GVariant string literal: single-quoted, with backslash and quote escaped. */
function gvariantString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Object paths in a SearchItems reply: "([objectpath '/org/…/1'], @ao [])" — unlocked and locked items. */
export function parseSearchItemsReply(output: string): string[] {
  return [...output.matchAll(/'(\/org\/freedesktop\/secrets\/[^']+)'/g)].map((m) => m[1]!);
}

function linuxProbe(exec: Exec, env: NodeJS.ProcessEnv): KeychainProbe {
  const dbusEnv = { ...process.env, ...env };
  // No bus or no Secret Service does not come back within one run: ask once, not once per item.
  let unreachable = false;
  const search = async (service: string, account?: string): Promise<string[] | undefined> => {
    if (unreachable) return undefined;
    const queries = account === undefined ? [{ service }] : [{ service, username: account }, { service, account }];
    const found: string[] = [];
    for (const q of queries) {
      const dict = `{${Object.entries(q).map(([k, v]) => `${gvariantString(k)}: ${gvariantString(v)}`).join(', ')}}`;
      const r = await exec(
        'gdbus',
        ['call', '--session', '--dest', 'org.freedesktop.secrets', '--object-path', '/org/freedesktop/secrets', '--method', 'org.freedesktop.Secret.Service.SearchItems', dict],
        { timeoutMs: TIMEOUT_MS, env: dbusEnv },
      );
      if ('error' in r || r.code !== 0) {
        unreachable = true;
        return undefined;
      }
      found.push(...parseSearchItemsReply(r.stdout));
    }
    return [...new Set(found)];
  };
  return {
    async has(service, account) {
      const items = await search(service, account);
      return items === undefined ? 'unknown' : items.length ? 'present' : 'absent';
    },
    async delete(service, account) {
      const items = await search(service, account);
      if (items === undefined) return 'failed';
      if (items.length === 0) return 'absent';
      for (const path of items) {
        const r = await exec('gdbus', ['call', '--session', '--dest', 'org.freedesktop.secrets', '--object-path', path, '--method', 'org.freedesktop.Secret.Item.Delete'], {
          timeoutMs: TIMEOUT_MS,
          env: dbusEnv,
        });
        // A reply other than the empty prompt "/" means the service wants the user to unlock: not done here.
        if ('error' in r || r.code !== 0 || !/objectpath '\/'/.test(r.stdout)) return 'failed';
      }
      return 'deleted';
    },
  };
}

export function createKeychainProbe(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, exec: Exec = realExec): KeychainProbe {
  if (platform === 'darwin') return macProbe(exec);
  if (platform === 'win32') return windowsProbe(exec);
  return linuxProbe(exec, env);
}

/** For when no keychain can be asked at all. */
export const unknownKeychain: KeychainProbe = {
  has: async () => 'unknown',
  delete: async () => 'failed',
};
