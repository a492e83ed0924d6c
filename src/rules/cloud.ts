import type { RuleSpec } from '../engine/types';

export const cloudRules: RuleSpec[] = [];
