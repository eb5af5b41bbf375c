// Presenter mode, demos and share banners: a small store of their own (the page store keeps
// the simulation mirror; this one only what the presenter sees and drives).
import { create } from 'zustand';
import type { Demo } from './demoFormat.ts';

export interface DemoMark {
  /** Recorded entries (commands and traffic changes) before the step ran. */
  entries: number;
  /** Virtual time when the step ran. */
  atMs: number;
}

export interface DemoRun {
  demo: Demo;
  /** The next step to run (= steps done). */
  next: number;
  /** Where each step done ran: stepping back replays up to one of these. */
  marks: DemoMark[];
  /** The sim's virtual time when the last step ran (auto-advance waits its waitMs from there). */
  lastAt: number;
  /** A replay (step back) or a command is under way: keys wait. */
  busy: boolean;
}

export interface Banner {
  kind: 'error' | 'info';
  text: string;
}

export interface PresenterState {
  present: boolean;
  slowMotion: boolean;
  demo?: DemoRun;
  /** The last command line typed (the banner shows it large). */
  lastCommand?: string;
  /** A short note for the presenter ("← works in demos"); cleared by the next key. */
  hint?: string;
  banner?: Banner;
}

export const usePresenter = create<PresenterState>()(() => ({ present: false, slowMotion: false }));

export function setPresenter(patch: Partial<PresenterState>): void {
  usePresenter.setState(patch);
}
