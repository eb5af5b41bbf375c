// The bridge's batch reducer: snapshot replace, events appended and capped, packets from
// 'packet' events, slice pulses with their merged endpoint diff.
import { describe, expect, it } from 'vitest';
import type { PacketView, SimBatch, SimEvent } from '../../engine/view/types.ts';
import { applyBatch, expirePulses, MAX_EVENTS, MAX_PACKETS } from './apply.ts';
import type { SimState } from './types.ts';

const empty: SimState = { events: [], packets: [], pulses: {}, now: 0, scenarios: [] };
const batch = (events: SimEvent[], now = 1000): SimBatch => ({ now, playing: true, speed: 1, events });
const slice = (seq: number, added: string[], removed: string[], verb: 'create' | 'update' | 'delete' = 'update'): SimEvent => ({
  kind: 'slice', seq, at: seq, namespace: 'default', name: 'auth-service-abcde', service: 'auth-service', verb, added, removed, bytes: 100,
});
const packet = (id: number): PacketView => ({ id, at: id, source: 'traffic', from: '10.244.2.2', to: '10.96.0.1:443', proto: 'tcp', outcome: 'connected', masqueraded: false, hops: [] });

const packetEvent = (id: number): SimEvent => ({ kind: 'packet', seq: id, at: id, packet: packet(id) });

describe('applyBatch', () => {
  it('appends events newest last and keeps the newest MAX_EVENTS', () => {
    const events = Array.from({ length: MAX_EVENTS + 5 }, (_, i): SimEvent => ({ kind: 'note', seq: i + 1, at: i, source: 't', message: String(i) }));
    const s = applyBatch(empty, batch(events, 42), 0, 4000);
    expect(s.events).toHaveLength(MAX_EVENTS);
    expect(s.events[0]!.seq).toBe(6);
    expect(s.events.at(-1)!.seq).toBe(MAX_EVENTS + 5);
    expect(s.now).toBe(42);
  });

  it('collects packets from packet events, capped at MAX_PACKETS', () => {
    const events = Array.from({ length: MAX_PACKETS + 1 }, (_, i): SimEvent => ({ kind: 'packet', seq: i + 1, at: i, packet: packet(i + 1) }));
    const s = applyBatch(empty, batch(events), 0, 4000);
    expect(s.packets.map((p) => p.id)).toEqual(Array.from({ length: MAX_PACKETS }, (_, i) => i + 2));
  });

  it('pulses a changed slice with its diff; a quick second change merges (added then removed cancels)', () => {
    const a = applyBatch(empty, batch([slice(1, ['10.244.1.5', '10.244.1.6'], [])]), 100, 4000);
    expect(a.pulses['default/auth-service-abcde']).toEqual({ at: 100, added: ['10.244.1.5', '10.244.1.6'], removed: [] });
    const b = applyBatch(a, batch([slice(2, [], ['10.244.1.6', '10.244.2.9'])]), 200, 4000);
    expect(b.pulses['default/auth-service-abcde']).toEqual({ at: 200, added: ['10.244.1.5'], removed: ['10.244.2.9'] });
    // After the pulse has faded, a new change starts a fresh diff.
    const c = applyBatch(b, batch([slice(3, ['10.244.3.1'], [])]), 5000, 4000);
    expect(c.pulses['default/auth-service-abcde']).toEqual({ at: 5000, added: ['10.244.3.1'], removed: [] });
    expect(applyBatch(c, batch([slice(4, [], [], 'delete')]), 5100, 4000).pulses).toEqual({});
  });

  it('with animation off, a batch that writes slices ends the pulses of the slices it did not write', () => {
    const other = { ...(slice(1, ['10.244.1.7'], []) as Extract<SimEvent, { kind: 'slice' }>), name: 'auth-service-fghij' };
    const a = applyBatch(empty, batch([slice(1, ['10.244.1.5'], []), other]), 100, 4000, true);
    expect(Object.keys(a.pulses).sort()).toEqual(['default/auth-service-abcde', 'default/auth-service-fghij']);
    // A batch without slice writes changes nothing; the next slice write keeps only its slice.
    const b = applyBatch(a, batch([packetEvent(2)]), 60_000, 4000, true);
    expect(b.pulses).toBe(a.pulses);
    const c = applyBatch(b, batch([slice(3, [], ['10.244.1.5'])]), 60_100, 4000, true);
    expect(c.pulses).toEqual({ 'default/auth-service-abcde': { at: 60_100, added: [], removed: ['10.244.1.5'] } });
    // With animation on, untouched pulses stay until they fade.
    expect(Object.keys(applyBatch(a, batch([slice(3, [], ['10.244.1.5'])]), 200, 4000).pulses)).toHaveLength(2);
  });

  it('keeps the previous snapshot when the batch has none, and expires old pulses', () => {
    const snap = { version: 3 } as SimState['snapshot'];
    const s = applyBatch({ ...empty, snapshot: snap }, batch([]), 0, 4000);
    expect(s.snapshot).toBe(snap);
    const pulses = { 'a/x': { at: 0, added: [], removed: [] }, 'a/y': { at: 3000, added: ['1'], removed: [] } };
    expect(Object.keys(expirePulses(pulses, 4500, 4000))).toEqual(['a/y']);
    expect(expirePulses(pulses, 100, 4000)).toBe(pulses);
  });
});
