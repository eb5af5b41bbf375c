// Tab completion: command names in command position, a command's flags and its own
// `complete` hook for arguments, file names otherwise (directories end with `/`), `$NAME`
// for variables. `start` is where the word being completed begins; each candidate replaces
// line.slice(start, cursor).

import type { CommandRegistry } from './registry.ts';
import type { FileSystem } from './types.ts';

export interface Completion {
  start: number;
  candidates: string[];
}

export interface CompletionHost<W> {
  readonly registry: CommandRegistry<W>;
  readonly world: W;
  readonly fs: FileSystem;
  readonly aliases: Map<string, string>;
  commandNames(): string[];
  varNames(): string[];
  getVar(name: string): string | undefined;
}

interface LexWord {
  start: number;
  value: string;
  /** A redirection operator came right before this word. */
  afterRedirect: boolean;
}

const SEPARATORS = ['&&', '||', '|&', '$(', ';', '|', '&', '(', '`', '\n', '{'];

/** Split the text before the cursor into the words of the command being typed. */
function lexTail(text: string): { words: LexWord[]; current: LexWord } {
  let words: LexWord[] = [];
  let cur: LexWord | null = null;
  let redirect = false;
  let i = 0;
  const end = (): void => {
    if (cur) words.push(cur);
    cur = null;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (cur === null) {
      if (c === ' ' || c === '\t' || c === ')') {
        i++;
        continue;
      }
      const sep = SEPARATORS.find((s) => text.startsWith(s, i));
      if (sep && (sep !== '{' || text[i + 1] === ' ')) {
        words = [];
        redirect = false;
        i += sep.length;
        continue;
      }
      const redir = /^[0-9]*(>>|>&|&>|<<<|<<|>|<)/.exec(text.slice(i));
      if (redir) {
        redirect = true;
        i += redir[0].length;
        continue;
      }
      cur = { start: i, value: '', afterRedirect: redirect };
      redirect = false;
    }
    if (c === ' ' || c === '\t' || c === ';' || c === '|' || c === '&' || c === '\n' || c === ')') {
      end();
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      cur.value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      const stop = close < 0 ? text.length : close;
      cur.value += text.slice(i + 1, stop);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    cur.value += c;
    i++;
  }
  const current: LexWord = cur ?? { start: text.length, value: '', afterRedirect: redirect };
  return { words, current };
}

export function completeLine<W>(host: CompletionHost<W>, line: string, cursor: number): Completion {
  const text = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
  const { words, current } = lexTail(text);
  const start = current.start;
  const prefix = current.value;
  const done = (candidates: string[]): Completion => ({ start, candidates: [...new Set(candidates)].sort() });

  if (prefix.startsWith('$') && !prefix.includes('/')) {
    const brace = prefix.startsWith('${');
    const namePrefix = prefix.slice(brace ? 2 : 1);
    return done(host.varNames().filter((n) => n.startsWith(namePrefix)).map((n) => (brace ? `\${${n}}` : `$${n}`)));
  }
  if (current.afterRedirect) return done(files(host, prefix));

  const args = words.filter((w) => !w.afterRedirect);
  const commandIndex = args.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value));
  if (commandIndex < 0) {
    if (prefix.includes('/')) return done(files(host, prefix));
    return done(host.commandNames().filter((n) => n.startsWith(prefix)));
  }

  let argv = args.slice(commandIndex).map((w) => w.value);
  const alias = host.aliases.get(argv[0] as string);
  if (alias !== undefined) argv = [...alias.trim().split(/\s+/), ...argv.slice(1)];
  const descriptor = host.registry.get(argv[0] as string);
  if (prefix.startsWith('-')) {
    const flags = descriptor?.flags ?? [];
    const names = flags.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
    return done(names.filter((n) => n.startsWith(prefix)));
  }
  if (descriptor?.complete) {
    const offered = descriptor.complete([...argv, prefix], host.world).filter((c) => c.startsWith(prefix));
    if (offered.length > 0) return done(offered);
  }
  return done(files(host, prefix));
}

/** File names completing `prefix` (which may contain directories and a leading `~`). */
function files<W>(host: CompletionHost<W>, prefix: string): string[] {
  const slash = prefix.lastIndexOf('/');
  const dirPart = slash < 0 ? '' : prefix.slice(0, slash + 1);
  const base = slash < 0 ? prefix : prefix.slice(slash + 1);
  let dir = dirPart === '' ? '.' : dirPart;
  if (dir.startsWith('~')) dir = (host.getVar('HOME') ?? '/root') + dir.slice(1);
  const names = host.fs.list(dir) ?? [];
  return names
    .filter((n) => n.startsWith(base) && (base.startsWith('.') || !n.startsWith('.')))
    .map((n) => {
      const full = dir === '.' ? n : `${dir.endsWith('/') ? dir : dir + '/'}${n}`;
      return escapeWord(dirPart + n) + (host.fs.isDirectory(full) ? '/' : '');
    });
}

function escapeWord(s: string): string {
  return s.replace(/[ \t'"\\$`|&;()<>*?[\]{}!#]/g, (c) => '\\' + c);
}
