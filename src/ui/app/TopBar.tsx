// The top bar: title, clock controls (play / pause / step / speed), traffic, scenario and
// reset, the view tabs with the node picker, and the theme toggle. Every control is a native
// button or select: keyboard reachable, with the global focus ring.
import { useId, type KeyboardEvent } from 'react';
import { restart } from '../store/bridge.ts';
import { pause, play, setNode, setSpeed, setTraffic, setView, SPEEDS, step, toggleTheme, useStore } from '../store/index.ts';
import { currentFlags, DEFAULT_TRAFFIC } from './flags.ts';
import { DemoPicker, PresenterToggle } from '../presenter/Presenter.tsx';
import { ShareButton } from '../share/ShareButton.tsx';
import { LessonToggle } from '../lesson/LessonDock.tsx';

function Icon({ d }: { d: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}

function speedLabel(s: number): string {
  return `${s}×`;
}

function Clock() {
  const playing = useStore((s) => s.ui.playing);
  const speed = useStore((s) => s.ui.speed);
  const connected = useStore((s) => s.api !== undefined);
  const now = useStore((s) => s.sim.now);
  const speedId = useId();
  const t = Math.floor(now / 1000);
  const clock = `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
  return (
    <div className="ps-group-ctl" role="group" aria-label="Clock">
      <button type="button" className="ps-btn icon" data-testid="play" aria-pressed={playing} aria-label="Play" title="Play" disabled={!connected} onClick={() => void play()}>
        <Icon d="M4 2.5v11l9-5.5z" />
      </button>
      <button type="button" className="ps-btn icon" data-testid="pause" aria-pressed={!playing} aria-label="Pause" title="Pause" disabled={!connected} onClick={() => void pause()}>
        <Icon d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z" />
      </button>
      <button type="button" className="ps-btn icon" data-testid="step" aria-label="Step one second" title="Step 1 s (pauses)" disabled={!connected} onClick={() => void step()}>
        <Icon d="M2.5 2.5v11l7.5-5.5zM11 2.5h2.5v11H11z" />
      </button>
      <label className="visually-hidden" htmlFor={speedId}>
        Speed
      </label>
      <select id={speedId} className="ps-select" data-testid="speed" value={speed} disabled={!connected} title="Virtual seconds per real second" onChange={(e) => void setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {speedLabel(s)}
          </option>
        ))}
      </select>
      <span className="ps-clock mono" title="Virtual time since the scenario started" aria-label="Virtual time">
        t={clock}
      </span>
    </div>
  );
}

function Scenario() {
  const scenarios = useStore((s) => s.sim.scenarios);
  const current = useStore((s) => s.ui.scenario);
  const rate = useStore((s) => s.ui.trafficRate);
  const connected = useStore((s) => s.api !== undefined);
  const pickerId = useId();
  const onRate = currentFlags().traffic || DEFAULT_TRAFFIC;
  return (
    <div className="ps-group-ctl" role="group" aria-label="Scenario">
      <button
        type="button"
        className="ps-btn"
        data-testid="traffic-toggle"
        aria-pressed={rate > 0}
        disabled={!connected}
        title={`client → auth-service, ${onRate} connections per virtual second`}
        onClick={() => void setTraffic(rate > 0 ? 0 : onRate)}
      >
        Traffic {rate > 0 ? 'on' : 'off'}
      </button>
      <label className="visually-hidden" htmlFor={pickerId}>
        Scenario
      </label>
      <select id={pickerId} className="ps-select ps-scenario" data-testid="scenario-picker" value={current ?? ''} disabled={!connected || scenarios.length === 0} onChange={(e) => void restart({ scenario: e.target.value })}>
        {scenarios.length === 0 && <option value="">{current ?? 'scenario'}</option>}
        {scenarios.map((s) => (
          <option key={s.id} value={s.id} title={s.description}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="button" className="ps-btn" data-testid="reset" disabled={!connected} title="Restart the scenario from the beginning" onClick={() => void restart()}>
        Reset
      </button>
    </div>
  );
}

function Views() {
  const view = useStore((s) => s.ui.view);
  const node = useStore((s) => s.ui.node);
  const nodes = useStore((s) => s.sim.snapshot?.nodes);
  const pickerId = useId();
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const next = view === 'services' ? 'chains' : 'services';
      setView(next);
      document.querySelector<HTMLElement>(`[data-testid="view-tab-${next}"]`)?.focus();
      e.preventDefault();
    }
  };
  return (
    <div className="ps-group-ctl">
      <div className="ps-tabs" role="tablist" aria-label="View" onKeyDown={onTabKey}>
        {(['services', 'chains'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-controls="ps-main"
            aria-selected={view === v}
            tabIndex={view === v ? 0 : -1}
            className="ps-tab"
            data-testid={`view-tab-${v}`}
            onClick={() => setView(v)}
          >
            {v === 'services' ? 'Services' : 'Chains'}
          </button>
        ))}
      </div>
      <label className="visually-hidden" htmlFor={pickerId}>
        Node
      </label>
      <select id={pickerId} className="ps-select" data-testid="node-picker" value={node} title="The node whose KUBE-* chains the Chains view shows" onChange={(e) => setNode(e.target.value)}>
        {!nodes?.length && <option value={node}>{node || 'node'}</option>}
        {nodes?.map((n) => (
          <option key={n.name} value={n.name}>
            {n.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TopBar() {
  const theme = useStore((s) => s.ui.theme);
  return (
    <header className="ps-topbar">
      <h1 className="ps-brand">
        Proxyscope
      </h1>
      <LessonToggle />
      <Clock />
      <Scenario />
      <Views />
      <div className="ps-group-ctl" role="group" aria-label="Present and share">
        <PresenterToggle />
        <DemoPicker />
        <ShareButton />
      </div>
      <button
        type="button"
        className="ps-btn icon ps-theme"
        data-testid="theme-toggle"
        aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        onClick={toggleTheme}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
