// One step of the lesson shown: its prose, the goals with their live check results (the detail
// when one fails), command chips, and hints revealed one at a time.
import type { CheckResult, LessonStep } from '../../engine/lessons/types.ts';
import { revealHint, runChip } from '../store/lesson.ts';
import { useStore } from '../store/index.ts';
import { Markdown } from './Markdown.tsx';

type GoalState = { ok: boolean | undefined; detail?: string };

/** Passed: every goal met. The step being evaluated: the checks' results. Later: not yet. */
function goalStates(step: LessonStep, passed: boolean, evaluating: boolean, checks: CheckResult[]): GoalState[] {
  return step.goals.map((_, i) => {
    if (passed) return { ok: true };
    if (!evaluating) return { ok: undefined };
    const c = checks[i];
    return c ? { ok: c.ok, ...(c.detail ? { detail: c.detail } : {}) } : { ok: undefined };
  });
}

function Goals({ step, index }: { step: LessonStep; index: number }) {
  const status = useStore((s) => s.lesson.status);
  if (step.goals.length === 0) return null;
  const passed = status?.passed[index] ?? false;
  const states = goalStates(step, passed, status?.current === index, status?.checks ?? []);
  return (
    <section className="ps-lesson-goals" aria-label="Goals">
      <h3 className="ps-lesson-label">Goal{step.goals.length > 1 ? 's' : ''}</h3>
      <ul>
        {step.goals.map((g, i) => {
          const st = states[i]!;
          const mark = st.ok === true ? '✓' : st.ok === false ? '✗' : '○';
          return (
            <li key={i} className="ps-lesson-goal" data-testid="lesson-goal" data-ok={st.ok === undefined ? 'pending' : String(st.ok)}>
              <span className={`ps-goal-mark${st.ok ? ' is-ok' : ''}`} aria-hidden="true">
                {mark}
              </span>
              <span>
                {g}
                {st.ok === false && st.detail && <span className="ps-goal-detail">{st.detail}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Chips({ chips }: { chips: string[] }) {
  const connected = useStore((s) => s.api !== undefined);
  if (chips.length === 0) return null;
  return (
    <section className="ps-lesson-chips" aria-label="Commands to try">
      <h3 className="ps-lesson-label">Try</h3>
      {chips.map((c, i) => (
        <button key={i} type="button" className="ps-chip mono" data-testid="lesson-chip" disabled={!connected} title="Type this command in the terminal and run it" onClick={() => void runChip(c)}>
          {c}
        </button>
      ))}
    </section>
  );
}

function Hints({ hints }: { hints: string[] }) {
  const shown = useStore((s) => s.lesson.hints);
  if (hints.length === 0) return null;
  return (
    <section className="ps-lesson-hints" aria-label="Hints">
      {hints.slice(0, shown).map((h, i) => (
        <div key={i} className="ps-lesson-hint" data-testid="lesson-hint">
          <Markdown text={h} />
        </div>
      ))}
      {shown < hints.length && (
        <button type="button" className="ps-btn ps-lesson-hint-btn" data-testid="lesson-hint-more" onClick={revealHint}>
          {shown === 0 ? 'Show a hint' : 'Another hint'} ({shown}/{hints.length})
        </button>
      )}
    </section>
  );
}

export function StepView({ step, index }: { step: LessonStep; index: number }) {
  return (
    <article className="ps-lesson-step" data-testid="lesson-step" data-index={index}>
      <h2 className="ps-lesson-step-title" data-testid="lesson-step-title">
        {index + 1}. {step.title}
      </h2>
      <Markdown text={step.prose} className="ps-md" />
      <Goals step={step} index={index} />
      <Chips chips={step.chips} />
      <Hints hints={step.hints} />
    </article>
  );
}
