import type { RuleSpec } from '../engine/types';

export const codehostsRules: RuleSpec[] = [];
