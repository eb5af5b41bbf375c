// Presenter keys. The rule: they act only in presenter mode and only when focus is outside the
// terminal and outside any text field or menu (typing a command never plays, steps or speeds
// up anything). Esc inside the terminal (presenter mode) leaves it, so the keys work again;
// clicking the terminal goes back to typing.

export type PresenterAction = 'toggle-play' | 'forward' | 'back' | 'faster' | 'slower' | 'next' | 'slow-motion' | 'leave-terminal';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Where focus is: in the terminal (xterm's textarea), in another field/control that takes
   *  keys (input, select, textarea, contenteditable), or elsewhere. */
  focus: 'terminal' | 'field' | 'page';
}

export function presenterAction(e: KeyLike, present: boolean): PresenterAction | undefined {
  if (!present || e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.focus === 'terminal') return e.key === 'Escape' ? 'leave-terminal' : undefined;
  if (e.focus === 'field') return undefined;
  switch (e.key) {
    case ' ':
      return 'toggle-play';
    case 'ArrowRight':
      return 'forward';
    case 'ArrowLeft':
      return 'back';
    case '+':
    case '=':
      return 'faster';
    case '-':
    case '_':
      return 'slower';
    case 'n':
    case 'N':
      return 'next';
    case 's':
    case 'S':
      return 'slow-motion';
    default:
      return undefined;
  }
}

/** Classifies the focused element for `presenterAction`. */
export function focusOf(el: Element | null): KeyLike['focus'] {
  if (!el) return 'page';
  if (el.closest('.xterm, [data-testid="terminal"]')) return 'terminal';
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable) return 'field';
  return 'page';
}
