/**
 * Runs work that may never finish (a regex with catastrophic backtracking cannot be interrupted by synchronous code)
 * in a worker thread, one item at a time: an item with no answer within `perItemMs` is reported as hung with its
 * label, the worker is terminated, and a new one goes on at the next item. So a hang is a test failure naming what
 * hung, not a stuck test run.
 *
 * The worker loads `module` (a TypeScript file, through tsx) and must post one message per item, in order; see
 * `workerItems(__filename)`.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export async function runEachInWorker<I, R>(
  module: string,
  items: readonly I[],
  perItemMs: number,
  label: (item: I) => string,
): Promise<{ results: R[]; hung: string[] }> {
  const results: R[] = [];
  const hung: string[] = [];
  let next = 0;
  while (next < items.length) {
    // Run from source: load tsx's CommonJS hook in the worker, then the module (whose tail does the work).
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(module)});`, {
      eval: true,
      workerData: { module, items: items.slice(next) },
    });
    await new Promise<void>((resolve) => {
      const onTimeout = (): void => {
        hung.push(`${label(items[next]!)}: no result within ${perItemMs} ms`);
        next++;
        void worker.terminate();
      };
      let timer = setTimeout(onTimeout, perItemMs);
      worker.on('message', (r: R) => {
        results.push(r);
        next++;
        clearTimeout(timer);
        timer = setTimeout(onTimeout, perItemMs);
      });
      worker.on('error', (err) => {
        hung.push(`${items[next] === undefined ? '?' : label(items[next]!)}: ${err.message}`);
        next++;
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return { results, hung };
}

/**
 * In a worker that runEachInWorker started for `module` (pass `__filename`): the items to work through; undefined
 * anywhere else, including in other modules the worker happens to load.
 */
export function workerItems<I>(module: string): I[] | undefined {
  if (isMainThread || !parentPort) return undefined;
  const data = workerData as { module?: string; items?: I[] } | undefined;
  return data?.module === module ? data.items : undefined;
}

/** In a worker: posts one item's result. */
export function postResult(result: unknown): void {
  parentPort?.postMessage(result);
}
