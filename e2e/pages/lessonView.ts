// The lesson column (src/ui/lesson): the index with progress marks, the lesson panel (steps,
// goals, chips, hints, Back/Next, completion) and the notice shown when saved progress was reset.
import { expect, type Locator, type Page } from '@playwright/test';
import type { Lesson, LessonStatus } from '../../src/engine/lessons/types.ts';

export class LessonView {
  readonly column: Locator;
  readonly toggle: Locator;
  readonly index: Locator;
  readonly panel: Locator;
  readonly notice: Locator;
  readonly next: Locator;
  readonly back: Locator;
  readonly complete: Locator;
  readonly chips: Locator;
  readonly goals: Locator;

  constructor(private readonly page: Page) {
    this.column = page.getByTestId('lesson-column');
    this.toggle = page.getByTestId('lesson-toggle');
    this.index = page.getByTestId('lesson-index');
    this.panel = page.getByTestId('lesson-panel');
    this.notice = page.getByTestId('lesson-notice');
    this.next = page.getByTestId('lesson-next');
    this.back = page.getByTestId('lesson-back');
    this.complete = page.getByTestId('lesson-complete');
    this.chips = page.getByTestId('lesson-chip');
    this.goals = page.getByTestId('lesson-goal');
  }

  /** "./?test=1&animate=0&traffic=0&lesson=ID": the page opens on that lesson. */
  static url(lesson?: string): string {
    const q = new URLSearchParams({ test: '1', animate: '0', traffic: '0' });
    if (lesson) q.set('lesson', lesson);
    return `./?${q}`;
  }

  item(id: string): Locator {
    return this.page.getByTestId(`lesson-item-${id}`);
  }

  /** Opens the column (if closed) and shows the index. */
  async showIndex(): Promise<void> {
    if (!(await this.column.isVisible())) await this.toggle.click();
    const all = this.page.getByTestId('lesson-all');
    if (await all.isVisible()) await all.click();
    await expect(this.index).toBeVisible();
  }

  /** The lesson as the page holds it (from the worker), once loaded. */
  async lesson(): Promise<Lesson> {
    const handle = await this.page.waitForFunction(() => window.__proxyscope?.store.getState().lesson.lesson, undefined, { polling: 100 });
    return (await handle.jsonValue()) as Lesson;
  }

  status(): Promise<LessonStatus | undefined> {
    return this.page.evaluate(() => window.__proxyscope!.store.getState().lesson.status);
  }

  viewing(): Promise<number> {
    return this.page.evaluate(() => window.__proxyscope!.store.getState().lesson.viewing);
  }

  /** Waits until the lesson's status (from the batches) is in the store. */
  async waitStatus(): Promise<LessonStatus> {
    const handle = await this.page.waitForFunction(() => window.__proxyscope?.store.getState().lesson.status, undefined, { polling: 100 });
    return (await handle.jsonValue()) as LessonStatus;
  }

  /** Presses Next on every step shown that is passed or has no check (a step to read), up to the first unpassed checked step. */
  async nextWhilePossible(lesson: Lesson): Promise<void> {
    for (;;) {
      const at = await this.viewing();
      if (at >= lesson.steps.length - 1 || !(await this.next.isEnabled())) return;
      await this.next.click();
      await expect.poll(() => this.viewing()).toBe(at + 1);
    }
  }

  /** Clicks the chip whose command is exactly `command` on the step shown. */
  async clickChip(command: string): Promise<void> {
    await this.chips.filter({ hasText: new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().click();
  }

  async chipTexts(): Promise<string[]> {
    return this.chips.allInnerTexts();
  }
}
