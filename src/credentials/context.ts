/**
 * The context every source reads against: the home directory (`--home` replaces it), the environment as the tools
 * see it, the platform, the clock, the real keychain probe and `which` on PATH. Tests pass their own probe; the
 * CLI's end-to-end tests point KEYSWEEP_FAKE_KEYCHAIN at a JSON file (test-only, see keychain-fake.ts).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { realExec } from './exec';
import { createKeychainProbe } from './keychain';
import { FAKE_KEYCHAIN_ENV, fileKeychain } from './keychain-fake';
import type { KeychainProbe, SourceContext } from './types';
import { whichOnPath } from './which';

export interface ContextOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  now?: Date;
  keychain?: KeychainProbe;
  which?: SourceContext['which'];
  exec?: SourceContext['exec'];
}

export function createContext(options: ContextOptions = {}): SourceContext {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const fake = env[FAKE_KEYCHAIN_ENV];
  return {
    home: options.home ?? env.HOME ?? homedir(),
    env,
    platform,
    now: options.now ?? new Date(),
    keychain: options.keychain ?? (fake ? fileKeychain(fake) : createKeychainProbe(platform, env)),
    which: options.which ?? ((command) => whichOnPath(command, env, platform)),
    exec: options.exec ?? realExec,
  };
}

/**
 * A path from an environment variable, with a leading `~` or `~/` replaced by the context's home — what tools that
 * run it through Python's `os.path.expanduser` do (the AWS CLI does, for AWS_SHARED_CREDENTIALS_FILE and
 * AWS_CONFIG_FILE). `~user` stays as written: it names another user's home, which `--home` cannot stand for. Only
 * for variables the real tool is known to expand: elsewhere a `~` is a literal folder name.
 */
export function expandHomePrefix(path: string, ctx: Pick<SourceContext, 'home' | 'platform'>): string {
  if (path === '~') return ctx.home;
  const separator = ctx.platform === 'win32' ? /^~[/\\]/ : /^~\//;
  return separator.test(path) ? join(ctx.home, path.slice(2)) : path;
}
