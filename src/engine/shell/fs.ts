// In-memory POSIX-like filesystem of one shell session.
// Errors are returned as the bare strerror text ("No such file or directory"); the caller
// prefixes it the way its tool does (`cat: x: …`, `bash: x: …`).

import type { FileSystem } from './types.ts';

export const ENOENT = 'No such file or directory';
export const ENOTDIR = 'Not a directory';
export const EISDIR = 'Is a directory';
export const EEXIST = 'File exists';
export const ENOTEMPTY = 'Directory not empty';
export const EBUSY = 'Device or resource busy';

type Node =
  | { kind: 'dir'; children: Map<string, Node>; mtime: number }
  | { kind: 'file'; data: string; mtime: number }
  // Character devices: /dev/null swallows writes and reads as empty.
  | { kind: 'null'; mtime: number };

/** What `ls -l` and `test` need to know about a path. */
export interface FileStat {
  type: 'file' | 'dir' | 'char';
  size: number;
  /** Modification time, ms since the epoch (UTC) by the filesystem's clock. */
  mtime: number;
  /** Directories: 2 + subdirectories, as on ext4. */
  links: number;
}

type Lookup = { node: Node } | { error: string };

export interface MemoryFileSystemOptions {
  /** Home and initial working directory (default /root). */
  home?: string;
  /** Files to create, absolute path → contents (parent directories are created). */
  files?: Record<string, string>;
  /** Clock for modification times (ms since the epoch); the simulation passes its own. */
  now?: () => number;
}

/** Split an absolute, normalized path into its components. */
function components(abs: string): string[] {
  return abs.split('/').filter((c) => c !== '');
}

/** Lexically normalize `path` against `base` (both may contain `.` and `..`). */
export function normalizePath(path: string, base: string): string {
  const start = path.startsWith('/') ? [] : components(base);
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') start.pop();
    else start.push(c);
  }
  return '/' + start.join('/');
}

export class MemoryFileSystem implements FileSystem {
  private readonly root: Node;
  private current: string;
  readonly home: string;
  private readonly now: () => number;

  constructor(opts: MemoryFileSystemOptions = {}) {
    this.now = opts.now ?? (() => 0);
    this.root = this.dir();
    this.home = opts.home ?? '/root';
    for (const d of [this.home, '/tmp', '/dev']) this.mkdir(d, true);
    const devDir = this.lookup('/dev');
    if ('node' in devDir && devDir.node.kind === 'dir') devDir.node.children.set('null', { kind: 'null', mtime: this.now() });
    this.current = this.home;
    for (const [path, data] of Object.entries(opts.files ?? {})) {
      const parent = normalizePath(path, '/').replace(/\/[^/]*$/, '') || '/';
      this.mkdir(parent, true);
      this.writeFile(path, data);
    }
  }

  cwd(): string {
    return this.current;
  }

  chdir(path: string): string | undefined {
    const abs = this.resolve(path);
    const found = this.lookup(abs);
    if ('error' in found) return found.error;
    if (found.node.kind !== 'dir') return ENOTDIR;
    this.current = abs;
    return undefined;
  }

  resolve(path: string): string {
    return normalizePath(path, this.current);
  }

  /** Walk to `path`; a trailing slash demands a directory, as the kernel does. */
  private lookup(path: string): Lookup {
    let node: Node = this.root;
    const parts = components(this.resolve(path));
    for (const part of parts) {
      if (node.kind !== 'dir') return { error: ENOTDIR };
      const next = node.children.get(part);
      if (!next) return { error: ENOENT };
      node = next;
    }
    if (path.endsWith('/') && node.kind !== 'dir') return { error: ENOTDIR };
    return { node };
  }

  /** The directory that would hold `path`, and the last component's name. */
  private parentOf(path: string): { dir: Map<string, Node>; name: string } | { error: string } {
    const abs = this.resolve(path);
    const parts = components(abs);
    const name = parts.pop();
    if (name === undefined) return { error: EISDIR };
    const parent = this.lookup('/' + parts.join('/'));
    if ('error' in parent) return parent;
    if (parent.node.kind !== 'dir') return { error: ENOTDIR };
    return { dir: parent.node.children, name };
  }

  readFile(path: string): string | undefined {
    const found = this.lookup(path);
    if ('error' in found) return undefined;
    if (found.node.kind === 'file') return found.node.data;
    if (found.node.kind === 'null') return '';
    return undefined;
  }

  /** Like readFile, but says why not (for messages such as `cat: x: Is a directory`). */
  readFileOrError(path: string): { data: string } | { error: string } {
    return readOrError(this, path);
  }

  writeFile(path: string, data: string, append = false): string | undefined {
    const existing = this.lookup(path);
    if ('node' in existing) {
      const node = existing.node;
      if (node.kind === 'dir') return EISDIR;
      if (node.kind === 'null') return undefined;
      node.data = append ? node.data + data : data;
      node.mtime = this.now();
      return undefined;
    }
    if (path.endsWith('/')) return existing.error === ENOENT ? EISDIR : existing.error;
    const parent = this.parentOf(path);
    if ('error' in parent) return parent.error;
    parent.dir.set(parent.name, { kind: 'file', data, mtime: this.now() });
    return undefined;
  }

  remove(path: string, opts: { recursive?: boolean; force?: boolean } = {}): string | undefined {
    const found = this.lookup(path);
    if ('error' in found) return opts.force && found.error === ENOENT ? undefined : found.error;
    if (found.node.kind === 'dir') {
      if (!opts.recursive) return EISDIR;
      if (this.resolve(path) === '/') return EBUSY;
    }
    const parent = this.parentOf(path);
    if ('error' in parent) return parent.error;
    parent.dir.delete(parent.name);
    // Removing the working directory leaves the shell in a deleted directory, as on Linux;
    // we keep the path so `pwd` still prints it.
    return undefined;
  }

  list(path: string): string[] | undefined {
    const found = this.lookup(path);
    if ('error' in found || found.node.kind !== 'dir') return undefined;
    return [...found.node.children.keys()].sort(byteOrder);
  }

  isDirectory(path: string): boolean {
    const found = this.lookup(path);
    return 'node' in found && found.node.kind === 'dir';
  }

  exists(path: string): boolean {
    return 'node' in this.lookup(path);
  }

  mkdir(path: string, parents = false): string | undefined {
    if (parents) {
      let at = '';
      for (const part of components(this.resolve(path))) {
        at += '/' + part;
        const found = this.lookup(at);
        if ('node' in found) {
          if (found.node.kind !== 'dir') return at === this.resolve(path) ? EEXIST : ENOTDIR;
          continue;
        }
        const err = this.mkdir(at, false);
        if (err) return err;
      }
      return undefined;
    }
    if (this.exists(path)) return EEXIST;
    const parent = this.parentOf(path);
    if ('error' in parent) return parent.error;
    parent.dir.set(parent.name, this.dir());
    return undefined;
  }

  private dir(): Node {
    return { kind: 'dir', children: new Map(), mtime: this.now() };
  }

  stat(path: string): FileStat | undefined {
    const found = this.lookup(path);
    if ('error' in found) return undefined;
    const n = found.node;
    if (n.kind === 'file') return { type: 'file', size: utf8Size(n.data), mtime: n.mtime, links: 1 };
    if (n.kind === 'null') return { type: 'char', size: 0, mtime: n.mtime, links: 1 };
    const subdirs = [...n.children.values()].filter((c) => c.kind === 'dir').length;
    return { type: 'dir', size: 4096, mtime: n.mtime, links: 2 + subdirs };
  }

  /** The clock used for modification times. */
  currentTime(): number {
    return this.now();
  }

  /** Set the modification time to now (touch on an existing path). */
  touch(path: string): void {
    const found = this.lookup(path);
    if ('node' in found) found.node.mtime = this.now();
  }
}

/** C-locale collation (byte order), what `ls`/`sort` give with LANG unset. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Read a file through the FileSystem interface, telling a missing file from a directory. */
export function readOrError(fs: FileSystem, path: string): { data: string } | { error: string } {
  const data = fs.readFile(path);
  if (data !== undefined) return { data };
  if (fs.isDirectory(path)) return { error: EISDIR };
  if (fs.exists(path)) return { error: EISDIR };
  // A path through a regular file ("file/x") is "Not a directory".
  const parts = fs.resolve(path).split('/').filter((c) => c !== '');
  let at = '';
  for (let i = 0; i < parts.length - 1; i++) {
    at += '/' + parts[i];
    if (!fs.exists(at)) break;
    if (!fs.isDirectory(at)) return { error: ENOTDIR };
  }
  if (path.endsWith('/') && fs.exists(path.slice(0, -1))) return { error: ENOTDIR };
  return { error: ENOENT };
}

function utf8Size(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The optional stat/touch of MemoryFileSystem, for commands that get a plain FileSystem. */
export function statOf(fs: FileSystem, path: string): FileStat | undefined {
  const withStat = fs as FileSystem & { stat?: (p: string) => FileStat | undefined };
  if (typeof withStat.stat === 'function') return withStat.stat(path);
  if (!fs.exists(path)) return undefined;
  if (fs.isDirectory(path)) return { type: 'dir', size: 4096, mtime: 0, links: 2 };
  return { type: 'file', size: utf8Size(fs.readFile(path) ?? ''), mtime: 0, links: 1 };
}
