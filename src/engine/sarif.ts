/**
 * Findings -> SARIF 2.1.0 as GitHub code scanning accepts it (DESIGN.md, "Contracts"). The message carries only the
 * masked value; `partialFingerprints["keysweep/v2"]` is the salted scrypt fingerprint of rule + secret
 * (src/engine/redact.ts), so alerts survive lines moving without the fingerprint confirming guesses cheaply.
 */
import { FINGERPRINT_KEY } from './redact';
import { httpUrl } from './http-url';
import type { Finding, RuleSpec } from './types';

export interface SarifFinding extends Finding {
  gitStatus?: 'tracked' | 'untracked' | 'ignored' | 'unknown';
  level?: 'warning' | 'info';
}

export interface SarifOptions {
  toolVersion: string;
  /** Every rule that ran, so `ruleIndex` and the rule metadata are complete. */
  rules: readonly Pick<RuleSpec, 'id' | 'provider' | 'description' | 'revokeUrl'>[];
}

const WHERE: Record<string, string> = {
  tracked: 'in a file tracked by git',
  untracked: 'in a file not yet committed (untracked, not ignored)',
  ignored: 'in a git-ignored file (local only)',
  unknown: 'in a file whose git status is unknown (outside any repository, or git was not run)',
};

export function findingMessage(f: SarifFinding): string {
  const where = WHERE[f.gitStatus ?? 'unknown'];
  return `${f.description} (${f.masked}) ${where}. Revoke or rotate it at ${f.revokeUrl}, then remove it from the file.`;
}

/**
 * A relative path as an RFC 3986 relative reference: each segment percent-encoded (`#`, `?`, `%`, spaces, `:` and
 * non-ASCII included), so `new URL(uri, base)` gives the path back and no name can pass for a query, a fragment or
 * a scheme. encodeURI, used before, left `#` and `?` raw.
 */
export function pathToUriReference(path: string): string {
  // A lone surrogate (possible in a Windows name) has no UTF-8 form and would make encodeURIComponent throw.
  const wellFormed = path.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return wellFormed.split('/').map(encodeURIComponent).join('/');
}

export function toSarif(findings: readonly SarifFinding[], options: SarifOptions): object {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Keysweep',
            semanticVersion: options.toolVersion,
            rules: options.rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} (${r.provider}). Revoke or rotate at ${r.revokeUrl}.` },
              ...(httpUrl(r.revokeUrl) ? { helpUri: httpUrl(r.revokeUrl) } : {}),
              help: { text: `A credential issued by ${r.provider}, found in a file. Revoke or rotate it at ${r.revokeUrl}, move the new value into the environment or a secret store, and remove it from the file and its history.` },
              defaultConfiguration: { level: 'warning' },
              properties: { tags: ['security', 'secret', r.provider], provider: r.provider, 'security-severity': '8.0' },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: f.level === 'info' ? 'note' : 'warning',
          message: { text: findingMessage(f) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: pathToUriReference(f.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
          properties: { provider: f.provider, masked: f.masked, gitStatus: f.gitStatus ?? 'unknown' },
        })),
      },
    ],
  };
}
