/** Worker-thread entry (bundled as dist/scan-worker.js): compiles the rules once, then scans batches on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { KeysweepConfig } from '../config/keysweep-config';
import { batchContext, scanBatch, WORKER_BATCH_BYTES, type FingerprintOptions } from './scan-files';
import type { WalkedFile } from './walk';

interface WorkerInit {
  config: KeysweepConfig;
  trustWorkspaceConfig: boolean;
  fingerprints: FingerprintOptions;
}

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const ctx = batchContext(init.config, init.trustWorkspaceConfig, init.fingerprints);
  port.on('message', (batch: WalkedFile[]) => {
    port.postMessage(scanBatch(batch, ctx, WORKER_BATCH_BYTES));
  });
}
