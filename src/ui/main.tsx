// Page entry: the store's test hook, the React tree, then the bridge to the simulation.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { currentFlags } from './app/flags.ts';
import { startBridge } from './store/bridge.ts';
import { useStore } from './store/index.ts';
import { hookWanted, installTestHook } from './store/testHook.ts';
import './styles/global.css';

if (hookWanted(currentFlags().test)) installTestHook(useStore);

const { theme, animate } = useStore.getState().ui;
document.documentElement.dataset.theme = theme;
document.documentElement.dataset.animate = String(animate);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void startBridge();
