import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, normalizePath, readOrError } from './fs.ts';

describe('MemoryFileSystem', () => {
  it('starts in /root with /tmp and /dev/null', () => {
    const fs = new MemoryFileSystem();
    expect(fs.cwd()).toBe('/root');
    expect(fs.list('/')).toEqual(['dev', 'root', 'tmp']);
    expect(fs.isDirectory('/tmp')).toBe(true);
    expect(fs.readFile('/dev/null')).toBe('');
    expect(fs.writeFile('/dev/null', 'gone')).toBeUndefined();
    expect(fs.readFile('/dev/null')).toBe('');
  });

  it('resolves relative paths, . and ..', () => {
    const fs = new MemoryFileSystem();
    expect(fs.resolve('a/./b/../c')).toBe('/root/a/c');
    expect(fs.resolve('../../..')).toBe('/');
    expect(normalizePath('/x//y/', '/')).toBe('/x/y');
  });

  it('reads, writes, appends and reports errors as strerror text', () => {
    const fs = new MemoryFileSystem({ files: { '/etc/hosts': '127.0.0.1 localhost\n' } });
    expect(fs.readFile('/etc/hosts')).toBe('127.0.0.1 localhost\n');
    expect(fs.writeFile('f', 'a')).toBeUndefined();
    expect(fs.writeFile('f', 'b', true)).toBeUndefined();
    expect(fs.readFile('/root/f')).toBe('ab');
    expect(fs.writeFile('/nope/x', '')).toBe('No such file or directory');
    expect(fs.writeFile('/tmp', '')).toBe('Is a directory');
    expect(fs.writeFile('f/x', '')).toBe('Not a directory');
    expect(fs.readFile('/etc')).toBeUndefined();
    expect(readOrError(fs, '/etc')).toEqual({ error: 'Is a directory' });
    expect(readOrError(fs, 'nope')).toEqual({ error: 'No such file or directory' });
    expect(readOrError(fs, 'f/x')).toEqual({ error: 'Not a directory' });
    expect(readOrError(fs, 'f/')).toEqual({ error: 'Not a directory' });
  });

  it('makes directories, with and without parents', () => {
    const fs = new MemoryFileSystem();
    expect(fs.mkdir('a/b')).toBe('No such file or directory');
    expect(fs.mkdir('a/b', true)).toBeUndefined();
    expect(fs.mkdir('a')).toBe('File exists');
    expect(fs.mkdir('a', true)).toBeUndefined();
    fs.writeFile('file', '');
    expect(fs.mkdir('file/x', true)).toBe('Not a directory');
    expect(fs.list('a')).toEqual(['b']);
  });

  it('removes files and directories', () => {
    const fs = new MemoryFileSystem({ files: { '/root/d/f': 'x' } });
    expect(fs.remove('d')).toBe('Is a directory');
    expect(fs.remove('nope')).toBe('No such file or directory');
    expect(fs.remove('nope', { force: true })).toBeUndefined();
    expect(fs.remove('d', { recursive: true })).toBeUndefined();
    expect(fs.exists('d')).toBe(false);
    expect(fs.remove('/', { recursive: true })).toBe('Device or resource busy');
  });

  it('changes directory', () => {
    const fs = new MemoryFileSystem({ files: { '/srv/app/x': '' } });
    expect(fs.chdir('/srv/app')).toBeUndefined();
    expect(fs.cwd()).toBe('/srv/app');
    expect(fs.chdir('x')).toBe('Not a directory');
    expect(fs.chdir('/nope')).toBe('No such file or directory');
    expect(fs.cwd()).toBe('/srv/app');
  });

  it('lists in byte order and stats entries with the injected clock', () => {
    let now = 1_700_000_000_000;
    const fs = new MemoryFileSystem({ now: () => now, files: { '/root/b': 'héllo', '/root/B': '', '/root/a': '' } });
    expect(fs.list('/root')).toEqual(['B', 'a', 'b']);
    expect(fs.stat('b')).toEqual({ type: 'file', size: 6, mtime: 1_700_000_000_000, links: 1 });
    now += 5000;
    fs.touch('b');
    expect(fs.stat('b')?.mtime).toBe(1_700_000_005_000);
    expect(fs.stat('/')).toEqual({ type: 'dir', size: 4096, mtime: 1_700_000_000_000, links: 5 });
    expect(fs.stat('/dev/null')?.type).toBe('char');
  });
});
