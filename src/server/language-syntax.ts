/**
 * Per-language facts the quick fixes need: how to write a line comment (for the inline ignore) and how to read an
 * environment variable (for "move to .env"). Keyed by VS Code language id, with file-name fallbacks.
 */

const HASH = new Set(['python', 'shellscript', 'yaml', 'toml', 'dockerfile', 'ruby', 'perl', 'r', 'makefile', 'dotenv', 'properties', 'ini', 'powershell', 'coffeescript', 'julia', 'elixir', 'nim', 'terraform', 'hcl', 'gitignore', 'ignore', 'plaintext-hash']);
const SLASHES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'c', 'cpp', 'csharp', 'go', 'rust', 'swift', 'kotlin', 'scala', 'php', 'dart', 'jsonc', 'groovy', 'objective-c', 'fsharp', 'vue', 'svelte', 'zig', 'proto', 'proto3']);
const DASHES = new Set(['sql', 'lua', 'haskell', 'elm', 'ada']);
const MARKUP = new Set(['html', 'xml', 'markdown', 'svg', 'xsl']);

/** The comment to append to a line so that Keysweep ignores it, or undefined where the format has no comments. */
export function ignoreComment(languageId: string, fileName: string, directive: string): string | undefined {
  const lang = languageIdFor(languageId, fileName);
  if (HASH.has(lang)) return ` # ${directive}`;
  if (SLASHES.has(lang)) return ` // ${directive}`;
  if (DASHES.has(lang)) return ` -- ${directive}`;
  if (MARKUP.has(lang)) return ` <!-- ${directive} -->`;
  if (lang === 'latex' || lang === 'erlang') return ` % ${directive}`;
  if (lang === 'bat') return ` & REM ${directive}`;
  return undefined; // JSON, plain text: no comment syntax; the baseline is the way there
}

function languageIdFor(languageId: string, fileName: string): string {
  const base = fileName.split('/').pop() ?? fileName;
  if (/^\.env(\..*)?$/.test(base) || base.endsWith('.env')) return 'dotenv';
  if (/^(Dockerfile|Containerfile)/.test(base)) return 'dockerfile';
  if (base === 'Makefile' || base === '.npmrc' || base === '.gitignore') return base === 'Makefile' ? 'makefile' : 'ini';
  if (languageId && languageId !== 'plaintext') return languageId;
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  const byExt: Record<string, string> = {
    py: 'python', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', yml: 'yaml', yaml: 'yaml', toml: 'toml',
    rb: 'ruby', js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'typescriptreact',
    jsx: 'javascriptreact', java: 'java', go: 'go', rs: 'rust', cs: 'csharp', php: 'php', kt: 'kotlin', swift: 'swift',
    c: 'c', h: 'c', cpp: 'cpp', sql: 'sql', lua: 'lua', html: 'html', xml: 'xml', md: 'markdown', ini: 'ini', cfg: 'ini',
    properties: 'properties', tf: 'terraform', json: 'json', jsonc: 'jsonc', ps1: 'powershell',
  };
  return byExt[ext] ?? languageId;
}

/**
 * How to read environment variable `name` in this language. `replacesQuotes` means the expression replaces the
 * quoted string literal as a whole; otherwise it goes where the bare value was (shell, YAML, .npmrc…).
 */
export function envReference(languageId: string, fileName: string, name: string): { text: string; replacesQuotes: boolean; importLine?: string } | undefined {
  const lang = languageIdFor(languageId, fileName);
  switch (lang) {
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
    case 'vue':
    case 'svelte':
      return { text: `process.env.${name}`, replacesQuotes: true };
    case 'python':
      return { text: `os.environ["${name}"]`, replacesQuotes: true, importLine: 'import os' };
    case 'ruby':
      return { text: `ENV["${name}"]`, replacesQuotes: true };
    case 'go':
      return { text: `os.Getenv("${name}")`, replacesQuotes: true };
    case 'java':
    case 'kotlin':
    case 'scala':
    case 'groovy':
      return { text: `System.getenv("${name}")`, replacesQuotes: true };
    case 'csharp':
      return { text: `Environment.GetEnvironmentVariable("${name}")`, replacesQuotes: true };
    case 'php':
      return { text: `getenv('${name}')`, replacesQuotes: true };
    case 'rust':
      return { text: `std::env::var("${name}").expect("${name} is not set")`, replacesQuotes: true };
    case 'swift':
      return { text: `ProcessInfo.processInfo.environment["${name}"]`, replacesQuotes: true };
    case 'shellscript':
    case 'yaml':
    case 'dockerfile':
    case 'ini':
    case 'properties':
    case 'toml':
    case 'makefile':
    case 'terraform':
    case 'markdown':
    case 'plaintext':
      return { text: `\${${name}}`, replacesQuotes: false };
    case 'powershell':
      return { text: `$env:${name}`, replacesQuotes: false };
    default:
      return undefined;
  }
}

const PROVIDER_VARIABLES: Record<string, string> = {
  OpenAI: 'OPENAI_API_KEY',
  Anthropic: 'ANTHROPIC_API_KEY',
  Google: 'GOOGLE_API_KEY',
  GitHub: 'GITHUB_TOKEN',
  GitLab: 'GITLAB_TOKEN',
  'Hugging Face': 'HF_TOKEN',
  npm: 'NPM_TOKEN',
  AWS: 'AWS_SECRET_ACCESS_KEY',
  Slack: 'SLACK_TOKEN',
  Stripe: 'STRIPE_SECRET_KEY',
};

/**
 * The variable name for "move to .env": the name the line already assigns to when it looks like one
 * (`OPENAI_API_KEY = "…"`, `apiKey: '…'` -> API_KEY), else one from the provider.
 */
export function variableNameFor(lineText: string, secretStart: number, provider: string, taken: ReadonlySet<string>): string {
  const before = lineText.slice(0, secretStart);
  const assigned = /([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?:=|:|:=|=>)\s*["'`]?$/.exec(before)?.[1];
  let name = assigned ? toEnvCase(assigned) : (PROVIDER_VARIABLES[provider] ?? `${toEnvCase(provider)}_SECRET`);
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) name = `${toEnvCase(provider) || 'KEYSWEEP'}_SECRET`;
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}_${i}`;
  return candidate;
}

function toEnvCase(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}
