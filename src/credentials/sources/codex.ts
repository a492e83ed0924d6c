/**
 * OpenAI Codex CLI, in full: the login (auth.json, the "Codex Auth" keychain item, the encrypted secrets store),
 * MCP OAuth tokens, secrets in config.toml, and the files that may hold pasted keys. Facts: reference §1.
 */
import { createHash } from 'node:crypto';
import { realpathSync, promises as fsp } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { authStore, configSecrets, mcpServers, mcpStore, readCodexConfig, secretAuthStorage, type CodexConfig, type StoreMode } from './codex-config';
import { authDotJsonSchema, interpretAuth } from './codex-auth';
import { codexMcpItems, MCP_KEYCHAIN_SERVICE } from './codex-mcp';
import { listDir, readJson, statFile } from '../fs-read';
import { brokenItem, expiryProblem, fileMode, item, permissionProblems, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import { PAGES } from '../pages';
import { databaseTranscriptItem, transcriptItem } from '../transcripts';
import type { CredentialProblem, CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where Codex keeps things ------------------------------------------------------------------------------
export const CODEX = {
  homeEnv: 'CODEX_HOME',
  defaultHome: '.codex',
  auth: 'auth.json',
  config: 'config.toml',
  mcpCredentials: '.credentials.json',
  secretsDir: 'secrets',
  keychain: { auth: 'Codex Auth', secrets: 'codex', mcp: MCP_KEYCHAIN_SERVICE },
  transcripts: [
    { id: 'codex:history', kind: 'prompt history', name: 'history.jsonl', type: 'file' },
    { id: 'codex:sessions', kind: 'session transcripts', name: 'sessions', type: 'dir' },
    { id: 'codex:archived-sessions', kind: 'archived session transcripts', name: 'archived_sessions', type: 'dir' },
    { id: 'codex:log', kind: 'logs', name: 'log', type: 'dir' },
  ],
  /** SQLite copies of each conversation at the top of CODEX_HOME (e.g. thread_history_1.sqlite, state_5.sqlite). */
  databases: [
    { id: 'codex:thread-history', kind: 'conversation copies (thread history database)', match: /^thread_history_[A-Za-z0-9]{1,12}\.sqlite(?:-wal|-shm|-journal)?$/ },
    { id: 'codex:state-db', kind: 'conversation copies (state database)', match: /^state_[A-Za-z0-9]{1,12}\.sqlite(?:-wal|-shm|-journal)?$/ },
  ],
  /**
   * The encrypted store's files (`[features] secret_auth_storage`): Codex 0.171.0 keeps the login in codex_auth.age;
   * earlier builds named it cli_auth.age (secrets/src/local.rs CLI_AUTH_SECRETS_FILENAME), so both are the login.
   */
  secretsFiles: {
    'codex_auth.age': { kind: 'login (encrypted secrets file)', role: 'login' },
    'cli_auth.age': { kind: 'login (encrypted secrets file, earlier Codex builds)', role: 'login' },
    'mcp_oauth.age': { kind: 'MCP OAuth tokens (encrypted secrets file)', role: 'mcp' },
    'gateway_oauth.age': { kind: 'gateway OAuth tokens (encrypted secrets file)', role: 'gateway' },
    'local.age': { kind: 'local secrets (encrypted file)', role: 'local' },
  } as Record<string, { kind: string; role: SecretsRole }>,
} as const;

/** What an encrypted store file holds, which decides who removes it on revoke. */
type SecretsRole = 'login' | 'mcp' | 'gateway' | 'local';

const SOURCE: SourceInfo = { id: 'codex', tool: 'Codex CLI' };
/** Codex refreshes a ChatGPT login every few days while it is used; a month without a refresh means it is not. */
const UNUSED_AFTER_DAYS = 30;

/** CODEX_HOME as Codex finds it: the env var (relative to the current directory), else ~/.codex. */
export function codexHomeOf(ctx: Pick<SourceContext, 'env' | 'home'>): { path: string; fromEnv: boolean } {
  const fromEnv = ctx.env[CODEX.homeEnv];
  if (fromEnv) return { path: isAbsolute(fromEnv) ? fromEnv : resolve(fromEnv), fromEnv: true };
  return { path: join(ctx.home, CODEX.defaultHome), fromEnv: false };
}

/** "<prefix>|<first 16 hex of sha256(canonical CODEX_HOME)>" (storage.rs compute_store_key; secrets/src/lib.rs). */
export function codexStoreAccount(prefix: 'cli' | 'secrets', codexHome: string): string {
  let canonical = codexHome;
  try {
    canonical = realpathSync(codexHome);
  } catch {
    // Codex falls back to the path as given when it cannot canonicalize.
  }
  return `${prefix}|${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}

function storageText(store: StoreMode, secrets: boolean): string {
  const base = store.mode === 'unknown' ? `unknown (${store.raw ?? '?'})` : store.mode;
  // With the feature on, Codex 0.171.0 keeps even a "file" login in secrets/codex_auth.age (real-tools.md).
  return secrets && store.mode !== 'ephemeral' ? `${base} (encrypted secrets file)` : base;
}

async function authItem(home: string, store: StoreMode, storage: string, ctx: SourceContext): Promise<LocalCredential | undefined> {
  const path = join(home, CODEX.auth);
  const read = await readJson(path, authDotJsonSchema);
  if (read.status === 'absent') return undefined;
  if (read.status !== 'ok') {
    const broken = brokenItem(SOURCE, 'codex:auth', 'login (auth.json)', read, { isLogin: true, storage });
    broken.problems.push(...permissionProblems(read.facts, ctx));
    return broken;
  }
  const login = interpretAuth(read.data);
  const problems: CredentialProblem[] = [...permissionProblems(read.facts, ctx)];
  if (!login.known) problems.push({ code: 'unknown-auth-mode', severity: 'info', message: `auth.json uses a login mode this version of Keysweep does not know ("${login.mode}"); shown as found` });
  if ((login.mode === 'chatgpt' || login.mode === 'chatgptAuthTokens') && !login.hasTokens) {
    problems.push({ code: 'incomplete', severity: 'warning', message: `${path} says ChatGPT login but holds no tokens` });
  }
  if (login.mode === 'chatgpt') problems.push(...expiryProblem(login.accessTokenExpiresAt, ctx, 'The access token'));
  if (login.apiKeyMasked) {
    problems.push({ code: 'api-key-stored', severity: 'info', message: `an OpenAI API key is stored in plain text in ${path} (${login.apiKeyMasked}); logging out does not delete it on the server` });
  }
  const aws = login.bedrock;
  if (aws?.accessKeyIdMasked || aws?.secretStored) {
    problems.push({
      code: 'plaintext-aws-keys',
      severity: 'warning',
      message: `AWS access keys${aws.accessKeyIdMasked ? ` (${aws.accessKeyIdMasked})` : ''} are stored in plain text in ${path}${aws.sessionTokenStored ? ' with a session token' : ''}; logging out does not deactivate them: deactivate or delete them in the AWS IAM console (Security credentials > Access keys)`,
    });
  }
  if (aws?.apiKeyMasked) {
    problems.push({ code: 'api-key-stored', severity: 'info', message: `an Amazon Bedrock API key is stored in plain text in ${path} (${aws.apiKeyMasked}); logging out does not delete it at AWS: delete it in the AWS IAM console` });
  }
  if (login.agentPrivateKeyStored) {
    problems.push({ code: 'private-key-stored', severity: 'info', message: `the agent identity's private key is stored in plain text in ${path}; anyone who can read the file can act as this agent` });
  }
  if (store.mode === 'keyring' || store.mode === 'ephemeral') {
    problems.push({ code: 'stale-file', severity: 'warning', message: `config.toml keeps credentials in "${store.mode}" storage, yet ${path} is still on disk: a leftover copy` });
  }
  if (login.lastRefresh) {
    const days = Math.floor((ctx.now.getTime() - Date.parse(login.lastRefresh)) / 86_400_000);
    if (days > UNUSED_AFTER_DAYS && login.mode === 'chatgpt') {
      problems.push({ code: 'unused', severity: 'info', message: `not refreshed in ${days} days: log out if this machine no longer uses Codex CLI` });
    }
  }
  return item(SOURCE, {
    id: 'codex:auth',
    kind: login.kind,
    isLogin: true,
    label: loginLabel(login.kind, login.email, login.plan, login.apiKeyMasked ?? aws?.accessKeyIdMasked ?? aws?.apiKeyMasked),
    location: { type: 'file', path },
    storage,
    account: login.email || login.plan || login.accountIdMasked ? { email: login.email, plan: login.plan, id: login.accountIdMasked } : undefined,
    masked: login.apiKeyMasked ?? aws?.accessKeyIdMasked ?? aws?.apiKeyMasked,
    lastRefresh: login.lastRefresh,
    expiresAt: login.accessTokenExpiresAt,
    modifiedAt: read.facts.modifiedAt,
    details: {
      authMode: login.rawMode ?? null,
      mode: login.known ? login.mode : 'unknown',
      apiKeyStored: Boolean(login.apiKeyMasked),
      refreshTokenStored: login.hasRefreshToken,
      idTokenDecoded: login.idTokenDecoded,
      idTokenExpiresAt: login.idTokenExpiresAt ?? null,
      userId: login.userIdMasked ?? null,
      token: login.tokenMasked ?? null,
      bedrock: Boolean(aws),
      ...(aws?.region ? { region: aws.region } : {}),
      fileMode: fileMode(read.facts) ?? null,
      unknownFields: login.unknownFields.join(', '),
    },
    problems,
  });
}

function loginLabel(kind: string, email?: string, plan?: string, masked?: string): string {
  const who = [email, plan].filter(Boolean).join(', ') || masked;
  return who ? `${kind} (${who})` : kind;
}

async function keychainItem(home: string, store: StoreMode, storage: string, ctx: SourceContext): Promise<LocalCredential | undefined> {
  const account = codexStoreAccount('cli', home);
  const answer = await ctx.keychain.has(CODEX.keychain.auth, account);
  const expectsKeyring = store.mode === 'keyring' || store.mode === 'auto';
  if (answer === 'absent' || (answer === 'unknown' && !expectsKeyring)) return undefined;
  const problems: CredentialProblem[] = [];
  if (answer === 'present' && !expectsKeyring) {
    problems.push({ code: 'stale-keychain', severity: 'warning', message: `a "${CODEX.keychain.auth}" keychain item exists although config.toml stores logins in "${store.mode}": a leftover login` });
  }
  if (answer === 'unknown') problems.push({ code: 'keychain-unknown', severity: 'info', message: 'no OS keychain could be asked (on Linux: no Secret Service reachable over D-Bus); presence unknown' });
  return item(SOURCE, {
    id: 'codex:keychain',
    kind: 'login in OS keychain',
    isLogin: true,
    label: answer === 'present' ? 'login in OS keychain' : 'login in OS keychain (presence unknown)',
    state: answer === 'present' ? 'present' : 'unknown',
    location: { type: 'keychain', service: CODEX.keychain.auth, account },
    storage,
    details: { keychainAnswer: answer },
    problems,
  });
}

async function secretsItems(home: string, storage: string, ctx: SourceContext): Promise<LocalCredential[]> {
  const dir = join(home, CODEX.secretsDir);
  const listing = await listDir(dir);
  if (listing.status === 'absent') return [];
  if (listing.status !== 'ok') return [brokenItem(SOURCE, 'codex:secrets', 'encrypted secrets store', listing, { location: { type: 'file', path: dir } })];
  const files = listing.names.filter((n) => n.endsWith('.age'));
  if (files.length === 0) return [];
  const account = codexStoreAccount('secrets', home);
  const passphrase = await ctx.keychain.has(CODEX.keychain.secrets, account);
  const items: LocalCredential[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const st = await statFile(path);
    const facts = st.status === 'ok' ? st.facts : undefined;
    const known = Object.hasOwn(CODEX.secretsFiles, name) ? CODEX.secretsFiles[name] : undefined;
    const isLogin = known?.role === 'login';
    // Codex writes these 0644: encrypted, but the ciphertext is one keychain read away from the login.
    const problems: CredentialProblem[] = [...permissionProblems(facts, ctx)];
    if (passphrase === 'absent') problems.push({ code: 'orphaned', severity: 'info', message: `the passphrase for ${path} is not in the keychain ("${CODEX.keychain.secrets}"); the file can no longer be decrypted and can be deleted` });
    items.push(
      item(SOURCE, {
        id: `codex:secrets:${redactName(name.replace(/\.age$/, ''))}`,
        kind: known?.kind ?? 'encrypted secrets file',
        isLogin,
        location: { type: 'file', path },
        storage: isLogin ? storage : 'secrets',
        modifiedAt: facts?.modifiedAt,
        details: { secretsRole: known?.role ?? 'unknown', bytes: facts?.size ?? null, fileMode: fileMode(facts) ?? null, passphraseInKeychain: passphrase, passphraseKeychain: `${CODEX.keychain.secrets} / ${account}` },
        problems,
      }),
    );
  }
  return items;
}

function configSecretsItem(path: string, config: CodexConfig, text: string): LocalCredential | undefined {
  const secrets = configSecrets(config, text, path);
  if (secrets.length === 0) return undefined;
  return item(SOURCE, {
    id: 'codex:config',
    kind: 'secrets in config',
    label: `secrets in config.toml — ${secrets.length} in plain text`,
    location: { type: 'file', path },
    masked: secrets[0]!.masked,
    details: { secretsFound: secrets.length, where: secrets.map((s) => s.where).join(', '), revokeUrls: [...new Set(secrets.flatMap((s) => (s.revokeUrl ? [s.revokeUrl] : [])))].join(' ') },
    problems: secrets.map((s) => ({
      code: 'plaintext-secret',
      severity: 'warning' as const,
      message: `config.toml ${s.where} holds a secret in plain text (${s.masked}); use an environment variable (bearer_token_env_var, env_http_headers) instead`,
    })),
  });
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const { path: home, fromEnv } = codexHomeOf(ctx);
  let isDir: boolean;
  try {
    isDir = (await fsp.stat(home)).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!fromEnv && (code === 'ENOENT' || code === 'ENOTDIR')) return [];
    const what = code === 'ELOOP' ? 'is a symlink loop' : code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`;
    return [brokenItem(SOURCE, 'codex:home', 'Codex home', { status: 'unreadable', path: home, code: code === 'ELOOP' ? 'symlink-loop' : 'missing-home', message: `${fromEnv ? 'CODEX_HOME=' : ''}${home} ${what}; Codex CLI will not start` })];
  }
  if (!isDir) return [brokenItem(SOURCE, 'codex:home', 'Codex home', { status: 'unreadable', path: home, code: 'not-a-directory', message: `${home} is a file where the Codex home folder was expected` })];

  const items: LocalCredential[] = [];
  const configPath = join(home, CODEX.config);
  const configRead = await readCodexConfig(configPath);
  const config = configRead.status === 'ok' ? configRead.data : undefined;
  if (configRead.status === 'unreadable' || configRead.status === 'malformed') {
    items.push(brokenItem(SOURCE, 'codex:config', 'configuration', configRead, { details: { problem: configRead.code, note: 'storage mode unknown while config.toml cannot be read' } }));
  }
  const configBroken = configRead.status === 'unreadable' || configRead.status === 'malformed';
  const store: StoreMode = configBroken ? { mode: 'unknown', raw: 'config.toml unreadable', isDefault: false } : authStore(config);
  const secretsOn = secretAuthStorage(config, ctx.platform);
  const storage = storageText(store, secretsOn);

  const auth = await authItem(home, store, storage, ctx);
  if (auth) items.push(auth);
  const keychain = await keychainItem(home, store, storage, ctx);
  if (keychain) items.push(keychain);
  items.push(...(await secretsItems(home, storage, ctx)));
  if (configRead.status === 'ok') {
    const secrets = configSecretsItem(configPath, configRead.data, configRead.text);
    if (secrets) items.push(secrets);
  }
  items.push(...(await codexMcpItems(SOURCE, join(home, CODEX.mcpCredentials), mcpServers(config), mcpStore(config).mode, ctx)));
  for (const t of CODEX.transcripts) {
    const transcript = await transcriptItem(SOURCE, { id: t.id, kind: t.kind, path: join(home, t.name), type: t.type }, ctx);
    if (transcript) items.push(transcript);
  }
  for (const d of CODEX.databases) {
    const database = await databaseTranscriptItem(SOURCE, { id: d.id, kind: d.kind, dir: home, match: d.match }, ctx);
    if (database) items.push(database);
  }
  return items;
}

// ---- ending it ---------------------------------------------------------------------------------------------

function mcpName(c: LocalCredential): string {
  const fromDetails = c.details.server;
  return typeof fromDetails === 'string' ? fromDetails : c.id.split(':').slice(2).join(':');
}

/** The local steps that remove one login item; `covered` = `codex logout` removes it, so only a fallback. */
function loginSteps(c: LocalCredential, home: string, covered: boolean): RevokeStep[] {
  const fallback = covered || undefined;
  if (c.location.type === 'keychain') {
    return [{ kind: 'delete-keychain', service: c.location.service, account: c.location.account, description: 'the Codex login kept in the OS keychain', fallback }];
  }
  if (c.location.type === 'file' && c.id !== 'codex:auth') {
    // `codex logout` only removes the entry and writes the encrypted file back (secrets/src/local.rs delete), so the
    // file stays after a successful logout: it is wholly Codex's login store, and is deleted whatever the logout did.
    return [{ kind: 'delete-file', path: c.location.path, root: home, description: 'the encrypted Codex login store (`codex logout` empties it but leaves the file)' }];
  }
  if (c.location.type === 'file') {
    return [{ kind: 'delete-file', path: c.location.path, root: home, description: 'the Codex login file (tokens and any stored API key)', fallback }];
  }
  return [];
}

function encryptedFileStep(c: LocalCredential, home: string, description: string): RevokeStep[] {
  return c.location.type === 'file' ? [{ kind: 'delete-file', path: c.location.path, root: home, description }] : [];
}

function mcpSteps(c: LocalCredential, home: string, codexBin: string | undefined, runEnv: Record<string, string>): RevokeStep[] {
  const name = mcpName(c);
  // The name goes to `codex mcp logout` only when it holds nothing to hide and cannot pass for an option.
  const argument = typeof c.details.serverArgument === 'string' ? c.details.serverArgument : undefined;
  const steps: RevokeStep[] = [];
  if (codexBin && argument) steps.push({ kind: 'run', command: 'codex', args: ['mcp', 'logout', argument], env: runEnv, revokesServerSide: false, description: `remove the OAuth tokens of MCP server "${name}" (file and keychain)` });
  const fallback = codexBin && argument ? true : undefined;
  if (c.location.type === 'file' && typeof c.details.pointer === 'string') {
    steps.push({ kind: 'delete-entry', path: c.location.path, entry: c.details.pointer, format: 'json-key', root: home, description: `the tokens of MCP server "${name}"; other servers' tokens stay`, fallback });
  } else if (c.location.type === 'keychain' && argument) {
    steps.push({ kind: 'delete-keychain', service: c.location.service, account: c.location.account, description: `the tokens of MCP server "${name}" in the OS keychain`, fallback });
  }
  return steps;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const home = codexHomeOf(ctx).path;
  const codexBin = await ctx.which('codex');
  const runEnv = { CODEX_HOME: home, HOME: ctx.home };
  const logins = credentials.filter((c) => c.isLogin);
  const mcp = credentials.filter((c) => c.id.startsWith('codex:mcp:'));
  const secretsOf = (role: SecretsRole) => credentials.filter((c) => c.id.startsWith('codex:secrets:') && c.details.secretsRole === role);
  const [mcpSecrets, gatewaySecrets, localSecrets] = [secretsOf('mcp'), secretsOf('gateway'), secretsOf('local')];
  const kept = credentials.filter((c) => c.details.keysFound !== undefined);
  const steps: RevokeStep[] = [];
  const doesNotCover: string[] = [];
  const pages: RevokeStep[] = [];
  const configRead = await readCodexConfig(join(home, CODEX.config));
  const config = configRead.status === 'ok' ? configRead.data : undefined;
  const store = authStore(config).mode;
  const secretsOn = secretAuthStorage(config, ctx.platform);

  if (logins.length) {
    const chatgpt = logins.some((c) => c.details.mode === 'chatgpt' || c.location.type === 'keychain' || c.id.startsWith('codex:secrets'));
    if (codexBin) {
      steps.push({
        kind: 'run',
        command: 'codex',
        args: ['logout'],
        env: runEnv,
        revokesServerSide: chatgpt,
        // `codex logout` prints success and exits 0 even when its revoke request fails or the machine is offline.
        description: 'log out: asks OpenAI to revoke the ChatGPT refresh token (cannot be confirmed) and removes the stored login',
      });
    }
    const unknownKeychain = logins.filter((c) => c.location.type === 'keychain' && c.state === 'unknown');
    if (unknownKeychain.length) {
      doesNotCover.push(`The OS keychain could not be asked, so a "${CODEX.keychain.auth}" item there is neither seen nor removed: check it yourself (Keychain Access, Credential Manager, Seahorse).`);
    }
    for (const c of logins.filter((l) => !unknownKeychain.includes(l))) {
      // What `codex logout` removes depends on the configured store (login.rs logout_all_stores); anything it
      // would leave behind is removed whether or not it succeeds.
      const covered =
        Boolean(codexBin) &&
        (c.id === 'codex:auth'
          ? store !== 'ephemeral'
          : c.location.type === 'keychain'
            ? store === 'keyring' || store === 'auto'
            : secretsOn);
      steps.push(...loginSteps(c, home, covered));
    }
    // A Bedrock login's keys are AWS's: the advice goes to AWS, never to OpenAI.
    const bedrock = logins.filter((c) => c.details.bedrock === true);
    if (logins.some((c) => !bedrock.includes(c) && (c.masked || c.details.mode === 'apikey'))) {
      pages.push({ kind: 'open-url', url: PAGES.openaiApiKeys, description: 'delete the API key Codex used (a logout does not delete it on the server)' });
    }
    if (bedrock.length) {
      pages.push({ kind: 'open-url', url: PAGES.awsSecurityCredentials, description: 'AWS IAM > Security credentials: deactivate and delete the AWS access keys or Bedrock API key Codex used (a logout does not)' });
      doesNotCover.push('`codex logout` does not deactivate AWS access keys or Bedrock API keys: do it in the AWS IAM console.');
    }
    if (chatgpt) pages.push({ kind: 'open-url', url: PAGES.chatgptSecurity, description: 'ChatGPT Settings > Security: log out of all devices if the login may have been copied' });
    if (logins.some((c) => c.details.bedrock !== true)) doesNotCover.push('`codex logout` does not delete API keys on the server: delete them at platform.openai.com/api-keys.');
    if (codexBin && chatgpt) {
      doesNotCover.push('Keysweep cannot confirm that OpenAI revoked the ChatGPT refresh token: `codex logout` reports success even when its revoke request fails or the machine is offline. If the login may have been copied, use ChatGPT Settings > Security > "Log out of all devices".');
    }
    if (!codexBin && chatgpt) {
      doesNotCover.push('The codex CLI is not installed, so the ChatGPT refresh token is only deleted here, not revoked at OpenAI: use ChatGPT Settings > Security > "Log out of all devices" if it may have been copied.');
    }
    const servers = [...mcp.map(mcpName), ...mcpSecrets.map(() => 'the encrypted store secrets/mcp_oauth.age')];
    doesNotCover.push(
      `It does not remove MCP OAuth tokens${servers.length ? ` (${servers.join(', ')})` : ''}: run \`codex mcp logout <server>\` or \`keysweep revoke codex:mcp:<server>\`.`,
    );
  } else {
    for (const c of mcp) steps.push(...mcpSteps(c, home, codexBin, runEnv));
    // The encrypted MCP store holds every server's tokens and nothing else: revoking them all removes the file.
    for (const c of mcpSecrets) steps.push(...encryptedFileStep(c, home, 'the encrypted store of every MCP server\'s OAuth tokens'));
    const unnamed = mcp.filter((c) => c.location.type === 'keychain' && typeof c.details.serverArgument !== 'string');
    if (unnamed.length) doesNotCover.push(`The keychain item of ${unnamed.map(mcpName).join(', ')} is not removed: the server's name looks like a secret, so it is neither shown nor passed on. Remove it in your keychain ("${MCP_KEYCHAIN_SERVICE}").`);
    if (mcp.length) doesNotCover.push("Removing an MCP server's tokens does not revoke them at the server's provider: end the grant on its connected-apps page (see `keysweep grants`).");
  }
  // A gateway OAuth login is as much a login as codex_auth.age, and `codex logout` is not known to remove it.
  for (const c of gatewaySecrets) steps.push(...encryptedFileStep(c, home, 'the encrypted gateway OAuth tokens'));
  if (localSecrets.length) {
    doesNotCover.push(`It keeps ${localSecrets.map((c) => (c.location.type === 'file' ? c.location.path : c.id)).join(', ')}: Codex's local encrypted secrets may hold more than a login; delete it yourself if nothing else uses it.`);
  }
  const withKeys = kept.filter((c) => Number(c.details.keysFound) > 0);
  if (kept.length) {
    doesNotCover.push(
      `It keeps prompt history, session transcripts, conversation databases and logs${withKeys.length ? ` — ${withKeys.reduce((n, c) => n + Number(c.details.keysFound), 0)} key(s) found in them: revoke those keys and delete or redact ${withKeys.map((c) => (c.location.type === 'file' ? c.location.path : c.id)).join(', ')}` : ''}.`,
    );
  }
  if (credentials.some((c) => c.id === 'codex:config' && c.details.secretsFound !== undefined)) doesNotCover.push('It does not edit config.toml: move the plain-text tokens found there into environment variables and revoke them at their providers.');
  doesNotCover.push('It does not disconnect ChatGPT connected apps or Codex cloud access to GitHub: see `keysweep grants`.');
  const ended = [...(logins.length ? logins : [...mcp, ...mcpSecrets]), ...gatewaySecrets];
  return { sourceId: SOURCE.id, credentialIds: ended.map((c) => c.id), steps: [...steps, ...pages], doesNotCover };
}

export const codexSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
