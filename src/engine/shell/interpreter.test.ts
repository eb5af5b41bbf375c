import { describe, expect, it } from 'vitest';
import { createStandardRegistry } from './commands/index.ts';
import { MemoryFileSystem } from './fs.ts';
import { Shell, type ShellOutput } from './interpreter.ts';
import { CommandRegistry } from './registry.ts';
import type { CommandContext, CommandDescriptor } from './types.ts';

interface World {
  applied: string[];
}

/** A stand-in for kubectl: `apply -f -` records stdin, `get` prints, `fail` writes both streams. */
const fakeKubectl: CommandDescriptor<World> = {
  name: 'kubectl',
  summary: 'kubectl controls the Kubernetes cluster manager',
  help: 'kubectl help\n',
  ownHelp: true,
  flags: [
    { name: 'namespace', short: 'n', takesValue: true, description: 'namespace' },
    { name: 'output', short: 'o', takesValue: true, description: 'format' },
  ],
  complete(words) {
    if (words.length === 2) return ['apply', 'get', 'delete', 'describe'];
    if (words[1] === 'get' && words.length === 3) return ['pods', 'services', 'endpointslices'];
    return [];
  },
  run(ctx) {
    const [verb] = ctx.args;
    if (verb === '--help') return { stdout: 'kubectl own help\n', stderr: '', exitCode: 0 };
    if (verb === 'apply') {
      ctx.world.applied.push(ctx.stdin);
      return { stdout: 'service/web created\n', stderr: '', exitCode: 0 };
    }
    if (verb === 'fail') return { stdout: 'partial\n', stderr: 'Error from server (NotFound): pods "x" not found\n', exitCode: 1 };
    if (verb === 'warn') {
      return {
        stdout: 'NAME\n',
        stderr: 'Warning: deprecated\n',
        exitCode: 0,
        chunks: [
          { fd: 2, text: 'Warning: deprecated\n' },
          { fd: 1, text: 'NAME\n' },
        ],
      };
    }
    return { stdout: `get ${ctx.args.join(' ')}\n`, stderr: '', exitCode: 0 };
  },
};

const echoCtx: CommandDescriptor<World> = {
  name: 'showctx',
  summary: 'print what the command receives',
  help: 'Usage: showctx [ARGS]\nShow the command context.\n',
  run(ctx: CommandContext<World>) {
    const env = [...ctx.env].filter(([k]) => k.startsWith('X_')).map(([k, v]) => `${k}=${v}`);
    return { stdout: `args=${JSON.stringify(ctx.args)} stdin=${JSON.stringify(ctx.stdin)} env=${env.join(',')} name=${ctx.name}\n`, stderr: '', exitCode: 0 };
  },
};

const thrower: CommandDescriptor<World> = {
  name: 'boom',
  summary: 'a command with a bug',
  help: 'boom\n',
  run() {
    throw new Error('kaboom');
  },
};

const nested: CommandDescriptor<World> = {
  name: 'nested',
  summary: 'runs its arguments as a line',
  help: 'nested\n',
  run(ctx) {
    return ctx.runLine(ctx.args.join(' '), 'fed\n');
  },
};

function setup(): { sh: Shell<World>; world: World } {
  const world: World = { applied: [] };
  const registry = createStandardRegistry<World>();
  for (const d of [fakeKubectl, echoCtx, thrower, nested]) registry.register(d);
  return { sh: new Shell({ registry, world }), world };
}

const text = (r: ShellOutput, fd?: 1 | 2): string =>
  r.chunks
    .filter((c) => fd === undefined || c.fd === fd)
    .map((c) => c.text)
    .join('');

describe('Shell.execute', () => {
  it('keeps stdout and stderr in terminal order across the commands of a line', () => {
    const { sh } = setup();
    const r = sh.execute('echo one; echo two >&2; echo three; nosuch; echo four');
    expect(r.chunks).toEqual([
      { fd: 1, text: 'one\n' },
      { fd: 2, text: 'two\n' },
      { fd: 1, text: 'three\n' },
      { fd: 2, text: 'bash: nosuch: command not found\n' },
      { fd: 1, text: 'four\n' },
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('prints a command result stdout first, unless it gives chunks', () => {
    const { sh } = setup();
    expect(sh.execute('kubectl fail').chunks).toEqual([
      { fd: 1, text: 'partial\n' },
      { fd: 2, text: 'Error from server (NotFound): pods "x" not found\n' },
    ]);
    expect(sh.execute('kubectl warn').chunks).toEqual([
      { fd: 2, text: 'Warning: deprecated\n' },
      { fd: 1, text: 'NAME\n' },
    ]);
  });

  it('interleaves the output of cat with its errors, as cat writes them', () => {
    const { sh } = setup();
    sh.execute('echo A > a; echo B > b');
    expect(sh.execute('cat a nope b').chunks).toEqual([
      { fd: 1, text: 'A\n' },
      { fd: 2, text: 'cat: nope: No such file or directory\n' },
      { fd: 1, text: 'B\n' },
    ]);
  });

  it('runs every line of a multi-line input in order, here-documents included', () => {
    const { sh, world } = setup();
    const r = sh.execute('echo before\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nEOF\necho after');
    expect(text(r)).toBe('before\nservice/web created\nafter\n');
    expect(world.applied).toEqual(['apiVersion: v1\nkind: Service\n']);
  });

  it('keeps variables, the directory and $? between calls', () => {
    const { sh } = setup();
    sh.execute('X=1; export Y=2; mkdir -p /tmp/w; cd /tmp/w; false');
    expect(sh.lastExitCode).toBe(1);
    expect(text(sh.execute('echo $? $X $Y; pwd'))).toBe('1 1 2\n/tmp/w\n');
    expect(sh.lastExitCode).toBe(0);
  });

  it('exit: prints "exit", reports exit and the status', () => {
    const { sh } = setup();
    expect(sh.execute('echo bye; exit 3; echo never')).toEqual({
      chunks: [
        { fd: 1, text: 'bye\n' },
        { fd: 2, text: 'exit\n' },
      ],
      exitCode: 3,
      exit: true,
    });
    expect(sh.execute('false; exit')).toEqual({ chunks: [{ fd: 2, text: 'exit\n' }], exitCode: 1, exit: true });
    expect(sh.execute('(exit 4); echo $?')).toEqual({ chunks: [{ fd: 1, text: '4\n' }], exitCode: 0 });
  });

  it('reports syntax errors as bash does, status 2, skipping only that line', () => {
    const { sh } = setup();
    expect(sh.execute('echo a | | b')).toEqual({ chunks: [{ fd: 2, text: "bash: syntax error near unexpected token `|'\n" }], exitCode: 2 });
    expect(sh.execute("echo 'abc")).toEqual({
      chunks: [{ fd: 2, text: "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n" }],
      exitCode: 2,
    });
    expect(sh.execute('echo "abc').chunks[0]?.text).toBe(
      'bash: unexpected EOF while looking for matching `"\'\nbash: syntax error: unexpected end of file\n',
    );
    expect(sh.execute('echo a |')).toEqual({ chunks: [{ fd: 2, text: 'bash: syntax error: unexpected end of file\n' }], exitCode: 2 });
    const r = sh.execute('echo ok\necho )\necho after');
    expect(text(r)).toBe("ok\nbash: syntax error near unexpected token `)'\nafter\n");
  });

  it('command not found is 127; a redirection into a missing directory is 1', () => {
    const { sh } = setup();
    expect(sh.execute('foo')).toEqual({ chunks: [{ fd: 2, text: 'bash: foo: command not found\n' }], exitCode: 127 });
    expect(sh.execute('echo x >/nope/x')).toEqual({ chunks: [{ fd: 2, text: 'bash: /nope/x: No such file or directory\n' }], exitCode: 1 });
    expect(sh.execute('echo hidden >/dev/null; echo $?')).toEqual({ chunks: [{ fd: 1, text: '0\n' }], exitCode: 0 });
  });

  it('warns about a here-document ended by the end of input and still runs it', () => {
    const { sh } = setup();
    expect(sh.execute('cat <<EOF\nabc')).toEqual({
      chunks: [
        { fd: 2, text: "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n" },
        { fd: 1, text: 'abc\n' },
      ],
      exitCode: 0,
    });
  });

  it('prints a descriptor help for --help unless the command has its own', () => {
    const { sh } = setup();
    expect(sh.execute('showctx a --help')).toEqual({ chunks: [{ fd: 1, text: 'Usage: showctx [ARGS]\nShow the command context.\n' }], exitCode: 0 });
    expect(text(sh.execute('showctx -- --help'))).toBe('args=["--","--help"] stdin="" env= name=showctx\n');
    expect(text(sh.execute('kubectl --help'))).toBe('kubectl own help\n');
    expect(text(sh.execute('grep --help')).startsWith('Usage: grep [OPTION]... PATTERNS [FILE]...\n')).toBe(true);
  });

  it('gives commands expanded arguments, stdin, the exported environment and prefix assignments', () => {
    const { sh } = setup();
    sh.execute('export X_A=1; X_HIDDEN=2');
    expect(text(sh.execute('echo in | X_B="two words" showctx "a b" $X_A'))).toBe(
      'args=["a b","1"] stdin="in\\n" env=X_A=1,X_B=two words name=showctx\n',
    );
    expect(text(sh.execute('showctx <<< here'))).toBe('args=[] stdin="here\\n" env=X_A=1 name=showctx\n');
  });

  it('runLine runs a nested line in the session and captures it', () => {
    const { sh } = setup();
    expect(sh.execute('nested "cat; echo x >&2; exit 5"')).toEqual({
      chunks: [
        { fd: 1, text: 'fed\n' },
        { fd: 2, text: 'x\n' },
      ],
      exitCode: 5,
    });
  });

  it('a command that throws does not take the shell down', () => {
    const { sh } = setup();
    expect(sh.execute('boom; echo alive')).toEqual({
      chunks: [
        { fd: 2, text: 'boom: kaboom\n' },
        { fd: 1, text: 'alive\n' },
      ],
      exitCode: 0,
    });
  });

  it('stops a runaway loop as if Ctrl-C was pressed', () => {
    const registry = createStandardRegistry<object>();
    const sh = new Shell({ registry, world: {}, maxLoopIterations: 3 });
    expect(sh.execute('while true; do echo y; done; echo not reached')).toEqual({
      chunks: [{ fd: 1, text: 'y\ny\ny\n^C\n' }],
      exitCode: 130,
    });
  });

  it('clear writes the terminal escape; help lists builtins and commands', () => {
    const { sh } = setup();
    expect(sh.execute('clear').chunks).toEqual([{ fd: 1, text: '\x1b[H\x1b[2J' }]);
    const help = text(sh.execute('help'));
    expect(help).toContain('\nShell builtins:\n');
    expect(help).toContain('  cd        Change the shell working directory.\n');
    expect(help).toContain('  kubectl   kubectl controls the Kubernetes cluster manager\n');
    expect(help).toContain('  grep      print lines that match patterns\n');
  });

  it('uses the filesystem and environment it is given', () => {
    const fs = new MemoryFileSystem({ files: { '/etc/motd': 'hello\n' } });
    const sh = new Shell({ registry: new CommandRegistry<object>(), world: {}, fs, env: { KUBECONFIG: '/root/.kube/config' } });
    expect(text(sh.execute('echo $KUBECONFIG $HOME; read l < /etc/motd; echo $l'))).toBe('/root/.kube/config /root\nhello\n');
    expect(sh.execute('cat /etc/motd').chunks).toEqual([{ fd: 2, text: 'bash: cat: command not found\n' }]);
  });

  it('type and which know builtins, keywords, aliases and registered commands', () => {
    const { sh } = setup();
    sh.execute("alias k='kubectl'");
    expect(text(sh.execute('type cd if k kubectl grep; which kubectl grep cd'))).toBe(
      "cd is a shell builtin\nif is a shell keyword\nk is aliased to `kubectl'\nkubectl is /usr/local/bin/kubectl\ngrep is /usr/bin/grep\n" +
        '/usr/local/bin/kubectl\n/usr/bin/grep\n',
    );
    expect(text(sh.execute('k get pods'))).toBe('get get pods\n');
  });

  it('history lists the lines typed, as bash numbers them', () => {
    const { sh } = setup();
    sh.execute('echo a');
    sh.execute('cat <<EOF\nx\nEOF');
    expect(text(sh.execute('history'))).toBe('    1  echo a\n    2  cat <<EOF\n    3  x\n    4  EOF\n    5  history\n');
    expect(text(sh.execute('history 1'))).toBe('    6  history 1\n');
    expect(sh.execute('history -c; history').chunks).toEqual([]);
  });

  it('xargs runs each batch through the session', () => {
    const { sh } = setup();
    expect(text(sh.execute('printf "web-1\\nweb-2\\n" | xargs kubectl delete pod'))).toBe('get delete pod web-1 web-2\n');
  });
});

describe('Shell.isComplete', () => {
  const { sh } = setup();
  it.each([
    ['echo hi', true],
    ['', true],
    ['   ', true],
    ["echo 'open", false],
    ['echo "open', false],
    ['echo a |', false],
    ['echo a &&', false],
    ['echo a ||', false],
    ['echo a \\', false],
    ['echo a \\\nb', true],
    ['cat <<EOF', false],
    ['cat <<EOF\nbody', false],
    ['cat <<EOF\nbody\nEOF', true],
    ['cat <<-EOF\n\tbody\n\tEOF', true],
    ["cat <<'EOF'\n$x\nEOF", true],
    ['if true; then', false],
    ['if true; then echo; fi', true],
    ['for i in 1 2; do', false],
    ['while true', false],
    ['{ echo a', false],
    ['( echo a', false],
    ['echo $(echo', false],
    ['echo `echo', false],
    ['echo ${x', false],
    ['echo a | | b', true],
    ['echo )', true],
    ['case x in', false],
    ['f() {', false],
    ['echo "a\nb"', true],
  ])('%j → %s', (input, complete) => {
    expect(sh.isComplete(input)).toBe(complete);
  });
});
