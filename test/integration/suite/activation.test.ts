import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activateKeysweep, EXTENSION_ID, fixture } from './helpers';

suite('Activation', () => {
  test('the fixture workspace is open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'one workspace folder');
    assert.equal(folders[0]!.uri.fsPath, fixture().dir);
    assert.ok(existsSync(join(fixture().dir, 'src', 'openai-client.ts')), 'planted files exist');
  });

  test(`${EXTENSION_ID} activates`, async () => {
    const ext = await activateKeysweep();
    assert.equal(ext.isActive, true);
  });

  test('the command keysweep.scanWorkspace is registered', async () => {
    await activateKeysweep();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('keysweep.scanWorkspace'), 'keysweep.scanWorkspace is among the registered commands');
  });
});
