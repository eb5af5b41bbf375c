// The lesson running: header, the intro (on the first step), the step list with ✓ for passed
// steps, the step shown (StepView), Back / Next, and the completion message.
import { useEffect, useRef } from 'react';
import type { Lesson } from '../../engine/lessons/types.ts';
import { backStep, browseLessons, nextStep, openLesson, viewStep } from '../store/lesson.ts';
import { useStore } from '../store/index.ts';
import { Markdown } from './Markdown.tsx';
import { awaitsReading, canGoNext } from './state.ts';
import { StepView } from './StepView.tsx';

function StepList({ lesson }: { lesson: Lesson }) {
  const status = useStore((s) => s.lesson.status);
  const viewing = useStore((s) => s.lesson.viewing);
  const current = status?.current ?? 0;
  return (
    <ol className="ps-lesson-steps" aria-label="Steps">
      {lesson.steps.map((st, i) => {
        const passed = status?.passed[i] ?? false;
        return (
          <li key={i}>
            <button
              type="button"
              className={`ps-lesson-steplink${i === viewing ? ' is-viewing' : ''}`}
              data-testid={`lesson-step-${i}`}
              data-passed={passed}
              aria-current={i === viewing ? 'step' : undefined}
              disabled={i > current}
              onClick={() => viewStep(i)}
            >
              <span className={`ps-step-mark${passed ? ' is-ok' : ''}`} aria-label={passed ? 'passed' : undefined}>
                {passed ? '✓' : i === current ? '•' : '○'}
              </span>
              {st.title}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function Complete({ lesson }: { lesson: Lesson }) {
  const index = useStore((s) => s.lesson.index);
  const next = index.find((l) => l.number > lesson.number);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  return (
    <section className="ps-lesson-complete" data-testid="lesson-complete" role="status" ref={box}>
      <strong>Lesson complete.</strong> You finished “{lesson.title}”: every step passed. The cluster keeps running — explore it, or go on.
      <div className="ps-lesson-nav">
        {next && (
          <button type="button" className="ps-btn primary" data-testid="lesson-next-lesson" onClick={() => void openLesson(next.id)}>
            Next: {next.title}
          </button>
        )}
        <button type="button" className="ps-btn" onClick={() => browseLessons(true)}>
          All lessons
        </button>
      </div>
    </section>
  );
}

export function LessonPanel({ lesson }: { lesson: Lesson }) {
  const viewing = useStore((s) => s.lesson.viewing);
  const state = useStore((s) => s.lesson);
  const complete = state.status?.complete ?? false;
  const step = lesson.steps[viewing];
  const passed = state.status?.passed[viewing] ?? false;
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block, not an expression: scrollTo returns a promise in new browsers, and an effect may return only its cleanup.
    body.current?.scrollTo?.({ top: 0 });
  }, [viewing, lesson.id]);
  const last = viewing >= lesson.steps.length - 1;
  return (
    <div className="ps-lesson-panel" data-testid="lesson-panel" data-lesson={lesson.id} data-current={state.status?.current ?? 0} data-complete={complete}>
      <header className="ps-lesson-head">
        <div className="ps-lesson-kicker">Lesson {lesson.number}</div>
        <h1 className="ps-lesson-h1">{lesson.title}</h1>
        <StepList lesson={lesson} />
      </header>
      <div className="ps-lesson-scroll" ref={body}>
        {viewing === 0 && lesson.intro.trim() !== '' && <Markdown text={lesson.intro} className="ps-md ps-lesson-intro" />}
        {step && <StepView step={step} index={viewing} />}
        {passed && !last && (
          <p className="ps-lesson-passed" role="status">
            ✓ Step passed.
          </p>
        )}
        {complete && <Complete lesson={lesson} />}
      </div>
      <footer className="ps-lesson-nav">
        <button type="button" className="ps-btn" data-testid="lesson-back" disabled={viewing === 0} onClick={backStep}>
          Back
        </button>
        <span className="ps-lesson-muted">
          Step {viewing + 1} of {lesson.steps.length}
        </span>
        <button type="button" className={`ps-btn${passed || awaitsReading(state) ? ' primary' : ''}`} data-testid="lesson-next" disabled={!canGoNext(state)} onClick={() => void nextStep()}>
          {last ? 'Finish' : 'Next'}
        </button>
      </footer>
    </div>
  );
}
