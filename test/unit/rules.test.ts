/** Every built-in rule's own examples: positives are found by that rule, negatives are not (gitleaks' habit). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRuleSet, scanText } from '../../src/engine';
import { builtinRules } from '../../src/rules';
import { concreteExample } from '../support/rule-examples';

const ruleSet = compileRuleSet(builtinRules);

describe('built-in rules', () => {
  it('has at least 120 rules with unique ids, keywords, a revoke page and examples of both kinds', () => {
    assert.ok(builtinRules.length >= 120, `only ${builtinRules.length} rules`);
    for (const rule of builtinRules) {
      assert.ok(rule.examples.positive.length > 0, `${rule.id}: no positive example`);
      assert.ok(rule.examples.negative.length > 0, `${rule.id}: no negative example`);
      assert.match(rule.revokeUrl, /^https:\/\//, `${rule.id}: revokeUrl`);
      assert.ok(rule.provider && rule.description, `${rule.id}: provider/description`);
    }
  });

  for (const rule of builtinRules) {
    it(`${rule.id}: finds its positive examples and none of its negative ones`, () => {
      rule.examples.positive.forEach((example, i) => {
        const { path, text } = concreteExample(rule, example, i, 'positive');
        const found = scanText(text, path, ruleSet).filter((f) => f.ruleId === rule.id);
        assert.ok(found.length > 0, `${rule.id}: positive example ${i} not found:\n${text}\nfindings: ${JSON.stringify(scanText(text, path, ruleSet).map((f) => f.ruleId))}`);
      });
      rule.examples.negative.forEach((example, i) => {
        const { path, text } = concreteExample(rule, example, i, 'negative');
        const found = scanText(text, path, ruleSet).filter((f) => f.ruleId === rule.id);
        assert.equal(found.length, 0, `${rule.id}: negative example ${i} reported:\n${text}`);
      });
    });
  }
});
