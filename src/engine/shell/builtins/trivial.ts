// true, false and `:`: they ignore their arguments (bash prints no help for them).

import { BUILTIN_HELP } from './help-texts.ts';
import type { Builtin } from './types.ts';

export const trueBuiltin: Builtin = {
  name: 'true',
  summary: 'Return a successful result.',
  help: BUILTIN_HELP['true'],
  run: () => 0,
};

export const falseBuiltin: Builtin = {
  name: 'false',
  summary: 'Return an unsuccessful result.',
  help: BUILTIN_HELP['false'],
  run: () => 1,
};

export const colon: Builtin = {
  name: ':',
  summary: 'Null command.',
  help: BUILTIN_HELP[':'],
  run: () => 0,
};
