/** `npm start`: generates the demo workspace in a temp folder and runs `keysweep scan` over it. */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoWorkspace } from './demo-workspace';

const dir = join(tmpdir(), 'keysweep-demo');
createDemoWorkspace(dir);
console.log(`Demo workspace with planted keys: ${dir}\n$ cd ${dir} && keysweep scan .\n`);
const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'scan', '.'], { cwd: dir, stdio: 'inherit' });
// Findings are the point of the demo: exit 1 ("keys found") is success here.
process.exit(result.status === 1 || result.status === 0 ? 0 : (result.status ?? 1));
