/**
 * Fake home directories for the credential sources, built at test time in temp folders. Every secret is generated
 * here at run time (nothing secret-shaped is committed) and remembered, so a test can assert that none of them
 * ever appears in any output.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createContext } from '../../src/credentials/context';
import type { KeychainProbe, SourceContext } from '../../src/credentials/types';
import type { Exec } from '../../src/credentials/exec';
import { expandTemplate } from '../../src/rules/example-template';
import { makeTempDir } from './temp';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}_-`;

/** Every secret generated in this process: outputs are checked against all of them. */
export const generatedSecrets: string[] = [];

function remember<T extends string>(value: T): T {
  generatedSecrets.push(value);
  return value;
}

export function random(length: number, charset = ALNUM): string {
  let s = '';
  for (let i = 0; i < length; i++) s += charset[randomInt(charset.length)];
  return s;
}

/** A crypto-random source for the rule templates (checksum-valid GitHub and npm tokens). */
const cryptoRand = () => randomInt(2 ** 31) / 2 ** 31;

export const fake = {
  openaiKey: () => remember(`sk-proj-${random(74, B64URL)}T3Blb${'kFJ'}${random(74, B64URL)}`),
  githubToken: (prefix: 'ghp' | 'gho' | 'ghu' = 'gho') => remember(expandTemplate(`{{gh:${prefix}}}`, cryptoRand)),
  npmToken: () => remember(expandTemplate('{{npm}}', cryptoRand)),
  hfToken: () => remember(`hf_${random(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`),
  anthropicOauth: () => remember(`sk-ant-oat01-${random(95, B64URL)}AA`),
  anthropicKey: () => remember(`sk-ant-api03-${random(93, B64URL)}AA`),
  awsKeyId: (prefix: 'AKIA' | 'ASIA' = 'AKIA') => remember(`${prefix}${random(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`),
  awsSecret: () => remember(random(40, `${ALNUM}/+`)),
  googleRefresh: () => remember(`1//0${random(100, B64URL)}`),
  googleAccess: () => remember(`ya29.${random(150, B64URL)}`),
  googleApiKey: () => remember(`AIza${random(35, B64URL)}`),
  opaque: (length = 40) => remember(random(length)),
  password: () => remember(`pw-${random(24)}`),
  /** A JWT with these claims and a random signature: decodable, never valid. */
  jwt: (claims: Record<string, unknown>) => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    return remember(`${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(64).toString('base64url')}`);
  },
};

export function tempHome(prefix = 'keysweep-home-'): string {
  return makeTempDir(prefix);
}

/** Files relative to `root`; a number after the content is the mode. */
export function writeFiles(root: string, files: Record<string, string | Buffer | [string | Buffer, number]>): void {
  for (const [rel, spec] of Object.entries(files)) {
    const [content, mode] = Array.isArray(spec) ? spec : [spec, 0o600];
    const full = join(root, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    chmodSync(full, mode);
  }
}

/** The states every source is tested in, applied to one path. */
export function makeDirectoryAt(root: string, rel: string): void {
  mkdirSync(join(root, rel), { recursive: true });
}

export function makeSymlinkLoop(root: string, rel: string): void {
  const full = join(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  const other = `${full}.loop`;
  symlinkSync(other, full);
  symlinkSync(full, other);
}

/** path -> what it is (file: mode + sha256 of bytes; symlink: target; dir). Compare two snapshots for "untouched". */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(root, full);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) out.set(rel, `link ${readlinkSync(full)}`);
      else if (st.isDirectory()) {
        out.set(rel, `dir ${(st.mode & 0o777).toString(8)}`);
        visit(full);
      } else out.set(rel, `file ${(st.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  visit(root);
  return out;
}

/** A keychain that answers from a list (and can forget items), or "unknown" to everything. */
export function memoryKeychain(items: Array<{ service: string; account?: string }> = [], unknown = false): KeychainProbe & { items: Array<{ service: string; account?: string }>; deleted: Array<{ service: string; account?: string }> } {
  const store = [...items];
  const deleted: Array<{ service: string; account?: string }> = [];
  const matches = (i: { service: string; account?: string }, service: string, account?: string) => i.service === service && (account === undefined || i.account === account);
  return {
    items: store,
    deleted,
    async has(service, account) {
      if (unknown) return 'unknown';
      return store.some((i) => matches(i, service, account)) ? 'present' : 'absent';
    },
    async delete(service, account) {
      deleted.push({ service, account });
      if (unknown) return 'failed';
      const before = store.length;
      for (let i = store.length - 1; i >= 0; i--) if (matches(store[i]!, service, account)) store.splice(i, 1);
      return store.length === before ? 'absent' : 'deleted';
    },
  };
}

export const NOW = new Date('2026-11-27T12:00:00Z');
export const DAY = 86_400_000;

/** `exec`: answers for programs a source runs while planning (`gh --version`); by default nothing runs. */
export function testContext(home: string, options: { env?: NodeJS.ProcessEnv; keychain?: KeychainProbe; which?: Record<string, string>; platform?: NodeJS.Platform; now?: Date; exec?: Exec } = {}): SourceContext {
  return createContext({
    exec: options.exec ?? (async () => ({ error: 'ENOENT' })),
    home,
    env: options.env ?? { HOME: home, PATH: '' },
    platform: options.platform ?? 'linux',
    now: options.now ?? NOW,
    keychain: options.keychain ?? memoryKeychain(),
    which: async (command) => options.which?.[command],
  });
}

/** An auth.json as Codex writes it, for the given mode. */
export function codexAuthJson(options: {
  mode?: string | null;
  email?: string;
  plan?: string;
  accountId?: string;
  lastRefresh?: Date;
  accessExpires?: Date;
  apiKey?: string | null;
  extra?: Record<string, unknown>;
}): { text: string; secrets: string[] } {
  const secrets: string[] = [];
  const idToken = fake.jwt({
    email: options.email ?? 'dev@example.com',
    exp: Math.floor(((options.accessExpires ?? new Date(NOW.getTime() + DAY)).getTime()) / 1000),
    'https://api.openai.com/auth': { chatgpt_plan_type: options.plan ?? 'plus', chatgpt_user_id: `user-${random(24)}`, chatgpt_account_id: options.accountId ?? `acct-${random(20)}` },
  });
  const accessToken = fake.jwt({ exp: Math.floor(((options.accessExpires ?? new Date(NOW.getTime() + DAY)).getTime()) / 1000), scp: ['openid'] });
  const refreshToken = remember(`rt_${random(60)}`);
  secrets.push(idToken, accessToken, refreshToken);
  if (options.apiKey) secrets.push(options.apiKey);
  const body: Record<string, unknown> = {
    ...(options.mode === null ? {} : { auth_mode: options.mode ?? 'chatgpt' }),
    OPENAI_API_KEY: options.apiKey ?? null,
    tokens: options.mode === 'apikey' ? null : { id_token: idToken, access_token: accessToken, refresh_token: refreshToken, account_id: options.accountId ?? null },
    last_refresh: (options.lastRefresh ?? new Date(NOW.getTime() - 3 * DAY)).toISOString(),
    ...options.extra,
  };
  return { text: JSON.stringify(body, null, 2), secrets };
}

/** The built CLI (npm run build), run as a user would, with an explicit environment (nothing leaks in from ours). */
export const CLI_BUNDLE = join(__dirname, '..', '..', 'dist', 'cli.js');

/** Everything any CLI run printed, for the "no secret in any output" checks. */
export const cliOutputs: string[] = [];

/**
 * A copy of the CLI bundle in a world-readable folder, for runs as an unprivileged user: the checkout itself may sit
 * under a folder only root can enter (a mktemp clone is 0700).
 */
let publicBundle: string | undefined;
function bundleFor(uid: number | undefined): string {
  if (uid === undefined) return CLI_BUNDLE;
  if (!publicBundle) {
    const dir = makeTempDir('keysweep-cli-');
    chmodSync(dir, 0o755);
    publicBundle = join(dir, 'cli.js');
    copyFileSync(CLI_BUNDLE, publicBundle);
    chmodSync(publicBundle, 0o644);
  }
  return publicBundle;
}

export function keysweep(args: string[], options: { env?: NodeJS.ProcessEnv; uid?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bundleFor(options.uid), ...args], {
    env: { NO_COLOR: '1', PATH: '', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  cliOutputs.push(r.stdout ?? '', r.stderr ?? '');
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function assertNoSecretIn(texts: readonly string[]): void {
  for (const text of texts) {
    for (const secret of generatedSecrets) {
      if (text.includes(secret)) throw new Error(`a generated secret (…${secret.slice(-4)}) appears in an output`);
    }
  }
}
