// The details panel: whatever is selected (an API object, a chain, a packet, an event) shown as
// the engine reports it. Escape or the close button clears the selection.
import { useEffect, useRef } from 'react';
import { select, useStore, type Selection } from '../store/index.ts';
import { ChainPanel } from './ChainPanel.tsx';
import { EventPanel } from './EventPanel.tsx';
import { ObjectPanel } from './ObjectPanel.tsx';
import { PacketPanel } from './PacketPanel.tsx';
import { kindOfResource } from './selection.ts';
import './inspector.css';

function title(sel: Selection): string {
  switch (sel.kind) {
    case 'object':
      return `${kindOfResource(sel.resource)} ${sel.namespace ? `${sel.namespace}/` : ''}${sel.name}`;
    case 'chain':
      return `${sel.chain} on ${sel.node}`;
    case 'packet':
      return `Connection #${sel.id}`;
    case 'event':
      return `Event #${sel.seq}`;
  }
}

function identity(sel: Selection): string {
  switch (sel.kind) {
    case 'object':
      return `object/${sel.resource}/${sel.namespace}/${sel.name}`;
    case 'chain':
      return `chain/${sel.node}/${sel.table}/${sel.chain}`;
    case 'packet':
      return `packet/${sel.id}`;
    case 'event':
      return `event/${sel.seq}`;
  }
}

function Body({ sel }: { sel: Selection }) {
  switch (sel.kind) {
    case 'object':
      return <ObjectPanel sel={sel} />;
    case 'chain':
      return <ChainPanel sel={sel} />;
    case 'packet':
      return <PacketPanel id={sel.id} />;
    case 'event':
      return <EventPanel seq={sel.seq} />;
  }
}

export function Inspector() {
  const sel = useStore((s) => s.ui.selection);
  const root = useRef<HTMLElement>(null);

  // Escape closes it when focus is inside the panel.
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && useStore.getState().ui.selection) {
        e.stopPropagation();
        select(undefined);
      }
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section ref={root} className="ps-inspector" data-testid="inspector" aria-label="Inspector" data-kind={sel?.kind ?? 'none'}>
      <header className="ps-inspector__head">
        <h2 className="ps-inspector__title" title={sel ? title(sel) : undefined}>
          {sel ? title(sel) : 'Inspector'}
        </h2>
        {sel && (
          <button type="button" className="ps-inspector__close" onClick={() => select(undefined)} aria-label="Close inspector" title="Close (Esc)">
            ×
          </button>
        )}
      </header>
      <div className="ps-inspector__body">
        {sel ? (
          <Body key={identity(sel)} sel={sel} />
        ) : (
          <p className="ps-inspector__hint">Select a Service, EndpointSlice, pod, chain, packet or event to see its details here.</p>
        )}
      </div>
    </section>
  );
}
