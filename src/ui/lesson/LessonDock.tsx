// In the first-view bundle: the "Lessons" toggle for the top bar, and the column's slot, which
// loads the lesson chunk (LessonColumn, marked) only once the column is opened.
import { lazy } from 'react';
import { toggleLessons } from '../store/lesson.ts';
import { useStore } from '../store/index.ts';
import { Part } from '../app/panels.tsx';

const LessonColumn = lazy(() => import('./LessonColumn.tsx').then((m) => ({ default: m.LessonColumn })));

export function LessonToggle() {
  const open = useStore((s) => s.lesson.open);
  const notice = useStore((s) => s.lesson.notice !== undefined);
  return (
    <button type="button" className="ps-btn" data-testid="lesson-toggle" aria-pressed={open} aria-controls="ps-lesson" title="Guided lessons" onClick={toggleLessons}>
      Lessons{notice && !open ? ' •' : ''}
    </button>
  );
}

/** The left column while the lessons are open (nothing otherwise). */
export function LessonDock() {
  const open = useStore((s) => s.lesson.open);
  if (!open) return null;
  return (
    <aside id="ps-lesson" className="ps-lesson-dock" aria-label="Lesson">
      <Part name="lesson">
        <LessonColumn />
      </Part>
    </aside>
  );
}
