/**
 * Finds and reads `.keysweep.json`. A missing default file means defaults; a broken one is an error, never ignored.
 * It is opened the way every file a workspace names is (src/workspace/read-regular.ts): not through a symlink (a
 * repository could point it anywhere), not blocking on a FIFO, and not at all past CONFIG_MAX_BYTES.
 */
import { join } from 'node:path';
import { printable } from '../engine/printable';
import { readRegularFile } from '../workspace/read-regular';
import { CONFIG_FILE_NAME, CONFIG_MAX_BYTES, defaultConfig, parseConfig, type KeysweepConfig } from './keysweep-config';

export async function loadConfig(options: { explicitPath?: string; searchDir: string }): Promise<{ config: KeysweepConfig; path?: string }> {
  const path = options.explicitPath ?? join(options.searchDir, CONFIG_FILE_NAME);
  const shown = printable(path);
  const read = await readRegularFile(path, CONFIG_MAX_BYTES);
  if (!read.ok) {
    if (!options.explicitPath && read.code === 'absent') return { config: defaultConfig() };
    const reason =
      read.code === 'symlink'
        ? 'it is a symlink, which Keysweep does not follow for its config (pass the real file with --config)'
        : read.code === 'too-large'
          ? `it is larger than ${CONFIG_MAX_BYTES} bytes, the limit for a config file`
          : read.code === 'not-a-file' && read.reason.startsWith('a folder')
            ? 'it is a directory'
            : read.reason;
    throw new Error(`cannot read config ${shown}: ${reason}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    throw new Error(`config ${shown} is not valid UTF-8`);
  }
  return { config: parseConfig(text, shown), path };
}
