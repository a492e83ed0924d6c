#!/usr/bin/env node
// Runs a command and reports its wall time and the peak resident memory of its whole process tree (code-server,
// extension hosts, Chromium and their helpers included), sampled from /proc every 200 ms: PSS (shared pages shared
// out) and RSS summed (shared pages counted in each process). Exit code: the command's.
//   node test/vscode/measure.mjs node test/integration/run.mjs
import { spawn } from 'node:child_process';
import { treeMemory } from './code-server.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: measure.mjs COMMAND [ARGS…]');
  process.exit(2);
}
const t0 = Date.now();
const child = spawn(cmd, args, { stdio: 'inherit' });
const peak = { rss: 0, pss: 0 };
const timer = setInterval(() => {
  const m = treeMemory(child.pid);
  peak.rss = Math.max(peak.rss, m.rss);
  peak.pss = Math.max(peak.pss, m.pss);
}, 200);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `[measure] ${[cmd, ...args].join(' ')}: ${((Date.now() - t0) / 1000).toFixed(1)} s wall; peak memory of the process tree: ` +
      `${mb(peak.pss)} PSS (${mb(peak.rss)} RSS summed); exit ${code ?? signal}`,
  );
  process.exit(code ?? 1);
});
