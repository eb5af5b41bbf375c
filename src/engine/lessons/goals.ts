// The learner's one-line goal for a check: its `description`, or a sentence made from it.

import type { CheckSpec } from './types.ts';

const REACH_TEXT: Record<string, string> = {
  'ready-pod': 'reaches a ready pod',
  refused: 'is refused',
  timeout: 'times out',
  unreachable: 'fails as unreachable',
};

export function goalOf(c: CheckSpec): string {
  if (c.description) return c.description;
  switch (c.kind) {
    case 'ran':
      return `Run a command matching /${c.pattern}/`;
    case 'output': {
      const wants: string[] = [];
      if (c.lines !== undefined) wants.push(`prints ${c.lines} line${c.lines === 1 ? '' : 's'}`);
      if (c.matches !== undefined) wants.push(`prints a match for /${c.matches}/`);
      if (c.equals !== undefined) wants.push('prints the expected text');
      if (c.exitCode !== 0 || wants.length === 0) wants.push(`exits with status ${c.exitCode}`);
      return `\`${c.command}\` ${wants.join(' and ')}`;
    }
    case 'object': {
      const where = c.namespace === 'default' ? c.object : `${c.object} in namespace ${c.namespace}`;
      if (c.path === undefined) return c.absent ? `${where} does not exist` : `${where} exists`;
      if (c.absent) return `${where} has no ${c.path}`;
      if (c.equals !== undefined) return `${where} ${c.path} is ${c.equals}`;
      if (c.matches !== undefined) return `${where} ${c.path} matches /${c.matches}/`;
      return `${where} has ${c.path}`;
    }
    case 'count': {
      const n = c.equals !== undefined ? `${c.equals}` : c.atLeast !== undefined && c.atMost !== undefined ? `${c.atLeast} to ${c.atMost}` : c.atLeast !== undefined ? `at least ${c.atLeast}` : `at most ${c.atMost}`;
      const sel = c.selector ? ` with ${c.selector}` : '';
      return `${n} ${c.resource}${sel} in namespace ${c.namespace}`;
    }
    case 'trace':
      return `A ${c.protocol} connection from ${c.from} to ${c.to} ${REACH_TEXT[c.reaches]}${c.podLabel ? ` (${c.podLabel})` : ''}`;
    case 'requests':
      return `${c.reached === c.total ? 'All' : `At least ${c.reached} of`} ${c.total} requests from ${c.from} to ${c.to} reach a ready pod`;
  }
}
