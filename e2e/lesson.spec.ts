// Issue 6 acceptance, the lesson view: a learner completes lesson 5 ("Scale to 250") once by
// typing the commands and once by clicking the chips; progress survives a reload (the index
// shows ✓); a corrupted saved progress shows the reset notice instead of breaking the page.
// Screens of the lesson view at 1280×720: test-results/e2e/screens/lesson-*.png.
import type { Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { LessonView } from './pages/lessonView.ts';
import type { TerminalPanel } from './pages/TerminalPanel.ts';

const ID = '05-scale-to-250';
const SCALE = 'kubectl scale deployment auth-service --replicas=250';
const LIST = 'kubectl get endpointslices -l kubernetes.io/service-name=auth-service';
/** Generous: 250 pods start and become ready in virtual time (at 4× speed). */
const SETTLE_MS = 150_000;

async function screen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join(testInfo.project.outputDir, 'screens', `lesson-${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(`lesson-${name}`, { path, contentType: 'image/png' });
}

/**
 * Types a command at the prompt and presses Enter, as the learner does. (TerminalPanel.run
 * reads back the last screen row, which a long line wraps past in the narrower terminal beside
 * the lesson column; here the lesson's status and the output tell that it ran.)
 */
async function typeCommand(page: Page, terminal: TerminalPanel, line: string, output: string): Promise<void> {
  await terminal.waitForPrompt();
  await terminal.focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await terminal.text()).replace(/\n/g, ''), { message: `the output of "${line}"` }).toContain(output);
  await terminal.waitForPrompt();
}

/** Opens the page on lesson 5 at the projector size, the clock at 4×. */
async function openLesson(page: Page, lessons: LessonView, app: { waitReady(): Promise<void> }): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(LessonView.url(ID));
  await app.waitReady();
  await expect(lessons.panel).toHaveAttribute('data-lesson', ID);
  await page.getByTestId('speed').selectOption('4');
  await lessons.waitStatus();
}

test.describe('lesson view', () => {
  test('lesson 5 by typing the commands: goals fail with a reason, then pass; Next/Finish; completion', async ({ app, page, terminal }, testInfo) => {
    const lessons = new LessonView(page);
    await openLesson(page, lessons, app);
    const lesson = await lessons.lesson();
    expect(lesson.steps.map((s) => s.checks.length)).toEqual([0, 2, 2, 0]);

    // Step 1: to read. Back is disabled on the first step; Next acknowledges it.
    await expect(page.getByTestId('lesson-step-title')).toHaveText('1. Before: one slice');
    await expect(lessons.back).toBeDisabled();
    await screen(page, testInfo, 'step1');
    await lessons.next.click();

    // Step 2: its goals fail, with the checks' details, until the Deployment is scaled.
    await expect(page.getByTestId('lesson-step-title')).toHaveText('2. Scale to 250');
    await expect(lessons.goals).toHaveCount(2);
    await expect(lessons.goals.first()).toHaveAttribute('data-ok', 'false');
    await expect(lessons.goals.first().locator('.ps-goal-detail')).not.toBeEmpty();
    await expect(lessons.next).toBeDisabled();
    await page.getByTestId('lesson-hint-more').click();
    await expect(page.getByTestId('lesson-hint')).toHaveCount(1);
    await screen(page, testInfo, 'goals-failing');
    await typeCommand(page, terminal, SCALE, 'deployment.apps/auth-service scaled');
    await expect(page.getByTestId('lesson-step-1')).toHaveAttribute('data-passed', 'true', { timeout: SETTLE_MS });
    await expect(lessons.goals).toHaveCount(2);
    for (const g of await lessons.goals.all()) await expect(g).toHaveAttribute('data-ok', 'true');
    await screen(page, testInfo, 'step2-passed');
    await lessons.next.click();

    // Step 3: listing the slices shows the 50-endpoint one.
    await expect(page.getByTestId('lesson-step-title')).toHaveText('3. Three slices: 100, 100, 50');
    await typeCommand(page, terminal, LIST, 'ADDRESSTYPE');
    await expect(page.getByTestId('lesson-step-2')).toHaveAttribute('data-passed', 'true', { timeout: SETTLE_MS });
    await lessons.next.click();

    // Step 4: to read; on the last step Next is "Finish".
    await expect(lessons.next).toHaveText('Finish');
    await lessons.next.click();
    await expect(lessons.complete).toBeVisible();
    await expect(lessons.panel).toHaveAttribute('data-complete', 'true');
    await expect(lessons.next).toBeDisabled();
    await screen(page, testInfo, 'complete');
    app.expectNoErrors();
  });

  test('lesson 5 by clicking chips; progress survives a reload (the index shows ✓)', async ({ app, page, terminal }, testInfo) => {
    const lessons = new LessonView(page);
    await openLesson(page, lessons, app);

    // A chip types its command at the prompt and runs it, as if typed.
    await expect.poll(() => lessons.chipTexts()).toContain(LIST);
    await lessons.clickChip(LIST);
    await expect.poll(() => terminal.text()).toContain(`$ ${LIST}`);
    await terminal.waitForPrompt();
    await lessons.next.click();

    await lessons.clickChip(SCALE);
    await expect.poll(() => terminal.text()).toContain('deployment.apps/auth-service scaled');
    await expect(page.getByTestId('lesson-step-1')).toHaveAttribute('data-passed', 'true', { timeout: SETTLE_MS });
    await lessons.next.click();

    await terminal.waitForPrompt();
    await lessons.clickChip(LIST);
    await expect(page.getByTestId('lesson-step-2')).toHaveAttribute('data-passed', 'true', { timeout: SETTLE_MS });
    await lessons.next.click();

    await lessons.clickChip('journal --summary');
    await expect.poll(() => terminal.text()).toContain('$ journal --summary');
    await lessons.next.click();
    await expect(lessons.complete).toBeVisible();
    await screen(page, testInfo, 'chips-complete');

    // Saved: after a reload the lesson starts afresh, and the index marks it completed.
    await page.reload();
    await app.waitReady();
    await lessons.showIndex();
    await expect(lessons.item(ID)).toHaveAttribute('data-complete', 'true');
    await expect(lessons.item(ID)).toContainText('✓');
    await expect(page.getByTestId('lesson-sandbox')).toBeVisible();
    const saved = await page.evaluate(() => localStorage.getItem('proxyscope.progress.v1'));
    expect(JSON.parse(saved!)).toEqual({ version: 1, lessons: { [ID]: { completed: true, step: 4 } } });
    await screen(page, testInfo, 'index');
    app.expectNoErrors();
  });

  test('a corrupted saved progress shows the reset notice, never a blank page', async ({ app, page }, testInfo) => {
    const lessons = new LessonView(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(LessonView.url());
    await app.waitReady();
    await page.evaluate(() => localStorage.setItem('proxyscope.progress.v1', '{"version":1,"lessons":{"05-scale-to-250":{"completed":"yes"'));
    await page.reload();
    await app.waitReady();
    await expect(lessons.notice).toBeVisible();
    await expect(lessons.notice).toContainText('Your saved lesson progress could not be read and was reset.');
    await expect(lessons.index).toBeVisible();
    await expect(page.getByTestId('services-view')).toBeVisible();
    await screen(page, testInfo, 'reset-notice');
    expect(await page.evaluate(() => localStorage.getItem('proxyscope.progress.v1'))).toBe('{"version":1,"lessons":{}}');
    await lessons.notice.getByRole('button', { name: 'OK' }).click();
    await expect(lessons.notice).toBeHidden();
    app.expectNoErrors();
  });
});
