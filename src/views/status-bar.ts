/** The status-bar shield: keys in the repository plus local-credential problems. */
import type { LocalCredential } from '../credentials/types';
import type { WireFinding } from '../protocol';

export interface StatusBarModel {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function statusBarModel(findings: readonly WireFinding[], credentials: readonly LocalCredential[]): StatusBarModel {
  const inRepo = findings.filter((f) => f.level === 'warning').length;
  const localOnly = findings.length - inRepo;
  const credentialProblems = credentials.reduce((n, c) => n + c.problems.filter((p) => p.severity !== 'info').length, 0);
  const total = inRepo + credentialProblems;
  return {
    text: total ? `$(shield) ${total}` : '$(shield) 0',
    tooltip: [
      'Keysweep',
      `${inRepo} key${inRepo === 1 ? '' : 's'} in tracked or committable files`,
      `${localOnly} in git-ignored files (local only)`,
      `${credentialProblems} local-credential problem${credentialProblems === 1 ? '' : 's'}`,
      'Click to open the Keysweep sidebar',
    ].join('\n'),
    warning: total > 0,
  };
}
