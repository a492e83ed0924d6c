// The architecture gate (DESIGN.md, "Layout"): only src/extension/ imports `vscode`; only src/server/,
// src/extension/ and src/protocol.ts import the LSP libraries. Uses TypeScript's own parser, so every import form
// (static, dynamic, require, export-from) is seen.
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const LSP = /^vscode-languageserver|^vscode-languageclient|^vscode-jsonrpc/;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|mts|cts)$/.test(name) ? [full] : [];
  });
}

function importsOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push(node.arguments[0].text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) found.push(e.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const problems = [];
for (const file of files(join(root, 'src'))) {
  const rel = relative(root, file).split(sep).join('/');
  const inExtension = rel.startsWith('src/extension/');
  const lspAllowed = inExtension || rel.startsWith('src/server/') || rel === 'src/protocol.ts';
  for (const spec of importsOf(file)) {
    if (spec === 'vscode' && !inExtension) problems.push(`${rel}: imports "vscode"; only src/extension/ may`);
    if (LSP.test(spec) && !lspAllowed) problems.push(`${rel}: imports "${spec}"; only src/server/, src/extension/ and src/protocol.ts may`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} forbidden import(s)`);
  process.exit(1);
}
console.log('lint: imports respect the layout');
