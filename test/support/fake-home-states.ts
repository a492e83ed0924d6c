/** Puts every source of a fake home into one state, so each state is one home (and one CLI run). */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeSymlinkLoop, tempHome, writeFiles } from './fake-home';
import { SOURCE_FIXTURES, type Expect, type SourceFixture } from './fake-home-sources';

export type HomeState = 'absent' | 'healthy' | 'expired' | 'world-readable' | 'group-readable' | 'malformed' | 'empty' | 'directory' | 'symlink-loop' | 'unreadable';

export const STATES: HomeState[] = ['absent', 'healthy', 'expired', 'world-readable', 'group-readable', 'malformed', 'empty', 'directory', 'symlink-loop', 'unreadable'];

export function applyState(home: string, f: SourceFixture, state: HomeState): void {
  const main = join(home, f.main);
  switch (state) {
    case 'absent':
      return;
    case 'healthy':
      writeFiles(home, f.healthy());
      return;
    case 'expired':
      writeFiles(home, { ...f.healthy(), ...(f.expired ? { [f.main]: f.expired() } : {}) });
      return;
    case 'world-readable':
    case 'group-readable':
      writeFiles(home, f.healthy());
      chmodSync(main, state === 'world-readable' ? 0o644 : 0o640);
      return;
    case 'malformed':
    case 'empty':
      mkdirSync(dirname(main), { recursive: true });
      writeFileSync(main, state === 'empty' ? '' : f.malformed, { mode: 0o600 });
      return;
    case 'directory':
      mkdirSync(main, { recursive: true });
      return;
    case 'symlink-loop':
      makeSymlinkLoop(home, f.main);
      return;
    case 'unreadable':
      // Readable by nobody but root; the test reads it as an unprivileged user (root reads through chmod 000).
      writeFiles(home, f.healthy());
      chmodSync(main, 0o000);
      return;
  }
}

/** A home with every source in `state`; folders are world-traversable so an unprivileged reader reaches the files. */
export function homeInState(state: HomeState): string {
  const home = tempHome();
  for (const f of SOURCE_FIXTURES) applyState(home, f, state);
  return home;
}

export function expected(f: SourceFixture, state: HomeState): Expect {
  switch (state) {
    case 'absent':
      return 'none';
    case 'healthy':
    case 'expired':
    case 'world-readable':
    case 'group-readable':
      return 'present';
    case 'malformed':
      return f.malformedGives ?? 'malformed';
    case 'empty':
      return f.empty;
    case 'directory':
    case 'symlink-loop':
    case 'unreadable':
      return 'unreadable';
  }
}

/** The problem code each broken state must carry on the source's main item. */
export const STATE_PROBLEM: Partial<Record<HomeState, string>> = {
  expired: 'expired',
  'world-readable': 'world-readable',
  'group-readable': 'group-readable',
  directory: 'not-a-file',
  'symlink-loop': 'symlink-loop',
  unreadable: 'permission-denied',
};
