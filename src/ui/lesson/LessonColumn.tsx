// The lesson column (its own chunk, with marked): the index, or the lesson running. The saved
// progress notice (reset because unreadable) shows at the top until dismissed.
import { useEffect } from 'react';
import { browseLessons, dismissLessonNotice, loadLessonIndex, setLessonsOpen } from '../store/lesson.ts';
import { useStore } from '../store/index.ts';
import { LessonIndex } from './LessonIndex.tsx';
import { LessonPanel } from './LessonPanel.tsx';
import './lesson.css';

function Notice() {
  const notice = useStore((s) => s.lesson.notice);
  if (!notice) return null;
  return (
    <div className="ps-lesson-notice" data-testid="lesson-notice" role="alert">
      <span>{notice}</span>
      <button type="button" className="ps-btn" onClick={dismissLessonNotice}>
        OK
      </button>
    </div>
  );
}

export function LessonColumn() {
  const lesson = useStore((s) => s.lesson.lesson);
  const browsing = useStore((s) => s.lesson.browsing);
  const connected = useStore((s) => s.api !== undefined);
  useEffect(() => {
    if (connected) loadLessonIndex().catch((e: unknown) => console.warn('Proxyscope: the lesson index could not load', e));
  }, [connected]);
  const showIndex = !lesson || browsing;
  return (
    <div className="ps-lesson" data-testid="lesson-column">
      <div className="ps-lesson-bar">
        {showIndex ? (
          <span className="ps-lesson-bar-title">Lessons</span>
        ) : (
          <button type="button" className="ps-btn" data-testid="lesson-all" onClick={() => browseLessons(true)}>
            ← All lessons
          </button>
        )}
        {showIndex && lesson && (
          <button type="button" className="ps-btn" data-testid="lesson-resume" onClick={() => browseLessons(false)}>
            Back to lesson {lesson.number}
          </button>
        )}
        <button type="button" className="ps-btn icon ps-lesson-close" data-testid="lesson-close" aria-label="Hide the lessons" title="Hide the lessons" onClick={() => setLessonsOpen(false)}>
          ×
        </button>
      </div>
      <Notice />
      {showIndex ? <LessonIndex /> : <LessonPanel lesson={lesson} />}
    </div>
  );
}
