// The Share button: the session recorded in the worker (scenario, seed, mode, commands) as a
// URL, copied to the clipboard and shown in a field (where the clipboard is not allowed).
import { useState } from 'react';
import { usePresenter } from '../presenter/state.ts';
import { useStore } from '../store/index.ts';
import { fitCommands, shareUrl, type ShareMode } from './link.ts';

export function ShareButton() {
  const connected = useStore((s) => s.api !== undefined);
  const [url, setUrl] = useState<string>();
  const [note, setNote] = useState('');
  const share = async () => {
    const api = useStore.getState().api;
    if (!api) return;
    const rec = await api.recording();
    const { present, demo } = usePresenter.getState();
    const mode: ShareMode = rec.lesson ? { kind: 'lesson', id: rec.lesson } : demo ? { kind: 'demo', id: demo.demo.id } : present ? { kind: 'present' } : { kind: 'sandbox' };
    const { session, dropped } = fitCommands({ scenario: rec.scenario, seed: rec.seed, mode, traffic: rec.trafficRate, commands: rec.commands }, location.href);
    const link = shareUrl(location.href, session);
    setUrl(link);
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      // no clipboard permission (http, a test browser): the field shows the link to copy
    }
    setNote(`${copied ? 'Copied' : 'Copy the link'}${dropped ? ` (the last ${dropped} commands did not fit)` : ''}`);
  };
  return (
    <span className="ps-share-panel">
      <button type="button" className="ps-btn" data-testid="share" disabled={!connected} title="Copy a link that replays this session" onClick={() => void share()}>
        Share
      </button>
      {url && (
        <>
          <input className="ps-share-url mono" data-testid="share-url" readOnly value={url} aria-label="Share link" onFocus={(e) => e.target.select()} />
          <span data-testid="share-note" role="status">
            {note}
          </span>
        </>
      )}
    </span>
  );
}
