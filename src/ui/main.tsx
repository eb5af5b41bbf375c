// Placeholder page until the live views land (issue: the page). It boots the same engine the
// CLI runs, in the page, and shows what a few kubectl commands print — the engine's own output.
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { createSimulation } from '../engine/index.ts';
import { createSession } from '../engine/session.ts';
import defaultScenario from '../../content/scenarios/default.yaml?raw';
import './placeholder.css';

const COMMANDS = ['kubectl get nodes', 'kubectl get pods -A -o wide', 'kubectl get svc,endpointslices'];

function Transcript() {
  const text = useMemo(() => {
    const created = createSimulation({ scenario: defaultScenario, seed: 1 });
    if (!created.ok) return `Could not start the simulation: ${created.error}`;
    const shell = createSession(created.sim);
    return COMMANDS.map((c) => {
      const out = shell.execute(c);
      return `$ ${c}\n${out.chunks.map((ch) => ch.text).join('')}`;
    }).join('\n');
  }, []);
  return <pre data-testid="transcript">{text}</pre>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main>
      <h1>Proxyscope</h1>
      <p>
        A simulated Kubernetes cluster, faithful enough to debug with. The live Service, EndpointSlice and
        KUBE-chain views are on their way; meanwhile this is the default scenario as kubectl shows it.
      </p>
      <Transcript />
    </main>
  </StrictMode>,
);
