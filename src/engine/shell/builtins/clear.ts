// clear: /usr/bin/clear, as a builtin stand-in (it only needs to write the escape sequence).

import type { Builtin } from './types.ts';

export const clear: Builtin = {
  name: 'clear',
  summary: 'clear the terminal screen',
  path: '/usr/bin/clear',
  run(ctx) {
    ctx.out('\x1b[H\x1b[2J');
    return 0;
  },
};
