// Small, pure formatters shared by the chart, the timeline and the inspector.

/** Bytes as people read them: "812 B", "18.4 KiB", "1.2 MiB" (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${trim1(bytes / 1024)} KiB`;
  return `${trim1(bytes / (1024 * 1024))} MiB`;
}

function trim1(n: number): string {
  // One decimal below 100, none above: "9.8 KiB", "18.4 KiB", "245 KiB".
  return n < 100 ? n.toFixed(1) : Math.round(n).toString();
}

/** Virtual time (ms since the scenario's epoch) as "m:ss.mmm" — the timeline's clock. */
export function formatClock(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const minutes = Math.floor(t / 60_000);
  const seconds = Math.floor((t % 60_000) / 1000);
  const millis = t % 1000;
  return `${minutes}:${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
}

/** Short axis label for virtual time: "0s", "12s", "2m05s"; with ticks under a second apart, "12.5s". */
export function formatAxisTime(ms: number, stepMs = 1000): string {
  if (stepMs < 1000) {
    const decimals = stepMs < 100 ? 2 : 1;
    const s = (ms / 1000).toFixed(decimals);
    return ms < 60_000 ? `${s}s` : `${Math.floor(ms / 60_000)}m${(((ms % 60_000) / 1000).toFixed(decimals)).padStart(3 + decimals, '0')}s`;
  }
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
