// Entry bundled by bench/scan.mjs (with esbuild, into .bench-cache/run/) so the peers are configured from the same
// source as Keysweep: ripgrep searches for every built-in rule keyword, and both peers skip the file extensions that
// Keysweep's walker skips.
import { builtinRules } from '../src/rules';
import { hasBinaryExtension } from '../src/workspace/walk';

export const ruleCount = builtinRules.length;
export const keywords = [...new Set(builtinRules.flatMap((rule) => rule.keywords))];
export { hasBinaryExtension };
