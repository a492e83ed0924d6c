/** The engine's public surface: everything the CLI, the language server and the workspace scanner use. */
export { compileRule, compileRuleSet, indexRules, RuleCompileError } from './compile';
export { scanText } from './scan';
export { mask, fingerprint, legacyFingerprint, namedScheme, DEFAULT_SCHEME, SESSION_SCHEME, type FingerprintScheme, type StableScheme } from './redact';
export { applyBaseline, IGNORE_DIRECTIVE, isIgnoredByComment, type BaselineSets } from './ignore';
export type { CompiledRule, CompiledRuleSet, Finding, RuleExample, RuleSpec, ValidatorName } from './types';
