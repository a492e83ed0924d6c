/**
 * API keys exported in shell startup files and ~/.env (reference §5, "Generic"): `export OPENAI_API_KEY=…` in
 * ~/.bashrc, ~/.zshrc, ~/.profile…, `set -gx … ` in fish's config. Every program started from the shell inherits
 * them. Revoking removes those lines (nothing else in the file) and points at the provider's key page.
 */
import { dirname, join } from 'node:path';
import { assignmentParser, assignmentsSchema, isSecretAssignment } from '../env-lines';
import { readWith } from '../fs-read';
import { brokenItem, item, KNOWN_PREFIXES, maskSecret, permissionProblems, plaintextProblem, safeText, type SourceInfo } from '../item';
import { redactName } from '../redact-text';
import type { CredentialSource, LocalCredential, RevokePlan, RevokeStep, SourceContext } from '../types';

// ---- where they are ----------------------------------------------------------------------------------------
export const SHELL_FILES: Array<{ rel: (ctx: SourceContext) => string; dialect: 'sh' | 'fish'; name: string }> = [
  { name: '.bashrc', rel: () => '.bashrc', dialect: 'sh' },
  { name: '.bash_profile', rel: () => '.bash_profile', dialect: 'sh' },
  { name: '.profile', rel: () => '.profile', dialect: 'sh' },
  { name: '.zshrc', rel: () => '.zshrc', dialect: 'sh' },
  { name: '.zshenv', rel: () => '.zshenv', dialect: 'sh' },
  { name: '.zprofile', rel: () => '.zprofile', dialect: 'sh' },
  { name: 'config.fish', rel: (ctx) => (ctx.env.XDG_CONFIG_HOME ? join(ctx.env.XDG_CONFIG_HOME, 'fish', 'config.fish') : join('.config', 'fish', 'config.fish')), dialect: 'fish' },
  { name: '.env', rel: () => '.env', dialect: 'sh' },
];

const SOURCE: SourceInfo = { id: 'shell', tool: 'Shell startup files' };

function fullPath(ctx: SourceContext, rel: string): string {
  return rel.startsWith('/') ? rel : join(ctx.home, rel);
}

async function read(ctx: SourceContext): Promise<LocalCredential[]> {
  const items: LocalCredential[] = [];
  for (const f of SHELL_FILES) {
    const path = fullPath(ctx, f.rel(ctx));
    const r = await readWith(path, assignmentParser(f.dialect), assignmentsSchema, { allowEmpty: true, lossy: true });
    if (r.status === 'absent') continue;
    if (r.status !== 'ok') {
      items.push(brokenItem(SOURCE, `shell:${f.name}`, `${f.name}`, r));
      continue;
    }
    const perms = permissionProblems(r.facts, ctx).map((p) => ({ ...p, severity: 'warning' as const }));
    const seen = new Map<string, LocalCredential>();
    for (const a of r.data) {
      const s = isSecretAssignment(a, path);
      if (!s.secret) continue;
      const masked = s.masked ?? maskSecret(a.value, KNOWN_PREFIXES);
      const existing = seen.get(a.name);
      if (existing) {
        existing.details.lines = `${existing.details.lines}, ${a.line}`;
        continue;
      }
      const c = item(SOURCE, {
        id: `shell:${f.name}:${redactName(a.name)}`,
        kind: f.name === '.env' ? 'secret in ~/.env' : 'exported secret',
        label: `${safeText(a.name, 60)} in ${f.name}`,
        location: { type: 'env', variable: redactName(a.name), path },
        storage: 'file (plain text)',
        masked,
        modifiedAt: r.facts.modifiedAt,
        details: { file: f.name, lines: String(a.line), revokeUrl: s.revokeUrl ?? null },
        problems: [plaintextProblem(`${path} line ${a.line}`, masked, 'every program started from this shell inherits it'), ...perms],
      });
      seen.set(a.name, c);
      items.push(c);
    }
  }
  return items;
}

async function revokePlan(credentials: LocalCredential[], ctx: SourceContext): Promise<RevokePlan> {
  const steps: RevokeStep[] = [];
  const pages: RevokeStep[] = [];
  const chosen = credentials.filter((c) => c.location.type === 'env' && c.location.path);
  for (const c of chosen) {
    if (c.location.type !== 'env' || !c.location.path) continue;
    const path = c.location.path;
    const variable = c.location.variable;
    const dialect = SHELL_FILES.find((f) => f.name === c.details.file)?.dialect ?? 'sh';
    const r = await readWith(path, assignmentParser(dialect), assignmentsSchema, { allowEmpty: true, lossy: true });
    // Every line that assigns this variable (`X=`, `export X=`, `set -gx X`), each removed by its own key.
    const keys = r.status === 'ok' ? [...new Set(r.data.filter((a) => redactName(a.name) === variable).map((a) => a.key))] : [];
    for (const key of keys) steps.push({ kind: 'delete-entry', path, entry: key, format: 'line', root: dirname(path) === ctx.home ? ctx.home : dirname(path), description: `the ${c.location.variable} line(s); the rest of the file stays` });
    const url = typeof c.details.revokeUrl === 'string' ? c.details.revokeUrl : undefined;
    if (url && !pages.some((p) => p.kind === 'open-url' && p.url === url)) pages.push({ kind: 'open-url', url, description: `revoke the ${c.location.variable} key at its provider` });
  }
  return {
    sourceId: SOURCE.id,
    credentialIds: chosen.map((c) => c.id),
    steps: [...steps, ...pages],
    doesNotCover: [
      'Shells already running keep the variable until they are restarted.',
      'Removing the line does not revoke the key: it stays valid at its provider until you delete it there.',
    ],
  };
}

export const shellSource: CredentialSource = { id: SOURCE.id, tool: SOURCE.tool, read, revokePlan };
