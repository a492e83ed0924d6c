/** Expands a rule's example templates into concrete texts, deterministically per rule and example. */
import type { RuleExample, RuleSpec } from '../../src/engine/types';
import { expandTemplate, seedFrom, seededRandom } from '../../src/rules/example-template';

export interface ConcreteExample {
  path: string;
  text: string;
}

export function concreteExample(rule: RuleSpec, example: RuleExample, index: number, kind: string): ConcreteExample {
  const rand = seededRandom(seedFrom(`${rule.id}:${kind}:${index}`));
  const template = typeof example === 'string' ? { path: 'example.txt', text: example } : example;
  return { path: template.path, text: expandTemplate(template.text, rand) };
}
