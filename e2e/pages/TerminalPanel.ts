// The terminal (an xterm host, data-testid "terminal"): keys in, and the screen read back
// through window.__proxyscope.terminalText().
import { expect, type Locator, type Page } from '@playwright/test';

export class TerminalPanel {
  readonly host: Locator;

  constructor(private readonly page: Page) {
    this.host = page.getByTestId('terminal');
  }

  /** The screen's text as the terminal mirrors it (lines joined with "\n"). */
  async text(): Promise<string> {
    return this.page.evaluate(() => {
      const read = window.__proxyscope?.terminalText;
      if (!read) throw new Error('window.__proxyscope.terminalText() is missing');
      return read();
    });
  }

  /** The last non-empty line on the screen: the prompt and what is typed after it. */
  async currentLine(): Promise<string> {
    const lines = (await this.text()).split('\n').map((l) => l.trimEnd());
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i] !== '') return lines[i]!;
    return '';
  }

  async focus(): Promise<void> {
    await expect(this.host).toBeVisible();
    await this.host.click();
  }

  /** Waits until the terminal shows a prompt with nothing typed after it. */
  async waitForPrompt(timeout = 60_000): Promise<void> {
    await expect.poll(() => this.currentLine(), { timeout, message: 'an empty prompt in the terminal' }).toMatch(/[$#]$/);
  }

  /** Types text at the prompt (no Enter). */
  async type(text: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.type(text);
    await expect.poll(() => this.currentLine(), { message: `the typed text "${text}"` }).toContain(text);
  }

  async press(key: 'Enter' | 'Tab' | 'ArrowUp' | 'ArrowDown' | 'Control+c' | 'Control+l' | 'Backspace'): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Clears what is typed after the prompt (Ctrl-U, as in bash). */
  async clearLine(): Promise<void> {
    await this.page.keyboard.press('Control+u');
    await this.waitForPrompt();
  }

  /**
   * Runs one command line and waits for it to finish (the next prompt); returns what it printed.
   * `expectOutput`, when given, must appear in that output.
   */
  async run(line: string, expectOutput?: string | RegExp, timeout = 60_000): Promise<string> {
    await this.waitForPrompt();
    await this.type(line);
    await this.press('Enter');
    let output = '';
    await expect
      .poll(
        async () => {
          const text = await this.text();
          const at = text.lastIndexOf(line);
          if (at < 0) return false;
          const after = text.slice(at + line.length).split('\n');
          // Done: something after the echoed line, ending with a fresh, empty prompt.
          const lines = after.slice(1).map((l) => l.trimEnd());
          while (lines.length && lines.at(-1) === '') lines.pop();
          if (!lines.length || !/^\S*[$#]$/.test(lines.at(-1)!.trim())) return false;
          output = lines.slice(0, -1).join('\n');
          return true;
        },
        { timeout, message: `"${line}" to finish with a new prompt` },
      )
      .toBe(true);
    if (expectOutput !== undefined) {
      if (typeof expectOutput === 'string') expect(output).toContain(expectOutput);
      else expect(output).toMatch(expectOutput);
    }
    return output;
  }
}
