import { describe, expect, it } from 'vitest';
import { defaultSim } from '../../../test/support/sim.ts';
import { createTerminalBridge } from '../../worker/terminal.ts';
import { TerminalController, type Screen, type ShellApi } from './controller.ts';

/** A screen that records what is written and follows the cursor column (CR, LF, CUF/CUB, text). */
function fakeScreen(cols = 80): Screen & { text: string } {
  let col = 0;
  const screen = {
    text: '',
    cols: () => cols,
    cursorColumn: () => col,
    write(data: string) {
      screen.text += data;
      for (let i = 0; i < data.length; i++) {
        const m = /^\x1b\[(\d*)([A-Za-z])/.exec(data.slice(i));
        if (m) {
          const n = Number(m[1] || '1');
          if (m[2] === 'C') col += n;
          if (m[2] === 'D') col -= n;
          if (m[2] === 'H') col = 0;
          i += m[0].length - 1;
        } else if (data[i] === '\r') col = 0;
        else if (data[i] !== '\n' && data[i] !== '\x07') col = (col + 1) % cols;
      }
      return Promise.resolve();
    },
  };
  return screen;
}

function setup() {
  const sim = defaultSim();
  const bridge = createTerminalBridge(sim);
  const shell: ShellApi = {
    execute: async (line) => bridge.execute(line),
    interrupt: async () => bridge.interrupt(),
    isComplete: async (line) => bridge.isComplete(line),
    complete: async (line, cursor) => bridge.complete(line, cursor),
    prompt: async () => bridge.prompt(),
  };
  const screen = fakeScreen();
  const saved: string[][] = [];
  const statuses: { prompt: string; running: boolean }[] = [];
  const t = new TerminalController({ screen, shell: async () => shell, history: ['kubectl get nodes'], saveHistory: (h) => saved.push(h), onStatus: (s) => statuses.push(s) });
  const take = () => {
    const text = screen.text;
    screen.text = '';
    return text;
  };
  return { sim, bridge, t, take, saved, statuses };
}

describe('terminal controller', () => {
  it('prompt, a command and its output, history saved', async () => {
    const { t, take, saved } = setup();
    await t.start();
    expect(take()).toBe('$ ');
    await t.input('kubectl get svc kubernetes -o name\r');
    expect(take()).toBe('kubectl get svc kubernetes -o name\r\nservice/kubernetes\r\n$ ');
    expect(saved.at(-1)).toEqual(['kubectl get nodes', 'kubectl get svc kubernetes -o name']);
    await t.input('\x1b[A\x1b[A');
    expect(t.editor.buffer).toBe('kubectl get nodes');
  });

  it('Tab completes from the engine; a second Tab lists', async () => {
    const { t, take } = setup();
    await t.start();
    take();
    await t.input('kubectl sc\t');
    expect(take()).toBe('kubectl scale ');
    await t.input('deploy auth\t--replicas=250\r');
    expect(take()).toBe('deploy auth-service --replicas=250\r\ndeployment.apps/auth-service scaled\r\n$ ');
    await t.input('kubectl r\t');
    expect(take()).toBe('kubectl r\x07');
    await t.input('\t');
    expect(take()).toBe('\r\nrollout  run\r\n$ kubectl r');
  });

  it('a multi-line paste runs line by line; an open quote continues with PS2', async () => {
    const { t, take } = setup();
    await t.start();
    take();
    await t.input("echo 'a\nb'\necho c\n");
    expect(take()).toBe("echo 'a\r\n> b'\r\na\r\nb\r\n$ echo c\r\nc\r\n$ ");
  });

  it('a watch prints as the clock runs; keys are ignored until Ctrl-C stops it', async () => {
    const { sim, bridge, t, take, statuses } = setup();
    await t.start();
    take();
    await t.input('kubectl get deploy auth-service -w\r');
    expect(take()).toBe('kubectl get deploy auth-service -w\r\nNAME           READY   UP-TO-DATE   AVAILABLE   AGE\r\nauth-service   3/3     3            3           25s\r\n');
    expect(statuses.at(-1)).toEqual({ prompt: '$ ', running: true });
    createTerminalBridge(sim).execute('kubectl scale deploy auth-service --replicas=2');
    sim.advance(1000);
    await t.output(bridge.drain()!);
    await t.input('ls\r');
    expect(take()).toBe('auth-service   3/2     3            3           25s\r\nauth-service   3/2     3            3           25s\r\nauth-service   2/2     2            2           25s\r\n');
    await t.input('\x03');
    expect(take()).toBe('^C$ ');
    expect(statuses.at(-1)).toEqual({ prompt: '$ ', running: false });
    await t.input('echo $?\r');
    expect(take()).toBe('echo $?\r\n1\r\n$ ');
  });

  it('Ctrl-C at the prompt: ^C, a fresh prompt, $? is 130', async () => {
    const { t, take } = setup();
    await t.start();
    take();
    await t.input('kubectl get\x03echo $?\r');
    expect(take()).toBe('kubectl get^C\r\n$ echo $?\r\n130\r\n$ ');
  });

  it('Ctrl-D leaves a node shell; the prompt follows the shell', async () => {
    const { t, take } = setup();
    await t.start();
    take();
    await t.input('docker exec -it kind-worker bash\r');
    expect(take()).toBe('docker exec -it kind-worker bash\r\nroot@kind-worker:/# ');
    await t.input('\x04');
    expect(take()).toBe('exit\r\n$ ');
    await t.input('\x04');
    expect(take()).toBe('');
  });
});

describe('terminal controller: a restarted simulation', () => {
  it('ends a watch of the old cluster and shows the new shell prompt', async () => {
    const sim = defaultSim();
    let bridge = createTerminalBridge(sim);
    const shell: ShellApi = {
      execute: async (line) => bridge.execute(line),
      interrupt: async () => bridge.interrupt(),
      isComplete: async (line) => bridge.isComplete(line),
      complete: async (line, cursor) => bridge.complete(line, cursor),
      prompt: async () => bridge.prompt(),
    };
    const screen = fakeScreen();
    const t = new TerminalController({ screen, shell: async () => shell });
    await t.start();
    await t.input('kubectl get ns kube-system -w\r');
    bridge = createTerminalBridge(defaultSim());
    screen.text = '';
    await t.restarted();
    expect(screen.text).toBe('$ ');
    expect(t.editor.mode).toBe('edit');

    await t.input('docker exec -it kind-worker bash\rls -d /e');
    bridge = createTerminalBridge(defaultSim());
    screen.text = '';
    await t.restarted();
    expect(screen.text).toBe('\r\n$ ls -d /e');
    await t.restarted();
    expect(screen.text).toBe('\r\n$ ls -d /e');
  });
});
