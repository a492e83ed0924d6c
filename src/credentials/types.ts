/**
 * The local credential inventory's shapes. Every face (CLI `creds`, the sidebar's "This Machine" view, the runbook)
 * renders exactly these; nothing here ever holds a secret value, only masked forms and fingerprints.
 */
import type { Exec } from './exec';

export type Severity = 'error' | 'warning' | 'info';

export interface CredentialProblem {
  /** Stable machine-readable code: "world-readable", "expired", "malformed", "plaintext-secret", … */
  code: string;
  severity: Severity;
  /** One line for people, no secret in it. */
  message: string;
}

/** Where a credential lives. Paths are absolute. */
export type CredentialLocation =
  | { type: 'file'; path: string; entry?: string }
  | { type: 'keychain'; service: string; account?: string }
  | { type: 'env'; variable: string; path?: string }
  | { type: 'unknown'; note: string };

export type CredentialState =
  /** Found and read. */
  | 'present'
  /** The source is there but the file could not be read (permissions, a directory, a loop…). */
  | 'unreadable'
  /** Read, but not in a shape we understand. */
  | 'malformed'
  /** Presence could not be determined (e.g. no Secret Service reachable). */
  | 'unknown';

export interface LocalCredential {
  /** Stable id: `<sourceId>:<name>`, e.g. "codex:auth", "codex:mcp:github", "npm:registry.npmjs.org". */
  id: string;
  /** The CredentialSource that found it: "codex", "claude", "gh", … (the `revoke SOURCE` argument). */
  sourceId: string;
  /** The tool's name for people: "Codex CLI". */
  tool: string;
  /** What it is: "ChatGPT login", "API key", "MCP OAuth token", "registry token", "transcripts", … */
  kind: string;
  /** One line: "Codex CLI — ChatGPT login (user@example.com, plus)". */
  label: string;
  state: CredentialState;
  location: CredentialLocation;
  /** Where the secret is kept, as the tool calls it: "file", "keyring", "auto", "ephemeral", "helper:osxkeychain"… */
  storage?: string;
  account?: { email?: string; name?: string; plan?: string; id?: string };
  /** e.g. "sk-proj-…Ab12"; never the value. */
  masked?: string;
  fingerprint?: string;
  /** ISO 8601 instants; ages are computed by the faces from `now`. */
  lastRefresh?: string;
  expiresAt?: string;
  modifiedAt?: string;
  scopes?: string[];
  /**
   * True for the item that is the tool's login itself (not an MCP token, a transcript or a config file): a source
   * with no such item left is "not logged in".
   */
  isLogin?: boolean;
  /** Extra facts for tooltips and `--format json`: never secret values. */
  details: Record<string, string | number | boolean | null>;
  problems: CredentialProblem[];
}

export type RevokeStep =
  /** The tool's own logout: preferred when installed (it can revoke server-side and knows its own stores). */
  | {
      kind: 'run';
      command: string;
      args: string[];
      description: string;
      revokesServerSide: boolean;
      /** Added to the environment (e.g. CODEX_HOME, HOME) so the tool acts on the same files the inventory read. */
      env?: Record<string, string>;
      /** Overrides the executor's run timeout: a logout against a private registry that may not answer. */
      timeoutMs?: number;
    }
  /**
   * Remove a whole file. Only for a file that is wholly the tool's own credential (Codex auth.json, a token file, a
   * token cache): a file shared with settings or other entries is edited with delete-entry, never deleted.
   */
  | { kind: 'delete-file'; path: string; description: string; root?: string; fallback?: boolean }
  /**
   * Remove one named entry inside a file, leaving every other byte as it was. `entry` names the entry without its
   * secret (names from the file are redacted, see redact-text.ts): for `json-key` always an RFC 6901 JSON Pointer
   * ("/primaryApiKey", "/auths/ghcr.io", "/~1linear|ab12"); a line's key ("//host/:_authToken",
   * "https://user@host", "export OPENAI_API_KEY"); a `.netrc` entry ("machine HOST" or "default"); an INI section.
   * `select` (json-key): the pointer names an array and the elements whose `key` member is `value` are removed.
   */
  | {
      kind: 'delete-entry';
      path: string;
      entry: string;
      format: 'json-key' | 'line' | 'netrc-machine' | 'ini-section';
      select?: { key: string; value: string };
      description: string;
      root?: string;
      fallback?: boolean;
    }
  | { kind: 'delete-keychain'; service: string; account?: string; description: string; fallback?: boolean }
  /** A page only the user can act on (API keys, sessions, connected apps). Opened in the browser, never fetched. */
  | { kind: 'open-url'; url: string; description: string };

/*
 * `root` (delete steps): the source's folder; the executor never deletes or rewrites anything whose real path is
 * outside it, so a symlink cannot redirect a delete. `fallback`: carried out only when the `run` step before it
 * failed or could not start (the tool's logout is preferred; these are what it would have removed).
 */

export interface RevokePlan {
  sourceId: string;
  /**
   * The items these steps end. It can be fewer than were asked about: revoking Codex ends its login, not its MCP
   * tokens or transcripts (those are named in `doesNotCover`), as `codex logout` itself does.
   */
  credentialIds: string[];
  /** In order. Local steps first, then the pages. */
  steps: RevokeStep[];
  /** What these steps do NOT do, said plainly (e.g. "codex logout does not delete API keys on the server"). */
  doesNotCover: string[];
}

/** Answers about OS keychain items without reading their secrets. */
export interface KeychainProbe {
  /** 'unknown' when no keychain is reachable (e.g. Linux without a Secret Service). */
  has(service: string, account?: string): Promise<'present' | 'absent' | 'unknown'>;
  delete(service: string, account?: string): Promise<'deleted' | 'absent' | 'failed'>;
}

export interface SourceContext {
  /** The home directory every source resolves paths against (`--home` replaces it). */
  home: string;
  /** Environment as the tools see it (CODEX_HOME, CLAUDE_CONFIG_DIR, …). */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  now: Date;
  keychain: KeychainProbe;
  /** Absolute path of an executable on PATH, or undefined. */
  which(command: string): Promise<string | undefined>;
  /**
   * Runs a program without a shell (a tool's `--version` while planning). Optional so a test context can leave it
   * out: sources then plan as if the answer were unknown.
   */
  exec?: Exec;
}

export interface CredentialSource {
  /** The id used on the command line: `keysweep revoke <id>`. */
  id: string;
  tool: string;
  /** Reads what is there. Absent source -> []; present but broken -> an item saying so. Never throws. */
  read(ctx: SourceContext): Promise<LocalCredential[]>;
  /** The ordered steps that end these credentials (all of the source's when `credentials` is all of them). */
  revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan>;
}
