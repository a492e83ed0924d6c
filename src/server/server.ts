/**
 * The language server (grows in the extension issue). For now: diagnostics for open documents from the engine,
 * with the masked value only.
 */
import { createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../config/keysweep-config';
import { buildRuleSet } from '../config/rule-set';
import { scanText } from '../engine/scan';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const ruleSet = buildRuleSet(defaultConfig(), { trustWorkspaceConfig: false });

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const findings = scanText(document.getText(), document.uri, ruleSet);
  void connection.sendDiagnostics({
    uri: document.uri,
    diagnostics: findings.map((f) => ({
      range: { start: document.positionAt(f.start), end: document.positionAt(f.end) },
      severity: DiagnosticSeverity.Warning,
      source: 'keysweep',
      code: f.ruleId,
      message: `${f.provider}: ${f.description} (${f.masked})`,
    })),
  });
});

documents.listen(connection);
connection.listen();
