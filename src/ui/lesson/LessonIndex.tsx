// The lesson index: every lesson with its number, title, summary and the learner's progress
// (✓ once completed, "step N/M" when started), and the Sandbox (every command enabled).
import { openLesson } from '../store/lesson.ts';
import { useStore } from '../store/index.ts';

export function LessonIndex() {
  const index = useStore((s) => s.lesson.index);
  const progress = useStore((s) => s.lesson.progress);
  const running = useStore((s) => s.lesson.lesson?.id);
  const connected = useStore((s) => s.api !== undefined);
  return (
    <nav className="ps-lesson-index" data-testid="lesson-index" aria-label="Lessons">
      {index.length === 0 && <p className="ps-lesson-muted">Loading lessons…</p>}
      <ol className="ps-lesson-list">
        {index.map((l) => {
          const p = progress.lessons[l.id];
          const done = p?.completed ?? false;
          const state = done ? 'Completed' : p && p.step > 0 ? `Step ${Math.min(p.step + 1, l.steps)} of ${l.steps}` : `${l.steps} steps`;
          return (
            <li key={l.id}>
              <button
                type="button"
                className="ps-lesson-item"
                data-testid={`lesson-item-${l.id}`}
                data-complete={done}
                aria-current={running === l.id ? 'true' : undefined}
                disabled={!connected}
                onClick={() => void openLesson(l.id)}
              >
                <span className="ps-lesson-num mono">{String(l.number).padStart(2, '0')}</span>
                <span className="ps-lesson-body">
                  <span className="ps-lesson-title">{l.title}</span>
                  <span className="ps-lesson-summary">{l.summary}</span>
                  <span className="ps-lesson-state">{state}</span>
                </span>
                <span className={`ps-lesson-mark${done ? ' is-done' : ''}`} aria-label={done ? 'completed' : undefined}>
                  {done ? '✓' : ''}
                </span>
              </button>
            </li>
          );
        })}
        <li>
          <button type="button" className="ps-lesson-item is-sandbox" data-testid="lesson-sandbox" disabled={!connected} onClick={() => void openLesson(undefined)}>
            <span className="ps-lesson-num mono">∞</span>
            <span className="ps-lesson-body">
              <span className="ps-lesson-title">Sandbox</span>
              <span className="ps-lesson-summary">The default cluster with every command enabled, no steps.</span>
            </span>
            <span className="ps-lesson-mark" />
          </button>
        </li>
      </ol>
    </nav>
  );
}
