// The parts other folders own, loaded lazily (each its own chunk: xterm, d3 and the Chains
// view stay out of the first paint) and fenced by an error boundary so one failing panel
// does not take the page down.
import { Component, lazy, Suspense, type ErrorInfo, type ReactNode } from 'react';

export const ChainsView = lazy(() => import('../chains/ChainsView.tsx').then((m) => ({ default: m.ChainsView })));
export const Inspector = lazy(() => import('../inspector/Inspector.tsx').then((m) => ({ default: m.Inspector })));
export const BytesChart = lazy(() => import('../timeline/BytesChart.tsx').then((m) => ({ default: m.BytesChart })));
export const Timeline = lazy(() => import('../timeline/Timeline.tsx').then((m) => ({ default: m.Timeline })));
export const TerminalPanel = lazy(() => import('../terminal/TerminalPanel.tsx').then((m) => ({ default: m.TerminalPanel })));

class Boundary extends Component<{ name: string; children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`Proxyscope: the ${this.props.name} failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="ps-panel-error" role="alert">
          The {this.props.name} stopped: {this.state.error.message}
          <button type="button" className="ps-btn" onClick={() => this.setState({ error: undefined })}>
            Retry
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

/** A lazily loaded part with a quiet loading state and its own error boundary. */
export function Part({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Boundary name={name}>
      <Suspense fallback={<div className="ps-panel-loading">Loading {name}…</div>}>{children}</Suspense>
    </Boundary>
  );
}
