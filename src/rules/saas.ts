import type { RuleSpec } from '../engine/types';

export const saasRules: RuleSpec[] = [];
