// rm: -f ignores missing files, -r removes directories, -d empty directories, -v reports.

import type { CommandDescriptor, FileSystem } from '../types.ts';
import { COMMAND_HELP } from './help-texts.ts';
import { isResult, Out, parseArgs, usage } from './util.ts';

const SPECS = [
  { key: 'f', short: 'f', long: 'force' },
  { key: 'i', short: 'i' },
  { key: 'I', short: 'I' },
  { key: 'r', short: 'r', long: 'recursive' },
  { key: 'r', short: 'R' },
  { key: 'd', short: 'd', long: 'dir' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'npr', long: 'no-preserve-root' },
  { key: 'pr', long: 'preserve-root', arg: 'optional' as const },
  { key: 'ofs', long: 'one-file-system' },
  { key: 'interactive', long: 'interactive', arg: 'optional' as const },
];

export const rm: CommandDescriptor = {
  name: 'rm',
  summary: 'remove files or directories',
  help: COMMAND_HELP['rm'] as string,
  run(ctx) {
    const parsed = parseArgs('rm', ctx.args, SPECS);
    if (isResult(parsed)) return parsed;
    const f = new Set(parsed.opts.map((o) => o.key));
    // -f after -i wins and vice versa; only the last matters for prompting, which we skip.
    const force = f.has('f');
    if (parsed.operands.length === 0) return force ? { stdout: '', stderr: '', exitCode: 0 } : usage('rm', 'missing operand');
    const o = new Out();
    let status = 0;
    const fs = ctx.fs;
    // -i asks on stderr and reads each answer from standard input (none: "no").
    const last = parsed.opts.filter((p) => p.key === 'f' || p.key === 'i').pop();
    const interactive = last?.key === 'i';
    const answers = ctx.stdin.split('\n');
    const ask = (question: string): boolean => {
      o.err(question);
      return /^[yY]/.test(answers.shift() ?? '');
    };
    for (const name of parsed.operands) {
      const base = name.replace(/\/+$/, '').split('/').pop();
      if (base === '.' || base === '..') {
        o.err(`rm: refusing to remove '.' or '..' directory: skipping '${name}'\n`);
        status = 1;
        continue;
      }
      if (f.has('r') && fs.resolve(name) === '/' && !f.has('npr')) {
        o.err(`rm: it is dangerous to operate recursively on '${name}'\nrm: use --no-preserve-root to override this failsafe\n`);
        status = 1;
        continue;
      }
      if (!fs.exists(name)) {
        if (!force || (name.endsWith('/') && fs.exists(name.replace(/\/+$/, '')))) {
          const why = fs.exists(name.replace(/\/+$/, '')) ? 'Not a directory' : 'No such file or directory';
          o.err(`rm: cannot remove '${name}': ${why}\n`);
          status = 1;
        }
        continue;
      }
      const isDir = fs.isDirectory(name);
      if (isDir && !f.has('r')) {
        const empty = (fs.list(name) ?? []).length === 0;
        if (!(f.has('d') && empty)) {
          o.err(`rm: cannot remove '${name}': ${f.has('d') ? 'Directory not empty' : 'Is a directory'}\n`);
          status = 1;
          continue;
        }
      }
      if (interactive) {
        removeAsking(fs, name, o, ask, f.has('v'));
        continue;
      }
      const verbose: string[] = [];
      if (f.has('v')) collect(fs, name, verbose);
      const err = fs.remove(name, { recursive: true });
      if (err) {
        o.err(`rm: cannot remove '${name}': ${err}\n`);
        status = 1;
        continue;
      }
      o.out(verbose.join(''));
    }
    return o.result(status);
  },
};

/** -v lines, depth first as rm removes: contents, then the directory. */
function collect(fs: FileSystem, path: string, out: string[]): void {
  if (fs.isDirectory(path)) {
    for (const n of fs.list(path) ?? []) collect(fs, `${path.replace(/\/+$/, '')}/${n}`, out);
    out.push(`removed directory '${path}'\n`);
  } else out.push(`removed '${path}'\n`);
}

/** rm -i: ask before each file, before descending into and before removing each directory. */
function removeAsking(fs: FileSystem, path: string, o: Out, ask: (q: string) => boolean, verbose: boolean): void {
  if (fs.isDirectory(path)) {
    const children = fs.list(path) ?? [];
    if (children.length > 0) {
      if (!ask(`rm: descend into directory '${path}'? `)) return;
      for (const n of children) removeAsking(fs, `${path.replace(/\/+$/, '')}/${n}`, o, ask, verbose);
      if ((fs.list(path) ?? []).length > 0) return;
    }
    if (ask(`rm: remove directory '${path}'? `) && !fs.remove(path, { recursive: true }) && verbose) {
      o.out(`removed directory '${path}'\n`);
    }
    return;
  }
  const empty = (fs.readFile(path) ?? '') === '';
  if (ask(`rm: remove regular ${empty ? 'empty ' : ''}file '${path}'? `) && !fs.remove(path) && verbose) o.out(`removed '${path}'\n`);
}
