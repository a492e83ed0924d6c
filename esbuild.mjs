// Bundles: the extension (vscode is provided by the host), the language server, the CLI, and the scan worker that
// the workspace scanner starts in worker threads. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
// --production: minified bundles for the .vsix (the tests run the readable ones).
const production = process.argv.includes('--production');

/**
 * Rule examples are test data (templates of keys and look-alikes): they stay out of every bundle. Besides size, a
 * shipped placeholder like "xoxb-your-bot-token" is what secret scanners (vsce's own among them) flag.
 */
const stripRuleExamples = {
  name: 'strip-rule-examples',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]rules[\\/][^\\/]+\.ts$/ }, (args) => {
      if (args.path.endsWith('example-template.ts')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const dropExamples = (context) => (root) => {
        const visit = (node) => {
          if (ts.isObjectLiteralExpression(node)) {
            const kept = node.properties.filter((p) => !(ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'examples'));
            node = context.factory.updateObjectLiteralExpression(node, kept);
          }
          return ts.visitEachChild(node, visit, context);
        };
        return ts.visitNode(root, visit);
      };
      const out = ts.transpileModule(source, {
        fileName: args.path,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
        transformers: { before: [dropExamples] },
      });
      return { contents: out.outputText, loader: 'js' };
    });
  },
};

const common = {
  plugins: [stripRuleExamples],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.KEYSWEEP_VERSION': JSON.stringify(version) },
};

const builds = [
  { entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'src/server/server.ts' } },
  { entryPoints: { cli: 'src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { 'scan-worker': 'src/workspace/scan-worker.ts' } },
].map((b) => ({ ...common, outdir: 'dist', ...b }));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  // Every bundle is attempted, so one broken entry does not leave the others stale; any failure fails the build.
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  for (const f of failed) console.error(f.reason?.message ?? f.reason);
  if (failed.length) process.exit(1);
}
