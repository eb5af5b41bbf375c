// Every builtin the shell provides.

import { alias, unalias } from './alias.ts';
import { cd, pwd } from './cd.ts';
import { clear } from './clear.ts';
import { echo } from './echo.ts';
import { dot, evalBuiltin, sourceBuiltin } from './eval.ts';
import { exit } from './exit.ts';
import { exportBuiltin, unset } from './export.ts';
import { local, returnBuiltin, shift } from './func.ts';
import { help } from './help.ts';
import { history } from './history.ts';
import { breakBuiltin, continueBuiltin } from './loop.ts';
import { printf } from './printf.ts';
import { read } from './read.ts';
import { set } from './set.ts';
import { bracket, test } from './test.ts';
import { colon, falseBuiltin, trueBuiltin } from './trivial.ts';
import { type, which } from './type.ts';
import type { Builtin } from './types.ts';

export const BUILTINS: Builtin[] = [
  alias, unalias, cd, pwd, clear, echo, evalBuiltin, sourceBuiltin, dot, exit, exportBuiltin, unset, help,
  breakBuiltin, continueBuiltin, printf, read, test, bracket, colon, trueBuiltin, falseBuiltin, type, which,
  returnBuiltin, local, shift, set, history,
];
