/**
 * The rules a scan runs: the built-ins minus the disabled ones, plus a workspace's custom rules and allowlist
 * regexes — the latter only when the workspace is trusted, and always through the defensive compiler.
 */
import { compileRule, indexRules, RuleCompileError } from '../engine/compile';
import type { CompiledRule, CompiledRuleSet, RuleSpec } from '../engine/types';
import { builtinRules } from '../rules';
import type { KeysweepConfig } from './keysweep-config';

export interface RuleSetOptions {
  /** False in an untrusted VS Code workspace: built-in rules only, nothing from the workspace's config runs. */
  trustWorkspaceConfig: boolean;
}

function customToSpec(rule: KeysweepConfig['rules'][number]): RuleSpec {
  return {
    id: rule.id,
    provider: rule.provider,
    description: rule.description,
    revokeUrl: rule.revokeUrl,
    keywords: rule.keywords.map((k) => k.toLowerCase()),
    pattern: rule.pattern,
    flags: rule.flags,
    path: rule.path,
    entropy: rule.entropy,
    allow: rule.allow,
    examples: { positive: [], negative: [] },
  };
}

export function buildRuleSet(config: KeysweepConfig, options: RuleSetOptions = { trustWorkspaceConfig: true }): CompiledRuleSet {
  const trusted = options.trustWorkspaceConfig;
  const disabled = new Set(trusted ? config.disabledRules : []);
  const extraAllow = trusted ? config.allowlist.regexes : [];
  // Allowlist regexes come from the workspace: vet them like custom patterns before attaching them to every rule.
  extraAllow.forEach((source, i) =>
    compileRule(
      { id: `allowlist-${i + 1}`, provider: '', description: '', revokeUrl: '', keywords: ['xx'], pattern: source, examples: { positive: [], negative: [] } },
      { untrusted: true },
    ),
  );
  const extraAllowRegexes = extraAllow.map((source) => new RegExp(source, 'i'));
  const builtins: CompiledRule[] = builtinRules
    .filter((spec) => !disabled.has(spec.id))
    .map((spec) => {
      const compiled = compileRule(spec);
      return extraAllowRegexes.length ? { ...compiled, allow: [...compiled.allow, ...extraAllowRegexes] } : compiled;
    });
  // Custom rules go first: where one overlaps a built-in finding, the user's own rule names it.
  const custom: CompiledRule[] = [];
  if (trusted) {
    const ids = new Set(builtinRules.map((r) => r.id));
    for (const rule of config.rules) {
      if (ids.has(rule.id)) throw new RuleCompileError(rule.id, 'a custom rule cannot reuse a built-in rule id');
      ids.add(rule.id);
      const compiled = compileRule(customToSpec(rule), { untrusted: true });
      custom.push(extraAllowRegexes.length ? { ...compiled, allow: [...compiled.allow, ...extraAllowRegexes] } : compiled);
    }
  }
  return indexRules([...custom, ...builtins]);
}
