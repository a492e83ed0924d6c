import type { RuleSpec } from '../engine/types';

export const filesRules: RuleSpec[] = [];
