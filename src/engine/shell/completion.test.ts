import { describe, expect, it } from 'vitest';
import { createStandardRegistry } from './commands/index.ts';
import { MemoryFileSystem } from './fs.ts';
import { Shell } from './interpreter.ts';
import type { CommandDescriptor } from './types.ts';

const kubectl: CommandDescriptor<{ pods: string[] }> = {
  name: 'kubectl',
  summary: 'kubectl controls the Kubernetes cluster manager',
  help: '',
  ownHelp: true,
  flags: [
    { name: 'namespace', short: 'n', takesValue: true, description: '' },
    { name: 'output', short: 'o', takesValue: true, description: '' },
  ],
  complete(words, world) {
    if (words.length === 2) return ['apply', 'get', 'delete', 'describe'];
    if (words[1] === 'get' && words.length === 3) return ['pods', 'services'];
    if (words[1] === 'get' && words[2] === 'pods' && words.length === 4) return world.pods;
    return [];
  },
  run: () => ({ stdout: '', stderr: '', exitCode: 0 }),
};

function shell(): Shell<{ pods: string[] }> {
  const registry = createStandardRegistry<{ pods: string[] }>().register(kubectl);
  const fs = new MemoryFileSystem({
    files: { '/root/deploy.yaml': '', '/root/demo/svc.yaml': '', '/root/.hidden': '', '/root/my file.txt': '' },
  });
  return new Shell({ registry, world: { pods: ['web-1', 'web-2', 'db-0'] }, fs });
}

const at = (sh: Shell<{ pods: string[] }>, line: string) => sh.complete(line, line.length);

describe('completion', () => {
  const sh = shell();
  it.each([
    ['ku', 0, ['kubectl']],
    ['ca', 0, ['case', 'cat']],
    ['kubectl ', 8, ['apply', 'delete', 'describe', 'get']],
    ['kubectl d', 8, ['delete', 'describe']],
    ['kubectl get p', 12, ['pods']],
    ['kubectl get pods web', 17, ['web-1', 'web-2']],
    ['kubectl --n', 8, ['--namespace']],
    ['kubectl -', 8, ['--namespace', '--output', '-n', '-o']],
    ['kubectl apply -f d', 17, ['demo/', 'deploy.yaml']],
    ['kubectl apply -f demo/', 17, ['demo/svc.yaml']],
    ['cat ', 4, ['demo/', 'deploy.yaml', 'my\\ file.txt']],
    ['cat .h', 4, ['.hidden']],
    ['cat ~/de', 4, ['~/demo/', '~/deploy.yaml']],
    ['ls /r', 3, ['/root/']],
    ['echo $HO', 5, ['$HOME', '$HOSTNAME']],
    ['echo ${HO', 5, ['${HOME}', '${HOSTNAME}']],
    ['kubectl get pods | gr', 19, ['grep']],
    ['echo a; ku', 8, ['kubectl']],
    ['X=1 ku', 4, ['kubectl']],
    ['cat > dep', 6, ['deploy.yaml']],
    ['echo $(ku', 7, ['kubectl']],
    ['grep -', 5, []],
  ])('%j', (line, start, candidates) => {
    expect(at(sh, line)).toEqual({ start, candidates });
  });

  it('completes in the middle of a line, up to the cursor', () => {
    expect(sh.complete('kubectl g pods', 9)).toEqual({ start: 8, candidates: ['get'] });
  });

  it('follows aliases to the command they name', () => {
    const s = shell();
    s.execute("alias k=kubectl kgp='kubectl get pods'");
    expect(at(s, 'k g')).toEqual({ start: 2, candidates: ['get'] });
    expect(at(s, 'kgp d')).toEqual({ start: 4, candidates: ['db-0'] });
    expect(at(s, 'kg')).toEqual({ start: 0, candidates: ['kgp'] });
  });
});
