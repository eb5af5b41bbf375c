// The terminal's glue, without DOM or xterm: keys go through the line editor one at a time (a
// paste or fast typing waits while the engine answers the line before), effects become calls
// to the engine's shell, and its output is written back. The xterm adapter supplies `screen`.

import type { TerminalChunk } from '../store/terminalBus.ts';
import type { AsyncSimApi, TerminalOutput } from '../../worker/contract.ts';
import { parseKeys } from './keys.ts';
import { applyCompletion, continueLine, createEditor, leaveLine, press, ready, resize, running, toTerminal, type EditorState, type Step } from './lineEditor.ts';

/** The screen, as the adapter gives it. */
export interface Screen {
  /** Writes `data`; resolves once the terminal has processed it. */
  write(data: string): Promise<void>;
  /** The cursor's column now. */
  cursorColumn(): number;
  cols(): number;
}

export type ShellApi = Pick<AsyncSimApi, 'execute' | 'interrupt' | 'isComplete' | 'complete' | 'prompt'>;

export interface ControllerOptions {
  screen: Screen;
  /** The engine's shell; the controller waits for it when it is not there yet. */
  shell: () => Promise<ShellApi>;
  history?: string[];
  /** Called after each line with the history to keep. */
  saveHistory?: (history: string[]) => void;
  /** The prompt and whether a command keeps running, for the store. */
  onStatus?: (status: { prompt: string; running: boolean }) => void;
}

/** bash's prompt on the user's machine (the engine's HOST_PROMPT); node shells have others. */
const HOST_PROMPT = '$ ';

export class TerminalController {
  private state: EditorState;
  private queue: Promise<void> = Promise.resolve();
  private started = false;

  constructor(private readonly opts: ControllerOptions) {
    this.state = createEditor({ prompt: HOST_PROMPT, cols: opts.screen.cols(), history: opts.history ?? [] });
    this.state = { ...this.state, mode: 'wait' };
  }

  /** Shows the first prompt once the shell is there. */
  start(): Promise<void> {
    if (this.started) return this.queue;
    this.started = true;
    return this.enqueue(async () => {
      const shell = await this.opts.shell();
      await this.showPrompt(await shell.prompt());
    });
  }

  /** Data from xterm (keys, pastes). */
  input(data: string): Promise<void> {
    return this.enqueue(async () => {
      for (const key of parseKeys(data)) await this.apply(press(this.state, key));
    });
  }

  /** What a running command printed (SimBatch.terminal). */
  output(chunk: TerminalChunk): Promise<void> {
    return this.enqueue(async () => {
      if (this.state.mode !== 'run') return;
      await this.opts.screen.write(toTerminal(chunk.text));
      if (!chunk.running) await this.showPrompt(chunk.prompt);
    });
  }

  /**
   * The simulation was restarted (reset, another scenario): its shell is a new one. A watch of
   * the old cluster ends; the prompt is the new shell's (a node shell is gone).
   */
  restarted(): Promise<void> {
    return this.enqueue(async () => {
      const shell = await this.opts.shell();
      if (this.state.mode === 'run') {
        const out = await shell.interrupt();
        if (this.opts.screen.cursorColumn() !== 0) await this.opts.screen.write('\r\n');
        return this.showPrompt(out.prompt);
      }
      const prompt = await shell.prompt();
      if (this.state.mode !== 'edit' || prompt === this.state.prompt) return;
      this.state = { ...this.state, pending: [] };
      const step = ready(this.state, prompt, 0);
      await this.opts.screen.write(leaveLine(this.state) + step.write);
      this.opts.onStatus?.({ prompt, running: false });
      await this.apply(press(step.state, { kind: 'text', text: this.state.buffer }));
    });
  }

  /** The terminal was resized (xterm has reflowed what it shows). */
  resized(): void {
    this.state = resize(this.state, this.opts.screen.cols(), this.opts.screen.cursorColumn());
  }

  /** For tests and the store: the editor's state now. */
  get editor(): EditorState {
    return this.state;
  }

  /** Resolves when everything typed so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((e: unknown) => {
      // The engine went away (a restart): keep the terminal usable.
      this.state = { ...this.state, mode: 'edit' };
      void this.opts.screen.write(toTerminal(`\nproxyscope: ${e instanceof Error ? e.message : String(e)}\n`) + this.state.prompt);
    });
    return this.queue;
  }

  private async apply(step: Step): Promise<void> {
    this.state = step.state;
    if (step.write) await this.opts.screen.write(step.write);
    const effect = step.effect;
    if (!effect) return;
    const shell = await this.opts.shell();
    switch (effect.kind) {
      case 'submit': {
        this.opts.saveHistory?.(this.state.history);
        if (effect.text.trim() === '') return this.showPrompt(this.state.prompt);
        if (!(await shell.isComplete(effect.text))) return this.apply(continueLine(this.state));
        return this.finish(await shell.execute(effect.text));
      }
      case 'complete': {
        const view = await shell.complete(effect.line, effect.cursor);
        return this.apply(applyCompletion(this.state, view.from, view.candidates, effect.again));
      }
      case 'cancel':
        await shell.interrupt();
        return;
      case 'interrupt':
        return this.finish(await shell.interrupt());
      case 'eof':
        // Ctrl-D leaves a node shell as `exit` does; on the user's own machine it does nothing.
        if (this.state.prompt === HOST_PROMPT) return;
        this.state = { ...this.state, mode: 'wait' };
        return this.finish(await shell.execute('exit'));
    }
  }

  private async finish(out: TerminalOutput): Promise<void> {
    if (out.text) await this.opts.screen.write(toTerminal(out.text));
    if (out.running) {
      this.state = running({ ...this.state, prompt: out.prompt });
      this.opts.onStatus?.({ prompt: out.prompt, running: true });
      return;
    }
    await this.showPrompt(out.prompt);
  }

  private async showPrompt(prompt: string): Promise<void> {
    const step = ready(this.state, prompt, this.opts.screen.cursorColumn());
    this.state = step.state;
    await this.opts.screen.write(step.write);
    this.opts.onStatus?.({ prompt, running: false });
  }
}
