// Presenter mode's parts: the keys (keys.ts says when they act), the banner (the last command
// typed, a demo's step and what to say, hints), the top-bar toggle and demo picker, and the
// start-up from the URL (?mode=present, ?demo=ID, ?share=…). All link and demo text renders
// as React text, never as HTML.
import { useEffect, useId } from 'react';
import { useStore } from '../store/index.ts';
import { openFromUrl } from '../share/open.ts';
import { backward, closeDemo, forward, nextAnything, nudgeSpeed, openDemo, startDemoAutoAdvance, toggleSlowMotion, togglePlay, togglePresent } from './actions.ts';
import { DEMOS } from './demos.ts';
import { focusOf, presenterAction } from './keys.ts';
import { setPresenter, usePresenter } from './state.ts';
import './presenter.css';

/** Real ms between two looks at the worker's history for the banner's last command. */
const LAST_COMMAND_POLL_MS = 400;

function onKey(e: KeyboardEvent): void {
  const { present } = usePresenter.getState();
  const action = presenterAction({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, focus: focusOf(document.activeElement) }, present);
  if (!action) return;
  e.preventDefault();
  e.stopPropagation();
  if (action !== 'slow-motion') setPresenter({ hint: undefined });
  switch (action) {
    case 'leave-terminal':
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector<HTMLElement>('[data-testid="app"]')?.focus();
      setPresenter({ hint: 'Left the terminal: presenter keys work (click the terminal to type)' });
      return;
    case 'toggle-play':
      return void togglePlay();
    case 'forward':
      return void forward();
    case 'back':
      return void backward();
    case 'faster':
      return void nudgeSpeed(1);
    case 'slower':
      return void nudgeSpeed(-1);
    case 'next':
      return void nextAnything();
    case 'slow-motion':
      return toggleSlowMotion();
  }
}

/** Keys, demo auto-advance, the banner's last command, and the URL's share/demo/mode — once. */
export function usePresenterRuntime(): void {
  useEffect(() => {
    // Capture: Esc must reach us before xterm takes it.
    window.addEventListener('keydown', onKey, true);
    const stopAuto = startDemoAutoAdvance();
    let opened = false;
    const openOnce = () => {
      const s = useStore.getState();
      if (opened || !s.sim.snapshot || !s.api) return;
      opened = true;
      void openFromUrl(location.search);
    };
    const unsub = useStore.subscribe(openOnce);
    openOnce();
    const poll = setInterval(() => {
      const api = useStore.getState().api;
      if (!usePresenter.getState().present || !api) return;
      api.history().then(
        (h) => {
          const last = h[h.length - 1]?.line;
          if (last !== undefined && last !== usePresenter.getState().lastCommand) setPresenter({ lastCommand: last });
        },
        () => undefined,
      );
    }, LAST_COMMAND_POLL_MS);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      stopAuto();
      unsub();
      clearInterval(poll);
    };
  }, []);
}

export function PresenterToggle() {
  const present = usePresenter((s) => s.present);
  return (
    <button type="button" className="ps-btn" data-testid="presenter-toggle" aria-pressed={present} title="Presenter mode: large type, keys: Space ← → + − N S" onClick={togglePresent}>
      Present
    </button>
  );
}

export function DemoPicker() {
  const demo = usePresenter((s) => s.demo?.demo.id);
  const connected = useStore((s) => s.api !== undefined);
  const id = useId();
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        Demo
      </label>
      <select
        id={id}
        className="ps-select"
        data-testid="demo-picker"
        value={demo ?? ''}
        disabled={!connected}
        title="Scripted demos: a scenario and timed commands, stepped like slides"
        onChange={(e) => (e.target.value ? void openDemo(e.target.value) : closeDemo())}
      >
        <option value="">Demo…</option>
        {DEMOS.map((d) => (
          <option key={d.id} value={d.id}>
            {d.title}
          </option>
        ))}
      </select>
    </>
  );
}

/** Share-link notices (replayed, or refused and why) on every page, presenter or not. */
export function ShareNotice() {
  const banner = usePresenter((s) => s.banner);
  if (!banner) return null;
  return (
    <div className={`ps-share-banner is-${banner.kind}`} data-testid={banner.kind === 'error' ? 'share-error' : 'share-info'} role={banner.kind === 'error' ? 'alert' : 'status'}>
      <span>{banner.text}</span>
      <button type="button" className="ps-btn" data-testid="share-banner-close" aria-label="Dismiss" onClick={() => setPresenter({ banner: undefined })}>
        ×
      </button>
    </div>
  );
}

/** Presenter mode's banner: the demo step and its words, else the last command typed. */
export function PresenterBanner() {
  const present = usePresenter((s) => s.present);
  const run = usePresenter((s) => s.demo);
  const last = usePresenter((s) => s.lastCommand);
  const hint = usePresenter((s) => s.hint);
  const slow = usePresenter((s) => s.slowMotion);
  const speed = useStore((s) => s.ui.speed);
  const playing = useStore((s) => s.ui.playing);
  if (!present) return null;
  const said = run && run.next > 0 ? run.demo.steps[run.next - 1]!.say : run ? `${run.demo.title} — press → or Space to start` : undefined;
  return (
    <div className="ps-presenter-banner" data-testid="presenter-banner" aria-live="polite">
      {run && (
        <div className="ps-presenter-step" data-testid="demo-step" data-step={run.next} data-steps={run.demo.steps.length} data-busy={run.busy}>
          {run.demo.title} · step {run.next}/{run.demo.steps.length}
        </div>
      )}
      {said && (
        <div className="ps-presenter-say" data-testid="demo-say">
          {said}
        </div>
      )}
      <div className="ps-presenter-command mono" data-testid="presenter-last-command">
        {last ? `$ ${last}` : '$ _'}
      </div>
      <div className="ps-presenter-status" data-testid="presenter-status" data-speed={speed} data-playing={playing} data-slow={slow}>
        {playing ? '▶' : '❚❚'} {speed}× {slow ? '· slow motion' : ''} {hint ? `· ${hint}` : ''}
      </div>
    </div>
  );
}
