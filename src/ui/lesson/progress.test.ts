import { describe, expect, it } from 'vitest';
import { PROGRESS_KEY, RESET_NOTICE, emptyProgress, loadProgress, parseProgress, recordProgress, saveProgress, serializeProgress, type KeyValue } from './progress.ts';

function memory(initial?: string): KeyValue & { value: string | null } {
  const s = {
    value: initial ?? null,
    getItem: (k: string) => (k === PROGRESS_KEY ? s.value : null),
    setItem: (k: string, v: string) => {
      if (k === PROGRESS_KEY) s.value = v;
    },
  };
  return s;
}

describe('lesson progress (localStorage proxyscope.progress.v1)', () => {
  it('nothing saved: empty progress, no notice', () => {
    expect(parseProgress(null)).toEqual({ progress: { version: 1, lessons: {} } });
  });

  it('round-trips what it saved', () => {
    let p = recordProgress(emptyProgress(), '05-scale-to-250', 2, false);
    p = recordProgress(p, '01-first-look', 3, true);
    expect(serializeProgress(p)).toBe('{"version":1,"lessons":{"05-scale-to-250":{"completed":false,"step":2},"01-first-look":{"completed":true,"step":3}}}');
    expect(parseProgress(serializeProgress(p))).toEqual({ progress: p });
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['an array', '[]'],
    ['another version', '{"version":2,"lessons":{}}'],
    ['lessons not an object', '{"version":1,"lessons":[]}'],
    ['a bad step', '{"version":1,"lessons":{"05-scale-to-250":{"completed":false,"step":-1}}}'],
    ['a bad completed', '{"version":1,"lessons":{"05-scale-to-250":{"completed":"yes","step":1}}}'],
    ['a bad id', '{"version":1,"lessons":{"<img>":{"completed":true,"step":1}}}'],
    ['null', 'null'],
  ])('%s: reset with the notice', (_name, text) => {
    expect(parseProgress(text)).toEqual({ progress: { version: 1, lessons: {} }, notice: RESET_NOTICE });
  });

  it('loading a corrupt value writes the reset back (the notice shows once)', () => {
    const store = memory('garbage');
    expect(loadProgress(store).notice).toBe(RESET_NOTICE);
    expect(store.value).toBe('{"version":1,"lessons":{}}');
    expect(loadProgress(store).notice).toBeUndefined();
  });

  it('blocked storage: empty progress, no notice, saving does not throw', () => {
    const blocked: KeyValue = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadProgress(blocked)).toEqual({ progress: { version: 1, lessons: {} } });
    expect(() => saveProgress(blocked, emptyProgress())).not.toThrow();
  });

  it('the step reached never goes back; completed stays completed', () => {
    let p = recordProgress(emptyProgress(), '05-scale-to-250', 3, true);
    p = recordProgress(p, '05-scale-to-250', 1, false);
    expect(p.lessons['05-scale-to-250']).toEqual({ completed: true, step: 3 });
    expect(recordProgress(p, '05-scale-to-250', 2, false)).toBe(p);
  });
});
