/** Finds and reads `.keysweep.json`. A missing default file means defaults; a broken one is an error, never ignored. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, defaultConfig, parseConfig, type KeysweepConfig } from './keysweep-config';

export async function loadConfig(options: { explicitPath?: string; searchDir: string }): Promise<{ config: KeysweepConfig; path?: string }> {
  const path = options.explicitPath ?? join(options.searchDir, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!options.explicitPath && code === 'ENOENT') return { config: defaultConfig() };
    throw new Error(`cannot read config ${path}: ${code === 'EISDIR' ? 'it is a directory' : code ?? 'error'}`);
  }
  return { config: parseConfig(text, path), path };
}
