// Errors as iptables 1.8.9 (nf_tables) prints them. The parser throws an XtError internally
// (the C code exits from deep inside option parsing); public functions catch it and return text.

export const VERSION = '1.8.9 (nf_tables)';

/**
 * kind:
 * - 'param': xtables_error(PARAMETER_PROBLEM): "<prog> v1.8.9 (nf_tables): <msg>\n" + trailer, exit 2
 * - 'tryhelp': a bare line then the trailer (e.g. "Bad argument `x'"), exit 2
 * - 'version': VERSION_PROBLEM, "Perhaps <prog> or your kernel needs to be upgraded.", exit 3
 * - 'plain': printed as is, no trailer (e.g. "iptables: Chain already exists.")
 */
export type XtErrorKind = 'param' | 'tryhelp' | 'version' | 'plain';

export class XtError extends Error {
  constructor(
    readonly kind: XtErrorKind,
    readonly msg: string,
    readonly exitCode: number,
  ) {
    super(msg);
  }
}

export const paramError = (msg: string): XtError => new XtError('param', msg, 2);
export const tryHelpError = (line: string): XtError => new XtError('tryhelp', line, 2);

/** Renders an error the way `prog` prints it; `line` is the restore line ("Error occurred at line: N"). */
export function renderError(err: XtError, prog: string, line?: number): string {
  const trailer =
    (line !== undefined ? `Error occurred at line: ${line}\n` : '') +
    `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
  switch (err.kind) {
    case 'param':
      return `${prog} v${VERSION}: ${err.msg}\n${trailer}`;
    case 'tryhelp':
      return err.msg === '' ? trailer : `${err.msg}\n${trailer}`;
    case 'version':
      return `${prog} v${VERSION}: ${err.msg}\nPerhaps ${prog} or your kernel needs to be upgraded.\n`;
    case 'plain':
      return err.msg;
  }
}

/** Result of an operation that may fail with iptables' own text. */
export type OpResult = { ok: true } | { ok: false; stderr: string; exitCode: number };

export const fail = (stderr: string, exitCode: number): OpResult => ({ ok: false, stderr, exitCode });

/** nft_strerror() texts for the iptables command: "iptables: <text>.\n", exit 1. */
export const NFT_MSG = {
  noChain: 'No chain/target/match by that name',
  chainExists: 'Chain already exists',
  badRule: 'Bad rule (does a matching rule exist in that chain?)',
  deleteTooBig: 'Index of deletion too big',
  insertTooBig: 'Index of insertion too big',
  replaceTooBig: 'Index of replacement too big',
  dirNotEmpty: 'Directory not empty',
  fileExists: 'File exists',
  badBuiltin: 'Bad built-in chain name',
  badPolicy: 'Bad policy name',
} as const;

/** A kernel (netlink batch) error, e.g. EBUSY on CHAIN_DEL. */
export interface KernelError {
  op: 'CHAIN_DEL' | 'CHAIN_RENAME' | 'RULE_APPEND' | 'RULE_INSERT' | 'RULE_REPLACE' | 'RULE_DELETE' | 'CHAIN_USER_ADD';
  errno: 'EBUSY' | 'EINVAL' | 'ENOENT' | 'EEXIST' | 'EMLINK';
  /** "chain FOO" or "rule in chain FOO" */
  what: string;
  /** restore line of the command (0 for the iptables command) */
  line: number;
}

const STRERROR: Record<KernelError['errno'], string> = {
  EBUSY: 'Device or resource busy',
  EINVAL: 'Invalid argument',
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  EMLINK: 'Too many links',
};

/**
 * nft_action() error text. The iptables command shows only the first error
 * (" OP failed (…): what"); iptables-restore shows each as "\nline N: OP failed (…): what".
 * RESOURCE_PROBLEM: exit 4, no trailer.
 */
export function renderKernelErrors(errs: KernelError[], prog: string): string {
  let text = '';
  for (const e of errs) {
    const head = e.line ? `\nline ${e.line}: ` : ' ';
    text += `${head}${e.op} failed (${STRERROR[e.errno]}): ${e.what}`;
    if (!e.line) break;
  }
  return `${prog} v${VERSION}: ${text}\n`;
}
