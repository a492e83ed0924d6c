import type { RuleSpec } from '../engine/types';

export const privateKeyRules: RuleSpec[] = [];
