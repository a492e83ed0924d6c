/**
 * Walks a tree and decides which files are worth scanning. Skips are counted by reason so every face can say
 * what was not looked at and why. Symlinks are never followed: a link can point out of the tree or into a loop.
 */
import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { unreadableReason } from './read-file';
import { describeOpenError } from './read-regular';

/** Folders of dependencies, build output and caches: large, rarely the place a developer pastes a key. */
export const DEFAULT_SKIP_DIRS = [
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages', 'vendor', '.venv', 'venv', '__pycache__',
  '.tox', '.mypy_cache', '.pytest_cache', '.gradle', '.m2', 'target', 'dist', 'build', 'out', '.next', '.nuxt',
  '.svelte-kit', '.turbo', '.parcel-cache', '.cache', 'coverage', '.nyc_output', '.terraform', '.vscode-test',
  '.idea', 'Pods', 'DerivedData',
];

/** Extensions that are binary or generated data; a content check catches the rest. */
const BINARY_EXTENSIONS = new Set(
  ('png jpg jpeg gif bmp ico icns webp avif tiff psd svgz mp3 mp4 m4a wav ogg flac avi mov mkv webm woff woff2 ttf otf eot ' +
    'zip gz tgz bz2 xz 7z rar zst tar jar war ear class dll exe so dylib a o obj lib bin dat db sqlite sqlite3 ' +
    'pdf doc docx xls xlsx ppt pptx wasm pyc pyo node map lockb').split(' '),
);

export type SkipReason = 'skippedDir' | 'binary' | 'tooLarge' | 'symlink' | 'unreadable' | 'allowlisted' | 'special';

export interface WalkedFile {
  /** Absolute path. */
  path: string;
  /** Relative to the walk root, forward slashes. */
  relPath: string;
  /**
   * The path's bytes, when a name on it is not valid UTF-8: the string forms above show U+FFFD in its place and name
   * no file, so the file is opened by these bytes (a name must not hide a file from the scan).
   */
  rawPath?: Uint8Array;
}

/** What the walk needs of a folder entry (a Dirent, or one listed by bytes with its name decoded for display). */
interface Entry {
  name: string;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * A folder's entries. When a name is not valid UTF-8 (readdir shows U+FFFD) or the folder itself was reached by bytes,
 * it is listed again by bytes, and `raws` holds each such entry's full path as bytes.
 */
async function listFolder(dir: string, raw: Buffer | undefined): Promise<{ entries: Entry[]; raws?: Array<Buffer | undefined> }> {
  if (!raw) {
    const entries = await readdir(dir, { withFileTypes: true });
    if (!entries.some((e) => e.name.includes('\ufffd'))) return { entries };
  }
  const base = raw ?? Buffer.from(dir);
  const listed = await readdir(base, { withFileTypes: true, encoding: 'buffer' });
  const raws: Array<Buffer | undefined> = [];
  const entries = listed.map((e): Entry => {
    const name = e.name.toString('utf8');
    raws.push(raw || !Buffer.from(name).equals(e.name) ? Buffer.concat([base, Buffer.from(sep), e.name]) : undefined);
    return { name, isDirectory: () => e.isDirectory(), isFile: () => e.isFile(), isSymbolicLink: () => e.isSymbolicLink() };
  });
  return { entries, raws };
}

/** A file or folder that could not be read: where (relative, forward slashes) and why in a few words. */
export interface UnreadableEntry {
  path: string;
  /** "path too long", "permission denied", "not found", "cannot be read (EIO)"… never contents. */
  reason: string;
  /** The errno behind it, when there was one (ENAMETOOLONG, EACCES…). */
  errno?: string;
}

export interface WalkOptions {
  skipDirs: ReadonlySet<string>;
  /** Relative-path filter (e.g. the config's allowlist); true means "do not scan". */
  isExcluded?: (relPath: string) => boolean;
  /** Called with each folder that holds a `.git` entry (a repository root). */
  onRepository?: (dir: string) => void;
  /** Called with each folder that could not be listed (it is also counted as unreadable). */
  onUnreadable?: (entry: UnreadableEntry) => void;
}

export type SkipCounts = Record<SkipReason, number>;

export function emptySkipCounts(): SkipCounts {
  return { skippedDir: 0, binary: 0, tooLarge: 0, symlink: 0, unreadable: 0, allowlisted: 0, special: 0 };
}

export function hasBinaryExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Yields the files to scan under `root` (a file or a folder). Errors on single entries are counted as unreadable;
 * only a missing or unreadable root throws.
 */
export async function* walk(root: string, base: string, options: WalkOptions, skips: SkipCounts): AsyncGenerator<WalkedFile> {
  const rootStat = await lstat(root);
  if (rootStat.isFile()) {
    const file = checkFile(root, base, options, skips);
    if (file) yield file;
    return;
  }
  if (!rootStat.isDirectory()) {
    skips[rootStat.isSymbolicLink() ? 'symlink' : 'special']++;
    return;
  }
  // Relative paths are built by appending names, one string concatenation per entry instead of a path.relative;
  // exact unless the scan base lies strictly inside this root, where `relative` folds the path (then it is used).
  const baseInside = relative(root, base);
  const appendNames = baseInside === '' || baseInside === '..' || baseInside.startsWith(`..${sep}`) || isAbsolute(baseInside);
  const relOf = (full: string, parentRel: string | undefined, name: string): string =>
    appendNames ? (parentRel ? `${parentRel}/${name}` : name) : toPosix(relative(base, full));
  const stack: Array<{ dir: string; rel: string; raw?: Buffer }> = [{ dir: root, rel: appendNames ? toPosix(relative(base, root)) : '' }];
  while (stack.length > 0) {
    const { dir, rel, raw } = stack.pop()!;
    let entries: Entry[];
    let raws: Array<Buffer | undefined> | undefined;
    try {
      // One call per folder: an async iterator over the folder costs a promise per entry.
      ({ entries, raws } = await listFolder(dir, raw));
    } catch (err) {
      // A folder past PATH_MAX (ENAMETOOLONG) or without permission: listed with the reason, and the walk goes on
      // with its siblings.
      skips.unreadable++;
      const failure = describeOpenError(err);
      options.onUnreadable?.({ path: rel || toPosix(dir), reason: unreadableReason(failure), ...(failure.errno ? { errno: failure.errno } : {}) });
      continue;
    }
    const subdirs: Array<{ dir: string; rel: string; raw?: Buffer }> = [];
    for (const [i, entry] of entries.entries()) {
      try {
        const name = entry.name;
        const rawFull = raws?.[i];
        const full = join(dir, name);
        if (entry.isDirectory()) {
          if (name === '.git') options.onRepository?.(dir);
          if (options.skipDirs.has(name)) {
            if (name !== '.git') skips.skippedDir++; // never scanned, not worth reporting
            continue;
          }
          const subRel = relOf(full, rel, name);
          if (options.isExcluded?.(`${subRel}/`)) skips.allowlisted++;
          else subdirs.push({ dir: full, rel: subRel, ...(rawFull ? { raw: rawFull } : {}) });
        } else if (entry.isFile()) {
          if (name === '.git') options.onRepository?.(dir); // a worktree or submodule
          // Size and content are checked by the reader (one open + fstat there), not with a stat per file here.
          const file = acceptFile(full, relOf(full, rel, name) || toPosix(full), options, skips);
          if (file) yield rawFull ? { ...file, rawPath: rawFull } : file;
        } else if (entry.isSymbolicLink()) {
          skips.symlink++;
        } else {
          skips.special++;
        }
      } catch {
        skips.unreadable++; // an entry that could not be handled is skipped; the rest of the folder still is walked
      }
    }
    // Depth-first in name order keeps output stable between runs.
    stack.push(...subdirs.sort((x, y) => (x.dir < y.dir ? 1 : x.dir > y.dir ? -1 : 0)));
  }
}

function checkFile(full: string, base: string, options: WalkOptions, skips: SkipCounts): WalkedFile | undefined {
  return acceptFile(full, toPosix(relative(base, full)) || toPosix(full), options, skips);
}

function acceptFile(full: string, relPath: string, options: WalkOptions, skips: SkipCounts): WalkedFile | undefined {
  if (options.isExcluded?.(relPath)) {
    skips.allowlisted++;
    return undefined;
  }
  if (hasBinaryExtension(relPath)) {
    skips.binary++;
    return undefined;
  }
  return { path: full, relPath };
}
