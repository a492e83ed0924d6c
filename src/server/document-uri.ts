/**
 * The local path a document's URI names, or undefined when it names none: untitled: buffers and notebook cells, a
 * file URI with a remote host (file://host/share on POSIX), an encoded separator (%2F) or NUL, a malformed escape.
 * Such a document is scanned like one outside every folder: built-in rules, git status unknown. Never throws: the
 * URI comes from the client, and fileURLToPath throwing in a timer used to end the server.
 */
import { fileURLToPath } from 'node:url';

export function localPath(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    const path = fileURLToPath(uri);
    return path.includes('\0') ? undefined : path;
  } catch {
    return undefined;
  }
}
