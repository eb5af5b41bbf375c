// The page: top bar; the selected view; a right column with the Inspector and the bytes
// chart; at the bottom the Terminal beside the Timeline. The Services view is part of the
// first paint; the other parts load as their own chunks.
import { useEffect } from 'react';
import { ServicesView } from '../services/ServicesView.tsx';
import { useStore } from '../store/index.ts';
import { LessonDock } from '../lesson/LessonDock.tsx';
import { BytesChart, ChainsView, Inspector, Part, TerminalPanel, Timeline } from './panels.tsx';
import { TopBar } from './TopBar.tsx';
import { PresenterBanner, ShareNotice, usePresenterRuntime } from '../presenter/Presenter.tsx';
import './app.css';

/** Theme and animation flags as attributes on <html>, for CSS (and xyflow's colorMode). */
function useDocumentFlags(): void {
  const theme = useStore((s) => s.ui.theme);
  const animate = useStore((s) => s.ui.animate);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.animate = String(animate);
  }, [theme, animate]);
}

function Main() {
  const view = useStore((s) => s.ui.view);
  const error = useStore((s) => s.sim.error);
  return (
    <main id="ps-main" className="ps-main" role="tabpanel" aria-labelledby={`tab-${view}`}>
      {error ? (
        <div className="ps-panel-error" role="alert">
          The simulation could not start: {error}
        </div>
      ) : view === 'services' ? (
        <ServicesView />
      ) : (
        <Part name="Chains view">
          <ChainsView />
        </Part>
      )}
    </main>
  );
}

export function App() {
  useDocumentFlags();
  usePresenterRuntime();
  const lessons = useStore((s) => s.lesson.open);
  return (
    <div className={`ps-app${lessons ? ' has-lesson' : ''}`} data-testid="app">
      <div className="ps-top">
        <TopBar />
        <ShareNotice />
        <PresenterBanner />
      </div>
      <LessonDock />
      <Main />
      <aside className="ps-side" aria-label="Details">
        <div className="ps-side-inspector">
          <Part name="Inspector">
            <Inspector />
          </Part>
        </div>
        <div className="ps-side-chart">
          <Part name="bytes chart">
            <BytesChart />
          </Part>
        </div>
      </aside>
      <section className="ps-bottom" aria-label="Terminal and timeline">
        <div className="ps-bottom-terminal">
          <Part name="terminal">
            <TerminalPanel />
          </Part>
        </div>
        <div className="ps-bottom-timeline">
          <Part name="timeline">
            <Timeline />
          </Part>
        </div>
      </section>
    </div>
  );
}
