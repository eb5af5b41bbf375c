// Slow motion for packet dots (presenter mode, key S): a factor on the dots' flight times,
// kept as `data-packet-motion` on <html> so any view reads it without a store subscription.
export const SLOW_MOTION_FACTOR = 4;

/** How many times longer a dot's flight takes now (1: normal). */
export function packetMotionFactor(): number {
  if (typeof document === 'undefined') return 1;
  return document.documentElement.dataset.packetMotion === 'slow' ? SLOW_MOTION_FACTOR : 1;
}

export function setSlowMotion(slow: boolean): void {
  if (typeof document === 'undefined') return;
  if (slow) document.documentElement.dataset.packetMotion = 'slow';
  else delete document.documentElement.dataset.packetMotion;
}
