/**
 * MCP server definitions in every client's configuration — Codex (`config.toml` `[mcp_servers]`), Claude Code
 * (`~/.claude.json`, project `.mcp.json`), Gemini CLI (`settings.json`), Copilot CLI (`mcp-config.json`), Cursor
 * (`mcp.json`) and VS Code (`mcp.json`, user and workspace). Paths are data at the top; shapes are zod, loose, so
 * unknown fields are kept and a new client version never breaks the read.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { copilotHome } from '../credentials/sources/copilot';
import type { CredentialProblem } from '../credentials/types';
import { readConfig } from './read-config';

export interface McpServerDef {
  client: string;
  name: string;
  url?: string;
  command?: string;
  /** Literal values from `env` and `headers` blocks: checked for plain-text secrets, never shown. */
  env: Record<string, string>;
  headers: Record<string, string>;
  /** Where the definition lives. */
  configPath: string;
  /** Key path inside the config, for messages: "mcp_servers.github". */
  where: string;
}

export interface McpLocations {
  home: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Workspace folders: project-scoped configs (.mcp.json, .cursor/mcp.json, .vscode/mcp.json, .gemini/settings.json). */
  workspaceFolders: string[];
}

export function codexHome(loc: Pick<McpLocations, 'home' | 'env'>): string {
  return loc.env.CODEX_HOME || join(loc.home, '.codex');
}

function vscodeUserDir(loc: McpLocations): string {
  if (loc.platform === 'darwin') return join(loc.home, 'Library', 'Application Support', 'Code', 'User');
  if (loc.platform === 'win32') return join(loc.env.APPDATA ?? join(loc.home, 'AppData', 'Roaming'), 'Code', 'User');
  return join(loc.env.XDG_CONFIG_HOME || join(loc.home, '.config'), 'Code', 'User');
}

const stringMap = z.record(z.string(), z.unknown()).optional();
const serverShape = z.looseObject({
  url: z.string().optional(),
  httpUrl: z.string().optional(),
  serverUrl: z.string().optional(),
  command: z.string().optional(),
  env: stringMap,
  headers: stringMap,
  http_headers: stringMap,
  experimental_bearer_token: z.string().optional(),
});
type ServerShape = z.infer<typeof serverShape>;
const serversMap = z.record(z.string(), serverShape);

const codexConfig = z.looseObject({ mcp_servers: serversMap.optional() });
const mcpServersFile = z.looseObject({ mcpServers: serversMap.optional() });
const claudeGlobal = z.looseObject({
  mcpServers: serversMap.optional(),
  projects: z.record(z.string(), z.looseObject({ mcpServers: serversMap.optional() })).optional(),
});
const vscodeMcp = z.looseObject({ servers: serversMap.optional() });

function literalStrings(map: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function toDef(client: string, name: string, s: ServerShape, configPath: string, where: string): McpServerDef {
  const headers = { ...literalStrings(s.headers), ...literalStrings(s.http_headers) };
  if (s.experimental_bearer_token) headers.Authorization = `Bearer ${s.experimental_bearer_token}`;
  return { client, name, url: s.url ?? s.httpUrl ?? s.serverUrl, command: s.command, env: literalStrings(s.env), headers, configPath, where };
}

interface Source {
  client: string;
  path: string;
  format: 'json' | 'jsonc' | 'toml';
  collect: (data: any, path: string) => McpServerDef[];
}

function fromMap(client: string, prefix: string) {
  return (map: Record<string, ServerShape> | undefined, path: string) =>
    Object.entries(map ?? {}).map(([name, s]) => toDef(client, name, s, path, `${prefix}.${name}`));
}

function sources(loc: McpLocations): Array<Source & { schema: z.ZodType<unknown> }> {
  const claudeDir = loc.env.CLAUDE_CONFIG_DIR;
  const geminiHome = loc.env.GEMINI_CLI_HOME || loc.home;
  const list: Array<Source & { schema: z.ZodType<unknown> }> = [
    { client: 'Codex CLI', path: join(codexHome(loc), 'config.toml'), format: 'toml', schema: codexConfig, collect: (d, p) => fromMap('Codex CLI', 'mcp_servers')(d.mcp_servers, p) },
    {
      client: 'Claude Code',
      path: claudeDir ? join(claudeDir, '.claude.json') : join(loc.home, '.claude.json'),
      format: 'json',
      schema: claudeGlobal,
      collect: (d, p) => [
        ...fromMap('Claude Code', 'mcpServers')(d.mcpServers, p),
        ...Object.entries((d.projects ?? {}) as Record<string, { mcpServers?: Record<string, ServerShape> }>).flatMap(([project, v]) => fromMap('Claude Code', `projects["${project}"].mcpServers`)(v.mcpServers, p)),
      ],
    },
    { client: 'Gemini CLI', path: join(geminiHome, '.gemini', 'settings.json'), format: 'jsonc', schema: mcpServersFile, collect: (d, p) => fromMap('Gemini CLI', 'mcpServers')(d.mcpServers, p) },
    { client: 'Copilot CLI', path: join(copilotHome(loc), 'mcp-config.json'), format: 'json', schema: mcpServersFile, collect: (d, p) => fromMap('Copilot CLI', 'mcpServers')(d.mcpServers, p) },
    { client: 'Cursor', path: join(loc.home, '.cursor', 'mcp.json'), format: 'jsonc', schema: mcpServersFile, collect: (d, p) => fromMap('Cursor', 'mcpServers')(d.mcpServers, p) },
    { client: 'VS Code', path: join(vscodeUserDir(loc), 'mcp.json'), format: 'jsonc', schema: vscodeMcp, collect: (d, p) => fromMap('VS Code', 'servers')(d.servers, p) },
  ];
  for (const folder of loc.workspaceFolders) {
    list.push(
      { client: 'Claude Code', path: join(folder, '.mcp.json'), format: 'json', schema: mcpServersFile, collect: (d, p) => fromMap('Claude Code', 'mcpServers')(d.mcpServers, p) },
      { client: 'Cursor', path: join(folder, '.cursor', 'mcp.json'), format: 'jsonc', schema: mcpServersFile, collect: (d, p) => fromMap('Cursor', 'mcpServers')(d.mcpServers, p) },
      { client: 'VS Code', path: join(folder, '.vscode', 'mcp.json'), format: 'jsonc', schema: vscodeMcp, collect: (d, p) => fromMap('VS Code', 'servers')(d.servers, p) },
      { client: 'Gemini CLI', path: join(folder, '.gemini', 'settings.json'), format: 'jsonc', schema: mcpServersFile, collect: (d, p) => fromMap('Gemini CLI', 'mcpServers')(d.mcpServers, p) },
    );
  }
  return list;
}

export interface McpServersRead {
  servers: McpServerDef[];
  /** One per configuration file that exists but could not be used. */
  problems: Array<{ client: string; path: string; problem: CredentialProblem }>;
}

export async function readMcpServers(loc: McpLocations): Promise<McpServersRead> {
  const out: McpServersRead = { servers: [], problems: [] };
  for (const source of sources(loc)) {
    const read = await readConfig(source.path, source.format, source.schema);
    if (read.state === 'ok') out.servers.push(...source.collect(read.data, source.path));
    else if (read.state === 'problem') out.problems.push({ client: source.client, path: source.path, problem: read.problem });
  }
  return out;
}
