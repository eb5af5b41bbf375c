// `ssh NODE` (OpenSSH 9.2 client): a shell on a kind node, or one command run there.

import type { CommandDescriptor, CommandResult } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';

const USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
`;

/** Options that take an argument (the next word). */
const WITH_ARG = 'BbcDEeFIiJLlmOopQRSWw';

export function sshCommand(
  enter: (node: string) => void,
  runOnNode?: (node: string, line: string, tty?: boolean) => CommandResult,
): CommandDescriptor<Simulation> {
  return {
    name: 'ssh',
    summary: 'open a shell on a node (OpenSSH client)',
    help: USAGE,
    ownHelp: true,
    run(ctx) {
      const args = ctx.args;
      let i = 0;
      let tty = false;
      for (; i < args.length; i++) {
        const a = args[i] as string;
        if (!a.startsWith('-') || a === '-') break;
        if (a === '-V') return { stdout: '', stderr: 'OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.17 1 Jul 2025\n', exitCode: 0 };
        const letter = a[1] as string;
        if (!/^[46AaCfGgKkMNnqsTtVvXxYyBbcDEeFIiJLlmOopQRSWw]$/.test(letter)) {
          return { stdout: '', stderr: `unknown option -- ${letter}\n${USAGE}`, exitCode: 255 };
        }
        if (WITH_ARG.includes(letter) && a.length === 2) i++;
        // -t (also in a cluster such as -tt or -qt) allocates a terminal: Ctrl-C reaches the command.
        else if (!WITH_ARG.includes(letter) && a.slice(1).includes('t')) tty = true;
      }
      const dest = args[i];
      if (dest === undefined) return { stdout: '', stderr: USAGE, exitCode: 255 };
      const host = dest.replace(/^[^@]*@/, '').replace(/^ssh:\/\//, '');
      const sim = ctx.world;
      const node = sim.scenario.nodes.find((n) => n.name === host || n.ip === host);
      if (!node) {
        if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
          return { stdout: '', stderr: `ssh: connect to host ${host} port 22: Connection refused\n`, exitCode: 255 };
        }
        return { stdout: '', stderr: `ssh: Could not resolve hostname ${host}: Name or service not known\n`, exitCode: 255 };
      }
      const command = args.slice(i + 1);
      if (command.length === 0) {
        enter(node.name);
        return { stdout: '', stderr: '', exitCode: 0 };
      }
      // ssh joins the words with spaces and the remote shell parses them again.
      const line = command.join(' ');
      return runOnNode ? runOnNode(node.name, line, tty) : { stdout: '', stderr: '', exitCode: 0 };
    },
  };
}
