/** A grant: an app, MCP server or CLI that holds an OAuth token (or a pasted secret) on this developer's behalf. */
import type { CredentialProblem, RevokeStep } from '../credentials/types';

export type GrantStore = 'file' | 'keychain' | 'config' | 'unknown' | 'none';

export interface PlaintextSecret {
  /** Where in the config: "mcp_servers.github.env.GITHUB_TOKEN", "headers.Authorization". */
  where: string;
  masked: string;
  fingerprint: string;
  ruleId?: string;
}

export interface Grant {
  /** Stable id: `<client>:<kind>:<name>`, e.g. "codex:mcp:github"; also the review id. */
  id: string;
  /** The tool holding the grant: "Codex CLI", "Claude Code", "VS Code". */
  client: string;
  /** The service on the other side: "GitHub", "Linear", "Google"… (from the URL when not known). */
  service: string;
  /** The MCP server or OAuth app name. */
  name: string;
  kind: 'mcp-server' | 'oauth-app';
  url?: string;
  scopes?: string[];
  expiresAt?: string;
  /** Where the token lives. 'config' = a secret written into the configuration itself. */
  store: GrantStore;
  /** The file holding the token or the configuration (absolute). */
  path?: string;
  plaintextSecrets: PlaintextSecret[];
  problems: CredentialProblem[];
  /** Ordered: the tool's own `mcp logout`/logout, the file entry to remove, the management page. */
  revokeSteps: RevokeStep[];
}
