/**
 * AWS (reference §5): access keys in the shared credentials file (and, allowed too, the config file), IAM Identity
 * Center (SSO) tokens in ~/.aws/sso/cache, cached role credentials in ~/.aws/cli/cache. Static keys have no logout:
 * removing the profile is local, deactivating the key is on the IAM console.
 */
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { expandHomePrefix } from '../context';
import { listDir, readJson, readWith } from '../fs-read';
import { parseIni } from '../ini';
import { brokenItem, expiryProblem, isoFromString, item, maskSecret, openItYourself, permissionProblems, safeText, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { PAGES } from '../pages';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where the AWS CLI and SDKs keep things ----------------------------------------------------------------
export const AWS = {
  credentialsEnv: 'AWS_SHARED_CREDENTIALS_FILE',
  configEnv: 'AWS_CONFIG_FILE',
  dir: '.aws',
  credentials: 'credentials',
  config: 'config',
  ssoCache: join('sso', 'cache'),
  cliCache: join('cli', 'cache'),
};

const SOURCE: SourceInfo = { id: 'aws', tool: 'AWS CLI' };

const iniSchema = z.record(z.string(), z.record(z.string(), z.string()));
const ssoSchema = z.looseObject({ accessToken: z.string().optional(), expiresAt: z.string().optional(), startUrl: z.string().optional(), region: z.string().optional(), refreshToken: z.string().optional() });
const cliCacheSchema = z.looseObject({ Credentials: z.looseObject({ AccessKeyId: z.string().optional(), Expiration: z.string().optional() }).optional() });

/** The CLI (botocore) runs both variables through `os.path.expanduser`: `~/creds` is under the home. */
export function awsPaths(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): { credentials: string; config: string; dir: string } {
  const dir = join(ctx.home, AWS.dir);
  const fromEnv = (name: string) => (ctx.env[name] ? expandHomePrefix(ctx.env[name]!, ctx) : undefined);
  return { credentials: fromEnv(AWS.credentialsEnv) || join(dir, AWS.credentials), config: fromEnv(AWS.configEnv) || join(dir, AWS.config), dir };
}

function keyKind(keyId: string): string {
  if (keyId.startsWith('ASIA')) return 'temporary session credentials';
  if (keyId.startsWith('AKIA')) return 'access key (long-term)';
  return 'access key';
}

async function profileItems(path: string, file: 'credentials' | 'config', ctx: SourceContext): Promise<LocalCredential[]> {
  const r = await readWith(path, parseIni, iniSchema, { allowEmpty: true });
  if (r.status === 'absent') return [];
  if (r.status !== 'ok') return [brokenItem(SOURCE, `aws:${file}`, `access keys (${file} file)`, r, { isLogin: true })];
  const items: LocalCredential[] = [];
  for (const [section, values] of Object.entries(r.data)) {
    const keyId = values.aws_access_key_id?.trim();
    const secret = values.aws_secret_access_key?.trim();
    if (!keyId && !secret) continue;
    const profile = safeText(file === 'config' ? section.replace(/^profile\s+/, '') : section, 60) ?? '?';
    const problems: CredentialProblem[] = [...permissionProblems(r.facts, ctx)];
    if (!keyId || !secret) problems.push({ code: 'incomplete', severity: 'info', message: `profile ${profile} in ${path} has ${keyId ? 'no secret access key' : 'a secret but no access key id'}` });
    if (keyId?.startsWith('AKIA') && secret) problems.push({ code: 'long-term-key', severity: 'info', message: `a long-term access key in plain text in ${path}; IAM Identity Center (aws sso login) avoids keeping one` });
    items.push(
      item(SOURCE, {
        id: `aws:${file === 'config' ? 'config:' : ''}${redactName(file === 'config' ? section.replace(/^profile\s+/, '') : section)}`,
        kind: keyId ? keyKind(keyId) : 'access key',
        label: `${keyId ? keyKind(keyId) : 'access key'} — profile ${profile}`,
        isLogin: true,
        location: { type: 'file', path, entry: redactName(section) },
        storage: 'file (plain text)',
        masked: keyId ? maskSecret(keyId) : undefined,
        modifiedAt: r.facts.modifiedAt,
        details: { profile, section: redactName(section), sessionToken: Boolean(values.aws_session_token), secretStored: Boolean(secret) },
        problems,
      }),
    );
  }
  return items;
}

async function cacheItems(dir: string, kind: 'sso' | 'cli-cache', ctx: SourceContext): Promise<LocalCredential[]> {
  const listing = await listDir(dir);
  if (listing.status === 'absent') return [];
  if (listing.status !== 'ok') return [brokenItem(SOURCE, `aws:${kind}`, kind === 'sso' ? 'SSO token cache' : 'cached role credentials', listing, { location: { type: 'file', path: dir } })];
  const items: LocalCredential[] = [];
  for (const name of listing.names.filter((n) => n.endsWith('.json'))) {
    const path = join(dir, name);
    const id = `aws:${kind}:${basename(name, '.json').slice(0, 16)}`;
    if (kind === 'sso') {
      const r = await readJson(path, ssoSchema);
      if (r.status === 'unreadable' || r.status === 'malformed') items.push(brokenItem(SOURCE, id, 'SSO session token', r, { isLogin: true }));
      // Client registrations (clientId/clientSecret only) are not a session.
      if (r.status !== 'ok' || !r.data.accessToken) continue;
      const expiresAt = isoFromString(r.data.expiresAt);
      items.push(
        item(SOURCE, {
          id,
          kind: 'SSO session token',
          label: `SSO session token — ${safeText(r.data.startUrl, 120) ?? name}`,
          isLogin: true,
          location: { type: 'file', path },
          storage: 'file',
          expiresAt,
          modifiedAt: r.facts.modifiedAt,
          details: { startUrl: safeText(r.data.startUrl, 200) ?? null, region: safeText(r.data.region, 30) ?? null, refreshTokenStored: Boolean(r.data.refreshToken) },
          problems: [...permissionProblems(r.facts, ctx), ...expiryProblem(expiresAt, ctx, 'The SSO token')],
        }),
      );
    } else {
      const r = await readJson(path, cliCacheSchema);
      if (r.status === 'unreadable' || r.status === 'malformed') items.push(brokenItem(SOURCE, id, 'cached role credentials', r, { isLogin: true }));
      if (r.status !== 'ok' || !r.data.Credentials) continue;
      const expiresAt = isoFromString(r.data.Credentials.Expiration);
      const keyId = r.data.Credentials.AccessKeyId;
      items.push(
        item(SOURCE, {
          id,
          kind: 'cached role credentials',
          isLogin: true,
          location: { type: 'file', path },
          storage: 'file',
          masked: keyId ? maskSecret(keyId) : undefined,
          expiresAt,
          modifiedAt: r.facts.modifiedAt,
          problems: [...permissionProblems(r.facts, ctx), ...expiryProblem(expiresAt, ctx, 'These credentials')],
        }),
      );
    }
  }
  return items;
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const paths = awsPaths(ctx);
  return [
    ...(await profileItems(paths.credentials, 'credentials', ctx)),
    ...(await profileItems(paths.config, 'config', ctx)),
    ...(await cacheItems(join(paths.dir, AWS.ssoCache), 'sso', ctx)),
    ...(await cacheItems(join(paths.dir, AWS.cliCache), 'cli-cache', ctx)),
  ];
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const paths = awsPaths(ctx);
  const bin = await ctx.which('aws');
  const chosen = credentials.filter((c) => c.isLogin);
  const steps: RevokeStep[] = [];
  const sso = chosen.filter((c) => c.id.startsWith('aws:sso'));
  if (sso.length && bin) {
    steps.push({ kind: 'run', command: 'aws', args: ['sso', 'logout'], env: { HOME: ctx.home, AWS_CONFIG_FILE: paths.config, AWS_SHARED_CREDENTIALS_FILE: paths.credentials }, revokesServerSide: true, description: 'sign out of IAM Identity Center and remove the cached SSO tokens' });
  }
  const notUnderstood: string[] = [];
  for (const c of chosen) {
    if (c.location.type !== 'file') continue;
    const section = typeof c.details.section === 'string' ? c.details.section : undefined;
    if (section) steps.push({ kind: 'delete-entry', path: c.location.path, entry: section, format: 'ini-section', root: dirname(c.location.path), description: `profile [${section}]; other profiles stay` });
    // The shared credentials and config files are never deleted whole (regions, SSO sessions, other profiles).
    else if (c.id === 'aws:credentials' || c.id === 'aws:config') notUnderstood.push(openItYourself(c, 'the profiles whose keys you want gone'));
    // A cache file holds one cached token and nothing else: deleted whole, even when it cannot be read.
    else steps.push({ kind: 'delete-file', path: c.location.path, root: paths.dir, description: c.kind, fallback: c.id.startsWith('aws:sso') && bin ? true : undefined });
  }
  const longTerm = chosen.some((c) => c.details.section !== undefined);
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...(longTerm ? [{ kind: 'open-url' as const, url: PAGES.awsSecurityCredentials, description: 'deactivate, then delete, the access key in IAM' }] : [])],
    doesNotCover: [
      ...notUnderstood,
      ...(longTerm ? ['Removing a profile does not deactivate its access key: do that in IAM (Security credentials).'] : []),
      ...(sso.length ? ['Role credentials already issued from the SSO session stay valid until they expire.'] : []),
      'It does not unset AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN in your environment.',
    ],
  };
}

export const awsSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
