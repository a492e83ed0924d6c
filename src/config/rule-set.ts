/**
 * The rules a scan runs: the built-ins minus the disabled ones, plus a workspace's custom rules and allowlist
 * regexes — the latter only when the workspace is trusted, and always on the linear-time engine.
 */
import { compileAllowlistRegex, compileRule, indexRules, RuleCompileError } from '../engine/compile';
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
  const allowlist = trusted ? config.allowlist.regexes.map((source, i) => compileAllowlistRegex(source, i)) : [];
  // Custom rules go first: where two custom rules overlap, the one listed first names the finding (scanText also
  // relies on this order to know, before the built-ins run, whether any custom rule found something).
  const custom: CompiledRule[] = [];
  if (trusted) {
    const ids = new Set(builtinRules.map((r) => r.id));
    for (const rule of config.rules) {
      if (ids.has(rule.id)) throw new RuleCompileError(rule.id, 'a custom rule cannot reuse a built-in rule id');
      ids.add(rule.id);
      custom.push(compileRule(customToSpec(rule), { untrusted: true }));
    }
  }
  const builtins = builtinRules.filter((spec) => !disabled.has(spec.id)).map((spec) => compileRule(spec));
  // A disabled built-in still keeps custom rules off what it detects (see CompiledRule.shieldOnly); it runs only
  // when there are custom rules, and last.
  const shields = custom.length
    ? builtinRules.filter((spec) => disabled.has(spec.id)).map((spec) => ({ ...compileRule(spec), shieldOnly: true }))
    : [];
  return indexRules([...custom, ...builtins, ...shields], allowlist);
}
