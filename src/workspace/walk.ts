/**
 * Walks a tree and decides which files are worth scanning. Skips are counted by reason so every face can say
 * what was not looked at and why. Symlinks are never followed: a link can point out of the tree or into a loop.
 */
import { lstat, opendir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

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
}

export interface WalkOptions {
  skipDirs: ReadonlySet<string>;
  /** Relative-path filter (e.g. the config's allowlist); true means "do not scan". */
  isExcluded?: (relPath: string) => boolean;
  /** Called with each folder that holds a `.git` entry (a repository root). */
  onRepository?: (dir: string) => void;
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
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let handle;
    try {
      handle = await opendir(dir, { bufferSize: 256 });
    } catch {
      skips.unreadable++;
      continue;
    }
    const subdirs: string[] = [];
    try {
      for await (const entry of handle) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name === '.git') options.onRepository?.(dir);
          if (options.skipDirs.has(entry.name)) {
            if (entry.name !== '.git') skips.skippedDir++; // never scanned, not worth reporting
          }
          else if (options.isExcluded?.(`${toPosix(relative(base, full))}/`)) skips.allowlisted++;
          else subdirs.push(full);
        } else if (entry.isFile()) {
          if (entry.name === '.git') options.onRepository?.(dir); // a worktree or submodule
          // Size and content are checked by the reader (one open + fstat there), not with a stat per file here.
          const file = checkFile(full, base, options, skips);
          if (file) yield file;
        } else if (entry.isSymbolicLink()) {
          skips.symlink++;
        } else {
          skips.special++;
        }
      }
    } catch {
      skips.unreadable++;
    }
    // Depth-first in name order keeps output stable between runs.
    stack.push(...subdirs.sort().reverse());
  }
}

function checkFile(full: string, base: string, options: WalkOptions, skips: SkipCounts): WalkedFile | undefined {
  const relPath = toPosix(relative(base, full)) || toPosix(full);
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
