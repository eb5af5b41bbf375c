// gateCommand: a lesson's `commands:` allow/deny list, applied to every simple command a line
// would run (pipelines, lists, substitutions, and what wrappers run), with bash's wording.

import { describe, expect, it } from 'vitest';
import { GATED_EXIT_CODE, gateCommand } from '../../src/engine/lessons/index.ts';

const no = (name: string): string => `bash: ${name}: command not available in this lesson\n`;
const deny = { disable: ['iptables', 'iptables-save', 'nslookup'] };
const allow = { allow: ['kubectl', 'grep'] };

describe('gateCommand', () => {
  it('allows everything without a gate', () => {
    expect(gateCommand(undefined, 'iptables -F')).toBeUndefined();
    expect(gateCommand({}, 'iptables -F')).toBeUndefined();
    expect(GATED_EXIT_CODE).toBe(127);
  });

  it('refuses a disabled command, naming it as typed', () => {
    expect(gateCommand(deny, 'iptables -t nat -L')).toBe(no('iptables'));
    expect(gateCommand(deny, '/usr/sbin/iptables-save')).toBe(no('/usr/sbin/iptables-save'));
    expect(gateCommand(deny, 'kubectl get pods')).toBeUndefined();
    // An argument is not a command.
    expect(gateCommand(deny, 'echo iptables')).toBeUndefined();
    expect(gateCommand(deny, "grep -c 'iptables' file")).toBeUndefined();
  });

  it('checks every stage of pipelines and lists, and substitutions', () => {
    expect(gateCommand(deny, 'kubectl get pods | iptables-save')).toBe(no('iptables-save'));
    expect(gateCommand(deny, 'true && nslookup auth-service; echo done')).toBe(no('nslookup'));
    expect(gateCommand(deny, 'false || { iptables -L; }')).toBe(no('iptables'));
    expect(gateCommand(deny, 'echo "$(iptables-save | wc -l)"')).toBe(no('iptables-save'));
    expect(gateCommand(deny, 'echo `nslookup x`')).toBe(no('nslookup'));
    expect(gateCommand(deny, 'for i in 1 2; do iptables -L; done')).toBe(no('iptables'));
    expect(gateCommand(deny, 'if true; then echo ${X:-$(nslookup a)}; fi')).toBe(no('nslookup'));
  });

  it('checks the command a wrapper runs', () => {
    expect(gateCommand(deny, 'sudo iptables -L')).toBe(no('iptables'));
    expect(gateCommand(deny, 'ssh kind-worker iptables-save')).toBe(no('iptables-save'));
    expect(gateCommand(deny, "ssh -t kind-worker 'iptables-save | grep KUBE'")).toBe(no('iptables-save'));
    expect(gateCommand(deny, 'docker exec -it kind-worker iptables -L')).toBe(no('iptables'));
    expect(gateCommand(deny, 'kubectl exec client -- nslookup auth-service')).toBe(no('nslookup'));
    expect(gateCommand(deny, "sh -c 'iptables -L'")).toBe(no('iptables'));
    expect(gateCommand(deny, 'eval iptables -L')).toBe(no('iptables'));
    expect(gateCommand(deny, 'echo x | xargs nslookup')).toBe(no('nslookup'));
    expect(gateCommand(deny, 'ssh kind-worker')).toBeUndefined();
    expect(gateCommand(deny, 'docker exec -it kind-worker bash')).toBeUndefined();
  });

  it('with an allow list refuses the rest, keeps exit, and refuses computed names', () => {
    expect(gateCommand(allow, 'kubectl get pods | grep Running')).toBeUndefined();
    expect(gateCommand(allow, 'kubectl get pods | wc -l')).toBe(no('wc'));
    expect(gateCommand(allow, 'exit')).toBeUndefined();
    expect(gateCommand(allow, '$CMD get pods')).toBe(no('$CMD'));
    expect(gateCommand(deny, '$CMD get pods')).toBeUndefined();
  });

  it('lets a line that does not parse through (the shell reports the syntax error)', () => {
    expect(gateCommand(deny, 'iptables -L |')).toBeUndefined();
    expect(gateCommand(deny, "echo 'unterminated")).toBeUndefined();
  });
});
