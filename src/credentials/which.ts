/**
 * `which`: the absolute path of an executable on PATH, as a shell would find it (PATHEXT on Windows) — except that
 * only absolute PATH entries count: `.`, an empty entry or a relative one names the current folder, which may be a
 * workspace that planted its own `npm` or `codex` for a revoke to run.
 */
import { constants, promises as fsp } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export async function whichOnPath(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
  if (!command || command.includes('/') || command.includes('\\')) return isAbsolute(command) && (await isExecutable(command, platform)) ? command : undefined;
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter((dir) => dir && isAbsolute(dir));
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (await isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

async function isExecutable(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const st = await fsp.stat(path);
    if (!st.isFile()) return false;
    if (platform === 'win32') return true;
    await fsp.access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
