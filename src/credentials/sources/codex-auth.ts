/**
 * $CODEX_HOME/auth.json (codex-rs login/src/auth/storage.rs `AuthDotJson`): which login it is, whose, how fresh.
 * Every known auth_mode is named; an unknown future mode is reported as such, never an error. The id_token's
 * claims give the account (decoded, not verified); the access token's `exp` gives the expiry.
 */
import { z } from 'zod';
import { decodeJwtClaims, expiryOf, type JwtClaims } from '../jwt';
import { isoFromString, KNOWN_PREFIXES, maskSecret, safeText } from '../item';
import { mask } from '../../engine/redact';

/** auth_mode values (app-server-protocol AuthMode) and how the faces call them. */
export const AUTH_MODES: Record<string, string> = {
  chatgpt: 'ChatGPT login',
  apikey: 'API key login',
  chatgptAuthTokens: 'ChatGPT login (external tokens)',
  agentIdentity: 'agent identity login',
  personalAccessToken: 'personal access token login',
  bedrockApiKey: 'Bedrock API key login',
  bedrockAccessKeys: 'Bedrock access keys login',
  headers: 'custom headers login',
};

const KNOWN_FIELDS = new Set(['auth_mode', 'OPENAI_API_KEY', 'tokens', 'last_refresh', 'agent_identity', 'personal_access_token', 'bedrock_api_key', 'bedrock_access_keys']);

/** Long-term Amazon Bedrock API keys start "ABSK"; short-term ones "bedrock-api-key-". */
const BEDROCK_KEY_PREFIXES = ['bedrock-api-key-', 'ABSK'];

const tokensSchema = z.looseObject({
  // A raw JWT string in every released version; an object form is accepted in case a build stores parsed claims.
  id_token: z.union([z.string(), z.looseObject({})]).nullable().optional(),
  access_token: z.string().nullable().optional(),
  refresh_token: z.string().nullable().optional(),
  account_id: z.string().nullable().optional(),
});

/**
 * The agent identity as a stored record (AgentIdentityAuthRecord in storage.rs; its fields differ between releases).
 * It holds `agent_private_key` in plain text: only the safe fields below are ever read out of it.
 */
const agentIdentityRecordSchema = z.looseObject({
  email: z.unknown().optional(),
  plan_type: z.unknown().optional(),
  account_id: z.unknown().optional(),
  workspace_id: z.unknown().optional(),
  chatgpt_user_id: z.unknown().optional(),
  agent_private_key: z.unknown().optional(),
});

/** BedrockApiKeyAuth / BedrockAccessKeysAuth (login/src/auth): inner types checked where read, never fatal. */
const bedrockApiKeySchema = z.looseObject({ api_key: z.unknown().optional(), region: z.unknown().optional() });
const bedrockAccessKeysSchema = z.looseObject({ access_key_id: z.unknown().optional(), secret_access_key: z.unknown().optional(), session_token: z.unknown().optional() });

export const authDotJsonSchema = z.looseObject({
  auth_mode: z.string().nullable().optional(),
  OPENAI_API_KEY: z.string().nullable().optional(),
  tokens: tokensSchema.nullable().optional(),
  last_refresh: z.string().nullable().optional(),
  // A JWT string, or (Codex 0.171.0) a stored record: both are an agent identity, neither makes the file malformed.
  agent_identity: z.union([z.string(), agentIdentityRecordSchema]).nullable().optional(),
  personal_access_token: z.string().nullable().optional(),
  bedrock_api_key: bedrockApiKeySchema.nullable().optional(),
  bedrock_access_keys: bedrockAccessKeysSchema.nullable().optional(),
});

export type AuthDotJson = z.infer<typeof authDotJsonSchema>;

export interface CodexLogin {
  /** As written, or undefined when absent. */
  rawMode?: string;
  /** After Codex's own rule for an absent mode: an API key means "apikey", else "chatgpt". */
  mode: string;
  known: boolean;
  kind: string;
  email?: string;
  plan?: string;
  accountIdMasked?: string;
  userIdMasked?: string;
  lastRefresh?: string;
  accessTokenExpiresAt?: string;
  idTokenExpiresAt?: string;
  apiKeyMasked?: string;
  tokenMasked?: string;
  /** Amazon Bedrock: the key is AWS's, so advice points at AWS, not OpenAI. */
  bedrock?: { apiKeyMasked?: string; accessKeyIdMasked?: string; secretStored: boolean; sessionTokenStored: boolean; region?: string };
  /** The agent identity record keeps its private key in the file. */
  agentPrivateKeyStored: boolean;
  hasTokens: boolean;
  hasRefreshToken: boolean;
  idTokenDecoded: boolean;
  unknownFields: string[];
}

const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

function claimObject(claims: JwtClaims | undefined, key: string): Record<string, unknown> {
  const v = claims?.[key];
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

export function interpretAuth(auth: AuthDotJson): CodexLogin {
  const rawMode = auth.auth_mode ?? undefined;
  const apiKey = str(auth.OPENAI_API_KEY);
  const mode = rawMode ?? (apiKey ? 'apikey' : 'chatgpt');
  const known = mode in AUTH_MODES;
  const tokens = auth.tokens ?? undefined;
  const idClaims = typeof tokens?.id_token === 'string' ? decodeJwtClaims(tokens.id_token) : (tokens?.id_token as JwtClaims | undefined);
  const accessClaims = decodeJwtClaims(tokens?.access_token);
  const authClaims = claimObject(idClaims, AUTH_CLAIM);
  const profile = claimObject(idClaims, PROFILE_CLAIM);
  const agent = auth.agent_identity && typeof auth.agent_identity === 'object' ? auth.agent_identity : undefined;
  const accountId = str(tokens?.account_id) ?? str(authClaims.chatgpt_account_id) ?? str(agent?.account_id) ?? str(agent?.workspace_id);
  const userId = str(authClaims.chatgpt_user_id) ?? str(authClaims.user_id) ?? str(agent?.chatgpt_user_id);
  const otherToken = str(auth.personal_access_token) ?? str(auth.agent_identity);
  const bedrockKey = str(auth.bedrock_api_key?.api_key);
  const awsKeyId = str(auth.bedrock_access_keys?.access_key_id);
  const bedrock =
    auth.bedrock_api_key || auth.bedrock_access_keys
      ? {
          apiKeyMasked: bedrockKey ? maskSecret(bedrockKey, BEDROCK_KEY_PREFIXES) : undefined,
          accessKeyIdMasked: awsKeyId ? maskSecret(awsKeyId, KNOWN_PREFIXES) : undefined,
          secretStored: Boolean(str(auth.bedrock_access_keys?.secret_access_key)),
          sessionTokenStored: Boolean(str(auth.bedrock_access_keys?.session_token)),
          region: safeText(str(auth.bedrock_api_key?.region), 40),
        }
      : undefined;
  return {
    // As written, but it is file text: an unknown mode is shown redacted and bounded, like every name.
    rawMode: rawMode === undefined ? undefined : known ? rawMode : safeText(rawMode, 40),
    mode: known ? mode : safeText(mode, 40) ?? '?',
    known,
    kind: known ? AUTH_MODES[mode]! : `login (unknown mode "${safeText(mode, 40)}")`,
    email: safeText(str(idClaims?.email) ?? str(profile.email) ?? str(agent?.email), 120),
    plan: safeText(str(authClaims.chatgpt_plan_type) ?? str(agent?.plan_type), 40),
    accountIdMasked: accountId ? mask(accountId) : undefined,
    userIdMasked: userId ? mask(userId) : undefined,
    bedrock,
    agentPrivateKeyStored: Boolean(str(agent?.agent_private_key)),
    lastRefresh: isoFromString(auth.last_refresh),
    accessTokenExpiresAt: expiryOf(accessClaims),
    idTokenExpiresAt: expiryOf(idClaims),
    apiKeyMasked: apiKey ? maskSecret(apiKey, KNOWN_PREFIXES) : undefined,
    tokenMasked: otherToken ? mask(otherToken) : undefined,
    hasTokens: Boolean(tokens && (tokens.access_token || tokens.refresh_token || tokens.id_token)),
    hasRefreshToken: Boolean(str(tokens?.refresh_token)),
    idTokenDecoded: Boolean(idClaims),
    unknownFields: Object.keys(auth).filter((k) => !KNOWN_FIELDS.has(k)).map((k) => safeText(k, 40) ?? '?'),
  };
}
