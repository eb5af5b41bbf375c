// The extension interface shared by the match and target modules the simulation knows.
import type { Getopt } from './getopt.ts';
import type { OptEntry, OptVal } from './xtopt.ts';
import type { Family } from '../types.ts';

/** What an extension's parser may look at besides its own option (cs->fw at that moment). */
export interface ParseEnv {
  /** `-p` given so far (0: none) and whether it is inverted */
  proto: number;
  protoInvert: boolean;
  /** for options taking a second argument (`--tcp-flags MASK COMP`) */
  argv: string[];
  getopt: Getopt;
  /** iptables (ipv4) or ip6tables (ipv6): extensions registered per NFPROTO differ */
  family: Family;
}

export interface Extension<S = unknown, R = unknown> {
  name: string;
  entries: OptEntry[];
  /**
   * Old-style parsers (tcp, sctp) do their own checks: no generic "used once"/"cannot be
   * inverted" handling and the raw argument is passed.
   */
  legacy?: boolean;
  init(): S;
  parse(st: S, entry: OptEntry, val: OptVal, arg: string, invert: boolean, env: ParseEnv): void;
  /** x6_fcheck / final_check, called before the generic option check */
  fcheck?(st: S, xflags: number): void;
  result(st: S): R;
}
