// Virtual time. Milliseconds since the scenario's epoch; `wallTime` maps it onto a calendar
// date so timestamps look like a real cluster's (RFC 3339, second precision as the API writes).

export interface Clock {
  /** Virtual milliseconds since the simulation started. */
  now(): number;
  /** RFC 3339 UTC timestamp for a virtual time (default: now), e.g. 2026-11-21T09:00:00Z. */
  timestamp(at?: number): string;
  /** Virtual ms for a timestamp written by `timestamp` (NaN when unparseable). */
  parse(ts: string): number;
}

export class VirtualClock implements Clock {
  private current = 0;
  constructor(private readonly epochMs: number) {}

  now(): number {
    return this.current;
  }

  /** Only the scheduler moves time forward. */
  advanceTo(t: number): void {
    if (t > this.current) this.current = t;
  }

  timestamp(at: number = this.current): string {
    // Date is used purely as a calendar formatter for a virtual instant, never for "now".
    return new Date(this.epochMs + Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  parse(ts: string): number {
    return Date.parse(ts) - this.epochMs;
  }
}
