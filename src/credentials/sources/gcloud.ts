/**
 * Google Cloud SDK (reference §5): application default credentials, the per-account token databases (SQLite: read
 * as bytes, see sqlite-peek.ts; an empty one is not reported), legacy per-account credentials. `gcloud auth revoke` and
 * `gcloud auth application-default revoke` revoke at Google and delete locally, so they are preferred.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { listDir, readJson, readWith, statFile } from '../fs-read';
import { parseIni } from '../ini';
import { tableRows } from '../sqlite-peek';
import { readRegularFile } from '../../workspace/read-regular';
import { brokenItem, item, KNOWN_PREFIXES, maskSecret, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { PAGES } from '../pages';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where gcloud keeps things -----------------------------------------------------------------------------
export const GCLOUD = {
  configEnv: 'CLOUDSDK_CONFIG',
  adc: 'application_default_credentials.json',
  databases: [
    { name: 'credentials.db', table: 'credentials', id: 'gcloud:credentials-db', kind: 'account refresh tokens (SQLite)' },
    { name: 'access_tokens.db', table: 'access_tokens', id: 'gcloud:access-tokens-db', kind: 'cached access tokens (SQLite)' },
  ],
  legacyDir: 'legacy_credentials',
  activeConfig: 'active_config',
  configurations: 'configurations',
};

const SOURCE: SourceInfo = { id: 'gcloud', tool: 'Google Cloud SDK' };

const adcSchema = z.looseObject({
  type: z.string().optional(),
  client_email: z.string().optional(),
  account: z.string().optional(),
  refresh_token: z.string().optional(),
  private_key_id: z.string().optional(),
  private_key: z.string().optional(),
});
const iniSchema = z.record(z.string(), z.record(z.string(), z.string()));

export function gcloudDir(ctx: Pick<SourceContext, 'env' | 'home' | 'platform'>): string {
  if (ctx.env[GCLOUD.configEnv]) return ctx.env[GCLOUD.configEnv]!;
  if (ctx.platform === 'win32' && ctx.env.APPDATA) return join(ctx.env.APPDATA, 'gcloud');
  return join(ctx.home, '.config', 'gcloud');
}

/**
 * Text only a stored credential puts in these databases (key JSON, refresh and access tokens, id tokens); the schema's
 * own column names (`access_token`, `id_token`) are not among them.
 */
const CREDENTIAL_TEXT = ['-----BEGIN', '"private_key"', '"refresh_token"', 'ya29.', '1//0', 'eyJhbGci'].map((t) => Buffer.from(t, 'latin1'));

/**
 * What a token database holds. `gcloud auth revoke --all` deletes the rows but leaves the file, and SQLite (gcloud's
 * bundled one has secure_delete off) keeps the deleted values in the freed space: 'emptied' means no rows but
 * credential text still in the file; 'empty' means no rows and none of it. Anything unsure is 'rows'.
 */
async function databaseState(path: string, table: string): Promise<'rows' | 'emptied' | 'empty'> {
  const read = await readRegularFile(path, MAX_DATABASE_BYTES);
  if (!read.ok) return 'rows';
  const pending = await Promise.all(['-journal', '-wal'].map(async (suffix) => {
    const st = await statFile(`${path}${suffix}`);
    return st.status !== 'absent' && !(st.status === 'ok' && st.facts.size === 0);
  }));
  if (tableRows(read.bytes, table, pending.some(Boolean)) !== 'empty') return 'rows';
  return CREDENTIAL_TEXT.some((t) => read.bytes.includes(t)) ? 'emptied' : 'empty';
}

const MAX_DATABASE_BYTES = 16 * 1024 * 1024;

async function activeAccount(dir: string): Promise<string | undefined> {
  const name = await readWith(join(dir, GCLOUD.activeConfig), (text) => ({ ok: true, value: text.trim() }), z.string().regex(/^[\w.-]+$/));
  const config = name.status === 'ok' ? name.data : 'default';
  const r = await readWith(join(dir, GCLOUD.configurations, `config_${config}`), parseIni, iniSchema);
  return r.status === 'ok' ? safeText(r.data.core?.account, 120) : undefined;
}

function adcItem(id: string, kind: string, path: string, r: Extract<Awaited<ReturnType<typeof readJson<z.infer<typeof adcSchema>>>>, { status: 'ok' }>, ctx: SourceContext, accountHint?: string): LocalCredential {
  const serviceAccount = r.data.type === 'service_account';
  const secret = serviceAccount ? r.data.private_key_id : r.data.refresh_token;
  const masked = secret ? maskSecret(secret, KNOWN_PREFIXES) : undefined;
  const email = safeText(r.data.client_email ?? r.data.account, 120) ?? accountHint;
  return item(SOURCE, {
    id,
    kind: serviceAccount ? `service account key (${kind})` : kind,
    isLogin: true,
    location: { type: 'file', path },
    storage: 'file',
    account: email ? { email } : undefined,
    masked,
    modifiedAt: r.facts.modifiedAt,
    details: { type: safeText(r.data.type, 40) ?? null },
    problems: [...permissionProblems(r.facts, ctx), ...(serviceAccount && masked ? [plaintextProblem(path, `key ${masked}`, 'a service account private key')] : [])],
  });
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const dir = gcloudDir(ctx);
  const items: LocalCredential[] = [];
  const account = await activeAccount(dir);
  const adcPath = join(dir, GCLOUD.adc);
  const adc = await readJson(adcPath, adcSchema);
  if (adc.status === 'ok') items.push(adcItem('gcloud:adc', 'application default credentials', adcPath, adc, ctx));
  else if (adc.status !== 'absent') items.push(brokenItem(SOURCE, 'gcloud:adc', 'application default credentials', adc, { isLogin: true }));
  for (const db of GCLOUD.databases) {
    const path = join(dir, db.name);
    const st = await statFile(path);
    if (st.status === 'absent') continue;
    if (st.status !== 'ok') {
      items.push(brokenItem(SOURCE, db.id, db.kind, st, { isLogin: true }));
      continue;
    }
    const state = await databaseState(path, db.table);
    // An empty database is what gcloud leaves after a revoke: nothing to report.
    if (state === 'empty') continue;
    items.push(
      item(SOURCE, {
        id: db.id,
        kind: state === 'emptied' ? `${db.kind}, emptied — deleted values still in the file` : db.kind,
        isLogin: true,
        location: { type: 'file', path },
        storage: 'file',
        account: account && state === 'rows' ? { email: account } : undefined,
        modifiedAt: st.facts.modifiedAt,
        details: { bytes: st.facts.size, activeAccount: account ?? null, emptied: state === 'emptied' },
        problems: [
          ...permissionProblems(st.facts, ctx),
          ...(state === 'emptied'
            ? [{ code: 'deleted-data-remains', severity: 'warning' as const, message: `${path} has no accounts left, but SQLite kept the deleted credentials in the file's free space: delete the file (gcloud creates it again)` }]
            : []),
        ],
      }),
    );
  }
  const legacy = await listDir(join(dir, GCLOUD.legacyDir));
  if (legacy.status === 'ok') {
    for (const name of legacy.names) {
      const path = join(dir, GCLOUD.legacyDir, name, 'adc.json');
      const r = await readJson(path, adcSchema);
      const who = safeText(name, 120) ?? '?';
      if (r.status === 'ok') items.push(adcItem(`gcloud:legacy:${who}`, 'legacy credentials', path, r, ctx, who));
      else if (r.status !== 'absent') items.push(brokenItem(SOURCE, `gcloud:legacy:${who}`, 'legacy credentials', r, { isLogin: true }));
    }
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const dir = gcloudDir(ctx);
  const bin = await ctx.which('gcloud');
  const chosen = credentials.filter((c) => c.isLogin);
  const env = { HOME: ctx.home, CLOUDSDK_CONFIG: dir };
  const steps: RevokeStep[] = [];
  const adc = chosen.filter((c) => c.id === 'gcloud:adc');
  const accounts = chosen.filter((c) => c.id !== 'gcloud:adc');
  if (adc.length) {
    if (bin) steps.push({ kind: 'run', command: 'gcloud', args: ['auth', 'application-default', 'revoke', '--quiet'], env, revokesServerSide: true, description: 'revoke the application default credentials at Google and delete the file' });
    for (const c of adc) if (c.location.type === 'file') steps.push({ kind: 'delete-file', path: c.location.path, root: dir, description: c.kind, fallback: bin ? true : undefined });
  }
  if (accounts.length) {
    if (bin) steps.push({ kind: 'run', command: 'gcloud', args: ['auth', 'revoke', '--all', '--quiet'], env, revokesServerSide: true, description: 'revoke every gcloud account token at Google and remove them locally' });
    // An emptied database has no account for gcloud to revoke: only deleting the file removes what is left in it.
    for (const c of accounts) if (c.location.type === 'file') steps.push({ kind: 'delete-file', path: c.location.path, root: dir, description: c.kind, fallback: bin && !c.details.emptied ? true : undefined });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, { kind: 'open-url', url: PAGES.googleConnections, description: 'check that Google Cloud SDK no longer has access to your Google Account' }],
    doesNotCover: [
      ...(bin ? [] : ['gcloud is not installed, so tokens are only deleted here, not revoked at Google: remove "Google Cloud SDK" at myaccount.google.com/connections.']),
      'Service account keys are only removed locally: delete the key in the Cloud console (IAM > Service accounts > Keys).',
      'It does not touch GOOGLE_APPLICATION_CREDENTIALS files elsewhere.',
    ],
  };
}

export const gcloudSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
