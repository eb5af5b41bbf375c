// Presenter keys act only in presenter mode, never while typing in the terminal or a field.
import { describe, expect, it } from 'vitest';
import { presenterAction } from './keys.ts';

describe('presenterAction', () => {
  it('maps the keys outside the terminal', () => {
    const got = [' ', 'ArrowRight', 'ArrowLeft', '+', '=', '-', 'n', 'N', 's', 'x'].map((key) => presenterAction({ key, focus: 'page' }, true));
    expect(got).toEqual(['toggle-play', 'forward', 'back', 'faster', 'faster', 'slower', 'next', 'next', 'slow-motion', undefined]);
  });

  it('does nothing outside presenter mode, in the terminal (but Esc), in fields, or with modifiers', () => {
    expect(presenterAction({ key: ' ', focus: 'page' }, false)).toBeUndefined();
    expect(presenterAction({ key: ' ', focus: 'terminal' }, true)).toBeUndefined();
    expect(presenterAction({ key: 'n', focus: 'terminal' }, true)).toBeUndefined();
    expect(presenterAction({ key: 'Escape', focus: 'terminal' }, true)).toBe('leave-terminal');
    expect(presenterAction({ key: 'Escape', focus: 'terminal' }, false)).toBeUndefined();
    expect(presenterAction({ key: 'ArrowRight', focus: 'field' }, true)).toBeUndefined();
    expect(presenterAction({ key: 'n', focus: 'page', ctrlKey: true }, true)).toBeUndefined();
  });
});
